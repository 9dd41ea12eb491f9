"""PDF/A-3u booklets (saraban/pdf/archive.py, reports/embedded.py): the checked clauses
(pdfa_checks.py), the province's rows embedded as a CSV associated file (AFRelationship /Data),
page labels as the pages print their numbers (the cover counts as ๑ and prints none), the
contents entries linked to their sections' pages, the QR codes and web addresses linked, the
outline panel open; --pdf-standard a-2u leaves the data out, none writes plain PDF; the text
layer is the same as in plain PDF."""

from __future__ import annotations

import csv
import io

import pikepdf
import pytest

import pdfa_checks
from saraban.reports.build import build_booklets
from saraban.reports.sample import write_sample

from helpers import pdftotext_pages


@pytest.fixture(scope="module")
def booklets(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    write_sample(data, seed=5, provinces_filter=["TH-83"])
    out = {}
    for standard in ("a-3u", "a-2u", "none"):
        out[standard] = tmp_path_factory.mktemp(standard)
        build_booklets([data], out[standard], all_provinces=True,
                       standard=None if standard == "a-3u" else standard)
    return out


@pytest.mark.parametrize("name", ["TH-83.pdf", "national.pdf"])
def test_booklets_meet_the_checked_clauses(booklets, name):
    assert pdfa_checks.problems(booklets["a-3u"] / name, part=3) == []
    assert pdfa_checks.problems(booklets["a-2u"] / name, part=2) == []


def test_province_rows_embedded_as_csv(booklets):
    with pikepdf.open(booklets["a-3u"] / "TH-83.pdf") as pdf:
        [spec] = list(pdf.Root.AF)
        assert spec.AFRelationship == "/Data" and str(spec.UF) == "TH-83.csv"
        stream = spec.EF.F
        assert stream.Subtype == "/text/csv"
        rows = list(csv.DictReader(io.StringIO(stream.read_bytes().decode("utf-8"))))
        assert list(pdf.attachments) == ["TH-83.csv"]
    # one row per LAO of the booklet's table, with the numbers the table prints
    assert len(rows) > 10 and all(r["dla_code"] for r in rows)
    text = "\n".join("\n".join(p) for p in pdftotext_pages(booklets["a-3u"] / "TH-83.pdf"))
    first = rows[0]
    assert first["name_th"] and first["overall"]
    from saraban.thai.numerals import to_thai_digits
    assert to_thai_digits(first["overall"]) in text
    with pikepdf.open(booklets["a-3u"] / "national.pdf") as pdf:
        national = pdf.attachments["national.csv"].get_file().read_bytes().decode("utf-8")
    assert national.splitlines()[0].startswith("province_code,name_th") and "TH-83,ภูเก็ต" in national


def test_a2u_embeds_nothing_and_none_is_plain(booklets):
    with pikepdf.open(booklets["a-2u"] / "TH-83.pdf") as pdf:
        assert "/AF" not in pdf.Root and not pdf.attachments
    with pikepdf.open(booklets["none"] / "TH-83.pdf") as pdf:
        assert "/Metadata" not in pdf.Root and "/OutputIntents" not in pdf.Root
        assert pdfa_checks.check_fonts(pdf) == []


def test_page_labels_as_printed(booklets):
    path = booklets["a-3u"] / "TH-83.pdf"
    pages = pdftotext_pages(path)
    with pikepdf.open(path) as pdf:
        labels = pdfa_checks.labels(pdf)
    assert labels[:3] == ["๑", "๒", "๓"] and len(labels) == len(pages)
    # every page that prints a folio prints its label
    for label, lines in zip(labels, pages):
        folio = [ln.strip() for ln in lines if ln.strip() == label]
        others = [ln.strip() for ln in lines if ln.strip() in labels and ln.strip() != label]
        assert folio or not others, (label, others)


def test_contents_entries_link_to_their_sections(booklets):
    path = booklets["a-3u"] / "TH-83.pdf"
    pages = pdftotext_pages(path)
    with pikepdf.open(path) as pdf:
        found = pdfa_checks.links(pdf)
        labels = pdfa_checks.labels(pdf)
        assert pdf.Root.PageMode == "/UseOutlines"
    contents = [i for i, p in enumerate(pages) if any(ln.strip() == "สารบัญ" for ln in p)][0]
    entries = [target for page, target, _ in found if page == contents]
    assert entries and all(t.startswith("page ") for t in entries)
    # each entry (title and page number, two links) leads to the page whose label it prints
    lines = [ln for ln in pages[contents] if ln.strip() and ln.strip() != "สารบัญ"]
    for target in set(entries):
        index = int(target.split()[1])
        assert any(ln.rstrip().endswith(labels[index]) for ln in lines), target
        # the section's title is on that page
    first = int(entries[0].split()[1])
    assert "สรุปผลการประเมินของจังหวัด" in "".join(pages[first])


def test_qr_codes_and_addresses_are_links(booklets):
    with pikepdf.open(booklets["a-3u"] / "TH-83.pdf") as pdf:
        found = pdfa_checks.links(pdf)
        last = len(pdf.pages) - 1
    cover = [t for p, t, _ in found if p == 0]
    assert cover == ["https://www.dla.go.th/ebook/lpa/lpa-2563-th-83-phuket.html"] * 2   # the code, its address
    back = [t for p, t, _ in found if p == last]
    assert "https://www.dla.go.th" in back
    assert any("satisfaction" in t for _, t, _ in found)


def test_text_layer_unchanged_by_archiving(booklets):
    for name in ("TH-83.pdf", "national.pdf"):
        assert pdftotext_pages(booklets["a-3u"] / name) == pdftotext_pages(booklets["none"] / name)
