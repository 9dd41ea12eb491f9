"""Paragraph layout (public): spans + style + width → positioned lines, ready to draw.

This module wires the stages together for one paragraph — normalize → segment → shape →
linebreak → justify — and returns a :class:`ParagraphLayout` of frozen :class:`Line` objects whose
``runs`` go straight to :func:`.draw.draw_line`.  The paragraph is shaped once; a line is shaped
again only when HarfBuzz marks one of its edges unsafe to break.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Sequence

from . import justify as J
from .draw import DrawRun
from .fonts import FontLibrary
from .linebreak import LineBreak, break_lines
from .normalize import normalize
from .segment import (CLOSING, COMPOUND, FORCED, HINT, LINKED, OPENING, PROTECTED, URL, WORD, Segmenter,
                      default_segmenter)
from .shape import SPACES, Shaper, ShapedText, StyledRange, TextStyle, assemble

#: Paragraph layouts a typesetter remembers (a national booklet run lays out ~10⁵ table cells,
#: ~10⁴ of them distinct; a layout of a short cell is a few kB).
LAYOUT_CACHE_SIZE = 200_000

#: A text this close to its width (points) still fits on one line (rounding of shaped advances).
FITS_EPSILON = 1e-6

#: Share of the line pitch above the baseline when the font gives none (TH Sarabun: 850 / 1100).
DEFAULT_ASCENT_SHARE = 850 / 1100


@dataclass(frozen=True)
class Span:
    """A piece of paragraph text with its inline style changes."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class ParagraphStyle:
    """How a paragraph is set.  Lengths in PDF points; ``text.size`` in TH Sarabun points."""

    text: TextStyle = field(default_factory=TextStyle)
    align: str = "left"
    first_indent: float = 0.0   # added to left_indent on the first line (may be negative)
    left_indent: float = 0.0
    right_indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    leading: float | None = None   # line pitch; default from the font family
    strategy: str = "optimal"
    keep_together: bool = False
    orphans: int = 2
    widows: int = 2


@dataclass(frozen=True)
class Line:
    """One laid-out line: its text range, where it starts (from the paragraph's left edge), its
    natural width, the space it had, the justification added, and the runs to draw."""

    start: int
    end: int
    x: float
    width: float
    available: float
    added: float
    kind: str
    runs: tuple[DrawRun, ...]

    @property
    def right(self) -> float:
        return self.x + self.width + self.added


@dataclass(frozen=True)
class ParagraphLayout:
    text: str
    lines: tuple[Line, ...]
    pitch: float
    ascent: float
    width: float
    style: ParagraphStyle

    @property
    def height(self) -> float:
        return self.pitch * len(self.lines)

    def line_text(self, line: Line) -> str:
        return "".join(r.text[r.starts[0]:r.ends[-1]] for r in line.runs if r.starts)

    def largest_gap(self, line: Line) -> tuple[float, float]:
        """The widest white gap of ``line`` — a space with the justification on both its sides,
        or the justification between two clusters — and the natural space it grew from (0 when
        the widest gap is between clusters), both in points."""
        best, natural = 0.0, 0.0
        prev_extra = 0.0
        for run in line.runs:
            adv, scale = run.source.advances, run.source.scale
            for s, e, a, b, extra in zip(run.starts, run.ends, run.glyph_starts, run.glyph_ends, run.extras):
                if self.text[s:e].isspace():
                    width = sum(adv[a:b]) * scale
                    gap = prev_extra + width + extra
                    if gap > best:
                        best, natural = gap, width
                    prev_extra = 0.0
                else:
                    if prev_extra > best:
                        best, natural = prev_extra, 0.0
                    prev_extra = extra
        return best, natural

    def dump(self) -> str:
        """One line per line: x, natural width, added spacing, available width, break kind, text."""
        out = []
        for i, ln in enumerate(self.lines):
            out.append(f"{i + 1:>3} x={ln.x:7.2f} w={ln.width:7.2f} +{ln.added:6.2f} "
                       f"of {ln.available:7.2f} {ln.kind:<9} {self.line_text(ln)}")
        return "\n".join(out)


class Typesetter:
    """Lays out paragraphs with one font library, shaper and segmenter (reuse it: it caches)."""

    def __init__(self, library: FontLibrary | None = None, segmenter: Segmenter | None = None,
                 shaper: Shaper | None = None):
        self.shaper = shaper or Shaper(library)
        self.library = self.shaper.library
        self.segmenter = segmenter or default_segmenter()
        self._layouts: dict = {}

    # -- inputs -------------------------------------------------------------------------------
    def prepare(self, spans: Sequence[Span] | str, style: ParagraphStyle) -> tuple[str, list[StyledRange], list[int]]:
        """Normalise spans and return the paragraph text, its styled ranges and break hints."""
        if isinstance(spans, str):
            spans = [Span(spans)]
        parts, ranges, hints = [], [], []
        pos = 0
        for span in spans:
            norm = normalize(span.text)
            if not norm.text:
                continue
            ts = replace(style.text, bold=style.text.bold or span.bold,
                         italic=style.text.italic or span.italic,
                         underline=style.text.underline or span.underline)
            parts.append(norm.text)
            ranges.append(StyledRange(pos, pos + len(norm.text), ts))
            hints += [pos + h for h in norm.break_hints]
            pos += len(norm.text)
        return "".join(parts), ranges, hints

    def pitch(self, style: ParagraphStyle) -> tuple[float, float]:
        """Line pitch and the part of it above the baseline, in points."""
        fam = self.library.family(style.text.family)
        pitch = style.leading or fam.line_pitch(style.text.size)
        face = fam.face("regular")
        extent = face.ascent - face.descent
        share = face.ascent / extent if extent > 0 else DEFAULT_ASCENT_SHARE
        return pitch, pitch * share

    # -- layout -------------------------------------------------------------------------------
    def analyse(self, spans: Sequence[Span] | str, style: ParagraphStyle) -> tuple[ShapedText, tuple]:
        """Normalise, shape and segment a paragraph once: what every later layout reuses."""
        text, ranges, hints = self.prepare(spans, style)
        return self.shaper.shape(text, ranges), self.segmenter.segment(text, hints).pairs

    def layout(self, spans: Sequence[Span] | str, style: ParagraphStyle, width: float) -> ParagraphLayout:
        text, ranges, hints = self.prepare(spans, style)
        shaped = self.shaper.shape(text, ranges)
        first = width - style.left_indent - style.first_indent - style.right_indent
        if "\n" not in text and shaped.width(0, len(text)) <= first + FITS_EPSILON:
            breaks: tuple = ()  # one line: where it could break does not matter (table cells, labels)
        else:
            breaks = self.segmenter.segment(text, hints).pairs
        return self.layout_shaped(shaped, breaks, style, width)

    def layout_cached(self, spans: Sequence[Span] | str, style: ParagraphStyle, width: float) -> ParagraphLayout:
        """:meth:`layout`, remembered: tables repeat the same short texts (numbers, types, bands,
        district names) thousands of times.  The cache is dropped when it grows past
        :data:`LAYOUT_CACHE_SIZE` entries."""
        key = (spans if isinstance(spans, str) else tuple(spans), style, round(width, 2))
        layout = self._layouts.get(key)
        if layout is None:
            if len(self._layouts) >= LAYOUT_CACHE_SIZE:
                self._layouts.clear()
            layout = self._layouts[key] = self.layout(spans, style, width)
        return layout

    def layout_shaped(self, shaped: ShapedText, breaks, style: ParagraphStyle, width: float,
                      first_line: bool = True) -> ParagraphLayout:
        text = shaped.text
        inner = width - style.left_indent - style.right_indent
        first_x = style.left_indent + (style.first_indent if first_line else 0.0)
        first_avail = width - first_x - style.right_indent
        starts = shaped.starts
        measure = _Measure(shaped)

        def width_for(start: int) -> float:
            return first_avail if start == 0 else inner

        def clusters(a: int, b: int) -> list[int]:
            i, j = shaped.cluster_index(a), shaped.cluster_index(b)
            return starts[i:j]

        # a line can only begin where a cluster does: the segmenter's word edges and typed break
        # hints inside a cluster (a space with a stray mark on it, a ZWSP typed before a mark) are
        # no break opportunities — a line starting there would lose the cluster
        cluster_starts = set(starts)
        breaks = [b for b in breaks if b[0] in cluster_starts or b[1] == FORCED]
        lines_br = break_lines(len(text), breaks, measure, width_for, clusters, style.strategy)
        pitch, ascent = self.pitch(style)
        setter = _LineSetter(self.shaper, shaped, breaks, style.align)
        lines = []
        for k, lb in enumerate(lines_br):
            x0 = first_x if lb.start == 0 else style.left_indent
            last = k == len(lines_br) - 1 or lb.kind == "forced"
            lines.append(setter.line(lb, x0, last, k + 1 < len(lines_br)))
        return ParagraphLayout(text, tuple(lines), pitch, ascent, width, style)


#: Break kinds whose position is a gap between words (justification may widen it like one).
_WORD_GAPS = frozenset((WORD, COMPOUND, HINT, PROTECTED, LINKED, URL))


class _LineSetter:
    """Makes the :class:`Line` objects of one paragraph: slices of the shaped paragraph's arrays,
    justified, split into draw runs; a line whose edge HarfBuzz marked unsafe to break is shaped
    again on its own."""

    def __init__(self, shaper: Shaper, shaped: ShapedText, breaks, align: str):
        self.shaper = shaper
        self.shaped = shaped
        self.align = align
        self.breaks = breaks
        self._kinds: list[str] | None = None

    def kinds(self, source: ShapedText) -> list[str]:
        """The gap kind after each cluster of ``source`` but the last (computed once for the
        paragraph; for a reshaped line, for its own clusters)."""
        if source is self.shaped and self._kinds is not None:
            return self._kinds
        kinds = gap_kinds(source, [p for p, kind in self.breaks if kind in _WORD_GAPS])
        if source is self.shaped:
            self._kinds = kinds
        return kinds

    def line(self, lb: LineBreak, x0: float, last: bool, more: bool) -> Line:
        shaped = self.shaped
        text = shaped.text
        end = _trim(text, lb.start, lb.end)
        source = shaped
        if _unsafe_edge(shaped, lb.start) or (more and _unsafe_edge(shaped, lb.end)):
            source = assemble(text, self.shaper.reshape(shaped, lb.start, end))
        i, j = source.cluster_index(lb.start), source.cluster_index(end)
        natural = source.prefix[j] - source.prefix[i]
        slack = lb.available - natural
        align = self.align
        run_of = source.run_of
        one_run = j > i and run_of[i] == run_of[j - 1]
        if j - i < 2 or not (slack < 0 or (align in J.SPREADING and not last)):
            # no gaps to spread over: only the start of the line moves
            just = J.distribute((), 0.0, slack, align, last)
            extras = (0.0,) * (j - i)
        else:
            kinds = self.kinds(source)[i:j - 1]
            runs_here = source.runs[run_of[i]:run_of[j - 1] + 1]
            if one_run or len({run.font_size for run in runs_here}) == 1:
                size = source.runs[run_of[i]].font_size
                just = J.distribute(kinds, size, slack, align, last)
            else:
                fs = [source.runs[r].font_size for r in run_of[i:j - 1]]
                just = J.justify(list(map(J.Gap, kinds, fs)), slack, align, last)
            extras = (*just.extras, 0.0)
        runs: list[DrawRun] = []
        a = i
        while a < j:
            r = run_of[a]
            # clusters are in run order: run r ends where run r + 1 begins
            b = j if one_run else min(j, bisect.bisect_left(run_of, r + 1, a, j))
            run = source.runs[r]
            runs.append(DrawRun(run.face, run.font_size, run.style.color, text, run,
                                source.starts[a:b], source.ends[a:b], source.glyph_starts[a:b],
                                source.glyph_ends[a:b], extras[a - i:b - i], run.style.underline))
            a = b
        return Line(lb.start, lb.end, x0 + just.offset, natural, lb.available, just.added, lb.kind, tuple(runs))


#: Characters :func:`gap_kinds` looks for: white space and the punctuation no gap may follow
#: (opening) or precede (closing).
_GAP_MARKS = re.compile("[" + re.escape("".join(sorted(SPACES | OPENING | CLOSING))) + "]")
_SPACE_TEXT = "".join(SPACES)


def gap_kinds(shaped: ShapedText, word_starts) -> list[str]:
    """The kind of the gap after each cluster of ``shaped`` but the last: ``space`` after a white
    space cluster; ``none`` before one, before closing punctuation and after opening
    punctuation; ``word`` before a cluster at one of ``word_starts``; else ``cluster``.

    Built from the few places that are not cluster gaps (found by bisection and a regular
    expression) rather than by looking at every cluster: a paragraph has ~3 clusters a word."""
    text, starts, ends = shaped.text, shaped.starts, shaped.ends
    n = len(starts)
    kinds = [J.CLUSTER] * max(0, n - 1)
    find = bisect.bisect_left
    for p in word_starts:
        k = find(starts, p)
        if 0 < k < n and starts[k] == p:
            kinds[k - 1] = J.WORD
    spaces = []
    for m in _GAP_MARKS.finditer(text):
        q = m.start()
        ch = text[q]
        if ch in CLOSING or ch in SPACES:  # no gap before it (if it starts a cluster)
            k = find(starts, q)
            if k < n and starts[k] == q:
                if k:
                    kinds[k - 1] = J.NONE
                if ch in SPACES:
                    spaces.append(k)
        if ch in OPENING:  # no gap after it (if it ends a cluster)
            k = find(starts, q + 1) - 1
            if 0 <= k < n - 1 and ends[k] == q + 1:
                kinds[k] = J.NONE
    for k in spaces:  # a white-space cluster: the gap after it is a space, before it none
        if ends[k] - starts[k] == 1 or not text[starts[k]:ends[k]].strip(_SPACE_TEXT):
            if k < n - 1:
                kinds[k] = J.SPACE
        elif k and kinds[k - 1] == J.NONE and not (text[starts[k]] in CLOSING or text[ends[k - 1] - 1] in OPENING):
            # a space with a mark on it is no white space: its gap kind is decided as any other
            kinds[k - 1] = J.WORD if starts[k] in set(word_starts) else J.CLUSTER
    return kinds


def _trim(text: str, start: int, end: int) -> int:
    """End of ``text[start:end]`` without its trailing white space."""
    while end > start and (text[end - 1] in SPACES or text[end - 1] == "\n"):
        end -= 1
    return end


class _Measure:
    """``measure(start, end)`` for the line breaker: natural width of ``text[start:end]`` without
    trailing white space, read from the shaped paragraph's prefix widths."""

    def __init__(self, shaped: ShapedText):
        prefix, starts, text = shaped.prefix, shaped.starts, shaped.text
        find = bisect.bisect_left

        def start_width(position: int) -> float:
            return prefix[find(starts, position)]

        def end_width(end: int) -> float:
            # trailing spaces never start a line, so trimming does not depend on ``start``
            return prefix[find(starts, _trim(text, 0, end))]

        #: ``(start width, end width)``: the measure is their difference (at least 0), which
        #: lets the optimal breaker work from arrays (closures: they are called ~10⁵ times)
        self.parts = (start_width, end_width)

    def __call__(self, start: int, end: int) -> float:
        start_width, end_width = self.parts
        return max(0.0, end_width(end) - start_width(start))


def _unsafe_edge(shaped: ShapedText, position: int) -> bool:
    i = shaped.cluster_index(position)
    if i >= len(shaped.starts) or shaped.starts[i] != position:
        return False
    g = shaped.glyph_starts[i]
    return shaped.glyph_ends[i] > g and shaped.runs[shaped.run_of[i]].unsafe_to_break(g)
