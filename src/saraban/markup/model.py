"""The body of a document as blocks (public, frozen data): what the text *is*, before any geometry.

Every writer (the PDF layout, a Word writer) reads these blocks: a paragraph, an item of a list
with its nesting level and its label as printed, a table with its header rows.  Inline style is
carried by :class:`~saraban.thai.layout.Span` (bold, italic, underline).  ``line`` is the block's
first line in the body text (1-based), for messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ..thai.layout import Span


@dataclass(frozen=True)
class BodyParagraph:
    """A paragraph, or an item of a list (``role == "item"``).

    An item has a ``label`` as typed and printed ("๑.", "๑.๑", "(๑)", "-") and a ``level``
    (0 for a top item, 1 for its sub-items, …); ``spans`` hold the item's text without the label.
    A newline inside a span is a forced line break.
    """

    spans: tuple[Span, ...]
    role: str = "paragraph"
    level: int = 0
    label: str = ""
    line: int | None = None

    @property
    def content(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def text(self) -> str:
        """The printed text: the label, one space, the content."""
        return f"{self.label} {self.content}" if self.label else self.content


@dataclass(frozen=True)
class TableCell:
    spans: tuple[Span, ...]
    align: str = "left"          # "left", "center" or "right" (numbers are right-aligned)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class BodyTable:
    """A table: header rows (repeated at the top of every page the table continues on) and body
    rows of cells; ``widths`` are relative column widths when the writer gave them, else None
    (the layout derives them from the content)."""

    header: tuple[tuple[TableCell, ...], ...]
    rows: tuple[tuple[TableCell, ...], ...]
    widths: tuple[float, ...] | None = None
    line: int | None = None
    role: str = "table"

    @property
    def columns(self) -> int:
        return max(len(r) for r in self.header + self.rows)

    @property
    def text(self) -> str:
        return "\n".join(" | ".join(c.text for c in row) for row in self.header + self.rows)


BodyBlock = Union[BodyParagraph, BodyTable]


@dataclass(frozen=True)
class MarkupFinding:
    """Markup saraban does not print (a heading, a link, a stray asterisk …), at ``line`` of the
    body text; the lint reports it as a warning."""

    line: int
    message: str


@dataclass(frozen=True)
class Body:
    blocks: tuple[BodyBlock, ...]
    findings: tuple[MarkupFinding, ...] = ()
