"""Every example under letters/ comes out as DOCX — found from the folder, not from a hand-kept
list, merges with one DOCX per row — and every kind of document has an example.  The first row of
each merge is compared with LibreOffice against the row's own PDF (its letter pages; an enclosed
PDF file stays with the PDF)."""

from __future__ import annotations

import importlib.util
import shutil
import tomllib
from pathlib import Path

import docx
import pytest

from docx_checks import REPO, build, comparable, convert, pdf_lines, pdftotext, soffice, split_marks

LETTERS = REPO / "letters"
FORMS = REPO / "src" / "saraban" / "letters" / "forms"
EXAMPLES = sorted(LETTERS.glob("*/*.toml"))

#: How far a line may be from where saraban's PDF puts it (the issue's tolerance), cm.
TOLERANCE_CM = 0.3


def _spec(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _kind(path: Path) -> str:
    return _spec(path).get("kind", "external")


def prepared(spec: Path, folder: Path) -> Path:
    """The example copied into ``folder`` as it sits in the repository (its data beside it), with
    the enclosures its own script makes (dla-lao-count-2564) made there."""
    target = folder / "letters" / spec.parent.name
    shutil.copytree(spec.parent, target, ignore=shutil.ignore_patterns("enclosures", "__pycache__"))
    shutil.copytree(REPO / "data", folder / "data")
    script = target / "make_enclosures.py"
    if script.exists():
        loader = importlib.util.spec_from_file_location(f"make_enclosures_{spec.parent.name}", script)
        module = importlib.util.module_from_spec(loader)
        loader.loader.exec_module(module)
        module.main(target / "enclosures")
    return target / spec.name


def test_every_kind_has_an_example():
    """A kind (a form under letters/forms) without an example would go unchecked in Word."""
    assert {_kind(p) for p in EXAMPLES} == {f.stem for f in FORMS.glob("*.toml")}


@pytest.mark.parametrize("spec", EXAMPLES, ids=_id)
def test_example_converts_to_docx(tmp_path, spec):
    """The example as DOCX: one file (a merge: one per row, plus the distribution list and the
    circular when the kind has recipients), each opening in python-docx with the letter's
    number, paragraphs in the Thai-named styles and the Thai font named."""
    source = prepared(spec, tmp_path / "src")
    merge = "merge" in _spec(spec)
    out = tmp_path / ("out" if merge else f"{spec.stem}.docx")
    result = build(source, out, "docx")
    files = [f for f in result.files if f.suffix == ".docx"]
    assert files and all(f.exists() for f in files)
    if merge:
        rows = [f for f in files if f.name not in ("distribution-list.docx", "circular.docx")]
        assert len(rows) == result.letters > 1
    for path in files[:3] + files[-2:]:
        document = docx.Document(str(path))
        text = "\n".join(p.text for p in document.paragraphs)
        assert len(text) > 50
        styles = {p.style.name for p in document.paragraphs if p.text}
        assert styles and all(any("\u0e00" <= c <= "\u0e7f" for c in s) for s in styles), styles
        fonts = document.styles.element.xpath("//w:docDefaults//w:rFonts/@w:cs")
        assert fonts == ["Sarabun"]


@pytest.fixture(scope="module")
def merge_rows(tmp_path_factory):
    """{example: (saraban's PDF of row 1, LibreOffice's PDF of its DOCX, pages of its enclosures)}."""
    folder = tmp_path_factory.mktemp("docx-merges")
    pairs = {}
    for spec in EXAMPLES:
        if "merge" not in _spec(spec):
            continue
        source = prepared(spec, folder / spec.parent.name)
        out = folder / spec.parent.name / "out"
        build(source, out, "both")
        first = sorted(p for p in out.glob("*.docx") if p.name not in ("distribution-list.docx", "circular.docx"))[0]
        enclosed = 0
        import pypdf

        for f in (source.parent / "enclosures").glob("*.pdf") if (source.parent / "enclosures").exists() else ():
            if f.stem == first.stem:
                enclosed = len(pypdf.PdfReader(str(f)).pages)
        named = folder / f"{spec.parent.name}-{first.name}"      # row files of two merges share names
        shutil.copy(first, named)
        pairs[spec.parent.name] = (first.with_suffix(".pdf"), named, enclosed)
    convert([d for _, d, _ in pairs.values()], folder / "lo", folder)
    return {k: (pdf, folder / "lo" / f"{d.stem}.pdf", n) for k, (pdf, d, n) in pairs.items()}


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (libreoffice-writer-nogui) is required")
@pytest.mark.parametrize("name", sorted(p.parent.name for p in EXAMPLES if "merge" in _spec(p)))
def test_merge_first_row_against_libreoffice(merge_rows, name, tmp_path):
    """Row 1 of each merge: the same text and pages as its PDF without the enclosed file's
    pages, its first and last lines within the tolerance."""
    import pypdf

    ours, theirs, enclosed = merge_rows[name]
    reader = pypdf.PdfReader(str(ours))
    letter_pages = len(reader.pages) - enclosed
    assert len(pypdf.PdfReader(str(theirs)).pages) == letter_pages
    if enclosed:
        writer = pypdf.PdfWriter()
        for page in reader.pages[:letter_pages]:
            writer.add_page(page)
        ours = tmp_path / "letter-pages.pdf"
        with ours.open("wb") as fh:
            writer.write(fh)
    base_a, marks_a = split_marks(comparable(pdftotext(ours)))
    base_b, marks_b = split_marks(comparable(pdftotext(theirs)))
    assert len(base_a) > 500
    assert base_a == base_b and marks_a == marks_b
    a, b = pdf_lines(ours), pdf_lines(theirs)
    for x, y in ((a[0], b[0]), (a[-1], b[-1])):
        assert x.page == y.page
        assert abs(x.baseline - y.baseline) <= TOLERANCE_CM and abs(x.chars[0][1] - y.chars[0][1]) <= TOLERANCE_CM
