"""Property test of the whole Thai layer (issue 10): random Thai, mark soup, mixed scripts and
control characters go through segment → shape → line break → draw into a real PDF, and

* nothing crashes: the only error allowed is :class:`MissingGlyphError` — and only for a character
  that no font of the library has;
* nothing hangs: every example has a deadline, and a hard one (:func:`hard_deadline`: a
  hypothesis deadline is only checked when the example returns, so a loop that never ends would
  hang the suite instead of failing);
* pdftotext reads back exactly the normalised input (white space aside: line breaks replace spaces).

The example count is kept small (the suite runs on two shared cores); the strategies are built so
that each example mixes several kinds of trouble at once.
"""

from __future__ import annotations

import contextlib
import re
import signal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from reportlab.pdfgen.canvas import Canvas

from saraban.errors import MissingGlyphError
from saraban.thai.flowable import draw_paragraph
from saraban.thai.layout import ParagraphStyle
from saraban.thai.normalize import normalize
from saraban.thai.shape import TextStyle

from helpers import pdftotext

#: Examples per property: enough to mix every kind of trouble many times, few enough for a suite
#: that stays fast on two shared cores (each example writes a PDF and runs pdftotext).
EXAMPLES = 60
#: Per example, milliseconds: the layout of 400 characters takes ~10 ms; minutes would be a hang.
DEADLINE_MS = 5000

CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F)]
LEADING_VOWELS = list("เแโใไ")
FOLLOWING = list("ะาำๅ")
ABOVE_BELOW = list("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47")
TONES = list("\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
MARKS = ABOVE_BELOW + TONES
THAI_OTHER = list("ๆฯ๏๚๛฿") + [chr(c) for c in range(0x0E50, 0x0E5A)]
LATIN = list("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789") + list("éüñçøßÀÉ") + ["Ư", "ạ", "ế"]
PUNCT = list(" .,;:!?()[]“”‘’\"'-–—/&<>@#%*+=") + ["\u00a0", "  ", "https://www.dla.go.th/", "a@b.th"]
LATIN_MARKS = ["\u0301", "\u0300", "\u0308", "\u0303"]
#: C0 controls, zero widths, BOM, soft hyphen, line and paragraph separators, tabs, CR.
CONTROLS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)] + [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2028", "\u2029", "\t", "\r", "\r\n", "\n"]
#: Characters no bundled font has: the only ones that may raise MissingGlyphError.  C1 controls
#: (NEL U+0085, ST U+009C) are among them: normalisation drops C0 controls but not these, so they
#: are refused with the character named, like an emoji.
UNCOVERED = ["😀", "中", "\u0e5c", "\U0001F3E5", "\x85", "\x9c"]


def syllable() -> st.SearchStrategy[str]:
    """A Thai syllable as it is typed, sometimes with a mark typed twice or in the wrong order."""
    return st.builds(lambda lead, c, marks, follow: lead + c + "".join(marks) + follow,
                     st.sampled_from([""] * 4 + LEADING_VOWELS), st.sampled_from(CONSONANTS),
                     st.lists(st.sampled_from(MARKS), max_size=3), st.sampled_from([""] * 3 + FOLLOWING))


PIECE = st.one_of(
    syllable(), syllable(), syllable(),
    st.lists(st.sampled_from(MARKS + LATIN_MARKS), min_size=1, max_size=6).map("".join),  # mark soup
    st.sampled_from(THAI_OTHER), st.sampled_from(LATIN), st.sampled_from(PUNCT),
    st.sampled_from(CONTROLS),
)
TEXT = st.lists(PIECE, max_size=120).map("".join)
WITH_UNCOVERED = st.lists(st.one_of(PIECE, st.sampled_from(UNCOVERED)), min_size=1, max_size=60).map("".join)


def squash(text: str) -> str:
    """Text without white space: line breaks stand where spaces stood, and extractors differ on
    how many spaces they print."""
    return re.sub(r"\s+", "", text)


#: The hard deadline of one example, in seconds: ten times the hypothesis deadline.
HARD_DEADLINE_S = 10 * DEADLINE_MS / 1000


class Hang(Exception):
    """An example ran past :data:`HARD_DEADLINE_S`."""


@contextlib.contextmanager
def hard_deadline(seconds: float = HARD_DEADLINE_S):
    """Fail the example (raise :class:`Hang` wherever it is) after ``seconds`` of wall time."""
    def expire(_sig, _frame):
        raise Hang(f"the example ran for more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render(typesetter, text: str, width: float, align: str, tmp_path) -> str:
    """Lay ``text`` out, draw it on a page tall enough for every line, and extract it."""
    with hard_deadline():
        return _render(typesetter, text, width, align, tmp_path)


def _render(typesetter, text: str, width: float, align: str, tmp_path) -> str:
    lay = typesetter.layout(text, ParagraphStyle(TextStyle(size=16), align=align), width)
    height = max(200.0, 72 + lay.pitch * (len(lay.lines) + 2))
    path = tmp_path / "property.pdf"
    canvas = Canvas(str(path), pagesize=(width + 144, height), invariant=1)
    draw_paragraph(canvas, lay, 72, height - 36)
    canvas.save()
    return pdftotext(path)


def expected(text: str) -> str:
    """What the page should read: the normalised text (white space aside)."""
    return squash(normalize(text).text)


SETTINGS = settings(max_examples=EXAMPLES, deadline=DEADLINE_MS,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(TEXT, st.sampled_from(["thai-distributed", "justify", "left", "right", "center"]),
       st.integers(min_value=30, max_value=450))
def test_random_text_draws_and_extracts_as_written(typesetter, tmp_path, text, align, width):
    got = render(typesetter, text, float(width), align, tmp_path)
    assert squash(got) == expected(text)


@settings(max_examples=EXAMPLES // 3, deadline=DEADLINE_MS,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(WITH_UNCOVERED)
def test_a_character_no_font_has_is_the_only_error(typesetter, tmp_path, text):
    try:
        got = render(typesetter, text, 200.0, "thai-distributed", tmp_path)
    except MissingGlyphError as exc:
        assert exc.char in UNCOVERED and exc.char in text
    else:
        assert not any(ch in text for ch in UNCOVERED)
        assert squash(got) == expected(text)


@pytest.mark.parametrize("text", [
    "\u0e48\u0e48\u0e48\u0e48\u0e48\u0e48",               # tone marks alone
    "ก\u0e34\u0e34\u0e34\u0e49\u0e49\u0e38\u0e38",        # a stack of marks on one letter
    " \u0e31 \u0e4c\u0e4c ",                             # marks on spaces
    "\x00\x07ผู้ว่า\x1b[31mราชการ\x7f",                  # control characters, an ANSI escape
    "e\u0301\u0e48a\u0308ก\u0303",                       # Latin marks on Thai and Thai marks on Latin
    "ไๆๆๆฯฯฯ" * 30,                                     # repetition marks only
])
def test_known_hard_cases(typesetter, tmp_path, text):
    assert squash(render(typesetter, text, 120.0, "thai-distributed", tmp_path)) == expected(text)


def test_a_hang_fails_the_example_instead_of_the_suite():
    """The hard deadline stops a loop that never ends (here: one that never returns)."""
    import time

    start = time.monotonic()
    with pytest.raises(Hang):
        with hard_deadline(0.3):
            while True:
                pass
    assert time.monotonic() - start < 2
