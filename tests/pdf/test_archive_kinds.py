"""Every kind of PDF saraban writes carries every item of the archival and accessibility promise
(issue 14), each read back by a real reader: a single letter of every example under letters/ (the
list is the folder's), a merge's letter with its enclosed PDF page, its combined PDF and its
distribution list, the numbered circular, the register form, a province booklet and the national
one, the saddle-stitch print file, and ``thai render``.

Per file (:func:`promise_problems`): PDF/A clauses with pikepdf, pdfinfo and pdffonts
(tests/pdf/pdfa_checks.py: XMP equal to the info dictionary, sRGB output intent, every font
embedded with ToUnicode, nothing encrypted, annotations printable with an appearance and links in
the tree, /Lang, MarkInfo, DisplayDocTitle, the outline panel open exactly when there are
bookmarks); the tagging rules with pikepdf and pdf.js (tests/structure.py: all painting tagged or
an artifact, figures with Alt, the tree's text the page's text); a title; the date of
SOURCE_DATE_EPOCH; a page label per page; header cells with a scope; no page number in the tree;
no English outside a ``Span`` with ``/Lang en``.  The print file is PDF/A but not tagged (it is an
imposition for the printer; the booklet beside it is the one to read): the tagging items are left
out for it and the test says so."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3  # noqa: F401  (the register's database: SQLite, in a temporary folder)
import tomllib
from pathlib import Path

import pikepdf
import pytest

import pdfa_checks
import structure
from saraban.cli import main
from saraban.letters.build import build_letters
from saraban.reports.sample import write_sample

REPO = Path(__file__).resolve().parents[2]
#: Every example under letters/ that writes one letter (the merges are built below).
SINGLE = sorted(p for p in (REPO / "letters").glob("*/*.toml")
                if p.name != "seed-as-typed.toml" and "merge" not in tomllib.loads(p.read_text(encoding="utf-8")))
#: A page number as the running headers and footers print it: "- ๒ -", "หน้า ๓", "๑๒".
PAGE_NUMBER = re.compile(r"^(-\s*[๐-๙0-9]+\s*-|หน้า\s*[๐-๙0-9]+|[๐-๙0-9]+)$")
_LATIN = re.compile(r"[A-Za-z]")


def _english_outside_spans(dump: str) -> list[str]:
    """Lines of a structure dump whose own text has Latin letters outside ``[en: …]``."""
    out = []
    for line in dump.splitlines():
        role, _, text = line.strip().partition(": ")
        if role.startswith(("Link", "Figure")) or not text:
            continue
        if _LATIN.search(re.sub(r"\[en: [^\]]*\]", "", text)):
            out.append(line.strip())
    return out


def promise_problems(path: Path, part: int = 2, tagged: bool = True, numbered: bool = True) -> list[str]:
    """Every item of the promise ``path`` misses (an empty list: none).  ``numbered``: the pages
    print numbers, so the file has page labels."""
    out = pdfa_checks.problems(path, part)
    if not tagged:   # the print file: everything but the structure tree
        out = [p for p in out if p not in ("not /Marked", "pdfinfo: not tagged")]
    epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    with pikepdf.open(path) as pdf:
        info = pdf.trailer.Info
        if not str(info.get("/Title", "")).strip():
            out.append("no title")
        if pdfa_checks.info_date(str(info.CreationDate)) != dt.datetime.fromtimestamp(epoch, dt.timezone.utc):
            out.append(f"creation date {info.CreationDate}, not SOURCE_DATE_EPOCH")
        if "/PageLabels" not in pdf.Root and numbered:
            out.append("no page labels")
        if tagged:
            for depth, elem, _ in structure.walk(pdf):
                if elem.S == "/TH" and "/Scope" not in elem.get("/A", {}):
                    out.append("a TH without scope")
        elif "/StructTreeRoot" in pdf.Root or "/MarkInfo" in pdf.Root:
            out.append("an untagged file claims a structure")
    if tagged:
        out += structure.problems(path)
        dump = structure.dump(path)
        for line in dump.splitlines():
            role, _, text = line.strip().partition(": ")
            if role in ("P", "H1", "H2") and PAGE_NUMBER.match(text.strip()):
                out.append(f"a page number in the tree: {line.strip()}")
        out += [f"English without /Lang en: {x}" for x in _english_outside_spans(dump)]
    return out


@pytest.mark.parametrize("spec", SINGLE, ids=lambda p: p.parent.name)
def test_every_single_letter_example(spec, tmp_path):
    out = tmp_path / "letter.pdf"
    build_letters(spec, out)
    assert promise_problems(out) == []


@pytest.fixture(scope="module")
def enclosure_merge(tmp_path_factory):
    """letters/dla-lao-count-2564 with its 76 enclosures (made by its script): a letter with an
    enclosed PDF page, the combined PDF, the distribution list."""
    import importlib.util

    where = Path(__file__).parents[1] / "letters" / "test_letter_circular.py"
    loader = importlib.util.spec_from_file_location("circular_example", where)
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("lao-count")
    build_letters(module.copy_example(folder), folder / "out")
    return folder / "out"


@pytest.mark.parametrize("name", ["TH-50.pdf", "combined.pdf", "distribution-list.pdf"])
def test_merge_with_enclosures(enclosure_merge, name):
    assert promise_problems(enclosure_merge / name) == []


def test_merge_combined_bookmarks_open_each_recipients_letter(enclosure_merge):
    with pikepdf.open(enclosure_merge / "combined.pdf") as pdf:
        assert pdf.Root.PageMode == "/UseOutlines"
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            items = [(item.title, pages[item.destination[0].objgen]) for item in outline.root]
    text = structure.readers.pdftotext(enclosure_merge / "combined.pdf")
    for title, page in items[:-1]:   # the last bookmark: the distribution list
        assert title.split()[-1] in text[page].replace("\n", " "), (title, page)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """The README's register example: the seed circular numbered from an SQLite register (76
    letters, combined.pdf, the list, circular.pdf) and the register exported as its form."""
    folder = tmp_path_factory.mktemp("office")
    seed = REPO / "letters" / "dla-lpa-2563"
    text = (seed / "letter.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^number = .*$", 'number = { series = "circular", via = "e-saraban" }', text)
    text = text.replace('"../../data/', f'"{REPO / "data"}/')
    (folder / "circular.toml").write_text(text, encoding="utf-8")
    for name in ("body.md.j2", "emblem.svg"):
        shutil.copy(seed / name, folder / name)
    (folder / "office.toml").write_text('[series]\ncircular = "มท 0810.7/ว"\nletter = "มท 0810.7/"\n',
                                        encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        assert main(["register", "init", "--next", "circular=4419", "--year", "2564"]) == 0
        assert main(["letter", "circular.toml", "-o", "out/", "--no-progress"]) == 0
        assert main(["register", "export", "-o", "register.pdf"]) == 0
    finally:
        os.chdir(cwd)
    return folder


@pytest.mark.parametrize("name", ["out/circular.pdf", "register.pdf"])
def test_circular_and_register_form(office, name):
    assert promise_problems(office / name) == []


@pytest.fixture(scope="module")
def booklets(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    write_sample(data, seed=5, provinces_filter=["TH-83"])
    out = tmp_path_factory.mktemp("booklets")
    assert main(["booklet", "--data", str(data), "--province", "TH-83", "-o", str(out), "--imposition", "saddle",
                 "--no-progress"]) == 0
    return out


@pytest.mark.parametrize("name", ["TH-83.pdf", "national.pdf"])
def test_booklets(booklets, name):
    assert promise_problems(booklets / name, part=3) == []


@pytest.mark.parametrize("name", ["TH-83-print.pdf", "national-print.pdf"])
def test_print_files_are_pdfa_but_not_tagged(booklets, name):
    assert promise_problems(booklets / name, tagged=False, numbered=False) == []


def test_thai_render(tmp_path):
    (tmp_path / "in.txt").write_text("ประกาศผลการประเมิน (Local Performance Assessment: LPA) ที่ www.dla.go.th\n",
                                     encoding="utf-8")
    assert main(["thai", "render", str(tmp_path / "in.txt"), "-o", str(tmp_path / "out.pdf")]) == 0
    assert promise_problems(tmp_path / "out.pdf", numbered=False) == []   # its pages print no numbers
