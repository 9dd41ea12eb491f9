"""``saraban letter`` (build the letter or the merge) and ``saraban letter check`` (lint)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from ._parser import add_pdf_standard, examples


def build(spec: Path, output: Path, progress: bool, format: str | None = None,
          register: str | None = None, standard: str | None = None, force: bool = False) -> int:
    from ..letters.build import build_letters

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = build_letters(spec, output, progress=progress, format=format, register=register,
                               standard=standard, force=force)
    for message in dict.fromkeys(str(w.message) for w in caught):
        print(f"saraban: warning: {message}", file=sys.stderr)
    pages = f" ({result.pages} page{'s' * (result.pages != 1)})" if result.pages else ""
    if result.number is not None:
        print(f"issued ที่ {result.number}")
    if result.letters == 1:
        print(f"wrote {', '.join(str(p) for p in result.files)}{pages}")
    else:
        folder = result.files[0].parent
        kinds: dict[str, list[str]] = {}
        for p in result.files:
            kinds.setdefault(p.suffix.lower(), []).append(p.name)
        # the per-row files first (one per letter and format), then the others by name
        made = " and ".join(f"{result.letters} {suffix[1:].upper()}" for suffix in kinds)
        made = f" ({made})" if ".docx" in kinds else ""
        extra = [n for names in kinds.values() for n in names[result.letters:]]
        extra = "".join(f", {name}" for name in extra)
        print(f"wrote {result.letters} letters{made}{pages}{extra} to {folder}/")
    return 0


def check(spec: Path) -> int:
    from ..letters.lint import ERROR, check_letter

    findings = check_letter(spec)
    for finding in findings:
        print(finding)
    errors = sum(f.level == ERROR for f in findings)
    warns = len(findings) - errors
    print(f"{spec}: {errors} error{'s' * (errors != 1)}, {warns} warning{'s' * (warns != 1)}",
          file=sys.stderr)
    return 1 if errors else 0


def register(subparsers) -> None:
    """``saraban letter [build] SPEC.toml -o OUT`` and ``saraban letter check SPEC.toml``."""
    letter = subparsers.add_parser(
        "letter", default_subcommand="build",
        usage="saraban letter [build] SPEC.toml -o OUT [--format pdf|docx|both] [--force] [--no-progress]\n"
              "       saraban letter check SPEC.toml",
        help="make an official letter (or one per merge row) from a TOML spec; check a spec",
        description="Make an official letter from a TOML spec (build, the default), or check a spec.\n"
                    "  saraban letter SPEC.toml -o OUT.pdf|OUTDIR/   build (same as: saraban letter build ...)\n"
                    "  saraban letter check SPEC.toml                lint the spec (exit 1 on errors)",
        epilog=examples("saraban letter letters/dla-lpa-2563/letter.toml -o out/dla-lpa-2563/",
                        "saraban letter check letters/dla-lpa-2563/letter.toml",
                        "saraban letter build --help"))
    sub = letter.add_subparsers(dest="letter_command", required=True, metavar="SUBCOMMAND")

    build_p = sub.add_parser(
        "build", prog="saraban letter build", help="build the letter, or with [merge] one letter per row (the default subcommand)",
        description="Build the letter of SPEC.toml.  With a [merge] table, OUT is a folder and gets one\n"
                    "PDF per data row, combined.pdf, distribution-list.pdf and circular.pdf.\n"
                    "OUT.docx (or --format docx) writes Word documents instead: one DOCX per row,\n"
                    "distribution-list.docx and circular.docx; --format both writes both sets.\n"
                    "\"build\" may be left out: saraban letter SPEC.toml -o OUT.",
        epilog=examples("saraban letter memo.toml -o memo.pdf",
                        "saraban letter memo.toml -o memo.docx",
                        "saraban letter letters/dla-lpa-2563/letter.toml -o out/dla-lpa-2563/ --format both"))
    build_p.add_argument("spec", type=Path, metavar="SPEC.toml", help="the letter spec")
    build_p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT",
                         help="PDF or DOCX file, or folder for a merge")
    build_p.add_argument("--format", choices=["pdf", "docx", "both"], default=None,
                         help="what to write (default: the type of the OUT file; PDF for a folder)")
    build_p.add_argument("--no-progress", action="store_true", help="no progress bar")
    build_p.add_argument("--register", metavar="PATH|URL",
                         help="for number = { series = … }: the register to issue from (default: office.toml's)")
    build_p.add_argument("--force", action="store_true",
                         help="build even when `letter check` finds errors in the spec (an empty body or "
                              "recipient, a contact block without phone, a reference dated after the "
                              "letter); each error is printed as a warning")
    add_pdf_standard(build_p)
    build_p.set_defaults(run=run)

    check_p = sub.add_parser(
        "check", prog="saraban letter check", help="lint a spec: errors (exit 1) and warnings, with file and line",
        description="Check a letter spec without building it: errors (exit status 1) and warnings,\n"
                    "each with the file and line.",
        epilog=examples("saraban letter check letters/dla-lpa-2563/letter.toml"))
    check_p.add_argument("spec", type=Path, metavar="SPEC.toml", help="the letter spec to check")
    check_p.set_defaults(run=run)


def run(args) -> int:
    if args.letter_command == "check":
        return check(args.spec)
    return build(args.spec, args.output, progress=not args.no_progress and sys.stderr.isatty(),
                 format=args.format, register=args.register, standard=args.pdf_standard,
                 force=args.force)
