"""Bad input gives the same error for a DOCX as for a PDF, and nothing is written."""

from __future__ import annotations

import shutil

import pytest

from saraban.cli import main
from saraban.errors import InputError, SarabanError
from saraban.letters.build import build_letters

from docx_checks import REPO
from helpers import EXAMPLE_LETTER, FIXTURES, letter_variant

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
