"""Stage *justify* (public, pure): a line's gaps and slack → extra space after each cluster.

Input: the :class:`Gap` after each cluster of a line (what kind of boundary it is and the font
size there), the slack (available − natural width) and the alignment.  Output:
:class:`Justification` — a start offset and the extra space for each gap, which :mod:`.draw` writes
as explicit ``TJ`` offsets.  Marks are never separated from their base because gaps exist only
*between* clusters.

``thai-distributed`` (MS Word's "Thai Distributed", the default for letter bodies) fills the
line in stages, each level spread evenly over its gaps up to a cap:

1. spaces (up to ``SPACE_STRETCH_EM``) and word boundaries (up to ``SAFE_GAP_EM``);
2. cluster boundaries inside words (up to ``SAFE_GAP_EM``);
3. spaces up to ``SPACE_MAX_EM``.

``justify`` stretches spaces (up to ``SPACE_MAX_EM``), then word, then cluster boundaries (up to
``SAFE_GAP_EM``).  A line that cannot be filled within these limits (no spaces and a long URL on the
next line) is left short rather than spaced so widely that copy and search would see spaces.  The last line of a paragraph and lines ended by a forced break are
set flush left in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, NamedTuple

SPACE, WORD, CLUSTER, NONE = "space", "word", "cluster", "none"
ALIGNMENTS = ("left", "right", "center", "justify", "thai-distributed")

#: Largest extra space at a word or cluster boundary, in em.  Text extractors read a gap as a word
#: break above 0.1 em (poppler's minWordBreakSpace) or half a space advance (pypdf; 0.12 em in
#: Sarabun, 0.11 em in TH SarabunIT๙).  Staying below keeps copy, search and screen readers exact.
SAFE_GAP_EM = 0.08
#: Extra space a real space may take before the cluster gaps share the rest (in em): a space is
#: ~0.24 em in Sarabun, so it at most doubles before every cluster gap has had its share — a space
#: stretched to 3.5× (0.5 em here, then SPACE_MAX_EM) read as a hole in narrow columns.
SPACE_STRETCH_EM = 0.25
#: The most a space may ever grow (in em).  Measured with pdftotext 22.12: a gap of 1.24 em
#: (space + 1.0 em) splits a line into two text blocks, 1.0 em (space + 0.75 em) does not; 0.6
#: keeps a margin, so a stretched line still extracts as one line.
SPACE_MAX_EM = 0.6


class Gap(NamedTuple):
    """The boundary after a cluster: its kind and the font size (pt) that defines an em there.
    (A NamedTuple: a paragraph has one per cluster, see :class:`.shape.ShapedGlyph`.)"""

    kind: str
    font_size: float


@dataclass(frozen=True)
class Justification:
    """Where the line starts (offset from the left edge) and the extra space after each gap."""

    offset: float
    extras: tuple[float, ...]

    @property
    def added(self) -> float:
        return sum(self.extras)


def _fill(slack: float, slots: list[int], caps: Sequence[float], extras: list[float]) -> float:
    """Spread ``slack`` evenly over ``slots`` (indices) without exceeding ``caps``; return the
    remainder.  (Water filling: every slot gets the same amount unless its cap is lower.)"""
    room = [(caps[i] - extras[i], i) for i in slots if caps[i] - extras[i] > 1e-12]
    room.sort()
    remaining = slack
    count = len(room)
    for k, (r, i) in enumerate(room):
        share = remaining / (count - k)
        give = min(share, r)
        extras[i] += give
        remaining -= give
    return remaining


#: Alignments that spread slack over the gaps of a line (the others only move the line).
SPREADING = ("justify", "thai-distributed")


def justify(gaps: Sequence[Gap], slack: float, align: str, last_line: bool) -> Justification:
    """Distribute ``slack`` over ``gaps`` for alignment ``align``."""
    if align not in ALIGNMENTS:
        raise ValueError(f"unknown alignment {align!r}; choose one of {', '.join(ALIGNMENTS)}")
    n = len(gaps)
    zero = tuple(0.0 for _ in gaps)
    if slack < 0 and n:
        # the line is a hair too long (reshaped at an unsafe edge): take it out of the spaces,
        # or else out of every gap, whatever the alignment, so nothing passes the margin
        takers = [i for i, g in enumerate(gaps) if g.kind == SPACE] or \
            [i for i, g in enumerate(gaps) if g.kind != NONE] or list(range(n))
        return Justification(0.0, tuple(slack / len(takers) if i in takers else 0.0 for i in range(n)))
    if align == "right":
        return Justification(slack, zero)
    if align == "center":
        return Justification(slack / 2, zero)
    if align == "left" or last_line or n == 0:
        return Justification(0.0, zero)
    extras = [0.0] * n
    by_kind = {k: [i for i, g in enumerate(gaps) if g.kind == k] for k in (SPACE, WORD, CLUSTER)}
    safe = [g.font_size * SAFE_GAP_EM if g.kind in (WORD, CLUSTER) else 0.0 for g in gaps]
    loose = [g.font_size * SPACE_MAX_EM if g.kind == SPACE else safe[i] for i, g in enumerate(gaps)]
    remaining = slack
    if align == "justify":
        remaining = _fill(remaining, by_kind[SPACE], loose, extras)
        remaining = _fill(remaining, by_kind[WORD], loose, extras)
        remaining = _fill(remaining, by_kind[CLUSTER], loose, extras)
    else:
        caps = [g.font_size * SPACE_STRETCH_EM if g.kind == SPACE else safe[i] for i, g in enumerate(gaps)]
        remaining = _fill(remaining, by_kind[SPACE] + by_kind[WORD], caps, extras)
        remaining = _fill(remaining, by_kind[CLUSTER], caps, extras)
        remaining = _fill(remaining, by_kind[SPACE], loose, extras)
    # whatever is left (a line without spaces before a long URL) stays at the end of the line:
    # wider gaps between Thai words would be read as spaces by every text extractor
    return Justification(0.0, tuple(extras))


def _fill_classes(slack: float, classes: list[tuple[float, int, str]], extras: dict[str, float]) -> float:
    """:func:`_fill` over classes of gaps that all have the same room: ``(room, count, kind)``."""
    room = sorted((r, n, k) for r, n, k in classes if n and r > 1e-12)
    remaining = slack
    count = sum(n for _r, n, _k in room)
    for r, n, k in room:
        give = min(remaining / count, r)
        extras[k] += give
        remaining -= give * n
        count -= n
    return remaining


def distribute(kinds: Sequence[str], font_size: float, slack: float, align: str,
               last_line: bool) -> Justification:
    """:func:`justify` for a line set in one font size — the common case — with ``kinds`` the
    kind of each gap.  All gaps of a kind then have the same cap and get the same share, so the
    water filling runs over three classes instead of every gap (same result, tested)."""
    if align not in ALIGNMENTS:
        raise ValueError(f"unknown alignment {align!r}; choose one of {', '.join(ALIGNMENTS)}")
    n = len(kinds)
    if slack < 0 and n:
        for takers in (SPACE,), (SPACE, WORD, CLUSTER), (SPACE, WORD, CLUSTER, NONE):
            count = sum(kinds.count(k) for k in takers)
            if count:
                share = slack / count
                return Justification(0.0, tuple(share if k in takers else 0.0 for k in kinds))
    if align == "right":
        return Justification(slack, (0.0,) * n)
    if align == "center":
        return Justification(slack / 2, (0.0,) * n)
    if align == "left" or last_line or n == 0:
        return Justification(0.0, (0.0,) * n)
    spaces, words, clusters = kinds.count(SPACE), kinds.count(WORD), kinds.count(CLUSTER)
    extra = {SPACE: 0.0, WORD: 0.0, CLUSTER: 0.0, NONE: 0.0}
    safe = font_size * SAFE_GAP_EM
    loose = font_size * SPACE_MAX_EM
    if align == "justify":
        remaining = _fill_classes(slack, [(loose, spaces, SPACE)], extra)
        remaining = _fill_classes(remaining, [(safe, words, WORD)], extra)
        _fill_classes(remaining, [(safe, clusters, CLUSTER)], extra)
    else:
        remaining = _fill_classes(slack, [(font_size * SPACE_STRETCH_EM, spaces, SPACE), (safe, words, WORD)], extra)
        remaining = _fill_classes(remaining, [(safe, clusters, CLUSTER)], extra)
        _fill_classes(remaining, [(loose - extra[SPACE], spaces, SPACE)], extra)
    return Justification(0.0, tuple([extra[k] for k in kinds]))
