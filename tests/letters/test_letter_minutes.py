"""Minutes of a meeting (รายงานการประชุม): the head centred from the form's first baseline without
a rule, the attendance lists as tables from the attendees file, the agenda with resolutions, the
recorder's signature; errors that name the file, line and column; the reviewed layout log."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from saraban.cli import main
from saraban.letters.build import build_letters
from saraban.letters.forms import default_form
from saraban.thai.numerals import to_arabic_digits

from helpers import assert_layout_log, pdf_lines, pdftotext_pages, squash

EXAMPLE = Path(__file__).resolve().parents[2] / "letters" / "minutes-lpa-working-group" / "minutes.toml"
TOL = 0.05


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("minutes") / "minutes.pdf"
    build_letters(EXAMPLE, out)
    return out


def _text(pdf: Path) -> str:
    return squash(to_arabic_digits(" ".join(" ".join(p) for p in pdftotext_pages(pdf))))


def test_head_centred_without_a_rule(built):
    import pdfplumber

    form = default_form("minutes")
    lines = pdf_lines(built, 1)
    head = lines[:4]
    assert [squash(to_arabic_digits(ln["text"])) for ln in head] == [
        squash("รายงานการประชุมคณะทำงานประเมินประสิทธิภาพขององค์กรปกครองส่วนท้องถิ่น จังหวัดเชียงใหม่"),
        "ครั้งที่ 2/2569", "เมื่อวันที่ 20 พฤศจิกายน 2569",
        squash("ณ ห้องประชุมสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่")]
    assert head[0]["baseline"] == pytest.approx(form.get("head", "first_baseline"), abs=TOL)
    for ln in head:
        assert (ln["x0"] + ln["x1"]) / 2 == pytest.approx(11.0, abs=TOL), ln["text"]
    with pdfplumber.open(str(built)) as doc:
        page = doc.pages[0]
        assert page.images == []                      # plain paper: no Garuda
        head_foot = head[-1]["baseline"] * 72 / 2.54
        table_top = min(r["top"] for r in page.rects + page.lines) if (page.rects or page.lines) else 1e9
        # the first drawn line is the attendance table's, below the head's first list heading
        assert table_top > head_foot


def test_the_parts_in_reading_order(built):
    text = _text(built)
    spec = tomllib.loads(EXAMPLE.read_text("utf-8"))
    needles = ["ผู้มาประชุม", "นายสมชาย ใจดี", "ประธาน", "นางสาวสุดา ศรีสุข", "ผู้ไม่มาประชุม",
               "นายประเสริฐ บุญมา", "ติดราชการ", "ผู้เข้าร่วมประชุม", "นายธนา วงศ์ดี",
               "เริ่มประชุมเวลา 09.30 น."]
    for k, item in enumerate(spec["agenda"], 1):
        needles += [f"ระเบียบวาระที่ {k} {item['title']}", item["body"].split("\n")[0][:25],
                    "มติที่ประชุม " + item["resolution"][:20]]
    needles += ["เลิกประชุมเวลา 12.00 น.", "(นางสาวสุดา ศรีสุข)", "ผู้จดรายงานการประชุม"]
    at = 0
    for needle in needles:
        found = text.find(squash(needle), at)
        assert found >= 0, (needle, text[at:at + 160])
        at = found + len(squash(needle))


def test_recorder_signs_on_the_axis(built):
    from helpers import page_count

    lines = pdf_lines(built, page_count(built))
    last = lines[-3:]
    assert [squash(ln["text"]) for ln in last] == ["(นางสาวสุดา ศรีสุข)", squash("นักวิเคราะห์นโยบายและแผนชำนาญการ"),
                                                   "ผู้จดรายงานการประชุม"]
    for ln in last:
        assert (ln["x0"] + ln["x1"]) / 2 == pytest.approx(13.0, abs=TOL)


def _copy(tmp_path: Path, csv: str | None = None, replace: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "m"
    shutil.copytree(EXAMPLE.parent, folder)
    if csv is not None:
        (folder / "attendees.csv").write_text(csv, encoding="utf-8")
    spec = folder / "minutes.toml"
    text = spec.read_text("utf-8")
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    spec.write_text(text, encoding="utf-8")
    return spec


def test_unknown_status_names_file_line_and_column(tmp_path, capsys):
    spec = _copy(tmp_path, "name,position,status\nนายก ข,ท้องถิ่น,present\nนายค ง,ท้องถิ่น,maybe\n")
    assert main(["letter", str(spec), "-o", str(tmp_path / "out.pdf")]) == 1
    err = capsys.readouterr().err
    assert "attendees.csv, line 3, column status" in err and "'maybe'" in err
    assert not (tmp_path / "out.pdf").exists()


def test_thai_headers_and_words_are_accepted(tmp_path):
    spec = _copy(tmp_path, "ชื่อ,ตำแหน่ง,สถานะ,หมายเหตุ\nนายก ข,ท้องถิ่น,มา,ประธาน\nนายค ง,ท้องถิ่น,ไม่มา,ลาป่วย\n")
    build_letters(spec, tmp_path / "out.pdf")
    text = _text(tmp_path / "out.pdf")
    assert text.find("ผู้มาประชุม") < text.find("นายก ข") < text.find("ผู้ไม่มาประชุม") < text.find("ลาป่วย")
    assert "ผู้เข้าร่วมประชุม" not in text        # nobody attending: no list


def test_missing_attendees_file_names_the_path_and_the_key(tmp_path, capsys):
    spec = _copy(tmp_path, replace={'attendees = "attendees.csv"': 'attendees = "people.csv"'})
    assert main(["letter", str(spec), "-o", str(tmp_path / "out.pdf")]) == 1
    err = capsys.readouterr().err
    assert "minutes.toml, line 12" in err and "people.csv" in err


def test_minutes_need_an_agenda_and_someone_present(tmp_path, capsys):
    text = EXAMPLE.read_text("utf-8")
    spec = _copy(tmp_path, replace={text[text.index("[[agenda]]"):]: ""})
    assert main(["letter", str(spec), "-o", str(tmp_path / "out.pdf")]) == 1
    assert "missing required key 'agenda'" in capsys.readouterr().err
    spec = _copy(tmp_path / "b", "name,position,status\nนายก ข,ท้องถิ่น,absent\n")
    assert main(["letter", str(spec), "-o", str(tmp_path / "out.pdf")]) == 1
    assert "nobody is present" in capsys.readouterr().err


def test_example_passes_the_check(capsys):
    assert main(["letter", "check", str(EXAMPLE)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().err


def test_layout_log():
    """The example's layout log, reviewed line by line."""
    assert_layout_log(EXAMPLE, "kind-minutes-lpa-working-group-layout.txt")
