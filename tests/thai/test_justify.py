import pytest

from hypothesis import given, strategies as st

from saraban.thai.justify import (ALIGNMENTS, CLUSTER, NONE, SAFE_GAP_EM, SPACE, SPACE_MAX_EM, SPACE_STRETCH_EM, WORD,
                                  Gap, distribute, justify)


def gaps(*kinds, size=10.0):
    return [Gap(k, size) for k in kinds]


def test_left_right_center():
    g = gaps(WORD, CLUSTER)
    assert justify(g, 10, "left", False).offset == 0
    assert justify(g, 10, "right", False).offset == 10
    assert justify(g, 10, "center", False).offset == 5


@pytest.mark.parametrize("align", ["justify", "thai-distributed"])
def test_slack_is_used_exactly(align):
    j = justify(gaps(SPACE, WORD, CLUSTER, CLUSTER, WORD), 3.7, align, False)
    assert j.added == pytest.approx(3.7)


def test_last_line_is_left_aligned():
    j = justify(gaps(SPACE, WORD), 20, "thai-distributed", last_line=True)
    assert j.added == 0 and j.offset == 0


def test_distributed_fills_words_first_within_the_safe_cap():
    g = gaps(WORD, WORD, CLUSTER, CLUSTER, CLUSTER, CLUSTER)
    j = justify(g, 1.0, "thai-distributed", False)  # 2 × 0.8 cap would take 1.6: words only
    assert j.extras[:2] == pytest.approx((0.5, 0.5))
    assert j.extras[2:] == pytest.approx((0, 0, 0, 0))


def test_distributed_overflows_to_clusters_then_stays_under_extraction_threshold():
    g = gaps(WORD, CLUSTER, CLUSTER, CLUSTER, CLUSTER)
    j = justify(g, 2.0, "thai-distributed", False)
    assert j.extras[0] == pytest.approx(SAFE_GAP_EM * 10)
    assert all(e <= SAFE_GAP_EM * 10 + 1e-9 for e in j.extras)
    assert j.added == pytest.approx(2.0)


def test_spaces_take_their_stretch_then_the_rest_up_to_their_limit():
    g = gaps(SPACE, CLUSTER)
    j = justify(g, 3.0, "thai-distributed", False)    # space to its stretch, the rest to clusters
    assert j.extras == pytest.approx((SPACE_STRETCH_EM * 10, 0.5))
    j = justify(g, 5.4, "thai-distributed", False)    # clusters full: the space takes the rest
    assert j.extras == pytest.approx((5.4 - SAFE_GAP_EM * 10, SAFE_GAP_EM * 10))
    j = justify(g, 20.0, "thai-distributed", False)   # more than any gap may take
    assert j.extras == pytest.approx((SPACE_MAX_EM * 10, SAFE_GAP_EM * 10))


def test_none_gaps_never_stretch():
    j = justify(gaps(NONE, CLUSTER), 0.5, "thai-distributed", False)
    assert j.extras[0] == 0


def test_line_without_spaces_is_left_short_rather_than_torn_apart():
    g = gaps(WORD, CLUSTER, CLUSTER)
    for align in ("thai-distributed", "justify"):
        j = justify(g, 50.0, align, False)
        assert j.added == pytest.approx(3 * SAFE_GAP_EM * 10)


def test_plain_justify_uses_spaces_only_when_present():
    j = justify(gaps(SPACE, WORD, CLUSTER), 4.0, "justify", False)
    assert j.extras == pytest.approx((4.0, 0, 0))
    j = justify(gaps(SPACE, WORD, CLUSTER), 12.0, "justify", False)
    assert j.extras == pytest.approx((SPACE_MAX_EM * 10, SAFE_GAP_EM * 10, SAFE_GAP_EM * 10))


def test_negative_slack_shrinks_so_nothing_passes_the_margin():
    j = justify(gaps(SPACE, WORD), -0.3, "left", False)
    assert j.added == pytest.approx(-0.3)


def test_unknown_alignment_is_an_error():
    with pytest.raises(ValueError):
        justify([], 0, "distributed", False)


@given(st.lists(st.sampled_from([SPACE, WORD, CLUSTER, NONE]), max_size=60),
       st.floats(min_value=-5, max_value=80, allow_nan=False), st.sampled_from(ALIGNMENTS), st.booleans(),
       st.sampled_from([10.0, 16.0, 24.48]))
def test_distribute_equals_justify_for_one_font_size(kinds, slack, align, last, size):
    """The per-kind fast path the layout uses gives what the per-gap water filling gives."""
    fast = distribute(kinds, size, slack, align, last)
    ref = justify([Gap(k, size) for k in kinds], slack, align, last)
    assert fast.offset == pytest.approx(ref.offset)
    assert fast.extras == pytest.approx(ref.extras, abs=1e-9)


def test_a_space_at_most_doubles_before_the_cluster_gaps_have_their_share():
    """A narrow Thai line (issue 9): spaces used to take 0.5 em before any cluster gap, and read
    as holes at 3.5× a space; now the clusters share the slack first."""
    g = gaps(SPACE, *[CLUSTER] * 20)
    j = justify(g, 4.0, "thai-distributed", False)   # 10 pt text: 0.25 em = 2.5 pt
    assert j.extras[0] == pytest.approx(SPACE_STRETCH_EM * 10) and SPACE_STRETCH_EM <= 0.25
    assert all(e == pytest.approx(1.5 / 20) for e in j.extras[1:])
    assert distribute([k.kind for k in g], 10, 4.0, "thai-distributed", False).extras == pytest.approx(j.extras)
