"""Benchmark: the bundled examples' 76-province merges, end to end from the TOML spec to files on
disk — the seed circular (76 letters, a combined PDF with the distribution list, the list alone and
the circular) and the circular of letters/dla-lao-count-2564 (each letter with its province's
table, nested items, underline and its own one-page PDF enclosure appended and stamped).

    python benchmarks/letters.py [--repeat 3]

Prints seconds and letters per second for each run of each (target: under 5 s for the 76 letters
on a 2-core machine), and the enclosure circular's time as a ratio to the seed's in the same run.
The first run includes loading the dictionary and the fonts; later runs in the same process reuse
them, as a clerk's second merge would not (each command is a new process), so the first run is the
one to hold against the target.  The enclosures are made (untimed) in a scratch copy first.

    python benchmarks/letters.py --format docx [--repeat 3]

times the Word merge (76 DOCX, the list and the circular) and, in the same process and in turn,
the PDF merge, and prints each DOCX run as a ratio to the PDF run beside it (the machine is shared:
only ratios measured in one run compare).

    python benchmarks/letters.py --format docx --cli [--repeat 3]

runs the command a clerk types, ``saraban letter letter.toml -o OUT --format docx``, in a new
process each time (imports, dictionary and fonts loaded every run: the number to hold against the
target of 76 DOCX under 5 s), each beside the same command for the PDF merge, and prints wall
seconds, CPU seconds of the process and the machine's load average before each run.

    python benchmarks/letters.py --baseline OLD/src [--repeat 3]

runs the seed merge (76 letters, combined.pdf, the list) as a fresh ``saraban letter`` command of
another checkout's ``src`` folder (say ``git worktree add --detach /tmp/old 0a040f8^``, the commit
before tagged PDF) — with that checkout's own example spec — and of this one, alternately, with
SOURCE_DATE_EPOCH set; prints wall and CPU seconds and bytes written, and the ratios new / old of
the fastest runs and of the sizes (targets: time within 15 %, size within 25 %).

    python benchmarks/letters.py --tags [--repeat 3]

times the PDF merge untagged and tagged (structure tree, object streams) in turn and prints time
and size of each run as a ratio tagged/untagged (targets: within 15 % of the time and 25 % of the
size).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "letters" / "dla-lpa-2563" / "letter.toml"
CIRCULAR = ROOT / "letters" / "dla-lao-count-2564"


def circular_copy(folder: Path) -> Path:
    """The enclosure circular with its data in ``folder`` and its 76 enclosures made there."""
    import importlib.util
    import shutil

    (folder / "data").mkdir()
    shutil.copy(ROOT / "data" / "lao_counts_by_province.csv", folder / "data")
    target = folder / "letters" / CIRCULAR.name
    shutil.copytree(CIRCULAR, target, ignore=shutil.ignore_patterns("enclosures", "__pycache__"))
    spec = importlib.util.spec_from_file_location("make_enclosures", target / "make_enclosures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(target / "enclosures")
    return target / "letter.toml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", choices=["pdf", "docx"], default="pdf",
                        help="docx: the Word merge, each run beside a PDF run")
    parser.add_argument("--tags", action="store_true", help="tagged against untagged PDF, run by run")
    parser.add_argument("--cli", action="store_true", help="with --format docx: the command, a new process per run")
    parser.add_argument("--baseline", metavar="SRC",
                        help="instead: the seed merge by another checkout's src folder and by this one, "
                             "alternately, each a fresh command (--repeat rounds)")
    args = parser.parse_args()
    if args.baseline:
        return compare_baseline(Path(args.baseline).resolve(), args.repeat)
    if args.cli:
        return compare_cli(args.repeat)
    start = time.perf_counter()
    from saraban.letters.build import build_letters  # noqa: E402 - imports are part of the cost

    imported = time.perf_counter() - start
    print(f"imports: {imported:.2f} s")
    warnings.simplefilter("ignore")  # the example has no emblem: a placeholder, and a warning
    if args.format == "docx":
        return compare_docx(build_letters, args.repeat)
    if args.tags:
        return compare_tags(build_letters, args.repeat)
    scratch = tempfile.TemporaryDirectory()
    circular = circular_copy(Path(scratch.name))
    for run in range(1, args.repeat + 1):
        times = {}
        for name, spec in (("seed", EXAMPLE), ("enclosures", circular)):
            with tempfile.TemporaryDirectory() as out:
                t0 = time.perf_counter()
                result = build_letters(spec, out)
                seconds = time.perf_counter() - t0
                size = sum(p.stat().st_size for p in Path(out).iterdir())
            first = run == 1 and name == "seed"
            total = times[name] = seconds + (imported if first else 0.0)
            print(f"run {run} {name:<10}: {result.letters} letters, {result.pages} letter pages, "
                  f"{len(result.files)} files, {size / 1e6:.1f} MB: {total:.2f} s"
                  f"{' (with imports)' if first else ''}, {result.letters / total:.1f} letters/s")
        if run > 1:
            print(f"run {run}: enclosure circular / seed = {times['enclosures'] / times['seed']:.2f}")
    scratch.cleanup()


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


def _command(fmt: str) -> tuple[float, float, str]:
    """(wall s, CPU s, what it said) of ``saraban letter`` writing the merge in ``fmt``."""
    import os
    import resource
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "saraban", "letter", str(EXAMPLE), "-o", f"{out}/merge",
                               "--format", fmt, "--no-progress"], capture_output=True, text=True, env=env, check=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout.strip().splitlines()[-1]


def compare_cli(repeat: int) -> None:
    """The Word merge from the command line against the PDF merge, run by run, each a new process."""
    import os

    for run in range(1, repeat + 1):
        load = os.getloadavg()[0]
        docx_wall, docx_cpu, said = _command("docx")
        pdf_wall, pdf_cpu, _ = _command("pdf")
        print(f"run {run} (load {load:.2f} on {os.cpu_count()} cores): DOCX {docx_wall:.2f} s "
              f"({docx_cpu:.2f} s CPU); PDF {pdf_wall:.2f} s ({pdf_cpu:.2f} s CPU); "
              f"DOCX/PDF = {docx_wall / pdf_wall:.2f}")
    print(f"last DOCX run: {said}")


def _sized(build_letters, tagged: bool):
    with tempfile.TemporaryDirectory() as out:
        t0, c0 = time.perf_counter(), time.process_time()
        build_letters(EXAMPLE, out, tagged=tagged)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        return seconds, cpu, sum(p.stat().st_size for p in Path(out).iterdir())


def compare_tags(build_letters, repeat: int) -> None:
    """The tagged merge against the untagged one, run by run (one warm-up run first).  The
    ratio is of the fastest runs of each (wall and CPU): on a shared machine the other processes
    only ever add time."""
    _sized(build_letters, True)
    runs = {False: [], True: []}
    for run in range(1, repeat + 1):
        for tagged in (False, True):
            runs[tagged].append(_sized(build_letters, tagged))
        (ps, pc, pb), (ts, tc, tb) = runs[False][-1], runs[True][-1]
        print(f"run {run}: untagged {ps:.2f} s ({pc:.2f} s CPU) {pb / 1e6:.2f} MB; "
              f"tagged {ts:.2f} s ({tc:.2f} s CPU) {tb / 1e6:.2f} MB")
    best = {k: (min(r[0] for r in v), min(r[1] for r in v), v[-1][2]) for k, v in runs.items()}
    print(f"tagged/untagged (fastest of {repeat} each): wall x{best[True][0] / best[False][0]:.2f}, "
          f"CPU x{best[True][1] / best[False][1]:.2f} (target <= 1.15), "
          f"size x{best[True][2] / best[False][2]:.2f} (target <= 1.25)")



def _merge(src: Path, spec: Path) -> tuple[float, float, int]:
    """(wall s, CPU s, bytes written) of the seed merge by the saraban in ``src``, a fresh process."""
    import os
    import resource
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=str(src), SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1605484800"))
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "saraban", "letter", str(spec), "-o", f"{out}/merge", "--no-progress"],
                       capture_output=True, text=True, env=env, check=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        size = sum(p.stat().st_size for p in Path(out, "merge").glob("*.pdf"))
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), size


def compare_baseline(old_src: Path, repeat: int) -> None:
    """The seed merge by ``old_src`` and by this checkout, alternately; ratios of the fastest."""
    if not (old_src / "saraban" / "cli.py").is_file():
        raise SystemExit(f"--baseline {old_src}: not a src folder with saraban in it")
    sides = {"old": (old_src, old_src.parent / "letters" / "dla-lpa-2563" / "letter.toml"),
             "new": (ROOT / "src", EXAMPLE)}
    wall: dict[str, list[float]] = {"old": [], "new": []}
    cpu: dict[str, list[float]] = {"old": [], "new": []}
    size: dict[str, int] = {}
    for run in range(1, repeat + 1):
        line = []
        for side, (src, spec) in sides.items():
            w, c, size[side] = _merge(src, spec)
            wall[side].append(w)
            cpu[side].append(c)
            line.append(f"{side} {w:.2f} s wall, {c:.2f} s CPU, {size[side] / 1e6:.2f} MB")
        print(f"round {run}: " + "; ".join(line), flush=True)
    print(f"new / old (fastest of {repeat}): wall x{min(wall['new']) / min(wall['old']):.2f}, "
          f"CPU x{min(cpu['new']) / min(cpu['old']):.2f}, size x{size['new'] / size['old']:.2f} "
          f"(targets: time <= 1.15, size <= 1.25)")


if __name__ == "__main__":
    main()
