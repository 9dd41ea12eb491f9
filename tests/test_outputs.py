"""Output sets (saraban.outputs): a folder holds exactly the old set or exactly the new one, the
user's own files stop a run, names that cannot be written everywhere are refused before anything
is written, and files get the umask's permissions."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from saraban.errors import InputError
from saraban.outputs import MARKER_NAME, OutputSet, clean_stale, write_file


def write_set(target: Path, files: dict[str, bytes], **kw) -> None:
    with OutputSet(target, **kw) as out:
        out.check_names(files)
        for name, data in files.items():
            out.write_bytes(name, data)


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name != MARKER_NAME}


def hidden_siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith("."))


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    old = os.umask(0o022)
    os.umask(old)
    yield set_mask
    os.umask(old)


def test_a_new_folder_gets_the_set_and_a_marker(tmp_path):
    target = tmp_path / "out" / "letters"
    write_set(target, {"a.pdf": b"A", "b.pdf": b"B"}, what="letters folder")
    assert listing(target) == {"a.pdf": b"A", "b.pdf": b"B"}
    marker = json.loads((target / MARKER_NAME).read_text(encoding="utf-8"))
    assert marker == {"tool": "saraban", "what": "letters folder", "files": ["a.pdf", "b.pdf"]}
    assert hidden_siblings(target) == []   # no staging folder left


def test_a_second_run_replaces_the_whole_set(tmp_path):
    target = tmp_path / "out"
    write_set(target, {"TH-50.pdf": b"1", "TH-30.pdf": b"1", "TH-90.pdf": b"1"})
    write_set(target, {"TH-50.pdf": b"2", "TH-30.pdf": b"2"})
    assert listing(target) == {"TH-50.pdf": b"2", "TH-30.pdf": b"2"}  # the third letter is gone
    assert hidden_siblings(target) == []


def test_an_empty_or_litter_only_folder_is_accepted(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / ".DS_Store").write_bytes(b"x")
    write_set(target, {"a.pdf": b"A"})
    assert listing(target) == {"a.pdf": b"A"}


def test_the_users_files_stop_the_run_before_anything_is_written(tmp_path):
    target = tmp_path / "out"
    write_set(target, {"a.pdf": b"old"})
    (target / "budget.xlsx").write_bytes(b"mine")
    (target / "notes").mkdir()
    with pytest.raises(InputError) as err:
        write_set(target, {"a.pdf": b"new"})
    message = str(err.value)
    assert "budget.xlsx" in message and "notes/" in message and str(target) in message
    assert (target / "budget.xlsx").read_bytes() == b"mine" and (target / "a.pdf").read_bytes() == b"old"
    assert (target / "notes").is_dir()
    assert hidden_siblings(target) == []


def test_an_old_unmarked_folder_of_the_same_names_is_replaced(tmp_path):
    """A folder written before the marker existed: accepted when it holds only names the new set
    writes again, refused when it holds others."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "a.pdf").write_bytes(b"old")
    write_set(target, {"a.pdf": b"new", "b.pdf": b"new"})
    assert listing(target) == {"a.pdf": b"new", "b.pdf": b"new"}
    other = tmp_path / "other"
    other.mkdir()
    (other / "c.pdf").write_bytes(b"old")
    with pytest.raises(InputError, match="c.pdf"):
        write_set(other, {"a.pdf": b"new"})


def test_a_set_of_another_kind_is_not_replaced(tmp_path):
    """`booklet -o` into the folder of a merge would have deleted the letters (the marker listed
    them all as saraban's): a set is replaced only by a set of its own kind."""
    target = tmp_path / "out"
    write_set(target, {"TH-50.pdf": b"letter"}, what="letters folder")
    with pytest.raises(InputError, match="holds a letters folder that saraban wrote; a booklet folder"):
        write_set(target, {"TH-50.pdf": b"booklet"}, what="booklet folder")
    assert listing(target) == {"TH-50.pdf": b"letter"} and hidden_siblings(target) == []
    write_set(target, {"TH-30.pdf": b"letter"}, what="letters folder")
    assert listing(target) == {"TH-30.pdf": b"letter"}


def test_a_folder_under_a_name_about_to_be_written_is_the_users(tmp_path):
    """A sub-folder is never part of a set, even when it has the name of a file of the set (a
    merge into a folder where someone made a folder TH-30.pdf): it stops the run."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "b.pdf").mkdir()
    (target / "b.pdf" / "scan.jpg").write_bytes(b"mine")
    with pytest.raises(InputError, match=r"b\.pdf/"):
        write_set(target, {"a.pdf": b"new", "b.pdf": b"new"})
    assert (target / "b.pdf" / "scan.jpg").read_bytes() == b"mine"
    assert sorted(p.name for p in target.iterdir()) == ["b.pdf"] and hidden_siblings(target) == []


@pytest.mark.parametrize("name, words", [
    ("ผ" * 84 + ".pdf", "256 bytes"),          # 84 Thai letters + ".pdf" = 256 bytes
    ("CON.pdf", "CON, a name Windows reserves"),
    ("nul", "NUL, a name Windows reserves"),
    ("com1.tar.gz", "COM1"),
    ("a:b.pdf", "':'"),
    ("tab\there.pdf", "U+0009"),
    ("dot.", "ends in a space or a dot"),
    ("", "is empty"),
])
def test_names_that_cannot_be_written_everywhere(tmp_path, name, words):
    target = tmp_path / "out"
    with pytest.raises(InputError) as err:
        write_set(target, {"ok.pdf": b"x", name: b"y"})
    assert words in str(err.value)
    assert not target.exists() and hidden_siblings(target) == []


def test_85_thai_letters_fit(tmp_path):
    name = "ผ" * 83 + ".pdf"   # 253 bytes
    write_set(tmp_path / "out", {name: b"x"})
    assert (tmp_path / "out" / name).read_bytes() == b"x"


def test_names_equal_when_case_is_ignored(tmp_path):
    with pytest.raises(InputError) as err:
        write_set(tmp_path / "out", {"TH-50.pdf": b"x", "th-50.pdf": b"y"})
    assert "'TH-50.pdf' and 'th-50.pdf' are one file" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_a_target_that_is_a_file(tmp_path):
    target = tmp_path / "out"
    target.write_bytes(b"a file")
    with pytest.raises(InputError, match="existing file, but a letters folder is needed"):
        write_set(target, {"a.pdf": b"x"}, what="letters folder")
    assert target.read_bytes() == b"a file"
    (tmp_path / "f").write_bytes(b"")
    with pytest.raises(InputError, match="is a file"):
        write_set(tmp_path / "f" / "sub", {"a.pdf": b"x"})


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_an_error_inside_leaves_the_old_set(tmp_path, error):
    target = tmp_path / "out"
    write_set(target, {"a.pdf": b"old", "b.pdf": b"old"})
    with pytest.raises(error):
        with OutputSet(target) as out:
            out.check_names(["a.pdf", "b.pdf"])
            out.write_bytes("a.pdf", b"new")
            raise error()
    assert listing(target) == {"a.pdf": b"old", "b.pdf": b"old"}
    assert hidden_siblings(target) == []


def test_files_and_folders_follow_the_umask(tmp_path, umask):
    umask(0o002)   # a shared drive: the group may write
    write_set(tmp_path / "out", {"a.pdf": b"x"})
    write_file(tmp_path / "one.pdf", b"x")
    assert stat.S_IMODE((tmp_path / "out" / "a.pdf").stat().st_mode) == 0o664
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o775
    assert stat.S_IMODE((tmp_path / "one.pdf").stat().st_mode) == 0o664
    umask(0o077)
    write_set(tmp_path / "private", {"a.pdf": b"x"})
    assert stat.S_IMODE((tmp_path / "private" / "a.pdf").stat().st_mode) == 0o600
    os.chmod(tmp_path / "out", 0o750)   # a replaced folder keeps its own permissions
    write_set(tmp_path / "out", {"a.pdf": b"y"})
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o750


def test_write_file(tmp_path):
    path = tmp_path / "sub" / "letter.pdf"
    write_file(path, b"one")
    write_file(path, b"two")
    assert path.read_bytes() == b"two"
    assert sorted(p.name for p in path.parent.iterdir()) == ["letter.pdf"]
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(InputError, match="existing folder, but a file is needed"):
        write_file(tmp_path / "folder.pdf", b"x")
    with pytest.raises(InputError, match="Windows reserves"):
        write_file(tmp_path / "aux.pdf", b"x")


def test_staged_file_follows_the_umask_and_leaves_nothing_on_an_error(tmp_path, umask):
    from saraban.outputs import staged_file

    umask(0o002)
    path = tmp_path / "report.txt"
    with staged_file(path) as tmp:
        assert tmp.parent == tmp_path and tmp.name.endswith(".part")
        tmp.write_text("one")
    assert path.read_text() == "one" and stat.S_IMODE(path.stat().st_mode) == 0o664
    with pytest.raises(ZeroDivisionError):
        with staged_file(path) as tmp:
            tmp.write_text("two")
            1 / 0
    assert path.read_text() == "one" and sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]
    with pytest.raises(InputError, match="existing folder"):
        with staged_file(tmp_path):
            pass


def test_readers_see_the_old_set_or_the_new_one_never_a_mix(tmp_path):
    """A reader opens the folder and reads every file through that handle, over and over, while
    the set is replaced 40 times: each snapshot holds one version only (files of an old set may
    vanish while it is read: the old set is deleted after the swap), and the folder never
    disappears."""
    target = tmp_path / "out"
    names = [f"TH-{i:02d}.pdf" for i in range(20)]
    write_set(target, {n: b"0" for n in names})
    seen: list[set[bytes]] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                fd = os.open(target, os.O_RDONLY)
            except FileNotFoundError:
                seen.append({b"missing"})
                continue
            try:
                contents = set()
                for name in names:
                    try:
                        with open(os.open(name, os.O_RDONLY, dir_fd=fd), "rb") as f:
                            contents.add(f.read())
                    except FileNotFoundError:
                        pass
                seen.append(contents)
            finally:
                os.close(fd)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for version in range(1, 41):
            write_set(target, {n: str(version).encode() for n in names})
    finally:
        stop.set()
        thread.join()
    assert {b"missing"} not in seen
    assert all(len(s) <= 1 for s in seen)
    assert sum(len(s) == 1 for s in seen) > len(seen) / 2
    assert len({v for s in seen for v in s}) > 2   # the reader did see several versions


HOLDER = textwrap.dedent("""
    import sys, time
    from saraban.outputs import OutputSet
    out = OutputSet(sys.argv[1]).__enter__()
    out.write_bytes("a.pdf", b"half")
    print(out.staging, flush=True)
    time.sleep(60)
""")


def _holder(target: Path) -> tuple[subprocess.Popen, Path]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(target)], stdout=subprocess.PIPE, text=True)
    staging = Path(proc.stdout.readline().strip())
    assert staging.is_dir() and staging.parent == target.parent and staging.name.startswith(".")
    return proc, staging


def test_a_killed_run_leaves_a_staging_folder_that_the_next_run_removes(tmp_path):
    target = tmp_path / "out"
    write_set(target, {"a.pdf": b"old"})
    proc, staging = _holder(target)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert listing(target) == {"a.pdf": b"old"}   # the old set, whole
    assert staging.exists()
    write_set(target, {"a.pdf": b"new"})
    assert not staging.exists() and hidden_siblings(target) == []
    assert listing(target) == {"a.pdf": b"new"}


def test_a_running_writers_staging_folder_is_left_alone(tmp_path):
    target = tmp_path / "out"
    proc, staging = _holder(target)
    try:
        clean_stale(target)
        write_set(target, {"b.pdf": b"mine"})
        assert staging.is_dir() and (staging / "a.pdf").read_bytes() == b"half"
    finally:
        proc.kill()
        proc.wait()
    clean_stale(target)
    assert not staging.exists()


def test_every_command_follows_the_umask(tmp_path, umask):
    """`thai render`, `sample-data`, `booklet` and `publish` write through the same staged files
    and sets as letters (the first three used ``mkstemp``, whose 0600 locked colleagues out)."""
    from saraban.cli import main

    umask(0o002)
    (tmp_path / "t.txt").write_text("สวัสดีครับ\n", encoding="utf-8")
    assert main(["thai", "render", str(tmp_path / "t.txt"), "-o", str(tmp_path / "t.pdf")]) == 0
    assert main(["sample-data", "-o", str(tmp_path / "sample"), "--provinces", "TH-50", "--scale", "0.1"]) == 0
    assert main(["booklet", "--data", str(tmp_path / "sample"), "--province", "TH-50", "--no-progress",
                 "-o", str(tmp_path / "booklets")]) == 0
    assert main(["publish", str(tmp_path / "booklets"), "-o", str(tmp_path / "site")]) == 0
    written = [tmp_path / "t.pdf", *sorted((tmp_path / "sample").iterdir()),
               *sorted(p for p in (tmp_path / "booklets").iterdir()), tmp_path / "site" / "index.html"]
    assert len(written) == 5 + 5 + 1      # 2 booklets, manifest, report, marker
    for folder in ("booklets", "site"):
        assert oct(stat.S_IMODE((tmp_path / folder).stat().st_mode)) == "0o775"
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {p.name: "0o664" for p in written}
    assert not list(tmp_path.rglob("*.part"))


def test_o_naming_a_file_where_a_folder_is_needed_and_the_reverse(tmp_path, capsys):
    """Every command refuses an -o of the wrong kind with one message, before anything is written
    (a merge into a file was a FileExistsError; a folder named like the PDF an IsADirectoryError)."""
    import shutil

    from saraban.cli import main

    from helpers import EXAMPLE_LETTER, letter_variant

    (tmp_path / "a.pdf").write_bytes(b"a file")
    (tmp_path / "folder.pdf").mkdir()
    (tmp_path / "t.txt").write_text("สวัสดี\n", encoding="utf-8")
    single = letter_variant(tmp_path)
    merge = tmp_path / "merge" / "letter.toml"
    shutil.copytree(EXAMPLE_LETTER.parent, merge.parent)
    shutil.copy(EXAMPLE_LETTER.parents[2] / "data" / "provinces.csv", merge.parent)
    merge.write_text(merge.read_text(encoding="utf-8").replace("../../data/provinces.csv", "provinces.csv"),
                     encoding="utf-8")
    assert main(["sample-data", "-o", str(tmp_path / "d"), "--provinces", "TH-83", "--scale", "0.1"]) == 0
    assert main(["booklet", "--data", str(tmp_path / "d"), "--province", "TH-83", "--no-national",
                 "--no-progress", "-o", str(tmp_path / "b")]) == 0
    capsys.readouterr()
    cases = [
        (["letter", str(merge), "-o", str(tmp_path / "a.pdf")], "give a folder"),
        (["letter", str(single), "-o", str(tmp_path / "folder.pdf")], "existing folder, but a file is needed"),
        (["booklet", "--data", str(tmp_path / "d"), "--province", "TH-83", "-o", str(tmp_path / "a.pdf")],
         "existing file, but a booklet folder is needed"),
        (["publish", str(tmp_path / "b"), "-o", str(tmp_path / "a.pdf")], "existing file"),
        (["thai", "render", str(tmp_path / "t.txt"), "-o", str(tmp_path / "folder.pdf")],
         "existing folder, but a file is needed"),
        (["letter", str(single), "-o", str(tmp_path / "a.pdf" / "x.pdf")], "is a file"),
    ]
    for args, words in cases:
        assert main(args) == 1, args
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err, (args, err)
        assert err.count("\n") == 1, err
    assert (tmp_path / "a.pdf").read_bytes() == b"a file" and list((tmp_path / "folder.pdf").iterdir()) == []
    assert not list(tmp_path.glob(".*"))


def test_a_merge_of_3_rows_then_2_leaves_no_letter_of_the_first(tmp_path, capsys):
    """Issue 10: the third letter of a 3-row merge stayed beside a later 2-row merge's letters, in
    a folder that looked complete.  The folder is the set: PDF and Word files of the first run go."""
    import shutil

    from saraban.cli import main

    from helpers import EXAMPLE_LETTER

    folder = tmp_path / "letter"
    shutil.copytree(EXAMPLE_LETTER.parent, folder)
    spec = folder / "letter.toml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("../../data/provinces.csv", "rows.csv"), encoding="utf-8")
    out = tmp_path / "out"
    for rows in (("TH-50,เชียงใหม่", "TH-30,นครราชสีมา", "TH-90,สงขลา"), ("TH-50,เชียงใหม่", "TH-30,นครราชสีมา")):
        (folder / "rows.csv").write_text("code,name_th\n" + "\n".join(rows) + "\n", encoding="utf-8")
        assert main(["letter", str(spec), "-o", str(out), "--format", "both", "--no-progress"]) == 0, \
            capsys.readouterr().err
        marker = json.loads((out / MARKER_NAME).read_text(encoding="utf-8"))
        assert sorted(p.name for p in out.iterdir() if p.name != MARKER_NAME) == marker["files"]
    names = sorted(p.name for p in out.iterdir())
    assert "TH-90.pdf" not in names and "TH-90.docx" not in names
    assert {"TH-50.pdf", "TH-30.pdf", "TH-50.docx", "TH-30.docx", "combined.pdf"} <= set(names)
    assert hidden_siblings(out) == []
