"""Issue 10, letter side: data that used to give a wrong letter with exit status 0 — a CSV quote
never closed, a decimal comma, a C.E. year where B.E. is meant, a Windows-1252 file read as Thai,
an empty cell printed as nothing.  Each bad input is made here; the build must stop with exit 1,
name the data file, its line (or sheet row) and column, and write nothing."""

from __future__ import annotations

import datetime as _dt

import pytest

from saraban.cli import main
from saraban.errors import InputError
from saraban.letters.build import build_letters
from saraban.letters.lint import check_letter
from saraban.tables import read_table

from helpers import letter_variant, pdftotext

MERGE = '\n[merge]\ndata = "rows.csv"\nfilename = "{{ code }}"\nrecipient = "ผู้ว่าราชการจังหวัด{{ name_th }}"\n'
CLOSING = "จึงเรียนมาเพื่อโปรดพิจารณา"


def merge_spec(tmp_path, csv: bytes | str, body_line: str | None = None, merge_extra: str = "",
               name: str = "rows.csv"):
    changes = {CLOSING: f"{body_line}\n\n{CLOSING}"} if body_line else {}
    spec = letter_variant(tmp_path, changes, MERGE.replace("rows.csv", name) + merge_extra)
    data = tmp_path / name
    if isinstance(csv, str):
        data.write_text(csv, encoding="utf-8")
    else:
        data.write_bytes(csv)
    return spec


def refused(spec, tmp_path, capsys) -> str:
    """The build's message; checks that the command exits 1 and writes nothing."""
    out = tmp_path / "out"
    with pytest.raises(InputError) as err:
        build_letters(spec, out)
    assert main(["letter", str(spec), "-o", str(out), "--no-progress"]) == 1
    assert str(err.value) in capsys.readouterr().err
    assert not out.exists()
    return str(err.value)


def line_of(path, needle) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if needle in line)


# -- 1. a CSV quote never closed -----------------------------------------------------------------
def test_an_unclosed_quote_is_an_error_naming_its_line(tmp_path, capsys):
    spec = merge_spec(tmp_path, 'code,name_th,governor\nTH-50,"เชียงใหม่,x\nTH-30,นครราชสีมา,y\n')
    message = refused(spec, tmp_path, capsys)
    assert f"{tmp_path / 'rows.csv'}, line 2: a quote (\") opened in this row is never closed" in message


@pytest.mark.parametrize("csv, line", [
    ('code,name_th\nTH-50,"เชียงใหม่"x\nTH-30,นครราชสีมา\n', 2),          # text after a closing quote
    ('code,name_th\nTH-50,เชียงใหม่\nTH-30,"นครราชสีมา\nTH-90,"สงขลา"\n', 3),  # swallows a row, then closes
])
def test_quotes_that_swallow_or_break_rows(tmp_path, csv, line):
    path = tmp_path / "rows.csv"
    path.write_text(csv, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_table(path)
    assert err.value.location.line == line


def test_quoted_cells_with_commas_and_newlines_still_read(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text('code,address\nTH-50,"1 ถนน, ตำบล\nอำเภอ ""เมือง"""\nTH-30,x\n', encoding="utf-8")
    table = read_table(path)
    assert [r["address"] for r in table.rows] == ['1 ถนน, ตำบล\nอำเภอ "เมือง"', "x"]
    assert [r.line for r in table.rows] == [2, 4]


# -- 4. numbers ----------------------------------------------------------------------------------
@pytest.mark.parametrize("cell, words", [
    ("8,5", "'8,5' has a comma that does not group thousands in threes"),
    ("85,5", "'85,5' has a comma"),
    ("1,23", "'1,23' has a comma"),
    ("8_5", "'8_5' is not one number"),
    ("8 5", "'8 5' is not one number"),
    ("1e2", "not a number: '1e2'"),
    ("NaN", "not a number: 'NaN'"),
])
def test_a_number_the_filter_would_misread_names_the_cell(tmp_path, capsys, cell, words):
    spec = merge_spec(tmp_path, f'code,name_th,amount\nTH-50,เชียงใหม่,"{cell}"\n',
                      "จำนวนเงิน {{ amount | number(2) }} บาท")
    message = refused(spec, tmp_path, capsys)
    assert message.startswith(f"{tmp_path / 'rows.csv'}, line 2, column amount: {words}")
    assert f"used by the template at {spec}, line {line_of(spec, 'amount | number')}" in message


@pytest.mark.parametrize("cell, printed", [("1,234.5", "๑,๒๓๔.๕๐"), ("๘.๕", "๘.๕๐"), ("12", "๑๒.๐๐"),
                                           ("1,234,567", "๑,๒๓๔,๕๖๗.๐๐")])
def test_numbers_as_offices_type_them_are_printed(tmp_path, cell, printed):
    spec = merge_spec(tmp_path, f'code,name_th,amount\nTH-50,เชียงใหม่,"{cell}"\n',
                      "จำนวนเงิน {{ amount | number(2) }} บาท")
    build_letters(spec, tmp_path / "out")
    assert f"จำนวนเงิน {printed} บาท" in pdftotext(tmp_path / "out" / "TH-50.pdf")


def test_baht_text_refuses_a_decimal_comma(tmp_path, capsys):
    spec = merge_spec(tmp_path, 'code,name_th,amount\nTH-50,เชียงใหม่,"1,5"\n', "({{ amount | baht_text }})")
    assert "column amount: '1,5' has a comma" in refused(spec, tmp_path, capsys)


# -- 5. years ------------------------------------------------------------------------------------
def test_a_thai_date_with_a_ce_year_is_an_error(tmp_path, capsys):
    spec = letter_variant(tmp_path, {"date = 2021-11-25": 'date = "25 พฤศจิกายน 2021"'})
    with pytest.raises(InputError) as err:
        build_letters(spec, tmp_path / "o.pdf")
    assert str(err.value) == (f"{spec}, line {line_of(spec, 'date = ')}: '25 พฤศจิกายน 2021': the year 2021 is "
                              "not a Buddhist Era year — a Thai date gives the year in B.E. = C.E. + 543 "
                              "(2021 C.E. is B.E. 2564)")
    assert not (tmp_path / "o.pdf").exists()


def test_an_iso_date_with_a_be_year_is_an_error(tmp_path):
    spec = letter_variant(tmp_path, {"date = 2021-11-25": "date = 2564-11-25"})
    with pytest.raises(InputError, match="the year 2564 looks like a Buddhist Era year.*write 2021-11-25"):
        build_letters(spec, tmp_path / "o.pdf")


def test_a_ce_year_in_a_date_cell_names_the_cell(tmp_path, capsys):
    spec = merge_spec(tmp_path, "code,name_th,sent\nTH-50,เชียงใหม่,25 พฤศจิกายน 2021\n",
                      "ลงวันที่ {{ sent | thai_date }}")
    message = refused(spec, tmp_path, capsys)
    assert f"rows.csv, line 2, column sent: '25 พฤศจิกายน 2021': the year 2021 is not a Buddhist Era" in message


def test_check_finds_a_ce_year_in_the_text(tmp_path):
    spec = letter_variant(tmp_path, {CLOSING: f"ประชุมเมื่อ 3 มีนาคม 2022\n\n{CLOSING}"})
    errors = [f for f in check_letter(spec) if f.level == "error"]
    assert [f.message for f in errors] == ["'3 มีนาคม 2022': the year 2022 is not a Buddhist Era year — a "
                                           "Thai date gives the year in B.E. = C.E. + 543 (2022 C.E. is B.E. 2565)"]


@pytest.mark.parametrize("text, date", [("25 พฤศจิกายน 2564", _dt.date(2021, 11, 25)),
                                        ("๒๕ พ.ย. ๖๔", _dt.date(2021, 11, 25))])
def test_be_years_still_read(text, date):
    from saraban.thai.dates import parse_thai_date

    assert parse_thai_date(text) == date


# -- 6. encodings and empty cells ----------------------------------------------------------------
def test_windows_1252_read_as_thai_stops_with_the_line(tmp_path, capsys):
    spec = merge_spec(tmp_path, "code,name_th,person\nTH-50,Chiang Mai,José García\n".encode("cp1252"),
                      "ถึง {{ person }}")
    message = refused(spec, tmp_path, capsys)
    assert f"rows.csv, line 2: read as cp874 (TIS-620, Thai Windows) the text does not look like Thai" in message
    assert 'encoding = "cp1252"' in message


def test_the_merge_names_its_encoding(tmp_path):
    spec = merge_spec(tmp_path, "code,name_th,person\nTH-50,Chiang Mai,José García\n".encode("cp1252"),
                      "ถึง {{ person }}", 'encoding = "cp1252"\n')
    build_letters(spec, tmp_path / "out")
    assert "ถึง José García" in pdftotext(tmp_path / "out" / "TH-50.pdf")
    assert not [f for f in check_letter(spec) if f.level == "error"]


def test_an_unknown_encoding_names_the_line(tmp_path):
    spec = merge_spec(tmp_path, "code,name_th\nTH-50,เชียงใหม่\n", merge_extra='encoding = "windows-thai"\n')
    with pytest.raises(InputError, match=f"line {line_of(spec, 'encoding =')}: merge.encoding: unknown encoding 'windows-thai'"):
        build_letters(spec, tmp_path / "out")


def test_a_real_cp874_file_is_read(tmp_path):
    spec = merge_spec(tmp_path, "code,name_th\nTH-50,เชียงใหม่\n".encode("cp874"))
    build_letters(spec, tmp_path / "out")
    assert "ผู้ว่าราชการจังหวัดเชียงใหม่" in pdftotext(tmp_path / "out" / "TH-50.pdf")


@pytest.mark.parametrize("csv", ["code,name_th\nTH-50,เชียงใหม่\nTH-30,\n",       # an empty cell
                                 "code,name_th\nTH-50,เชียงใหม่\nTH-30\n"])       # a short row
def test_an_empty_cell_the_recipient_prints_is_an_error(tmp_path, capsys, csv):
    spec = merge_spec(tmp_path, csv)
    message = refused(spec, tmp_path, capsys)
    assert message.startswith(f"{tmp_path / 'rows.csv'}, line 3, column name_th: the cell 'name_th' is empty, "
                              "and a template prints it")
    line = line_of(spec, 'recipient = "ผู้ว่าราชการจังหวัด{{')
    assert f"used by the template at {spec}, line {line}" in message


def test_an_empty_workbook_cell_names_the_sheet_row(tmp_path, capsys):
    import openpyxl

    book = openpyxl.Workbook()
    for row in (["code", "name_th", "person"], ["TH-50", "เชียงใหม่", "นาย ก"], ["TH-30", "นครราชสีมา", None]):
        book.active.append(row)
    spec = merge_spec(tmp_path, b"", "ถึง {{ person }}", name="rows.xlsx")
    book.save(tmp_path / "rows.xlsx")
    assert "rows.xlsx, row 3, column person: the cell 'person' is empty" in refused(spec, tmp_path, capsys)


def test_an_optional_cell_may_stay_empty(tmp_path):
    spec = merge_spec(tmp_path, "code,name_th,note\nTH-50,เชียงใหม่,ด่วน\nTH-30,นครราชสีมา,\n",
                      "{% if note %}หมายเหตุ {{ note }}{% endif %}ท้าย{{ note or '' }}")
    build_letters(spec, tmp_path / "out")
    assert "หมายเหตุ ด่วนท้ายด่วน" in pdftotext(tmp_path / "out" / "TH-50.pdf")
    assert "หมายเหตุ" not in pdftotext(tmp_path / "out" / "TH-30.pdf")


def test_an_empty_file_name_cell_is_an_error(tmp_path):
    spec = merge_spec(tmp_path, "code,name_th\nTH-50,เชียงใหม่\n,นครราชสีมา\n")
    with pytest.raises(InputError, match="rows.csv, line 3, column code: the cell 'code' is empty"):
        build_letters(spec, tmp_path / "out")


def test_include_says_templates_cannot_include(tmp_path):
    spec = letter_variant(tmp_path, {CLOSING: '{% include "other.md" %}\n\n' + CLOSING})
    with pytest.raises(InputError) as err:
        build_letters(spec, tmp_path / "o.pdf")
    assert str(err.value).startswith(f"{spec}, line {line_of(spec, '{% include')}: template error: a template "
                                     "cannot include, import or extend other files")


# -- 7. what check rejects, the build rejects, and the reverse -----------------------------------
BODY = 'body = """'


def _without_body(text: str) -> str:
    start = text.index(BODY)
    end = text.index('"""', start + len(BODY)) + 3
    return text[:start] + 'body = ""' + text[end:]


PARITY = {
    # case: (changes to the seed spec, the error both report, the line's needle)
    "empty recipient": ({'recipient = "ผู้ว่าราชการจังหวัด ทุกจังหวัด"': 'recipient = ""'}, "'recipient' is empty",
                        'recipient = ""'),
    "empty subject": ({'subject = """': 'subject = " "\nxsubject = """'}, "'subject' is empty", 'subject = " "'),
    "no phone": ({'phone = "0 2241 9000 ต่อ 2322", ': ""}, "the contact block needs 'phone'", "contact = {"),
    "reference after the letter": ({"date = 2021-10-29": "date = 2021-12-29"},
                                   "the reference dated 2021-12-29 is later than the letter", "2021-12-29"),
    "closing that does not pair": ({'kind = "external"': 'kind = "external"\nclosing = "ด้วยความเคารพ"'},
                                   "does not pair", "closing ="),
    "empty body": (None, "the body is empty", 'body = ""'),
}


@pytest.mark.parametrize("case", sorted(PARITY))
def test_the_build_refuses_what_check_reports(tmp_path, capsys, case):
    changes, message, needle = PARITY[case]
    spec = letter_variant(tmp_path, changes)
    if changes is None:
        spec.write_text(_without_body(spec.read_text(encoding="utf-8")), encoding="utf-8")
    if case == "empty subject":   # the seed's subject continues on the next line: keep it valid TOML
        text = spec.read_text(encoding="utf-8")
        start = text.index('xsubject = """')
        spec.write_text(text[:start] + text[text.index('"""', start + 14) + 4:], encoding="utf-8")
    line = line_of(spec, needle)
    checked = [str(f) for f in check_letter(spec) if f.level == "error"]
    assert any(f"{spec}, line {line}: error: " in f and message in f for f in checked), checked
    out = tmp_path / "o.pdf"
    assert main(["letter", str(spec), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "that `saraban letter check` reports; nothing was written" in err
    assert f"{spec}, line {line}: error: " in err and message in err
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_force_builds_and_prints_each_error(tmp_path, capsys):
    spec = letter_variant(tmp_path, {'recipient = "ผู้ว่าราชการจังหวัด ทุกจังหวัด"': 'recipient = ""',
                                     "date = 2021-10-29": "date = 2021-12-29"})
    out = tmp_path / "o.pdf"
    assert main(["letter", str(spec), "-o", str(out), "--force"]) == 0
    err = capsys.readouterr().err
    assert f"saraban: warning: {spec}, line {line_of(spec, 'recipient = ')}: error: 'recipient' is empty " \
           "(built anyway: --force)" in err
    assert "later than the letter" in err
    assert pdftotext(out).count("เรื่อง") == 1


def test_force_does_not_hide_what_cannot_be_built(tmp_path):
    spec = letter_variant(tmp_path, {'emblem = "letters-emblem.png"': 'emblem = "garuda.png"'})
    assert main(["letter", str(spec), "-o", str(tmp_path / "o.pdf"), "--force"]) == 1


SIGNATORY = 'signatory = { name = "นายประยูร  รัตนเสนีย์",'


@pytest.mark.parametrize("case", ["missing signature", "missing emblem", "missing enclosure",
                                  "unreadable signature", "truncated emblem", "empty cell"])
def test_check_reports_what_the_build_refuses(tmp_path, capsys, case):
    if case == "missing signature":
        spec = letter_variant(tmp_path, {SIGNATORY: 'signatory = { image = "sig.png", name = "นายประยูร  รัตนเสนีย์",'})
        needle, words = "sig.png", f"no such file: '{tmp_path / 'sig.png'}'"
    elif case == "missing emblem":
        spec = letter_variant(tmp_path, {'emblem = "letters-emblem.png"': 'emblem = "garuda.png"'})
        needle, words = "garuda.png", f"no such file: '{tmp_path / 'garuda.png'}'"
    elif case == "missing enclosure":
        spec = letter_variant(tmp_path, {'quantity = "1 ชุด"': 'quantity = "1 ชุด"\nfile = "form.pdf"'})
        needle, words = "[[enclosures]]", f"enclosure file not found: '{tmp_path / 'form.pdf'}'"
    elif case == "unreadable signature":
        spec = letter_variant(tmp_path, {SIGNATORY: 'signatory = { image = "sig.png", name = "นายประยูร  รัตนเสนีย์",'})
        (tmp_path / "sig.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not a picture" * 5)
        needle, words = "sig.png", "cannot read the picture (not a PNG, JPEG or SVG file, or a damaged one"
    elif case == "truncated emblem":
        spec = letter_variant(tmp_path)
        picture = (tmp_path / "letters-emblem.png").read_bytes()
        (tmp_path / "letters-emblem.png").write_bytes(picture[: len(picture) // 2])
        needle, words = "letters-emblem.png", "cannot read the picture (not a PNG, JPEG or SVG file, or a damaged one"
    else:
        spec = merge_spec(tmp_path, "code,name_th\nTH-50,เชียงใหม่\nTH-30,\n")
        needle, words = None, "the cell 'name_th' is empty"
    errors = [f for f in check_letter(spec) if f.level == "error"]
    assert len(errors) == 1 and words in errors[0].message, errors
    if needle:
        assert errors[0].location.line == line_of(spec, needle)
    assert main(["letter", "check", str(spec)]) == 1
    capsys.readouterr()
    assert main(["letter", str(spec), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert words in err
    assert "<_io." not in err and "@0x" not in err    # no reader reprs in picture errors


# -- 8. form overrides inside the page -----------------------------------------------------------
@pytest.mark.parametrize("form, words", [
    ("form = { body = { first_indent = -50.0 } }", "form.body.first_indent = -50.0: a length or count must be 0 or more"),
    ("form = { page = { left = 500.0 } }", "form.page.left = 500.0: outside the page, which is 21 cm wide"),
    ("form = { page = { left = 10.0, right = 8.0 } }", "leaves a text area 3 cm wide between the margins"),
    ("form = { body = { first_indent = 14.0 } }", "form.body.first_indent = 14.0: leaves less than 5 cm"),
    ("form = { font = { size = 0 } }", "form.font.size = 0: a font size from 6 to 72 points"),
    ("form = { page = { width = 2100.0 } }", "form.page.width = 2100.0: paper is 7 to 120 cm"),
    ("form = { number = { baseline = 42.0 } }", "form.number.baseline = 42.0: outside the page, which is 29.7 cm high"),
    ("form = { body = { space_before_pt = 1e9 } }", "more than the page is high"),
    ("form = { body = { keep_lines_with_closing = 2.5 } }", "a whole number from 0 to 20"),
])
def test_form_overrides_stay_inside_the_page(tmp_path, form, words):
    spec = letter_variant(tmp_path, {'kind = "external"': f'kind = "external"\n{form}'})
    with pytest.raises(InputError) as err:
        build_letters(spec, tmp_path / "o.pdf")
    assert str(err.value).startswith(f"{spec}, line {line_of(spec, 'form = ')}: ")
    assert words in str(err.value)
    assert not (tmp_path / "o.pdf").exists()


def test_a_form_file_names_its_own_line(tmp_path):
    spec = letter_variant(tmp_path, {'kind = "external"': 'kind = "external"\nform = "office-form.toml"'})
    (tmp_path / "office-form.toml").write_text("# our form\n[page]\nleft = 3.5\n\n[body]\nfirst_indent = -2.5\n",
                                               encoding="utf-8")
    with pytest.raises(InputError, match=r"office-form.toml, line 6: form.body.first_indent = -2.5"):
        build_letters(spec, tmp_path / "o.pdf")


def test_form_overrides_inside_the_page_still_apply(tmp_path):
    spec = letter_variant(tmp_path, {'kind = "external"': 'kind = "external"\nform = { page = { left = 2.5 }, '
                                                          'body = { first_indent = 2.0 } }'})
    build_letters(spec, tmp_path / "o.pdf")
    assert (tmp_path / "o.pdf").exists()


# -- messages that pointed at the wrong place ----------------------------------------------------
OWNER_LINE = 'owner = { name = "กรมส่งเสริมการปกครองท้องถิ่น", address = ["ถนนนครราชสีมา เขตดุสิต กทม. 10300"] }\n'
CONTACT_START = 'contact = { unit'


@pytest.mark.parametrize("office, drop, words", [
    ('# our office\nowner = { nme = "กรมส่งเสริมการปกครองท้องถิ่น" }\n', OWNER_LINE,
     "line 2: unknown key 'owner.nme' (did you mean 'name'?)"),
    ('# our office\n\ncontact = { unit = "กอง", phone = 22419000 }\n', CONTACT_START,
     "line 3: 'contact.phone' must be a string, not int"),
    ('# our office\nemblem = "garuda.png"\n', 'emblem = "letters-emblem.png"\n', "line 2: no such file: "),
    ('# our office\nform = { page = { lefft = 3.0 } }\n', None, "line 2: unknown form key form.page.lefft"),
    ('# our office\nform = { page = { left = 300.0 } }\n', None, "line 2: form.page.left = 300.0: outside the page"),
])
def test_an_office_file_error_names_the_office_file(tmp_path, capsys, office, drop, words):
    spec = letter_variant(tmp_path)
    text = spec.read_text(encoding="utf-8")
    if drop == CONTACT_START:
        start = text.index(CONTACT_START)
        text = text[:start] + text[text.index("\n", start) + 1:]
    elif drop:
        text = text.replace(drop, "")
    spec.write_text(text, encoding="utf-8")
    (tmp_path / "office.toml").write_text(office, encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_letters(spec, tmp_path / "o.pdf")
    assert str(err.value).startswith(f"{tmp_path / 'office.toml'}, {words}")
    line, message = words.split(": ", 1)
    checked = [str(f) for f in check_letter(spec) if f.level == "error"]
    assert checked and checked[0].startswith(f"{tmp_path / 'office.toml'}, {line}: error: {message}"), checked


def test_check_blames_the_office_contact_block_for_a_missing_phone(tmp_path):
    spec = letter_variant(tmp_path)
    text = spec.read_text(encoding="utf-8")
    start = text.index(CONTACT_START)
    spec.write_text(text[:start] + text[text.index("\n", start) + 1:], encoding="utf-8")
    (tmp_path / "office.toml").write_text('# our office\ncontact = { unit = "กองกลาง" }\n', encoding="utf-8")
    errors = [str(f) for f in check_letter(spec) if f.level == "error"]
    assert errors == [f"{tmp_path / 'office.toml'}, line 2: error: the contact block needs 'phone' "
                      "(ส่วนราชการเจ้าของเรื่อง and โทร. are required elements)"]


def _two_sheets(tmp_path, first_rows):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "notes"
    for row in first_rows:
        book.active.append(row)
    data = book.create_sheet("provinces")
    for row in (["code", "name_th"], ["TH-50", "เชียงใหม่"]):
        data.append(row)
    spec = merge_spec(tmp_path, b"", name="rows.xlsx")
    book.save(tmp_path / "rows.xlsx")
    return spec


@pytest.mark.parametrize("first_rows, words", [
    ([["made by the office"]], "the merge data has no rows (only a header line)"),
    ([["note", "date"], ["sent", "2024-01-01"]], "'code' is undefined"),
])
def test_a_workbook_with_the_data_on_another_sheet_names_the_sheets(tmp_path, capsys, first_rows, words):
    spec = _two_sheets(tmp_path, first_rows)
    message = refused(spec, tmp_path, capsys)
    assert words in message
    assert ("read from the sheet 'notes' (the first) of a workbook with the sheets 'notes', 'provinces': "
            'name the sheet with the data in [merge], e.g. sheet = "provinces"') in message
    text = spec.read_text(encoding="utf-8").replace('data = "rows.xlsx"', 'data = "rows.xlsx"\nsheet = "provinces"')
    spec.write_text(text, encoding="utf-8")
    build_letters(spec, tmp_path / "out")
    assert "ผู้ว่าราชการจังหวัดเชียงใหม่" in pdftotext(tmp_path / "out" / "TH-50.pdf")


# -- also ------------------------------------------------------------------------------------------
def test_check_warns_about_a_date_years_ahead(tmp_path):
    spec = letter_variant(tmp_path, {"date = 2021-11-25": "date = 2099-11-25"})
    warnings = [f for f in check_letter(spec) if "from today: is the year right?" in f.message]
    assert len(warnings) == 1 and warnings[0].level == "warning"
    assert warnings[0].location.line == line_of(spec, "date = 2099")
    today = _dt.date.today()
    near = letter_variant(tmp_path, {"date = 2021-11-25": f"date = {today + _dt.timedelta(days=30)}",
                                     "date = 2021-10-29": f"date = {today}", "date = 2020-11-16": f"date = {today}"},
                          name="near.toml")
    assert not [f for f in check_letter(near) if "from today" in f.message]


def test_paths_are_the_spec_folder_s_and_errors_name_the_file_looked_for(tmp_path, monkeypatch):
    folder = tmp_path / "office" / "letters" / "x"
    folder.mkdir(parents=True)
    text = letter_variant(folder).read_text(encoding="utf-8")
    start = text.index(BODY)
    end = text.index('"""', start + len(BODY)) + 3
    (folder / "body.md").write_text(text[start + len(BODY):end - 3], encoding="utf-8")
    spec = folder / "letter.toml"
    spec.write_text(text[:start] + 'body_file = "body.md"' + text[end:] + MERGE, encoding="utf-8")
    (folder / "rows.csv").write_text("code,name_th\nTH-50,เชียงใหม่\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)            # run from elsewhere, with a relative spec path
    relative = spec.relative_to(tmp_path)
    build_letters(relative, tmp_path / "out")
    assert "ผู้ว่าราชการจังหวัดเชียงใหม่" in pdftotext(tmp_path / "out" / "TH-50.pdf")
    for name, key in (("body.md", "body_file"), ("rows.csv", "data"), ("letters-emblem.png", "emblem")):
        (folder / name).rename(folder / f"{name}.away")
        with pytest.raises(InputError) as err:
            build_letters(relative, tmp_path / "out2")
        assert str(folder / name) in str(err.value) or str(relative.parent / name) in str(err.value), err.value
        assert f"line {line_of(spec, key + ' = ')}" in str(err.value)
        (folder / f"{name}.away").rename(folder / name)


@pytest.mark.parametrize("cell, words", [("1,2", "column pending: '1,2' has a comma"),
                                         ("", "column pending: the cell 'pending' is empty")])
def test_a_data_table_cell_is_named_too(tmp_path, cell, words):
    """Tables a body loops over (data = { laos = "laos.csv" }) name their cells as merge rows do."""
    (tmp_path / "laos.csv").write_text(f"province,name,pending\nTH-50,อบต.แม่ริม,3\nTH-50,อบต.สันทราย,\"{cell}\"\n",
                                       encoding="utf-8")
    loop = ("{% for l in laos %}| {{ loop.index }} | {{ l.name }} | {{ l.pending | number }} |\n{% endfor %}")
    spec = letter_variant(tmp_path, {'kind = "external"': 'kind = "external"\ndata = { laos = "laos.csv" }',
                                     CLOSING: f"| ที่ | ชื่อ | ค้าง |\n|---|---|---|\n{loop}\n{CLOSING}"})
    with pytest.raises(InputError) as err:
        build_letters(spec, tmp_path / "o.pdf")
    assert str(err.value).startswith(f"{tmp_path / 'laos.csv'}, line 3, {words}")
    assert f"used by the template at {spec}, line {line_of(spec, '{% for l in laos')}" in str(err.value)


def test_a_time_cell_that_is_not_a_time_is_named(tmp_path, capsys):
    spec = merge_spec(tmp_path, "code,name_th,start\nTH-50,เชียงใหม่,25.70\n", "เวลา {{ start | thai_time }}")
    message = refused(spec, tmp_path, capsys)
    assert message.startswith(f"{tmp_path / 'rows.csv'}, line 2, column start: not a time: '25.70' (write 13:30")


# -- a character no font has: where it was typed ---------------------------------------------------
def test_an_emoji_in_a_data_cell_names_the_cell(tmp_path, capsys):
    spec = merge_spec(tmp_path, "code,name_th\nTH-50,เชียงใหม่\nTH-30,นครราชสีมา😀\n")
    message = refused(spec, tmp_path, capsys)
    assert message.startswith(f"{tmp_path / 'rows.csv'}, line 3, column name_th: font family 'Sarabun' has no "
                              "glyph for U+1F600 GRINNING FACE")
    assert "no font of the letter has this character" in message


def test_an_emoji_in_the_spec_names_its_line(tmp_path):
    spec = letter_variant(tmp_path, {'recipient = "ผู้ว่าราชการจังหวัด ทุกจังหวัด"':
                                     'recipient = "ผู้ว่าราชการจังหวัด ทุกจังหวัด\u2603"'})
    with pytest.raises(InputError) as err:
        build_letters(spec, tmp_path / "o.pdf")
    assert str(err.value).startswith(f"{spec}, line {line_of(spec, 'recipient = ')}: font family")
    assert "U+2603 SNOWMAN" in str(err.value)
    assert not (tmp_path / "o.pdf").exists()


def test_an_emoji_in_a_body_file_names_its_line(tmp_path):
    spec = letter_variant(tmp_path)
    text = spec.read_text(encoding="utf-8")
    start = text.index(BODY)
    end = text.index('"""', start + len(BODY)) + 3
    body = text[start + len(BODY):end - 3].replace(CLOSING, "ขอบคุณ 🙏\n\n" + CLOSING)
    (tmp_path / "body.md").write_text(body, encoding="utf-8")
    spec.write_text(text[:start] + 'body_file = "body.md"' + text[end:], encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_letters(spec, tmp_path / "o.pdf")
    assert str(err.value).startswith(f"{tmp_path / 'body.md'}, line {line_of(tmp_path / 'body.md', '🙏')}: ")


@pytest.mark.parametrize("where", ["cell", "spec"])
def test_check_reports_a_character_no_font_has(tmp_path, where):
    if where == "cell":
        spec = merge_spec(tmp_path, "code,name_th\nTH-50,เชียงใหม่\nTH-30,นครราชสีมา😀\n")
        place = (tmp_path / "rows.csv", 3, "name_th")
    else:
        spec = letter_variant(tmp_path, {'recipient = "ผู้ว่าราชการจังหวัด ทุกจังหวัด"':
                                         'recipient = "ผู้ว่าราชการจังหวัด ทุกจังหวัด\u2603"'})
        place = (spec, line_of(spec, "recipient = "), None)
    errors = [f for f in check_letter(spec) if f.level == "error"]
    assert len(errors) == 1 and "cannot be printed: no font of the letter has it" in errors[0].message, errors
    assert (errors[0].location.file, errors[0].location.line, errors[0].location.column) == place
