"""Interrupted runs (issue 10): a 76-letter merge and a `booklet --all --jobs 2` run are killed
(SIGKILL), interrupted (SIGINT, as Ctrl-C) or terminated (SIGTERM) at several points of the real command; the output
folder must then hold exactly the old set or exactly the new one, nothing half-written may be left
in it, no process of the run may be left behind, and Ctrl-C must end with one line and status 130.

The points are found by watching the run, not by timing: while it composes (before any file is
staged), while its staging folder fills, and just after the swap.  Staging 80 files takes a few
milliseconds, too short to stop a run in by watching it, so the command runs with each staged file
and the removal of the replaced set slowed down (:data:`SLOW_WRITES`); everything else is the
real command."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from saraban.outputs import MARKER_NAME

from helpers import EXAMPLE_LETTER

SRC = Path(__file__).parents[1] / "src"
#: Longest a run may take here before the test gives up (the machine is shared).
RUN_TIMEOUT = 240


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of ``folder`` (marker included) with the SHA-256 of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def hidden_beside(folder: Path) -> list[Path]:
    return sorted(p for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}"))


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, waiting to be reaped, has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


#: The command, with each staged file written 20 ms late and the replaced set removed 1 s late.
SLOW_WRITES = """
import sys, time
import saraban.outputs as o
write, remove = o._write, o._remove
o._write = lambda path, data: (time.sleep(0.02), write(path, data))[1]
o._remove = lambda path: (time.sleep(1.0), remove(path))[1]
from saraban.cli import run
sys.argv[0] = "saraban"
run()
"""


def start(args: list[str], cwd: Path, slow: bool = False) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = ["-c", SLOW_WRITES, *args] if slow else ["-m", "saraban", *args]
    # a session of its own: Ctrl-C goes to the run's whole process group, as a terminal sends it
    return subprocess.Popen([sys.executable, *command], cwd=cwd, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(proc: subprocess.Popen, condition, what: str) -> None:
    deadline = time.monotonic() + RUN_TIMEOUT
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the run ended (status {proc.returncode}) before {what}: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"no {what} after {RUN_TIMEOUT} s")
        time.sleep(0.002)


def staging_of(target: Path) -> list[Path]:
    return [p for p in hidden_beside(target) if ".saraban-new." in p.name]


def staged_files(target: Path) -> int:
    total = 0
    for folder in staging_of(target):
        try:
            total += sum(1 for _ in folder.iterdir())
        except OSError:
            pass
    return total


#: moment → the condition that says the run has reached it
def points(target: Path, expected: int, proc_holder: list):
    return {
        "composing": lambda: bool(children_seen(proc_holder)) or time.monotonic() - proc_holder[1] > 2.5,
        "staging half full": lambda: staged_files(target) >= expected // 2,
        "swapped": lambda: (target / MARKER_NAME).exists() and snapshot_changed(target, proc_holder),
    }


def children_seen(holder) -> bool:
    return len(holder[2]) >= holder[3]


def snapshot_changed(target: Path, holder) -> bool:
    try:
        return snapshot(target) != holder[4]
    except OSError:
        return False


def interrupt(args: list[str], cwd: Path, target: Path, point: str, sig: int, expected: int,
              workers: int = 0, old: dict | None = None) -> tuple[subprocess.Popen, set[int], str]:
    """Run ``args``, deliver ``sig`` at ``point``; return the process, every child it had, stderr."""
    proc = start(args, cwd, slow=True)
    holder = [proc, time.monotonic(), set(), workers, old]

    def reached() -> bool:
        holder[2] |= children(proc.pid)
        return points(target, expected, holder)[point]()

    if point == "composing" and workers == 0:
        # before any file is staged: the letters are being laid out
        wait_for(proc, lambda: time.monotonic() - holder[1] > 2.0 and not staging_of(target), point)
    else:
        wait_for(proc, reached, point)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)     # Ctrl-C: the whole group (the workers ignore it)
    else:
        proc.send_signal(sig)        # kill PID: only the command, not its workers
    _, err = proc.communicate(timeout=RUN_TIMEOUT)
    holder[2] |= children(proc.pid)
    return proc, holder[2], err


#: Signals a command handles: its exit status and the one line it prints.
STOPPED = {signal.SIGINT: (130, "saraban: interrupted (no output is left half-written)"),
           signal.SIGTERM: (143, "saraban: terminated (no output is left half-written)")}


def assert_nothing_left(target: Path, old: dict, new: dict, sig: int, proc, kids: set[int], err: str,
                        rerun) -> None:
    now = snapshot(target)
    assert now in (old, new), "the folder holds a mix of two runs"
    assert not [n for n in now if n.endswith(".part") or ".saraban-new" in n or ".saraban-old" in n]
    deadline = time.monotonic() + 10
    while any(alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [k for k in kids if alive(k)], "a process of the killed run is still running"
    if sig in STOPPED:
        status, line = STOPPED[sig]
        if now == new:       # Ctrl-C after the swap: the run had finished
            assert proc.returncode in (0, status)
        else:
            assert proc.returncode == status
        if proc.returncode == status:
            assert err.strip().splitlines() == [line]
        assert hidden_beside(target) == []       # Ctrl-C and SIGTERM clean up after themselves
    else:
        assert proc.returncode == -signal.SIGKILL
        # a SIGKILL may leave the hidden staging folder (or the old set after the swap) beside the
        # target; the next run into the folder removes it (run once per command: a full run)
        assert all(".saraban-new." in p.name or ".saraban-old." in p.name for p in hidden_beside(target))
        if rerun is not None:
            rerun()
            assert snapshot(target) == new and hidden_beside(target) == []


# -- the merge ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def merge_sets(tmp_path_factory):
    """The bundled 76-letter merge (new) and a 75-letter merge of other bytes (old), each built
    once into its own folder for reference."""
    root = tmp_path_factory.mktemp("merge")
    folder = root / "letter"
    shutil.copytree(EXAMPLE_LETTER.parent, folder)
    (root / "data").mkdir()
    shutil.copy(EXAMPLE_LETTER.parents[2] / "data" / "provinces.csv", root / "data")
    spec = (folder / "letter.toml").read_text(encoding="utf-8").replace("../../data/", "../data/")
    (folder / "new.toml").write_text(spec, encoding="utf-8")
    (folder / "old.toml").write_text(spec.replace("code != 'TH-10'", "code != 'TH-10' and code != 'TH-50'")
                                     .replace("date = 2021-11-25", "date = 2021-11-24"), encoding="utf-8")
    sets = {}
    for which in ("old", "new"):
        proc = start(["letter", f"letter/{which}.toml", "-o", f"ref-{which}"], root)
        assert proc.wait(timeout=RUN_TIMEOUT) == 0, proc.stderr.read()
        sets[which] = snapshot(root / f"ref-{which}")
    assert len(sets["new"]) == 76 + 4 and len(sets["old"]) == 75 + 4   # combined, list, circular, marker
    assert "TH-50.pdf" in sets["new"] and "TH-50.pdf" not in sets["old"]
    return root, sets


@pytest.mark.parametrize("sig, point", [
    (signal.SIGKILL, "composing"), (signal.SIGKILL, "staging half full"), (signal.SIGKILL, "swapped"),
    (signal.SIGINT, "composing"), (signal.SIGINT, "staging half full"), (signal.SIGTERM, "staging half full"),
])
def test_an_interrupted_merge_leaves_the_old_set_or_the_new_one(merge_sets, sig, point):
    root, sets = merge_sets
    target = root / f"out-{sig}-{point.replace(' ', '-')}"
    shutil.copytree(root / "ref-old", target)
    args = ["letter", "letter/new.toml", "-o", target.name]
    proc, kids, err = interrupt(args, root, target, point, sig, expected=len(sets["new"]), old=sets["old"])
    now = snapshot(target)
    if point == "composing":
        assert now == sets["old"]
    elif point == "swapped":
        assert now == sets["new"]

    def rerun():
        again = start(args, root)
        assert again.wait(timeout=RUN_TIMEOUT) == 0, again.stderr.read()

    assert_nothing_left(target, sets["old"], sets["new"], sig, proc, kids, err,
                        rerun if point == "staging half full" else None)


# -- booklet --all --jobs 2 ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def booklet_sets(tmp_path_factory):
    """Booklets of every province from two synthetic datasets (a fifth of the real LAO counts,
    to keep the runs short), each built once for reference."""
    root = tmp_path_factory.mktemp("booklets")
    sets = {}
    for which, seed in (("old", 1), ("new", 2)):
        proc = start(["sample-data", "-o", f"data-{which}", "--seed", str(seed), "--scale", "0.2"], root)
        assert proc.wait(timeout=RUN_TIMEOUT) == 0, proc.stderr.read()
        proc = start(["booklet", "--data", f"data-{which}", "--all", "--jobs", "2", "--no-progress",
                      "-o", f"ref-{which}"], root)
        assert proc.wait(timeout=RUN_TIMEOUT) == 0, proc.stderr.read()
        sets[which] = snapshot(root / f"ref-{which}")
    assert len(sets["new"]) == 77 + 3 and sets["new"] != sets["old"]   # manifest, report, marker
    return root, sets


@pytest.mark.parametrize("sig, point", [
    (signal.SIGKILL, "composing"), (signal.SIGKILL, "staging half full"), (signal.SIGKILL, "swapped"),
    (signal.SIGINT, "composing"), (signal.SIGTERM, "composing"),
])
def test_an_interrupted_booklet_run_leaves_the_old_set_or_the_new_one(booklet_sets, sig, point):
    root, sets = booklet_sets
    target = root / f"out-{sig}-{point.replace(' ', '-')}"
    shutil.copytree(root / "ref-old", target)
    args = ["booklet", "--data", "data-new", "--all", "--jobs", "2", "--no-progress", "-o", target.name]
    proc, kids, err = interrupt(args, root, target, point, sig, expected=len(sets["new"]), workers=2,
                                old=sets["old"])
    if point == "composing":
        assert len(kids) >= 2          # the workers were running when the command was stopped
        assert snapshot(target) == sets["old"]

    def rerun():
        again = start(args, root)
        assert again.wait(timeout=RUN_TIMEOUT) == 0, again.stderr.read()

    assert_nothing_left(target, sets["old"], sets["new"], sig, proc, kids, err,
                        rerun if point == "staging half full" else None)


def test_a_sigterm_while_the_workers_start_stops_the_run_cleanly(monkeypatch):
    """A SIGTERM arriving inside the pool's submit() (CI caught it once) left a pool that could not
    be shut down: exit 1 with "cannot join thread before it is started" instead of status 143.
    The signal is now held back until the pool is whole, then stops the run."""
    import threading
    from concurrent.futures import ProcessPoolExecutor

    from saraban.cli import Terminated, _terminate
    from saraban.reports import build
    from saraban.reports.load import load_definition

    real_submit = ProcessPoolExecutor.submit
    started: list[ProcessPoolExecutor] = []

    workers: dict = {}

    def submit_after_a_sigterm(self, *args, **kwargs):
        if not started:
            started.append(self)
            os.kill(os.getpid(), signal.SIGTERM)
        future = real_submit(self, *args, **kwargs)
        workers.update(getattr(self, "_processes", None) or {})
        return future

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit_after_a_sigterm)
    # another thread that does not block the signal (the kernel may give it the SIGTERM)
    threading.Thread(target=threading.Event().wait, args=(5,), daemon=True).start()
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        with pytest.raises(Terminated):
            build._start_pool(2, load_definition())
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert workers and not any(w.is_alive() for w in workers.values())
