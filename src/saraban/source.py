"""User TOML files (public): reading them with errors that name the line, and key → line.

Letter specs, forms, office files and booklet definitions are all read here.

``tomllib`` returns values without positions, so this module reads the source once more, line by
line, tracking table headers and multi-line strings, and records the line of every key.  Items of an
array are found by searching for their text after the key's line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Location

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_INLINE_KEY = re.compile(r"""[{,]\s*([A-Za-z0-9_-]+)\s*=""")


def _clean(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


@dataclass(frozen=True)
class SourceMap:
    """Lines of the keys of one TOML file (1-based); dotted names such as ``merge.data`` or
    ``owner.name`` (keys of inline tables are found on their line too)."""

    path: Path
    text: str
    lines: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path, text: str) -> "SourceMap":
        lines: dict[str, int] = {}
        table = ""
        in_string: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            if in_string:
                if raw.count(in_string) % 2 == 1:
                    in_string = None
                continue
            header = _HEADER.match(raw)
            if header:
                table = _clean(header.group(1))
                lines.setdefault(table, number)
                continue
            m = _KEY.match(raw)
            if m:
                name = _clean(m.group(1))
                full = f"{table}.{name}" if table else name
                lines.setdefault(full, number)
                rest = raw[m.end():]
                for inner in _INLINE_KEY.finditer(rest):
                    lines.setdefault(f"{full}.{inner.group(1)}", number)
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_string = quote
                        break
        return cls(path, text, lines)

    def line(self, key: str) -> int | None:
        """The line of ``key``, or of its nearest enclosing key."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return None

    def find(self, key: str, needle: str) -> int | None:
        """The first line at or after ``key``'s line that contains ``needle`` (an array item)."""
        start = self.line(key) or 1
        probe = needle.strip().splitlines()[0][:40] if needle.strip() else ""
        if probe:
            for number, raw in enumerate(self.text.splitlines()[start - 1:], start=start):
                if probe in raw:
                    return number
        return self.line(key)

    def value_start(self, key: str) -> int | None:
        """The line on which the text of a string value begins: the key's line, or the next one
        for a multi-line string that opens with a newline (TOML drops that newline)."""
        line = self.line(key)
        if line is None:
            return None
        raw = self.text.splitlines()[line - 1]
        after = raw.split("=", 1)[1].strip() if "=" in raw else ""
        return line + 1 if after in ('"""', "'''") else line

    def at(self, key: str, column: str | None = None) -> Location:
        return Location(self.path, self.line(key), column)


def read_toml(path: Path) -> tuple[dict, SourceMap]:
    """Parse a TOML file; syntax errors name the line and column."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(path)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text (save the file as UTF-8)", Location(path, line)) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        line = col = None
        if "(at line " in msg:
            where = msg.rsplit("(at line ", 1)[1].rstrip(")")
            line_text, _, col_text = where.partition(", column ")
            line, col = int(line_text), int(col_text) if col_text else None
            msg = msg.rsplit(" (at line ", 1)[0]
        raise InputError(f"not valid TOML: {msg}", Location(path, line, col)) from exc
    return data, SourceMap.read(path, text)
