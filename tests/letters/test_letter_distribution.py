"""The distribution list (บัญชีรายชื่อแนบท้าย): the fewest pages that hold it, the names shared
evenly between the pages and between the two columns of each page, the heading carried to every
page after the first with "(ต่อ)", and "- ๒ -" on those pages."""

from __future__ import annotations

import pytest

from saraban.letters.build import typesetter_for
from saraban.letters.layout import LetterComposer
from saraban.letters.render import render_letter
from saraban.letters.spec import load_spec

from helpers import letter_variant, plan_page_lines

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.fixture(scope="module")
def composer_and_letter(tmp_path_factory):
    spec = load_spec(letter_variant(tmp_path_factory.mktemp("list")))
    return LetterComposer(typesetter_for(spec)), render_letter(spec)


def _columns(page):
    """Entry numbers of each column of a page plan, left column first."""
    numbers = [i for i in page.items if i.role == "list-number"]
    xs = sorted({round(i.x) for i in numbers})
    return [[i.text for i in numbers if round(i.x) == x] for x in xs]


@pytest.mark.parametrize("count, pages", [(5, 1), (40, 1), (76, 2), (150, 3), (151, 3)])
def test_pages_and_columns_are_balanced(composer_and_letter, count, pages):
    composer, letter = composer_and_letter
    names = [f"ผู้ว่าราชการจังหวัดทดสอบ{n}" for n in range(1, count + 1)]
    plan = composer.distribution_list(letter, names)
    assert len(plan.pages) == pages
    sizes = []
    for n, page in enumerate(plan.pages, start=1):
        columns = _columns(page)
        lengths = [len(c) for c in columns]
        sizes.append(sum(lengths))
        if count > 38:
            assert len(columns) == 2 and 0 <= lengths[0] - lengths[1] <= 1, (n, lengths)
        lines = plan_page_lines(page)
        if n == 1:
            assert lines[0] == "บัญชีรายชื่อแนบท้าย" and lines[1].startswith("ประกอบหนังสือ")
            assert not page.find("page-number")
        else:
            assert lines[:2] == [f"- {str(n).translate(THAI)} -", "บัญชีรายชื่อแนบท้าย (ต่อ)"]
    assert sum(sizes) == count and max(sizes) - min(sizes) <= 1
    # numbered in reading order: down the first column, then the second, page after page
    order = [t for page in plan.pages for column in _columns(page) for t in column]
    assert order == [f"{n}.".translate(THAI) for n in range(1, count + 1)]


def test_a_full_first_page_is_not_followed_by_two_names_alone(composer_and_letter):
    composer, letter = composer_and_letter
    one_page = max(n for n in range(60, 80)
                   if len(composer.distribution_list(letter, ["ผู้ว่าราชการจังหวัดก"] * n).pages) == 1)
    assert one_page in (72, 74)    # what a single page holds: 36 or 37 lines of two columns
    plan = composer.distribution_list(letter, ["ผู้ว่าราชการจังหวัดก"] * (one_page + 2))
    assert [len(p.find("list-entry")) for p in plan.pages] == [one_page // 2 + 1] * 2


def test_long_names_in_one_column_carry_the_heading(composer_and_letter):
    composer, letter = composer_and_letter
    names = ["ผู้อำนวยการสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดพระนครศรีอยุธยา และนายอำเภอทุกอำเภอ"] * 60
    plan = composer.distribution_list(letter, names)
    assert len(plan.pages) >= 2
    for page in plan.pages:
        assert len(_columns(page)) == 1
    assert plan_page_lines(plan.pages[-1])[1] == "บัญชีรายชื่อแนบท้าย (ต่อ)"


def test_secret_list_number_below_the_stamp(tmp_path):
    spec = load_spec(letter_variant(tmp_path, {'kind = "external"': 'kind = "external"\nsecrecy = "ลับ"'}))
    composer = LetterComposer(typesetter_for(spec))
    plan = composer.distribution_list(render_letter(spec), [f"ผู้ว่าราชการจังหวัด{n}" for n in range(90)])
    page = plan.pages[1]
    stamp = page.find("secrecy")[0]
    number = page.find("page-number")[0]
    assert number.top <= stamp.top - stamp.layout.height       # boxes apart
    assert page.find("list-title")[0].top <= number.top - number.layout.height
