"""Template filters (thai_date, thai_digits, number, baht_text, thai_time), workbook date cells,
and a body table filled by a Jinja loop from a ``data`` file."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from saraban.errors import InputError, Location
from saraban.letters.render import render_letter
from saraban.letters.spec import load_spec
from saraban.markup import BodyTable
from saraban.tables import DateText, read_table
from saraban.templates import Templates

from helpers import letter_variant

AT = Location("t.toml", 1)


@pytest.mark.parametrize("template, expected", [
    ("{{ d | thai_date }}", "25 พฤศจิกายน 2564"),
    ("{{ d | thai_date('memo') }}", "วันที่ 25 พฤศจิกายน 2564"),
    ("{{ d | thai_date('order') }}", "25 พฤศจิกายน พ.ศ. 2564"),
    ("{{ d | thai_date('short') }}", "25 พ.ย. 64"),
    ("{{ d | thai_date('short-full') }}", "25 พ.ย. 2564"),
    ("{{ '25 พฤศจิกายน 2564' | thai_date('order') }}", "25 พฤศจิกายน พ.ศ. 2564"),
    ("{{ 'TH-50' | thai_digits }}", "TH-๕๐"),
    ("{{ '1234567.456' | number(2) }}", "1,234,567.46"),
    ("{{ '๑๒๓๔' | number }}", "1,234"),
    ("{{ 1234.5 | baht_text }}", "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
    ("{{ '13:30' | thai_time }}", "13.30 น."),
])
def test_filters(template, expected):
    assert Templates().render(template, {"d": dt.date(2021, 11, 25)}, AT) == expected


def test_a_filter_given_a_wrong_value_names_the_line():
    with pytest.raises(InputError, match="not a number: 'abc'") as info:
        Templates().render("x\n{{ 'abc' | number }}", {}, Location("t.toml", 10))
    assert info.value.location.line == 11


def test_workbook_date_cells_are_dates(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "deadline", "amount"])
    sheet.append(["TH-50", dt.datetime(2024, 9, 30), 1234])
    book.save(tmp_path / "d.xlsx")
    [row] = read_table(tmp_path / "d.xlsx").rows
    cell = row["deadline"]
    assert isinstance(cell, DateText) and cell.date == dt.date(2024, 9, 30)
    assert cell == "30 กันยายน 2567" and row["code"] == "TH-50"
    assert Templates().render("{{ x | thai_date('order') }}", {"x": cell}, AT) == "30 กันยายน พ.ศ. 2567"


def test_a_table_filled_by_a_loop_from_data(tmp_path):
    (tmp_path / "laos.csv").write_text("province,name,pending\nTH-50,อบต.แม่ริม,3\nTH-50,อบต.สันทราย,12\n"
                                       "TH-55,อบต.ปัว,1\n", encoding="utf-8")
    body = ("องค์กรปกครองส่วนท้องถิ่นที่ยังไม่รายงาน\n\n| ที่ | ชื่อ | ค้าง |\n|---|---|---|\n"
            "{% for l in laos if l.province == 'TH-50' %}| {{ loop.index }} | {{ l.name }} | {{ l.pending | number }} |\n"
            "{% endfor %}")
    spec = letter_variant(tmp_path, {'kind = "external"': 'kind = "external"\ndata = { laos = "laos.csv" }'})
    text = spec.read_text(encoding="utf-8")
    spec.write_text(re.sub(r'body = """.*?"""', 'body = """\n' + body + '\n"""', text, flags=re.S), encoding="utf-8")
    letter = render_letter(load_spec(spec))
    [table] = [b for b in letter.body if isinstance(b, BodyTable)]
    assert [[c.text for c in r] for r in table.rows] == [["๑", "อบต.แม่ริม", "๓"], ["๒", "อบต.สันทราย", "๑๒"]]
    assert [c.align for c in table.rows[1]] == ["right", "left", "right"]
