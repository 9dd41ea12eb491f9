"""Paragraph layout (public): spans + style + width → positioned lines, ready to draw.

This module wires the stages together for one paragraph — normalize → segment → shape →
linebreak → justify — and returns a :class:`ParagraphLayout` of frozen :class:`Line` objects whose
``runs`` go straight to :func:`.draw.draw_line`.  The paragraph is shaped once; a line is shaped
again only when HarfBuzz marks one of its edges unsafe to break.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Sequence

from . import justify as J
from .draw import DrawRun, PlacedCluster
from .fonts import FontLibrary
from .linebreak import LineBreak, break_lines
from .normalize import normalize
from .segment import CLOSING, COMPOUND, HINT, OPENING, WORD, Segmenter, default_segmenter
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
        return "".join(c.text for r in line.runs for c in r.clusters)

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
        return self.shaper.shape(text, ranges), self.segmenter.segment(text, hints).breaks

    def layout(self, spans: Sequence[Span] | str, style: ParagraphStyle, width: float) -> ParagraphLayout:
        text, ranges, hints = self.prepare(spans, style)
        shaped = self.shaper.shape(text, ranges)
        first = width - style.left_indent - style.first_indent - style.right_indent
        if "\n" not in text and shaped.width(0, len(text)) <= first + FITS_EPSILON:
            breaks: tuple = ()  # one line: where it could break does not matter (table cells, labels)
        else:
            breaks = self.segmenter.segment(text, hints).breaks
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
        starts = [c.start for c in shaped.clusters]
        measure = _Measure(shaped)

        def width_for(start: int) -> float:
            return first_avail if start == 0 else inner

        def clusters(a: int, b: int) -> list[int]:
            i, j = shaped.cluster_index(a), shaped.cluster_index(b)
            return starts[i:j]

        lines_br = break_lines(len(text), breaks, measure, width_for, clusters, style.strategy)
        break_kinds = {b.position: b.kind for b in breaks}
        pitch, ascent = self.pitch(style)
        lines = []
        for k, lb in enumerate(lines_br):
            x0 = first_x if lb.start == 0 else style.left_indent
            last = k == len(lines_br) - 1 or lb.kind == "forced"
            lines.append(self._line(shaped, lb, x0, break_kinds, style.align, last, lines_br, k))
        return ParagraphLayout(text, tuple(lines), pitch, ascent, width, style)

    def _line(self, shaped: ShapedText, lb: LineBreak, x0: float, break_kinds, align: str,
              last: bool, all_lines: Sequence[LineBreak], k: int) -> Line:
        text = shaped.text
        end = _trim(text, lb.start, lb.end)
        source = shaped
        if _unsafe_edge(shaped, lb.start) or (k + 1 < len(all_lines) and _unsafe_edge(shaped, lb.end)):
            source = assemble(text, self.shaper.reshape(shaped, lb.start, end))
        i, j = source.cluster_index(lb.start), source.cluster_index(end)
        clusters = source.clusters[i:j]
        natural = sum(c.width for c in clusters)
        slack = lb.available - natural
        if slack < 0 or (align in J.SPREADING and not last):
            # only a spreading alignment (or a line a hair too long) needs to know its gaps
            sizes = [r.font_size for r in source.runs]
            new, gap = tuple.__new__, J.Gap
            gaps = [new(gap, (_gap_kind(text, a, b, break_kinds), sizes[a.run])) for a, b in zip(clusters, clusters[1:])]
        else:
            gaps = [J.Gap(J.NONE, 0.0)] * max(0, len(clusters) - 1)
        just = J.justify(gaps, slack, align, last)
        extras = list(just.extras) + [0.0]
        runs: list[DrawRun] = []
        current: list[PlacedCluster] = []
        current_run = None
        new = tuple.__new__  # a NamedTuple without its Python-level constructor: one per cluster
        for c, extra in zip(clusters, extras):
            if current_run is not None and c.run != current_run:
                runs.append(_draw_run(source.runs[current_run], current))
                current = []
            current_run = c.run
            run = source.runs[c.run]
            current.append(new(PlacedCluster, (text[c.start:c.end], run.glyphs[c.glyph_start:c.glyph_end], extra)))
        if current:
            runs.append(_draw_run(source.runs[current_run], current))
        return Line(lb.start, lb.end, x0 + just.offset, natural, lb.available, just.added, lb.kind, tuple(runs))


def _draw_run(run, clusters: list[PlacedCluster]) -> DrawRun:
    return DrawRun(run.face, run.font_size, run.style.color, tuple(clusters), run.style.underline)


def _trim(text: str, start: int, end: int) -> int:
    """End of ``text[start:end]`` without its trailing white space."""
    while end > start and (text[end - 1] in SPACES or text[end - 1] == "\n"):
        end -= 1
    return end


class _Measure:
    """``measure(start, end)`` for the line breaker: natural width of ``text[start:end]`` without
    trailing white space.  The optimal breaker asks for the same positions many times, so the
    prefix width at each position is computed once."""

    def __init__(self, shaped: ShapedText):
        self.shaped = shaped
        self._at: dict[int, float] = {}
        self._end: dict[int, float] = {}

    def _prefix(self, position: int) -> float:
        value = self._at.get(position)
        if value is None:
            value = self._at[position] = self.shaped.width(0, position)
        return value

    def _end_width(self, end: int) -> float:
        value = self._end.get(end)
        if value is None:
            # trailing spaces never start a line, so trimming does not depend on ``start``
            value = self._end[end] = self._prefix(_trim(self.shaped.text, 0, end))
        return value

    def __call__(self, start: int, end: int) -> float:
        return max(0.0, self._end_width(end) - self._prefix(start))

    @property
    def parts(self):
        """``(start width, end width)``: the measure is their difference (at least 0), which lets
        the optimal breaker work from two arrays."""
        return self._prefix, self._end_width


def _unsafe_edge(shaped: ShapedText, position: int) -> bool:
    i = shaped.cluster_index(position)
    if i >= len(shaped.clusters) or shaped.clusters[i].start != position:
        return False
    c = shaped.clusters[i]
    return c.glyph_end > c.glyph_start and shaped.runs[c.run].unsafe_to_break(c.glyph_start)


def _gap_kind(text: str, a, b, break_kinds) -> str:
    if a.is_space:
        return J.SPACE
    if b.is_space:
        return J.NONE
    if text[b.start] in CLOSING or text[a.end - 1] in OPENING:
        return J.NONE
    if break_kinds.get(b.start) in (WORD, COMPOUND, HINT):
        return J.WORD
    return J.CLUSTER
