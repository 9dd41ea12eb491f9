"""Tagged letters: the structure tree of the seed letter, a markup body (a nested list and a
table running over two pages) and a memo, read back with pikepdf and with pdf.js
(``page.getStructTree()``): roles in reading order, every piece of page content in the tree or an
artifact, the tree's text equal to the page text, Alt text on every figure.  The seed letter's
tree is also kept as a reviewed dump (tests/golden/letter-seed-structure.txt; regenerate with
SARABAN_UPDATE_GOLDEN=1 and read it before committing)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

import structure
from saraban.letters.build import build_letters

from helpers import GOLDEN, letter_variant
from test_letter_markup import ROWS, TABLE_BODY

MEMO = Path(__file__).parents[2] / "letters" / "memo-lpa" / "memo.toml"


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed-tags")
    build_letters(letter_variant(folder), folder / "seed.pdf")
    return folder / "seed.pdf"


@pytest.fixture(scope="module")
def markup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("markup-tags")
    spec = letter_variant(folder)
    text = re.sub(r'body = """.*?"""', lambda m: 'body = """\n' + TABLE_BODY + '\n"""',
                  spec.read_text(encoding="utf-8"), flags=re.S)
    spec.write_text(text, encoding="utf-8")
    build_letters(spec, folder / "t.pdf")
    return folder / "t.pdf"


def _pdfjs_roles(node, depth=0):
    """pdf.js's struct tree of a page as indented roles (content nodes left out)."""
    out = []
    if "role" in node:
        out.append("  " * depth + node["role"])
    for child in node.get("children", []):
        if "role" in child:
            out += _pdfjs_roles(child, depth + ("role" in node))
    return out


def _pdfjs_nodes(node):
    """Every element of pdf.js's struct tree of a page, in order."""
    for child in node.get("children", []):
        if "role" in child:
            yield child
            yield from _pdfjs_nodes(child)


def test_seed_letter_is_tagged_and_clean(seed):
    info = subprocess.run(["pdfinfo", str(seed)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert structure.problems(seed) == []


def test_seed_letter_page_one_as_pdfjs_reads_it(seed):
    [page, *_] = structure.pdfjs_pages(seed)
    assert _pdfjs_roles(page.struct) == [
        "Root", "  Document",
        "    Figure",                      # the emblem
        "    P", "    P", "    P",         # ที่, the owner and address, the date
        "    H1",                          # เรื่อง
        "    P",                           # เรียน
        "    P", "    L",                  # อ้างถึง and its two numbered references
        "      LI", "        Lbl", "        LBody",
        "      LI", "        Lbl", "        LBody",
        "    P",                           # สิ่งที่ส่งมาด้วย, with "QR Code" and "LPA" in English
        "      Span", "      Span",
        "    P", "      Span",             # the body, each paragraph with "(Local Performance
        "    P", "      Span",             # Assessment: LPA)" in English (it continues on page 2)
    ]
    spans = [n for n in _pdfjs_nodes(page.struct) if n["role"] == "Span"]
    assert [n.get("lang") for n in spans] == ["en"] * 4
    figure = page.struct["children"][0]["children"][0]
    assert figure["role"] == "Figure" and figure["alt"] == "ตราครุฑ"


def test_seed_letter_structure_matches_reviewed_dump(seed):
    got = structure.dump(seed)
    path = GOLDEN / "letter-seed-structure.txt"
    if os.environ.get("SARABAN_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    # compared without white space: where a paragraph's lines break (a space in the dump between
    # two lines' text) is the line breaker's business, not the structure's
    assert structure.unspaced(got) == structure.unspaced(path.read_text(encoding="utf-8"))


def test_markup_body_lists_and_table(markup):
    assert structure.problems(markup) == []
    roles = structure.roles(markup)
    text = "\n".join(roles)
    # the nested list: items of level 1 inside the body of item ๑., level 2 inside ๑.๑
    assert ("  L\n    LI\n      LBody\n        L\n          LI\n            LBody\n              L\n"
            "                LI\n                  LBody\n                LI\n                  LBody\n"
            "          LI\n            LBody\n    LI\n      LBody\n") in text + "\n"
    # one table: a header row of three TH, then a TR of three TD per data row (the header set
    # again on the next page is an artifact, not a second header row)
    start = roles.index("  Table")
    rows = [r for r in roles[start + 1:] if r.startswith("    TR")]
    cells = [r.strip() for r in roles[start + 1:] if r.startswith("      T")]
    assert len(rows) == ROWS + 1
    assert cells[:3] == ["TH", "TH", "TH"] and cells.count("TH") == 3 and cells.count("TD") == 3 * ROWS
    dump = structure.dump(markup)
    assert "      TH scope=Column: ลำดับ\n" in dump


def test_memo_has_its_title_as_heading(tmp_path):
    build_letters(MEMO, tmp_path / "memo.pdf")
    assert structure.problems(tmp_path / "memo.pdf") == []
    assert "\n  H1: บันทึกข้อความ\n" in structure.dump(tmp_path / "memo.pdf")
