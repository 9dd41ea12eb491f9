"""Fixtures of the register tests (imported by the test modules; not a conftest.py, whose module
name the suite's top conftest already takes): a register URL for each backend — a SQLite file, and a database
in a throwaway PostgreSQL cluster the tests start themselves (initdb + pg_ctl on a temporary folder
and a free port, local socket only), skipped with a message where Debian's postgresql binaries
are not installed.  As root, the cluster runs as the ``postgres`` user (initdb refuses root)."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

#: Where Debian's postgresql package puts its server binaries (one folder per major version).
PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"


def _pg_bin() -> Path | None:
    for folder in sorted(glob.glob(PG_BIN_GLOB), key=lambda p: int(Path(p).parent.name), reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary folder, reached through its socket there."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="saraban-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        self.user = "postgres" if self.as_root else None
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self.role = "postgres"
        self._names = itertools.count(1)

    def _run(self, *cmd: str) -> subprocess.CompletedProcess:
        full = [str(self.bin / cmd[0]), *cmd[1:]]
        if self.user:
            full = ["runuser", "-u", self.user, "--", *full]
        return subprocess.run(full, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        done = self._run("initdb", "-D", str(self.data), "-U", self.role, "--auth=trust", "-E", "UTF8",
                         "--locale=C.UTF-8", "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()}")
        options = f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off"
        done = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")
        if done.returncode:
            log = (self.root / "log").read_text(errors="replace") if (self.root / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()} {log[-500:]}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.role}@/{database}?host={self.root}&port={self.port}"

    def new_database(self) -> str:
        import psycopg

        name = f"register{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def pg_cluster():
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip(f"PostgreSQL server binaries not found (looked in {PG_BIN_GLOB} and the PATH; "
                    "Debian package postgresql): PostgreSQL register tests skipped")
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as another user")
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
    except RuntimeError as exc:
        cluster.stop()
        pytest.skip(f"PostgreSQL could not start here: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request, tmp_path) -> str:
    """A fresh, empty register: a SQLite file, or a new database in the test cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "saraban.db")
    return request.getfixturevalue("pg_cluster").new_database()
