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
