"""``saraban init``: a new office folder whose example letter and merge work at once; whole or not
at all; an office's files never overwritten (the built wheel: tests/test_wheel.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from saraban.cli import main
from saraban.office.scaffold import DEFAULT_AGENCY

from helpers import page_count, pdftotext


def squash(text: str) -> str:
    """The text without white space (lines break anywhere in a name)."""
    return "".join(text.split())

ROOT = Path(__file__).resolve().parents[1]
AGENCY = "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่"
EXPECTED = ("README.txt", "emblem.svg", "fonts/README.txt", "letters/example.toml",
            "letters/merge.toml", "letters/recipients.csv", "office.toml")


def test_init_writes_an_office_whose_letters_build(tmp_path, monkeypatch, capsys):
    office = tmp_path / "office"
    assert main(["init", str(office), "--agency", AGENCY]) == 0
    assert "letters/example.toml" in capsys.readouterr().out
    assert sorted(str(p.relative_to(office)) for p in office.rglob("*") if p.is_file()) == sorted(EXPECTED)
    assert AGENCY in (office / "office.toml").read_text("utf-8")
    assert AGENCY in (office / "README.txt").read_text("utf-8")
    # run from somewhere else: office.toml is found above the letters/ folder, not in the cwd
    monkeypatch.chdir(tmp_path)
    assert main(["letter", "check", str(office / "letters" / "example.toml")]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().err
    pdf = office / "letters" / "example.pdf"
    assert main(["letter", str(office / "letters" / "example.toml"), "-o", str(pdf)]) == 0
    text = squash(pdftotext(pdf))
    for expected in ("สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่", "ที่ตย๐๐๒๓.๓/๑๒๓",
                     "เรียนนายกองค์การบริหารส่วนจังหวัดตัวอย่าง", "saraban@example.go.th", "(นายสมชายใจดี)"):
        assert squash(expected) in text
    assert main(["letter", str(office / "letters" / "merge.toml"), "-o", str(office / "out")]) == 0
    letters = sorted(p.name for p in (office / "out").glob("D*.pdf"))
    assert letters == ["D01.pdf", "D02.pdf", "D03.pdf"]
    assert "ท้องถิ่นอำเภอบ้านนา" in squash(pdftotext(office / "out" / "D02.pdf"))
    assert page_count(office / "out" / "combined.pdf") == 4  # three letters and the distribution list


def test_init_default_agency_and_empty_folder(tmp_path):
    office = tmp_path / "empty"
    office.mkdir()
    assert main(["init", str(office)]) == 0
    assert DEFAULT_AGENCY in (office / "office.toml").read_text("utf-8")


def test_init_never_overwrites_an_office(tmp_path, capsys):
    office = tmp_path / "office"
    office.mkdir()
    (office / "office.toml").write_text("# ours\n", "utf-8")
    assert main(["init", str(office)]) == 1
    err = capsys.readouterr().err
    assert str(office) in err and "not empty" in err
    assert (office / "office.toml").read_text("utf-8") == "# ours\n"
    assert [p.name for p in office.iterdir()] == ["office.toml"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_init_fails_whole(tmp_path, monkeypatch):
    """A failure while copying leaves neither the folder nor a staging folder."""
    from saraban.office import scaffold

    def broken():
        raise OSError("disk full")

    monkeypatch.setattr(scaffold, "_template_files", lambda: [("office.toml", b"x"), ("letters/x", broken())])
    with pytest.raises(OSError):
        scaffold.create_office(tmp_path / "office")
    assert list(tmp_path.iterdir()) == []


def test_init_interrupted_while_writing_leaves_nothing(tmp_path, monkeypatch):
    from saraban.office import scaffold

    calls = iter(range(100))
    real = Path.write_bytes

    def interrupt(self, data):
        if next(calls) == 3:
            raise KeyboardInterrupt
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", interrupt)
    with pytest.raises(KeyboardInterrupt):
        scaffold.create_office(tmp_path / "office")
    assert list(tmp_path.iterdir()) == []
