import datetime as dt

import pytest

from saraban.thai.dates import parse_thai_date, thai_date, thai_time
from saraban.thai.numerals import baht_text, format_number, thai_digits_in_text, to_thai_digits


def test_thai_digits_everywhere_but_urls_emails_and_codes():
    src = "ที่ มท 0810.7/ว 1234 โทร 0 2241 9000 www.dla.go.th/p/2563 a1@dla.go.th TH-50"
    out = thai_digits_in_text(src)
    assert out == "ที่ มท ๐๘๑๐.๗/ว ๑๒๓๔ โทร ๐ ๒๒๔๑ ๙๐๐๐ www.dla.go.th/p/2563 a1@dla.go.th TH-50"


def test_format_number_groups_and_rounds_half_up():
    assert format_number(1234567.125, 2) == "๑,๒๓๔,๕๖๗.๑๓"
    assert format_number(85.005, 2, thai=False) == "85.01"
    assert format_number(-0.001, 2) == "๐.๐๐"
    assert format_number(7849) == "๗,๘๔๙"
    assert format_number(7849, grouping=False) == "๗๘๔๙"


def test_baht_text():
    assert baht_text(1234.5) == "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"
    assert baht_text(21) == "ยี่สิบเอ็ดบาทถ้วน"


def test_dates_in_every_style():
    d = dt.date(2020, 11, 16)
    assert thai_date(d) == "๑๖ พฤศจิกายน ๒๕๖๓"
    assert thai_date(d, style="memo") == "วันที่ ๑๖ พฤศจิกายน ๒๕๖๓"
    assert thai_date(d, style="order") == "๑๖ พฤศจิกายน พ.ศ. ๒๕๖๓"
    assert thai_date(d, style="short") == "๑๖ พ.ย. ๖๓"
    assert thai_date(d, thai=False) == "16 พฤศจิกายน 2563"
    assert thai_time(dt.time(13, 30)) == "๑๓.๓๐ น."


def test_parse_thai_date_round_trip_and_errors():
    for d in (dt.date(2021, 10, 29), dt.date(2024, 2, 29)):
        assert parse_thai_date(thai_date(d)) == d
    assert parse_thai_date("16 พ.ย. 2563") == dt.date(2020, 11, 16)
    with pytest.raises(ValueError):
        parse_thai_date("31 กุมภาพันธ์ 2564")
    with pytest.raises(ValueError):
        parse_thai_date("เมื่อวาน")


def test_to_thai_digits_is_total():
    assert to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"
