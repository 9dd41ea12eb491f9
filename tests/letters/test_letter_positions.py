"""Positions of the letter-format spec, read back from the rendered PDF with pdfplumber.

Geometry defaults (letter-format.md, "Page-1 geometry defaults"), in cm from the top-left: L 3.0,
R 2.0, bottom 2.0; Garuda 3.0 high, top 1.5, centred on the text area; ที่ at x 3.0, baseline 4.2;
owner block at x 13.0, first baseline level with ที่; date at x 11.5, 1 Enter + 6 pt below the
address; headings at x 3.0, 1 Enter + 6 pt apart; body first line at x 5.5; closing at the date x;
(name) 4 lines below the closing, centred on x 13.0; contact block at the page foot.
"""

from __future__ import annotations

import pytest

from saraban.letters.build import build_letters

from helpers import CM, find_line, letter_variant, page_count, pdf_lines

#: Tolerance of a position, cm (0.02 cm = 0.57 pt; glyph side bearings are smaller than this).
TOL = 0.05
#: One line of TH Sarabun 16 pt: 17.6 pt.
PITCH = 17.6 / CM
#: "1 Enter + Before 6 pt".
ENTER_6 = PITCH + 6 / CM


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed")
    spec = letter_variant(folder)
    build_letters(spec, folder / "seed.pdf")
    return folder / "seed.pdf"


def test_page_one_head(seed_pdf):
    lines = pdf_lines(seed_pdf, 1)
    number = find_line(lines, "ที่ มท")
    assert number["x0"] == pytest.approx(3.0, abs=TOL)
    assert number["baseline"] == pytest.approx(4.2, abs=TOL)
    owner = find_line(lines, "กรมส่งเสริมการปกครองท้องถิ่น")
    assert owner["x0"] == pytest.approx(13.0, abs=TOL)
    assert owner["baseline"] == pytest.approx(4.2, abs=TOL)
    address = [l for l in lines if l["x0"] == pytest.approx(13.0, abs=TOL)]
    assert all(l["x1"] <= 19.0 + 0.01 for l in address)
    date = find_line(lines, "๒๕ พฤศจิกายน ๒๕๖๔")
    assert date["x0"] == pytest.approx(11.5, abs=TOL)
    assert date["baseline"] - address[-1]["baseline"] == pytest.approx(ENTER_6, abs=0.02)
    subject = find_line(lines, "เรื่อง")
    assert subject["x0"] == pytest.approx(3.0, abs=TOL)
    assert subject["baseline"] - date["baseline"] == pytest.approx(ENTER_6, abs=0.02)


def test_emblem_box(seed_pdf):
    import pdfplumber

    with pdfplumber.open(str(seed_pdf)) as pdf:
        images = pdf.pages[0].images
        assert len(images) == 1
        im = images[0]
        assert im["height"] / CM == pytest.approx(3.0, abs=0.01)
        assert im["width"] / CM == pytest.approx(2.73, abs=0.01)
        assert im["top"] / CM == pytest.approx(1.5, abs=0.01)
        centre = (im["x0"] + im["x1"]) / 2 / CM
        assert centre == pytest.approx(3.0 + 16.0 / 2, abs=0.01)
        assert not pdf.pages[1].images  # no Garuda on continuation pages


def test_headings_hang_and_items_align(seed_pdf):
    lines = pdf_lines(seed_pdf, 1)
    subject = find_line(lines, "เรื่อง")
    i = lines.index(subject)
    # the wrapped subject lines start where the subject's text starts, not under the label
    content_x = lines[i + 1]["x0"]
    assert content_x > 3.0 + 0.8
    assert lines[i + 2]["x0"] == pytest.approx(content_x, abs=TOL)
    recipient = find_line(lines, "เรียน")
    assert recipient["x0"] == pytest.approx(3.0, abs=TOL)
    assert recipient["baseline"] - lines[i + 2]["baseline"] == pytest.approx(ENTER_6, abs=0.02)
    ref1 = find_line(lines, "อ้างถึง")
    ref2 = find_line(lines, "๒.")
    assert ref2["baseline"] - ref1["baseline"] == pytest.approx(PITCH, abs=0.02)
    # "๑." sits after the label, "๒." directly under it, and the two item texts start together
    import pdfplumber

    with pdfplumber.open(str(seed_pdf)) as pdf:
        chars = pdf.pages[0].chars
    def row(baseline):
        return [c for c in chars if abs((pdf_height(seed_pdf) - c["matrix"][5]) / CM - baseline) < 0.01]
    r1, r2 = row(ref1["baseline"]), row(ref2["baseline"])
    one = next(c for c in r1 if c["text"] == "๑")
    two = next(c for c in r2 if c["text"] == "๒")
    assert one["x0"] == pytest.approx(two["x0"], abs=0.1)
    text1 = next(c for c in r1 if c["text"] == "ห")  # หนังสือ…
    text2 = next(c for c in r2 if c["text"] == "ห")
    assert text1["x0"] == pytest.approx(text2["x0"], abs=0.01)
    assert text1["x0"] > one["x1"]


def pdf_height(path) -> float:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return pdf.pages[0].height


def test_body_indent_and_justified_edges(seed_pdf):
    lines = pdf_lines(seed_pdf, 1)
    first = find_line(lines, "ตามที่กรมส่งเสริม")
    assert first["x0"] == pytest.approx(5.5, abs=TOL)
    k = lines.index(first)
    body = lines[k:k + 5]
    for line in body[1:]:
        assert line["x0"] == pytest.approx(3.0, abs=TOL)
    for line in body[:-1]:  # justified lines end at the right margin (19.0 cm)
        assert 19.0 - 0.05 <= line["x1"] <= 19.0 + 0.01, line["text"]
    for page in range(1, page_count(seed_pdf) + 1):
        for line in pdf_lines(seed_pdf, page):
            assert 3.0 - TOL <= line["x0"] and line["x1"] <= 19.0 + 0.01, line["text"]
            assert 1.0 <= line["baseline"] <= 29.7 - 2.0, line["text"]


def test_closing_signature_and_foot(seed_pdf):
    lines = pdf_lines(seed_pdf, 2)
    closing = find_line(lines, "ขอแสดงความนับถือ")
    assert closing["x0"] == pytest.approx(11.5, abs=TOL)
    name = find_line(lines, "(นายประยูร")
    assert (name["x0"] + name["x1"]) / 2 == pytest.approx(13.0, abs=TOL)
    assert name["baseline"] - closing["baseline"] == pytest.approx(4 * PITCH, abs=0.02)
    position = find_line(lines, "อธิบดีกรมส่งเสริม")
    assert (position["x0"] + position["x1"]) / 2 == pytest.approx(13.0, abs=TOL)
    assert position["baseline"] - name["baseline"] == pytest.approx(PITCH, abs=0.02)
    contact = find_line(lines, "กลุ่มงานส่งเสริม")
    last = lines[-1]
    assert contact["x0"] == pytest.approx(3.0, abs=TOL) and last["x0"] == pytest.approx(3.0, abs=TOL)
    assert last["text"].startswith("ผู้ประสานงาน")
    # the contact block is pushed to the foot: its last line box ends at the 2 cm margin
    assert 29.7 - 2.0 - PITCH < last["baseline"] < 29.7 - 2.0
    assert contact["baseline"] - position["baseline"] >= 3 * PITCH  # ≥ 2 blank lines between


def test_continuation_marks(seed_pdf):
    p1, p2 = pdf_lines(seed_pdf, 1), pdf_lines(seed_pdf, 2)
    mark = p1[-1]
    assert mark["text"].startswith("/") and mark["text"].endswith("…")
    assert mark["x1"] == pytest.approx(19.0, abs=TOL)
    word = mark["text"][1:-1]
    number = p2[0]
    assert number["text"].replace(" ", "") == "-๒-"
    assert (number["x0"] + number["x1"]) / 2 == pytest.approx(11.0, abs=TOL)
    assert number["baseline"] == pytest.approx(1.5, abs=TOL)
    assert p2[1]["text"].startswith(word)  # "/คำต่อ…" is the first word of the next page
    assert p2[1]["baseline"] == pytest.approx(2.5 + 0.6, abs=0.15)  # body starts ≈ 2.5 cm down


def test_urgency_and_secrecy_stamps_are_red(tmp_path):
    spec = letter_variant(tmp_path, {'kind = "external"': 'kind = "external"\nurgency = "ด่วนที่สุด"\nsecrecy = "ลับ"'})
    build_letters(spec, tmp_path / "s.pdf")
    lines = pdf_lines(tmp_path / "s.pdf", 1)
    urgency = find_line(lines, "ด่วนที่สุด")
    assert urgency["x0"] == pytest.approx(3.0, abs=0.1)
    assert urgency["baseline"] < find_line(lines, "ที่ มท")["baseline"]
    assert tuple(urgency["color"]) == pytest.approx((0.85, 0.0, 0.0))
    assert urgency["size"] >= 32 * 0.654 - 0.1  # 32 TH Sarabun points in Sarabun's scale
    for page in range(1, page_count(tmp_path / "s.pdf") + 1):
        stamps = [l for l in pdf_lines(tmp_path / "s.pdf", page) if l["text"] == "ลับ"]
        assert len(stamps) == 2, page  # top centre and bottom centre of every page
        for s in stamps:
            assert (s["x0"] + s["x1"]) / 2 == pytest.approx(10.5, abs=TOL)
            assert tuple(s["color"]) == pytest.approx((0.85, 0.0, 0.0))


def test_memo_form(tmp_path):
    spec = letter_variant(tmp_path, {'kind = "external"': 'kind = "memo"'})
    build_letters(spec, tmp_path / "m.pdf")
    lines = pdf_lines(tmp_path / "m.pdf", 1)
    title = find_line(lines, "บันทึกข้อความ")
    assert (title["x0"] + title["x1"]) / 2 == pytest.approx(11.0, abs=TOL)
    assert title["size"] == pytest.approx(29 * 0.654, abs=0.2)
    for label in ("ส่วนราชการ", "ที่", "เรื่อง"):
        assert find_line(lines, label)["x0"] == pytest.approx(3.0, abs=TOL)
    date = [l for l in lines if l["text"].startswith("วันที่")][0]
    assert date["x0"] == pytest.approx(11.0, abs=TOL)
    assert date["baseline"] == pytest.approx(find_line(lines, "ที่")["baseline"], abs=0.01)
    pages = range(1, page_count(tmp_path / "m.pdf") + 1)
    text = " ".join(l["text"] for p in pages for l in pdf_lines(tmp_path / "m.pdf", p))
    assert "ขอแสดงความนับถือ" not in text  # a memo has no closing phrase
    name = next(l for p in pages for l in pdf_lines(tmp_path / "m.pdf", p) if l["text"].startswith("(นาย"))
    assert (name["x0"] + name["x1"]) / 2 == pytest.approx(15.0, abs=TOL)  # right half of the text area
    import pdfplumber

    with pdfplumber.open(str(tmp_path / "m.pdf")) as pdf:
        dotted = [l for l in pdf.pages[0].lines if abs(l["x1"] / CM - 19.0) < 0.01]
        assert len(dotted) >= 3  # the dotted leaders of ส่วนราชการ, วันที่ and เรื่อง reach the margin
