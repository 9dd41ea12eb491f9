"""Text layer round trip: what is drawn extracts back exactly, with pdftotext and with pypdf, in
an OpenType Thai font (Sarabun, Laksaman) and in a private-use-glyph font (Laksaman PUA)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from saraban.thai.flowable import draw_paragraph
from saraban.thai.layout import ParagraphStyle, Span
from saraban.thai.shape import TextStyle

from helpers import CORPUS, FAMILIES, pdftotext, pypdf_text, text_lines

LEFT, WIDTH = 85.0, 453.5
FORBIDDEN = re.compile("[\ue000-\uf8ff\u200b\ufeff]|\u0e4d\u0e32")  # PUA, ZWSP, BOM, split sara am


def render(path, typesetter, paragraphs, style):
    c = Canvas(str(path), pagesize=A4, invariant=1)
    layouts = []
    top = A4[1] - 70
    for p in paragraphs:
        lay = typesetter.layout(p, style, WIDTH)
        if top - lay.height < 60:
            c.showPage()
            top = A4[1] - 70
        top = draw_paragraph(c, lay, LEFT, top) - 10
        layouts.append(lay)
    c.save()
    return layouts


def expected_lines(layouts):
    return [lay.line_text(ln) for lay in layouts for ln in lay.lines if lay.line_text(ln).strip()]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("align", ["thai-distributed", "left", "justify"])
def test_corpus_extracts_exactly(tmp_path, typesetter, family, align):
    style = ParagraphStyle(TextStyle(family=family, size=16), align=align, first_indent=70)
    pdf = tmp_path / "corpus.pdf"
    layouts = render(pdf, typesetter, CORPUS, style)
    want = expected_lines(layouts)
    # the lines put together give the source back: breaks only remove the space they sit on
    for src, lay in zip(CORPUS, layouts):
        rebuilt = "".join(lay.text[ln.start:ln.end] + ("\n" if ln.kind == "forced" else "") for ln in lay.lines)
        assert rebuilt == src
    for extractor in (pdftotext, pypdf_text):
        got = text_lines(extractor(pdf))
        got = [ln.rstrip() for ln in got]
        assert got == want, extractor.__name__
        assert not FORBIDDEN.search("".join(got))


@pytest.mark.parametrize("family", FAMILIES)
def test_no_private_use_or_decomposed_sara_am_in_text_layer(tmp_path, typesetter, family):
    text = "น้ำ ทำ ทำนา คำ ป่า ปั้น ญู ฐู ผู้ว่า ที่ ฤๅษี ๆ ฯลฯ"
    pdf = tmp_path / "am.pdf"
    render(pdf, typesetter, [text], ParagraphStyle(TextStyle(family=family)))
    for extractor in (pdftotext, pypdf_text):
        got = "".join(text_lines(extractor(pdf)))
        assert got == text
        assert not re.search("[\ue000-\uf8ff]", got)
        assert "\u0e4d\u0e32" not in got and got.count("\u0e33") == text.count("\u0e33")
        assert unicodedata.normalize("NFC", got) == got


def test_bold_and_underline_runs_extract_in_order(tmp_path, typesetter):
    spans = [Span("เรื่อง "), Span("ผลการประเมิน", bold=True), Span(" ประจำปี ", underline=True), Span("๒๕๖๓")]
    pdf = tmp_path / "spans.pdf"
    render(pdf, typesetter, [spans], ParagraphStyle())
    assert "".join(text_lines(pdftotext(pdf))) == "เรื่อง ผลการประเมิน ประจำปี ๒๕๖๓"
    assert "".join(text_lines(pypdf_text(pdf))) == "เรื่อง ผลการประเมิน ประจำปี ๒๕๖๓"
