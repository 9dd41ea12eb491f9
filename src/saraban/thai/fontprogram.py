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
import struct
from typing import Sequence

#: Tables left out of embedded fonts: layout (shaping is done), signatures, names, and what PDF
#: viewers never read.
DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "DSIG", "BASE", "JSTF", "MATH", "kern", "name", "FFTM")


def _checksum(data: bytes) -> int:
    """The sfnt checksum of a table: the sum of its big-endian 32-bit words."""
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


#: Flags of a composite glyph's component records (TrueType glyf table).
ARG_1_AND_2_ARE_WORDS, ARGS_ARE_XY_VALUES, MORE_COMPONENTS = 0x0001, 0x0002, 0x0020
WE_HAVE_A_SCALE, WE_HAVE_AN_X_AND_Y_SCALE, WE_HAVE_A_TWO_BY_TWO = 0x0008, 0x0040, 0x0080


def _components(data: bytes):
    """(glyph id) of each component of composite glyph ``data``."""
    pos = 10
    while True:
        flags, gid = struct.unpack_from(">HH", data, pos)
        pos += 4 + (4 if flags & ARG_1_AND_2_ARE_WORDS else 2)
        if flags & WE_HAVE_A_SCALE:
            pos += 2
        elif flags & WE_HAVE_AN_X_AND_Y_SCALE:
            pos += 4
        elif flags & WE_HAVE_A_TWO_BY_TWO:
            pos += 8
        yield gid
        if not flags & MORE_COMPONENTS:
            return


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


#: Tables with a record per glyph that the new glyphs would lack (device metrics, vertical metrics).
PER_GLYPH_TABLES = ("hdmx", "LTSH", "VDMX", "vhea", "vmtx", "VORG")


def with_cluster_glyphs(program: bytes, first_gid: int, glyphs: Sequence[tuple[Components, int]]) -> bytes:
    """``program`` with ``glyphs`` appended as composite glyphs ``first_gid``, ``first_gid + 1``…
    (empty glyphs fill any ids between the subset's last glyph and ``first_gid``).

    Written directly into the tables (``glyf``, ``loca`` in long format, ``hmtx`` with a full
    metric per glyph, ``maxp``'s counts and composite limits, ``hhea``, the checksums; ``post``
    becomes format 3, without glyph names): ~2 ms, where loading and saving the font with fontTools
    took 15–40 ms — most of the time of a one-page letter.  Each new glyph's bounding box is the
    union of its components' boxes at their offsets."""
    if not glyphs:
        return program
    num_tables = struct.unpack_from(">H", program, 4)[0]
    tables = {}
    for i in range(num_tables):
        tag, _, offset, length = struct.unpack_from(">4sIII", program, 12 + 16 * i)
        tables[tag.decode("latin-1")] = program[offset:offset + length]
    head, maxp, hhea = bytearray(tables["head"]), bytearray(tables["maxp"]), bytearray(tables["hhea"])
    glyf, loca_data, hmtx = tables["glyf"], tables["loca"], tables["hmtx"]
    n_old = struct.unpack_from(">H", maxp, 4)[0]
    long_loca = struct.unpack_from(">h", head, 50)[0] == 1
    loca = (list(struct.unpack(f">{n_old + 1}I", loca_data[:4 * (n_old + 1)])) if long_loca
            else [2 * v for v in struct.unpack(f">{n_old + 1}H", loca_data[:2 * (n_old + 1)])])
    n_metrics = struct.unpack_from(">H", hhea, 34)[0]
    metrics = [struct.unpack_from(">Hh", hmtx, 4 * i) for i in range(n_metrics)]
    last_advance = metrics[-1][0]
    metrics += [(last_advance, struct.unpack_from(">h", hmtx, 4 * n_metrics + 2 * i)[0])
                for i in range(n_old - n_metrics)]

    def data_of(gid):
        return glyf[loca[gid]:loca[gid + 1]] if gid < n_old else b""

    def stats(gid, depth=1):
        """(points, contours, depth) of glyph ``gid`` drawn as a component, as maxp counts them."""
        data = data_of(gid)
        if len(data) < 10:
            return 0, 0, depth
        contours = struct.unpack_from(">h", data, 0)[0]
        if contours >= 0:
            points = struct.unpack_from(">H", data, 10 + 2 * (contours - 1))[0] + 1 if contours else 0
            return points, contours, depth
        p = c = 0
        d = depth
        for part in _components(data):
            pp, cc, dd = stats(part, depth + 1)
            p, c, d = p + pp, c + cc, max(d, dd)
        return p, c, d

    body = bytearray(glyf[:loca[n_old]])
    offsets = loca[:n_old + 1]
    metrics += [(0, 0)] * (first_gid - n_old)
    offsets += [offsets[-1]] * (first_gid - n_old)
    version_1 = len(maxp) >= 32  # maxp 1.0 (TrueType) has the composite limits
    max_points, max_contours, max_elements, max_depth = (
        struct.unpack_from(">HH", maxp, 10) + struct.unpack_from(">HH", maxp, 28) if version_1 else (0, 0, 0, 0))
    for components, advance in glyphs:
        boxes = []
        parts = bytearray()
        points = contours = 0
        depth = 1
        for n, (gid, x, y) in enumerate(components):
            data = data_of(gid)
            if len(data) >= 10:
                x0, y0, x1, y1 = struct.unpack_from(">hhhh", data, 2)
                boxes.append((x0 + x, y0 + y, x1 + x, y1 + y))
            pp, cc, dd = stats(gid, 1)
            points, contours, depth = points + pp, contours + cc, max(depth, dd)
            flags = ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES | (MORE_COMPONENTS if n < len(components) - 1 else 0)
            parts += struct.pack(">HHhh", flags, gid, x, y)
        if boxes:
            box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                   max(b[2] for b in boxes), max(b[3] for b in boxes))
        else:
            box = (0, 0, 0, 0)
        body += struct.pack(">hhhhh", -1, *box) + parts
        body += b"\0" * (-len(body) % 4)
        offsets.append(len(body))
        metrics.append((advance, box[0]))
        max_points, max_contours = max(max_points, points), max(max_contours, contours)
        max_elements, max_depth = max(max_elements, len(components)), max(max_depth, depth)
    total = len(metrics)
    struct.pack_into(">H", maxp, 4, total)
    if version_1:
        struct.pack_into(">HH", maxp, 10, max_points, max_contours)
        struct.pack_into(">HH", maxp, 28, max_elements, max_depth)
    struct.pack_into(">H", hhea, 34, total)
    struct.pack_into(">h", head, 50, 1)
    struct.pack_into(">I", head, 8, 0)
    tables.update({
        "head": bytes(head), "maxp": bytes(maxp), "hhea": bytes(hhea), "glyf": bytes(body),
        "loca": struct.pack(f">{total + 1}I", *offsets),
        "hmtx": b"".join(struct.pack(">Hh", a, l) for a, l in metrics),
    })
    if "post" in tables:  # format 3: no glyph names (the names of format 2 stop at the old count)
        tables["post"] = struct.pack(">I", 0x00030000) + tables["post"][4:32]
    for tag in PER_GLYPH_TABLES:
        tables.pop(tag, None)
    tags = sorted(tables)
    n = len(tags)
    search = 1
    while search * 2 <= n:
        search *= 2
    entry_selector = search.bit_length() - 1
    header = struct.pack(">IHHHH", 0x00010000, n, search * 16, entry_selector, n * 16 - search * 16)
    directory, blobs = bytearray(), bytearray()
    offset = 12 + 16 * n
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset + len(blobs), len(data))
        blobs += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + blobs)
    head_offset = 12 + 16 * n + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags[:tags.index("head")])
    # the whole font sums to 0xB1B0AFBA once head.checkSumAdjustment is set
    struct.pack_into(">I", font, head_offset + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)
