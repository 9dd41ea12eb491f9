"""Pictures of the Word writer (internal): the emblem and signature files, the emblem placeholder,
QR codes as PNG, and floating (anchored) pictures.

python-docx places pictures inline; a letter's Garuda and signature float at the form's position,
so the inline drawing python-docx makes is turned into a ``wp:anchor`` with the same picture.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ..errors import InputError, Location
from ..pdf.qr import QUIET_ZONE, qr_matrix
from .ooxml import emu

#: QR codes are written as PNG at this resolution: at 5 cm a module is 12 or more pixels, sharp
#: on any printer.
QR_DPI = 600

#: The emblem placeholder (no emblem file given) as a PNG: pixels per cm, outline grey and width.
PLACEHOLDER_PX_PER_CM = 100
PLACEHOLDER_GREY = 153          # 0.6 grey, as the PDF's placeholder outline
PLACEHOLDER_LINE_PX = 2

#: Picture types Word shows everywhere (an SVG emblem is converted to PNG first).
WORD_PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}

#: Resolution of an SVG emblem converted to PNG for Word.
SVG_DPI = 600


@functools.lru_cache(maxsize=64)
def qr_png(data: str, size_cm: float) -> bytes:
    """The QR code of ``data`` (quiet zone included) as a 1-bit PNG of about ``size_cm`` at
    :data:`QR_DPI`, every module the same whole number of pixels."""
    from PIL import Image

    matrix = qr_matrix(data)
    n = len(matrix) + 2 * QUIET_ZONE
    module = max(1, round(size_cm / 2.54 * QR_DPI / n))
    small = Image.new("1", (n, n), 1)
    small.putdata([0 if (QUIET_ZONE <= r < n - QUIET_ZONE and QUIET_ZONE <= c < n - QUIET_ZONE
                         and matrix[r - QUIET_ZONE][c - QUIET_ZONE]) else 1
                   for r in range(n) for c in range(n)])
    image = small.resize((n * module, n * module), Image.NEAREST)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(QR_DPI, QR_DPI))
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def placeholder_png(width_cm: float, height_cm: float) -> bytes:
    """A neutral box with a cross where the emblem belongs (the PDF draws the same)."""
    from PIL import Image, ImageDraw

    w, h = round(width_cm * PLACEHOLDER_PX_PER_CM), round(height_cm * PLACEHOLDER_PX_PER_CM)
    image = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(image)
    grey, lw = PLACEHOLDER_GREY, PLACEHOLDER_LINE_PX
    dash = 4 * lw
    for x in range(0, w, 2 * dash):
        draw.line([(x, 0), (min(x + dash, w - 1), 0)], fill=grey, width=lw)
        draw.line([(x, h - 1), (min(x + dash, w - 1), h - 1)], fill=grey, width=lw)
    for y in range(0, h, 2 * dash):
        draw.line([(0, y), (0, min(y + dash, h - 1))], fill=grey, width=lw)
        draw.line([(w - 1, y), (w - 1, min(y + dash, h - 1))], fill=grey, width=lw)
    draw.line([(0, 0), (w - 1, h - 1)], fill=grey, width=lw)
    draw.line([(0, h - 1), (w - 1, 0)], fill=grey, width=lw)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(PLACEHOLDER_PX_PER_CM * 2.54,) * 2)
    return out.getvalue()


@functools.lru_cache(maxsize=16)
def picture_bytes(path: Path) -> bytes:
    """The bytes Word gets for a picture file: PNG/JPEG/GIF/BMP as they are, SVG drawn as PNG.
    Errors name the file, as the PDF writer's do."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return _svg_png(path)
    if suffix not in WORD_PICTURES:
        raise InputError(f"cannot read the picture: {path.suffix} is not a picture type Word shows "
                         "(use PNG or JPEG)", Location(path))
    try:
        data = path.read_bytes()
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except OSError as exc:
        raise InputError(f"cannot read the picture: {exc}", Location(path)) from exc
    except Exception as exc:  # PIL raises its own errors for broken files
        raise InputError(f"cannot read the picture: {exc}", Location(path)) from exc
    return data


def _svg_png(path: Path) -> bytes:
    from ..letters.write import _svg_drawing

    drawing = _svg_drawing(path)
    try:
        from reportlab.graphics import renderPM

        return renderPM.drawToString(drawing, fmt="PNG", dpi=SVG_DPI)
    except Exception as exc:  # renderPM needs a rasteriser backend (rlPyCairo or _renderPM)
        raise InputError("an SVG emblem cannot be converted for Word on this machine; give a PNG "
                         f"of it (emblem = \"{path.stem}.png\") ({exc})", Location(path)) from exc


def pixel_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


def fit(data: bytes, box_w: float, box_h: float) -> tuple[float, float]:
    """The size (points) of the picture fitted into the box, keeping its aspect."""
    pw, ph = pixel_size(data)
    scale = min(box_w / pw, box_h / ph)
    return pw * scale, ph * scale


_ANCHOR = (
    '<wp:anchor {ns} distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{z}" '
    'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="{h_from}"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="{v_from}"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '</wp:anchor>')


def make_floating(run, x: float, y: float, *, h_from: str = "page", v_from: str = "page", z: int = 2) -> None:
    """Turn the inline picture of ``run`` (made by python-docx) into a picture floating at
    (``x``, ``y``) points from the top-left of the page (or ``v_from`` "paragraph"), in front of
    the text and not pushing it."""
    drawing = run._r.find(".//{*}drawing")
    inline = drawing[0]
    extent = inline.find("{*}extent")
    anchor = parse_xml(_ANCHOR.format(ns=nsdecls("wp"), z=z, h_from=h_from, v_from=v_from, x=emu(x),
                                      y=emu(y), cx=extent.get("cx"), cy=extent.get("cy")))
    for tag in ("docPr", "cNvGraphicFramePr", "graphic"):
        child = inline.find(f"{{*}}{tag}")
        if child is not None:
            anchor.append(child)
    drawing.replace(inline, anchor)
