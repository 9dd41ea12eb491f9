"""Data of the register (public): series rules, entries and the documents under them.

Numbers stay numeric (``seq``) until they are formatted; the text printed after ``ที่`` is made by
:func:`format_number` from the series' pattern, with Arabic digits (the letter's own digit setting
turns them Thai when it is printed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: B.E. = C.E. + 543.
BE_OFFSET = 543

#: Statuses of an entry: a number that went out, or one withdrawn with a reason.
ISSUED = "issued"
CANCELLED = "cancelled"

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@dataclass(frozen=True)
class SeriesRule:
    """A numbering series of the office: its name (``circular``) and its pattern.

    The pattern is the text before the number (``มท 0810.7/ว``, ``มท 0810.7/``) or a template with
    ``{n}`` and ``{year}`` (``{n}/{year}`` for orders)."""

    name: str
    pattern: str

    def format(self, seq: int, year_be: int) -> str:
        return format_number(self.pattern, seq, year_be)


def format_number(pattern: str, seq: int, year_be: int) -> str:
    """The number as printed after ``ที่``: ``มท 0810.7/ว`` + 4419 → ``มท 0810.7/ว 4419``;
    ``มท 0810.7/`` + 12 → ``มท 0810.7/12``; ``{n}/{year}`` + 5, 2564 → ``5/2564``."""
    if "{n}" not in pattern:
        pattern = pattern.rstrip() + ("" if pattern.rstrip().endswith("/") else " ") + "{n}"
    return pattern.replace("{n}", str(seq)).replace("{year}", str(year_be))


def normal_number(text: str) -> str:
    """A number as typed by a clerk (Thai or Arabic digits, any spacing) in its stored form."""
    return re.sub(r"\s+", " ", text.translate(_THAI_DIGITS)).strip()


@dataclass(frozen=True)
class Document:
    """One file written under a number: to one recipient of a merge, or a combined file."""

    ordinal: int
    file: str
    sha256: str
    size: int
    recipient: str = ""


@dataclass(frozen=True)
class Entry:
    """One row of the register: a number and what went out under it."""

    series: str
    year: int                 # B.E.
    seq: int
    number: str
    letter_date: str          # ISO
    subject: str
    sender: str
    recipient: str
    via: str
    remark: str
    status: str
    reason: str
    issued_at: str
    issued_by: str
    spec: str
    folder: str
    documents: tuple[Document, ...] = ()

    @property
    def recipients(self) -> tuple[str, ...]:
        """The recipients of the letters of this number (one per merged letter)."""
        return tuple(d.recipient for d in self.documents if d.recipient)

    def dump(self) -> str:
        """One line: year, register number, number, date, status, subject."""
        state = "" if self.status == ISSUED else f" [{self.status}: {self.reason}]"
        return f"{self.year} {self.series} {self.seq:>5} | ที่ {self.number} | {self.letter_date} | {self.subject}{state}"
