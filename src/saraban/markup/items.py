"""Thai list items (internal): the labels clerks type, turned into Markdown list items.

Thai letters number their items by hand — "๑.", "๑.๑", "(๑)", "-" — and Markdown knows only "1."
and "-".  This pass finds item lines, works out each item's nesting level and rewrites the line as a
Markdown bullet item whose text starts with the label, escaped so that the parser keeps it as
text.  The label and the level are returned by line, so the parser can take the label off again.
Every input line gives exactly one output line: line numbers stay those of the body text.

Nesting: an item indented deeper than the item above it is its sub-item; at the same indentation a
label of a *new kind* ("๑.๑" after "๑.", "(๑)" after "๑.๑") is a sub-item, and a label of a kind
already open returns to that level — so both indented and flat typing give the same tree.
Lines outside lists lose their leading white space (an indented paragraph is not code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGIT = "[0-9๐-๙]"
#: An item label and the text after it.
ITEM = re.compile(
    rf"^(?P<indent>[ \t]*)(?P<label>"
    rf"{_DIGIT}{{1,3}}(?:\.{_DIGIT}{{1,3}})+\.?"     # ๑.๑  ๑.๑.๒
    rf"|{_DIGIT}{{1,3}}[.)]"                         # ๑.  1)
    rf"|\({_DIGIT}{{1,3}}\)|\([ก-ฮ]\)"               # (๑)  (ก)
    rf"|[-•*+])(?P<gap>[ \t]+)(?P<rest>\S.*)$")
_TABLE = re.compile(r"^\s*\|")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class ItemMark:
    label: str
    level: int


def _kind(label: str) -> str:
    if label.startswith("("):
        return "paren-letter" if re.match(r"\([ก-ฮ]\)", label) else "paren"
    if label in "-•*+":
        return "bullet"
    dots = label.rstrip(".").count(".")
    return f"number{dots}" if dots else "number"


def _escape(label: str) -> str:
    return re.sub(r"([.)(\-*+•])", r"\\\1", label) if label != "•" else label


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def mark_items(text: str) -> tuple[str, dict[int, ItemMark]]:
    """The body with item lines as Markdown bullets (same line count), and each item's label and
    level by its 0-based line."""
    out: list[str] = []
    marks: dict[int, ItemMark] = {}
    stack: list[tuple[int, str]] = []      # (indent, kind) of the open items, outermost first
    blank_before = False
    fenced = False
    for n, raw in enumerate(text.split("\n")):
        line = raw.rstrip()
        if line.endswith("\\"):
            line = line  # a forced break: keep the backslash
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or _FENCE.match(line):
            out.append(line.strip())
            continue
        if not line.strip():
            out.append("")
            blank_before = True
            continue
        m = ITEM.match(line)
        if m and m.group("label") in "*+" and m.group("rest").startswith(m.group("label")):
            m = None  # "* *" is not an item
        if m and _kind(m.group("label")).startswith("number") and "." in m.group("label").rstrip(".") \
                and not stack:
            m = None  # "1.5 ล้านบาท" at the start of a line is a number, unless a list is open
        if m is None:
            if _TABLE.match(line) or blank_before or not stack:
                stack.clear()
                out.append(line.strip())
            else:  # a continuation line of the open item
                out.append("  " * len(stack) + line.strip())
            blank_before = False
            continue
        blank_before = False
        indent, label = _width(m.group("indent")), m.group("label")
        kind = _kind(label)
        while stack and stack[-1][0] > indent:
            stack.pop()
        same = [i for i, (ind, k) in enumerate(stack) if ind == indent and k == kind]
        if same:
            del stack[same[0]:]
        stack.append((indent, kind))
        level = len(stack) - 1
        marks[n] = ItemMark("-" if label in "*+" else label, level)
        out.append("  " * level + "- " + _escape(label) + " " + m.group("rest").strip())
    return "\n".join(out), marks
