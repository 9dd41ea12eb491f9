"""The bad-input catalogue of the booklet data: each problem reported with file, line and column;
errors stop the build (exit 1, no PDF); warnings go to the report; --strict makes them errors."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from saraban.cli import main
from saraban.errors import InputError
from saraban.reports.build import REPORT_NAME, build_booklets
from saraban.reports.load import find_sources, load_definition
from saraban.reports.sample import write_sample
from saraban.reports.validate import ValidationError, validate


@pytest.fixture(scope="module")
def phuket(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("phuket")
    write_sample(folder, seed=1, provinces_filter=["TH-83"])
    return folder


def copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def write(path: Path, header: list[str], data: list[dict], encoding="utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(data)


def edit(folder: Path, table: str, row: int, column: str, value: str) -> None:
    header, data = rows(folder / f"{table}.csv")
    data[row][column] = value
    write(folder / f"{table}.csv", header, data)


def findings_of(folder: Path, strict=False):
    try:
        _, findings = validate(find_sources([folder]), load_definition(), None, strict)
    except ValidationError as exc:
        return exc.findings, True
    return findings, False


# (table, row index, column, value, level, message part); row index 2 is line 4 of the file
CASES = {
    "duplicate code": ("laos", 2, "dla_code", "@copy0", "error", "duplicate DLA code"),
    "code of another province": ("laos", 2, "dla_code", "6500299", "error", "belongs to province TH-50"),
    "malformed code": ("laos", 2, "dla_code", "68301", "error", "is not 7 digits"),
    "unknown province": ("laos", 2, "province_code", "TH-99", "error", "unknown province 'TH-99'"),
    "a Bangkok row": ("laos", 2, "province_code", "TH-10", "error", "Bangkok (TH-10) is outside the LPA"),
    "unknown type": ("laos", 2, "lao_type", "village", "error", "unknown type 'village'"),
    "non-numeric score": ("lpa", 2, "d3", "แปดสิบ", "error", "is not a number"),
    "missing score": ("lpa", 2, "d1", "", "error", "missing score"),
    "score out of range": ("lpa", 2, "d4", "104.5", "error", "outside 0–100"),
    "overall disagrees": ("lpa", 2, "overall", "99.99", "error", "disagrees with the mean of d1–d5"),
    "mean out of range": ("satisfaction", 2, "mean", "5.4", "error", "outside 1–5"),
    "respondents not a count": ("satisfaction", 2, "n_respondents", "12.5", "error", "positive whole number"),
    "LPA row without LAO": ("lpa", 2, "dla_code", "6830999", "warning", "not in the LAO table"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_names_file_line_and_column(phuket, tmp_path, case):
    table, row, column, value, level, message = CASES[case]
    folder = copy(phuket, tmp_path / "d")
    if value == "@copy0":
        value = rows(folder / f"{table}.csv")[1][0][column]
    edit(folder, table, row, column, value)
    findings, failed = findings_of(folder)
    hits = [f for f in findings if message in f.message]
    assert hits, [str(f) for f in findings]
    f = hits[0]
    assert f.level == level
    assert Path(f.location.file).name == f"{table}.csv"
    assert f.location.line == row + 2 and f.location.column == column
    assert failed == (level == "error")


def test_errors_stop_the_build_and_are_reported(phuket, tmp_path, capsys):
    folder = copy(phuket, tmp_path / "d")
    edit(folder, "lpa", 0, "d2", "abc")
    edit(folder, "laos", 3, "lao_type", "xyz")
    out = tmp_path / "out"
    assert main(["booklet", "--data", str(folder), "--province", "TH-83", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "2 errors in the data" in err and "lpa.csv, line 2, column d2" in err
    assert not list(out.glob("*.pdf"))
    report = (out / REPORT_NAME).read_text(encoding="utf-8")
    assert "laos.csv, line 5, column lao_type: error: unknown type 'xyz'" in report


def test_a_failed_run_leaves_the_booklets_of_the_last_good_one(phuket, tmp_path, capsys):
    """The folder is one output set: a run whose data fails leaves the last good booklets, their
    manifest and their report as they were, and puts its own report beside the folder."""
    folder = copy(phuket, tmp_path / "d")
    out = tmp_path / "out"
    assert main(["booklet", "--data", str(folder), "--province", "TH-83", "-o", str(out), "--no-national"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert {"TH-83.pdf", "manifest.json", REPORT_NAME} <= set(before)
    capsys.readouterr()
    edit(folder, "laos", 3, "lao_type", "xyz")
    assert main(["booklet", "--data", str(folder), "--province", "TH-83", "-o", str(out), "--no-national"]) == 1
    err = capsys.readouterr().err
    beside = tmp_path / f"out.{REPORT_NAME}"
    assert f"the full list is in {beside}" in err and "keeps the booklets of the last good run" in err
    assert "unknown type 'xyz'" in beside.read_text(encoding="utf-8")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_booklet_folder_is_one_set(phuket, tmp_path):
    """A second run replaces the folder whole (a booklet the new run does not make is gone); a
    file saraban did not write stops the run before any booklet is built."""
    out = tmp_path / "out"
    build_booklets([phuket], out, province="TH-83")
    assert sorted(p.name for p in out.glob("*.pdf")) == ["TH-83.pdf", "national.pdf"]
    build_booklets([phuket], out, province="TH-83", national=False)
    assert sorted(p.name for p in out.glob("*.pdf")) == ["TH-83.pdf"]
    (out / "budget.xlsx").write_bytes(b"mine")
    with pytest.raises(InputError, match="budget.xlsx"):
        build_booklets([phuket], out, province="TH-83")
    assert sorted(p.name for p in out.iterdir()) == [".saraban-output", "TH-83.pdf", "budget.xlsx",
                                                     "manifest.json", REPORT_NAME]
    (tmp_path / "file").write_bytes(b"x")
    with pytest.raises(InputError, match="existing file, but a booklet folder is needed"):
        build_booklets([phuket], tmp_path / "file", province="TH-83")


def test_missing_column(phuket, tmp_path):
    folder = copy(phuket, tmp_path / "d")
    header, data = rows(folder / "lpa.csv")
    header.remove("d5")
    for r in data:
        del r["d5"]
    write(folder / "lpa.csv", header, data)
    findings, failed = findings_of(folder)
    assert failed and any("missing column 'd5'" in f.message and f.location.column == "d5" for f in findings)


def test_lao_without_results_is_a_warning_and_strict_makes_it_an_error(phuket, tmp_path):
    folder = copy(phuket, tmp_path / "d")
    header, data = rows(folder / "lpa.csv")
    write(folder / "lpa.csv", header, data[1:])
    findings, failed = findings_of(folder)
    assert not failed and any("no LPA result for" in f.message and f.level == "warning" for f in findings)
    findings, failed = findings_of(folder, strict=True)
    assert failed
    out = tmp_path / "out"
    result = build_booklets([folder], out, province="TH-83", national=False)
    assert result.warnings == 1 and "no LPA result" in (out / REPORT_NAME).read_text(encoding="utf-8")


def test_cp874_and_thai_headers_in_xlsx(phuket, tmp_path):
    import pandas as pd

    folder = copy(phuket, tmp_path / "d")
    header, data = rows(folder / "laos.csv")
    write(folder / "laos.csv", header, data, encoding="cp874")  # what Thai Excel exports
    lpa = pd.read_csv(folder / "lpa.csv", dtype=str)
    lpa.columns = ["ปี", "รหัส อปท.", "ด้านที่ ๑", "ด้านที่ ๒", "ด้านที่ ๓", "ด้านที่ ๔", "ด้านที่ ๕", "ภาพรวม"]
    (folder / "lpa.csv").unlink()
    lpa.to_excel(folder / "lpa.xlsx", index=False)
    dataset, findings = validate(find_sources([folder]), load_definition())
    assert not findings and len(dataset.laos) == 19 == len(dataset.lpa)
    assert {l.name_th for l in dataset.laos} == {r["name_th"] for r in data}
    edit_xlsx = pd.read_excel(folder / "lpa.xlsx", dtype=str)
    edit_xlsx.loc[4, "ด้านที่ ๓"] = "๑๒๐"
    edit_xlsx.to_excel(folder / "lpa.xlsx", index=False)
    findings, failed = findings_of(folder)
    [f] = [f for f in findings if f.level == "error"]
    assert (f.location.unit, f.location.line, f.location.column) == ("row", 6, "d3")  # sheet row 6


def test_several_years_need_a_choice_and_an_empty_province_is_refused(phuket, tmp_path, capsys):
    folder = copy(phuket, tmp_path / "d")
    header, data = rows(folder / "lpa.csv")
    write(folder / "lpa.csv", header, data + [dict(r, year_be="2564") for r in data])
    findings, failed = findings_of(folder)
    assert failed and "choose one with --year" in findings[0].message
    out = tmp_path / "out"
    assert main(["booklet", "--data", str(folder), "--province", "TH-50", "--year", "2564", "-o", str(out),
                 "--no-national"]) == 1
    assert "no LAOs of TH-50" in capsys.readouterr().err
    assert main(["booklet", "--data", str(folder), "--all", "--year", "2564", "-o", str(out), "--no-national"]) == 0
    assert sorted(p.name for p in out.glob("*.pdf")) == ["TH-83.pdf"]  # only provinces with data
