"""Line breaking with fixed widths: every character is 1 unit wide, no fonts involved."""

import pytest

from saraban.thai.linebreak import EMERGENCY, break_lines
from saraban.thai.segment import COMPOUND, FORCED, SPACE, WORD, Break


def run(text, breaks, width, strategy="optimal", first=None):
    def measure(a, b):
        return len(text[a:b].rstrip(" \n"))

    return break_lines(len(text), breaks, measure,
                       lambda start: first if (first is not None and start == 0) else width,
                       lambda a, b: list(range(a + 1, b)), strategy)


def words_to_breaks(words):
    text, breaks = "", []
    for w in words:
        if text:
            breaks.append(Break(len(text), WORD))
        text += w
    return text, breaks


@pytest.mark.parametrize("strategy", ["greedy", "optimal"])
def test_lines_never_exceed_width(strategy):
    text, breaks = words_to_breaks(["กขค", "งจ", "ฉชซฌ", "ญ", "ฎฏฐ", "ฑฒ", "ณดตถ"])
    lines = run(text, breaks, 6, strategy)
    assert all(ln.width <= 6 for ln in lines)
    assert "".join(text[ln.start:ln.end] for ln in lines) == text
    assert {ln.start for ln in lines[1:]} <= {b.position for b in breaks}


def test_optimal_balances_where_greedy_does_not():
    # greedy fills the first line, leaving a ragged second; optimal evens the slack
    text, breaks = words_to_breaks(["aaa", "bb", "cc", "ddd", "e"])
    greedy = run(text, breaks, 7, "greedy")
    optimal = run(text, breaks, 7, "optimal")
    cost = lambda lines: sum((ln.available - ln.width) ** 2 for ln in lines[:-1])
    assert cost(optimal) <= cost(greedy)
    assert [text[l.start:l.end] for l in greedy] == ["aaabbcc", "ddde"]


def test_space_breaks_leave_space_at_line_end():
    text = "abc def ghi"
    breaks = [Break(4, SPACE), Break(8, SPACE)]
    lines = run(text, breaks, 5)
    assert [text[l.start:l.end] for l in lines] == ["abc ", "def ", "ghi"]
    assert [l.width for l in lines] == [3, 3, 3]


def test_forced_break_is_always_taken_and_consumes_newline():
    text = "ab\ncd"
    lines = run(text, [Break(2, FORCED)], 100)
    assert [(l.start, l.end, l.kind) for l in lines] == [(0, 2, FORCED), (3, 5, "end")]


def test_overlong_word_is_split_at_clusters_only_as_last_resort():
    text = "x" * 23
    lines = run(text, [], 10)
    assert [l.end - l.start for l in lines] == [10, 10, 3]
    assert all(l.kind in (EMERGENCY, "end") for l in lines)


def test_compound_break_used_only_when_it_helps():
    text = "aaaa" + "bbbb"
    breaks = [Break(4, COMPOUND)]
    assert len(run(text, breaks, 8)) == 1
    assert [l.kind for l in run(text, breaks, 6)] == [COMPOUND, "end"]


def test_first_line_width_differs():
    text, breaks = words_to_breaks(["aa", "bb", "cc", "dd"])
    lines = run(text, breaks, 6, first=4)
    assert lines[0].available == 4 and lines[0].width <= 4
    assert all(l.available == 6 for l in lines[1:])


def test_empty_text_gives_one_empty_line():
    lines = run("", [], 10)
    assert len(lines) == 1 and lines[0].width == 0
