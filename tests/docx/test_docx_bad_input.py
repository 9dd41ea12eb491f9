"""Bad input gives the same error for a DOCX as for a PDF, and nothing is written: every case of
the PDF's own bad-input tests (tests/letters/test_letter_bad_input.py, read from that file, so a
case added there is checked here too) and the Word writer's own; a merge that fails part-way —
on a row, in the Word writer, or while its files are written — leaves its folder as it was."""

from __future__ import annotations

import errno
import importlib.util
import shutil

import pytest

from saraban.cli import main
from saraban.errors import InputError, SarabanError
from saraban.letters.build import build_letters

from docx_checks import REPO
from helpers import EXAMPLE_LETTER, FIXTURES, letter_variant

def _pdf_tests(name: str):
    """tests/letters/``name``.py as a module (its cases and helpers)."""
    path = REPO / "tests" / "letters" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"docx_reads_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PDF_TESTS = _pdf_tests("test_letter_bad_input")
BAD_DATA = _pdf_tests("test_letter_bad_data")

#: Bad merge data (issue 10's cases, made with that test file's own helper): (data, a body line).
DATA_CASES = {
    "quote never closed": ('code,name_th,governor\nTH-50,"เชียงใหม่,x\nTH-30,นครราชสีมา,y\n', None),
    "decimal comma": ('code,name_th,amount\nTH-50,เชียงใหม่,"8,5"\n', "จำนวนเงิน {{ amount | number(2) }} บาท"),
    "C.E. year in a date cell": ("code,name_th,sent\nTH-50,เชียงใหม่,25 พฤศจิกายน 2021\n", "ลงวันที่ {{ sent | thai_date }}"),
    "Windows-1252 read as Thai": ("code,name_th,person\nTH-50,Chiang Mai,José García\n".encode("cp1252"), "ถึง {{ person }}"),
    "empty cell printed": ("code,name_th\nTH-50,เชียงใหม่\nTH-30,\n", None),
    "empty file name cell": ("code,name_th\nTH-50,เชียงใหม่\n,นครราชสีมา\n", None),
}

CASES = {
    "unknown kind": {'kind = "external"': 'kind = "externl"'},
    "misspelt key": {'subject = """': 'subjet = """'},
    "bad date": {"date = 2021-11-25": 'date = "2021-02-30"'},
    "template syntax": {"จึงเรียนมาเพื่อโปรดพิจารณา": "จึงเรียนมาเพื่อโปรด{{ พิจารณา"},
    "missing emblem": {'emblem = "letters-emblem.png"': 'emblem = "garuda.png"'},
    "character no font has": {"จึงเรียนมาเพื่อโปรดพิจารณา": "จึงเรียนมาเพื่อโปรดพิจารณา \U0001F600"},
    # the on-behalf lines under the position are the Word writer's text too
    "character no font has, on behalf": {
        'position = ["อธิบดีกรมส่งเสริมการปกครองท้องถิ่น"] }':
        'position = ["รองอธิบดี"], on_behalf = { mode = "delegated", '
        'position = "อธิบดีกรม\U0001F600" } }'},
}

#: The same for the words only a stamped letter prints (its initials, the seal's names).
STAMPED_CASES = {
    "initials": ('initials = "อน."', 'initials = "อน.\U0001F600"'),
    "seal name": ('upper = "กระทรวงมหาดไทย"', 'upper = "กระทรวงมหาดไทย\U0001F600"'),
}


def _error(call) -> str:
    with pytest.raises(SarabanError) as err:
        call()
    return str(err.value)


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_error_as_for_pdf_and_nothing_written(tmp_path, case, capsys):
    spec = letter_variant(tmp_path, CASES[case])
    pdf = _error(lambda: build_letters(spec, tmp_path / "out.pdf"))
    word = _error(lambda: build_letters(spec, tmp_path / "out.docx"))
    assert word == pdf
    assert main(["letter", str(spec), "-o", str(tmp_path / "out.docx")]) == 1
    assert "saraban: error:" in capsys.readouterr().err
    assert not (tmp_path / "out.docx").exists() and not (tmp_path / "out.pdf").exists()
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("case", sorted(PDF_TESTS.CASES))
def test_every_pdf_bad_input_case_gives_the_same_error_for_docx(tmp_path, case, capsys):
    """The PDF's bad-input cases, each through the Word path (a .docx file, and --format both
    into a folder): the PDF's message word for word, exit status 1, nothing written."""
    changes, message, _ = PDF_TESTS.CASES[case]
    spec = letter_variant(tmp_path, changes)
    pdf = _error(lambda: build_letters(spec, tmp_path / "out.pdf"))
    assert message in pdf
    assert _error(lambda: build_letters(spec, tmp_path / "out.docx")) == pdf
    assert _error(lambda: build_letters(spec, tmp_path / "both", format="both")) == pdf
    assert main(["letter", str(spec), "-o", str(tmp_path / "out.docx")]) == 1
    assert f"saraban: error: {pdf}" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.toml", "letters-emblem.png"]


@pytest.mark.parametrize("changes", [
    {'recipient = "ผู้ว่าราชการจังหวัด{{ name_th }}"': 'recipient = "ผู้ว่าราชการจังหวัด{{ province }}"'},
    {'data = "../../data/provinces.csv"': 'data = "nowhere.csv"'},
], ids=["column that does not exist", "data file missing"])
def test_merge_errors_are_the_pdfs(tmp_path, changes):
    spec = PDF_TESTS._example(tmp_path, changes)
    pdf = _error(lambda: build_letters(spec, tmp_path / "out"))
    assert _error(lambda: build_letters(spec, tmp_path / "out", format="docx")) == pdf
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("case", sorted(DATA_CASES))
def test_bad_merge_data_gives_the_same_error_for_docx(tmp_path, case):
    data, body_line = DATA_CASES[case]
    spec = BAD_DATA.merge_spec(tmp_path, data, body_line)
    pdf = _error(lambda: build_letters(spec, tmp_path / "out"))
    assert "rows.csv, line" in pdf
    assert _error(lambda: build_letters(spec, tmp_path / "out", format="docx")) == pdf
    assert not (tmp_path / "out").exists()


ROWS = "code,name_th\nTH-50,เชียงใหม่\nTH-30,นครราชสีมา\nTH-90,สงขลา\n"


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture
def earlier_set(tmp_path):
    """A three-row merge already written (PDF and DOCX) into out/: what a failed run must keep."""
    spec = PDF_TESTS._example(tmp_path, {'data = "../../data/provinces.csv"': 'data = "rows.csv"'}, ROWS)
    out = tmp_path / "out"
    assert main(["letter", str(spec), "-o", str(out), "--format", "both"]) == 0
    before = _snapshot(out)
    assert {"TH-90.docx", "TH-90.pdf", "circular.docx", "combined.pdf", ".saraban-output"} <= set(before)
    return spec, out, before


def test_word_writer_failing_on_a_later_row_leaves_the_folder_as_it_was(earlier_set):
    """Row 3 has a character no font has: rows 1 and 2 are already made in Word when the writer
    stops.  The message is the PDF's, and the folder keeps the earlier set, byte for byte."""
    spec, out, before = earlier_set
    (spec.parent / "rows.csv").write_text(ROWS.replace("สงขลา", "สงขลา\U0001F600"), encoding="utf-8")
    pdf = _error(lambda: build_letters(spec, out))
    assert "\U0001F600" in pdf
    for fmt in ("docx", "both"):
        assert _error(lambda: build_letters(spec, out, format=fmt)) == pdf
        assert _snapshot(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out")]   # no staging folder left


def test_disk_failing_while_the_docx_files_are_written_leaves_the_folder_as_it_was(earlier_set, monkeypatch):
    """The disk fills up at the 40th file of the new set: the run stops naming the file, and the
    folder keeps the earlier set."""
    from saraban import outputs

    spec, out, before = earlier_set
    (spec.parent / "rows.csv").write_text(
        "code,name_th\n" + "".join(f"TH-{n},เชียงใหม่\n" for n in range(10, 60)), encoding="utf-8")
    real, written = outputs._write, []

    def full_disk(path, data):
        if len(written) == 39:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path.name)
        real(path, data)

    monkeypatch.setattr(outputs, "_write", full_disk)
    message = _error(lambda: build_letters(spec, out, format="docx"))
    assert "No space left on device" in message and "cannot write" in message
    assert len(written) == 39 and all(n.endswith(".docx") for n in written)
    assert _snapshot(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out")]


@pytest.mark.parametrize("fmt", ["docx", "both"])
def test_cli_merge_format(tmp_path, fmt, capsys):
    """saraban letter SPEC -o DIR --format docx|both: one DOCX per row, the distribution list and
    the circular (with both, the PDFs and the combined PDF too)."""
    import docx

    spec = PDF_TESTS._example(tmp_path, {'data = "../../data/provinces.csv"': 'data = "rows.csv"'}, ROWS)
    out = tmp_path / "out"
    assert main(["letter", str(spec), "-o", str(out), "--format", fmt]) == 0
    said = capsys.readouterr().out
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    word = ["TH-30.docx", "TH-50.docx", "TH-90.docx", "circular.docx", "distribution-list.docx"]
    if fmt == "docx":
        assert names == word
        assert "wrote 3 letters (3 DOCX), distribution-list.docx, circular.docx" in said
    else:
        assert names == sorted(word + ["TH-30.pdf", "TH-50.pdf", "TH-90.pdf", "circular.pdf", "combined.pdf",
                                       "distribution-list.pdf"])
        assert "(3 PDF and 3 DOCX" in said
    listed = [p.text for p in docx.Document(str(out / "distribution-list.docx")).paragraphs if p.style.name == "รายชื่อ"]
    assert [t.split("\t")[-1] for t in listed] == ["ผู้ว่าราชการจังหวัดเชียงใหม่", "ผู้ว่าราชการจังหวัดนครราชสีมา",
                                                  "ผู้ว่าราชการจังหวัดสงขลา"]


@pytest.mark.parametrize("case", sorted(STAMPED_CASES))
def test_stamped_same_error_as_for_pdf(tmp_path, case):
    example = REPO / "letters" / "stamped-lpa-reminder"
    shutil.copytree(example, tmp_path / "s")
    spec = tmp_path / "s" / "stamped.toml"
    old, new = STAMPED_CASES[case]
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, new), encoding="utf-8")
    pdf = _error(lambda: build_letters(spec, tmp_path / "out.pdf"))
    word = _error(lambda: build_letters(spec, tmp_path / "out.docx"))
    assert word == pdf and "\U0001F600" in word
    assert not (tmp_path / "out.docx").exists() and not (tmp_path / "out.pdf").exists()


def test_unreadable_emblem_names_the_file(tmp_path):
    spec = letter_variant(tmp_path)
    (tmp_path / "letters-emblem.png").write_bytes(b"not a picture")
    message = _error(lambda: build_letters(spec, tmp_path / "out.docx"))
    assert "letters-emblem.png" in message and "cannot read the picture" in message
    assert not (tmp_path / "out.docx").exists()


def test_merge_failing_on_a_later_row_writes_no_docx(tmp_path):
    folder = tmp_path / "letters" / "dla-lpa-2563"
    shutil.copytree(EXAMPLE_LETTER.parent, folder)
    shutil.copy(FIXTURES / "letters-emblem.png", folder)
    spec = folder / "letter.toml"
    text = spec.read_text(encoding="utf-8").replace('# emblem = "garuda.png"', 'emblem = "letters-emblem.png"  #')
    text = text.replace('data = "../../data/provinces.csv"', 'data = "rows.csv"')
    text = text.replace('filename = "{{ code }}"', 'filename = "{{ code }}"\ndate = "{{ sent }}"')
    spec.write_text(text, encoding="utf-8")
    (folder / "rows.csv").write_text("code,name_th,sent\nTH-50,เชียงใหม่,2021-11-25\nTH-90,สงขลา,2021-02-30\n",
                                     encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("docx", "both"):
        with pytest.raises(InputError, match="rows.csv line 3"):
            build_letters(spec, out, format=fmt)
        assert list(out.iterdir()) == []


@pytest.mark.parametrize("output,fmt,message", [
    ("out.pdf", "docx", "is a .pdf file but --format docx"),
    ("out.docx", "pdf", "is a .docx file but --format pdf"),
    ("out.docx", "both", "give a folder"),
])
def test_output_and_format_must_agree(tmp_path, output, fmt, message, capsys):
    spec = letter_variant(tmp_path)
    assert main(["letter", str(spec), "-o", str(tmp_path / output), "--format", fmt]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / output).exists()


def test_merge_into_a_docx_file_is_refused(tmp_path):
    with pytest.raises(InputError, match="one DOCX per row: give a folder"):
        build_letters(EXAMPLE_LETTER, tmp_path / "all.docx")


def test_same_warnings_as_for_pdf(tmp_path, capsys):
    """A letter without an emblem file: the Word path warns as the PDF path does, word for word."""
    spec = letter_variant(tmp_path, {'emblem = "letters-emblem.png"': ""})
    said = {}
    for fmt in ("pdf", "docx"):
        assert main(["letter", str(spec), "-o", str(tmp_path / f"out.{fmt}")]) == 0
        said[fmt] = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert said["pdf"] == said["docx"] and "no emblem file given" in said["pdf"][0]


def test_single_letter_both_formats_written_together(tmp_path, monkeypatch):
    """A single letter with --format both: its PDF and DOCX are written as a pair.  The disk
    filling up at the DOCX leaves neither new file (nor a temporary one): an earlier pair stays as
    it was, and a new folder stays empty."""
    import os

    spec = letter_variant(tmp_path)
    out = tmp_path / "out"
    build_letters(spec, out, format="both")
    before = _snapshot(out)
    assert sorted(before) == ["letter.docx", "letter.pdf"]
    real_open = os.open

    def full_disk(path, flags, *args, **kw):
        if flags & os.O_CREAT and ".letter.docx." in os.fspath(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, *args, **kw)

    (tmp_path / "letter.toml").write_text(spec.read_text(encoding="utf-8").replace("ทุกจังหวัด", "ทุกจังหวัด (ใหม่)"),
                                          encoding="utf-8")
    monkeypatch.setattr(os, "open", full_disk)
    message = _error(lambda: build_letters(spec, out, format="both"))
    assert "No space left on device" in message and "letter.docx" in message
    assert _snapshot(out) == before
    message = _error(lambda: build_letters(spec, tmp_path / "new", format="both"))
    assert not (tmp_path / "new").exists() or list((tmp_path / "new").iterdir()) == []
