"""QR codes: vector modules that a real decoder (zbar) reads back as the exact payload."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from reportlab.pdfgen.canvas import Canvas

from saraban.pdf.qr import QUIET_ZONE, draw_qr, qr_matrix

PAYLOADS = ["https://www.dla.go.th/servlet/EbookServlet",
            "https://example.go.th/lpa/2563/TH-50?x=1&y=ก",   # digits and Thai stay as typed
            "saraban@dla.go.th"]


def test_matrix_is_square_and_stable():
    m = qr_matrix(PAYLOADS[0])
    assert len(m) == len(m[0]) and len(m) >= 21
    assert m == qr_matrix(PAYLOADS[0])
    # finder patterns in three corners
    for r, c in ((0, 0), (0, len(m) - 7), (len(m) - 7, 0)):
        assert all(m[r][c + k] for k in range(7)) and all(m[r + k][c] for k in range(7))


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (Debian zbar-tools) not installed")
@pytest.mark.parametrize("payload", PAYLOADS)
def test_decodes_to_payload(tmp_path, payload):
    pdf = tmp_path / "qr.pdf"
    c = Canvas(str(pdf), pagesize=(200, 200), invariant=1)
    draw_qr(c, payload, 20, 20, 160)
    c.save()
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "qr")], check=True)
    out = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "qr.png")], capture_output=True)
    assert out.stdout.decode("utf-8").strip() == payload


def test_vector_not_image(tmp_path):
    import pdfplumber

    pdf = tmp_path / "qr.pdf"
    c = Canvas(str(pdf), pagesize=(200, 200), invariant=1)
    draw_qr(c, PAYLOADS[0], 0, 0, 200)
    c.save()
    with pdfplumber.open(str(pdf)) as doc:
        page = doc.pages[0]
        assert not page.images
        module = 200 / (len(qr_matrix(PAYLOADS[0])) + 2 * QUIET_ZONE)
        xs = [r["x0"] for r in page.rects]
        assert min(xs) == pytest.approx(QUIET_ZONE * module)


def _qrcode_own(payload: str):
    """qrcode's code of ``payload`` with the mask qrcode itself chooses (eight layouts scored)."""
    import qrcode
    import qrcode.constants as C

    code = qrcode.QRCode(error_correction=C.ERROR_CORRECT_M, border=0)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return code


def test_mask_and_modules_are_qrcodes_own():
    """The fast mask choice gives qrcode's code module for module, and the penalty points of all
    eight masks equal qrcode's own scoring, on payloads of every length the documents use
    (versions 1 to 15, so also the version-information blocks of versions 7 and up)."""
    import random

    import numpy as np
    import qrcode
    import qrcode.constants as C
    from qrcode import util

    from saraban.pdf.qr import _mask_grids, penalties

    rng = random.Random(15)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:.-?&=_%ก๑"
    versions = set()
    for n in list(range(1, 60, 3)) + [80, 120, 160, 200, 260, 330, 400]:
        payload = "https://" + "".join(rng.choice(alphabet) for _ in range(n))
        own = _qrcode_own(payload)
        versions.add(own.version)
        assert qr_matrix.__wrapped__(payload) == tuple(tuple(bool(v) for v in row) for row in own.get_matrix())
        scored = qrcode.QRCode(error_correction=C.ERROR_CORRECT_M, border=0)
        scored.add_data(payload.encode("utf-8"))
        scored.best_fit()
        theirs = []
        for mask in range(8):
            scored.makeImpl(True, mask)
            theirs.append(util.lost_point(scored.modules))
        region, masks = _mask_grids(scored.version)
        scored.makeImpl(True, 0)
        unmasked = np.array(scored.modules, dtype=bool) ^ (masks[0] & region)
        assert list(penalties(unmasked[None] ^ (masks & region))) == theirs, payload
    assert min(versions) <= 2 and max(versions) >= 10
