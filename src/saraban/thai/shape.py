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
import functools
import itertools
import operator
import re
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
_CODEPOINT = operator.attrgetter("codepoint")
_CLUSTER = operator.attrgetter("cluster")
_X_ADVANCE = operator.attrgetter("x_advance")
_X_OFFSET = operator.attrgetter("x_offset")
_Y_OFFSET = operator.attrgetter("y_offset")

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
    """One glyph: id, the start of its cluster in the text, advance and offsets in points
    (a view for inspection and tests; runs keep their glyphs as parallel arrays)."""

    gid: int
    cluster: int
    advance: float
    x_offset: float
    y_offset: float


@dataclass(frozen=True)
class ShapedRun:
    """Glyphs of ``text[start:end]`` in one face at one point size, as parallel arrays in font
    units (glyph ``i`` is ``gids[i]``, of the cluster starting at ``clusters[i]``, advancing
    ``advances[i]`` and drawn ``x_offsets[i]``/``y_offsets[i]`` from the pen); ``scale`` turns
    font units into points.

    Arrays rather than a record per glyph, and font units rather than points: a 200-page document
    has ~600,000 glyphs, and the stages after shaping read them by index; the drawing stage writes
    font units of a 1000-unit font as they are (measured with benchmarks/typeset.py: shaping and
    cluster assembly took 1.2 s with a record per glyph in points, 0.6 s with these arrays)."""

    start: int
    end: int
    face: FontFace
    font_size: float
    style: TextStyle
    gids: Sequence[int]
    clusters: Sequence[int]
    advances: Sequence[int]
    x_offsets: Sequence[int]
    y_offsets: Sequence[int]
    #: HarfBuzz's glyph infos, kept to read UNSAFE_TO_BREAK only where a line actually breaks
    #: (uharfbuzz makes an enum of every flag it reads: ~1 µs a glyph, more than the shaping)
    infos: Sequence = field(default=(), repr=False, compare=False)

    @property
    def scale(self) -> float:
        """Points per font unit."""
        return self.font_size / self.face.upem

    @property
    def glyphs(self) -> tuple[ShapedGlyph, ...]:
        """The glyphs as records in points (for inspection and tests)."""
        k = self.scale
        return tuple(ShapedGlyph(g, c, a * k, x * k, y * k) for g, c, a, x, y in
                     zip(self.gids, self.clusters, self.advances, self.x_offsets, self.y_offsets))

    def unsafe_to_break(self, index: int) -> bool:
        """Whether breaking a line before glyph ``index`` needs the line shaped again."""
        if not self.infos:
            return False
        return bool(int(self.infos[index].flags) & _UNSAFE)

    def tail(self, cut: int) -> "ShapedRun | None":
        """The glyphs of the clusters at or after text position ``cut``, with positions counted
        from ``cut`` (for the rest of a paragraph split across pages); None if there are none."""
        if self.end <= cut:
            return None
        i = bisect.bisect_left(self.clusters, cut)
        return ShapedRun(max(self.start, cut) - cut, self.end - cut, self.face, self.font_size, self.style,
                         self.gids[i:], tuple(c - cut for c in self.clusters[i:]), self.advances[i:],
                         self.x_offsets[i:], self.y_offsets[i:], self.infos[i:])


class Cluster(NamedTuple):
    """A unit that is never split: ``text[start:end]`` drawn by glyphs ``glyph_start:glyph_end``
    of run ``run`` (a view; :class:`ShapedText` keeps clusters as parallel arrays)."""

    start: int
    end: int
    run: int
    glyph_start: int
    glyph_end: int
    width: float
    is_space: bool


@dataclass(frozen=True)
class ShapedText:
    """The shaped paragraph: runs in text order and the clusters across them, as parallel
    arrays: cluster ``k`` is ``text[starts[k]:ends[k]]``, drawn by glyphs
    ``glyph_starts[k]:glyph_ends[k]`` of ``runs[run_of[k]]``, ``widths[k]`` points wide;
    ``prefix[k]`` is the width of the clusters before it."""

    text: str
    runs: tuple[ShapedRun, ...]
    starts: Sequence[int]
    ends: Sequence[int]
    run_of: Sequence[int]
    glyph_starts: Sequence[int]
    glyph_ends: Sequence[int]
    widths: Sequence[float]
    prefix: Sequence[float] = field(repr=False, compare=False)

    @functools.cached_property
    def spaces(self) -> tuple[bool, ...]:
        """Whether each cluster is white space (made when a justified line first asks)."""
        text = self.text
        return tuple([text[a] in SPACES and (b - a == 1 or not text[a:b].strip(_SPACE_CHARS))
                      for a, b in zip(self.starts, self.ends)])

    @functools.cached_property
    def clusters(self) -> tuple[Cluster, ...]:
        return tuple(map(Cluster, self.starts, self.ends, self.run_of, self.glyph_starts, self.glyph_ends,
                         self.widths, self.spaces))

    def cluster_index(self, position: int) -> int:
        """Index of the first cluster that starts at or after ``position``."""
        return bisect.bisect_left(self.starts, position)

    def width(self, start: int, end: int) -> float:
        """Natural width of the clusters that start in ``[start, end)``."""
        i, j = self.cluster_index(start), self.cluster_index(end)
        return self.prefix[j] - self.prefix[i]

    def dump(self) -> str:
        """One line per cluster: range, text, width — for golden files and ``thai explain``."""
        lines = []
        for c in self.clusters:
            run = self.runs[c.run]
            gids = " ".join(str(g) for g in run.gids[c.glyph_start:c.glyph_end])
            lines.append(f"{c.start:>4}-{c.end:<4} {self.text[c.start:c.end]!r:12} w={c.width:7.3f} "
                         f"gids=[{gids}] {run.face.family}/{run.face.style}")
        return "\n".join(lines)


#: A run of one script as :meth:`Shaper.itemize` makes it: a Thai character and what follows up
#: to a letter of another script, or a letter of another script and what follows up to a Thai
#: character.  (``[^\W\d_]`` is a letter or a non-decimal number such as "²"; those few count as
#: letters here.)
_SCRIPT_RUN = re.compile("[\u0E00-\u0E7F](?:[\u0E00-\u0E7F]|[\\W\\d_])*|[^\\W\\d_\u0E00-\u0E7F][^\u0E00-\u0E7F]*")


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
        self._sizes: dict[tuple[str, float], float] = {}  # (family, TH Sarabun size) → point size

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
            if self._itemize_one_face(text, rng, faces, items):
                continue
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

    def _itemize_one_face(self, text: str, rng: StyledRange, faces: dict, items: list[_Item]) -> bool:
        """The common case of :meth:`itemize`, done with a regular expression instead of a loop
        over characters: one face draws every character of the range and nothing in it is left
        unshaped.  Returns False (adding nothing) when that is not so."""
        chars = set(text[rng.start:rng.end])
        if not chars or not chars.isdisjoint(NOT_SHAPED):
            return False
        found = None
        for ch in chars:
            f = faces.get(ch)
            if f is None:
                return False  # a character not met before: found in text order by the loop
            if found is None:
                found = f
            elif f[1] is not found[1]:
                return False
        fam, face = found
        style = rng.style
        start = rng.start
        for m in _SCRIPT_RUN.finditer(text, rng.start, rng.end):
            # each match is one run: it ends where a letter of the other script begins
            a, b = m.span()
            if "\u0E00" <= text[a] <= "\u0E7F":
                if a > start:  # neutral characters before the first letter
                    items.append(_Item(start, a, face, fam, style, "other"))
                items.append(_Item(a, b, face, fam, style, "thai"))
            else:
                items.append(_Item(start, b, face, fam, style, "other"))
            start = b
        if start < rng.end:  # only neutral characters
            items.append(_Item(start, rng.end, face, fam, style, "other"))
        return True

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
        size = self._sizes.get((item.family.name, item.style.size))
        if size is None:
            size = self._sizes[item.family.name, item.style.size] = round(item.family.point_size(item.style.size), 3)
        infos = buf.glyph_infos
        positions = buf.glyph_positions
        # map with attrgetter iterates in C: this is per glyph
        return ShapedRun(item.start, item.end, item.face, size, item.style,
                         tuple(map(_CODEPOINT, infos)), tuple(map(_CLUSTER, infos)),
                         tuple(map(_X_ADVANCE, positions)), tuple(map(_X_OFFSET, positions)),
                         tuple(map(_Y_OFFSET, positions)), tuple(infos))


def assemble(text: str, runs: Sequence[ShapedRun]) -> ShapedText:
    """Group each run's glyphs into clusters (HarfBuzz's cluster values, which rise along the run
    in this left-to-right text; characters without a glyph belong to the cluster before them) and
    index them by text position."""
    starts: list[int] = []
    ends: list[int] = []
    run_of: list[int] = []
    g_starts: list[int] = []
    g_ends: list[int] = []
    widths: list[float] = []
    for r, run in enumerate(runs):
        cl = run.clusters
        n = len(cl)
        if n == 0:  # nothing drawn (only default-ignorable characters): one empty cluster
            firsts = [0]
            lasts = [0]
            run_starts = [run.start]
            run_widths = [0.0]
        else:
            # glyph indices where the cluster value changes (map/compress iterate in C)
            cuts = list(itertools.compress(range(1, n), map(operator.ne, cl, itertools.islice(cl, 1, None))))
            firsts = [0, *cuts]
            lasts = [*cuts, n]
            run_starts = list(map(cl.__getitem__, firsts))
            run_starts[0] = run.start
            acc = list(itertools.accumulate(run.advances, initial=0))
            k = run.scale
            run_widths = [(b - a) * k for a, b in zip(map(acc.__getitem__, firsts), map(acc.__getitem__, lasts))]
        starts += run_starts
        ends += run_starts[1:]
        ends.append(run.end)
        run_of += [r] * len(firsts)
        g_starts += firsts
        g_ends += lasts
        widths += run_widths
    prefix = tuple(itertools.accumulate(widths, initial=0.0))
    # tuples, not lists: the collector stops tracking a tuple of numbers after one look, while it
    # would scan a list again in every older-generation collection of a long build
    return ShapedText(text, tuple(runs), tuple(starts), tuple(ends), tuple(run_of), tuple(g_starts),
                      tuple(g_ends), tuple(widths), prefix)
