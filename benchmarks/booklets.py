"""Benchmark: the national booklet run — all 76 province booklets (7,849 LAOs) and the national
summary — from the synthetic sample data, with 1 and with 2 processes, each in a fresh process as
a user's command would run; then, in the same run, the cost of the print files
(``--imposition saddle``) and of the catalogue site (``saraban publish``), as ratios against the
plain build with the largest job count (fork).

    python benchmarks/booklets.py [--jobs 1 2]

Prints wall seconds, pages, pages per second and the peak memory (largest resident set of the
command and its workers), CPU seconds for the ratios (fairer than wall time on a shared machine), and checks that all runs wrote identical booklets.  Target: under 6 s
wall with 2 processes on a 2-core machine, without imposition.

    python benchmarks/booklets.py --tags 3 [--jobs 2]

runs it untagged and tagged in turn and prints the ratios of time and size.

    python benchmarks/booklets.py --baseline OLD/src --rounds 3 [--jobs 2]

runs the plain build (``--jobs``: the first value) of another checkout's ``src`` folder (say
``git worktree add /tmp/old main~3``) and of this one alternately, ``--rounds`` times each, and
prints both with the ratios new / old of the fastest wall and CPU times (on a shared machine the
other load only ever adds time) and of the booklets' total size, and whether the two wrote the
same bytes.

    python benchmarks/booklets.py --phases [--baseline OLD/src] [--rounds 2]

runs the national build in one process (``--jobs 1``) and prints its CPU seconds by phase (the
data check, the stories, reportlab's writing, the structure tree, the PDF/A pass, the QR codes),
with ``--baseline`` for both trees alternately — where the time goes, and what a change moved.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


#: Runs the command in a fresh process and prints the largest resident set of it and its workers
#: (ru_maxrss of the waited-for descendants, in kB on Linux) and their CPU seconds (user + system).
WRAPPER = """
import resource, subprocess, sys
subprocess.run([sys.executable, "-m", "saraban.cli", *sys.argv[1:]], check=True, stdout=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


#: Runs the command in this process with the named functions timed (CPU seconds, inclusive) and
#: prints them as JSON: where a national build spends its time.
PHASES = """
import json, sys, time
from saraban.reports import build, compose
from saraban.pdf import archive, qr, tags
spent = {}
def timed(owner, name, label):
    inner = getattr(owner, name)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - start
    setattr(owner, name, wrapper)
timed(build, "validate", "checking the data")
timed(compose.BookletComposer, "province_story", "province stories")
timed(tags.TaggedCanvas, "save", "reportlab writing")
timed(build, "finish", "structure tree")
timed(archive, "finish", "PDF/A pass")
timed(qr, "qr_matrix", "QR codes")
from saraban.cli import main
start = time.process_time()
main(sys.argv[1:])
spent["all"] = time.process_time() - start
print(json.dumps(spent))
"""


def phases(args: list[str], src: str | None = None) -> dict[str, float]:
    """CPU seconds by phase of a command run in one process (:data:`PHASES`)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)}
    out = subprocess.run([sys.executable, "-c", PHASES, *args], check=True, capture_output=True, text=True,
                         env=env)
    return json.loads(out.stdout.splitlines()[-1])


def compare_phases(src: Path | None, rounds: int) -> None:
    """The national build in one process, by phase, for this tree (and ``src``), the least of
    ``rounds`` runs of each."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    sides = {"new": None} if src is None else {"old": str(src), "new": None}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        run(["sample-data", "-o", str(data)])
        best: dict[str, dict[str, float]] = {side: {} for side in sides}
        for _ in range(rounds):
            for side, side_src in sides.items():
                got = phases(["booklet", "--data", str(data), "--all", "-o", str(Path(tmp) / side), "--jobs", "1",
                              "--no-progress"], side_src)
                for name, seconds in got.items():
                    best[side][name] = min(best[side].get(name, seconds), seconds)
        names = sorted(best["new"], key=lambda n: (n == "all", -best["new"][n]))
        print("CPU seconds, one process (--jobs 1), least of", rounds, "run(s):")
        for name in names:
            cells = "  ".join(f"{side} {best[side].get(name, 0.0):6.2f}" for side in sides)
            ratio = f"  new/old x{best['new'][name] / best['old'][name]:.2f}" if "old" in sides and best["old"].get(name) else ""
            print(f"  {name:20s} {cells}{ratio}")


def measure(args: list[str], src: str | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (the command and its workers) and peak RSS (kB) of a command;
    ``src``: run saraban from that source folder instead of the installed one.
    CPU seconds are the fairer comparison on a machine shared with other work."""
    env = None
    if src is not None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", WRAPPER, *args], check=True, capture_output=True, text=True,
                         env=env)
    peak, cpu = out.stdout.split()[-2:]
    return time.perf_counter() - t0, float(cpu), int(peak)


def run(args: list[str]) -> tuple[float, int]:
    wall, _, peak = measure(args)
    return wall, peak


def booklets_of(manifest: dict) -> str:
    """The booklets a manifest lists (file and SHA-256), to compare runs."""
    return json.dumps([(b["file"], b["sha256"]) for b in manifest["booklets"]])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--start-method", nargs="+", default=["fork"], choices=["fork", "spawn"],
                        help="how --jobs workers start (spawn is what Windows and macOS use); each "
                             "is run with every --jobs value above 1")
    parser.add_argument("--tags", type=int, default=0, metavar="N",
                        help="instead: N runs each of the untagged and the tagged run (--jobs: the first "
                             "value), interleaved; prints time and size of tagged / untagged")
    parser.add_argument("--baseline", metavar="SRC",
                        help="instead: compare with the saraban of another checkout's src folder, alternately")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each side with --baseline")
    parser.add_argument("--phases", action="store_true",
                        help="instead: CPU seconds by phase of the build in one process (with --baseline: both)")
    args = parser.parse_args()
    if args.phases:
        return compare_phases(Path(args.baseline).resolve() if args.baseline else None, args.rounds)
    if args.baseline:
        return compare_baseline(Path(args.baseline).resolve(), args.jobs[0], args.rounds)
    if args.tags:
        return compare_tags(args.jobs[0], args.tags)
    # the same PDF/A dates in every run, so that "identical booklets" compares the bytes that matter
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        seconds, _ = run(["sample-data", "-o", str(data)])
        print(f"sample-data (7,849 LAOs): {seconds:.2f} s")
        manifests = {}
        runs = [(jobs, method) for jobs in args.jobs
                for method in (args.start_method if jobs > 1 else ["fork"])]
        times = {}
        cpus = {}
        for jobs, method in runs:
            out = Path(tmp) / f"out{jobs}-{method}"
            os.environ["SARABAN_START_METHOD"] = method
            seconds, cpu, peak = measure(["booklet", "--data", str(data), "--all", "-o", str(out), "--jobs",
                                          str(jobs), "--no-progress"])
            cpus[jobs, method] = cpu
            manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
            pages = sum(b["pages"] for b in manifest["booklets"])
            manifests[jobs, method] = manifest
            times[jobs, method] = seconds
            label = f"--jobs {jobs}" + (f" ({method})" if jobs > 1 else "")
            print(f"{label}: {len(manifest['booklets'])} booklets, {pages} pages, {seconds:.2f} s wall, "
                  f"{pages / seconds:.0f} pages/s, peak RSS {peak / 1024:.0f} MB")
        for (jobs, method), seconds in times.items():
            if method == "spawn" and (jobs, "fork") in times:
                print(f"--jobs {jobs}: spawn / fork = {seconds / times[jobs, 'fork']:.2f}x")
        jobs = max(args.jobs)
        key = (jobs, "fork") if (jobs, "fork") in times else next(iter(times))
        plain, plain_cpu = times[key], cpus[key]
        print(f"plain build (--jobs {jobs}): {plain:.2f} s wall, {plain_cpu:.2f} s CPU")
        os.environ["SARABAN_START_METHOD"] = "fork"
        out = Path(tmp) / "imposed"
        seconds, cpu, peak = measure(["booklet", "--data", str(data), "--all", "-o", str(out), "--jobs", str(jobs),
                                      "--no-progress", "--imposition", "saddle"])
        manifests["imposed"] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        prints = len(list(out.glob("*-print.pdf")))
        print(f"--jobs {jobs} --imposition saddle: {prints} print files, {seconds:.2f} s wall = "
              f"{seconds / plain:.2f}x the plain build, {cpu:.2f} s CPU = {cpu / plain_cpu:.2f}x, "
              f"peak RSS {peak / 1024:.0f} MB")
        site = Path(tmp) / "site"
        published, cpu, peak = measure(["publish", str(out), "-o", str(site)])
        files = len(list(site.iterdir()))
        print(f"publish: {files} files, {published:.2f} s wall = {published / plain:.2f}x the plain build, "
              f"{cpu:.2f} s CPU = {cpu / plain_cpu:.2f}x, peak RSS {peak / 1024:.0f} MB")
        same = len({booklets_of(m) for m in manifests.values()}) == 1
        print(f"identical booklets across job counts, start methods and imposition: {same}")


def compare_baseline(src: Path, jobs: int, rounds: int) -> None:
    """The plain national build (``--jobs jobs``, fork) of the saraban in ``src`` and of this one,
    alternately, ``rounds`` times each; the ratios are of the fastest run of each side."""
    if not (src / "saraban" / "cli.py").is_file():
        raise SystemExit(f"--baseline {src}: not a src folder with saraban in it")
    os.environ["SARABAN_START_METHOD"] = "fork"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")   # the same dates in both: comparable bytes
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        run(["sample-data", "-o", str(data)])
        wall: dict[str, list[float]] = {"old": [], "new": []}
        cpu: dict[str, list[float]] = {"old": [], "new": []}
        books: dict[str, str] = {}
        sizes: dict[str, int] = {}
        for n in range(1, rounds + 1):
            line = []
            for side in ("old", "new"):
                out = Path(tmp) / f"out-{side}"
                seconds, cpu_s, _ = measure(["booklet", "--data", str(data), "--all", "-o", str(out), "--jobs", str(jobs),
                                             "--no-progress"], str(src) if side == "old" else None)
                wall[side].append(seconds)
                cpu[side].append(cpu_s)
                manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
                books[side] = booklets_of(manifest)
                sizes[side] = sum(p.stat().st_size for p in out.glob("*.pdf"))
                pages = sum(b["pages"] for b in manifest["booklets"])
                line.append(f"{side} {seconds:.2f} s wall, {cpu_s:.2f} s CPU, {sizes[side] / 1e6:.2f} MB")
            print(f"round {n} (--jobs {jobs}, {pages} pages): " + "; ".join(line), flush=True)
        print(f"fastest: old {min(wall['old']):.2f} s wall, {min(cpu['old']):.2f} s CPU; "
              f"new {min(wall['new']):.2f} s wall, {min(cpu['new']):.2f} s CPU")
        print(f"new / old: wall x{min(wall['new']) / min(wall['old']):.2f}, "
              f"CPU x{min(cpu['new']) / min(cpu['old']):.2f}, size x{sizes['new'] / sizes['old']:.2f} "
              f"(issue 14's targets against the commit before tagged PDF: time <= 1.15, size <= 1.25)")
        print(f"same booklets (SHA-256 of every file): {books['old'] == books['new']}")


def compare_tags(jobs: int, repeat: int) -> None:
    """The national booklet run untagged (``--untagged``) and tagged, in turn, each in a fresh
    process; the ratios are of the fastest run of each (the machine's other load only ever adds
    time).  Targets: within 15 % of the time and 25 % of the size."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        run(["sample-data", "-o", str(data)])
        best: dict[bool, float] = {}
        size: dict[bool, int] = {}
        for n in range(1, repeat + 1):
            line = []
            for tagged in (False, True):
                out = Path(tmp) / f"out-{tagged}"
                seconds, _ = run(["booklet", "--data", str(data), "--all", "-o", str(out), "--jobs", str(jobs),
                                  "--no-progress"] + ([] if tagged else ["--untagged"]))
                best[tagged] = min(best.get(tagged, seconds), seconds)
                size[tagged] = sum(p.stat().st_size for p in out.glob("*.pdf"))
                line.append(f"{'tagged' if tagged else 'untagged'} {seconds:.2f} s {size[tagged] / 1e6:.2f} MB")
            print(f"run {n} (--jobs {jobs}): " + "; ".join(line))
        print(f"tagged/untagged (fastest of {repeat} each): time x{best[True] / best[False]:.2f} (target <= 1.15), "
              f"size x{size[True] / size[False]:.2f} (target <= 1.25)")


if __name__ == "__main__":
    main()
