"""Deterministic PDF output (public): document templates with fixed dates and ids, metadata,
and files written atomically.

Same input → byte-identical PDF: reportlab runs in *invariant* mode, so the creation date is
``SOURCE_DATE_EPOCH`` when set (else 2000-01-01) and the file id is a digest of the content.
Output goes to a temporary file beside the target and is renamed into place only when complete,
so a failure never leaves a half-written PDF.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate


#: Compressed streams are written as binary, not ASCII85 (reportlab's default): a fifth smaller and
#: no encoding pass; every PDF reader since PDF 1.2 reads them.
rl_config.useA85 = 0

#: The canvas's initial font.  reportlab starts every page (and every drawing it renders) by
#: selecting Helvetica, a font it never embeds — a reference PDF/A forbids, though saraban draws
#: all text with its own embedded fonts.  This placeholder is a "dynamic" font, which reportlab
#: does not select up front; text drawn with it is an error, not a silent Helvetica.
NO_FONT = "saraban-no-font"


class _NoFont:
    """reportlab's font interface, enough to be registered and never selected."""

    _dynamicFont = 1
    _multiByte = 0
    fontName = NO_FONT
    encoding = None

    class face:   # noqa: N801 - reportlab's attribute
        name = NO_FONT
        builtIn = 0
        ascent, descent = 718, -207

    def stringWidth(self, text, size, encoding=None):  # noqa: N802 - reportlab's name
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(text, "Helvetica", size)   # measuring only: nothing of Helvetica is written

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802
        if not text:
            return []
        raise RuntimeError(f"text {text[:40]!r} drawn without a font: saraban draws text with its Thai layer")


def _register_no_font() -> None:
    from reportlab.pdfbase import pdfmetrics

    if NO_FONT not in pdfmetrics._fonts:
        pdfmetrics.registerFont(_NoFont())


_register_no_font()


@dataclass(frozen=True)
class Metadata:
    """Document information: shown by PDF viewers and used by search engines."""

    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: str = ""
    creator: str = "saraban"
    language: str = "th-TH"


@dataclass(frozen=True)
class PageGeometry:
    """Paper and margins in points (defaults: A4 with the letter margins L 3 cm, R 2 cm)."""

    width: float = A4[0]
    height: float = A4[1]
    left: float = 3 * cm
    right: float = 2 * cm
    top: float = 2.5 * cm
    bottom: float = 2 * cm

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only if the block succeeds
    (:func:`saraban.outputs.staged_file`: the name checked first, the umask's permissions)."""
    from ..outputs import staged_file

    with staged_file(path) as tmp:
        yield tmp


def set_language(canvas, language: str) -> None:
    """Declare the document language (/Lang in the catalog) — screen readers pick the voice."""
    from reportlab.pdfbase.pdfdoc import PDFString

    canvas._doc.Catalog.Lang = PDFString(language)


def document(path, geometry: PageGeometry = PageGeometry(), metadata: Metadata = Metadata(),
             **kwargs) -> SimpleDocTemplate:
    """A platypus document that writes deterministic PDF with ``metadata`` to ``path`` (a file
    name, or a binary file object)."""
    return SimpleDocTemplate(
        path if hasattr(path, "write") else str(path), pagesize=(geometry.width, geometry.height),
        leftMargin=geometry.left, rightMargin=geometry.right,
        topMargin=geometry.top, bottomMargin=geometry.bottom,
        title=metadata.title, author=metadata.author, subject=metadata.subject,
        keywords=metadata.keywords, creator=metadata.creator, producer="saraban (reportlab)",
        lang=metadata.language, invariant=1, initialFontName=NO_FONT, **kwargs)
