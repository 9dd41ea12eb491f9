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


def _gap_kinds_by_cluster(shaped, word_starts):
    """The rule of :func:`saraban.thai.layout.gap_kinds` applied cluster by cluster."""
    from saraban.thai import justify as J
    from saraban.thai.segment import CLOSING, OPENING

    text, sp, st, en = shaped.text, shaped.spaces, shaped.starts, shaped.ends
    return [J.SPACE if a else J.NONE if b else
            J.NONE if text[s] in CLOSING or text[e - 1] in OPENING else
            J.WORD if s in word_starts else J.CLUSTER
            for a, b, s, e in zip(sp, sp[1:], st[1:], en)]


GAP_POOL = "กขทนปผญฐำัิี่้์ๆฯ๐abcX1  \u00a0\t.,()“”\"'<>&-\u0301"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=GAP_POOL, max_size=40), st.data())
def test_gap_kinds_equal_the_cluster_by_cluster_rule(library, text, data):
    from saraban.thai.layout import gap_kinds

    shaper = Shaper(library)
    shaped = shaper.shape(text, [StyledRange(0, len(text), TextStyle())])
    starts = data.draw(st.lists(st.integers(0, max(0, len(text))), max_size=12))
    assert gap_kinds(shaped, starts) == _gap_kinds_by_cluster(shaped, set(starts))
