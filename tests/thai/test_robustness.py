"""Odd input never crashes and never loses text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from saraban.thai.layout import ParagraphStyle
from saraban.thai.normalize import normalize

THAI = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if c not in range(0x0E3B, 0x0E3F))
ALPHABET = THAI + "abcXYZ019 .,()“”<&>\"'\u200b\ufeff\n"


def visible(layout):
    return "".join(layout.line_text(ln) for ln in layout.lines)


@pytest.mark.parametrize("text", ["", " ", "     ", "\n", "\n\n", "\u200b", "\ufeff"])
def test_empty_and_blank(typesetter, text):
    lay = typesetter.layout(text, ParagraphStyle(align="thai-distributed"), 200)
    assert lay.lines
    assert visible(lay).strip() == ""


def test_5000_character_unspaced_run(typesetter):
    text = ("การประเมินประสิทธิภาพขององค์กรปกครองส่วนท้องถิ่น" * 120)[:5000]
    lay = typesetter.layout(text, ParagraphStyle(align="thai-distributed"), 300)
    assert visible(lay) == text
    assert all(ln.right <= 300 + 1e-6 for ln in lay.lines)


def test_unbreakable_url_is_split_at_clusters_not_over_the_margin(typesetter):
    url = "https://www.dla.go.th/" + "a" * 200
    lay = typesetter.layout(url, ParagraphStyle(), 150)
    assert visible(lay) == url
    assert len(lay.lines) > 1 and all(ln.right <= 150 + 1e-6 for ln in lay.lines)


@pytest.mark.parametrize("prefix", ["\u200b", "\ufeff", "\u0e49", "\u0e31\u0e49", "\u0e38"])
def test_stray_marks_and_zero_widths_at_start(typesetter, prefix):
    text = prefix + "ผู้ว่าราชการจังหวัด"
    lay = typesetter.layout(text, ParagraphStyle(), 300)
    assert visible(lay) == normalize(text).text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=ALPHABET, max_size=300), st.sampled_from(["left", "thai-distributed", "justify", "center"]),
       st.integers(min_value=40, max_value=500))
def test_any_text_is_laid_out_without_loss(typesetter, text, align, width):
    lay = typesetter.layout(text, ParagraphStyle(align=align), float(width))
    norm = normalize(text).text
    rebuilt = "".join(lay.text[ln.start:ln.end] + ("\n" if ln.kind == "forced" else "") for ln in lay.lines)
    assert rebuilt == norm
    for ln in lay.lines:
        # what is drawn is the line's text, but the white space at its end (no cluster lost to a
        # break inside it, such as a space with a stray mark on it)
        assert lay.line_text(ln) == lay.text[ln.start:ln.end].rstrip(" \u00a0\t\u3000\n")
        clusters = [c for r in ln.runs for c in r.clusters]
        assert all(c.glyphs for c in clusters) or not clusters
        # a line wider than the measure can only be a single cluster that is itself wider
        assert ln.right <= width + 1e-6 or len(clusters) == 1


def test_line_reshaped_at_an_unsafe_edge_keeps_its_text_and_the_margin(typesetter, monkeypatch, tmp_path):
    """A URL cut at clusters where HarfBuzz flags the edge unsafe to break ("s|ervlet" in
    Sarabun) is shaped again on its own; the reshaped lines draw and extract like any other."""
    from reportlab.pdfgen.canvas import Canvas

    from saraban.thai.flowable import draw_paragraph
    from helpers import pdftotext

    # a URL whose part between break points is wider than the line: cut at clusters
    text = "รายละเอียดปรากฏที่เว็บไซต์ https://www.dla.go.th/servlet/DocumentServletservletservletservletservlet?id=2563 หรือ"
    reshaped = []
    reshape = typesetter.shaper.reshape
    monkeypatch.setattr(typesetter.shaper, "reshape", lambda shaped, a, b: reshaped.append(shaped.text[a:b]) or reshape(shaped, a, b))
    lay = typesetter.layout(text, ParagraphStyle(align="thai-distributed"), 120)
    assert reshaped, "the case no longer reaches the reshaping path"
    assert "".join(lay.text[ln.start:ln.end] for ln in lay.lines) == text
    assert all(ln.right <= 120 + 1e-6 for ln in lay.lines)
    pdf = tmp_path / "reshaped.pdf"
    canvas = Canvas(str(pdf), invariant=1)
    draw_paragraph(canvas, lay, 72, 700)
    canvas.save()
    assert [ln.strip() for ln in pdftotext(pdf).splitlines() if ln.strip()] == [lay.line_text(ln).strip() for ln in lay.lines]


@pytest.mark.parametrize("mark", ["\u0e48", "\u0e3a", "\u0e31"])
def test_a_space_with_a_stray_mark_is_not_a_place_to_break(typesetter, mark):
    """" ่" is one cluster (HarfBuzz puts the mark on the space): a line may not begin inside it,
    or the cluster would be drawn on neither line."""
    text = ("จังหวัดน่าน " + mark + "ผู้ว่าราชการ ") * 12
    lay = typesetter.layout(text, ParagraphStyle(align="thai-distributed"), 90)
    assert len(lay.lines) > 5
    for ln in lay.lines:
        assert lay.line_text(ln) == lay.text[ln.start:ln.end].rstrip(" ")
    assert "".join(lay.line_text(ln) for ln in lay.lines).count(" " + mark) == 12
