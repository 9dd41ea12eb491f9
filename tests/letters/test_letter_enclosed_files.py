"""Enclosures that are PDF files: appended after the letter, every page stamped at its top right
with the enclosure's number; per row in a merge; a missing or broken file stops the build before
anything is written."""

from __future__ import annotations

import hashlib

import pypdf
import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from saraban.errors import InputError
from saraban.letters.build import build_letters

from helpers import letter_variant, pdftotext_pages

ENCLOSURE = '''[[enclosures]]
text = "แบบรายงาน"
quantity = "1 ชุด"
file = "{file}"

[[enclosures]]'''


def _embedded_font() -> str:
    """A TrueType font reportlab embeds (subset, with ToUnicode), registered once: the enclosures
    are files whose fonts are in them, as PDF/A wants of the letter they are drawn into."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from saraban.thai.fonts import _bundled_sarabun

    if "EnclosureSarabun" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("EnclosureSarabun", str(_bundled_sarabun().files["regular"])))
    return "EnclosureSarabun"


def _pdf(path, pages, size=A4, text="FORM", font: str | None = None):
    font = font or _embedded_font()
    c = Canvas(str(path), pagesize=size, invariant=1, initialFontName=font)
    for k in range(pages):
        c.drawString(100, 400, f"{text} page {k + 1}")
        c.showPage()
    c.save()
    return path


def _spec(folder, file="form.pdf", append=""):
    return letter_variant(folder, {"[[enclosures]]": ENCLOSURE.format(file=file)}, append=append)


def test_pages_appended_and_stamped(tmp_path):
    _pdf(tmp_path / "form.pdf", 1)
    _pdf(tmp_path / "wide.pdf", 1, landscape(A4), "WIDE")
    spec = _spec(tmp_path)
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "[[enclosures]]\ntext = \"แบบรายงาน\"", "[[enclosures]]\ntext = \"ตาราง\"\nfile = \"wide.pdf\"\n\n"
        "[[enclosures]]\ntext = \"แบบรายงาน\"", 1), encoding="utf-8")
    build_letters(spec, tmp_path / "a.pdf")
    reader = pypdf.PdfReader(str(tmp_path / "a.pdf"))
    pages = pdftotext_pages(tmp_path / "a.pdf")
    # letter pages, the QR page, then the enclosed pages in the order of the enclosures
    assert sorted(pages[-2]) == sorted(["WIDE page 1", "สิ่งที่ส่งมาด้วย ๑"])
    assert sorted(pages[-1]) == sorted(["FORM page 1", "สิ่งที่ส่งมาด้วย ๒"])
    wide = reader.pages[-2].mediabox
    assert (float(wide.width), float(wide.height)) == pytest.approx(landscape(A4))
    # the stamp is at the top right of the enclosed page
    import pdfplumber

    with pdfplumber.open(str(tmp_path / "a.pdf")) as pdf:
        page = pdf.pages[-1]
        stamp = [c for c in page.chars if c["text"] in "สิ่งที่ส่งมาด้วย๒"]
        assert min(c["x0"] for c in stamp) > page.width / 2 and max(c["bottom"] for c in stamp) < 60
    first = hashlib.sha256((tmp_path / "a.pdf").read_bytes()).hexdigest()
    build_letters(spec, tmp_path / "a.pdf")
    assert hashlib.sha256((tmp_path / "a.pdf").read_bytes()).hexdigest() == first


def test_per_row_files_in_a_merge(tmp_path):
    (tmp_path / "lists").mkdir()
    (tmp_path / "p.csv").write_text("code,name_th\nTH-50,เชียงใหม่\nTH-55,น่าน\n", encoding="utf-8")
    for code, pages in (("TH-50", 2), ("TH-55", 1)):
        _pdf(tmp_path / "lists" / f"{code}.pdf", pages, text=code)
    spec = _spec(tmp_path, "lists/{{ code }}.pdf",
                 append='\n[merge]\ndata = "p.csv"\nrecipient = "ผู้ว่าราชการจังหวัด{{ name_th }}"\n')
    out = tmp_path / "out"
    build_letters(spec, out)
    for code, pages in (("TH-50", 2), ("TH-55", 1)):
        text = pdftotext_pages(out / f"{code}.pdf")
        enclosed = [p for p in text if "สิ่งที่ส่งมาด้วย ๑" in p]
        assert [p[0] for p in enclosed] == [f"{code} page {k}" for k in range(1, pages + 1)]
    combined = pdftotext_pages(out / "combined.pdf")
    assert sum(1 for p in combined if "สิ่งที่ส่งมาด้วย ๑" in p) == 3


@pytest.mark.parametrize("content, message", [
    (None, "enclosure file not found"),
    (b"%PDF-1.4 this is not a pdf", "is not a readable PDF"),
])
def test_missing_or_broken_file_stops_before_writing(tmp_path, content, message):
    if content is not None:
        (tmp_path / "form.pdf").write_bytes(content)
    spec = _spec(tmp_path)
    with pytest.raises(InputError, match=message) as info:
        build_letters(spec, tmp_path / "out.pdf")
    line = next(n for n, l in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if l == "[[enclosures]]")
    assert info.value.location.file == spec and info.value.location.line == line
    assert not (tmp_path / "out.pdf").exists()


def test_an_enclosure_without_its_fonts_is_a_clear_error_for_pdfa(tmp_path):
    """reportlab's Helvetica is not embedded: PDF/A cannot be kept, the build says which file and
    font and how to go on; nothing is written.  Plain PDF (--pdf-standard none) takes the file."""
    from saraban.pdf.archive import ArchiveError

    _pdf(tmp_path / "form.pdf", 1, font="Helvetica")
    spec = _spec(tmp_path)
    with pytest.raises(ArchiveError) as err:
        build_letters(spec, tmp_path / "a.pdf")
    message = str(err.value)
    assert "form.pdf" in message and "Helvetica" in message and "--pdf-standard none" in message
    assert not (tmp_path / "a.pdf").exists()
    build_letters(spec, tmp_path / "plain.pdf", standard="none")
    assert pdftotext_pages(tmp_path / "plain.pdf")[-1].count("FORM page 1") == 1


def test_an_enclosed_page_is_a_figure_that_says_what_it_is(tmp_path):
    """Screen readers get the enclosed page as a figure whose Alt text names the enclosure and the
    page — its own text is the enclosure's, outside this file's structure — not as an artifact."""
    import pikepdf

    import structure

    _pdf(tmp_path / "form.pdf", 2)
    build_letters(_spec(tmp_path), tmp_path / "a.pdf")
    assert structure.problems(tmp_path / "a.pdf") == []
    with pikepdf.open(tmp_path / "a.pdf") as pdf:
        figures = [str(e.Alt) for _, e, _ in structure.walk(pdf) if e.S == "/Figure" and "แบบรายงาน" in str(e.get("/Alt"))]
    # the letter has two enclosures: this one is ๑
    assert figures == ["สิ่งที่ส่งมาด้วย ๑ แบบรายงาน หน้า ๑ จาก ๒", "สิ่งที่ส่งมาด้วย ๑ แบบรายงาน หน้า ๒ จาก ๒"]
