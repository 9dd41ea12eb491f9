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
from ..letters.write import PLACEHOLDER_GREY
from ..pdf.qr import QUIET_ZONE, qr_matrix
from .ooxml import emu

#: QR codes are written as PNG at this resolution: at 5 cm a module is 12 or more pixels, sharp
#: on any printer.
QR_DPI = 600

#: The emblem placeholder (no emblem file given) as a PNG: pixels per cm and outline width (its
#: grey is the PDF's).
PLACEHOLDER_PX_PER_CM = 100
PLACEHOLDER_LINE_PX = 2

#: Picture types Word shows everywhere (an SVG emblem is converted to PNG first).
WORD_PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}

#: Resolution of an SVG emblem drawn as PNG for Word.
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
    grey, lw = round(PLACEHOLDER_GREY * 255), PLACEHOLDER_LINE_PX
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
    except Exception as exc:  # PIL raises its own errors for broken files
        from ..letters.pictures import picture_error

        raise InputError(picture_error(exc, path), Location(path)) from exc
    return data


def _svg_png(path: Path) -> bytes:
    """An SVG picture as PNG at :data:`SVG_DPI`: svglib reads it (as for the PDF), saraban's
    small rasteriser draws its shapes (:func:`_raster`)."""
    from ..letters.write import _svg_drawing

    drawing = _svg_drawing(path)
    out = io.BytesIO()
    _raster(drawing, path).save(out, "PNG", dpi=(SVG_DPI, SVG_DPI))
    return out.getvalue()


def _raster(drawing, path: Path):
    """Draw a reportlab drawing with Pillow: groups with their transforms, paths (curves as
    polylines), polygons, lines, rectangles, circles and ellipses, filled and stroked in their
    colours (dashes drawn solid).  Anything else (text, images inside the SVG) is an error naming
    the file: the clerk converts such an emblem to PNG."""
    from PIL import Image, ImageDraw
    from reportlab.graphics import shapes as S

    scale = SVG_DPI / 72
    width, height = max(1, round(drawing.width * scale)), max(1, round(drawing.height * scale))
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)

    def mul(a, b):
        return (a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1], a[0] * b[2] + a[2] * b[3],
                a[1] * b[2] + a[3] * b[3], a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5])

    def colour(c):
        if c is None:
            return None
        alpha = getattr(c, "alpha", 1.0)
        return tuple(round(v * 255) for v in (c.red, c.green, c.blue, alpha))

    def pts(m, flat):
        out = []
        for i in range(0, len(flat) - 1, 2):
            x, y = flat[i], flat[i + 1]
            px, py = m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]
            out.append((px * scale, (drawing.height - py) * scale))
        return out

    def stroke_width(m, shape):
        det = abs(m[0] * m[3] - m[1] * m[2]) ** 0.5
        return max(1, round((getattr(shape, "strokeWidth", 1) or 0) * det * scale))

    def paint(m, shape, points, closed):
        fill, line = colour(getattr(shape, "fillColor", None)), colour(getattr(shape, "strokeColor", None))
        if closed and fill and len(points) > 2:
            draw.polygon(points, fill=fill)
        if line and len(points) > 1:
            draw.line(points + ([points[0]] if closed else []), fill=line, width=stroke_width(m, shape),
                      joint="curve")

    def ellipse(cx, cy, rx, ry, steps=96):
        import math

        return [v for k in range(steps) for v in (cx + rx * math.cos(2 * math.pi * k / steps),
                                                   cy + ry * math.sin(2 * math.pi * k / steps))]

    def walk(node, m):
        if isinstance(node, S.Group):
            m = mul(m, tuple(node.transform))
            for child in node.contents:
                walk(child, m)
        elif isinstance(node, S.Path):
            sub, closed, i = [], False, 0
            for op in node.operators:
                if op == 0:          # moveTo
                    if sub:
                        paint(m, node, pts(m, sub), closed)
                    sub, closed = list(node.points[i:i + 2]), False
                    i += 2
                elif op == 1:        # lineTo
                    sub += node.points[i:i + 2]
                    i += 2
                elif op == 2:        # curveTo: a cubic Bézier as 16 segments
                    x0, y0 = sub[-2], sub[-1]
                    x1, y1, x2, y2, x3, y3 = node.points[i:i + 6]
                    for k in range(1, 17):
                        t = k / 16
                        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
                        sub += [a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3]
                    i += 6
                elif op == 3:        # closePath
                    closed = True
            if sub:
                paint(m, node, pts(m, sub), closed)
        elif isinstance(node, S.Circle):
            paint(m, node, pts(m, ellipse(node.cx, node.cy, node.r, node.r)), True)
        elif isinstance(node, S.Ellipse):
            paint(m, node, pts(m, ellipse(node.cx, node.cy, node.rx, node.ry)), True)
        elif isinstance(node, S.Rect):
            x, y, w, h = node.x, node.y, node.width, node.height
            paint(m, node, pts(m, [x, y, x + w, y, x + w, y + h, x, y + h]), True)
        elif isinstance(node, S.Polygon):
            paint(m, node, pts(m, node.points), True)
        elif isinstance(node, S.PolyLine):
            paint(m, node, pts(m, node.points), False)
        elif isinstance(node, S.Line):
            paint(m, node, pts(m, [node.x1, node.y1, node.x2, node.y2]), False)
        else:
            raise InputError(f"the SVG emblem has a {type(node).__name__} that saraban cannot draw for Word; "
                             "give a PNG of it", Location(path))

    walk(drawing, (1, 0, 0, 1, 0, 0))
    return image


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
