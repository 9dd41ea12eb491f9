"""Bad input: a clear message naming the file and line (or data row), exit status 1, and no PDF
written — not even part of a merge."""

from __future__ import annotations

import shutil

import pytest

from saraban.cli import main
from saraban.errors import InputError
from saraban.letters.build import build_letters

from helpers import EXAMPLE_LETTER, FIXTURES, letter_variant


def line_of(path, needle) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


CASES = {
    # name: (replacements, text the message must contain, needle of the line it must name or None)
    "unknown kind": ({'kind = "external"': 'kind = "externl"'}, "unknown kind 'externl'", 'kind = "externl"'),
    "misspelt key": ({'subject = """': 'subjet = """'}, "did you mean 'subject'", "subjet ="),
    "missing key": ({'recipient = "ผู้ว่าราชการจังหวัด ทุกจังหวัด"\n': ""}, "missing required key 'recipient'", None),
    "bad date": ({"date = 2021-11-25": 'date = "2021-02-30"'}, "not a date", 'date = "2021-02-30"'),
    "bad toml": ({"date = 2021-11-25": "date = 2021-11-25 x"}, "not valid TOML", "date = 2021-11-25 x"),
    "template syntax": ({"จึงเรียนมาเพื่อโปรดพิจารณา": "จึงเรียนมาเพื่อโปรด{{ พิจารณา"}, "template error",
                        "{{ พิจารณา"),
    "undefined variable": ({"จึงเรียนมาเพื่อโปรดพิจารณา": "จึงเรียนมาเพื่อ{{ action }}"}, "'action' is undefined",
                           "{{ action }}"),
    "missing emblem": ({'emblem = "letters-emblem.png"': 'emblem = "garuda.png"'}, "no such file", 'emblem = "garuda.png"'),
    "unknown urgency": ({'kind = "external"': 'kind = "external"\nurgency = "ด่วนจี๋"'}, "urgency must be one of",
                        'urgency = "ด่วนจี๋"'),
    "missing form file": ({'kind = "external"': 'kind = "external"\nform = "nope.toml"'}, "no such form file",
                          'form = "nope.toml"'),
    "unknown form key": ({'kind = "external"': 'kind = "external"\nform = { body = { indent = 2.0 } }'},
                         "unknown form key form.body.indent", "form = {"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_spec_names_file_and_line(tmp_path, case, capsys):
    changes, message, needle = CASES[case]
    spec = letter_variant(tmp_path, changes)
    with pytest.raises(InputError) as err:
        build_letters(spec, tmp_path / "out.pdf")
    text = str(err.value)
    assert message in text
    assert str(spec) in text
    if needle:
        assert f"line {line_of(spec, needle)}" in text
    assert main(["letter", str(spec), "-o", str(tmp_path / "out.pdf")]) == 1
    assert "saraban: error:" in capsys.readouterr().err
    assert not (tmp_path / "out.pdf").exists()
    assert not list(tmp_path.glob("*.part"))


def test_unreadable_emblem(tmp_path):
    spec = letter_variant(tmp_path)
    (tmp_path / "letters-emblem.png").write_bytes(b"not a picture")
    with pytest.raises(InputError) as err:
        build_letters(spec, tmp_path / "out.pdf")
    assert "letters-emblem.png" in str(err.value)
    assert not (tmp_path / "out.pdf").exists()


def _example(tmp_path, merge_changes: dict[str, str], csv: str | None = None):
    folder = tmp_path / "letters" / "dla-lpa-2563"
    shutil.copytree(EXAMPLE_LETTER.parent, folder)
    (tmp_path / "data").mkdir()
    shutil.copy(EXAMPLE_LETTER.parent.parent.parent / "data" / "provinces.csv", tmp_path / "data")
    shutil.copy(FIXTURES / "letters-emblem.png", folder)
    spec = folder / "letter.toml"
    text = spec.read_text(encoding="utf-8").replace('# emblem = "garuda.png"', 'emblem = "letters-emblem.png"  #')
    for old, new in merge_changes.items():
        assert old in text
        text = text.replace(old, new)
    spec.write_text(text, encoding="utf-8")
    if csv is not None:
        (folder / "rows.csv").write_text(csv, encoding="utf-8")
    return spec


def test_merge_column_that_does_not_exist(tmp_path):
    spec = _example(tmp_path, {'recipient = "ผู้ว่าราชการจังหวัด{{ name_th }}"': 'recipient = "ผู้ว่าราชการจังหวัด{{ province }}"'})
    out = tmp_path / "out"
    with pytest.raises(InputError) as err:
        build_letters(spec, out)
    text = str(err.value)
    assert "'province' is undefined" in text and "name_th" in text  # says which columns exist
    assert f"line {line_of(spec, '{{ province }}')}" in text
    assert "provinces.csv" in text  # and which data row
    assert not out.exists()


def test_merge_fails_on_a_later_row_writes_nothing(tmp_path):
    csv = "code,name_th,sent\nTH-50,เชียงใหม่,2021-11-25\nTH-30,นครราชสีมา,2021-11-25\nTH-90,สงขลา,2021-02-30\n"
    spec = _example(tmp_path, {'data = "../../data/provinces.csv"': 'data = "rows.csv"',
                               'filename = "{{ code }}"': 'filename = "{{ code }}"\ndate = "{{ sent }}"'}, csv)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InputError) as err:
        build_letters(spec, out)
    assert "not a date" in str(err.value)
    assert "rows.csv line 4" in str(err.value)  # the header is line 1
    assert list(out.iterdir()) == []  # nothing written, not even the first two letters


def test_merge_data_file_missing(tmp_path):
    spec = _example(tmp_path, {'data = "../../data/provinces.csv"': 'data = "nowhere.csv"'})
    with pytest.raises(InputError) as err:
        build_letters(spec, tmp_path / "out")
    assert "nowhere.csv" in str(err.value)
    assert f"line {line_of(spec, 'nowhere.csv')}" in str(err.value)


def test_merge_into_a_pdf_file_is_refused(tmp_path):
    spec = _example(tmp_path, {})
    with pytest.raises(InputError, match="give a folder"):
        build_letters(spec, tmp_path / "all.pdf")
