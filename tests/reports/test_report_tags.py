"""Tagged booklets: the structure tree of a province booklet and the national booklet read back
with pikepdf and pdf.js — every piece of page content in the tree or an artifact, the tree's text
equal to the page text, Alt text on the emblem, the QR codes and the charts; sections, the
contents as TOC, tables with header cells; the LAO table one Table across its pages with its
header repeated as an artifact; the same text extracted as from the untagged booklet.  The
province booklet's tree is kept as a reviewed dump (tests/golden/booklet-structure.txt;
regenerate with SARABAN_UPDATE_GOLDEN=1 and read it before committing)."""

from __future__ import annotations

import json
import os

import pytest

import structure
from saraban.reports.build import build_booklets
from saraban.reports.sample import write_sample

from helpers import GOLDEN, pdftotext_pages

#: The print date on the back cover comes from SOURCE_DATE_EPOCH (the golden dump holds it).
EPOCH = "1700000000"
LAO_COLUMNS = 11


@pytest.fixture(scope="module")
def booklets(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    write_sample(data, seed=5, provinces_filter=["TH-83"])
    out = tmp_path_factory.mktemp("out")
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        build_booklets([data], out, all_provinces=True)
        plain = tmp_path_factory.mktemp("plain")
        build_booklets([data], plain, province="TH-83", national=False, tagged=False)
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    return out, plain


@pytest.fixture(scope="module")
def long_table(tmp_path_factory):
    """Phuket ×6: a LAO table over several pages."""
    data = tmp_path_factory.mktemp("data6")
    write_sample(data, seed=9, provinces_filter=["TH-83"], scale=6)
    out = tmp_path_factory.mktemp("out6")
    build_booklets([data], out, province="TH-83", national=False)
    return out / "TH-83.pdf"


@pytest.mark.parametrize("name", ["TH-83.pdf", "national.pdf"])
def test_booklets_are_tagged_and_clean(booklets, name):
    out, _ = booklets
    assert structure.problems(out / name) == []


def test_province_booklet_structure_matches_reviewed_dump(booklets):
    out, _ = booklets
    got = structure.dump(out / "TH-83.pdf")
    path = GOLDEN / "booklet-structure.txt"
    if os.environ.get("SARABAN_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert structure.unspaced(got) == structure.unspaced(path.read_text(encoding="utf-8"))


def test_outline_sections_contents_figures(booklets):
    out, _ = booklets
    roles = structure.roles(out / "TH-83.pdf")
    top = [r.strip() for r in roles if r.startswith("  ") and not r.startswith("   ")]
    # cover, foreword, contents, five sections, back cover
    assert top == ["Sect"] * 9
    heads = [r.strip() for r in roles if r.startswith("    ") and not r.startswith("     ")]
    assert heads[:2] == ["Figure", "H1"]          # the cover: emblem, title
    assert "TOC" in heads and heads.count("H1") == 1 + 1 + 1 + 5
    dump = structure.dump(out / "TH-83.pdf")
    assert dump.count("Figure alt=") == 6         # emblem, cover QR, two charts, survey QR, back QR
    assert 'Figure alt="แผนภูมิแท่งค่าเฉลี่ยร้อยละรายด้าน: ด้านการบริหารจัดการ จังหวัดภูเก็ต ' in dump
    assert "      TOCI\n        Reference: สรุปผลการประเมินของจังหวัด" in dump
    assert "        TH scope=Row: จำนวนองค์กรปกครองส่วนท้องถิ่น\n        TD: " in dump


def test_lao_table_page_as_pdfjs_reads_it(booklets):
    out, _ = booklets
    pages = structure.pdfjs_pages(out / "TH-83.pdf")
    [page] = [p for p in pages if "ชื่อ อปท." in p.text and "ด้าน ๕" in p.text]
    [document] = page.struct["children"]
    [section] = document["children"]
    assert [k["role"] for k in section["children"]] == ["H1", "Table", "P"]   # heading, table, legend
    rows = section["children"][1]["children"]
    assert {k["role"] for k in rows} == {"TR"}
    assert [c["role"] for c in rows[0]["children"]] == ["TH"] * LAO_COLUMNS
    assert [c["role"] for c in rows[1]["children"]] == ["TD"]                # the district, spanning
    assert [c["role"] for c in rows[2]["children"]] == ["TD"] * LAO_COLUMNS


def test_lao_table_over_pages_is_one_table_with_one_header(long_table):
    assert structure.problems(long_table) == []
    roles = structure.roles(long_table)
    dump = structure.dump(long_table)
    heading = next(i for i, line in enumerate(dump.splitlines()) if line.startswith("    H1: ผลการประเมินราย"))
    start = roles.index("    Table", heading)
    table = []
    for r in roles[start + 1:]:
        if not r.startswith("      "):
            break
        table.append(r.strip())
    rows, row = [], None
    for r in table:
        if r == "TR":
            row = []
            rows.append(row)
        else:
            row.append(r)
    # the header once (its repeats are artifacts), then district rows (one spanning cell) and LAO rows
    assert rows[0] == ["TH"] * LAO_COLUMNS
    assert all(r in (["TD"], ["TD"] * LAO_COLUMNS) for r in rows[1:])
    laos = json.loads((long_table.parent / "manifest.json").read_text(encoding="utf-8"))["booklets"][0]["laos"]
    assert sum(r == ["TD"] * LAO_COLUMNS for r in rows) == laos
    assert dump.count("colspan=11") == sum(r == ["TD"] for r in rows)
    assert "(ต่อ)" in dump                                       # a continued district is a row of it
    pages = structure.pdfjs_pages(long_table)
    repeated = [p for p in pages if "ชื่อ อปท." in p.text and "ด้าน ๕" in p.text][1:]   # LAO table pages
    assert repeated and all(any(r["tag"] == "Artifact" and "ชื่อ อปท." in r["text"] for r in p.marked)
                            for p in repeated)


def test_tagging_changes_no_extracted_text(booklets):
    out, plain = booklets
    tagged = out / "TH-83.pdf"
    assert "StructTreeRoot".encode() not in (plain / "TH-83.pdf").read_bytes()
    assert pdftotext_pages(tagged) == pdftotext_pages(plain / "TH-83.pdf")
