"""Stage *shape* (public): styled text → glyphs grouped in clusters, via HarfBuzz.

Input: the paragraph text and its styled ranges (:class:`StyledRange`).  The text is itemised into
runs of one face and one script (Thai / other), shaped once per run with the whole paragraph as
context, and returned as :class:`ShapedText`: runs of :class:`ShapedGlyph` and the list of
:class:`Cluster` (grapheme clusters as HarfBuzz forms them).  Every cluster keeps its source range,
which is what the PDF text layer later maps back to.  Distances are in PDF points.

Characters the chosen family lacks are taken from the fallback families; a character no family has
raises :class:`~saraban.errors.MissingGlyphError` (or warns, if asked) — never a silent box.
"""

from __future__ import annotations

import bisect
import warnings
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple, Sequence

import uharfbuzz as hb

from ..errors import MissingGlyphError, MissingGlyphWarning
from .fonts import DEFAULT_FAMILY, FontFace, FontFamily, FontLibrary, default_library

#: Characters that are not drawn and need no glyph: line separators handled by the line breaker.
NOT_SHAPED = frozenset("\n\r\u2028\u2029")

#: Default-ignorable characters HarfBuzz hides itself; a font need not have them.
IGNORABLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

_UNSAFE = int(hb.GlyphFlags.UNSAFE_TO_BREAK)

#: Characters counted as white space between words (stretchable, and a place to break).
SPACES = frozenset(" \u00a0\t\u3000")
_SPACE_CHARS = "".join(SPACES)


@dataclass(frozen=True)
class TextStyle:
    """How a range of text looks.  ``size`` is in TH Sarabun points (see :mod:`.fonts`)."""

    family: str = DEFAULT_FAMILY
    size: float = 16.0
    bold: bool = False
    italic: bool = False
    underline: bool = False
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def style_key(self) -> str:
        return {(False, False): "regular", (True, False): "bold",
                (False, True): "italic", (True, True): "bolditalic"}[(self.bold, self.italic)]


@dataclass(frozen=True)
class StyledRange:
    """``text[start:end]`` is drawn in ``style``."""

    start: int
    end: int
    style: TextStyle


class ShapedGlyph(NamedTuple):
    """One glyph: id, the start of its cluster in the text, advance and offsets in points.

    (Immutable like the stage dataclasses, but a NamedTuple: there is one per glyph and a frozen
    dataclass costs ~5× more to create — measured with benchmarks/typeset.py.)"""

    gid: int
    cluster: int
    advance: float
    x_offset: float
    y_offset: float


@dataclass(frozen=True)
class ShapedRun:
    """Glyphs of ``text[start:end]`` in one face at one point size."""

    start: int
    end: int
    face: FontFace
    font_size: float
    style: TextStyle
    glyphs: tuple[ShapedGlyph, ...]
    #: HarfBuzz's glyph infos, kept to read UNSAFE_TO_BREAK only where a line actually breaks
    #: (reading the flag of every glyph through uharfbuzz costs more than the shaping itself)
    infos: tuple = field(default=(), repr=False, compare=False)

    def unsafe_to_break(self, index: int) -> bool:
        """Whether breaking a line before glyph ``index`` needs the line shaped again."""
        if not self.infos:
            return False
        return bool(int(self.infos[index].flags) & _UNSAFE)


class Cluster(NamedTuple):
    """A unit that is never split: ``text[start:end]`` drawn by ``run.glyphs[glyph_start:glyph_end]``.
    (A NamedTuple for the same reason as :class:`ShapedGlyph`.)"""

    start: int
    end: int
    run: int
    glyph_start: int
    glyph_end: int
    width: float
    is_space: bool


@dataclass(frozen=True)
class ShapedText:
    """The shaped paragraph: runs in text order and the clusters across them."""

    text: str
    runs: tuple[ShapedRun, ...]
    clusters: tuple[Cluster, ...]
    _prefix: tuple[float, ...] = field(repr=False, compare=False, default=())
    _starts: tuple[int, ...] = field(repr=False, compare=False, default=())

    def cluster_index(self, position: int) -> int:
        """Index of the first cluster that starts at or after ``position``."""
        return bisect.bisect_left(self._starts, position)

    def width(self, start: int, end: int) -> float:
        """Natural width of the clusters that start in ``[start, end)``."""
        i, j = self.cluster_index(start), self.cluster_index(end)
        return self._prefix[j] - self._prefix[i]

    def dump(self) -> str:
        """One line per cluster: range, text, width — for golden files and ``thai explain``."""
        lines = []
        for c in self.clusters:
            run = self.runs[c.run]
            gids = " ".join(str(g.gid) for g in run.glyphs[c.glyph_start:c.glyph_end])
            lines.append(f"{c.start:>4}-{c.end:<4} {self.text[c.start:c.end]!r:12} w={c.width:7.3f} "
                         f"gids=[{gids}] {run.face.family}/{run.face.style}")
        return "\n".join(lines)


def _script_class(ch: str) -> str | None:
    """'thai', 'other', or None for characters that follow their neighbours (spaces, punctuation)."""
    cp = ord(ch)
    if 0x0E00 <= cp <= 0x0E7F:
        return "thai"
    if ch.isalpha():
        return "other"
    return None


@dataclass(frozen=True)
class _Item:
    start: int
    end: int
    face: FontFace
    family: FontFamily
    style: TextStyle
    script: str


class Shaper:
    """Shapes styled text with the families of a :class:`FontLibrary`.

    ``fallbacks`` are tried, in order, for characters the range's own family lacks.
    ``missing`` is ``"error"`` (default) or ``"warn"``.
    """

    def __init__(self, library: FontLibrary | None = None,
                 fallbacks: Sequence[str] = (DEFAULT_FAMILY,), missing: str = "error"):
        self.library = library or default_library()
        self.fallbacks = tuple(fallbacks)
        self.missing = missing
        self._faces: dict[tuple[str, TextStyle], tuple[FontFamily, FontFace]] = {}
        self._faces_by_style: dict[TextStyle, dict[str, tuple[FontFamily, FontFace]]] = {}

    def _face_for(self, ch: str, style: TextStyle, text: str, i: int) -> tuple[FontFamily, FontFace]:
        key = (ch, style)
        found = self._faces.get(key)
        if found is None:
            found = self._faces[key] = self._find_face(ch, style, text[max(0, i - 10):i + 10])
        return found

    def _find_face(self, ch: str, style: TextStyle, context: str) -> tuple[FontFamily, FontFace]:
        fam = self.library.family(style.family)
        face = fam.face(style.style_key)
        if ch in IGNORABLE or ch in SPACES and ch != "\u3000" or face.covers(ch):
            return fam, face
        for name in self.fallbacks:
            try:
                fb = self.library.family(name)
            except Exception:  # a missing fallback family is not the user's error
                continue
            fb_face = fb.face(style.style_key)
            if fb_face.covers(ch):
                return fb, fb_face
        if self.missing == "warn":
            warnings.warn(str(MissingGlyphError(ch, fam.name, context)), MissingGlyphWarning, stacklevel=4)
            return fam, face
        raise MissingGlyphError(ch, fam.name, context)

    def itemize(self, text: str, ranges: Iterable[StyledRange]) -> list[_Item]:
        """Split styled ranges into runs of one face and one script class."""
        items: list[_Item] = []
        for rng in ranges:
            style = rng.style
            faces = self._faces_by_style.get(style)  # per style, keyed by character: no hashing
            if faces is None:                          # of the style for every character
                faces = self._faces_by_style[style] = {}
            start = -1          # start of the current run, -1 when there is none
            cur_face = cur_fam = cur_script = None
            for i in range(rng.start, rng.end):
                ch = text[i]
                if ch in NOT_SHAPED:
                    if start >= 0:
                        items.append(_Item(start, i, cur_face, cur_fam, style, cur_script))
                        start = -1
                    continue
                found = faces.get(ch)
                if found is None:
                    found = faces[ch] = self._face_for(ch, style, text, i)
                fam, face = found
                script = _script_class(ch)
                if start >= 0 and face is cur_face and (script is None or script == cur_script):
                    continue
                if start >= 0:
                    items.append(_Item(start, i, cur_face, cur_fam, style, cur_script))
                script = script or (cur_script if start >= 0 else "other")
                start, cur_face, cur_fam, cur_script = i, face, fam, script
            if start >= 0:
                items.append(_Item(start, rng.end, cur_face, cur_fam, style, cur_script))
        return items

    def shape(self, text: str, ranges: Iterable[StyledRange]) -> ShapedText:
        runs = [self._shape_item(text, item) for item in self.itemize(text, ranges)]
        return assemble(text, runs)

    def reshape(self, shaped: ShapedText, start: int, end: int) -> list[ShapedRun]:
        """Shape ``text[start:end]`` on its own (no context), run by run, for a line whose edges
        HarfBuzz marked unsafe to break."""
        out = []
        for run in shaped.runs:
            a, b = max(run.start, start), min(run.end, end)
            if a >= b:
                continue
            fam = self.library.family(run.style.family)
            item = _Item(a, b, run.face, fam, run.style, "")
            out.append(self._shape_item(shaped.text[:b], item, context=False))
        return out

    def _shape_item(self, text: str, item: _Item, context: bool = True) -> ShapedRun:
        buf = hb.Buffer()
        if context:
            buf.add_str(text, item.start, item.end - item.start)
        else:
            buf.add_str(text[:item.end], item.start, item.end - item.start)
            buf.flags = hb.BufferFlags.BOT | hb.BufferFlags.EOT
        buf.guess_segment_properties()
        if item.script == "thai":
            buf.script = "Thai"
        font = item.face.hb_font
        hb.shape(font, buf, {})
        # the size as the PDF will state it (3 decimals), so measured and drawn widths agree
        size = round(item.family.point_size(item.style.size), 3)
        k = size / item.face.upem
        infos = buf.glyph_infos
        new = tuple.__new__  # ShapedGlyph without its Python-level constructor: one per glyph
        glyphs = []
        append = glyphs.append
        for info, pos in zip(infos, buf.glyph_positions):
            x_offset, y_offset, x_advance, _y_advance = pos.position  # HarfBuzz order
            append(new(ShapedGlyph, (info.codepoint, info.cluster, x_advance * k, x_offset * k, y_offset * k)))
        glyphs = tuple(glyphs)
        return ShapedRun(item.start, item.end, item.face, size, item.style, glyphs, tuple(infos))


def assemble(text: str, runs: list[ShapedRun]) -> ShapedText:
    """Group each run's glyphs into clusters (HarfBuzz's cluster values, which rise along the run
    in this left-to-right text) and index them by text position."""
    clusters: list[Cluster] = []
    new = tuple.__new__  # Cluster without its Python-level constructor: one per cluster
    for r, run in enumerate(runs):
        glyphs = run.glyphs
        n = len(glyphs)
        cl = [g.cluster for g in glyphs]
        adv = [g.advance for g in glyphs]
        bounds = sorted(set(cl) | {run.start})
        bounds.append(run.end)
        gi = 0
        for k in range(len(bounds) - 1):
            s, e = bounds[k], bounds[k + 1]
            g0 = gi
            width = 0.0
            while gi < n and cl[gi] < e:
                width += adv[gi]
                gi += 1
            if gi == g0 and clusters and clusters[-1].run == r:
                # characters HarfBuzz drew no glyph for join the cluster before them
                prev = clusters[-1]
                clusters[-1] = Cluster(prev.start, e, r, prev.glyph_start, prev.glyph_end, prev.width,
                                       prev.is_space)
                continue
            chunk = text[s:e]
            clusters.append(new(Cluster, (s, e, r, g0, gi, width, bool(chunk) and not chunk.strip(_SPACE_CHARS))))
    prefix = [0.0]
    for c in clusters:
        prefix.append(prefix[-1] + c.width)
    return ShapedText(text, tuple(runs), tuple(clusters), tuple(prefix), tuple(c.start for c in clusters))
