"""Stage *normalize* (public): raw text → the text that is typeset and must extract back.

Input: a string as a user typed it.  Output: :class:`NormalizedText` — the text every later stage
works on, the break hints the user typed (U+200B), and the list of edits made, so that
``saraban thai explain`` can show them.  The edits are few and fix typing, never wording:

* a leading byte-order mark and zero-width characters (U+200B, U+2060, U+FEFF) are removed; a
  U+200B becomes a *break hint* at its position (allowed break, nothing drawn, nothing extracted);
* CR LF / CR become LF; a tab becomes a space; other C0 control characters are removed;
* bidirectional and format controls pasted from Word or the web (U+200E/U+200F marks, U+202A–U+202E
  embeddings and overrides, U+2066–U+2069 isolates, U+061C, the soft hyphen U+00AD) are removed —
  Thai needs none of them and fonts have no glyph for them; :attr:`NormalizedText.warnings` names
  each, for ``saraban thai explain``;
* other spaces (U+2000–U+200A, U+205F, U+3000) become a plain space, and the narrow no-break space
  U+202F a no-break space U+00A0 (it still joins what it stands between);
* nikhahit + sara aa (ํ + า, typed as two keys) becomes sara am (ำ), and a tone mark typed before
  an upper vowel is put after it (ก่ิ → กิ่), the order Unicode and every font expect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Zero-width characters removed; U+200B is also remembered as a break hint.
ZERO_WIDTH = "\u200b\u2060\ufeff"
BREAK_HINT = "\u200b"

TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
NIKHAHIT, SARA_AA, SARA_AM = "\u0e4d", "\u0e32", "\u0e33"

#: Bidirectional and format controls: removed, with a warning.
DROPPED_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u00ad"
#: Spaces fonts seldom have: set as the space they stand for.
OTHER_SPACES = {**{chr(c): " " for c in range(0x2000, 0x200B)}, "\u205f": " ", "\u3000": " ", "\u202f": "\u00a0"}

_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
_DROPPED = re.compile(f"[{DROPPED_CONTROLS}]")
_OTHER_SPACE = re.compile("[" + "".join(OTHER_SPACES) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TONE_BEFORE_UPPER = re.compile(f"([{TONE_MARKS}])([{UPPER_VOWELS}])")
# nikhahit, optional tone mark, sara aa → tone mark + sara am
_DECOMPOSED_AM = re.compile(f"{NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}")


@dataclass(frozen=True)
class Edit:
    """One change made by normalisation, at ``position`` of the text as it was at that step."""

    position: int
    before: str
    after: str


@dataclass(frozen=True)
class NormalizedText:
    text: str
    break_hints: tuple[int, ...]
    edits: tuple[Edit, ...]

    @property
    def warnings(self) -> tuple[str, ...]:
        """One line per control character removed (they were invisible where they were typed)."""
        import unicodedata

        return tuple(f"removed U+{ord(e.before):04X} {unicodedata.name(e.before, 'control')} at {e.position} "
                     f"(a bidirectional or format control; Thai text needs none)"
                     for e in self.edits if len(e.before) == 1 and e.before in DROPPED_CONTROLS)

    def dump(self) -> str:
        lines = [f"text {self.text!r}"]
        lines += [f"edit @{e.position}: {e.before!r} → {e.after!r}" for e in self.edits]
        lines += [f"warning: {w}" for w in self.warnings]
        if self.break_hints:
            lines.append("break hints at " + ", ".join(map(str, self.break_hints)))
        return "\n".join(lines)


def normalize(raw: str) -> NormalizedText:
    """Normalise ``raw`` as described in the module docstring."""
    edits: list[Edit] = []
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")

    def sub(pattern: re.Pattern, repl, s: str) -> str:
        def record(m: re.Match) -> str:
            out = m.expand(repl) if isinstance(repl, str) else repl(m)
            edits.append(Edit(m.start(), m.group(0), out))
            return out
        return pattern.sub(record, s)

    text = sub(_CONTROL, "", text)
    if not text.isascii():
        text = sub(_DROPPED, "", text)
        text = sub(_OTHER_SPACE, lambda m: OTHER_SPACES[m.group()], text)
    text = sub(_DECOMPOSED_AM, r"\1" + SARA_AM, text)
    text = sub(_TONE_BEFORE_UPPER, r"\2\1", text)

    if not _ZERO_WIDTH.search(text):  # the common case: nothing to remove
        return NormalizedText(text, (), tuple(edits))
    out: list[str] = []
    hints: list[int] = []
    for i, ch in enumerate(text):
        if ch in ZERO_WIDTH:
            edits.append(Edit(i, ch, ""))
            if ch == BREAK_HINT:
                hints.append(len(out))
            continue
        out.append(ch)
    return NormalizedText("".join(out), tuple(sorted(set(hints))), tuple(edits))
