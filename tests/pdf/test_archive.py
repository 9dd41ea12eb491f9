"""PDF/A-2u letters (saraban/pdf/archive.py), checked clause by clause (pdfa_checks.py): XMP
metadata equal to the document information, the sRGB output intent, every font embedded with
ToUnicode (no Helvetica), no encryption, /Lang, page labels as printed, links where the
addresses are, PageMode with bookmarks; dates from SOURCE_DATE_EPOCH (identical bytes) or the
build time; ``none`` leaves the archival pass out; a missing ICC profile is a clear error."""

from __future__ import annotations

import csv
import shutil
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

import pdfa_checks
from saraban.letters.build import build_letters
from saraban.pdf import archive

from helpers import letter_variant

EPOCH = 1605484800   # 2020-11-16
PROVINCES = Path(__file__).parents[2] / "data" / "provinces.csv"
SEED_MERGE = Path(__file__).parents[2] / "letters" / "dla-lpa-2563"


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed-pdfa")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    try:
        build_letters(letter_variant(folder), folder / "seed.pdf")
    finally:
        mp.undo()
    return folder / "seed.pdf"


@pytest.fixture(scope="module")
def merge(tmp_path_factory):
    """The seed circular to three governors: three letters, combined.pdf with bookmarks."""
    folder = tmp_path_factory.mktemp("merge-pdfa")
    with open(PROVINCES, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open(folder / "three.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if r["code"] in ("TH-50", "TH-51", "TH-52"))
    for name in ("letter.toml", "body.md.j2", "emblem.svg"):
        shutil.copy(SEED_MERGE / name, folder / name)
    spec = folder / "letter.toml"
    text = spec.read_text(encoding="utf-8")
    assert 'data = "../../data/provinces.csv"' in text
    spec.write_text(text.replace('data = "../../data/provinces.csv"', 'data = "three.csv"'), encoding="utf-8")
    build_letters(spec, folder / "out")
    return folder / "out"


def test_seed_letter_meets_the_checked_clauses(seed):
    assert pdfa_checks.problems(seed) == []


def test_xmp_dates_are_source_date_epoch(seed):
    with pikepdf.open(seed) as pdf:
        values = pdfa_checks.xmp_values(pdf)
        assert dt.datetime.fromisoformat(values["xmp:CreateDate"]).timestamp() == EPOCH
        assert str(pdf.trailer.Info.CreationDate) == "D:20201116000000+00'00'"
        assert values["dc:creator"] == "กรมส่งเสริมการปกครองท้องถิ่น"
        assert values["dc:title"].startswith("เผยแพร่ประชาสัมพันธ์ผลการประเมิน")
        assert values["dc:description"] == str(pdf.trailer.Info.Subject)


def test_no_helvetica_anywhere(seed):
    data = seed.read_bytes()
    assert b"Helvetica" not in data
    with pikepdf.open(seed) as pdf:
        names = {str(f.get("/BaseFont"))[8:] for f in pdfa_checks.fonts(pdf)}
        assert names == {"Sarabun-Regular", "Sarabun-Bold"}


def test_page_labels_are_the_printed_numbers(seed):
    with pikepdf.open(seed) as pdf:
        assert pdfa_checks.labels(pdf) == ["๑", "๒", "๓"]
    # the second page prints "- ๒ -"
    text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(seed), "-"], capture_output=True, text=True).stdout
    assert text.splitlines()[0].replace(" ", "") == "-๒-"


def test_links_over_addresses_and_the_qr_code(seed):
    with pikepdf.open(seed) as pdf:
        found = pdfa_checks.links(pdf)
    targets = [(page, uri) for page, uri, _ in found]
    assert (1, "mailto:saraban@dla.go.th") in targets          # the contact block's e-mail
    assert targets.count((2, "https://www.dla.go.th/servlet/EbookServlet")) == 2   # the code, its URL
    # the QR code's link covers the code: a square
    [code] = [r for p, u, r in found if p == 2 and abs((r[2] - r[0]) - (r[3] - r[1])) < 0.01]
    assert code[2] - code[0] > 100
    # every link's rectangle lies over the text it names (pdftotext reads the address there)
    for page, uri, (x1, y1, x2, y2) in found:
        if code == (x1, y1, x2, y2):
            continue
        height = 841.89
        text = subprocess.run(["pdftotext", "-f", str(page + 1), "-l", str(page + 1), "-x", str(int(x1)),
                               "-y", str(int(height - y2)), "-W", str(int(x2 - x1) + 1), "-H", str(int(y2 - y1)),
                               str(seed), "-"], capture_output=True, text=True).stdout
        shown = uri.removeprefix("mailto:").removeprefix("https://")
        assert shown in text.replace("\n", "") or text.strip() and text.strip() in shown, (uri, text)


def test_combined_pdf_bookmarks_open_each_letter(merge):
    combined = merge / "combined.pdf"
    assert pdfa_checks.problems(combined) == []
    with pikepdf.open(combined) as pdf:
        assert pdf.Root.PageMode == "/UseOutlines"
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            starts = []
            for item in outline.root:
                dest = item.destination
                if isinstance(dest, (str, pikepdf.String)):
                    dest = pdfa_checks._named(pdf, dest)
                starts.append(pages[dest[0].objgen])
        labels = pdfa_checks.labels(pdf)
    # each letter (three pages) starts at ๑ again; the list after them
    assert starts == [0, 3, 6, 9]
    assert labels[:9] == ["๑", "๒", "๓"] * 3 and labels[9] == "๑"
    with pikepdf.open(merge / "TH-50.pdf") as pdf:
        assert "/PageMode" not in pdf.Root     # no bookmarks: nothing to open


def test_same_input_identical_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    spec = letter_variant(tmp_path)
    build_letters(spec, tmp_path / "a.pdf")
    build_letters(spec, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_without_source_date_epoch_the_date_is_the_build_time(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    build_letters(letter_variant(tmp_path), tmp_path / "now.pdf")
    after = dt.datetime.now(dt.timezone.utc)
    with pikepdf.open(tmp_path / "now.pdf") as pdf:
        created = pdfa_checks.info_date(str(pdf.trailer.Info.CreationDate))
        assert before <= created <= after
        assert pdfa_checks.check_metadata(pdf) == []


def test_pdf_standard_none_is_plain_pdf(tmp_path):
    build_letters(letter_variant(tmp_path), tmp_path / "plain.pdf", standard="none")
    with pikepdf.open(tmp_path / "plain.pdf") as pdf:
        assert "/Metadata" not in pdf.Root and "/OutputIntents" not in pdf.Root
        assert pdfa_checks.check_fonts(pdf) == []   # no Helvetica in plain PDF either


def test_pdf_standard_a_3u_on_the_command_line(tmp_path):
    spec = letter_variant(tmp_path)
    subprocess.run([sys.executable, "-m", "saraban.cli", "letter", str(spec), "-o", str(tmp_path / "a3.pdf"),
                    "--pdf-standard", "a-3u", "--no-progress"], check=True, capture_output=True)
    assert pdfa_checks.problems(tmp_path / "a3.pdf", part=3) == []


def test_missing_icc_profile_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv(archive.SRGB_PROFILE_ENV, str(tmp_path / "no-such.icc"))
    spec = letter_variant(tmp_path)
    out = subprocess.run([sys.executable, "-m", "saraban.cli", "letter", str(spec), "-o", str(tmp_path / "x.pdf"),
                          "--no-progress"], capture_output=True, text=True)
    assert out.returncode != 0
    assert "no-such.icc" in out.stderr and "icc-profiles-free" in out.stderr and "--pdf-standard none" in out.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_page_labels_ranges():
    tree = archive.page_labels(["i", "1", "2", "3", "๕", "6"])
    nums = list(tree.Nums)
    assert [int(n) for n in nums[0::2]] == [0, 1, 4, 5]
    assert str(nums[1].P) == "i" and int(nums[3].St) == 1 and str(nums[5].P) == "๕" and int(nums[7].St) == 6


def test_font_widths_agree_with_the_programs(tmp_path):
    """A kerned pair (HarfBuzz moves the second glyph) and marks drawn at an offset declare
    widths other than their glyphs' advances: each such CID draws a copy of the glyph made as
    wide as it declares (PDF/A 6.2.11.5), and the page looks and reads the same."""
    from saraban.thai.draw import EmbeddedFont
    from saraban.thai.fonts import default_library

    face = default_library().family("Sarabun").face("regular")
    font = EmbeddedFont(face, "TF1")
    gid = face.cmap[ord("A")]
    own = face.glyph_advance(gid)
    assert font.cid(gid, "A", own) == 1 and font._cid_gid[1] == gid      # as wide as its glyph: itself
    font.cid(gid, "A", own - 40)                                          # kerned
    resized = font._cid_gid[2]
    assert resized >= font.first_cluster_gid and font._cluster_glyphs[-1] == (((gid, 0, 0),), own - 40)
    font.cid(gid, "A", own - 40) and font.cid(gid, "Ab", own - 40)        # the same copy again
    assert font._cid_gid[3] == resized and len(font._cluster_glyphs) == 1
    spec = letter_variant(tmp_path, append="")
    build_letters(spec, tmp_path / "l.pdf")
    with pikepdf.open(tmp_path / "l.pdf") as pdf:
        assert pdfa_checks.check_font_widths(pdf) == []
