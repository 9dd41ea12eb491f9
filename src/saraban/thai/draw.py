"""Stage *draw* (public): shaped, justified lines → PDF operators with an exact text layer.

reportlab has no API for drawing positioned glyph ids, so this module embeds fonts itself and
writes the text operators into a reportlab canvas:

* Each face used in a document becomes one Type0 font (Identity-H) whose CIDs are allocated per
  *(glyph, text, width)*.  A ``CIDToGIDMap`` sends the CID to the glyph and the ``ToUnicode`` CMap
  sends it to exactly the source text it draws: no private-use code points, sara am intact,
  nothing added, nothing empty.
* A cluster of one glyph is that glyph; the pen offset HarfBuzz gave it becomes a ``TJ`` number.
  A cluster of several glyphs (a base and its marks, a decomposed sara am) or of one raised glyph
  is drawn as one *cluster glyph*, a composite added to the embedded font
  (:mod:`.fontprogram`), mapped to the cluster's text.  So every glyph on the page maps, on its
  own and in reading order, to whole characters: pdftotext, pypdf, PDFium, MuPDF and pdf.js read
  the text exactly without ``/ActualText`` (which pdf.js ignores and PDFium and MuPDF repeat), and
  no text rise is ever set (pdfminer reads a raised mark as a line of its own).
* Justification is explicit ``TJ`` space after clusters — never ``Tc``/``Tw``.

The font program is a subset made with HarfBuzz (glyph ids kept), so output stays small.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from typing import NamedTuple, Sequence

from reportlab.pdfbase import pdfdoc

from .fontprogram import Components, subset, with_cluster_glyphs
from .fonts import FontFace
from .shape import ShapedGlyph, ShapedRun

#: Flags of the FontDescriptor: 4 = Symbolic (glyphs are addressed by id, not by a standard
#: encoding), which is what PDF readers expect of an Identity-H TrueType font.
FONT_DESCRIPTOR_FLAGS = 4

#: StemV is required but unused by modern viewers for embedded TrueType; 80 is a regular weight.
DEFAULT_STEM_V = 80

#: How far (thousandths of an em) a CID's declared width may be from its glyph's advance in the
#: embedded program: veraPDF's tolerance for PDF/A's "consistent widths" (ISO 19005-2, 6.2.11.5).
WIDTH_TOLERANCE = 1.0

#: Decimals written for positions in content streams (0.001 pt is far below a printer's dot).
DECIMALS = 3

#: A Latin letter: a stretch of clusters from one to the last before Thai text or the line's end
#: (with the spaces, digits and punctuation between, "Local Performance Assessment: LPA",
#: "www.dla.go.th") is English, which a tagged PDF marks with its language (``/Lang en``) so a
#: screen reader switches voice.  Only letters decide: digits and punctuation belong to no language.
_LATIN = re.compile(r"[A-Za-z]")
#: Characters that go on with English after its last letter when nothing separates them: the
#: rest of an address ("…/satisfaction/2563", "…th-83-phuket.html"), not a closing bracket or comma.
_ATTACHED = re.compile(r"[0-9/._~%?=&#+-]+")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
#: In a line's operators, where English starts and ends: a canvas with a ``switch_language``
#: method (a tagged one) replaces them by the marked-content operators it wants (see
#: :func:`draw_line`); any other canvas drops them.  The text arrays are closed and reopened
#: there with the pen where it was, so glyphs, positions and extracted text are the same.
LANG_BEGIN = "\x01"
LANG_END = "\x02"
ENGLISH = "en"
_MARKS = re.compile("[\x01\x02]")
_STRAY = re.compile(" ?[\x01\x02]")


def fmt(value: float) -> str:
    """A PDF number: fixed decimals, no trailing zeros, never "-0"."""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@functools.lru_cache(maxsize=1024)
def _font_op(name: str, size: float) -> str:
    return f"/{name} {fmt(size)} Tf"


@functools.lru_cache(maxsize=1024)
def _color_op(color: tuple[float, float, float]) -> str:
    return " ".join(fmt(c) for c in color) + " rg"


class EmbeddedFont:
    """One face embedded in one reportlab document; reportlab calls :meth:`addObjects` on save."""

    _dynamicFont = 1

    def __init__(self, face: FontFace, internal_name: str):
        self.face = face
        self.internal_name = internal_name
        #: cluster glyphs get the ids after the face's own glyphs, in order of first use
        self.first_cluster_gid = len(face.advances)
        self._clusters: dict[Components, int] = {}
        self._cluster_glyphs: list[tuple[Components, int]] = []
        self._cids: dict[tuple, int] = {}
        self._cid_gid: list[int] = [0]
        self._cid_text: list[str] = [""]
        self._cid_width: list[int] = [0]
        self._codes: dict[tuple, str] = {}
        #: glyphs made to carry another advance (:meth:`_glyph_as_wide_as`): (components, advance) → id
        self._resized: dict[tuple, int] = {}

    @property
    def gids(self) -> tuple[int, ...]:
        """The face's glyph ids drawn, on their own or in cluster glyphs, sorted: what the
        embedded subset keeps."""
        own = {g for g in self._cid_gid if g < self.first_cluster_gid}
        own.update(g for components, _ in self._cluster_glyphs for g, _, _ in components)
        return tuple(sorted(own))

    def cluster_gid(self, components: Components, advance: int) -> int:
        """The glyph id of the cluster glyph made of ``components`` ((glyph id, x, y) in font
        units, HarfBuzz's places) advancing ``advance`` font units (allocated on first use)."""
        gid = self._clusters.get(components)
        if gid is None:
            gid = self._clusters[components] = self.first_cluster_gid + len(self._cluster_glyphs)
            self._cluster_glyphs.append((components, advance))
        return gid

    def code(self, gid: int, text: str, width: int) -> str:
        """:meth:`cid` as the hex string a content stream writes, ``<04D2>`` (remembered: a
        document draws the same few hundred glyph/text pairs again and again)."""
        key = (gid, text, width)
        code = self._codes.get(key)
        if code is None:
            code = self._codes[key] = f"<{self.cid(gid, text, width):04X}>"
        return code

    def cid(self, gid: int, text: str, width: int) -> int:
        """The CID that draws glyph ``gid``, extracts as ``text`` and advances ``width``
        thousandths of an em (allocated on first use).

        The width is chosen by the caller so that the pen lands where the next glyph starts even
        for a mark drawn with an offset: extractors then see no gap or overlap that they would
        read as a word break.
        """
        key = (gid, text, width)
        cid = self._cids.get(key)
        if cid is None:
            cid = len(self._cid_gid)
            if cid > 0xFFFF:
                raise OverflowError("more than 65535 distinct glyph/text pairs in one font")
            self._cids[key] = cid
            if abs(self._program_width(gid) - width) > WIDTH_TOLERANCE:
                gid = self._glyph_as_wide_as(gid, width)
            self._cid_gid.append(gid)
            self._cid_text.append(text)
            self._cid_width.append(width)
        return cid

    def _program_width(self, gid: int) -> float:
        """Glyph ``gid``'s advance in the embedded program, in thousandths of an em."""
        first = self.first_cluster_gid
        units = self.face.glyph_advance(gid) if gid < first else self._cluster_glyphs[gid - first][1]
        return units * 1000.0 / self.face.upem

    def _glyph_as_wide_as(self, gid: int, width: int) -> int:
        """A glyph drawing what ``gid`` draws whose advance in the program is ``width``
        thousandths of an em: the width a CID declares is the rest of HarfBuzz's advance (after
        kerning, less the glyph's offset), which can differ from the glyph's own — and PDF/A wants
        the font dictionary's widths and the program's to agree (ISO 19005-2, 6.2.11.5).  It is a
        composite of the same outlines at the same place, so nothing looks or extracts otherwise."""
        first = self.first_cluster_gid
        components = ((gid, 0, 0),) if gid < first else self._cluster_glyphs[gid - first][0]
        advance = round(width * self.face.upem / 1000.0)
        key = (components, advance)
        found = self._resized.get(key)
        if found is None:
            found = self._resized[key] = first + len(self._cluster_glyphs)
            self._cluster_glyphs.append((components, advance))
        return found

    # -- PDF objects -------------------------------------------------------------------------
    def _subset_program(self) -> bytes:
        return _program(self.face.path, self.face.data, self.gids, self.first_cluster_gid,
                        tuple(self._cluster_glyphs))

    def _tag(self) -> str:
        digest = hashlib.sha256(repr((self.face.postscript_name, self.gids, self._cluster_glyphs)).encode()).digest()
        return "".join(chr(ord("A") + b % 26) for b in digest[:6])

    def _to_unicode(self, base_name: str) -> bytes:
        lines = [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            f"/CMapName /{base_name}-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<0000> <FFFF>",
            "endcodespacerange",
        ]
        entries = [(cid, text) for cid, text in enumerate(self._cid_text) if cid > 0]
        for i in range(0, len(entries), 100):
            chunk = entries[i:i + 100]
            lines.append(f"{len(chunk)} beginbfchar")
            for cid, text in chunk:
                lines.append(f"<{cid:04X}> <{text.encode('utf-16-be').hex().upper()}>")
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return ("\n".join(lines) + "\n").encode("ascii")

    def addObjects(self, doc) -> None:  # noqa: N802 (reportlab's name)
        face = self.face
        scale = 1000.0 / face.upem
        base_name = f"{self._tag()}+{face.postscript_name}"
        program = self._subset_program()

        font_file = pdfdoc.PDFStream(content=program, filters=[pdfdoc.PDFZCompress])
        font_file.dictionary["Length1"] = len(program)
        font_file_ref = doc.Reference(font_file)

        descriptor = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("FontDescriptor"),
            "FontName": pdfdoc.PDFName(base_name),
            "Flags": FONT_DESCRIPTOR_FLAGS,
            "FontBBox": pdfdoc.PDFArray([round(v * scale) for v in face.bbox]),
            "ItalicAngle": face.italic_angle,
            "Ascent": round(face.ascent * scale),
            "Descent": round(face.descent * scale),
            "CapHeight": round(face.cap_height * scale),
            "StemV": DEFAULT_STEM_V,
            "FontFile2": font_file_ref,
        })
        descriptor_ref = doc.Reference(descriptor)

        cid_to_gid = b"".join(gid.to_bytes(2, "big") for gid in self._cid_gid)
        cid_map = pdfdoc.PDFStream(content=cid_to_gid, filters=[pdfdoc.PDFZCompress])
        widths = self._cid_width[1:]
        descendant = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("CIDFontType2"),
            "BaseFont": pdfdoc.PDFName(base_name),
            "CIDSystemInfo": pdfdoc.PDFDictionary({
                "Registry": pdfdoc.PDFString("Adobe"),
                "Ordering": pdfdoc.PDFString("Identity"),
                "Supplement": 0,
            }),
            "FontDescriptor": descriptor_ref,
            "DW": 0,
            "W": pdfdoc.PDFArray([1, pdfdoc.PDFArray(widths)]) if widths else pdfdoc.PDFArray([]),
            "CIDToGIDMap": doc.Reference(cid_map),
        })
        to_unicode = pdfdoc.PDFStream(content=self._to_unicode(base_name), filters=[pdfdoc.PDFZCompress])
        font = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("Type0"),
            "BaseFont": pdfdoc.PDFName(base_name),
            "Encoding": pdfdoc.PDFName("Identity-H"),
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(descendant)]),
            "ToUnicode": doc.Reference(to_unicode),
        })
        ref = doc.Reference(font, "SarabanFont:" + self.internal_name)
        doc.idToObject["BasicFonts"].dict[self.internal_name] = ref


@functools.lru_cache(maxsize=64)
def _program(path, data: bytes, gids: tuple[int, ...], first_cluster_gid: int,
             cluster_glyphs: tuple[tuple[Components, int], ...]) -> bytes:
    """The embedded font program: the subset with the cluster glyphs added (cached: documents
    drawing the same glyphs share it)."""
    return with_cluster_glyphs(subset(path, data, gids), first_cluster_gid, cluster_glyphs)


def embedded_font(canvas, face: FontFace) -> EmbeddedFont:
    """The :class:`EmbeddedFont` of ``face`` in the canvas's document, registered on first use."""
    doc = canvas._doc
    fonts: dict = doc.__dict__.setdefault("_saraban_fonts", {})
    font = fonts.get(face.path)
    if font is None:
        internal = f"TF{len(fonts) + 1}"
        font = EmbeddedFont(face, internal)
        fonts[face.path] = font
        doc.fontMapping["saraban:" + str(face.path)] = "/" + internal
        doc.delayedFonts.append(font)
    return font


class PlacedCluster(NamedTuple):
    """A cluster ready to draw: its source text, its glyphs, and justification space after it
    (a view for inspection and tests; :class:`DrawRun` keeps clusters as index arrays)."""

    text: str
    glyphs: tuple[ShapedGlyph, ...]
    extra_after: float = 0.0


@dataclass(frozen=True)
class DrawRun:
    """Consecutive clusters of one face, size and colour on one line.  Cluster ``k`` is
    ``text[starts[k]:ends[k]]``, drawn by glyphs ``glyph_starts[k]:glyph_ends[k]`` of ``source``
    and followed by ``extras[k]`` points of justification."""

    face: FontFace
    font_size: float
    color: tuple[float, float, float]
    text: str
    source: ShapedRun
    starts: Sequence[int]
    ends: Sequence[int]
    glyph_starts: Sequence[int]
    glyph_ends: Sequence[int]
    extras: Sequence[float]
    underline: bool = False

    @property
    def clusters(self) -> tuple[PlacedCluster, ...]:
        glyphs = self.source.glyphs
        return tuple(PlacedCluster(self.text[s:e], glyphs[a:b], x) for s, e, a, b, x in
                     zip(self.starts, self.ends, self.glyph_starts, self.glyph_ends, self.extras))


def language_marks(runs: Sequence[DrawRun]) -> dict[int, str] | None:
    """Where English starts and ends on a line: {cluster index on the line: LANG_BEGIN or
    LANG_END (before that cluster; the line's cluster count: at its end)}, None without English."""
    if not any(r.starts and _LATIN.search(r.text, r.starts[0], r.ends[-1]) for r in runs):
        return None
    marks: dict[int, str] = {}
    index = 0
    last = None         # the open stretch's last cluster (a Latin letter or what is attached to it)
    attached = False    # the clusters since the last letter are all attached to it
    for run in runs:
        text = run.text
        for s, e in zip(run.starts, run.ends):
            if _LATIN.search(text, s, e):
                if last is None:
                    marks[index] = LANG_BEGIN
                last = index
                attached = True
            elif last is not None:
                if _THAI.search(text, s, e):
                    marks[last + 1] = LANG_END
                    last = None
                elif attached and _ATTACHED.fullmatch(text, s, e):
                    last = index
                else:
                    attached = False
            index += 1
    if last is not None:
        marks[last + 1] = LANG_END
    return marks


def run_width(run: DrawRun) -> float:
    if not run.starts:
        return 0.0
    src = run.source
    return sum(src.advances[run.glyph_starts[0]:run.glyph_ends[-1]]) * src.scale + sum(run.extras)


def line_body(canvas, runs: Sequence[DrawRun]) -> str:
    """The text operators of a line, without its position — the same for every place the line is
    drawn in one document, so they are made once per document and line (tables repeat cells).
    Across documents the line's :func:`_plan` is kept: only the glyph codes, which each document
    numbers in its own order, are looked up again."""
    cache: dict = canvas._doc.__dict__.setdefault("_saraban_lines", {})
    hit = cache.get(id(runs))
    if hit is not None and hit[0] is runs:
        return hit[1]
    body = _render(canvas, _plan_of(runs))
    cache[id(runs)] = (runs, body)  # holding ``runs`` keeps its id from being reused
    return body


#: Lines whose :func:`_plan` is kept for the process (the cells and labels that a table or a run
#: of booklets draws again and again); past this many the plans are dropped and made afresh, so a
#: long-lived process does not grow without bound.
PLAN_CACHE_LINES = 200_000
_PLANS: dict[int, tuple] = {}

#: Items of a plan that are not literal operators: select the run's face (registering it in the
#: document on first use), its font operator at a size, a glyph's code, a cluster glyph's code.
_FACE, _FONT, _CODE, _CLUSTER = range(4)


def _plan_of(runs: Sequence[DrawRun]) -> tuple:
    hit = _PLANS.get(id(runs))
    if hit is not None and hit[0] is runs:
        return hit[1]
    if len(_PLANS) >= PLAN_CACHE_LINES:
        _PLANS.clear()
    plan = _plan(runs)
    _PLANS[id(runs)] = (runs, plan)  # holding ``runs`` keeps its id from being reused
    return plan


def _render(canvas, plan: tuple) -> str:
    """The operators of a :func:`_plan` in ``canvas``'s document: the faces registered and the
    codes allocated in the order :func:`_body` would have, so the bytes are the same."""
    ops: list[str] = []
    append = ops.append
    font = None
    for item in plan:
        if item.__class__ is str:
            append(item)
            continue
        kind = item[0]
        if kind == _CODE:
            key = item[1]
            append(font._codes.get(key) or font.code(*key))
        elif kind == _FACE:
            font = embedded_font(canvas, item[1])
        elif kind == _FONT:
            append(_font_op(font.internal_name, item[1]))
        else:
            _, components, advance, text, width = item
            append(font.code(font.cluster_gid(components, advance), text, width))
    body = " ".join(ops).replace("[ ] TJ ", "")
    return body[:-7] if body.endswith(" [ ] TJ") else body


def cluster_components(gids: Sequence[int], advances: Sequence[int], x_offsets: Sequence[int],
                       y_offsets: Sequence[int], a: int, b: int) -> tuple[Components, int]:
    """Glyphs ``a:b`` of a run as the components of one cluster glyph — each at the pen
    position HarfBuzz reached plus its offset, in font units — and their advance together."""
    pen = 0
    components = []
    for g in range(a, b):
        components.append((gids[g], pen + x_offsets[g], y_offsets[g]))
        pen += advances[g]
    return tuple(components), pen


def _body(canvas, runs: Sequence[DrawRun]) -> str:
    """The operators of one line: font and colour, and a ``TJ`` array per run of CIDs — one per
    cluster — with the pen offsets of single glyphs and the justification as numbers.

    Pen movements are written in whole thousandths of an em; what rounding leaves is carried to
    the next number, so the line ends where its clusters say (error < 0.0005 em)."""
    ops: list[str] = []
    append = ops.append
    current_font = None
    current_color = None
    pending_text = ""  # text of glyph-less clusters, given to the next glyph
    carry = 0.0  # pen movement (points) a run leaves to the next: rounding and justification
    marks = language_marks(runs)
    index = 0  # the cluster's index on the line (for ``marks``)
    for run in runs:
        face, size = run.face, run.font_size
        font = embedded_font(canvas, face)
        code, codes = font.code, font._codes
        if (face.path, size) != current_font:
            append(_font_op(font.internal_name, size))
            current_font = (face.path, size)
        if run.color != current_color:
            append(_color_op(run.color))
            current_color = run.color
        em = 1000.0 / size  # TJ units (thousandths of an em) per point
        k = 1000.0 / face.upem  # TJ units per font unit
        exact = k == 1.0  # a 1000-unit font: glyph widths are TJ units as they are
        src = run.source
        gids, advances, x_offsets, y_offsets = src.gids, src.advances, src.x_offsets, src.y_offsets
        text = run.text
        append("[")
        pending = carry * em  # pen movement not yet written, in TJ units
        for s, e, a, b, extra in zip(run.starts, run.ends, run.glyph_starts, run.glyph_ends, run.extras):
            if marks is not None:
                mark = marks.get(index)
                index += 1
                if mark is not None:   # the array closed and reopened around the mark, the pen kept
                    move = round(pending)
                    if move:
                        append(str(-move))
                        pending -= move
                    append("] TJ")
                    append(mark)
                    append("[")
            if b - a == 1 and not y_offsets[a]:
                # one glyph on the baseline (the common case): drawn at its offset from the pen,
                # declared as wide as the rest of its advance, so the pen lands where HarfBuzz's does
                x = x_offsets[a]
                if x:
                    pending += x * k
                if pending >= 0.5 or pending <= -0.5:
                    move = round(pending)
                    append(str(-move))
                    pending -= move
                if exact:
                    width = advances[a] - x
                else:
                    step = (advances[a] - x) * k
                    width = round(step)
                    pending += step - width
                if pending_text:
                    append(code(gids[a], pending_text + text[s:e], width))
                    pending_text = ""
                else:
                    key = (gids[a], text[s:e], width)
                    append(codes.get(key) or code(*key))  # the lookup inlined: once per glyph
                if extra:
                    pending += extra * em
                continue
            if a == b:
                pending_text += text[s:e]
                pending += extra * em
                continue
            # several glyphs, or one raised or lowered: one cluster glyph, its text the cluster's
            components, advance = cluster_components(gids, advances, x_offsets, y_offsets, a, b)
            gid = font.cluster_gid(components, advance)
            if pending >= 0.5 or pending <= -0.5:
                move = round(pending)
                append(str(-move))
                pending -= move
            step = advance * k
            width = round(step)
            pending += step - width
            append(code(gid, pending_text + text[s:e], width))
            pending_text = ""
            pending += extra * em
        move = round(pending)
        if move:
            append(str(-move))
        append("] TJ")
        carry = (pending - move) / em
    if marks is not None and index in marks:
        append(marks[index])
    body = " ".join(ops).replace("[ ] TJ ", "")
    return body[:-7] if body.endswith(" [ ] TJ") else body


def _plan(runs: Sequence[DrawRun]) -> tuple:
    """:func:`_body` with the document left out: its operators, with a placeholder where a face
    is selected, where its font operator names the face, and where a code is allocated (the
    same computation as :func:`_body`, kept beside it; a test compares the two).

    Pen movements are written in whole thousandths of an em; what rounding leaves is carried to
    the next number, so the line ends where its clusters say (error < 0.0005 em)."""
    ops: list = []
    append = ops.append
    current_font = None
    current_color = None
    pending_text = ""  # text of glyph-less clusters, given to the next glyph
    carry = 0.0  # pen movement (points) a run leaves to the next: rounding and justification
    marks = language_marks(runs)
    index = 0  # the cluster's index on the line (for ``marks``)
    for run in runs:
        face, size = run.face, run.font_size
        append((_FACE, face))
        if (face.path, size) != current_font:
            append((_FONT, size))
            current_font = (face.path, size)
        if run.color != current_color:
            append(_color_op(run.color))
            current_color = run.color
        em = 1000.0 / size  # TJ units (thousandths of an em) per point
        k = 1000.0 / face.upem  # TJ units per font unit
        exact = k == 1.0  # a 1000-unit font: glyph widths are TJ units as they are
        src = run.source
        gids, advances, x_offsets, y_offsets = src.gids, src.advances, src.x_offsets, src.y_offsets
        text = run.text
        append("[")
        pending = carry * em  # pen movement not yet written, in TJ units
        for s, e, a, b, extra in zip(run.starts, run.ends, run.glyph_starts, run.glyph_ends, run.extras):
            if marks is not None:
                mark = marks.get(index)
                index += 1
                if mark is not None:   # the array closed and reopened around the mark, the pen kept
                    move = round(pending)
                    if move:
                        append(str(-move))
                        pending -= move
                    append("] TJ")
                    append(mark)
                    append("[")
            if b - a == 1 and not y_offsets[a]:
                # one glyph on the baseline (the common case): drawn at its offset from the pen,
                # declared as wide as the rest of its advance, so the pen lands where HarfBuzz's does
                x = x_offsets[a]
                if x:
                    pending += x * k
                if pending >= 0.5 or pending <= -0.5:
                    move = round(pending)
                    append(str(-move))
                    pending -= move
                if exact:
                    width = advances[a] - x
                else:
                    step = (advances[a] - x) * k
                    width = round(step)
                    pending += step - width
                append((_CODE, (gids[a], pending_text + text[s:e], width)))
                pending_text = ""
                if extra:
                    pending += extra * em
                continue
            if a == b:
                pending_text += text[s:e]
                pending += extra * em
                continue
            # several glyphs, or one raised or lowered: one cluster glyph, its text the cluster's
            components, advance = cluster_components(gids, advances, x_offsets, y_offsets, a, b)
            if pending >= 0.5 or pending <= -0.5:
                move = round(pending)
                append(str(-move))
                pending -= move
            step = advance * k
            width = round(step)
            pending += step - width
            append((_CLUSTER, components, advance, pending_text + text[s:e], width))
            pending_text = ""
            pending += extra * em
        move = round(pending)
        if move:
            append(str(-move))
        append("] TJ")
        carry = (pending - move) / em
    if marks is not None and index in marks:
        append(marks[index])
    return tuple(ops)


def draw_line(canvas, x: float, y: float, runs: Sequence[DrawRun], remember: bool = True) -> None:
    """Draw one line of runs on a reportlab canvas, with underlines where a run asks for them.

    ``remember`` keeps the line's operators for the rest of the document (:func:`line_body`):
    right for lines drawn again and again (table cells, labels), wasted on a paragraph's lines,
    which are drawn once — and holding them would keep the whole paragraph alive until the
    document goes, for the garbage collector to scan."""
    body = line_body(canvas, runs) if remember else _body(canvas, runs)
    if LANG_BEGIN in body:
        switch = getattr(canvas, "switch_language", None)
        if switch is None:
            body = _STRAY.sub("", body)
        else:
            body = _MARKS.sub(lambda m: switch(ENGLISH if m.group() == LANG_BEGIN else None), body)
    canvas._code.append(f"BT 1 0 0 1 {fmt(x)} {fmt(y)} Tm {body} ET")
    if not any(run.underline for run in runs):
        return
    pen = x
    for run in runs:
        width = run_width(run)
        if run.underline and width > 0:
            face = run.face
            k = run.font_size / face.upem
            uy = y + face.underline_position * k
            canvas.saveState()
            canvas.setStrokeColorRGB(*run.color)
            canvas.setLineWidth(face.underline_thickness * k)
            canvas.line(pen, uy, pen + width, uy)
            canvas.restoreState()
        pen += width
