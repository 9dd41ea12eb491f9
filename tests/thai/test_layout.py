"""Geometry on the rendered page: nothing passes the right margin, distributed lines reach it."""

from __future__ import annotations

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from saraban.thai.flowable import draw_paragraph
from saraban.thai.justify import SAFE_GAP_EM
from saraban.thai.layout import ParagraphStyle
from saraban.thai.shape import TextStyle

from helpers import CORPUS, FAMILIES

LEFT, WIDTH = 85.0, 453.5
TOLERANCE = 0.5  # pt: "thai-distributed lines end within 0.5 pt of the margin"


@pytest.mark.parametrize("family", FAMILIES)
def test_no_glyph_beyond_margin_and_full_lines_reach_it(tmp_path, typesetter, family):
    style = ParagraphStyle(TextStyle(family=family), align="thai-distributed", first_indent=70)
    pdf = tmp_path / "m.pdf"
    c = Canvas(str(pdf), pagesize=A4, invariant=1)
    top = A4[1] - 60
    full_lines = 0
    for text in CORPUS:
        lay = typesetter.layout(text, style, WIDTH)
        for i, ln in enumerate(lay.lines):
            assert ln.right <= WIDTH + 1e-6
            last = i == len(lay.lines) - 1
            if not last:
                if abs(ln.right - WIDTH) <= TOLERANCE:
                    full_lines += 1
                elif " " in lay.line_text(ln).strip():
                    # only a line without spaces (before a long URL) may stay short — its Thai
                    # word gaps are capped so that extractors do not read them as spaces — or a
                    # line before a protected unit (a name, an agency) wider than what is left
                    free = [p for p, kind in typesetter.segmenter.segment(text).pairs
                            if p > ln.end and kind not in ("protected", "linked")]
                    stretch = text[ln.end:free[0] if free else len(text)].rstrip()
                    wide = typesetter.layout(stretch, style, 10 ** 6).lines[0].width
                    assert wide > ln.available - ln.width, lay.line_text(ln)
        top = draw_paragraph(c, lay, LEFT, top) - 8
    c.save()
    assert full_lines >= 8
    with pdfplumber.open(pdf) as doc:
        chars = doc.pages[0].chars
        assert chars
        right_edge = max(ch["x1"] for ch in chars)
        assert right_edge <= LEFT + WIDTH + 0.01
        assert min(ch["x0"] for ch in chars) >= LEFT - 0.01


def test_sizes_are_normalised_to_th_sarabun_points(typesetter):
    text = CORPUS[0]
    widths = {}
    for family in FAMILIES:
        lay = typesetter.layout(text, ParagraphStyle(TextStyle(family=family)), 1e6)
        widths[family] = lay.lines[0].width
    # one line of the same text is about as long in every family (within 8 %)
    values = list(widths.values())
    assert max(values) / min(values) < 1.08, widths
    sarabun = typesetter.library.family("Sarabun")
    assert sarabun.point_size(16) == pytest.approx(16 / 1.53, rel=0.01)
    assert sarabun.line_pitch(16) == pytest.approx(17.6)


def test_first_and_hanging_indents(typesetter):
    style = ParagraphStyle(first_indent=-40, left_indent=40)  # "เรื่อง" style hanging indent
    lay = typesetter.layout(CORPUS[1], style, 300)
    assert lay.lines[0].x == 0
    assert all(ln.x == 40 for ln in lay.lines[1:])
    assert all(ln.right <= 300 + 1e-6 for ln in lay.lines)


def test_gaps_between_thai_words_stay_below_extractor_thresholds(typesetter):
    style = ParagraphStyle(align="thai-distributed")
    lay = typesetter.layout(CORPUS[1], style, 300)
    for ln in lay.lines:
        for run in ln.runs:
            for cl in run.clusters:
                if not cl.text.isspace():
                    assert cl.extra_after <= SAFE_GAP_EM * run.font_size + 1e-9


def test_pruned_optimal_search_chooses_what_the_full_search_chooses(typesetter, monkeypatch):
    """The optimal breaker skips lines under LOOSEST_FILL full (see linebreak): on recombined
    prose of the corpus at three widths it must choose exactly the lines the full search does."""
    import random

    from saraban.thai import linebreak

    phrases = " ".join(CORPUS).split()
    rng = random.Random(2563)
    paras = [" ".join(rng.choices(phrases, k=20)) for _ in range(300)]
    style = ParagraphStyle(TextStyle(size=16), align="thai-distributed", first_indent=70)
    cases = [(p, w) for p in paras for w in (453.5, 300.0, 160.0)]
    pruned = [[(ln.start, ln.end) for ln in typesetter.layout(p, style, w).lines] for p, w in cases]

    def every_line_that_fits(cands, parts, width_for, ends, last_kind):
        start_width, end_width = parts
        return linebreak._lines_by_measure(cands, lambda a, b: max(0.0, end_width(b) - start_width(a)), last_kind)

    monkeypatch.setattr(linebreak, "_lines_from_arrays", every_line_that_fits)
    full = [[(ln.start, ln.end) for ln in typesetter.layout(p, style, w).lines] for p, w in cases]
    assert pruned == full
    assert sum(len(lines) > 2 for lines in full) > 500  # the cases do break into lines
