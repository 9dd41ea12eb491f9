"""A small markup for Thai prose (public, pure): paragraphs, items and **bold**.

Used for letter bodies and booklet notes.  Paragraphs are separated by blank lines; a line that
starts a numbered or bulleted item ("1. ", "๒) ", "- ") starts a paragraph of its own; the lines of
one paragraph are joined with nothing between two Thai letters (Thai has no spaces between words)
and one space otherwise; a line ending in a backslash forces a line break; ``**bold**`` marks a
bold span.  The text is otherwise left exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .thai.layout import Span

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITEM = re.compile(r"^\s*(?:\(?[0-9๐-๙]{1,3}[.)]|[-•])\s")
_THAI = re.compile(r"[\u0E00-\u0E7F]")


@dataclass(frozen=True)
class BodyParagraph:
    """A body paragraph as spans; a newline inside a span is a forced line break."""

    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


def _join(lines: list[str]) -> str:
    """Join the lines of one paragraph: nothing between two Thai letters (Thai has no spaces
    between words), one space otherwise; a line ending in a backslash forces a line break."""
    out = ""
    for line in lines:
        line = line.strip()
        if not out:
            out = line
        elif out.endswith("\\"):
            out = out[:-1].rstrip() + "\n" + line
        elif _THAI.match(out[-1]) and _THAI.match(line[:1] or " "):
            out += line
        else:
            out += " " + line
    return out.rstrip("\\")


def _spans(text: str) -> tuple[Span, ...]:
    spans, last = [], 0
    for m in _BOLD.finditer(text):
        if m.start() > last:
            spans.append(Span(text[last:m.start()]))
        spans.append(Span(m.group(1), bold=True))
        last = m.end()
    if last < len(text):
        spans.append(Span(text[last:]))
    return tuple(s for s in spans if s.text)


def parse_body(text: str, digits=lambda s: s) -> tuple[BodyParagraph, ...]:
    """Paragraphs are separated by blank lines; a line that starts a numbered or bulleted item
    ("1. ", "๒) ", "- ") starts a paragraph of its own; ``**bold**`` marks bold spans."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            if current:
                paragraphs.append(current)
            current = []
            continue
        if current and _ITEM.match(line):
            paragraphs.append(current)
            current = []
        current.append(line)
    if current:
        paragraphs.append(current)
    return tuple(BodyParagraph(_spans(digits(_join(p)))) for p in paragraphs if _join(p))
