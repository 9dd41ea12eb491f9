"""Letters numbered by the register: the seed circular built with ``number = { series = "circular" }``
gets the next ว-number on all 76 letters and one register entry listing its recipients and the
files' hashes; a failed build gives its number back; a build whose files cannot be put in place
after the number was committed leaves the number cancelled with the reason; the register
commands list, show and export it (the form as PDF, CSV, XLSX)."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest

from saraban.cli import main
from saraban.errors import InputError
from saraban.letters.build import build_letters
from saraban.register import open_register
from saraban.register.model import CANCELLED

from helpers import EXAMPLE_LETTER, letter_variant, pdftotext, squash
from register_fixtures import pg_cluster, register_url  # noqa: F401  (fixtures)

OFFICE = '[series]\ncircular = "มท 0810.7/ว"\nletter = "มท 0810.7/"\n'
DATA = EXAMPLE_LETTER.parent.parent.parent / "data" / "provinces.csv"


def numbered_circular(folder: Path) -> Path:
    """The seed circular (76 letters) copied into ``folder`` with its number from the register."""
    target = folder / "circular"
    shutil.copytree(EXAMPLE_LETTER.parent, target)
    spec = target / "letter.toml"
    text = spec.read_text("utf-8")
    assert 'number = "มท 0810.7/ว 4419"' in text
    text = text.replace('number = "มท 0810.7/ว 4419"', 'number = { series = "circular", via = "e-saraban" }')
    text = text.replace('"../../data/provinces.csv"', repr(str(DATA)).replace("'", '"'))
    spec.write_text(text, "utf-8")
    (target / "office.toml").write_text(OFFICE, "utf-8")
    return spec


@pytest.fixture(scope="module")
def circular(tmp_path_factory):
    """The seed circular built once, numbered from a register started at ว 4419."""
    folder = tmp_path_factory.mktemp("circular")
    spec = numbered_circular(folder)
    assert main(["register", "init", "--office", str(spec.parent / "office.toml"), "--next", "circular=4419",
                 "--year", "2564"]) == 0
    result = build_letters(spec, folder / "out")
    return spec, folder / "out", result


def test_the_circular_gets_the_next_number_on_every_letter(circular):
    spec, out, result = circular
    assert result.number == "มท 0810.7/ว 4419"
    letters = sorted(p for p in out.glob("TH-*.pdf"))
    assert len(letters) == 76
    for path in letters[:3] + letters[-2:]:
        assert squash(pdftotext(path)).startswith("ที่ มท ๐๘๑๐.๗/ว ๔๔๑๙")


def test_the_register_lists_76_recipients_with_the_hashes_of_the_files(circular):
    spec, out, _ = circular
    with open_register(spec.parent / "saraban.db") as reg:
        [entry] = reg.entries()
    assert (entry.number, entry.year, entry.seq, entry.via) == ("มท 0810.7/ว 4419", 2564, 4419, "e-saraban")
    assert entry.recipient == "ผู้ว่าราชการจังหวัด ทุกจังหวัด"
    assert len(entry.recipients) == 76 and "ผู้ว่าราชการจังหวัดเชียงใหม่" in entry.recipients
    assert "ผู้ว่าราชการจังหวัดกรุงเทพมหานคร" not in entry.recipients
    on_disk = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert {d.file for d in entry.documents} == on_disk
    for d in entry.documents:
        data = (out / d.file).read_bytes()
        assert (d.sha256, d.size) == (hashlib.sha256(data).hexdigest(), len(data)), d.file
    assert Path(entry.folder) == out.resolve()


def test_register_commands_show_list_and_export_the_form(circular, capsys, tmp_path, monkeypatch):
    spec, out, _ = circular
    monkeypatch.chdir(spec.parent)
    assert main(["register", "list", "--year", "2564"]) == 0
    listed = capsys.readouterr().out
    assert "มท 0810.7/ว 4419" in listed and "(76 letters)" in listed
    assert main(["register", "show", "มท ๐๘๑๐.๗/ว ๔๔๑๙"]) == 0
    shown = capsys.readouterr().out
    assert "files:     79" in shown and "MISSING" not in shown and "CHANGED" not in shown
    assert "TH-50.pdf" in shown and "→ ผู้ว่าราชการจังหวัดเชียงใหม่" in shown

    assert main(["register", "export", "-o", str(tmp_path / "register.pdf")]) == 0
    text = squash(pdftotext(tmp_path / "register.pdf"))
    for expected in ("ทะเบียนหนังสือส่ง", "เลขทะเบียนส่ง", "ลงวันที่", "การปฏิบัติ", "หมายเหตุ",
                     "๔๔๑๙", "มท ๐๘๑๐.๗/ว ๔๔๑๙", "๒๕ พ.ย. ๒๕๖๔", "(๗๖ ราย)", "สารบรรณ", "อิเล็กทรอนิกส์"):
        assert expected in text, expected
    assert main(["register", "export", "-o", str(tmp_path / "register.csv")]) == 0
    [row] = list(csv.DictReader(io.StringIO((tmp_path / "register.csv").read_text("utf-8-sig"))))
    assert row["number"] == "มท 0810.7/ว 4419" and len(row["recipients"].split("\n")) == 76
    assert main(["register", "export", "-o", str(tmp_path / "register.xlsx")]) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "register.xlsx").active
    assert sheet.cell(2, 3).value == 4419

    (out / "TH-50.pdf").write_bytes(b"%PDF-1.4 edited")
    try:
        assert main(["register", "show", "มท 0810.7/ว 4419"]) == 0
        assert "TH-50.pdf" in (line := next(l for l in capsys.readouterr().out.splitlines() if "TH-50.pdf" in l))
        assert "CHANGED since it was issued" in line
    finally:
        (out / "TH-50.pdf").unlink()


def _single(tmp_path: Path) -> Path:
    spec = letter_variant(tmp_path, {'number = "มท 0810.7/ว 4419"': 'number = { series = "letter" }'})
    (tmp_path / "office.toml").write_text(OFFICE, "utf-8")
    assert main(["register", "init", "--office", str(tmp_path / "office.toml")]) == 0
    return spec


def test_a_failed_build_gives_its_number_back(tmp_path):
    spec = _single(tmp_path)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(InputError):
        build_letters(spec, tmp_path / "afile" / "letter.pdf")        # fails after the number was taken
    result = build_letters(spec, tmp_path / "letter.pdf")
    assert result.number == "มท 0810.7/1"
    assert "ที่ มท ๐๘๑๐.๗/๑" in squash(pdftotext(tmp_path / "letter.pdf"))
    with open_register(tmp_path / "saraban.db") as reg:
        assert [(e.seq, e.status) for e in reg.entries()] == [(1, "issued")]


def test_files_not_put_in_place_after_the_commit_leave_the_number_cancelled(tmp_path, monkeypatch):
    spec = _single(tmp_path)
    import saraban.letters.build as build

    def refuse(files):
        raise InputError("cannot write: No space left on device", None)

    monkeypatch.setattr(build, "write_together", refuse)
    with pytest.raises(InputError, match="No space left"):
        build_letters(spec, tmp_path / "letter.pdf")
    monkeypatch.undo()
    assert not (tmp_path / "letter.pdf").exists()
    with open_register(tmp_path / "saraban.db") as reg:
        [entry] = reg.entries()
        assert entry.status == CANCELLED and "No space left on device" in entry.reason
    assert build_letters(spec, tmp_path / "letter.pdf").number == "มท 0810.7/2"   # 1 is never reused


def test_series_errors_name_the_spec_line(tmp_path):
    spec = letter_variant(tmp_path, {'number = "มท 0810.7/ว 4419"': 'number = { series = "memo" }'})
    (tmp_path / "office.toml").write_text(OFFICE, "utf-8")
    with pytest.raises(InputError, match=r"no series 'memo'.*circular, letter") as caught:
        build_letters(spec, tmp_path / "x.pdf")
    assert caught.value.location.line == 5
    spec = letter_variant(tmp_path, {'number = "มท 0810.7/ว 4419"': 'number = { series = "letter", via = "fax" }'})
    with pytest.raises(InputError, match="number.via must be one of"):
        build_letters(spec, tmp_path / "x.pdf")
    spec = letter_variant(tmp_path, {'number = "มท 0810.7/ว 4419"': 'number = { series = "letter" }'})
    from saraban.register.store import RegisterError

    with pytest.raises(RegisterError, match="saraban register init"):   # no register made yet
        build_letters(spec, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_letter_numbered_from_either_database(tmp_path, register_url):
    """The same build against SQLite and a PostgreSQL server (--register overrides office.toml)."""
    spec = letter_variant(tmp_path, {'number = "มท 0810.7/ว 4419"': 'number = { series = "letter", via = "post" }'})
    (tmp_path / "office.toml").write_text(OFFICE, "utf-8")
    open_register(register_url, create=True).close()
    assert build_letters(spec, tmp_path / "a.pdf", register=register_url).number == "มท 0810.7/1"
    assert build_letters(spec, tmp_path / "b.pdf", register=register_url).number == "มท 0810.7/2"
    with open_register(register_url) as reg:
        entries = reg.entries(year=2564, series="letter")
    assert [(e.seq, e.via, e.documents[0].file) for e in entries] == [(1, "post", "a.pdf"), (2, "post", "b.pdf")]
    assert entries[1].documents[0].sha256 == hashlib.sha256((tmp_path / "b.pdf").read_bytes()).hexdigest()
