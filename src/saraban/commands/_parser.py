"""The argument parser every ``saraban`` command is built with (internal).

:class:`CommandParser` is :class:`argparse.ArgumentParser` with two additions the commands need:

* ``default_subcommand``: a command with subcommands (``letter``) may name one that is used when
  the first word is not a subcommand, so ``saraban letter SPEC.toml -o OUT`` means
  ``saraban letter build SPEC.toml -o OUT`` while ``saraban letter check --help`` is check's own help;
* help pages keep the line breaks of their description and epilog (the examples).
"""

from __future__ import annotations

import argparse

_UNITS = {"pt": 1.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0}
_HELP_FLAGS = ("-h", "--help")


def length(text: str) -> float:
    """Parse a length such as ``16cm``, ``160mm``, ``453pt``, ``1in`` (or a bare ``0``) into points.

    A number without a unit is refused: ``--width 30`` meant as centimetres would otherwise set a
    column 30 points (1 cm) wide."""
    t = text.strip().lower()
    for unit, factor in _UNITS.items():
        if t.endswith(unit):
            try:
                return float(t[: -len(unit)]) * factor
            except ValueError:
                break
    else:
        try:
            value = float(t)
        except ValueError:
            value = None
        if value == 0:
            return 0.0
        if value is not None:
            raise argparse.ArgumentTypeError(
                f"{text!r} has no unit: write it as {t}cm, {t}mm or {t}pt")
    raise argparse.ArgumentTypeError(f"{text!r} is not a length such as 16cm, 160mm or 453pt")


def positive_length(text: str) -> float:
    """A :func:`length` greater than 0 (a line width)."""
    value = length(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} — it must be more than 0")
    return value


def positive_number(text: str) -> float:
    """A number greater than 0 (a font size)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} — it must be more than 0")
    return value


def positive_int(text: str) -> int:
    """A whole number of 1 or more (``--jobs``): 0 and negative numbers are usage errors."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} — it must be 1 or more")
    return value


def examples(*lines: str) -> str:
    """The epilog of a help page: ``examples:`` and the given command lines, indented."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose help keeps line breaks and which may have a default subcommand."""

    def __init__(self, *args, default_subcommand: str | None = None, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self.default_subcommand = default_subcommand

    def _subcommands(self) -> set[str]:
        names: set[str] = set()
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                names.update(action.choices)
        return names

    def parse_known_args(self, args=None, namespace=None):
        if self.default_subcommand is not None and args is not None:
            args = list(args)
            if not args or (args[0] not in self._subcommands() and args[0] not in _HELP_FLAGS):
                args.insert(0, self.default_subcommand)
        return super().parse_known_args(args, namespace)


def add_pdf_standard(parser) -> None:
    """``--pdf-standard a-2u|a-3u|none``: what the PDFs claim and carry for archiving."""
    from ..pdf.archive import STANDARDS

    parser.add_argument("--pdf-standard", choices=STANDARDS, default=None, metavar="|".join(STANDARDS),
                        help="PDF/A-2u (the default; booklets that embed their data: PDF/A-3u), "
                             "PDF/A-3u, or none: plain PDF without XMP metadata and output intent")
