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
    """The dark/light modules of ``data``'s QR code, without quiet zone: the qrcode package's
    code, module for module, with its mask chosen by :func:`best_mask` (qrcode's own choice, made
    about 20 times faster than qrcode tries the eight masks one by one)."""
    import qrcode
    import qrcode.constants as C

    code = qrcode.QRCode(error_correction=getattr(C, f"ERROR_CORRECT_{ERROR_CORRECTION}"), border=0)
    code.add_data(data.encode("utf-8"))
    code.best_fit()
    code.mask_pattern = best_mask(code)
    code.make(fit=False)
    return tuple(tuple(bool(v) for v in row) for row in code.get_matrix())


def best_mask(code) -> int:
    """The mask qrcode's ``best_mask_pattern`` would choose for ``code`` (a QRCode whose version
    is fitted): the first of the eight with the fewest penalty points by qrcode's rules
    (``qrcode.util.lost_point``).  qrcode lays the code out and scores it in pure Python eight
    times; here it is laid out once, unmasked, and the eight masked codes are scored at once
    with numpy (:func:`penalties`).  Tested against qrcode on random payloads."""
    import numpy as np

    code.makeImpl(True, 0)
    region, masks = _mask_grids(code.version)
    unmasked = np.array(code.modules, dtype=bool) ^ (masks[0] & region)
    return int(np.argmin(penalties(unmasked[None] ^ (masks & region))))   # argmin: the first lowest


@functools.lru_cache(maxsize=None)
def _mask_grids(version: int):
    """Where a code of ``version`` holds data (not finder, timing, alignment or format modules),
    and qrcode's eight mask patterns over the whole grid."""
    import numpy as np
    from qrcode import main, util

    n = version * 4 + 17
    code = main.QRCode(version=version)
    code.modules_count = n
    code.modules = main.copy_2d_array(main.precomputed_qr_blanks[version])  # made by makeImpl
    code.setup_type_info(True, 0)
    if version >= 7:
        code.setup_type_number(True)
    region = np.array([[v is None for v in row] for row in code.modules], dtype=bool)
    masks = np.array([[[bool(util.mask_func(m)(i, j)) for j in range(n)] for i in range(n)]
                      for m in range(8)], dtype=bool)
    return region, masks


def penalties(codes):
    """``qrcode.util.lost_point`` of each code of a stack (k × n × n booleans, dark = True),
    the same four rules counted without loops."""
    import numpy as np

    k, n, _ = codes.shape
    both = np.concatenate([codes, codes.transpose(0, 2, 1)], axis=1)   # rows, then columns as rows
    # 1: a run of L >= 5 equal modules in a row or column costs L - 2 = (its windows of five) + 2
    same = both[:, :, 1:] == both[:, :, :-1]
    five = same[:, :, :-3] & same[:, :, 1:-2] & same[:, :, 2:-1] & same[:, :, 3:]
    starts = five.copy()
    starts[:, :, 1:] &= ~same[:, :, :-4]
    points = five.sum(axis=(1, 2)) + 2 * starts.sum(axis=(1, 2))
    # 2: each 2 × 2 block of one colour, 3
    a = codes[:, :-1, :-1]
    block = (a == codes[:, :-1, 1:]) & (a == codes[:, 1:, :-1]) & (a == codes[:, 1:, 1:])
    points += 3 * block.sum(axis=(1, 2))
    # 3: 1:1:3:1:1 finder-like patterns with four light modules on either side, 40
    for pattern in (FINDER_LIKE, FINDER_LIKE[::-1]):
        hit = np.ones((k, 2 * n, n - 10), dtype=bool)
        for offset, dark in enumerate(pattern):
            window = both[:, :, offset:offset + n - 10]
            hit &= window if dark else ~window
        points += 40 * hit.sum(axis=(1, 2))
    # 4: every 5 % of dark modules away from half, 10
    dark = codes.sum(axis=(1, 2))
    points += np.array([int(abs(float(d) / (n ** 2) * 100 - 50) / 5) * 10 for d in dark])
    return points


#: Rule 3's pattern, dark = 1: 1:1:3:1:1 and four light modules (and its mirror image).
FINDER_LIKE = (1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0)


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
