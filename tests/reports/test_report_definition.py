"""A booklet definition of an office: its own wording, section titles and notes template; a
misspelt key or a broken template is an error that names the file and line."""

from __future__ import annotations

import pytest

from saraban.errors import InputError
from saraban.reports.build import build_booklets
from saraban.reports.load import load_definition
from saraban.reports.sample import write_sample

from helpers import pdftotext_pages


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("d")
    write_sample(folder, seed=3, provinces_filter=["TH-83"])
    return folder


def test_office_definition_and_notes_template(data, tmp_path):
    (tmp_path / "notes.md.j2").write_text("หมายเหตุของสำนักงาน: เกณฑ์ผ่านร้อยละ {{ pass_mark }} **ปี {{ year_be }}**\n",
                                          encoding="utf-8")
    (tmp_path / "def.toml").write_text('owner = "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดภูเก็ต"\n'
                                       'notes_template = "notes.md.j2"\n'
                                       '[sections]\nmethod = "หมายเหตุ"\n', encoding="utf-8")
    out = tmp_path / "out"
    build_booklets([data], out, province="TH-83", national=False, definition_path=tmp_path / "def.toml")
    pages = pdftotext_pages(out / "TH-83.pdf")
    text = "\n".join("\n".join(p) for p in pages)
    assert "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดภูเก็ต" in pages[0]
    assert "หมายเหตุของสำนักงาน: เกณฑ์ผ่านร้อยละ ๗๐ ปี ๒๕๖๓" in text
    assert "หมายเหตุ ๗" in pages[2]  # the contents page, with the office's section title
    assert "วิธีการประเมินและที่มาของข้อมูล" not in text


def test_definition_errors(tmp_path):
    (tmp_path / "def.toml").write_text('title = "x"\nownr = "y"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_definition(tmp_path / "def.toml")
    assert "unknown key 'ownr'" in str(err.value) and "line 2" in str(err.value)
    (tmp_path / "bad.toml").write_text('notes_template = "n.j2"\n', encoding="utf-8")
    (tmp_path / "n.j2").write_text("บรรทัดแรก\n\n{{ no_such_thing }}\n", encoding="utf-8")
    definition = load_definition(tmp_path / "bad.toml")
    from saraban.reports.compose import BookletComposer
    from saraban.reports.model import Dataset
    from saraban.thai.layout import Typesetter

    composer = BookletComposer(Dataset(2563, (), {}, {}), definition, Typesetter())
    with pytest.raises(InputError) as err:
        composer.method_notes()
    assert "'no_such_thing' is undefined" in str(err.value)
    assert "n.j2, line 3" in str(err.value)


def test_arabic_digits_when_the_definition_says_so(data, tmp_path):
    (tmp_path / "def.toml").write_text("thai_digits = false\n", encoding="utf-8")
    out = tmp_path / "out"
    build_booklets([data], out, province="TH-83", national=False, definition_path=tmp_path / "def.toml")
    pages = pdftotext_pages(out / "TH-83.pdf")
    table = " ".join(pages[4])
    assert "ประจำปี พ.ศ. 2563" in " ".join(pages[0])
    assert not any("๐" <= ch <= "๙" for ch in table)
    assert any(ch.isdigit() for ch in table)
