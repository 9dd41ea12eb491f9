"""Stage render: templates, formatting and defaults (no PDF)."""

from __future__ import annotations

import datetime as dt

import pytest

from saraban.letters.etiquette import closing_for, pairs, salutation_for
from saraban.letters.render import address_line, parse_body, render_letter
from saraban.letters.spec import load_spec
from saraban.tables import Row

from helpers import letter_variant


@pytest.mark.parametrize("recipient, salutation, closing", [
    ("ผู้ว่าราชการจังหวัดเชียงใหม่", "เรียน", "ขอแสดงความนับถือ"),
    ("นายกรัฐมนตรี", "กราบเรียน", "ขอแสดงความนับถืออย่างยิ่ง"),
    ("ประธานศาลฎีกา", "กราบเรียน", "ขอแสดงความนับถืออย่างยิ่ง"),
    ("พระธรรมโกศาจารย์", "นมัสการ", "ขอนมัสการด้วยความเคารพอย่างสูง"),
    ("พระครูสมุห์สมชาย", "นมัสการ", "ขอนมัสการด้วยความเคารพ"),
    ("ผู้ว่าราชการจังหวัดพระนครศรีอยุธยา", "เรียน", "ขอแสดงความนับถือ"),
])
def test_salutation_and_closing_pairs(recipient, salutation, closing):
    assert salutation_for(recipient) == salutation
    assert closing_for(salutation, recipient) == closing
    assert pairs(salutation, closing)
    assert not pairs("เรียน", "ขอแสดงความนับถืออย่างยิ่ง")


def test_body_paragraphs_items_bold_and_joins():
    body = parse_body("บรรทัดแรก\nต่อกัน\n\nข้อความ **สำคัญ** มาก\n1. ข้อหนึ่ง\n2. ข้อสอง\nwith Latin\ntext\n\nบังคับ\\\nขึ้นบรรทัดใหม่")
    texts = [p.text for p in body]
    assert texts == ["บรรทัดแรกต่อกัน", "ข้อความ สำคัญ มาก", "1. ข้อหนึ่ง", "2. ข้อสอง with Latin text",
                     "บังคับ\nขึ้นบรรทัดใหม่"]
    assert [s.bold for s in body[1].spans] == [False, True, False]


def test_formatting_of_the_seed(tmp_path):
    letter = render_letter(load_spec(letter_variant(tmp_path)))
    assert letter.number == "มท ๐๘๑๐.๗/ว ๔๔๑๙"
    assert letter.date == dt.date(2021, 11, 25) and letter.date_text == "๒๕ พฤศจิกายน ๒๕๖๔"
    assert letter.references == (
        "หนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๘๑๐.๗/ว ๓๕๕๗ ลงวันที่ ๑๖ พฤศจิกายน ๒๕๖๓",
        "หนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๘๑๐.๗/ว ๒๕๒๒ ลงวันที่ ๒๙ ตุลาคม ๒๕๖๔")
    assert letter.salutation == "เรียน" and letter.closing == "ขอแสดงความนับถือ"
    assert letter.enclosures[0].quantity == "๑ ชุด"
    assert letter.enclosures[0].qr == "https://www.dla.go.th/servlet/EbookServlet"  # payload untouched
    assert letter.contact[1] == "โทร. ๐\u00a0๒๒๔๑\u00a0๙๐๐๐ ต่อ ๒๓๒๒ โทรสาร ๐\u00a0๒๒๔๑\u00a0๖๙๕๖"
    assert letter.contact[2] == "ไปรษณีย์อิเล็กทรอนิกส์ saraban@dla.go.th"
    assert "(www.dla.go.th)" in letter.body[1].text and "๒๕๖๓" in letter.body[1].text


def test_arabic_digits_when_asked(tmp_path):
    spec = letter_variant(tmp_path, {'kind = "external"': 'kind = "external"\nthai_digits = false'})
    letter = render_letter(load_spec(spec))
    assert letter.number == "มท 0810.7/ว 4419" and letter.date_text == "25 พฤศจิกายน 2564"


def test_merge_overrides_and_templates(tmp_path):
    spec = letter_variant(tmp_path, append='\n[merge]\ndata = "p.csv"\nrecipient = "ผู้ว่าราชการจังหวัด{{ name_th }}"\n')
    (tmp_path / "p.csv").write_text("code,name_th\nTH-50,เชียงใหม่\n", encoding="utf-8")
    s = load_spec(spec)
    letter = render_letter(s, Row({"code": "TH-50", "name_th": "เชียงใหม่"}, 2))
    assert letter.recipient == "ผู้ว่าราชการจังหวัดเชียงใหม่"
    assert letter.metadata.keywords == "ผู้ว่าราชการจังหวัดเชียงใหม่"


def test_sandbox_blocks_python_internals(tmp_path):
    from saraban.errors import InputError

    spec = letter_variant(tmp_path, {"จึงเรียนมาเพื่อโปรดพิจารณา": "{{ ''.__class__.__mro__[1].__subclasses__() }}"})
    with pytest.raises(InputError, match="template error"):
        render_letter(load_spec(spec))


@pytest.mark.parametrize("line, expected", [
    ("ถนนนครราชสีมา เขตดุสิต กทม. ๑๐๓๐๐", "ถนนนครราชสีมา เขตดุสิต กทม.\u00a0๑๐๓๐๐"),
    ("ถนนห้วยแก้ว อำเภอเมือง จังหวัดเชียงใหม่  50200", "ถนนห้วยแก้ว อำเภอเมือง จังหวัดเชียงใหม่\u00a050200"),
    ("๑๒๓ หมู่ ๔ ตำบลบ้านใหม่", "๑๒๓ หมู่ ๔ ตำบลบ้านใหม่"),             # no postcode: unchanged
    ("ตู้ ปณ. ๐๑๒๓๔ ถนนราชดำเนิน", "ตู้ ปณ. ๐๑๒๓๔ ถนนราชดำเนิน"),   # no postcode starts with 0
])
def test_postcode_keeps_with_its_province(line, expected):
    assert address_line(line) == expected


def test_postcode_is_never_alone_on_an_owner_line(tmp_path):
    from saraban.letters.build import build_letters

    from helpers import find_line, pdf_lines

    build_letters(letter_variant(tmp_path), tmp_path / "x.pdf")
    lines = pdf_lines(tmp_path / "x.pdf", 1)
    owner = [l for l in lines if l["x0"] > 12.9 and l["baseline"] < find_line(lines, "๒๕ พฤศจิกายน")["baseline"]]
    assert [l["text"].replace("\u00a0", " ") for l in owner][-1] == "กทม. ๑๐๓๐๐"
    assert all(l["x1"] <= 19.0 + 0.01 for l in owner)
