"""QR codes as vector graphics (public): a payload → its module matrix → filled rectangles.

Vector modules stay sharp at any zoom and print size and cost a few hundred bytes.  The payload is
encoded exactly as given (URLs keep their Arabic digits).  Runs of dark modules in a row are drawn
as one rectangle, and the rectangles of a code are one filled path.
"""

from __future__ import annotations

import functools

#: Error correction level M (15 % of the code may be damaged): the usual choice for printed URLs.
ERROR_CORRECTION = "M"

#: The quiet zone around a code, in modules, is left blank by the caller's layout; the standard
#: asks for 4 modules, which is included in the size given to :func:`draw_qr`.
QUIET_ZONE = 4


@functools.lru_cache(maxsize=256)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of ``data``'s QR code, without quiet zone."""
    import qrcode
    import qrcode.constants as C

    code = qrcode.QRCode(error_correction=getattr(C, f"ERROR_CORRECT_{ERROR_CORRECTION}"), border=0)
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    return tuple(tuple(bool(v) for v in row) for row in code.get_matrix())


def draw_qr(canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw the code of ``data`` in the square (x, y, size) — quiet zone included — in black; a
    web address gets a link annotation over the code."""
    matrix = qr_matrix(data)
    n = len(matrix)
    module = size / (n + 2 * QUIET_ZONE)
    x0 = x + QUIET_ZONE * module
    top = y + size - QUIET_ZONE * module
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect(x0 + start * module, top - (r + 1) * module, (c - start) * module, module)
            else:
                c += 1
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    if "://" in data:
        from .links import add_link

        add_link(canvas, data, (x, y, x + size, y + size))
