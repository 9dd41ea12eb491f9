"""Benchmark: the bundled example's 76-province merge (76 letters, a combined PDF with the
distribution list, and the list alone), end to end from the TOML spec to files on disk.

    python benchmarks/letters.py [--repeat 3]

Prints seconds and letters per second for each run (target: under 5 s for the 76 letters on a
2-core machine).  The first run includes loading pythainlp's dictionary and the fonts; later runs
in the same process reuse them, as a clerk's second merge would not (each command is a new
process), so the first run is the one to hold against the target.

    python benchmarks/letters.py --format docx [--repeat 3]

times the Word merge (76 DOCX, the list and the circular) and, in the same process and in turn,
the PDF merge, and prints each DOCX run as a ratio to the PDF run beside it (the machine is shared:
only ratios measured in one run compare).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / "letters" / "dla-lpa-2563" / "letter.toml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", choices=["pdf", "docx"], default="pdf",
                        help="docx: the Word merge, each run beside a PDF run")
    args = parser.parse_args()
    start = time.perf_counter()
    from saraban.letters.build import build_letters  # noqa: E402 - imports are part of the cost

    imported = time.perf_counter() - start
    print(f"imports: {imported:.2f} s")
    warnings.simplefilter("ignore")  # the example has no emblem: a placeholder, and a warning
    if args.format == "docx":
        return compare_docx(build_letters, args.repeat)
    for run in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            result = build_letters(EXAMPLE, out)
            seconds = time.perf_counter() - t0
            size = sum(p.stat().st_size for p in Path(out).iterdir())
        total = seconds + (imported if run == 1 else 0.0)
        print(f"run {run}: {result.letters} letters, {result.pages} letter pages, {len(result.files)} files, "
              f"{size / 1e6:.1f} MB: {total:.2f} s{' (with imports)' if run == 1 else ''}, "
              f"{result.letters / total:.1f} letters/s")


def _timed(build_letters, fmt: str):
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        result = build_letters(EXAMPLE, out, format=fmt)
        return time.perf_counter() - t0, result


def compare_docx(build_letters, repeat: int) -> None:
    """The DOCX merge against the PDF merge, run by run (the first of each warms its caches)."""
    _timed(build_letters, "pdf")  # dictionary, fonts and imports loaded once, for both
    for run in range(1, repeat + 1):
        docx_s, result = _timed(build_letters, "docx")
        pdf_s, _ = _timed(build_letters, "pdf")
        print(f"run {run}: {result.letters} DOCX + {len(result.files) - result.letters} more: {docx_s:.2f} s; "
              f"PDF merge {pdf_s:.2f} s; DOCX/PDF = {docx_s / pdf_s:.2f}")


if __name__ == "__main__":
    main()
