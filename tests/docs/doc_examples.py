"""The examples of the project's Markdown files, read and run (a doctest for shell sessions).

A fenced code block is an *example* when its info string has the word ``example``:

* ```` ```console example ````: a shell session.  Lines starting with ``$ `` are commands (a line
  ending in ``\\`` continues on the next one); the lines after a command, up to the next ``$ ``,
  are its expected output (stdout and stderr together), compared line by line with trailing
  blanks ignored.  A line ``...`` stands for any number of lines, ``...`` inside a line for any
  text.  A command without output lines is only required to succeed.  A command expected to fail
  ends with ``# exit N``.
* ```` ```sh example ````: a script, run whole by ``bash -e``; it must succeed.
* ```` ```python example ````: a Python script; it must succeed.

Blocks without the word (synopses, set-up that installs things) are not run.  The examples of one
file run in order in one scratch copy of the repository, so a later example may use what an
earlier one wrote (``out/…``); ``saraban`` and ``python`` there are the interpreter under test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")
PROMPT = "$ "
ELLIPSIS = "..."


@dataclass(frozen=True)
class Command:
    """One command of an example with the output it shows (``None``: output not shown)."""

    text: str
    line: int                     # line of the command in the Markdown file (1-based)
    expected: tuple[str, ...] | None
    status: int = 0


@dataclass(frozen=True)
class Example:
    """A fenced block marked ``example``: its kind (console, sh, python) and its commands."""

    path: Path
    line: int                     # line of the opening fence
    kind: str
    commands: tuple[Command, ...]
    source: str                   # the block's text (for sh and python)


def examples(path: Path) -> list[Example]:
    """The blocks of ``path`` marked as examples, in file order."""
    lines = path.read_text("utf-8").splitlines()
    found: list[Example] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m["fence"], m["info"].split()
        end = i + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        body = lines[i + 1:end]
        if "example" in info:
            kind = info[0] if info[0] != "example" else "console"
            found.append(_example(path, i + 1, kind, body))
        i = end + 1
    return found


def _example(path: Path, line: int, kind: str, body: list[str]) -> Example:
    if kind != "console":
        return Example(path, line, kind, (), "\n".join(body) + "\n")
    commands: list[Command] = []
    j = 0
    while j < len(body):
        if not body[j].startswith(PROMPT):
            raise ValueError(f"{path}, line {line + 1 + j}: console example line is not a '$ ' command "
                             f"nor output of one: {body[j]!r}")
        start = j
        text = body[j][len(PROMPT):]
        while text.endswith("\\") and j + 1 < len(body):
            j += 1
            text = text[:-1] + "\n" + body[j].removeprefix("> ")
        j += 1
        out: list[str] = []
        while j < len(body) and not body[j].startswith(PROMPT):
            out.append(body[j])
            j += 1
        status = 0
        m = EXIT.search(text)
        if m:
            status, text = int(m[1]), text[: m.start()]
        while out and not out[-1].strip():
            out.pop()
        commands.append(Command(text, line + 1 + start, tuple(out) if out else None, status))
    return Example(path, line, kind, tuple(commands), "\n".join(body) + "\n")


def output_matches(expected: tuple[str, ...], actual: str) -> bool:
    """Whether ``actual`` is what ``expected`` shows (``...`` lines and ``...`` in a line are
    wildcards; trailing blanks and trailing empty lines are ignored)."""
    pattern = []
    for line in expected:
        line = line.rstrip()
        if line == ELLIPSIS:
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            pattern.append(".*?".join(re.escape(part) for part in line.split(ELLIPSIS)) + r"\n")
    lines = [line.rstrip() for line in actual.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    text = "".join(line + "\n" for line in lines)
    return re.fullmatch("".join(pattern), text) is not None
