"""PDFs in memory opened for qpdf through a mapped anonymous file: the same document as through
a BytesIO (so the same bytes written), with or without memfd, and no file left open."""

from __future__ import annotations

import io
import os
import sys

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from saraban.pdf import memory
from saraban.pdf.memory import open_pdf

SAVE = dict(object_stream_mode=pikepdf.ObjectStreamMode.generate, stream_decode_level=pikepdf.StreamDecodeLevel.none,
            compress_streams=True, deterministic_id=True)


def _pdf(pages: int = 3) -> bytes:
    buffer = io.BytesIO()
    c = Canvas(buffer, invariant=1)
    for n in range(pages):
        c.drawString(72, 720, f"page {n + 1}")
        c.linkURL(f"https://example.go.th/{n}", (72, 700, 200, 730))
        c.showPage()
    c.save()
    return buffer.getvalue()


def _saved(pdf) -> bytes:
    pdf.Root.Lang = pikepdf.String("th-TH")
    pdf.make_stream(b"x")   # as the archival pass does: every object parsed
    out = io.BytesIO()
    pdf.save(out, **SAVE)
    return out.getvalue()


def _open_fds() -> int | None:
    return len(os.listdir("/proc/self/fd")) if sys.platform.startswith("linux") else None


@pytest.mark.parametrize("memfd", [True, False])
def test_same_document_as_through_bytesio(monkeypatch, memfd):
    data = _pdf()
    if not memfd:   # a system without memfd_create, or a sandbox refusing it
        def refuse(*args):
            raise OSError("memfd_create refused")

        monkeypatch.setattr(memory.os, "memfd_create", refuse, raising=False)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        expected = _saved(pdf)
    before = _open_fds()
    for _ in range(5):
        with open_pdf(data) as pdf:
            assert len(pdf.pages) == 3
            got = _saved(pdf)
        assert got == expected
    assert _open_fds() == before


def test_not_a_pdf_is_pikepdfs_error():
    with pytest.raises(pikepdf.PdfError):
        with open_pdf(b"not a pdf at all"):
            pass
    with pytest.raises(pikepdf.PdfError):
        with open_pdf(b""):
            pass
