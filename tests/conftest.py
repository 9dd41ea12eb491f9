"""Shared fixtures: fonts (Sarabun, Laksaman, and a private-use-glyph font and a 2048-unit font
made from Laksaman), typesetters, and helpers that render paragraphs to PDF and read the text
back."""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=None)
def pua_font_dir() -> Path:
    """A TH-SarabunIT๙-like font: Laksaman without its OpenType layout tables, so HarfBuzz falls
    back to the private-use glyphs (U+F700…) exactly as with the fonts offices use."""
    from fontTools.ttLib import TTFont
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="saraban-pua-"))
    tt = TTFont(LAKSAMAN)
    for tag in ("GSUB", "GPOS", "GDEF"):
        if tag in tt:
            del tt[tag]
    for rec in tt["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = "Laksaman PUA"
        elif rec.nameID == 6:
            rec.string = "LaksamanPUA"
    tt.save(folder / "LaksamanPUA.ttf")
    return folder


@functools.lru_cache(maxsize=None)
def scaled_font_dir() -> Path:
    """Laksaman redrawn on a 2048-unit em (as many Windows fonts are): glyph widths are then not
    thousandths of an em, so the drawing stage rounds them and carries the rest."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="saraban-2048-"))
    tt = TTFont(LAKSAMAN)
    scale_upem(tt, 2048)
    for rec in tt["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = "Laksaman 2048"
        elif rec.nameID == 6:
            rec.string = "Laksaman2048"
    tt.save(folder / "Laksaman2048.ttf")
    return folder


@pytest.fixture(scope="session")
def library() -> FontLibrary:
    return FontLibrary([pua_font_dir(), scaled_font_dir()])


@pytest.fixture(scope="session")
def typesetter(library):
    from saraban.thai.layout import Typesetter

    return Typesetter(library)
