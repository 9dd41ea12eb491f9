"""A letter of several pages: "- ๒ -", "- ๓ -" at the top, "/คำต่อ…" at the foot of every page that
continues, the closing and signature never alone, the contact block and the copies at the foot."""

from __future__ import annotations

import re

import pytest

from saraban.letters.build import build_letters

from helpers import CM, find_line, letter_variant, page_count, pdf_lines, squash

PARAGRAPH = ("กรมส่งเสริมการปกครองท้องถิ่นขอให้จังหวัดแจ้งองค์กรปกครองส่วนท้องถิ่นในพื้นที่ดำเนินการตามแนวทาง"
             "ที่กำหนด โดยให้รายงานผลการดำเนินงานภายในวันที่ 30 ธันวาคม 2564 ทั้งนี้ หากมีข้อสงสัยประการใด "
             "สามารถสอบถามได้ที่กลุ่มงานส่งเสริมการบริหารกิจการบ้านเมืองที่ดีท้องถิ่น")


def test_long_letter(tmp_path):
    body = "\n\n".join(f"{i}. {PARAGRAPH}" for i in range(1, 17))
    copies = 'copies = ["ผู้อำนวยการสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด ทุกจังหวัด"]\n\n'
    spec = letter_variant(tmp_path, {"จึงเรียนมาเพื่อโปรดพิจารณา": body + "\n\nจึงเรียนมาเพื่อโปรดพิจารณา",
                                     "[[enclosures]]": copies + "[[enclosures]]"})
    build_letters(spec, tmp_path / "x.pdf")
    pages = page_count(tmp_path / "x.pdf") - 1  # the last page is the QR enclosure page
    assert pages >= 3
    thai = "๐๑๒๓๔๕๖๗๘๙"
    for n in range(1, pages + 1):
        lines = pdf_lines(tmp_path / "x.pdf", n)
        if n > 1:
            assert lines[0]["text"].replace(" ", "") == f"-{thai[n]}-"
        if n < pages:
            mark = [l for l in lines if l["text"].startswith("/")][-1]
            word = mark["text"][1:-1]
            following = LABEL.sub("", squash(pdf_lines(tmp_path / "x.pdf", n + 1)[1]["text"]))
            assert following.startswith(word), (n, word, following)
        else:
            closing = find_line(lines, "ขอแสดงความนับถือ")
            body_lines = [l for l in lines if l["baseline"] < closing["baseline"] and l["baseline"] > 2.0]
            assert len(body_lines) >= 2  # the closing is not alone with the signature
            contact = find_line(lines, "กลุ่มงานส่งเสริม")
            copies = find_line(lines, "สำเนาส่ง")
            assert copies["baseline"] > contact["baseline"]  # after the contact block, at the foot
            assert copies["baseline"] == pytest.approx(29.7 - 2.0 - 0.17, abs=0.1)


LABEL = re.compile(r"^(?:\([๐-๙]+\)|[๐-๙]+(?:\.[๐-๙]+)*\.?)\s+")


def _marks_and_next_lines(pdf, pages):
    """(mark word, first text line of the next page) for every page that continues."""
    out = []
    for n in range(1, pages):
        mark = [l for l in pdf_lines(pdf, n) if l["text"].startswith("/")][-1]
        nxt = [l for l in pdf_lines(pdf, n + 1) if l["text"] != "ลับ" and not l["text"].startswith("-")]
        out.append((mark["text"][1:-1], squash(nxt[0]["text"])))
    return out


def test_the_mark_is_the_first_word_after_an_item_label(tmp_path):
    body = "\n\n".join(f"{i}. {PARAGRAPH}" for i in range(1, 13))
    spec = letter_variant(tmp_path, {"จึงเรียนมาเพื่อโปรดพิจารณา": body + "\n\nจึงเรียนมาเพื่อโปรดพิจารณา"})
    build_letters(spec, tmp_path / "x.pdf")
    pairs = _marks_and_next_lines(tmp_path / "x.pdf", page_count(tmp_path / "x.pdf") - 1)
    assert pairs
    labelled = [(w, line) for w, line in pairs if LABEL.match(line)]
    assert labelled, pairs  # the body is cut where a page starts with "๓. …"
    for word, line in pairs:
        assert not re.fullmatch(r"[๐-๙.()]+", word), (word, line)   # never "/๒…"
        assert LABEL.sub("", line).startswith(word), (word, line)


def test_the_mark_before_a_table_continued_is_its_header(tmp_path):
    rows = "".join(f"| {n} | องค์การบริหารส่วนตำบลทดสอบ{n} | {n * 137} |\n" for n in range(1, 41))
    body = ("ขอส่งรายชื่อองค์กรปกครองส่วนท้องถิ่นที่ยังไม่รายงาน ดังนี้\n\n"
            "| ลำดับ | องค์กรปกครองส่วนท้องถิ่น | จำนวนเรื่อง |\n|--|----------|---|\n" + rows)
    spec = letter_variant(tmp_path, {"จึงเรียนมาเพื่อโปรดพิจารณา": body + "\nจึงเรียนมาเพื่อโปรดพิจารณา"})
    build_letters(spec, tmp_path / "t.pdf")
    pairs = _marks_and_next_lines(tmp_path / "t.pdf", page_count(tmp_path / "t.pdf") - 1)
    assert pairs
    assert pairs[0] == ("ลำดับ", "ลำดับ")   # the header's first cell, set again on the next page
    for word, line in pairs:
        assert line.startswith(word)


def test_secrecy_stamp_and_page_number_do_not_touch(tmp_path):
    """"ลับ" at the top centre and "- ๒ -" below it on continuation pages, boxes apart; the body
    starts below the number."""
    import pdfplumber

    body = "\n\n".join(f"{i}. {PARAGRAPH}" for i in range(1, 9))
    spec = letter_variant(tmp_path, {"จึงเรียนมาเพื่อโปรดพิจารณา": body + "\n\nจึงเรียนมาเพื่อโปรดพิจารณา",
                                     'kind = "external"': 'kind = "external"\nsecrecy = "ลับที่สุด"'})
    build_letters(spec, tmp_path / "s.pdf")
    with pdfplumber.open(str(tmp_path / "s.pdf")) as pdf:
        for page in pdf.pages[1:-1]:   # continuation pages (the last is the QR page)
            red = [c for c in page.chars if c.get("non_stroking_color") and c["non_stroking_color"][0] > 0.5]
            stamp_bottom = max(c["bottom"] for c in red if c["top"] < page.height / 2)
            dash = [c for c in page.chars if c["text"] == "-" and c["top"] < 3 * CM]
            assert dash, page.page_number
            number = [c for c in page.chars if abs(c["matrix"][5] - dash[0]["matrix"][5]) < 0.1]
            assert squash("".join(c["text"] for c in number)) == f"- {'๐๑๒๓๔๕๖๗๘๙'[page.page_number]} -"
            number_top = min(c["top"] for c in number)
            assert number_top >= stamp_bottom, (number_top / CM, stamp_bottom / CM)
            black = [c for c in page.chars if c not in red and c not in number and c["top"] < page.height / 2]
            assert min(c["top"] for c in black) >= max(c["bottom"] for c in number)
