"""Line breaks that follow Thai office conventions (issue 9): the unit recognisers, the break
penalties they set, and a corpus of names, dates, numbers, URLs, quotes, document numbers and
compounds set at 8, 11 and 16 cm in Sarabun, Laksaman and TH SarabunIT๙ (when installed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import readers
from saraban.thai import units as U
from saraban.thai.layout import ParagraphStyle
from saraban.thai.linebreak import EMERGENCY, break_lines
from saraban.thai.segment import COMPOUND, LINKED, PROTECTED, SPACE, URL, WORD, Break, default_segmenter
from saraban.thai.shape import TextStyle

FIXTURE = Path(__file__).parents[1] / "fixtures" / "thai-units.txt"
MARK = re.compile("⟦([^⟧]*)⟧")
CM = 72 / 2.54
WIDTHS_CM = (8, 11, 16)
FAMILIES = ("Sarabun", "Laksaman", readers.SARABUN_IT)
GUARDED = (PROTECTED, LINKED)


def corpus() -> list[tuple[str, list[tuple[int, int]]]]:
    """The fixture's paragraphs without the ⟦⟧ marks, each with its marked spans."""
    out = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, last = "", [], 0
        for m in MARK.finditer(line):
            text += line[last:m.start()]
            spans.append((len(text), len(text) + len(m.group(1))))
            text += m.group(1)
            last = m.end()
        out.append((text + line[last:], spans))
    return out


CORPUS = corpus()


def units_of(text):
    seg = default_segmenter().segment(text)
    return [(u.kind, text[u.start:u.end]) for u in seg.units]


# -- recognisers -----------------------------------------------------------------------------

@pytest.mark.parametrize("text,kind,unit", [
    ("แจ้งนายสมชาย ใจดี ทราบ", U.NAME, "นายสมชาย ใจดี"),
    ("และนางสาวสุดา รักษ์ถิ่น", U.NAME, "นางสาวสุดา รักษ์ถิ่น"),
    ("ผศ.ดร.สุดา รักไทย", U.NAME, "ผศ.ดร.สุดา รักไทย"),
    ("ว่าที่ร้อยตรีสมชาย ใจดี", U.NAME, "ว่าที่ร้อยตรีสมชาย ใจดี"),
    ("แจ้งนายสมชาย ณ นคร", U.NAME, "ณ นคร"),
    ("ที่ มท 0810.7/ว 4419 ลง", U.DOCUMENT, "มท 0810.7/ว 4419"),
    ("ที่ ศธ ๐๔๐๐๑/๑๒๓", U.DOCUMENT, "ศธ ๐๔๐๐๑/๑๒๓"),
    ("ลงวันที่ 25 พฤศจิกายน 2564", U.DATE, "25 พฤศจิกายน 2564"),
    ("เมื่อ ๑ ม.ค. ๖๗", U.DATE, "๑ ม.ค. ๖๗"),
    ("ประจำปี พ.ศ. ๒๕๖๔", U.NUMBER, "พ.ศ. ๒๕๖๔"),
    ("ผ่าน ร้อยละ ๙๗.๒๐ ของ", U.NUMBER, "ร้อยละ ๙๗.๒๐"),
    ("ภายใน ๒๔ ชั่วโมง", U.NUMBER, "๒๔ ชั่วโมง"),
    ("เวลา ๐๘.๓๐ น. เป็นต้นไป", U.NUMBER, "๐๘.๓๐ น."),
    ("โทร. ๐ ๒๒๔๑ ๙๐๐๐", U.PHONE, "๐ ๒๒๔๑ ๙๐๐๐"),
    ("โทร. ๐ ๒๒๔๑ ๙๐๐๐", U.NUMBER, "โทร. ๐ ๒๒๔๑ ๙๐๐๐"),
    ("อยู่ จ.เชียงใหม่", U.ABBREVIATION, "จ.เชียงใหม่"),
    ("ดูที่ https://www.dla.go.th/a?b=1. ต่อ", U.URL, "https://www.dla.go.th/a?b=1"),
    ("ส่ง saraban@dla.go.th ได้", U.EMAIL, "saraban@dla.go.th"),
])
def test_recogniser_finds(text, kind, unit):
    assert (kind, unit) in units_of(text)


@pytest.mark.parametrize("text", [
    "นายอำเภอเมืองได้สั่งการ",    # a position, not a title and a name
    "นางฟ้า",                    # a word that starts like a title
    "๕ คนละ ๒ ชุด",               # คน inside คนละ is no unit after ๕ (but ชุด is)
])
def test_recogniser_leaves_alone(text):
    found = units_of(text)
    assert all(kind != U.NAME for kind, _ in found)
    assert ("number", "๕ คน") not in found


def test_a_name_glued_to_running_text_keeps_only_the_title_and_the_next_word():
    text = "นายสมชายได้รับมอบหมายให้ดำเนินการตรวจสอบข้อเท็จจริงทั้งหมด"
    names = [u for k, u in units_of(text) if k == U.NAME]
    assert names and all(len(u) < 12 for u in names)


def test_url_break_points_are_after_the_allowed_characters_only():
    text = "https://www.dla.go.th/upload/EbookServlet?ebookGroup=2&year=2564-11"
    (url,) = default_segmenter().segment(text).units
    assert {text[b - 1] for b in url.breaks} <= set("/?&=.")  # not "-": pdftotext drops it
    assert min(url.breaks) > len("https://")  # nothing inside the scheme
    assert len(url.breaks) >= 8


# -- the breaker with penalties (fixed widths: a character is one unit wide) ------------------

def run(text, breaks, width):
    return break_lines(len(text), breaks, lambda a, b: len(text[a:b].rstrip(" ")), lambda s: width,
                       lambda a, b: list(range(a + 1, b)))


def test_a_protected_break_is_taken_only_when_the_unit_does_not_fit():
    text = "aaaa bbb ccc dd"
    breaks = [Break(5, SPACE), Break(9, PROTECTED), Break(13, SPACE)]
    # "bbb ccc" is a unit: the first line stays short rather than split it
    assert [text[l.start:l.end] for l in run(text, breaks, 10)] == ["aaaa ", "bbb ccc dd"]
    # wider than the line: it breaks inside, at the protected break and not at a cluster
    lines = run(text, breaks, 6)
    assert [text[l.start:l.end] for l in lines] == ["aaaa ", "bbb ", "ccc dd"]
    assert [l.kind for l in lines][:2] == [SPACE, PROTECTED]


def test_a_chain_of_units_breaks_at_a_link_first():
    text = "aaaa bb cccc"
    for first, second in ((LINKED, PROTECTED), (PROTECTED, LINKED)):
        lines = run(text, [Break(5, first), Break(8, second)], 9)
        assert lines[0].kind == LINKED


def test_url_breaks_fill_the_line_before_a_url():
    text = "aaaa http://bb/cc/dd/ee"
    breaks = [Break(5, SPACE), *(Break(p + 1, URL) for p, c in enumerate(text) if c == "/" and p > 11)]
    lines = run(text, breaks, 16)
    assert lines[0].end > 5  # not left at "aaaa " with 11 units of slack
    assert all(l.kind != EMERGENCY for l in lines)


# -- the corpus ------------------------------------------------------------------------------

def test_recognisers_cover_every_marked_unit():
    """No free break (one the breaker takes at will) inside any marked unit."""
    seg = default_segmenter()
    for text, spans in CORPUS:
        pairs = seg.segment(text).pairs
        for a, b in spans:
            free = [(p, kind) for p, kind in pairs if a < p < b and kind not in GUARDED]
            assert not free, (text[a:b], free)


def _widths(typesetter, family):
    try:
        typesetter.library.family(family)
    except Exception:
        pytest.skip(f"{family} is not installed (offices have it; put its .ttf files in a fonts/ folder "
                    f"or $SARABAN_FONT_PATH to include it)")
    return [cm * CM for cm in WIDTHS_CM]


@pytest.mark.parametrize("family", FAMILIES)
def test_corpus_breaks_follow_the_conventions(typesetter, family):
    """At 8, 11 and 16 cm: no marked unit split when it fits on a line; URLs break only after
    / ? & = . -; every other break at a word edge of the corrected segmentation or after a space;
    the line before a URL is not left loose."""
    style = ParagraphStyle(TextStyle(family=family), align="thai-distributed", first_indent=2.5 * CM)
    seg = default_segmenter()
    checked = 0
    for width in _widths(typesetter, family):
        for text, spans in CORPUS:
            lay = typesetter.layout(text, style, width)
            segmentation = seg.segment(text)
            edges = {a for a, _b in segmentation.tokens}
            urls = [u for u in segmentation.units if u.kind in (U.URL, U.EMAIL)]
            for k, ln in enumerate(lay.lines[:-1]):
                cut = ln.end
                where = f"{family} {width / CM:g} cm, line {k + 1}: {lay.line_text(ln)!r}"
                assert ln.kind != EMERGENCY, where
                for a, b in spans:
                    if a < cut < b:
                        fits = typesetter.layout(text[a:b], style, 10 ** 6).lines[0].width
                        assert fits > width - style.left_indent, f"{where} splits {text[a:b]!r}"
                url = next((u for u in urls if u.start < cut < u.end), None)
                if url:
                    assert text[cut - 1] in "/?&=.@", f"{where} cuts the URL after {text[cut - 1]!r}"
                else:  # a word edge, or between the dictionary words of a compound
                    assert cut in edges or ln.kind == COMPOUND or text[cut - 1] == " ", where
                if any(u.start == lay.lines[k + 1].start for u in urls):
                    assert ln.width + ln.added >= 0.7 * ln.available, f"{where} is loose before a URL"
                checked += 1
    assert checked > 60


def test_the_corpus_would_split_units_without_the_recognisers(typesetter, monkeypatch):
    """The corpus has teeth: with no units recognised, lines end inside marked units."""
    style = ParagraphStyle(TextStyle(family="Sarabun"), align="thai-distributed", first_indent=2.5 * CM)
    monkeypatch.setattr(U, "find_units", lambda text, edges: ())
    splits = [text[a:b] for width in WIDTHS_CM for text, spans in CORPUS
              for ln in typesetter.layout(text, style, width * CM).lines[:-1]
              for a, b in spans if a < ln.end < b]
    assert len(splits) >= 5, splits
