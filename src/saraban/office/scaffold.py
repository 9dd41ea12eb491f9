"""``saraban init``: copy the office template into a new folder, whole or not at all.

The template is plain files in the package (``template/``); the only substitution is the agency's
name, ``{{agency}}``, in the text files.  The folder is assembled in a hidden staging folder beside
the target and renamed into place, so an interrupted or failed run leaves no half-made office.  An
existing folder is only used when it is empty: an office's own files are never overwritten.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import InputError, Location

#: The placeholder for the agency's name in the template's text files.
AGENCY_FIELD = "{{agency}}"
#: The agency named when ``--agency`` is not given: an obviously made-up provincial office.
DEFAULT_AGENCY = "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดตัวอย่าง"
#: Files whose text gets the agency's name (the rest are copied byte for byte).
TEXT_SUFFIXES = (".toml", ".txt", ".csv", ".md")


@dataclass(frozen=True)
class OfficeCreated:
    """What :func:`create_office` wrote: the folder and its files, relative to it, sorted."""

    folder: Path
    files: tuple[str, ...]


def _template_files() -> list[tuple[str, bytes]]:
    root = resources.files("saraban.office").joinpath("template")
    found: list[tuple[str, bytes]] = []

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, name + "/")
            else:
                found.append((name, child.read_bytes()))

    walk(root, "")
    return found


def create_office(folder: Path | str, agency: str | None = None) -> OfficeCreated:
    """Write a new office folder at ``folder`` (which must not exist, or be empty).

    Raises :class:`InputError` naming the folder when it holds files already."""
    folder = Path(folder)
    name = (agency or DEFAULT_AGENCY).strip()
    if not name or '"' in name or "\n" in name:
        raise InputError(f"--agency must be a one-line name without quotes, not {agency!r}")
    if folder.exists():
        if not folder.is_dir():
            raise InputError("exists and is not a folder", Location(folder))
        if any(folder.iterdir()):
            raise InputError("the folder is not empty: saraban init writes only into a new or empty "
                             "folder, so that no file of an office is overwritten", Location(folder))
    parent = folder.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.init-", dir=parent))
    try:
        written = []
        for rel, data in _template_files():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel.endswith(TEXT_SUFFIXES):
                data = data.decode("utf-8").replace(AGENCY_FIELD, name).encode("utf-8")
            target.write_bytes(data)
            written.append(rel)
        mode = 0o777 & ~_umask()
        for path in [staging, *staging.rglob("*")]:
            os.chmod(path, mode if path.is_dir() else mode & 0o666)
        if folder.exists():
            folder.rmdir()  # empty, checked above
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return OfficeCreated(folder, tuple(sorted(written)))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
