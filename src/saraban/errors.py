"""The one exception tree of saraban (public).

Every error a user can cause derives from :class:`SarabanError`; the command line prints its
message and exits non-zero.  Errors about a file carry the file and, where known, the line or row
and the column, so that the message points at the place to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class SarabanError(Exception):
    """Base class of every error saraban raises on purpose."""


class SarabanWarning(UserWarning):
    """Base class of saraban's warnings (the test suite turns them into errors)."""


@dataclass(frozen=True)
class Location:
    """Where in a user file a problem is: file, and optionally line/row and column (1-based)."""

    file: Path | str | None = None
    line: int | None = None
    column: int | str | None = None
    unit: str = "line"   # "row" for spreadsheet rows

    def __str__(self) -> str:
        parts = [str(self.file) if self.file is not None else "<input>"]
        if self.line is not None:
            parts.append(f"{self.unit} {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Finding:
    """A problem found in user input by a check that goes on looking (lint, data validation)."""

    level: str          # "error" or "warning"
    message: str
    location: Location

    def __str__(self) -> str:
        return f"{self.location}: {self.level}: {self.message}"


class InputError(SarabanError):
    """A problem in user input, located in a file."""

    def __init__(self, message: str, location: Location | None = None):
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class FontError(SarabanError):
    """A font cannot be found, read, or does not cover the text."""


class MissingGlyphError(FontError):
    """The chosen fonts have no glyph for a character of the text."""

    def __init__(self, char: str, family: str, context: str = ""):
        self.char = char
        self.family = family
        name = _char_name(char)
        where = f" in “{context}”" if context else ""
        super().__init__(f"font family {family!r} has no glyph for U+{ord(char):04X} {name}{where}")


class MissingGlyphWarning(SarabanWarning):
    """Like :class:`MissingGlyphError`, when the user asked for warnings instead of errors."""


class LayoutError(SarabanError):
    """Content cannot be laid out in the space given (for example a frame too narrow)."""


def _char_name(char: str) -> str:
    import unicodedata

    return unicodedata.name(char, "(unnamed)")
