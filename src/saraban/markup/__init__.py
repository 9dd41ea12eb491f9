"""Body markup (public, pure): the text of a letter body or of booklet notes → blocks.

:func:`parse_markup` reads Markdown with markdown-it-py (see :mod:`.parse` for what is printed) and
returns :class:`~.model.Body`: paragraphs, items with their level and label, tables — the semantic
model every writer reads — and the findings for markup that saraban does not print.
"""

from .model import Body, BodyBlock, BodyParagraph, BodyTable, MarkupFinding, TableCell
from .parse import parse_body, parse_markup

__all__ = ["Body", "BodyBlock", "BodyParagraph", "BodyTable", "MarkupFinding", "TableCell",
           "parse_body", "parse_markup"]
