"""The circular example (letters/dla-lao-count-2564): one letter per provincial governor whose
body carries its province's figures in a table, nested items and an underlined deadline, with its
own PDF enclosure (the province's form) appended and stamped — all 76, text read back with
pdftotext and positions with pdfplumber."""

from __future__ import annotations

import csv
import importlib.util
import shutil
from pathlib import Path

import pypdf
import pytest

from saraban.letters.build import COMBINED_NAME, DISTRIBUTION_NAME, build_letters
from saraban.thai.numerals import to_thai_digits

from helpers import CM, find_line, pdf_lines, pdftotext_pages, squash

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "letters" / "dla-lao-count-2564"
COUNTS = ROOT / "data" / "lao_counts_by_province.csv"
KINDS = [("pao", "องค์การบริหารส่วนจังหวัด"), ("thesaban_nakhon", "เทศบาลนคร"),
         ("thesaban_mueang", "เทศบาลเมือง"), ("thesaban_tambon", "เทศบาลตำบล"),
         ("tao", "องค์การบริหารส่วนตำบล"), ("special", "องค์กรปกครองส่วนท้องถิ่นรูปแบบพิเศษ")]


def copy_example(folder: Path) -> Path:
    """The example and its data in ``folder`` (as in the repository), with its 76 enclosures made
    by the example's script; returns the spec."""
    (folder / "data").mkdir()
    shutil.copy(COUNTS, folder / "data" / COUNTS.name)
    target = folder / "letters" / EXAMPLE.name
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("enclosures", "__pycache__"))
    spec = importlib.util.spec_from_file_location("make_enclosures", target / "make_enclosures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(target / "enclosures")
    return target / "letter.toml"


@pytest.fixture(scope="module")
def governors():
    with COUNTS.open(encoding="utf-8") as fh:
        return {r["code"]: r for r in csv.DictReader(fh) if r["code"] != "TH-10"}


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    folder = tmp_path_factory.mktemp("circular")
    spec = copy_example(folder)
    out = folder / "out"
    result = build_letters(spec, out)
    return out, result


def test_every_governor_gets_a_letter_with_its_own_enclosure(merged, governors):
    out, result = merged
    assert result.letters == 76
    for code, row in governors.items():
        pages = pdftotext_pages(out / f"{code}.pdf")
        text = " ".join(" ".join(p) for p in pages)
        name = row["name_th"]
        assert f"เรียน ผู้ว่าราชการจังหวัด{name}" in text
        # the enclosure is the last page: this province's form, stamped at its top right
        last = pages[-1]
        assert "สิ่งที่ส่งมาด้วย" in last
        assert any(f"จังหวัด{name} ({code})" in line for line in last), (code, last[:3])
        assert sum(f"({c})" in " ".join(p) for p in pages for c in governors) == 1   # no other's form
        # the body's table carries this province's figures, in Thai digits
        for key, label in KINDS:
            assert f"{label} {to_thai_digits(row[key])}" in text, (code, label)
        total = to_thai_digits(f"{int(row['total']):,}")
        assert f"รวม {total}" in text


def test_text_round_trips(merged, governors):
    """Everything the letter says comes back from pdftotext in order: items, sub-items with their
    labels, the underlined deadline, the closing — no markup left."""
    out, _ = merged
    text = squash(" ".join(" ".join(p) for p in pdftotext_pages(out / "TH-50.pdf")))
    expected = ["ในการนี้ เพื่อให้การจัดสรรเงินอุดหนุนเป็นไปด้วยความถูกต้อง",
                "๑. ตรวจสอบจำนวนองค์กรปกครองส่วนท้องถิ่นตามตารางข้างต้นกับทะเบียนของจังหวัด",
                "๑.๑ กรณีข้อมูลถูกต้อง", "๑.๒ กรณีข้อมูลไม่ถูกต้อง", "(๑) ประเภทและจำนวน", "(๒) เลขที่และวันที่",
                "๒. ส่งแบบตรวจสอบคืน", "ภายในวันที่ ๑๔ มกราคม ๒๕๖๕", "ขอแสดงความนับถือ"]
    at = 0
    for phrase in expected:
        found = text.find(phrase, at)
        assert found >= 0, (phrase, text[at:at + 200])
        at = found + len(phrase)
    for markup in ("<u>", "</u>", "**", "|", "{{"):
        assert markup not in text


def test_table_cells_items_and_underline_in_place(merged, governors):
    import pdfplumber

    out, _ = merged
    row = governors["TH-50"]
    lines = pdf_lines(out / "TH-50.pdf", 1)
    header = find_line(lines, "ประเภท")
    cells = {}
    for key, label in KINDS:
        left = find_line(lines, label)
        number = [l for l in lines if abs(l["baseline"] - left["baseline"]) < 0.05 and l is not left]
        assert [squash(n["text"]) for n in number] == [to_thai_digits(row[key])], label
        cells[label] = (left, number[0])
    for left, number in cells.values():
        assert left["x0"] == pytest.approx(3.0 + 2 / CM, abs=0.05)        # the cell's padding
        assert number["x1"] == pytest.approx(19.0 - 2 / CM, abs=0.05)     # right-aligned
        assert left["baseline"] > header["baseline"]
    baselines = [left["baseline"] for left, _ in cells.values()]
    assert baselines == sorted(baselines)                                 # rows in order, down the page
    # items at their levels: ๑. at the body indent, ๑.๑ further in, (๑) further still
    x = {squash(l["text"]).split(" ")[0]: l["x0"] for l in lines}
    assert x["๑."] == pytest.approx(5.5, abs=0.05) and x["๑.๑"] > x["๑."] + 0.3 and x["(๑)"] > x["๑.๑"] + 0.3
    # the deadline is underlined: a rule under its words
    page_no = next(n for n in range(1, 4) if any("ภายในวันที่" in l["text"] for l in pdf_lines(out / "TH-50.pdf", n)))
    deadline = find_line([l for l in pdf_lines(out / "TH-50.pdf", page_no) if "ภายในวันที่" in l["text"]], "")
    with pdfplumber.open(str(out / "TH-50.pdf")) as pdf:
        page = pdf.pages[page_no - 1]
        rules = [r for r in page.lines + page.rects
                 if abs(r["top"] / CM - deadline["baseline"]) < 0.25 and r["width"] > 2 * CM]
    assert rules, "no underline under the deadline"


def test_enclosure_pages_are_stamped_and_the_list_and_combined_follow(merged, governors):
    import pdfplumber

    out, result = merged
    with pdfplumber.open(str(out / "TH-50.pdf")) as pdf:
        page = pdf.pages[-1]
        stamp = [c for c in page.chars if c["top"] < 1.2 * CM]
        assert "".join(c["text"] for c in stamp).replace(" ", "") == "สิ่งที่ส่งมาด้วย"
        assert min(c["x0"] for c in stamp) > page.width / 2
    combined = pypdf.PdfReader(str(out / COMBINED_NAME))
    listing = pypdf.PdfReader(str(out / DISTRIBUTION_NAME))
    assert len(combined.pages) == result.pages + len(listing.pages)
    forms = [p for p in pdftotext_pages(out / COMBINED_NAME) if any("ขอรับรองว่าข้อมูลข้างต้น" in ln for ln in p)]
    assert len(forms) == 76


def test_rebuild_is_byte_identical(merged, tmp_path):
    out, _ = merged
    spec = copy_example(tmp_path)
    build_letters(spec, tmp_path / "again")
    for name in ("TH-50.pdf", COMBINED_NAME):
        assert (tmp_path / "again" / name).read_bytes() == (out / name).read_bytes()
