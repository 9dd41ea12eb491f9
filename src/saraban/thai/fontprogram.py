"""The font program embedded in a PDF (internal to :mod:`.draw`): the face cut down to the glyphs a
document draws, plus one *cluster glyph* for each shaped cluster of several glyphs.

Why cluster glyphs.  HarfBuzz draws a Thai cluster as a base and marks placed with offsets, and
decomposes sara am (ำ) into nikhahit + aa, so a cluster of n characters may be n + 1 glyphs.  A
PDF maps text per glyph (ToUnicode), and readers disagree about everything else: pdf.js ignores
``/ActualText`` and prints a glyph with an empty mapping as its raw code (a U+0017 before ำ);
PDFium and MuPDF repeat the ActualText of a span split by a text rise (``ดิ์`` twice, ``น้ำ้ำ``);
pdfminer orders marks by position and reads raised ones as separate lines.  A cluster glyph is a
TrueType *composite*: its components are the cluster's glyphs at exactly the offsets HarfBuzz
gave them, and its advance is theirs together.  The page draws one glyph per cluster, mapped to
the cluster's text: every reader then gets the text in reading order, with nothing to reorder,
nothing empty and nothing doubled, and the rendering is the same outlines at the same places.
"""

from __future__ import annotations

import functools
import io
from typing import Sequence

#: Tables left out of embedded fonts: layout (shaping is done), signatures, names, and what PDF
#: viewers never read.
DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "DSIG", "BASE", "JSTF", "MATH", "kern", "name", "FFTM")

#: A cluster glyph: its components as (glyph id, x, y) in font units, and its advance.
Components = tuple[tuple[int, int, int], ...]


@functools.lru_cache(maxsize=64)
def subset(path, data: bytes, gids: tuple[int, ...]) -> bytes:
    """The font program of ``data`` cut down to ``gids`` (ids kept, composite parts included,
    no hinting) by HarfBuzz's subsetter — a few hundred microseconds, where fontTools takes a
    third of a second.  Cached: documents drawing the same glyphs share the program."""
    import uharfbuzz as hb

    plan = hb.SubsetInput()
    for gid in gids:
        plan.glyph_set.add(gid)
    plan.flags = (hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
                  | hb.SubsetFlags.NO_LAYOUT_CLOSURE)
    for tag in DROPPED_TABLES:
        plan.drop_table_tag_set.add(int.from_bytes(tag.encode("latin-1"), "big"))
    result = hb.subset(hb.Face(hb.Blob(data)), plan)
    if result is None:  # pragma: no cover - HarfBuzz refuses only broken fonts
        raise ValueError(f"HarfBuzz could not subset {path}")
    return bytes(result.blob.data)


def with_cluster_glyphs(program: bytes, first_gid: int, glyphs: Sequence[tuple[Components, int]]) -> bytes:
    """``program`` with ``glyphs`` appended as composite glyphs ``first_gid``, ``first_gid + 1``…
    (empty glyphs fill any ids between the subset's last glyph and ``first_gid``).  ``maxp`` and
    the bounding boxes are recomputed; glyph names are dropped (``post`` format 3)."""
    if not glyphs:
        return program
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    # the subset's head.modified kept: output must be byte-identical from run to run
    font = TTFont(io.BytesIO(program), recalcTimestamp=False)
    glyf, hmtx = font["glyf"], font["hmtx"]
    order = list(font.getGlyphOrder())
    while len(order) < first_gid:  # ids past the subset's last kept glyph: empty
        name = f"saraban.empty{len(order)}"
        order.append(name)
        glyf.glyphs[name] = Glyph()
        hmtx.metrics[name] = (0, 0)
    added = []
    for n, (components, advance) in enumerate(glyphs):
        glyph = Glyph()
        glyph.numberOfContours = -1
        glyph.components = []
        for gid, x, y in components:
            part = GlyphComponent()
            part.glyphName, part.x, part.y, part.flags = order[gid], x, y, 0
            glyph.components.append(part)
        name = f"saraban.cluster{n}"
        order.append(name)
        glyf.glyphs[name] = glyph
        added.append((name, advance))
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    for name, advance in added:
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        hmtx.metrics[name] = (advance, getattr(glyph, "xMin", 0))
    font["post"].formatType = 3.0
    font["maxp"].numGlyphs = len(order)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
