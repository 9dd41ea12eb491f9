"""Output sets written as a whole or not at all (public).

A command that writes several files (a merge's letters, the booklets of every province) writes
them as one *output set*::

    with OutputSet(folder, what="letters folder") as out:
        out.check_names(names)            # every name known and checked before anything is written
        for name, data in files:
            out.write_bytes(name, data)
    # here the folder holds exactly the new set

The files go to a *staging folder*, a hidden sibling of the target (``.out.saraban-new.…``), and
the staging folder is swapped with the target when the ``with`` block ends without an error.  On
Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call, so a reader sees the old set or the new
one and never a mix, and a process killed at any instant (even by SIGKILL) leaves the target
holding exactly the old set or exactly the new one.  An error or Ctrl-C inside the block removes
the staging folder; a SIGKILL can leave it behind, and the next run into the same target removes
it (a lock on the staging folder, released by the kernel when its process dies, tells a stale
staging folder from one still in use).  Elsewhere the swap is two renames (target aside, staging
into place), and a stale set put aside is put back by the next run if the target is missing.

**The user's files are protected.**  A finished set holds a marker file, ``.saraban-output``,
listing the files saraban wrote.  A target folder may be replaced only if everything in it is
either listed in its marker, or one of the names about to be written (an older set made before
the marker existed), or operating-system litter (``.DS_Store``, ``Thumbs.db``, ``desktop.ini``).
Anything else — a spreadsheet saved into the output folder, a sub-folder — stops the run with an
error that names it, before anything is written.  Files of an earlier run that the new set does not
contain (a merge of 3 rows, then of 2) disappear with the old set: that is the point.

:func:`write_file` writes one file the same way: a hidden temporary file beside it, then a rename.
Every file and folder is created with the permissions the umask gives (``mkstemp``'s 0600 would
lock colleagues on a shared drive out); a replaced folder keeps its own permissions.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import shutil
import signal
import stat
import sys
import threading
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from .errors import InputError, Location

#: The marker file of a finished output set: JSON with the tool, what the set is and its files.
MARKER_NAME = ".saraban-output"

#: Longest file name, in bytes of UTF-8: the limit of ext4, XFS, Btrfs, APFS and NTFS (255 UTF-16
#: units there, which 255 bytes never exceed). Thai letters take 3 bytes each: 85 of them.
NAME_MAX_BYTES = 255

#: Names Windows reserves for devices, with or without an extension ("CON.pdf" is the console).
WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"COM{i}" for i in "123456789¹²³"] + [f"LPT{i}" for i in "123456789¹²³"])

#: Characters Windows does not allow in file names (and "/" nowhere): a set copied to a shared
#: drive or a colleague's laptop must keep every file.
WINDOWS_INVALID = frozenset('<>:"/\\|?*') | frozenset(chr(c) for c in range(32))

#: Files the operating system drops into folders by itself; they do not make a folder the user's.
OS_LITTER = frozenset([".DS_Store", "Thumbs.db", "desktop.ini", ".directory"])

#: Staging and put-aside folders: ``.<target>`` + one of these + ``.<random>``.
_STAGING_TAG = ".saraban-new"
_ASIDE_TAG = ".saraban-old"
_PART_TAG = ".part"

_RENAME_EXCHANGE = 2


def _display(path: Path) -> str:
    return str(path)


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a file name on Linux, Windows and macOS alike, or None."""
    if not name or name in (".", ".."):
        return "is empty" if not name else "is not a file name"
    size = len(name.encode("utf-8"))
    if size > NAME_MAX_BYTES:
        return (f"is {size} bytes long in UTF-8 (a Thai letter takes 3); file systems allow "
                f"{NAME_MAX_BYTES} — shorten it")
    bad = sorted({c for c in name if c in WINDOWS_INVALID})
    if bad:
        shown = ", ".join(repr(c) if c.isprintable() else f"U+{ord(c):04X}" for c in bad)
        return f"contains {shown}, which Windows does not allow in file names"
    if name[-1] in " .":
        return "ends in a space or a dot, which Windows drops"
    stem = name.split(".", 1)[0].rstrip(" ").upper()
    if stem in WINDOWS_RESERVED:
        return f"is {stem}, a name Windows reserves for a device"
    return None


def fold_name(name: str) -> str:
    """The form under which Windows and macOS see two names as one file."""
    return unicodedata.normalize("NFC", name).casefold()


def _short_prefix(name: str) -> str:
    """``.<name>`` when a tag and a random part still fit in a name, else a digest of it."""
    if len(name.encode("utf-8")) + 40 <= NAME_MAX_BYTES:
        return f".{name}"
    return ".saraban-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


def _try_lock(fd: int) -> bool:
    """An exclusive, non-blocking lock on ``fd``: True if taken (or if locks are unavailable)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        return True
    return True


def _is_stale(path: Path) -> bool:
    """True if no living process holds the lock on ``path`` (a file or a folder)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return _try_lock(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # pragma: no cover - glibc < 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # pragma: no cover - old kernel, odd fs
        return False
    raise OSError(err, os.strerror(err), str(b))


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold back Ctrl-C (and SIGTERM) while a swap or a clean-up runs; deliver it afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    saved = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            saved[sig] = signal.signal(sig, lambda s, _f: got.append(s))
        except (ValueError, OSError):  # pragma: no cover
            pass
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        if got:
            signal.raise_signal(got[0])


def _check_parents(path: Path, thing: str) -> None:
    """Refuse a ``path`` whose nearest existing parent is a file (mkdir would fail half-way)."""
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"{_display(parent)} is a file, so the {thing} cannot be made in it",
                                 Location(_display(path)))
            return


def _output_error(exc: OSError, path: Path) -> InputError:
    reason = exc.strerror or str(exc)
    return InputError(f"cannot write: {reason}", Location(_display(path)))


class OutputSet:
    """A folder of output files written as a whole or not at all (see the module docstring).

    ``target``: the folder; ``what``: how messages call it ("letters folder", "booklet folder").
    """

    def __init__(self, target: Path | str, *, what: str = "output"):
        self.target = Path(target)
        self.what = what
        self.staging: Path | None = None
        self._names: dict[str, str] = {}     # folded name → name written
        self._fd: int | None = None
        self._checked = False

    # -- checks -------------------------------------------------------------------------------
    def check_names(self, names: Iterable[str], *, sources: Mapping[str, Location] | None = None) -> None:
        """Refuse, before anything is written, names that cannot be written everywhere: too long,
        reserved by Windows, with characters Windows forbids, equal to another when case is
        ignored; and a target that is a file or holds files saraban did not write.  ``sources``
        may say where each name came from (the data row), for the message."""
        names = list(names)
        sources = sources or {}
        seen: dict[str, str] = {}
        for name in names:
            where = sources.get(name)
            problem = name_problem(name)
            if problem is None and name == MARKER_NAME:
                problem = "is the name of saraban's marker file"
            if problem:
                raise InputError(f"the output file name {name!r} {problem}",
                                 where or Location(_display(self.target)))
            key = fold_name(name)
            if key in seen:
                first = seen[key]
                detail = ("the same name twice" if first == name
                          else f"{first!r} and {name!r} are one file on Windows and macOS, where case is ignored")
                raise InputError(f"two output files would have one name: {detail}",
                                 where or Location(_display(self.target)))
            seen[key] = name
        self._check_target(set(names))
        self._checked = True

    def _check_target(self, names: set[str]) -> None:
        target = self.target
        if target.exists() and not target.is_dir():
            raise InputError(f"-o names an existing file, but a {self.what} is needed: give a folder "
                             "(a new or empty one, or one saraban wrote)", Location(_display(target)))
        _check_parents(target, self.what)
        if not target.is_dir():
            return
        owned = set(names) | {MARKER_NAME}
        marker = target / MARKER_NAME
        if marker.is_file():
            written = {}
            with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
                written = json.loads(marker.read_text(encoding="utf-8"))
                owned |= set(written.get("files", []))
            other = written.get("what") if isinstance(written, dict) else None
            if isinstance(other, str) and other != self.what and any(
                    p.name not in (MARKER_NAME, *OS_LITTER) for p in target.iterdir()):
                raise InputError(f"the folder holds a {other} that saraban wrote; a {self.what} would "
                                 "replace it — choose another folder", Location(_display(target)))
        # a folder inside is never saraban's, even under a name about to be written
        foreign = sorted(p.name + ("/" if p.is_dir() else "") for p in target.iterdir()
                         if (p.name not in owned or (p.is_dir() and not p.is_symlink()))
                         and p.name not in OS_LITTER)
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
            raise InputError(
                f"the {self.what} holds files saraban did not write ({shown}); a run replaces the "
                "whole folder, so move them elsewhere or choose a new or empty folder",
                Location(_display(target)))

    # -- staging ------------------------------------------------------------------------------
    def __enter__(self) -> "OutputSet":
        target = self.target
        _check_parents(target, self.what)
        if target.is_symlink() and target.is_dir():
            self.target = target = Path(os.path.realpath(target))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _output_error(exc, target.parent) from exc
        clean_stale(target)
        prefix = _short_prefix(target.name)
        with _signals_deferred():
            staging = target.parent / f"{prefix}{_STAGING_TAG}.{secrets.token_hex(4)}"
            try:
                staging.mkdir()
                self._fd = os.open(staging, os.O_RDONLY)
            except OSError as exc:
                with contextlib.suppress(OSError):
                    staging.rmdir()
                raise _output_error(exc, target.parent) from exc
            _try_lock(self._fd)
            self.staging = staging
        return self

    def _path(self, name: str) -> Path:
        if self.staging is None:
            raise RuntimeError("OutputSet used outside its with block")
        problem = name_problem(name)
        if problem or name == MARKER_NAME:
            raise InputError(f"the output file name {name!r} {problem or 'is reserved'}",
                             Location(_display(self.target)))
        key = fold_name(name)
        if key in self._names and self._names[key] != name:
            raise InputError(f"two output files would have one name: {self._names[key]!r} and {name!r}",
                             Location(_display(self.target)))
        self._names[key] = name
        return self.staging / name

    def write_bytes(self, name: str, data: bytes) -> Path:
        """Stage ``data`` as file ``name``; returns the path the file will have in the target."""
        path = self._path(name)
        try:
            _write(path, data)
        except OSError as exc:
            raise _output_error(exc, self.target / name) from exc
        return self.target / name

    def write_text(self, name: str, text: str) -> Path:
        """Stage ``text`` (UTF-8) as file ``name``; returns its path in the target."""
        return self.write_bytes(name, text.encode("utf-8"))

    # -- swap ---------------------------------------------------------------------------------
    def __exit__(self, exc_type, exc, tb) -> bool:
        staging = self.staging
        if staging is None:
            return False
        try:
            with _signals_deferred():
                if exc_type is None:
                    self._commit(staging)
                else:
                    _remove(staging)
        finally:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            self.staging = None
        return False

    def _commit(self, staging: Path) -> None:
        if not self._checked:
            try:
                self._check_target(set(self._names.values()))
            except BaseException:
                _remove(staging)
                raise
        marker = {"tool": "saraban", "what": self.what, "files": sorted(self._names.values())}
        try:
            _write(staging / MARKER_NAME, (json.dumps(marker, ensure_ascii=False, indent=1) + "\n").encode())
            target = self.target
            if target.is_dir():
                with contextlib.suppress(OSError):
                    os.chmod(staging, stat.S_IMODE(target.stat().st_mode))
                if _exchange(staging, target):
                    _remove(staging)           # the old set, now under the staging name
                    return
                aside = target.parent / f"{_short_prefix(target.name)}{_ASIDE_TAG}.{secrets.token_hex(4)}"
                os.rename(target, aside)
                os.rename(staging, target)
                _remove(aside)
            else:
                os.rename(staging, target)
        except OSError as exc:
            _remove(staging)
            raise _output_error(exc, self.target) from exc


def clean_stale(target: Path) -> None:
    """Remove staging folders and temporary files that a killed run left beside ``target``; put
    a set aside by an interrupted two-rename swap back if the target is missing."""
    target = Path(target)
    parent = target.parent
    if not parent.is_dir():
        return
    prefixes = {f".{target.name}", _short_prefix(target.name)}
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not any(name.startswith(p + tag) for p in prefixes for tag in (_STAGING_TAG, _ASIDE_TAG)) \
                and not (any(name.startswith(p + ".") for p in prefixes) and name.endswith(_PART_TAG)):
            continue
        path = Path(entry.path)
        if not _is_stale(path):
            continue
        if _ASIDE_TAG in name and not target.exists() and path.is_dir():
            with contextlib.suppress(OSError):
                os.rename(path, target)
                continue
        _remove(path)


def _write(path: Path, data: bytes) -> None:
    """Create ``path`` (must not exist) with the umask's permissions and write ``data``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with open(fd, "wb") as f:
        f.write(data)


def check_file(path: Path | str) -> None:
    """Raise InputError (naming the path) if :func:`write_file` could not write ``path``: its name
    cannot be written everywhere, it is a folder, or a parent is a file."""
    path = Path(path)
    problem = name_problem(path.name)
    if problem:
        raise InputError(f"the output file name {path.name!r} {problem}", Location(_display(path)))
    if path.is_dir():
        raise InputError("-o names an existing folder, but a file is needed", Location(_display(path)))
    _check_parents(path, "file")


@contextlib.contextmanager
def staged_file(path: Path | str) -> Iterator[Path]:
    """Yield a hidden temporary path beside ``path`` (already created, empty, with the umask's
    permissions, locked against a concurrent run's clean-up); the block writes it, and it is
    renamed to ``path`` only if the block ends without an error — else it is removed.  The checks
    of :func:`check_file` come first."""
    path = Path(path)
    check_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _output_error(exc, path.parent) from exc
    clean_stale(path)
    tmp = path.parent / f"{_short_prefix(path.name)}.{secrets.token_hex(4)}{_PART_TAG}"
    fd = None
    try:
        with _signals_deferred():
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            except OSError as exc:
                raise _output_error(exc, path) from exc
            _try_lock(fd)
        yield tmp
        with _signals_deferred():
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise _output_error(exc, path) from exc
    finally:
        with _signals_deferred():
            if fd is not None:
                os.close(fd)
            if tmp.exists():
                with contextlib.suppress(OSError):
                    tmp.unlink()


def write_file(path: Path | str, data: bytes) -> None:
    """Write one file as a whole or not at all: a hidden temporary file beside it, then a rename
    (:func:`staged_file`).  The file gets the permissions the umask gives.  Raises InputError
    (naming the path) when :func:`check_file` refuses it or the system does."""
    path = Path(path)
    with staged_file(path) as tmp:
        try:
            tmp.write_bytes(data)
        except OSError as exc:
            raise _output_error(exc, path) from exc
