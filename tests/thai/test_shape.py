"""Shaping: the fast paths give what the general code gives."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from saraban.thai.shape import Shaper, StyledRange, TextStyle

#: Characters of every class itemize tells apart: Thai letters, marks and digits, Latin, ASCII
#: digits, spaces, punctuation, a combining accent, a newline (never shaped), ๆ and ฯ.
POOL = "กขทนปผญฐฤๅำัิีึืุู่้๊๋์็ๆฯ๐๑๒abcXYZ019 .,()“”&<>/-\u0301\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=POOL, min_size=1, max_size=12), st.booleans()), min_size=1, max_size=6))
def test_itemize_fast_path_equals_the_character_loop(library, pieces):
    shaper = Shaper(library)
    text, ranges, pos = "", [], 0
    for piece, bold in pieces:
        ranges.append(StyledRange(pos, pos + len(piece), TextStyle(bold=bold)))
        text += piece
        pos += len(piece)
    reference = Shaper(library)
    reference._itemize_one_face = lambda *args: False
    shaper.itemize(text, ranges)  # the first pass meets the characters, the second takes the fast path
    assert shaper.itemize(text, ranges) == reference.itemize(text, ranges)
