"""The register's store against SQLite and PostgreSQL: numbers issued once, in order, without gaps
(rolled-back and killed issuers included), per series and year; migrations; cancel; search."""

from __future__ import annotations

import datetime as _dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from saraban.register import Document, SeriesRule, open_register
from saraban.register.model import CANCELLED, format_number
from saraban.register.store import RegisterError, migrations

from register_fixtures import pg_cluster, register_url  # noqa: F401  (fixtures)

CIRCULAR = SeriesRule("circular", "มท 0810.7/ว")
LETTER = SeriesRule("letter", "มท 0810.7/")
ORDER = SeriesRule("order", "{n}/{year}")


def _record(issue, subject="เรื่องทดสอบ", recipients=("ผู้ว่าราชการจังหวัดเชียงใหม่",)):
    docs = [Document(i, f"{i}.pdf", f"{i:064x}", 100 + i, r) for i, r in enumerate(recipients, start=1)]
    return issue.record(letter_date=_dt.date(2021, 11, 25), subject=subject, sender="กรมส่งเสริมการปกครองท้องถิ่น",
                        recipient=recipients[0], documents=docs, via="e-saraban")


def test_format_number():
    assert format_number("มท 0810.7/ว", 4419, 2564) == "มท 0810.7/ว 4419"
    assert format_number("มท 0810.7/", 12, 2564) == "มท 0810.7/12"
    assert format_number("{n}/{year}", 5, 2564) == "5/2564"


def test_numbers_run_per_series_and_year_from_one(register_url):
    with open_register(register_url, create=True) as reg:
        got = []
        for rule, year in [(CIRCULAR, 2564), (CIRCULAR, 2564), (LETTER, 2564), (CIRCULAR, 2565), (ORDER, 2565)]:
            with reg.issue(rule, year) as issue:
                got.append(_record(issue).number)
        assert got == ["มท 0810.7/ว 1", "มท 0810.7/ว 2", "มท 0810.7/1", "มท 0810.7/ว 1", "1/2565"]
        assert [e.seq for e in reg.entries(year=2564, series="circular")] == [1, 2]
        # one number, two years: show needs the year
        with pytest.raises(RegisterError, match="2564, 2565"):
            reg.find("มท 0810.7/ว 1")
        assert reg.find("มท ๐๘๑๐.๗/ว ๑", 2565).year == 2565


def test_failed_issue_gives_the_number_back(register_url):
    with open_register(register_url, create=True) as reg:
        with pytest.raises(ValueError):
            with reg.issue(CIRCULAR, 2564) as issue:
                assert issue.number == "มท 0810.7/ว 1"
                raise ValueError("the build failed")
        with reg.issue(CIRCULAR, 2564) as issue:      # ended without record: rolled back too
            assert issue.seq == 1
        with reg.issue(CIRCULAR, 2564) as issue:
            entry = _record(issue)
        assert entry.seq == 1
        assert [e.seq for e in reg.entries()] == [1]


def test_entry_keeps_its_documents_and_is_found_by_hash(register_url):
    recipients = ("ผู้ว่าราชการจังหวัดกระบี่", "ผู้ว่าราชการจังหวัดตาก")
    with open_register(register_url, create=True) as reg:
        with reg.issue(CIRCULAR, 2564) as issue:
            _record(issue, recipients=recipients)
        [entry] = reg.entries()
        assert entry.recipients == recipients
        assert [d.file for d in entry.documents] == ["1.pdf", "2.pdf"]
        [(found, doc)] = reg.by_hash(f"{2:064x}")
        assert (found.number, doc.recipient) == ("มท 0810.7/ว 1", "ผู้ว่าราชการจังหวัดตาก")
        assert [e.number for e in reg.entries(search="ตาก")] == ["มท 0810.7/ว 1"]
        assert reg.entries(search="ลำปาง") == []


def test_cancel_keeps_the_number_with_its_reason(register_url):
    with open_register(register_url, create=True) as reg:
        with reg.issue(CIRCULAR, 2564) as issue:
            _record(issue)
        entry = reg.cancel("มท 0810.7/ว 1", "ส่งผิดหน่วยงาน")
        assert (entry.status, entry.reason) == (CANCELLED, "ส่งผิดหน่วยงาน")
        with pytest.raises(RegisterError, match="already cancelled"):
            reg.cancel("มท 0810.7/ว 1", "again")
        with pytest.raises(RegisterError, match="needs a reason"):
            reg.cancel("มท 0810.7/ว 1", " ")
        with reg.issue(CIRCULAR, 2564) as issue:       # never issued again
            assert _record(issue).seq == 2


def test_set_next_cannot_go_back(register_url):
    with open_register(register_url, create=True) as reg:
        reg.set_next("circular", 2564, 4419)
        with reg.issue(CIRCULAR, 2564) as issue:
            assert _record(issue).number == "มท 0810.7/ว 4419"
        with pytest.raises(RegisterError, match="4420 or later"):
            reg.set_next("circular", 2564, 4000)


def test_migrations_are_versioned_and_run_once(register_url):
    latest = migrations()[-1][0]
    with open_register(register_url, create=True) as reg:
        assert reg.version() == latest
        assert reg._execute("SELECT COUNT(*) FROM schema_version")[0][0] == latest
    with open_register(register_url) as reg:             # reopened: nothing runs again
        assert reg._execute("SELECT COUNT(*) FROM schema_version")[0][0] == latest
        reg._execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                     (latest + 1, "future", "2030-01-01"))
    with pytest.raises(RegisterError, match="newer than this saraban knows"):
        open_register(register_url)


def test_a_missing_sqlite_register_is_not_made_silently(tmp_path):
    with pytest.raises(RegisterError, match="saraban register init"):
        open_register(tmp_path / "typo.db")
    assert not (tmp_path / "typo.db").exists()


#: The issuing worker of the process tests: issues ``count`` numbers, one transaction each.
WORKER = textwrap.dedent("""
    import datetime, sys
    from saraban.register import Document, SeriesRule, open_register
    url, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rule = SeriesRule("circular", "มท 0810.7/ว")
    with open_register(url) as reg:
        for i in range(count):
            with reg.issue(rule, 2564) as issue:
                issue.record(letter_date=datetime.date(2021, 11, 25), subject=f"{tag} {i}", sender="s",
                             recipient="r", documents=[Document(1, "a.pdf", "0" * 64, 1, "r")])
""")

#: Issues a number and is killed by the test before it records it.
HANGER = textwrap.dedent("""
    import sys, time
    from saraban.register import SeriesRule, open_register
    with open_register(sys.argv[1]) as reg:
        with reg.issue(SeriesRule("circular", "มท 0810.7/ว"), 2564) as issue:
            print(issue.number, flush=True)
            time.sleep(120)
""")

#: 8 processes × 250 numbers, as the issue asks.
PROCESSES, PER_PROCESS = 8, 250


def test_concurrent_processes_get_distinct_consecutive_numbers(register_url):
    open_register(register_url, create=True).close()
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, register_url, str(PER_PROCESS), f"p{k}"],
                              stderr=subprocess.PIPE, text=True) for k in range(PROCESSES)]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
    with open_register(register_url) as reg:
        entries = reg.entries(series="circular", year=2564)
    assert sorted(e.seq for e in entries) == list(range(1, PROCESSES * PER_PROCESS + 1))
    by_process = {}
    for e in entries:
        by_process.setdefault(e.subject.split()[0], []).append(e.seq)
    assert len(by_process) == PROCESSES                 # they did run side by side
    assert all(len(v) == PER_PROCESS for v in by_process.values())


def test_a_killed_issuer_leaves_no_trace_and_its_number_is_issued_next(register_url):
    with open_register(register_url, create=True) as reg:
        with reg.issue(CIRCULAR, 2564) as issue:
            _record(issue)
    hanger = subprocess.Popen([sys.executable, "-c", HANGER, register_url], stdout=subprocess.PIPE, text=True)
    try:
        assert hanger.stdout.readline().strip() == "มท 0810.7/ว 2"    # issued, not recorded
    finally:
        os.kill(hanger.pid, signal.SIGKILL)
        hanger.wait()
    with open_register(register_url) as reg:
        assert [e.seq for e in reg.entries()] == [1]          # consistent: no half entry
        with reg.issue(CIRCULAR, 2564) as issue:               # the lock died with the process
            assert _record(issue).number == "มท 0810.7/ว 2"
