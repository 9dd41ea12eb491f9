"""Shared fixtures: fonts (Sarabun, Laksaman, and a private-use-glyph font and a 2048-unit font
made from Laksaman), typesetters, and helpers that render paragraphs to PDF and read the text
back."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest

from saraban.thai.fonts import FontLibrary

from helpers import LAKSAMAN


def pytest_configure(config):
    for tool in ("pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            raise pytest.UsageError(f"{tool} is required (Debian package poppler-utils)")
    if not LAKSAMAN.exists():
        raise pytest.UsageError("Laksaman is required (Debian package fonts-tlwg-laksaman-ttf)")
    # the suite builds as a reproducible build does: PDF dates from SOURCE_DATE_EPOCH, so that a
    # rebuild is byte-identical (unset, a PDF is dated when it is built; tests of that unset it)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1605484800")


def _laksaman_variant(family: str, change) -> Path:
    """A folder with Laksaman changed by ``change(font)`` and renamed to ``family``."""
    from fontTools.ttLib import TTFont
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="saraban-font-"))
    tt = TTFont(LAKSAMAN)
    change(tt)
    for rec in tt["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = family
        elif rec.nameID == 6:
            rec.string = family.replace(" ", "")
    tt.save(folder / (family.replace(" ", "") + ".ttf"))
    return folder


@functools.lru_cache(maxsize=None)
def pua_font_dir() -> Path:
    """A TH-SarabunIT๙-like font: Laksaman without its OpenType layout tables, so HarfBuzz falls
    back to the private-use glyphs (U+F700…) exactly as with the fonts offices use."""
    def drop_layout(tt):
        for tag in ("GSUB", "GPOS", "GDEF"):
            if tag in tt:
                del tt[tag]

    return _laksaman_variant("Laksaman PUA", drop_layout)


@functools.lru_cache(maxsize=None)
def scaled_font_dir() -> Path:
    """Laksaman redrawn on a 2048-unit em (as many Windows fonts are): glyph widths are then not
    thousandths of an em, so the drawing stage rounds them and carries the rest."""
    from fontTools.ttLib.scaleUpem import scale_upem

    return _laksaman_variant("Laksaman 2048", lambda tt: scale_upem(tt, 2048))


@pytest.fixture(scope="session")
def library() -> FontLibrary:
    return FontLibrary([pua_font_dir(), scaled_font_dir()])


@pytest.fixture(scope="session")
def typesetter(library):
    from saraban.thai.layout import Typesetter

    return Typesetter(library)
