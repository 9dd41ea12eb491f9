"""Print-ready booklets: page counts a saddle-stitched booklet can have (blank pages before the
back cover, right-hand starts), the designed cover, foreword, legend of the table columns, back
cover, and the saddle-stitch print file (--imposition saddle): sheet order, A5 on landscape A4,
fold marks, identical bytes."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pypdf
import pytest

from saraban.errors import InputError
from saraban.pdf.imposition import A4_H, A4_W, impose_saddle, print_name, saddle_order
from saraban.reports.build import MANIFEST_NAME, build_booklets
from saraban.reports.load import load_definition
from saraban.reports.printing import BLANK_NOTE
from saraban.reports.sample import write_sample

from helpers import pdftotext_pages, squash

EPOCH = "1602738000"  # 2020-10-15 in Thailand


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    write_sample(folder, seed=3, provinces_filter=["TH-83", "TH-58"])
    return folder


@pytest.fixture(scope="module")
def printed(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("printed")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        build_booklets([data], out, all_provinces=True, imposition="saddle")
        yield out
    finally:
        mp.undo()


def outline_pages(pdf) -> dict[str, int]:
    reader = pypdf.PdfReader(str(pdf))
    return {o.title: reader.get_destination_page_number(o) + 1 for o in reader.outline}


def test_page_counts_are_multiples_of_four_with_blanks_before_the_back_cover(printed):
    manifest = json.loads((printed / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert {b["file"] for b in manifest["booklets"]} == {"TH-83.pdf", "TH-58.pdf", "national.pdf"}
    for entry in manifest["booklets"]:
        pages = pdftotext_pages(printed / entry["file"])
        assert len(pages) == entry["pages"] and entry["pages"] % 4 == 0, entry["file"]
        blank = [i for i, p in enumerate(pages, 1) if any(BLANK_NOTE in ln for ln in p)]
        content = [i for i in range(1, len(pages)) if i not in blank]
        # blank pages come only after the content, right before the back cover
        assert all(b > max(content) for b in blank), (entry["file"], blank)
        back = " ".join(pages[-1])
        assert "จัดทำโดย" in back and "กรมส่งเสริมการปกครองท้องถิ่น" in back
        assert "พิมพ์เมื่อ ๑๕ ตุลาคม ๒๕๖๓" in back
        assert "https://www.dla.go.th/ebook/lpa/lpa-2563-" in back
        # a blank page has no running header or folio
        for b in blank:
            assert not any("ผลการประเมิน LPA" in ln for ln in pages[b - 1])


def test_cover_foreword_legend(printed):
    pages = pdftotext_pages(printed / "TH-58.pdf")
    cover = " ".join(pages[0])
    for text in ("จังหวัดแม่ฮ่องสอน", "ประจำปี พ.ศ. ๒๕๖๓", "กรมส่งเสริมการปกครองท้องถิ่น",
                 "ถนนนครราชสีมา", "ข้อมูลสังเคราะห์เพื่อการทดสอบ"):
        assert text in cover
    foreword = " ".join(pages[1])
    assert "คำนำ" in foreword and "จังหวัดแม่ฮ่องสอน" in foreword and "พ.ศ. ๒๕๖๓" in foreword
    table_pages = [p for p in pages if any(ln.startswith("ชื่อ อปท.") for ln in p)]
    assert table_pages
    for page in table_pages:  # the legend of ด้าน ๑–๕ under the table on every table page
        text = " ".join(page)
        assert "ด้าน ๑ การบริหารจัดการ" in text and "ด้าน ๕ ธรรมาภิบาล" in text


def test_cover_colour_band(printed, tmp_path):
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(printed / "TH-83.pdf"), str(tmp_path / "c")], check=True)
    image = Image.open(tmp_path / "c.png").convert("RGB")
    w, h = image.size
    colour = tuple(int("1b4f8a"[i:i + 2], 16) for i in (0, 2, 4))
    for x, y in ((2, 2), (w - 3, h // 8), (2, h - 3)):  # top band, bottom band
        assert all(abs(a - b) <= 3 for a, b in zip(image.getpixel((x, y)), colour)), (x, y)
    assert image.getpixel((w // 2, h // 2)) != colour


def test_right_hand_starts_from_the_definition(data, tmp_path):
    (tmp_path / "def.toml").write_text('right_hand_starts = ["contents", "table", "top"]\n'
                                       'signer = "นายทดสอบ ตัวอย่าง"\n'
                                       'signer_position = "ผู้อำนวยการสำนักทดสอบ"\n', encoding="utf-8")
    out = tmp_path / "out"
    build_booklets([data], out, province="TH-83", national=False, definition_path=tmp_path / "def.toml")
    pages = pdftotext_pages(out / "TH-83.pdf")
    starts = outline_pages(out / "TH-83.pdf")
    assert starts["ผลการประเมินรายองค์กรปกครองส่วนท้องถิ่น"] % 2 == 1
    assert starts["๑๐ อันดับแรกและท้ายสุด"] % 2 == 1
    assert len(pages) % 4 == 0
    # the page before a forced right-hand start is blank on purpose, when there is one
    for start in starts.values():
        if start % 2 == 1 and any(BLANK_NOTE in ln for ln in pages[start - 2]):
            assert len([ln for ln in pages[start - 2] if ln.strip()]) <= 2
    contents = " ".join(pages[2])
    assert "สารบัญ" in contents
    for title, page in starts.items():  # the contents still agree with the bookmarks
        from saraban.thai.numerals import to_thai_digits
        assert f"{title} {to_thai_digits(str(page))}" in contents
    foreword = " ".join(pages[1])
    assert "(นายทดสอบ ตัวอย่าง)" in foreword and "ผู้อำนวยการสำนักทดสอบ" in foreword


def test_definition_print_keys_are_checked(tmp_path):
    (tmp_path / "a.toml").write_text('colour = "blue"\n', encoding="utf-8")
    with pytest.raises(InputError, match="#RRGGBB") as err:
        load_definition(tmp_path / "a.toml")
    assert "line 1" in str(err.value)
    (tmp_path / "b.toml").write_text('\nright_hand_starts = ["nowhere"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown section 'nowhere'") as err:
        load_definition(tmp_path / "b.toml")
    assert "line 2" in str(err.value)
    (tmp_path / "c.toml").write_text('emblem = "missing.png"\n', encoding="utf-8")
    with pytest.raises(InputError, match="no emblem file"):
        load_definition(tmp_path / "c.toml")


# -- imposition ---------------------------------------------------------------------------------
def fold(sheets) -> list[int | None]:
    """The page order of a pile of sheets folded in the middle, read front to back."""
    firsts, lasts = [], []
    for (front_left, front_right), (back_left, back_right) in sheets:
        firsts += [front_right, back_left]
        lasts = [back_right, front_left] + lasts
    return firsts + lasts


@pytest.mark.parametrize("pages", [4, 8, 14, 16, 28])
def test_saddle_order_folds_into_reading_order(pages):
    sheets = saddle_order(pages)
    padded = -(-pages // 4) * 4
    assert len(sheets) == padded // 4
    assert fold(sheets) == list(range(pages)) + [None] * (padded - pages)


def half_texts(pdf, page: int) -> tuple[str, str]:
    """The words of the left and right half of a landscape page."""
    out = []
    for x in (0, int(A4_H / 2)):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-x", str(x),
                               "-y", "0", "-W", str(int(A4_H / 2)), "-H", str(int(A4_W) + 1), str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
        out.append(sorted(squash(text).split()))  # words, as layout order may differ at A5 scale
    return out[0], out[1]


def test_print_file_places_the_pages_in_saddle_order(printed):
    booklet, imposed = printed / "TH-58.pdf", printed / "TH-58-print.pdf"
    source = [sorted(squash(" ".join(p)).split()) for p in pdftotext_pages(booklet)]
    reader = pypdf.PdfReader(str(imposed))
    assert len(reader.pages) == len(source) // 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    for sheet, (front, back) in enumerate(saddle_order(len(source))):
        for side, (left, right) in enumerate((front, back)):
            got = half_texts(imposed, 2 * sheet + side + 1)
            assert got == (source[left], source[right]), (sheet, side)


def test_print_file_fold_marks_bytes_and_manifest(printed, tmp_path):
    reader = pypdf.PdfReader(str(printed / "TH-83-print.pdf"))
    marks = [b"G 0.4 w" in page.get_contents().get_data() for page in reader.pages]
    assert marks == [i % 2 == 1 for i in range(len(reader.pages))]  # on the inner (back) sides
    manifest = json.loads((printed / MANIFEST_NAME).read_text(encoding="utf-8"))
    for entry in manifest["booklets"]:
        assert entry["print"]["file"] == print_name(entry["file"])
        assert (printed / entry["print"]["file"]).is_file()
    data = (printed / "TH-83.pdf").read_bytes()
    assert impose_saddle(data, title="x") == impose_saddle(data, title="x")
    with pytest.raises(InputError, match="cannot read the PDF"):
        impose_saddle(b"not a pdf")


def test_cli_imposition(data, tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "saraban.cli", "booklet", "--data", str(data), "--province",
                           "TH-83", "--no-national", "--imposition", "saddle", "--base-url",
                           "https://example.go.th/lpa/", "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "1 print file" in done.stdout
    assert (out / "TH-83-print.pdf").is_file()
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["base_url"] == "https://example.go.th/lpa"
    cover = " ".join(pdftotext_pages(out / "TH-83.pdf")[0])
    assert "https://example.go.th/lpa/lpa-2563-th-83-phuket.html" in cover
    bad = subprocess.run([sys.executable, "-m", "saraban.cli", "booklet", "--data", str(data), "--province",
                          "TH-83", "--base-url", "ftp://x", "-o", str(tmp_path / "o2")], capture_output=True,
                         text=True)
    assert bad.returncode == 1 and "--base-url 'ftp://x'" in bad.stderr


def test_charts_fill_the_summary_page_with_axis_titles_and_apart_labels(printed):
    import pdfplumber

    with pdfplumber.open(str(printed / "TH-58.pdf")) as pdf:
        page = pdf.pages[3]  # the summary page
        text = page.extract_text()
        assert "คะแนนร้อยละ" in text and "จำนวนองค์กรปกครองส่วนท้องถิ่น (แห่ง)" in text
        words = page.extract_words()
        title = [w for w in words if w["text"].startswith("จำนวนองค์กรปกครองส่วนท้องถิ่น")][-1]
        assert title["bottom"] > page.height * 0.7  # the charts reach into the lower third
        # the value labels of a province bar and of the national bar beside it do not touch
        values = sorted((w for w in words if re.fullmatch(r"[๐-๙]{2,3}\.[๐-๙]{2}", w["text"])
                         and w["x0"] > page.width / 2), key=lambda w: w["top"])
        assert len(values) >= 10
        gaps = [b["top"] - a["bottom"] for a, b in zip(values, values[1:])]
        assert min(gaps) > 1.0, gaps


def test_each_booklet_is_built_once(data, tmp_path, monkeypatch):
    """The predicted section pages (right-hand starts, foreword and blank pages counted) are the
    pages found: no booklet of the sample is built a second time."""
    from saraban.reports import build

    builds = []
    original = build.BookletDoc.build
    monkeypatch.setattr(build.BookletDoc, "build", lambda self, *a, **k: builds.append(1) or original(self, *a, **k))
    build_booklets([data], tmp_path / "out", all_provinces=True)
    assert len(builds) == 3  # two provinces and the national booklet
