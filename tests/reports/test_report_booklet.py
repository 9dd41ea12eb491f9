"""Province and national booklets built from synthetic data: every LAO once with its numbers,
counts that agree, an exact text layer, names inside their cells, a scannable QR code, bookmarks
that match the contents, identical bytes on a rebuild, and reviewed pictures."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from saraban.reports.build import MANIFEST_NAME, build_booklets
from saraban.reports.compose import CELL_PAD, MARGIN, BookletComposer
from saraban.reports.load import find_sources, load_definition
from saraban.reports.model import DIMENSIONS
from saraban.reports.sample import SYNTHETIC_NOTE, write_sample
from saraban.reports.validate import validate
from saraban.thai.layout import Typesetter
from saraban.thai.numerals import format_number, to_thai_digits

from helpers import GOLDEN, assert_matches_image, pdftotext_pages, squash

#: 2020-10-15 noon in Thailand: the date printed on the back covers of these tests.
PRINTED_EPOCH = "1602738000"
PROVINCES = ["TH-83", "TH-58"]  # Phuket (19 LAOs) and Mae Hong Son (46)
FORBIDDEN = re.compile("[\ue000-\uf8ff\u200b\u0e4d\ufffd]")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    write_sample(data, seed=5, provinces_filter=PROVINCES)
    # markup characters in a name must print as they are
    laos = (data / "laos.csv").read_text(encoding="utf-8").splitlines()
    first = laos[3].split(",")
    first[1] = 'บ้าน<b>&amp;"ทดสอบ"'
    laos[3] = ",".join(first[:1] + ['"บ้าน<b>&amp;""ทดสอบ"""'] + first[2:])
    (data / "laos.csv").write_text("\n".join(laos) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = PRINTED_EPOCH  # the back cover's date in the reviewed image
    try:
        result = build_booklets([data], out, all_provinces=True, jobs=2)
        dataset, _ = validate(find_sources([data]), load_definition())
        yield data, out, result, dataset
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def text_without_space(pdf: Path) -> str:
    return "".join("".join(page) for page in pdftotext_pages(pdf)).replace(" ", "")


def expected_row(composer: BookletComposer, lao, score, rank, sat) -> str:
    cells = [lao.name_th, {"pao": "อบจ.", "thesaban_nakhon": "ทน.", "thesaban_mueang": "ทม.",
                           "thesaban_tambon": "ทต.", "tao": "อบต."}[lao.lao_type]]
    cells += [composer.num(v) for v in score.dimensions] + [composer.num(score.overall), score.band,
                                                            to_thai_digits(str(rank)), composer.num(sat)]
    return "".join(cells).replace(" ", "")


def test_every_lao_once_with_its_numbers(built):
    data, out, result, dataset = built
    from saraban.reports.stats import lao_rows

    composer = BookletComposer(dataset, load_definition(), Typesetter())
    texts = {code: text_without_space(out / f"{code}.pdf") for code in PROVINCES}
    for code in PROVINCES:
        laos = dataset.laos_of(code)
        for row in lao_rows(laos, dataset):
            sat = row.satisfaction * 20
            needle = expected_row(composer, row.lao, row.score, row.rank, sat)
            assert texts[code].count(needle) == 1, (code, row.lao.dla_code, needle)
            other = [c for c in PROVINCES if c != code][0]
            assert needle not in texts[other]
    assert 'บ้าน<b>&amp;"ทดสอบ"' in "".join(texts.values())


def test_summary_counts_match_the_table(built):
    data, out, result, dataset = built
    for code in PROVINCES:
        laos = dataset.laos_of(code)
        passed = sum(dataset.lpa[l.dla_code].overall >= 70 for l in laos)
        page3 = " ".join(pdftotext_pages(out / f"{code}.pdf")[3])  # cover, foreword, contents, summary
        assert f"จำนวนองค์กรปกครองส่วนท้องถิ่น {to_thai_digits(str(len(laos)))} แห่ง" in page3
        assert f"{to_thai_digits(str(passed))} แห่ง (ร้อยละ {format_number(100 * passed / len(laos), 2)})" in page3
        for name in DIMENSIONS:  # the chart's Thai labels are text
            assert name in page3


def test_text_layer_agrees_between_extractors(built):
    data, out, result, dataset = built
    for pdf in sorted(out.glob("*.pdf")):
        reader = pypdf.PdfReader(str(pdf))
        for number, (page, lines) in enumerate(zip(reader.pages, pdftotext_pages(pdf)), start=1):
            text = page.extract_text()
            assert not FORBIDDEN.search(text) and not FORBIDDEN.search("".join(lines))
            assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", "".join(lines)), (pdf.name, number)


def test_names_stay_inside_their_cells(built):
    import pdfplumber

    data, out, result, dataset = built
    composer = BookletComposer(dataset, load_definition(), Typesetter())
    widths = composer.lao_widths()
    edges = [MARGIN]
    for w in widths:
        edges.append(edges[-1] + w)
    checked = 0
    with pdfplumber.open(str(out / "TH-58.pdf")) as pdf:
        table_pages = [p for p in pdf.pages if "อันดับ" in (p.extract_text() or "")
                       and "ด้าน ๕" in (p.extract_text() or "")][:2]
        assert table_pages
        for page in table_pages:
            lines: dict[float, list] = {}
            for ch in page.chars:
                if 100 < ch["top"] < page.height - MARGIN and MARGIN <= ch["x0"] < edges[-1]:  # the table only
                    lines.setdefault(round(ch["matrix"][5], 1), []).append(ch)
            for chars in lines.values():
                line = "".join(c["text"] for c in chars)
                if line.startswith("อำเภอ") or "ด้าน ๒ การบริหารงานบุคคล" in line:
                    continue  # a district row and the legend of the columns span the table
                for ch in chars:
                    col = max(i for i, e in enumerate(edges[:-1]) if ch["x0"] >= e - 0.01)
                    assert ch["x1"] <= edges[col + 1] - CELL_PAD + 0.01, (ch["text"], col)
                    checked += 1
    assert checked > 500


def test_bookmarks_match_the_contents_and_the_cover_qr(built):
    data, out, result, dataset = built
    reader = pypdf.PdfReader(str(out / "TH-58.pdf"))
    titles = [o.title for o in reader.outline]
    assert titles[0] == "สรุปผลการประเมินของจังหวัด" and len(titles) == 5
    contents = pdftotext_pages(out / "TH-58.pdf")[2]
    for outline in reader.outline:
        page = reader.get_destination_page_number(outline) + 1
        assert f"{outline.title} {to_thai_digits(str(page))}" in contents
        assert any(squash(outline.title) in ln for ln in pdftotext_pages(out / "TH-58.pdf")[page - 1])
    if shutil.which("zbarimg"):
        png = out.parent / "cover"
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(out / "TH-58.pdf"), str(png)], check=True)
        got = subprocess.run(["zbarimg", "-q", "--raw", f"{png}.png"], capture_output=True).stdout.decode().strip()
        assert got == "https://www.dla.go.th/ebook/lpa/lpa-2563-th-58-mae-hong-son.html"


def test_synthetic_label_bangkok_and_manifest(built):
    data, out, result, dataset = built
    pages = pdftotext_pages(out / "TH-83.pdf")
    assert any(SYNTHETIC_NOTE in ln for ln in pages[0])            # the cover
    assert all(any(SYNTHETIC_NOTE in ln for ln in p) for p in pages[1:])  # every footer
    national = " ".join(" ".join(p) for p in pdftotext_pages(out / "national.pdf"))
    assert "กรุงเทพมหานคร" in national and "ไม่อยู่ในการประเมิน" in national
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    files = {b["file"]: b for b in manifest["booklets"]}
    assert set(files) == {"TH-83.pdf", "TH-58.pdf", "national.pdf"}
    for name, entry in files.items():
        assert entry["sha256"] == hashlib.sha256((out / name).read_bytes()).hexdigest()
        assert entry["pages"] == len(pypdf.PdfReader(str(out / name)).pages)
    assert files["TH-83.pdf"]["laos"] == 19
    reader = pypdf.PdfReader(str(out / "TH-83.pdf"))
    assert reader.metadata.title.endswith("จังหวัดภูเก็ต ประจำปี ๒๕๖๓")
    assert reader.metadata.author == "กรมส่งเสริมการปกครองท้องถิ่น"
    assert reader.trailer["/Root"]["/Lang"] == "th-TH"


def test_identical_input_identical_bytes(built, tmp_path):
    data, out, result, dataset = built
    build_booklets([data], tmp_path, all_provinces=True, jobs=1)
    for pdf in out.glob("*.pdf"):
        assert (tmp_path / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def test_spawned_workers_build_the_same_bytes(built, tmp_path):
    """The start method of Windows and macOS (spawn: fresh interpreters that import saraban), run
    on Linux through the command line as a user would: the same files, byte for byte."""
    data, out, result, dataset = built
    env = {**os.environ, "SARABAN_START_METHOD": "spawn", "SOURCE_DATE_EPOCH": PRINTED_EPOCH}
    subprocess.run([sys.executable, "-m", "saraban", "booklet", "--data", str(data), "--all", "-o",
                    str(tmp_path), "--jobs", "2", "--no-progress"], check=True, env=env, capture_output=True)
    for pdf in out.glob("*.pdf"):
        assert (tmp_path / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def test_start_method_is_spawn_off_linux_and_can_be_chosen(monkeypatch):
    from saraban.errors import InputError
    from saraban.reports import build

    monkeypatch.delenv(build.START_METHOD_ENV, raising=False)
    assert build.start_method() == "fork"
    monkeypatch.setattr(build.sys, "platform", "darwin")
    assert build.start_method() == "spawn"
    monkeypatch.setattr(build.sys, "platform", "win32")
    assert build.start_method() == "spawn"
    monkeypatch.setenv(build.START_METHOD_ENV, "forkserver")
    with pytest.raises(InputError, match="forkserver"):
        build.start_method()


@pytest.mark.parametrize("name, page", [("cover", 1), ("charts", 4), ("table", 5), ("back-cover", -1)])
def test_reviewed_images(built, tmp_path, name, page):
    data, out, result, dataset = built
    if page == -1:  # the last page
        page = len(pypdf.PdfReader(str(out / "TH-83.pdf")).pages)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(out / "TH-83.pdf"), str(tmp_path / name)], check=True)
    assert_matches_image(tmp_path / f"{name}.png", GOLDEN / f"booklet-{name}.png")


def test_a_district_longer_than_a_page_continues_under_the_header(tmp_path):
    data = tmp_path / "data"
    write_sample(data, seed=9, provinces_filter=["TH-83"], scale=6)  # Phuket ×6: ~40 LAOs a district
    out = tmp_path / "out"
    build_booklets([data], out, province="TH-83", national=False)
    dataset, _ = validate(find_sources([data]), load_definition())
    pages = pdftotext_pages(out / "TH-83.pdf")
    table_pages = [p for p in pages if any(ln.startswith("ชื่อ อปท.") or ln == "ชื่อ อปท." for ln in p)]
    assert len(table_pages) >= 4
    for page in table_pages:  # the column header on every table page
        assert any("ด้าน ๕" in ln for ln in page)
    continued = [ln for p in table_pages for ln in p if ln.endswith("(ต่อ)")]
    assert continued  # a district that goes on onto the next page says so
    text = text_without_space(out / "TH-83.pdf")
    for lao in dataset.laos:
        score = dataset.lpa[lao.dla_code]
        needle = "".join([composer_num(v) for v in score.dimensions] + [composer_num(score.overall)])
        assert needle in text


def composer_num(value: float) -> str:
    return format_number(value, 2)
