"""The bundled example's 76-province merge: one letter per governor, a combined PDF with a
bookmark per letter and the distribution list, the list on its own, and identical bytes on a
second run.  The example names a neutral emblem file (the Garuda is not bundled), so it builds
without a warning (the suite turns saraban's warnings into errors)."""

from __future__ import annotations

import csv

import pypdf
import pytest

from saraban.letters.build import CIRCULAR_NAME, COMBINED_NAME, DISTRIBUTION_NAME, build_letters
from saraban.outputs import MARKER_NAME

from saraban.thai.numerals import to_thai_digits

import structure
from helpers import EXAMPLE_LETTER, pdftotext_pages, squash

PROVINCES = EXAMPLE_LETTER.parent.parent.parent / "data" / "provinces.csv"


@pytest.fixture(scope="module")
def governors():
    with PROVINCES.open(encoding="utf-8") as fh:
        return {r["code"]: r["name_th"] for r in csv.DictReader(fh) if r["code"] != "TH-10"}


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    out = tmp_path_factory.mktemp("merge")
    result = build_letters(EXAMPLE_LETTER, out)
    return out, result


def test_one_letter_per_governor(merged, governors):
    out, result = merged
    assert len(governors) == 76 and result.letters == 76
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{code}.pdf" for code in governors] + [COMBINED_NAME, DISTRIBUTION_NAME, CIRCULAR_NAME, MARKER_NAME])
    for code, name in governors.items():
        page1 = pdftotext_pages(out / f"{code}.pdf")[0]
        salutations = [ln for ln in page1 if ln.startswith("เรียน ")]
        assert salutations == [f"เรียน ผู้ว่าราชการจังหวัด{name}"], code
        info = pypdf.PdfReader(str(out / f"{code}.pdf")).metadata
        assert info.keywords == f"ผู้ว่าราชการจังหวัด{name}"


def test_combined_pdf_and_distribution_list(merged, governors):
    out, result = merged
    combined = pypdf.PdfReader(str(out / COMBINED_NAME))
    listing = pypdf.PdfReader(str(out / DISTRIBUTION_NAME))
    assert len(combined.pages) == result.pages + len(listing.pages)
    titles = [o.title for o in combined.outline]
    assert titles[-1] == "บัญชีรายชื่อแนบท้าย"
    assert sorted(titles[:-1]) == sorted(f"ผู้ว่าราชการจังหวัด{n}" for n in governors.values())
    pages = pdftotext_pages(out / DISTRIBUTION_NAME)
    assert len(pages) == 2 and pages[0][0] == "บัญชีรายชื่อแนบท้าย"
    assert pages[1][:2] == ["- ๒ -", "บัญชีรายชื่อแนบท้าย (ต่อ)"]   # numbered, its heading carried
    lines = pages[0][2:] + pages[1][2:]
    entries = [ln.split(" ", 1) for ln in lines]
    thai_numbers = [f"{to_thai_digits(str(i))}." for i in range(1, 77)]
    assert [number for number, _ in entries] == thai_numbers  # numbered in reading order
    assert sorted(name for _, name in entries) == sorted(f"ผู้ว่าราชการจังหวัด{n}" for n in governors.values())
    # the combined PDF ends with the same list
    tail = [squash(combined.pages[-1].extract_text())]
    assert "ผู้ว่าราชการจังหวัด" in tail[0]


def test_merge_outputs_are_tagged(merged, governors):
    """Every file of the merge is tagged and clean; in the combined PDF each letter and the list
    is a section of its own; the distribution list is a list of 76 numbered entries (its
    continued title and page number are artifacts)."""
    out, result = merged
    for name in (COMBINED_NAME, DISTRIBUTION_NAME, CIRCULAR_NAME, "TH-50.pdf"):
        assert structure.problems(out / name) == [], name
    roles = structure.roles(out / COMBINED_NAME)
    assert roles[0] == "Document"
    assert [r for r in roles if r.startswith("  ") and not r.startswith("   ")] == ["  Sect"] * (result.letters + 1)
    listing = structure.roles(out / DISTRIBUTION_NAME)
    assert listing[:3] == ["Document", "  H1", "  P"] and listing[3] == "  L"
    assert listing[4:] == ["    LI", "      Lbl", "      LBody"] * len(governors)
    assert "(ต่อ)" not in structure.dump(out / DISTRIBUTION_NAME)


def test_identical_input_identical_bytes(merged, tmp_path):
    out, _ = merged
    build_letters(EXAMPLE_LETTER, tmp_path)
    for path in out.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_merge_from_xlsx_with_a_filename_pattern(tmp_path):
    import pandas as pd

    from helpers import letter_variant

    pd.DataFrame({"รหัส": ["TH-50", "TH-83"], "จังหวัด": ["เชียงใหม่", "ภูเก็ต"]}).to_excel(
        tmp_path / "rows.xlsx", index=False)
    spec = letter_variant(tmp_path, append='\n[merge]\ndata = "rows.xlsx"\nfilename = "{{ รหัส }}-หนังสือ"\n'
                                           'recipient = "ผู้ว่าราชการจังหวัด{{ จังหวัด }}"\n')
    result = build_letters(spec, tmp_path / "out")
    assert result.letters == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        MARKER_NAME, "TH-50-หนังสือ.pdf", "TH-83-หนังสือ.pdf", CIRCULAR_NAME, COMBINED_NAME, DISTRIBUTION_NAME]
    page1 = pdftotext_pages(tmp_path / "out" / "TH-83-หนังสือ.pdf")[0]
    assert "เรียน ผู้ว่าราชการจังหวัดภูเก็ต" in page1


def test_the_circular_goes_out_once_with_the_list(merged):
    out, _ = merged
    pages = pdftotext_pages(out / CIRCULAR_NAME)
    assert [ln for ln in pages[0] if ln.startswith("เรียน ")] == ["เรียน ผู้ว่าราชการจังหวัด ทุกจังหวัด"]
    starts = [i for i, page in enumerate(pages) if page and page[0] == "บัญชีรายชื่อแนบท้าย"]
    assert len(starts) == 1 and starts[0] >= 2  # after the letter and its enclosure page
    assert pages[-1][-1].startswith("๗๖. ")
    titles = [o.title for o in pypdf.PdfReader(str(out / CIRCULAR_NAME)).outline]
    assert titles == ["ผู้ว่าราชการจังหวัด ทุกจังหวัด", "บัญชีรายชื่อแนบท้าย"]


def test_no_circular_when_the_letter_itself_uses_the_columns(tmp_path):
    from helpers import letter_variant

    (tmp_path / "rows.csv").write_text("code,name_th\nTH-50,เชียงใหม่\n", encoding="utf-8")
    spec = letter_variant(tmp_path, {"จึงเรียนมาเพื่อโปรดพิจารณา": "จึงเรียนมาเพื่อโปรดพิจารณา ({{ code }})"},
                          append='\n[merge]\ndata = "rows.csv"\nrecipient = "ผู้ว่าราชการจังหวัด{{ name_th }}"\n')
    build_letters(spec, tmp_path / "out")
    assert not (tmp_path / "out" / CIRCULAR_NAME).exists()
    assert (tmp_path / "out" / "TH-50.pdf").exists()
