"""Issue 10, booklet side: input that used to print wrong numbers or text with exit 0, run without
bound, or stop with a message pointing nowhere.  Each case is made here from the sample data and
run through the real command: it must stop with exit 1, name the file, line (or sheet row) and
column, write no booklet, and say what to do."""

from __future__ import annotations

import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from saraban.cli import main
from saraban.reports.load import find_sources, load_definition
from saraban.reports.sample import write_sample
from saraban.reports.validate import ValidationError, _number, validate
from saraban.tables import MAX_CELL_CHARS, MAX_XLSX_XML_BYTES, read_table

from test_report_validate import edit, rows, write


@pytest.fixture(scope="module")
def phuket(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("phuket")
    write_sample(folder, seed=1, provinces_filter=["TH-83"])
    return folder


@pytest.fixture
def data(phuket, tmp_path) -> Path:
    return Path(shutil.copytree(phuket, tmp_path / "d"))


def run(capsys, folder: Path, out: Path, *extra: str) -> tuple[int, str]:
    code = main(["booklet", "--data", str(folder), "--province", "TH-83", "-o", str(out), "--no-national",
                 "--no-progress", *extra])
    return code, capsys.readouterr().err


def failed_without_booklets(code: int, out: Path) -> bool:
    return code == 1 and not list(out.glob("*.pdf")) if out.exists() else code == 1


# -- numbers -------------------------------------------------------------------------------------
@pytest.mark.parametrize("cell, words", [
    ("8,5", "has a comma: decimals are written with a point (8.5, not 8,5)"),
    ("85,5", "has a comma"),
    ("8_5", "is not one number: spaces, underscores, apostrophes and commas may not split a number"),
    ("8 5", "is not one number: spaces, underscores, apostrophes and commas may not split a number"),
    ("8\u00a05", "is not one number: spaces, underscores, apostrophes and commas may not split a number"),
    ("1e2", "is not a number"),
    ("nan", "is not a number"),
    ("inf", "is not a number"),
    ("٨٥", "is not a number"),        # Arabic-Indic digits: float() would read 85
    ("８５", "is not a number"),      # full-width digits
])
def test_a_misread_score_is_an_error_naming_the_cell(data, tmp_path, capsys, cell, words):
    edit(data, "lpa", 0, "d1", cell)
    out = tmp_path / "out"
    code, err = run(capsys, data, out)
    assert failed_without_booklets(code, out)
    assert f"lpa.csv, line 2, column d1: error: score {cell!r} {words}" in err


@pytest.mark.parametrize("cell, value", [("85.5", 85.5), ("๘๕.๕", 85.5), (" 85 ", 85.0), ("85.", 85.0),
                                         (".5", 0.5), ("๘5", 85.0)])
def test_numbers_as_offices_type_them(cell, value):
    assert _number(cell) == value


def test_counts_may_group_thousands_but_only_in_threes(data, tmp_path, capsys):
    edit(data, "satisfaction", 0, "n_respondents", "1,234")
    dataset, _ = validate(find_sources([data]), load_definition())
    code = rows(data / "satisfaction.csv")[1][0]["dla_code"]
    assert 1234 in [s.respondents for s in dataset.surveys[code]]
    edit(data, "satisfaction", 0, "n_respondents", "12,34")
    edit(data, "satisfaction", 1, "sd", "0,5")
    code, err = run(capsys, data, tmp_path / "out")
    assert code == 1
    assert "satisfaction.csv, line 2, column n_respondents: error: n_respondents '12,34' has a comma" in err
    assert "satisfaction.csv, line 3, column sd: error: sd '0,5' has a comma" in err


# -- years -----------------------------------------------------------------------------------------
def test_a_ce_year_is_an_error_that_gives_the_be_year(data, tmp_path, capsys):
    for table in ("lpa", "satisfaction"):
        header, body = rows(data / f"{table}.csv")
        write(data / f"{table}.csv", header, [dict(r, year_be="2025") for r in body])
    out = tmp_path / "out"
    code, err = run(capsys, data, out)
    assert failed_without_booklets(code, out)
    assert ("lpa.csv, line 2, column year_be: error: year 2025 is not a Buddhist Era year: "
            "B.E. = C.E. + 543 (2025 C.E. is B.E. 2568)") in err


@pytest.mark.parametrize("year, words", [("2020", "B.E. = C.E. + 543 (2020 C.E. is B.E. 2563)"),
                                         ("3563", "after B.E. 2700")])
def test_year_option_is_checked(data, tmp_path, capsys, year, words):
    code, err = run(capsys, data, tmp_path / "out", "--year", year)
    assert code == 1 and f"--year: year {year} " in err and words in err


@pytest.mark.parametrize("cell", ["2_563", "25630", "๒๕๖", "2563.0x"])
def test_a_malformed_year_cell(data, tmp_path, capsys, cell):
    edit(data, "lpa", 3, "year_be", cell)
    code, err = run(capsys, data, tmp_path / "out")
    assert code == 1 and f"lpa.csv, line 5, column year_be: error: year {cell!r} is not a B.E. year" in err


def test_thai_digit_years_are_read(data):
    for table in ("lpa", "satisfaction"):
        header, body = rows(data / f"{table}.csv")
        write(data / f"{table}.csv", header, [dict(r, year_be="๒๕๖๓") for r in body])
    dataset, _ = validate(find_sources([data]), load_definition())
    assert dataset.year_be == 2563 and len(dataset.lpa) == 19


def test_a_header_only_lpa_file(data, tmp_path, capsys):
    header, _ = rows(data / "lpa.csv")
    write(data / "lpa.csv", header, [])
    code, err = run(capsys, data, tmp_path / "out")
    assert code == 1 and "lpa.csv: error: the LPA table has no data rows (only the header line)" in err
    assert "year 0" not in err


def test_a_header_only_lao_file(data, tmp_path, capsys):
    header, _ = rows(data / "laos.csv")
    write(data / "laos.csv", header, [])
    code, err = run(capsys, data, tmp_path / "out")
    assert code == 1 and "laos.csv: error: the LAO table has no data rows" in err


# -- encodings -------------------------------------------------------------------------------------
def windows_1252_laos(folder: Path) -> None:
    """The LAO table as a Western Windows PC saves it: names in Latin letters, accents in cp1252."""
    header, body = rows(folder / "laos.csv")
    for i, r in enumerate(body):
        r.update(name_th=f"Lao {i}", district_th=f"District {r['dla_code'][3:5]}")
    body[4]["name_th"] = "José García"
    write(folder / "laos.csv", header, body, encoding="cp1252")


def test_windows_1252_is_not_read_as_thai(data, tmp_path, capsys):
    windows_1252_laos(data)
    out = tmp_path / "out"
    code, err = run(capsys, data, out)
    assert failed_without_booklets(code, out)
    assert "laos.csv, line 6: read as cp874 (TIS-620, Thai Windows) the text does not look like Thai" in err
    assert "Jos้" in err and "--encoding cp1252" in err


def test_the_encoding_can_be_named(data, tmp_path, capsys):
    windows_1252_laos(data)
    out = tmp_path / "out"
    code, err = run(capsys, data, out, "--encoding", "cp1252")
    assert code == 0, err
    from helpers import pdftotext

    assert "José García" in pdftotext(out / "TH-83.pdf")


def test_an_unknown_encoding_name(data, tmp_path, capsys):
    code, err = run(capsys, data, tmp_path / "out", "--encoding", "klingon")
    assert code == 1 and "unknown encoding 'klingon'" in err


def test_cp874_thai_still_reads_by_itself(data):
    for table in ("laos", "satisfaction"):
        header, body = rows(data / f"{table}.csv")
        write(data / f"{table}.csv", header, body, encoding="cp874")
    dataset, findings = validate(find_sources([data]), load_definition())
    assert len(dataset.laos) == 19 and not findings
    assert read_table(data / "laos.csv").encoding == "cp874"


def test_thai_mangled_by_a_western_round_trip(data, tmp_path, capsys):
    text = (data / "laos.csv").read_text("utf-8")
    (data / "laos.csv").write_text(text.encode("utf-8").decode("cp1252", errors="replace"), "utf-8")
    code, err = run(capsys, data, tmp_path / "out")
    assert code == 1 and "laos.csv, line 2: Thai text mangled by an earlier save in a Western encoding" in err


def test_a_byte_no_encoding_reads(data, tmp_path, capsys):
    raw = (data / "laos.csv").read_text("utf-8").encode("cp874")
    lines = raw.split(b"\n")
    lines[7] = lines[7] + b"\xdb"   # undefined in cp874
    (data / "laos.csv").write_bytes(b"\n".join(lines))
    code, err = run(capsys, data, tmp_path / "out")
    assert code == 1 and "laos.csv, line 8: neither UTF-8 nor cp874 text: byte 0xDB" in err


# -- glyphs ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("table, column, value", [("laos", "name_th", "ภูเก็ต😀"),
                                                   ("laos", "district_th", "เมือง\u2603"),
                                                   ("satisfaction", "service_th", "งาน🏥")])
def test_a_character_no_font_has_is_a_data_error(data, tmp_path, capsys, table, column, value):
    edit(data, table, 1, column, value)
    out = tmp_path / "out"
    code, err = run(capsys, data, out)
    assert failed_without_booklets(code, out)
    assert f"{table}.csv, line 3, column {column}: error: U+" in err and "cannot be printed" in err
    report = (out / "validation-report.txt").read_text("utf-8") if (out / "validation-report.txt").exists() else ""
    assert "0 errors" not in report


@pytest.mark.parametrize("table, column", [("laos", "name_th"), ("laos", "district_th"),
                                           ("satisfaction", "service_th")])
def test_a_printed_cell_too_long_to_print(data, tmp_path, capsys, table, column):
    """A name of thousands of characters used to end in reportlab's LayoutError (a traceback)."""
    edit(data, table, 1, column, "ก" * 5000)
    code, err = run(capsys, data, tmp_path / "out")
    assert code == 1 and f"{table}.csv, line 3, column {column}: error: {column} has 5,000 characters" in err


# -- workbooks ---------------------------------------------------------------------------------------
def test_data_on_another_sheet_names_the_sheets(data, tmp_path, capsys):
    import pandas as pd

    frame = pd.read_csv(data / "lpa.csv", dtype=str)
    (data / "lpa.csv").unlink()
    with pd.ExcelWriter(data / "lpa.xlsx") as book:
        pd.DataFrame({"หมายเหตุ": ["ข้อมูลอยู่แผ่นถัดไป"]}).to_excel(book, sheet_name="คำอธิบาย", index=False)
        frame.to_excel(book, sheet_name="ผลการประเมิน", index=False)
    code, err = run(capsys, data, tmp_path / "out")
    assert code == 1
    assert "lpa.xlsx, column year_be: error: missing column 'year_be'" in err
    assert "read from the sheet 'คำอธิบาย' — the workbook has the sheets 'คำอธิบาย', 'ผลการประเมิน'" in err


def test_an_xlsx_zip_bomb_is_refused_before_it_is_parsed(data, tmp_path, capsys):
    import pandas as pd

    pd.read_csv(data / "lpa.csv", dtype=str).to_excel(data / "lpa.xlsx", index=False)
    (data / "lpa.csv").unlink()
    with zipfile.ZipFile(data / "lpa.xlsx", "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/padding.xml", "w", force_zip64=True) as part:
            chunk = b"<c/>" * (1 << 18)
            for _ in range(MAX_XLSX_XML_BYTES // len(chunk) + 1):
                part.write(chunk)
    assert (data / "lpa.xlsx").stat().st_size < 2 * 2**20  # small on disk, large unpacked
    start = time.perf_counter()
    code, err = run(capsys, data, tmp_path / "out")
    assert time.perf_counter() - start < 5
    assert code == 1 and re.search(r"lpa.xlsx: the workbook unpacks to 6\d MB, more than the 64 MB", err)


def test_a_damaged_workbook(data, tmp_path, capsys):
    (data / "lpa.csv").unlink()
    (data / "lpa.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    code, err = run(capsys, data, tmp_path / "out")
    assert code == 1 and "lpa.xlsx: not an Excel workbook (.xlsx)" in err


def test_an_xlsx_cell_is_capped_not_cut(data, tmp_path, capsys):
    """openpyxl cuts a cell longer than Excel's limit (written by another tool) without a word:
    reaching the limit is an error, not a shortened name."""
    import openpyxl

    header, body = rows(data / "laos.csv")
    body[2]["name_th"] = "ก" * (MAX_CELL_CHARS + 1)
    book = openpyxl.Workbook()
    book.active.append(header)
    for r in body:
        book.active.append([r[c] for c in header])
    book.save(data / "laos.xlsx")
    (data / "laos.csv").unlink()
    code, err = run(capsys, data, tmp_path / "out")
    assert code == 1 and ("laos.xlsx, row 4, column name_th: a cell of 32,767 characters or more: Excel's "
                          "limit for a cell, longer text is cut off when read") in err


def test_a_csv_cell_over_the_cap(data, tmp_path, capsys):
    text = (data / "laos.csv").read_text("utf-8").splitlines()
    text[3] = text[3].replace(",", ',"' + "ก" * (MAX_CELL_CHARS + 1) + '",', 1)
    (data / "laos.csv").write_text("\n".join(text) + "\n", "utf-8")
    code, err = run(capsys, data, tmp_path / "out")
    assert code == 1 and "laos.csv, line 4: a cell longer than 131,072 characters" in err


# -- the command line ----------------------------------------------------------------------------------
@pytest.mark.parametrize("jobs", ["0", "-3", "two"])
def test_jobs_must_be_one_or_more(data, tmp_path, capsys, jobs):
    with pytest.raises(SystemExit) as exc:
        main(["booklet", "--data", str(data), "--all", "-o", str(tmp_path / "out"), "--jobs", jobs])
    assert exc.value.code == 2 and "argument --jobs" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_library_refuses_zero_jobs(data, tmp_path):
    from saraban.errors import InputError
    from saraban.reports.build import build_booklets

    with pytest.raises(InputError, match="--jobs 0"):
        build_booklets([data], tmp_path / "out", all_provinces=True, jobs=0)
