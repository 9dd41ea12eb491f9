"""Benchmark: the cost of archival PDF (PDF/A, XMP, output intent, page labels, links, embedded
data; saraban/pdf/archive.py) — the seed circular's 76-letter merge and the national booklet run
(76 province booklets and the national one, from the synthetic sample data), each built with
``--pdf-standard none`` and with the default (PDF/A-2u letters, PDF/A-3u booklets) in turn, in the
same run; prints CPU seconds, wall seconds and bytes written, and the ratios default/none of the
fastest runs (targets: time within +15 %, size within +25 %).

    python benchmarks/archive.py [--repeat 3] [--jobs 1] [--untagged]

``--untagged`` adds the booklets untagged and plain, for the cost of the structure tree itself
(tagged plain / untagged, and default / untagged).  The letters are built in this process (the
dictionary and fonts loaded once, as for every run); the booklets by the command in a fresh
process each time, its CPU seconds those of the command and its workers.  SOURCE_DATE_EPOCH is set,
so that runs of one kind write identical files (checked).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "letters" / "dla-lpa-2563" / "letter.toml"
EPOCH = "1605484800"

#: The command in a fresh process; prints the CPU seconds (user + system) of it and its workers.
WRAPPER = """
import resource, subprocess, sys
subprocess.run([sys.executable, "-m", "saraban.cli", *sys.argv[1:]], check=True, stdout=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime)
"""


def folder_size(folder: Path) -> tuple[int, str]:
    """Bytes of the PDFs in ``folder`` and a digest of their contents (to compare runs)."""
    digest = hashlib.sha256()
    total = 0
    for path in sorted(Path(folder).glob("*.pdf")):
        data = path.read_bytes()
        total += len(data)
        digest.update(path.name.encode() + data)
    return total, digest.hexdigest()[:12]


def letters(repeat: int) -> dict[str, list[tuple[float, float, int, str]]]:
    from saraban.letters.build import build_letters

    warnings.simplefilter("ignore")
    runs: dict[str, list] = {"none": [], "a-2u": []}
    build_letters(EXAMPLE, tempfile.mkdtemp(), standard="none")   # warm-up: dictionary, fonts
    for _ in range(repeat):
        for standard in runs:
            with tempfile.TemporaryDirectory() as out:
                c0, t0 = time.process_time(), time.perf_counter()
                build_letters(EXAMPLE, out, standard=standard)
                cpu, wall = time.process_time() - c0, time.perf_counter() - t0
                size, digest = folder_size(Path(out))
            runs[standard].append((cpu, wall, size, digest))
            print(f"  letters {standard:5} cpu {cpu:6.2f} s  wall {wall:6.2f} s  {size / 1e6:6.2f} MB  {digest}")
    return runs


def booklets(repeat: int, jobs: int, untagged: bool) -> dict[str, list[tuple[float, float, int, str]]]:
    kinds = {"none": ["--pdf-standard", "none"], "default": []}
    if untagged:
        kinds = {"untagged": ["--pdf-standard", "none", "--untagged"], **kinds}
    runs: dict[str, list] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        subprocess.run([sys.executable, "-m", "saraban.cli", "sample-data", "-o", str(data)], check=True,
                       stdout=subprocess.DEVNULL)
        for _ in range(repeat):
            for kind, extra in kinds.items():
                out = Path(tmp) / f"out-{kind}"
                t0 = time.perf_counter()
                done = subprocess.run([sys.executable, "-c", WRAPPER, "booklet", "--data", str(data), "--all",
                                       "-o", str(out), "--jobs", str(jobs), "--no-progress", *extra],
                                      check=True, capture_output=True, text=True)
                wall = time.perf_counter() - t0
                cpu = float(done.stdout.split()[-1])
                size, digest = folder_size(out)
                runs[kind].append((cpu, wall, size, digest))
                print(f"  booklets {kind:8} cpu {cpu:6.2f} s  wall {wall:6.2f} s  {size / 1e6:6.2f} MB  {digest}")
    return runs


def report(name: str, runs: dict[str, list], base: str, other: str) -> None:
    best = {k: min(v) for k, v in runs.items()}     # the fastest run (CPU) of each kind
    for kind, values in runs.items():
        if len({d for *_, d in values}) != 1:
            print(f"  warning: {name} {kind} runs wrote different files")
    cpu = best[other][0] / best[base][0]
    wall = best[other][1] / best[base][1]
    size = best[other][2] / best[base][2]
    print(f"{name}: {other}/{base}  cpu ×{cpu:.2f}  wall ×{wall:.2f}  size ×{size:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--untagged", action="store_true", help="also the booklets untagged (the tree's cost)")
    parser.add_argument("--only", choices=["letters", "booklets"], default=None)
    args = parser.parse_args()
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    if args.only != "booklets":
        print("76-letter merge (seed circular), in process:")
        report("letters", letters(args.repeat), "none", "a-2u")
    if args.only != "letters":
        print(f"national booklet run (--all, --jobs {args.jobs}), a fresh process each:")
        runs = booklets(args.repeat, args.jobs, args.untagged)
        report("booklets", runs, "none", "default")
        if args.untagged:
            report("booklets", runs, "untagged", "none")
            report("booklets", runs, "untagged", "default")


if __name__ == "__main__":
    main()
