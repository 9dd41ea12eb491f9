"""A letter that spills a few lines onto another page is tightened first: the space above its
body paragraphs and its closing shrinks — evenly, no more than needed, never below the form's
``space_before_min_pt`` — and the layout log says so; a letter that cannot be saved a page this
way is left as it was."""

from __future__ import annotations

import re

import pytest

from saraban.letters.build import build_letters, compose_letters, typesetter_for
from saraban.letters.layout import LetterComposer
from saraban.letters.spec import load_spec

from helpers import CM, letter_variant, page_count, pdf_lines, find_line

#: The seed's second paragraph without its last sentence: the seed then spills its last three
#: lines, the closing and the signature onto page 2 — and fits on page 1 when tightened.
CUT = re.compile(r" ทั้งนี้ สามารถดาวน์โหลด.*?สิ่งที่ส่งมาด้วย", re.S)


def _nearly_fitting(folder, form=""):
    spec = letter_variant(folder, {'kind = "external"': 'kind = "external"\n' + form})
    spec.write_text(CUT.sub("", spec.read_text(encoding="utf-8")), encoding="utf-8")
    return spec


def _plan(spec):
    spec = load_spec(spec)
    _, [plan], _ = compose_letters(spec, LetterComposer(typesetter_for(spec)))
    return plan


def test_a_letter_that_nearly_fits_is_tightened_onto_one_page(tmp_path):
    plan = _plan(_nearly_fitting(tmp_path))
    assert len([p for p in plan.pages if p.find("body")]) == 1
    [note] = plan.notes
    assert note.startswith("tightened: space above body paragraphs 6.0 → ")
    assert "the letter ends on page 1 instead of page 2" in note
    assert plan.dump().startswith(f"note: {note}\n== page 1\n")
    # in the PDF: paragraphs 1 Enter + 3–6 pt apart, the closing 1 Enter + 6–12 pt below the body
    build_letters(_nearly_fitting(tmp_path), tmp_path / "x.pdf")
    assert page_count(tmp_path / "x.pdf") == 2          # the letter and its QR page
    lines = pdf_lines(tmp_path / "x.pdf", 1)
    pitch = 17.6 / CM
    second = find_line(lines, "กรมส่งเสริมการปกครองท้องถิ่นขอส่ง")
    above = max(l["baseline"] for l in lines if l["baseline"] < second["baseline"] - 0.1)
    gap = (second["baseline"] - above - pitch) * CM
    assert 3.0 - 0.1 <= gap < 6.0 - 0.1, gap
    closing = find_line(lines, "ขอแสดงความนับถือ")
    last = find_line(lines, "จึงเรียนมาเพื่อโปรดพิจารณา")
    gap = (closing["baseline"] - last["baseline"] - pitch) * CM
    assert 6.0 - 0.1 <= gap < 12.0 - 0.1, gap


def test_no_tightening_where_the_form_allows_none(tmp_path):
    form = "form = { body = { space_before_min_pt = 6 }, closing = { space_before_min_pt = 12 } }"
    plan = _plan(_nearly_fitting(tmp_path, form))
    assert len([p for p in plan.pages if p.find("body")]) == 2
    assert plan.notes == () and "note:" not in plan.dump()


def test_a_letter_a_page_cannot_be_saved_for_is_left_alone(tmp_path):
    plan = _plan(letter_variant(tmp_path))        # the seed: its page 2 is too full to save
    assert plan.notes == ()
    body = plan.pages[0].find("body")
    tops = sorted({round(i.top, 2) for i in body}, reverse=True)
    assert tops[4] - tops[5] == pytest.approx(17.6 + 6.0, abs=0.05)  # a 5-line paragraph, then 6 pt
