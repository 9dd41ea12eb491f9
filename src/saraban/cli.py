"""The ``saraban`` command (thin): parse arguments, call the library, set the exit status.

Exit status: 0 success, 1 a saraban error (bad input, missing font; the message names the place),
2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import SarabanError

_UNITS = {"pt": 1.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0}


def length(text: str) -> float:
    """Parse a length such as ``16cm``, ``160mm``, ``453pt`` (a bare number is points)."""
    t = text.strip().lower()
    for unit, factor in _UNITS.items():
        if t.endswith(unit):
            return float(t[: -len(unit)]) * factor
    return float(t)


def _add_text_options(p: argparse.ArgumentParser, align_default: str) -> None:
    p.add_argument("--font", default=None, help="font family name or .ttf path (default Sarabun)")
    p.add_argument("--size", type=float, default=16.0, help="size in TH Sarabun points (default 16)")
    p.add_argument("--width", type=length, default=length("16cm"), help="line width (default 16cm)")
    p.add_argument("--align", default=align_default,
                   choices=["left", "right", "center", "justify", "thai-distributed"])
    p.add_argument("--strategy", default="optimal", choices=["optimal", "greedy"],
                   help="line breaking: optimal (whole paragraph) or greedy (first fit)")
    p.add_argument("--fonts-dir", action="append", default=[], type=Path,
                   help="extra folder with .ttf files (default ./fonts is always searched)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="saraban", description="Thai government documents as PDF.")
    sub = parser.add_subparsers(dest="command", required=True)

    thai = sub.add_parser("thai", help="the Thai typesetting engine")
    thai_sub = thai.add_subparsers(dest="thai_command", required=True)
    render = thai_sub.add_parser("render", help="typeset a UTF-8 text file (blank line = new paragraph)")
    render.add_argument("input", type=Path)
    render.add_argument("-o", "--output", type=Path, required=True)
    render.add_argument("--indent", type=length, default=length("2.5cm"),
                        help="first-line indent (default 2.5cm, as in letters)")
    _add_text_options(render, "thai-distributed")
    explain = thai_sub.add_parser("explain", help="show normalisation, segmentation and line breaks")
    explain.add_argument("text")
    explain.add_argument("--indent", type=length, default=0.0)
    _add_text_options(explain, "thai-distributed")

    letter = sub.add_parser(
        "letter", help="make an official letter (or one per merge row) from a TOML spec",
        description="saraban letter SPEC.toml -o OUT.pdf|OUTDIR/   — build the letter(s)\n"
                    "saraban letter check SPEC.toml              — lint the spec (exit 1 on errors)",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    letter.add_argument("args", nargs="+", metavar="[check] SPEC.toml")
    letter.add_argument("-o", "--output", type=Path, help="PDF file, or folder for a merge")
    letter.add_argument("--no-progress", action="store_true", help="no progress bar")

    booklet = sub.add_parser("booklet", help="province result booklets (LPA and satisfaction) from data")
    booklet.add_argument("--data", nargs="+", type=Path, required=True, metavar="DIR|FILE",
                         help="a folder with laos/lpa/satisfaction tables (CSV or XLSX), or the files")
    which = booklet.add_mutually_exclusive_group(required=True)
    which.add_argument("--province", metavar="TH-NN", help="one province")
    which.add_argument("--all", action="store_true", help="every province with data")
    booklet.add_argument("--year", type=int, default=None, help="B.E. year (default: the data's only year)")
    booklet.add_argument("-o", "--output", type=Path, required=True, help="output folder")
    booklet.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    booklet.add_argument("--strict", action="store_true", help="treat data warnings as errors")
    booklet.add_argument("--definition", type=Path, default=None,
                         help="booklet definition TOML (default: the bundled one, as reports/lpa-booklet.toml)")
    booklet.add_argument("--no-national", action="store_true", help="skip the national summary booklet")
    booklet.add_argument("--no-progress", action="store_true", help="no progress bar")

    sample = sub.add_parser("sample-data", help="write the synthetic LPA/satisfaction dataset")
    sample.add_argument("-o", "--output", type=Path, required=True)
    sample.add_argument("--seed", type=int, default=2563)
    sample.add_argument("--provinces", default=None, help="comma-separated codes, e.g. TH-50,TH-30")
    sample.add_argument("--scale", type=float, default=1.0, help="share of the real LAO counts (default 1.0)")
    sample.add_argument("--year", type=int, default=2563, help="B.E. year of the data (default 2563)")

    fonts = sub.add_parser("fonts", help="list the font families found, with Thai coverage")
    fonts.add_argument("--fonts-dir", action="append", default=[], type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "thai":
            from .commands import thai as cmd

            return cmd.render(args) if args.thai_command == "render" else cmd.explain(args)
        if args.command == "letter":
            from .commands import letter as cmd

            return cmd.run(args)
        if args.command in ("booklet", "sample-data"):
            from .commands import booklet as cmd

            return cmd.booklet(args) if args.command == "booklet" else cmd.sample(args)
        if args.command == "fonts":
            from .commands import fonts as cmd

            return cmd.list_fonts(args)
    except SarabanError as exc:  # InputError included: its message names file, line, column
        print(f"saraban: error: {exc}", file=sys.stderr)
        return 1
    return 2


def run() -> None:  # pragma: no cover - the console script
    """``saraban``: :func:`main`, then exit without tearing down the interpreter.  A build leaves
    caches of millions of small objects; freeing them one by one at exit took 1.5 s of a 9 s
    national booklet run, for nothing — every file is written and closed by then."""
    import os

    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
