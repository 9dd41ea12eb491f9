"""Body markup read by markdown-it-py: items and their levels, emphasis, tables, what is not
supported (findings with lines, never literal markup), and how it lands on the page."""

from __future__ import annotations

import re

import pytest

from saraban.letters.build import build_letters
from saraban.letters.lint import WARNING, check_letter
from saraban.markup import BodyParagraph, BodyTable, parse_markup

from helpers import CM, letter_variant, pdf_lines, pdftotext_pages, squash

NESTED_INDENTED = """ให้ดำเนินการดังนี้
1. ข้อหนึ่ง
   1.1 ย่อยหนึ่ง
      (1) ย่อยย่อย
      (2) ย่อยย่อยสอง
   1.2 ย่อยสอง
2. ข้อสอง
"""
NESTED_FLAT = "\n".join(line.strip() for line in NESTED_INDENTED.splitlines())


def _tree(text):
    return [(b.label, b.level, b.content) for b in parse_markup(text).blocks if b.role == "item"]


def test_nested_items_indented_or_flat_give_one_tree():
    expected = [("1.", 0, "ข้อหนึ่ง"), ("1.1", 1, "ย่อยหนึ่ง"), ("(1)", 2, "ย่อยย่อย"),
                ("(2)", 2, "ย่อยย่อยสอง"), ("1.2", 1, "ย่อยสอง"), ("2.", 0, "ข้อสอง")]
    assert _tree(NESTED_INDENTED) == expected
    assert _tree(NESTED_FLAT) == expected
    thai = _tree("๑. ก\n๑.๑ ข\n(๑) ค\n๒. ง")
    assert thai == [("๑.", 0, "ก"), ("๑.๑", 1, "ข"), ("(๑)", 2, "ค"), ("๒.", 0, "ง")]


def test_a_decimal_at_the_start_of_a_line_is_not_an_item():
    [block] = parse_markup("งบประมาณ\n1.5 ล้านบาท").blocks
    assert block.role == "paragraph" and block.text == "งบประมาณ 1.5 ล้านบาท"


def test_emphasis_underline_code_and_joins():
    body = parse_markup("ข้อ **หนา** *เอียง* <u>ขีดเส้นใต้</u> `TH-50 1234`\nต่อ\\\nบรรทัดใหม่",
                        digits=lambda s: s.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")))
    [p] = body.blocks
    styles = [(s.text, s.bold, s.italic, s.underline) for s in p.spans]
    assert ("หนา", True, False, False) in styles and ("เอียง", False, True, False) in styles
    assert ("ขีดเส้นใต้", False, False, True) in styles
    assert "TH-50 1234" in p.text          # a code span keeps its digits
    assert p.text.endswith("ต่อ\nบรรทัดใหม่")
    assert not body.findings


def test_unsupported_markup_is_reported_with_its_line_and_never_printed():
    text = "ย่อหน้าแรก\n\n# หัวข้อ\n\nดูที่ [เว็บไซต์](https://www.dla.go.th) และ *ดาวลอย\n\n> อ้างอิง\n\n<div>กล่อง</div>\n"
    body = parse_markup(text)
    lines: dict[int, str] = {}
    for f in body.findings:
        lines[f.line] = lines.get(f.line, "") + f.message
    assert "heading" in lines[3] and "link" in lines[5] and "asterisk" in lines[5]
    assert "quotation" in lines[7] and "HTML" in lines[9]
    printed = "\n".join(b.text for b in body.blocks)
    assert not re.search(r"[*#>\[\]]|<div", printed), printed
    assert "เว็บไซต์" in printed and "ดาวลอย" in printed and "กล่อง" in printed


def test_tables_cells_alignment_widths():
    body = parse_markup("| จังหวัด | จำนวน | ร้อยละ |\n|--------|--|:-:|\n| น่าน | 1,234 | 12.5 |\n| ตาก | 7 | - |\n")
    [table] = body.blocks
    assert isinstance(table, BodyTable)
    assert [c.text for c in table.header[0]] == ["จังหวัด", "จำนวน", "ร้อยละ"]
    assert [c.align for c in table.rows[0]] == ["left", "right", "center"]   # numbers right, :-: centre
    assert table.widths == pytest.approx((8 / 13, 2 / 13, 3 / 13))


def test_lint_reports_markup_at_the_body_line(tmp_path):
    spec = letter_variant(tmp_path, {"จึงเรียนมาเพื่อโปรดพิจารณา": "## หัวข้อ\n\nจึงเรียนมาเพื่อโปรดพิจารณา"})
    findings = [f for f in check_letter(spec) if f.level == WARNING and "heading" in f.message]
    line = next(n for n, l in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("## "))
    assert [f.location.line for f in findings] == [line]


ROWS = 45
TABLE_BODY = ("ตามที่ได้ขอให้รายงาน **ผลการดำเนินงาน** ของ <u>องค์กรปกครองส่วนท้องถิ่น</u> *ภายในกำหนด* นั้น\n\n"
              + NESTED_INDENTED + "\n| ลำดับ | องค์กรปกครองส่วนท้องถิ่น | จำนวนเรื่อง |\n|--|----------|---|\n"
              + "".join(f"| {n} | องค์การบริหารส่วนตำบลทดสอบ{n} | {n * 137:,} |\n" for n in range(1, ROWS + 1))
              + "\nจึงเรียนมาเพื่อโปรดพิจารณา")


@pytest.fixture(scope="module")
def table_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("table")
    spec = letter_variant(folder, append="")
    text = spec.read_text(encoding="utf-8")
    text = re.sub(r'body = """.*?"""', lambda m: 'body = """\n' + TABLE_BODY + '\n"""', text, flags=re.S)
    spec.write_text(text, encoding="utf-8")
    build_letters(spec, folder / "t.pdf")
    return folder / "t.pdf"


def test_items_are_indented_under_their_parents_text(table_pdf):
    lines = pdf_lines(table_pdf, 1)
    x = {squash(l["text"]).split(" ")[0]: l["x0"] for l in lines}
    assert x["๑."] == pytest.approx(5.5, abs=0.05)           # a top item at the body indent
    assert x["๑.๑"] > x["๑."] + 0.3 and x["(๑)"] > x["๑.๑"] + 0.3
    assert x["๑.๒"] == pytest.approx(x["๑.๑"], abs=0.02) and x["(๒)"] == pytest.approx(x["(๑)"], abs=0.02)
    # the sub-item's label starts where its parent's text starts
    one = next(l for l in lines if squash(l["text"]).startswith("๑. ข้อหนึ่ง"))
    assert one["x0"] < x["๑.๑"] < one["x0"] + 1.0


def test_table_rows_once_numbers_right_header_on_every_page(table_pdf):
    pages = pdftotext_pages(table_pdf)
    text = "\n".join(" ".join(p) for p in pages)
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    for n in range(1, ROWS + 1):
        assert text.count(f"ทดสอบ{str(n).translate(thai)} ") == 1
    table_pages = [k for k, p in enumerate(pages, 1) if any("ทดสอบ" in ln for ln in p)]
    assert len(table_pages) >= 2
    for k in table_pages:
        assert any(squash(ln).startswith("ลำดับ องค์กรปกครองส่วนท้องถิ่น จำนวนเรื่อง") for ln in pages[k - 1])
    assert "*" not in text and "<u>" not in text and "|" not in text
    # numbers end at one x: right-aligned in their column
    lines = pdf_lines(table_pdf, table_pages[0])
    ends = [l["x1"] for l in lines if re.fullmatch(r"[๐-๙,]+", squash(l["text"])) and l["x0"] > 15]
    assert len(ends) >= 5
    assert all(e == pytest.approx(19.0 - 2 / CM, abs=0.02) for e in ends), ends  # right edge less the padding


def test_underline_and_italic_are_drawn(table_pdf):
    import pdfplumber

    with pdfplumber.open(str(table_pdf)) as pdf:
        page = pdf.pages[0]
        assert page.lines or page.rects     # the underline (and the table rules) are drawn
        fonts = {c["fontname"] for c in page.chars}
    assert any("Italic" in f for f in fonts) and any("Bold" in f for f in fonts)
