"""The register's storage (public): one small interface over SQLite and PostgreSQL.

:func:`open_register` takes a path (SQLite, the default) or a ``postgresql://`` URL (a server the
clerks of an office share, through psycopg 3).  The schema comes from the numbered SQL files in
``migrations/`` — plain files rather than Alembic: the schema is three tables, the statements are
the same on both databases, and a table ``schema_version`` records which files have run.

**Issuing a number** (:meth:`Register.issue`) is one transaction that stays open while the letter
is built::

    with register.issue(rule, year) as issue:    # BEGIN; lock the series; next = last + 1
        ...build the letter with issue.number...
        issue.record(...)                        # insert the entry and its files; COMMIT

The series' counter row is locked for the whole transaction (SQLite: ``BEGIN IMMEDIATE``, which
takes the database's write lock; PostgreSQL: ``SELECT … FOR UPDATE`` on the counter row, so other
series are not held up).  A second issuer waits until the first commits or rolls back, then takes
the next number: no two letters get one number, and a build that fails — or a process that is
killed — before :meth:`Issue.record` commits leaves no trace, so the number is issued again by
the next build and the register has no gap.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import getpass
import os
import re
import socket
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..errors import SarabanError
from .model import CANCELLED, ISSUED, Document, Entry, SeriesRule, normal_number

#: How long an issuer waits for another one's transaction (a 76-letter circular with signatures
#: builds in well under a minute on a slow office PC; a clerk would rather wait than fail).
ISSUE_WAIT_SECONDS = 300

#: PostgreSQL advisory lock key that serialises migrations ("saraban" in ASCII, as a number).
_MIGRATION_LOCK = 0x736172616261

_ENTRY_COLUMNS = ("series, year, seq, number, letter_date, subject, sender, recipient, via, remark, "
                  "status, reason, issued_at, issued_by, spec, folder")


class RegisterError(SarabanError):
    """The register cannot be opened, is of an unknown version, or refuses an operation."""


def migrations() -> list[tuple[int, str, str]]:
    """The schema's migrations: (version, name, SQL), in order."""
    found = []
    for item in resources.files(__package__).joinpath("migrations").iterdir():
        m = re.fullmatch(r"(\d{4})_(\w+)\.sql", item.name)
        if m:
            found.append((int(m.group(1)), m.group(2), item.read_text("utf-8")))
    return sorted(found)


def _statements(sql: str) -> list[str]:
    text = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    text = re.sub(r"--[^\n]*", "", text)
    return [s.strip() for s in text.split(";") if s.strip()]


def _who() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        user = str(os.getuid()) if hasattr(os, "getuid") else "?"
    return f"{user}@{socket.gethostname()}"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def is_server_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def open_register(url: str | Path, *, create: bool = False) -> "Register":
    """The register at ``url`` (a SQLite file path or a ``postgresql://`` URL), migrated to the
    current schema.  A SQLite file that does not exist is made only with ``create`` (a mistyped
    path must not start a second register whose numbers run from 1 again)."""
    text = str(url)
    if is_server_url(text):
        register: Register = _PostgresRegister(text)
    else:
        path = Path(text)
        if not path.exists() and not create:
            raise RegisterError(f"{path}: no register here (make one with: saraban register init)")
        register = _SqliteRegister(path)
    try:
        register.migrate()
    except BaseException:
        register.close()
        raise
    return register


@dataclass
class Issue:
    """A number being issued: the transaction is open until :meth:`record` commits it."""

    register: "Register"
    rule: SeriesRule
    year: int
    seq: int
    recorded: Entry | None = None

    @property
    def number(self) -> str:
        return self.rule.format(self.seq, self.year)

    def record(self, *, letter_date: _dt.date, subject: str, sender: str, recipient: str,
               documents: Sequence[Document], via: str = "", remark: str = "", spec: str = "",
               folder: str = "") -> Entry:
        """Insert the entry and its files and commit: from here on the number is issued."""
        if self.recorded is not None:
            raise RuntimeError("an issue is recorded once")
        entry = Entry(series=self.rule.name, year=self.year, seq=self.seq, number=self.number,
                      letter_date=letter_date.isoformat(), subject=subject, sender=sender,
                      recipient=recipient, via=via, remark=remark, status=ISSUED, reason="",
                      issued_at=_now(), issued_by=_who(), spec=spec, folder=folder,
                      documents=tuple(documents))
        r = self.register
        r._execute(f"INSERT INTO entries ({_ENTRY_COLUMNS}) VALUES ({', '.join('?' * 16)})",
                   (entry.series, entry.year, entry.seq, entry.number, entry.letter_date, entry.subject,
                    entry.sender, entry.recipient, entry.via, entry.remark, entry.status, entry.reason,
                    entry.issued_at, entry.issued_by, entry.spec, entry.folder))
        r._executemany("INSERT INTO documents (series, year, seq, ordinal, recipient, file, sha256, size) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [(entry.series, entry.year, entry.seq, d.ordinal, d.recipient, d.file, d.sha256, d.size)
                        for d in documents])
        r._execute("COMMIT")
        self.recorded = entry
        return entry


class Register:
    """An open register (SQLite or PostgreSQL): issue numbers, read entries, cancel a number."""

    kind = "?"
    location = ""

    # -- the dialect ---------------------------------------------------------------------------
    def _execute(self, sql: str, params: Sequence = ()) -> list[tuple]:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Iterable[Sequence]) -> None:
        for row in rows:
            self._execute(sql, row)

    def _begin_write(self) -> None:
        raise NotImplementedError

    def _lock_counter(self, series: str, year: int) -> int:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> "Register":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema --------------------------------------------------------------------------------
    def _lock_migrations(self) -> None:
        self._begin_write()

    def version(self) -> int:
        rows = self._execute("SELECT MAX(version) FROM schema_version")
        return rows[0][0] or 0

    def migrate(self) -> int:
        """Run the migrations this register has not had; return its schema version."""
        known = migrations()
        self._lock_migrations()
        try:
            self._execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                          "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            current = self.version()
            if known and current > known[-1][0]:
                raise RegisterError(f"{self.location}: the register has schema version {current}, newer "
                                    f"than this saraban knows ({known[-1][0]}): update saraban")
            for version, name, sql in known:
                if version > current:
                    for statement in _statements(sql):
                        self._execute(statement)
                    self._execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                                  (version, name, _now()))
            self._execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return self.version()

    def _rollback(self) -> None:
        with contextlib.suppress(Exception):
            self._execute("ROLLBACK")

    # -- issuing -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def issue(self, rule: SeriesRule, year: int) -> Iterator[Issue]:
        """Take the next number of ``rule`` in ``year`` (B.E.) inside a transaction that stays
        open until the issue is recorded; rolled back (the number not issued) if the block fails
        or ends without :meth:`Issue.record`."""
        self._begin_write()
        try:
            last = self._lock_counter(rule.name, year)
            seq = last + 1
            self._execute("UPDATE counters SET last = ? WHERE series = ? AND year = ?", (seq, rule.name, year))
            issue = Issue(self, rule, year, seq)
            yield issue
        except BaseException:
            self._rollback()
            raise
        if issue.recorded is None:
            self._rollback()

    def set_next(self, series: str, year: int, next_seq: int) -> None:
        """Make ``next_seq`` the next number of ``series`` in ``year`` (an office that moves to
        saraban mid-year); refused if it would issue a number again."""
        self._begin_write()
        try:
            last = self._lock_counter(series, year)
            if next_seq <= last:
                raise RegisterError(f"{series} {year}: numbers up to {last} are issued; the next can be "
                                    f"{last + 1} or later, not {next_seq}")
            self._execute("UPDATE counters SET last = ? WHERE series = ? AND year = ?", (next_seq - 1, series, year))
            self._execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def next_number(self, series: str, year: int) -> int:
        rows = self._execute("SELECT last FROM counters WHERE series = ? AND year = ?", (series, year))
        return (rows[0][0] if rows else 0) + 1

    # -- reading -------------------------------------------------------------------------------
    def _entries(self, where: str, params: Sequence) -> list[Entry]:
        rows = self._execute(f"SELECT {_ENTRY_COLUMNS} FROM entries {where} ORDER BY year, series, seq", params)
        docs: dict[tuple, list[Document]] = {}
        if rows:
            keys = {(r[0], r[1], r[2]) for r in rows}
            years = sorted({k[1] for k in keys})
            found = self._execute(
                "SELECT series, year, seq, ordinal, recipient, file, sha256, size FROM documents "
                f"WHERE year IN ({', '.join('?' * len(years))}) ORDER BY series, year, seq, ordinal", years)
            for s, y, q, ordinal, recipient, file, sha, size in found:
                if (s, y, q) in keys:
                    docs.setdefault((s, y, q), []).append(Document(ordinal, file, sha, size, recipient))
        return [Entry(*r, documents=tuple(docs.get((r[0], r[1], r[2]), ()))) for r in rows]

    def entries(self, *, year: int | None = None, series: str | None = None,
                search: str | None = None) -> list[Entry]:
        """Entries in register order, optionally of one year (B.E.), one series, or whose number,
        subject, sender, recipient (or a merged letter's recipient) or remark contains ``search``."""
        clauses, params = [], []
        if year is not None:
            clauses.append("year = ?")
            params.append(year)
        if series is not None:
            clauses.append("series = ?")
            params.append(series)
        if search:
            needle = f"%{search.lower()}%"
            clauses.append("(LOWER(number) LIKE ? OR LOWER(subject) LIKE ? OR LOWER(sender) LIKE ? "
                           "OR LOWER(recipient) LIKE ? OR LOWER(remark) LIKE ? OR EXISTS (SELECT 1 FROM "
                           "documents d WHERE d.series = entries.series AND d.year = entries.year AND "
                           "d.seq = entries.seq AND LOWER(d.recipient) LIKE ?))")
            params += [needle] * 6
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._entries(where, params)

    def find(self, number: str, year: int | None = None) -> Entry:
        """The entry of ``number`` (Thai or Arabic digits); ``year`` when the number was issued
        in several years (numbers run from 1 each year)."""
        text = normal_number(number)
        where, params = "WHERE number = ?", [text]
        if year is not None:
            where += " AND year = ?"
            params.append(year)
        found = self._entries(where, params)
        if not found:
            raise RegisterError(f"{self.location}: no number {text!r}" + (f" in {year}" if year else "")
                                + " in the register")
        if len(found) > 1:
            years = ", ".join(str(e.year) for e in found)
            raise RegisterError(f"number {text!r} was issued in {years}: give the year (--year)")
        return found[0]

    def by_hash(self, sha256: str) -> list[tuple[Entry, Document]]:
        """The entries (and their document) that recorded a file with this SHA-256."""
        rows = self._execute("SELECT series, year, seq, ordinal FROM documents WHERE sha256 = ?", (sha256,))
        out = []
        for s, y, q, ordinal in rows:
            [entry] = self._entries("WHERE series = ? AND year = ? AND seq = ?", (s, y, q))
            out.append((entry, next(d for d in entry.documents if d.ordinal == ordinal)))
        return out

    def cancel(self, number: str, reason: str, year: int | None = None) -> Entry:
        """Withdraw an issued number, keeping it in the register with ``reason`` (the number is
        never issued again: the register has no hole without a reason)."""
        if not reason.strip():
            raise RegisterError("a cancelled number needs a reason (--reason)")
        entry = self.find(number, year)
        if entry.status == CANCELLED:
            raise RegisterError(f"number {entry.number!r} ({entry.year}) is already cancelled: {entry.reason}")
        self._begin_write()
        try:
            self._execute("UPDATE entries SET status = ?, reason = ? WHERE series = ? AND year = ? AND seq = ?",
                          (CANCELLED, reason.strip(), entry.series, entry.year, entry.seq))
            self._execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return self.find(entry.number, entry.year)


class _SqliteRegister(Register):
    kind = "sqlite"

    def __init__(self, path: Path):
        self.location = str(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(str(path), timeout=ISSUE_WAIT_SECONDS, isolation_level=None)
            # WAL: clerks can list the register while a number is being issued; FULL: a committed
            # number survives a power cut (its letter may already be on its way).
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise RegisterError(f"{path}: cannot open the register: {exc}") from exc

    def _execute(self, sql, params=()):
        try:
            return self.conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                raise RegisterError(f"{self.location}: the register stayed busy for {ISSUE_WAIT_SECONDS} s "
                                    "(another clerk's build?); try again") from exc
            raise

    def _executemany(self, sql, rows):
        self.conn.executemany(sql, [tuple(r) for r in rows])

    def _begin_write(self):
        self._execute("BEGIN IMMEDIATE")

    def _lock_counter(self, series, year):
        # BEGIN IMMEDIATE already holds the database's write lock.
        self._execute("INSERT INTO counters (series, year, last) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
                      (series, year))
        return self._execute("SELECT last FROM counters WHERE series = ? AND year = ?", (series, year))[0][0]

    def close(self):
        self.conn.close()


class _PostgresRegister(Register):
    kind = "postgresql"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - a dependency
            raise RegisterError("a PostgreSQL register needs psycopg (pip install 'psycopg[binary]')") from exc
        self.location = re.sub(r"//([^:@/]*):[^@/]*@", r"//\1:***@", url)   # no password in messages
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise RegisterError(f"{self.location}: cannot connect to the register: {exc}".strip()) from exc

    def _execute(self, sql, params=()):
        cur = self.conn.execute(sql.replace("?", "%s"), tuple(params) or None)
        return cur.fetchall() if cur.description else []

    def _executemany(self, sql, rows):
        with self.conn.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), [tuple(r) for r in rows])

    def _begin_write(self):
        self._execute("BEGIN")

    def _lock_migrations(self):
        self._execute("BEGIN")
        self._execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))

    def _lock_counter(self, series, year):
        self._execute("INSERT INTO counters (series, year, last) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
                      (series, year))
        return self._execute("SELECT last FROM counters WHERE series = ? AND year = ? FOR UPDATE",
                             (series, year))[0][0]

    def close(self):
        self.conn.close()

