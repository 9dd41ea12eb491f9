"""A PDF held in memory, opened by pikepdf without Python in qpdf's way (public).

``pikepdf.open(BytesIO(data))`` lets qpdf read the bytes through Python calls on the file
object, one call per read while it parses.  A booklet's structure tree is thousands of small
objects, so that doubled the time of the archival pass (77 booklets: 1.4 s of CPU to parse, 0.6 s
when qpdf reads mapped memory).  :func:`open_pdf` writes the bytes to an anonymous file — a
``memfd`` on Linux, an unnamed temporary file elsewhere — and lets pikepdf memory-map it; the file
goes when the PDF is closed.  What qpdf reads, and so what it writes, is the same either way.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from typing import BinaryIO, Iterator


@contextlib.contextmanager
def open_pdf(data: bytes) -> Iterator:
    """``data`` opened as a :class:`pikepdf.Pdf` (for a ``with`` block; save inside it)."""
    import pikepdf

    if not data:   # nothing to map: pikepdf says what is wrong with it
        with pikepdf.open(io.BytesIO(data)) as pdf:
            yield pdf
        return
    with _anonymous_file(data) as file, pikepdf.open(file, access_mode=pikepdf.AccessMode.mmap_only) as pdf:
        yield pdf


@contextlib.contextmanager
def _anonymous_file(data: bytes) -> Iterator[BinaryIO]:
    """A file holding ``data``, positioned at its start, gone when closed."""
    file = None
    if hasattr(os, "memfd_create"):
        try:
            file = open(os.memfd_create("saraban-pdf", getattr(os, "MFD_CLOEXEC", 0)), "w+b")
        except OSError:   # a sandbox without memfd: a temporary file does the same
            file = None
    if file is None:
        file = tempfile.TemporaryFile()
    with file:
        file.write(data)
        file.flush()
        file.seek(0)
        yield file
