"""``saraban letter`` and ``saraban letter check`` (internal)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from ..errors import InputError


def run(args) -> int:
    words = list(args.args)
    if words[0] == "check":
        if len(words) != 2:
            raise InputError("usage: saraban letter check SPEC.toml")
        return check(Path(words[1]))
    if len(words) != 1:
        raise InputError("usage: saraban letter SPEC.toml -o OUT.pdf|OUTDIR/")
    if args.output is None:
        raise InputError("say where to write: -o OUT.pdf (or -o OUTDIR/ for a merge)")
    return build(Path(words[0]), args.output, progress=not args.no_progress and sys.stderr.isatty())


def build(spec: Path, output: Path, progress: bool) -> int:
    from ..letters.build import build_letters

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = build_letters(spec, output, progress=progress)
    for message in dict.fromkeys(str(w.message) for w in caught):
        print(f"saraban: warning: {message}", file=sys.stderr)
    if result.letters == 1:
        print(f"wrote {result.files[0]} ({result.pages} page{'s' * (result.pages != 1)})")
    else:
        folder = result.files[0].parent
        extra = [p.name for p in result.files[result.letters:]]
        print(f"wrote {result.letters} letters ({result.pages} pages), {', '.join(extra)} to {folder}/")
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
