"""A letter of several pages: "- ๒ -", "- ๓ -" at the top, "/คำต่อ…" at the foot of every page that
continues, the closing and signature never alone, the contact block and the copies at the foot."""

from __future__ import annotations

import pytest

from saraban.letters.build import build_letters

from helpers import find_line, letter_variant, page_count, pdf_lines

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
            following = pdf_lines(tmp_path / "x.pdf", n + 1)[1]["text"]
            assert following.startswith(word), (n, word, following)
        else:
            closing = find_line(lines, "ขอแสดงความนับถือ")
            body_lines = [l for l in lines if l["baseline"] < closing["baseline"] and l["baseline"] > 2.0]
            assert len(body_lines) >= 2  # the closing is not alone with the signature
            contact = find_line(lines, "กลุ่มงานส่งเสริม")
            copies = find_line(lines, "สำเนาส่ง")
            assert copies["baseline"] > contact["baseline"]  # after the contact block, at the foot
            assert copies["baseline"] == pytest.approx(29.7 - 2.0 - 0.17, abs=0.1)
