"""Whether the booklet's fonts can print a data cell (internal), checked before anything is built.

A character no font has (an emoji in an LAO name) would otherwise stop the build halfway, with a
message that names the character but not the file, row and column it came from — and after a
validation report saying "0 errors".  The rule is the shaper's: the text as normalised, less
characters that need no glyph, must be covered by the definition's family or by a fallback family,
in the regular and the bold face (names are printed in both).
"""

from __future__ import annotations

import unicodedata

from ..thai.fonts import DEFAULT_FAMILY, FontLibrary
from ..thai.normalize import normalize
from ..thai.shape import IGNORABLE, NOT_SHAPED, SPACES

#: Faces a data cell may be printed in.
STYLES = ("regular", "bold")


class GlyphCheck:
    """Answers "which character of this text can no font print?" for one family and its
    fallbacks; remembers the answer per character."""

    def __init__(self, library: FontLibrary, family: str | None, fallbacks=(DEFAULT_FAMILY,)):
        fam = library.family(family)  # the booklet's own family must exist
        self.faces = [[fam.face(style) for style in STYLES]]
        for name in fallbacks:
            try:
                fam = library.family(name)
            except Exception:  # noqa: BLE001 - a missing fallback is not the user's error
                continue
            self.faces.append([fam.face(style) for style in STYLES])
        self._known: dict[str, bool] = {}
        #: the characters found printable: a text made of them only is checked by one set test
        self._good: set[str] = set()

    def _printable(self, ch: str) -> bool:
        ok = self._known.get(ch)
        if ok is None:
            ok = (ch in IGNORABLE or ch in NOT_SHAPED or (ch in SPACES and ch != "\u3000")
                  or all(any(faces[i].covers(ch) for faces in self.faces) for i in range(len(STYLES))))
            self._known[ch] = ok
            if ok:
                self._good.add(ch)
        return ok

    def unprintable(self, text: str) -> str | None:
        """The first character of ``text`` (as normalised) that no font can print, or None."""
        if self._good.issuperset(text) or all(map(self._printable, text)):
            return None
        return next((ch for ch in normalize(text).text if not self._printable(ch)), None)

    def problem(self, text: str) -> str | None:
        """A message about the first character of ``text`` that cannot be printed, or None."""
        if self._good.issuperset(text) or all(map(self._printable, text)):  # the common case, without normalising
            return None
        for ch in normalize(text).text:
            if not self._printable(ch):
                name = unicodedata.name(ch, "a character without a name")
                return (f"U+{ord(ch):04X} {name} in {text!r} cannot be printed: no font of the "
                        "booklet has it (emoji and symbols are not allowed in names)")
        return None
