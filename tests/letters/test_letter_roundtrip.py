"""Text round trip of letters: what the page plan puts on paper is what pdftotext and pypdf read
back — Thai digits, sara am, marks, no private-use code points, nothing added — and the PDF's
metadata carries the letter's subject, owner and number."""

from __future__ import annotations

import re

import pypdf
import pytest

from saraban.letters.build import compose_letters, typesetter_for
from saraban.letters.layout import LetterComposer
from saraban.letters.spec import load_spec
from saraban.letters.build import build_letters

from helpers import letter_variant, pdftotext_pages, plan_page_lines

FORBIDDEN = re.compile("[\ue000-\uf8ff\u200b\u0e4d\ufffd]")  # private use, ZWSP, decomposed sara am


def _round_trip(spec_path, pdf_path):
    spec = load_spec(spec_path)
    _, plans, _ = compose_letters(spec, LetterComposer(typesetter_for(spec)))
    build_letters(spec_path, pdf_path)
    expected = [plan_page_lines(page) for page in plans[0].pages]
    assert pdftotext_pages(pdf_path) == expected
    reader = pypdf.PdfReader(str(pdf_path))
    for page, lines in zip(reader.pages, expected):
        text = page.extract_text()
        assert not FORBIDDEN.search(text)
        assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", "".join(lines))
    return plans[0], reader


@pytest.mark.parametrize("variant", ["external", "memo", "urgent-secret", "typed-signature"])
def test_letter_text_round_trip(tmp_path, variant):
    changes = {
        "external": {},
        "memo": {'kind = "external"': 'kind = "memo"'},
        "urgent-secret": {'kind = "external"': 'kind = "external"\nurgency = "ด่วนมาก"\nsecrecy = "ลับที่สุด"'},
        "typed-signature": {'position = [': 'typed = true, position = ['},
    }[variant]
    plan, reader = _round_trip(letter_variant(tmp_path, changes), tmp_path / "x.pdf")
    text = "\n".join("\n".join(plan_page_lines(p)) for p in plan.pages)
    assert "๒๕๖๓" in text and "2563" not in text  # Thai digits in the text, Arabic in URLs only
    assert "https://www.dla.go.th/servlet/EbookServlet" in text
    if variant != "memo":  # a memo has no contact block
        assert "saraban@dla.go.th" in text


def test_metadata(tmp_path):
    pdf = tmp_path / "x.pdf"
    build_letters(letter_variant(tmp_path), pdf)
    reader = pypdf.PdfReader(str(pdf))
    info = reader.metadata
    assert info.title.startswith("เผยแพร่ประชาสัมพันธ์ผลการประเมินประสิทธิภาพ")
    assert "๒๕๖๓" in info.title
    assert info.author == "กรมส่งเสริมการปกครองท้องถิ่น"
    assert info.subject == "ที่ มท ๐๘๑๐.๗/ว ๔๔๑๙"
    assert reader.trailer["/Root"]["/Lang"] == "th-TH"


def test_same_input_same_bytes_and_source_date_epoch(tmp_path, monkeypatch):
    spec = letter_variant(tmp_path)
    build_letters(spec, tmp_path / "a.pdf")
    build_letters(spec, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1637798400")  # 2021-11-25 00:00 UTC
    build_letters(spec, tmp_path / "c.pdf")
    created = pypdf.PdfReader(str(tmp_path / "c.pdf")).metadata["/CreationDate"]
    assert created.startswith("D:20211125")


@pytest.mark.parametrize("family", ["Laksaman", "Laksaman PUA"])
def test_round_trip_with_another_font_in_the_letters_fonts_folder(tmp_path, family):
    """An office's font beside the letter (``fonts/``), here Laksaman and its TH-SarabunIT๙-like
    private-use variant: the text layer is still exact."""
    import shutil

    from conftest import pua_font_dir
    from helpers import LAKSAMAN

    (tmp_path / "fonts").mkdir()
    source = LAKSAMAN if family == "Laksaman" else pua_font_dir() / "LaksamanPUA.ttf"
    shutil.copy(source, tmp_path / "fonts")
    spec = letter_variant(tmp_path, {'kind = "external"': f'kind = "external"\nfont = "{family}"'})
    plan, reader = _round_trip(spec, tmp_path / "x.pdf")
    names = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("Laksaman" in n for n in names), names
