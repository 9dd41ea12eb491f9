"""Benchmark: ~200 pages of Thai prose through saraban's Thai pipeline and, as the baseline in the
same run, through reportlab's plain Paragraph (no Thai breaking, shaping or text layer).

    python benchmarks/typeset.py [--pages 200] [--repeat 3]

Prints pages, seconds (best of the runs) and pages per second for both, and the cost ratio
(target: ≤ 3×).
"""

from __future__ import annotations

import argparse
import gc
import io
import random
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle as RLStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

from saraban.pdf.gc import relaxed_gc
from saraban.thai.flowable import ThaiParagraph
from saraban.thai.fonts import default_library
from saraban.thai.layout import ParagraphStyle, Typesetter
from saraban.thai.shape import TextStyle

ROOT = Path(__file__).parents[1]
#: Thai prose the paragraphs are drawn from: the bundled sample and the test corpus.
SOURCES = (ROOT / "src" / "saraban" / "samples" / "thai-sample.txt", ROOT / "tests" / "fixtures" / "thai-corpus.txt")
#: Paragraphs per page, measured: a generated paragraph (20 phrases) fills ~1/9 page.
PARAGRAPHS_PER_PAGE = 9
#: Phrases (space-separated chunks of the sources) per generated paragraph.
PHRASES_PER_PARAGRAPH = 20
#: Seed of the phrase shuffle, so every run typesets the same text.
SEED = 2563


def prose(count: int) -> list[str]:
    """``count`` distinct paragraphs of government-style Thai prose: phrases of the sources
    recombined in seeded random order.  Every paragraph is a new string (no per-paragraph cache
    helps either pipeline) while words repeat as they do in real documents."""
    phrases = [c for src in SOURCES for c in src.read_text(encoding="utf-8").split() if c]
    rng = random.Random(SEED)
    return [" ".join(rng.choices(phrases, k=PHRASES_PER_PARAGRAPH)) for _ in range(count)]


def doc(buf):
    return SimpleDocTemplate(buf, pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm,
                             topMargin=2.5 * cm, bottomMargin=2 * cm, invariant=1)


def count_pages(data: bytes) -> int:
    return data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")


def run_saraban(paras):
    ts = Typesetter()
    style = ParagraphStyle(TextStyle(size=16), align="thai-distributed", first_indent=2.5 * cm, space_after=6)
    buf = io.BytesIO()
    t = time.perf_counter()
    with relaxed_gc():  # as the command line runs a build (see saraban.pdf.gc)
        doc(buf).build([ThaiParagraph(p, style, ts) for p in paras])
    return time.perf_counter() - t, buf.getvalue()


def run_plain(paras):
    face = default_library().family("Sarabun").face("regular")
    pdfmetrics.registerFont(TTFont("SarabunPlain", str(face.path)))
    style = RLStyle("b", fontName="SarabunPlain", fontSize=16 / 1.53, leading=17.6, firstLineIndent=2.5 * cm,
                    spaceAfter=6, alignment=4)
    buf = io.BytesIO()
    t = time.perf_counter()
    with relaxed_gc():  # the same setting for the baseline
        doc(buf).build([Paragraph(p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), style) for p in paras])
    return time.perf_counter() - t, buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each pipeline; the best counts")
    args = ap.parse_args()
    paras = prose(args.pages * PARAGRAPHS_PER_PAGE)
    run_saraban(prose(8))  # warm up: dictionary, fonts (not part of the measured work)
    # best of --repeat runs each, interleaved: this machine's timings vary by ±10 % run to run
    ts = tp = float("inf")
    for _ in range(args.repeat):
        gc.collect()  # each run starts without the previous run's garbage
        t, data_s = run_saraban(paras)
        ts = min(ts, t)
        gc.collect()
        t, data_p = run_plain(paras)
        tp = min(tp, t)
    ps, pp = count_pages(data_s), count_pages(data_p)
    print(f"saraban Thai pipeline : {ps:4d} pages {ts:7.2f} s {ps / ts:7.1f} pages/s  {len(data_s) / 1e6:.1f} MB")
    print(f"reportlab Paragraph   : {pp:4d} pages {tp:7.2f} s {pp / tp:7.1f} pages/s  {len(data_p) / 1e6:.1f} MB")
    print(f"cost per page, saraban / plain: {(ts / ps) / (tp / pp):.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
