"""Body markup → blocks (public): Markdown read by markdown-it-py, the way Thai letters need it.

What is printed:

* paragraphs, separated by blank lines; the lines of one paragraph are joined with nothing between
  two Thai letters (Thai has no spaces between words) and one space otherwise; a line ending in a
  backslash forces a line break;
* items typed with Thai labels ("๑.", "๑.๑", "(๑)", "-"; see :mod:`.items`) at their level;
* ``**bold**``, ``*italic*``, ``<u>underline</u>`` (Markdown has no underline; this is HTML's);
* pipe tables (header row, ``|---|---:|`` alignment row; dashes of unequal length give relative
  column widths);
* ```code``` spans: printed as typed, digits left alone (codes, identifiers).

Everything else a clerk might type — headings, quotes, links, pictures, other HTML, rules, fenced
code, an asterisk that closes nothing — is printed as plain text without its markup and reported
as a :class:`~.model.MarkupFinding` with its line: an official letter never shows literal markup.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..thai.layout import Span
from .items import mark_items
from .model import Body, BodyParagraph, BodyTable, MarkupFinding, TableCell

_THAI = re.compile(r"[\u0E00-\u0E7F]")
#: A cell that is a number (either digits, grouping, decimals, sign, per cent): right-aligned.
NUMBER_CELL = re.compile(r"^[-+−]?[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?\s*%?$")
#: Old-style bold that Markdown's flanking rules refuse ("**“ข้อความ”**ต่อ"): still bold.
_LOOSE_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)

_UNDERLINE_OPEN = re.compile(r"^<u>$", re.I)
_UNDERLINE_CLOSE = re.compile(r"^</u>$", re.I)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.core.ruler.disable("text_join")   # keep escapes apart from text: "\*" is wanted, "*" is not
    return md


def parse_markup(text: str, digits: Callable[[str], str] = lambda s: s) -> Body:
    """Parse a body; ``digits`` formats the digits of printed text (not of code spans)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    marked, items = mark_items(text)
    tokens = _parser().parse(marked)
    return _Walker(tokens, items, digits, marked.split("\n")).run()


def parse_body(text: str, digits: Callable[[str], str] = lambda s: s) -> tuple:
    """The blocks of a body (paragraphs, items, tables), without the findings."""
    return parse_markup(text, digits).blocks


class _Walker:
    def __init__(self, tokens: list[Token], items, digits, lines: list[str]):
        self.tokens = tokens
        self.items = items
        self.digits = digits
        self.lines = lines
        self.blocks: list = []
        self.findings: list[MarkupFinding] = []

    def warn(self, line: int | None, message: str) -> None:
        self.findings.append(MarkupFinding((line or 0) + 1, message))

    def run(self) -> Body:
        i, pending_item = 0, None
        toks = self.tokens
        line = 0
        while i < len(toks):
            t = toks[i]
            if t.map:
                line = t.map[0]
            if t.type == "list_item_open":
                pending_item = self.items.get(t.map[0])
            elif t.type == "heading_open":
                self.warn(line, f"a heading ({t.markup} …) is not part of a letter body: printed as a paragraph")
            elif t.type == "blockquote_open":
                self.warn(line, "a quotation (> …) is not supported: printed as a paragraph")
            elif t.type in ("fence", "code_block"):
                self.warn(line, "a code block is not supported: printed as plain lines")
                for k, ln in enumerate(t.content.rstrip("\n").split("\n")):
                    self.blocks.append(BodyParagraph((Span(ln),), line=line + 2 + k))
            elif t.type == "hr":
                self.warn(line, f"a rule ({t.markup}) is not supported: left out")
            elif t.type == "html_block":
                self.warn(line, "HTML is not supported here: printed as text")
                self.blocks.append(BodyParagraph((Span(re.sub(r"<[^>]*>", "", t.content).strip()),), line=line + 1))
            elif t.type == "inline":
                spans = self.inline(t, line)
                if pending_item is not None:
                    spans = _strip_label(spans, pending_item.label)
                    self.blocks.append(BodyParagraph(spans, "item", pending_item.level, self.digits(pending_item.label),
                                                     line + 1))
                    pending_item = None
                elif spans:
                    self.blocks.append(BodyParagraph(spans, line=line + 1))
            elif t.type == "table_open":
                i = self.table(i)
                continue
            i += 1
        return Body(tuple(b for b in self.blocks if not isinstance(b, BodyParagraph) or b.spans or b.label),
                    tuple(self.findings))

    # -- inline -----------------------------------------------------------------------------------
    def inline(self, token: Token, line: int) -> tuple[Span, ...]:
        bold = italic = under = 0
        out: list[Span] = []

        def add(text: str, convert: bool = True) -> None:
            if text:
                out.append(Span(self.digits(text) if convert else text, bold=bold > 0, italic=italic > 0,
                                underline=under > 0))

        row = line
        for c in _joined_text(token.children or []):
            kind = c.type
            if kind == "text":
                add(self.loose(c.content, row))
            elif kind == "text_special":   # an escaped character or an entity
                add(c.content)
            elif kind == "softbreak":
                row += 1
                out.append(Span("\u0000", bold=bold > 0, italic=italic > 0, underline=under > 0))
            elif kind == "hardbreak":
                row += 1
                add("\n")
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "code_inline":
                add(c.content, convert=False)
            elif kind == "html_inline":
                if _UNDERLINE_OPEN.match(c.content):
                    under += 1
                elif _UNDERLINE_CLOSE.match(c.content):
                    under = max(0, under - 1)
                elif c.content.lower() in ("<br>", "<br/>", "<br />"):
                    add("\n")
                else:
                    self.warn(row, f"HTML {c.content!r} is not supported (only <u>…</u>): left out")
            elif kind == "link_open":
                self.warn(row, f"a link is printed as its text only ({c.attrs.get('href', '')}): "
                               "write the address in the text")
            elif kind == "link_close":
                pass
            elif kind == "image":
                self.warn(row, "a picture in the body is not supported: left out")
            else:
                add(c.content)
        return _merge(_join_lines(out))

    def loose(self, text: str, row: int) -> str:
        """Text the parser left alone: old-style ``**bold**`` it refused (Markdown's flanking rules
        around Thai quotes) is still bold (marked U+0001…U+0002 for :func:`_join_lines`); other
        asterisks, which open or close nothing, are dropped with a warning."""
        if "*" not in text:
            return text
        out, last = [], 0
        for m in _LOOSE_BOLD.finditer(text):
            out.append(self._stray(text[last:m.start()], row))
            out.append("\u0001" + self._stray(m.group(1), row) + "\u0002")
            last = m.end()
        out.append(self._stray(text[last:], row))
        return "".join(out)

    def _stray(self, text: str, row: int) -> str:
        if "*" not in text:
            return text   # a lone "_" is common in addresses and codes
        cleaned = re.sub(r"(?<![\w])\*+|\*+(?![\w])|\*+", "", text)
        if cleaned != text:
            self.warn(row, "an asterisk that opens or closes nothing was left out "
                           "(write \\* for a printed asterisk)")
        return cleaned

    # -- tables -----------------------------------------------------------------------------------
    def table(self, start: int) -> int:
        toks = self.tokens
        first = toks[start].map[0]
        widths = _dash_widths(self.lines[first + 1]) if first + 1 < len(self.lines) else None
        header: list[tuple[TableCell, ...]] = []
        rows: list[tuple[TableCell, ...]] = []
        cells: list[TableCell] = []
        in_head = False
        align = "left"
        row_line = first
        i = start + 1
        while toks[i].type != "table_close":
            t = toks[i]
            if t.map:
                row_line = t.map[0]
            if t.type == "thead_open":
                in_head = True
            elif t.type == "thead_close":
                in_head = False
            elif t.type in ("th_open", "td_open"):
                style = t.attrs.get("style", "")
                align = "right" if "right" in style else "center" if "center" in style else "left" if "left" in style else ""
            elif t.type == "inline":
                spans = self.inline(t, row_line)
                text = "".join(s.text for s in spans)
                cell_align = align or ("right" if NUMBER_CELL.match(text.strip()) and not in_head else "left")
                if in_head and not align:
                    cell_align = "center"
                cells.append(TableCell(spans, cell_align))
            elif t.type == "tr_close":
                (header if in_head else rows).append(tuple(cells))
                cells = []
            i += 1
        n = max(len(r) for r in header + rows)
        if widths is not None and len(widths) != n:
            widths = None
        self.blocks.append(BodyTable(tuple(header), tuple(rows), widths, first + 1))
        return i + 1


def _joined_text(children: list[Token]) -> list[Token]:
    """Adjacent text tokens as one (delimiters that matched nothing are text tokens of their own)."""
    out: list[Token] = []
    for c in children:
        if c.type == "text" and out and out[-1].type == "text":
            out[-1] = Token("text", "", 0, content=out[-1].content + c.content)
        else:
            out.append(c)
    return out


def _dash_widths(delimiter_row: str) -> tuple[float, ...] | None:
    """Relative widths from the alignment row when its dash runs differ ("|------|--|--|")."""
    cells = [c.strip() for c in delimiter_row.strip().strip("|").split("|")]
    counts = [len(c) if "-" in c else 0 for c in cells]   # colons count: ":--:" is 4 wide
    if not counts or min(counts) == 0 or len(set(counts)) == 1:
        return None
    total = sum(counts)
    return tuple(c / total for c in counts)


def _join_lines(spans: list[Span]) -> list[Span]:
    """Soft line breaks (U+0000 spans) become nothing between two Thai letters, else one space;
    the old bold markers U+0001…U+0002 become bold spans."""
    out: list[Span] = []
    for k, s in enumerate(spans):
        if s.text == "\u0000":
            before = next((p.text for p in reversed(out) if p.text), "")
            after = next((p.text for p in spans[k + 1:] if p.text and p.text != "\u0000"), "")
            if before and after and not (_THAI.match(before[-1]) and _THAI.match(after[0])):
                out.append(Span(" ", s.bold, s.italic, s.underline))
            continue
        if "\u0001" in s.text:
            for piece in re.split(r"(\u0001.*?\u0002)", s.text):
                if piece.startswith("\u0001"):
                    out.append(Span(piece[1:-1], True, s.italic, s.underline))
                elif piece:
                    out.append(Span(piece, s.bold, s.italic, s.underline))
            continue
        out.append(s)
    return out


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    """Adjacent spans of one style as one span; no empty spans; no space at the ends."""
    out: list[Span] = []
    for s in spans:
        if not s.text:
            continue
        if out and (out[-1].bold, out[-1].italic, out[-1].underline) == (s.bold, s.italic, s.underline):
            out[-1] = Span(out[-1].text + s.text, s.bold, s.italic, s.underline)
        else:
            out.append(s)
    if out and out[0].text != out[0].text.lstrip(" "):
        out[0] = Span(out[0].text.lstrip(" "), out[0].bold, out[0].italic, out[0].underline)
    if out and out[-1].text != out[-1].text.rstrip(" "):
        out[-1] = Span(out[-1].text.rstrip(" "), out[-1].bold, out[-1].italic, out[-1].underline)
    return tuple(s for s in out if s.text)


def _strip_label(spans: tuple[Span, ...], label: str) -> tuple[Span, ...]:
    """An item's spans without the label the item pass put at their start."""
    if not spans:
        return spans
    first = spans[0]
    text = first.text
    for candidate in (label, label.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))):
        if text.startswith(candidate):
            rest = text[len(candidate):].lstrip(" ")
            return ((Span(rest, first.bold, first.italic, first.underline),) if rest else ()) + spans[1:]
    return spans
