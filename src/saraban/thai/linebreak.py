"""Stage *linebreak* (public, pure): break opportunities + a measure → the lines of a paragraph.

Input: the candidate positions (from :mod:`.segment`), a ``measure(start, end)`` function giving
the natural width of a line ``text[start:end]`` (trailing white space excluded), the available
width of each line, and ``clusters(start, end)`` giving cluster boundaries for emergencies.  Output:
a tuple of :class:`LineBreak`.  No fonts or PDF are needed, so tests use fixed widths.

Two strategies: ``greedy`` (first fit, what word processors do) and ``optimal`` (the default:
minimum total cost over the paragraph, as in Knuth–Plass, where a line's cost grows with the
square of its slack — justified Thai lines then need less added space).  A stretch between two
opportunities that is wider than the line is split at grapheme-cluster boundaries as a last
resort: never inside a cluster, and never beyond the margin unless a single cluster is wider.

Break *penalties* say which opportunities a line should not end at; they come with each break's
kind (set by the segmenter and its unit recognisers, :mod:`.units`), never from the text:

* ``compound`` and ``url`` breaks cost a little (``COMPOUND_PENALTY``, ``URL_PENALTY``): taken
  when they save a loose line;
* ``protected`` breaks (inside a name, a date, a document number, a project word...) and
  ``linked`` ones (between a number and its unit) are *forbidden* while the unit fits on a line:
  they join the candidates only in a stretch between other breaks that is wider than the line —
  like cluster breaks, which come after them — and then cost ``PROTECTED_PENALTY`` or the smaller
  ``LINKED_PENALTY``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Callable, Sequence

from .segment import COMPOUND, FORCED, HINT, LINKED, PROTECTED, SPACE, URL, WORD

EMERGENCY = "emergency"
END = "end"

#: Cost of a line whose slack is its whole width (cost grows with the slack ratio squared).
BADNESS_SCALE = 100.0
#: Extra cost of a break inside a compound word: worth it when it saves ~7 % of slack on a line.
COMPOUND_PENALTY = 0.5
#: Extra cost of a break at a URL's own break point (after / ? & = .): about a line with 17 %
#: slack, so a line before a URL is filled with part of it rather than left loose.
URL_PENALTY = 3.0
#: Extra cost of a break inside a protected unit that is wider than its line: more than any
#: line's slack (at most BADNESS_SCALE), less than an emergency break.
PROTECTED_PENALTY = 1_000.0
#: ... and between linked units (a number and its unit): cheaper, so a chain of units wider than
#: the line breaks at a link before it breaks a name or a date.
LINKED_PENALTY = 500.0
#: Kinds of break that are forbidden while their unit fits on a line.
GUARDED = frozenset((PROTECTED, LINKED))
#: Extra cost of breaking between clusters of one word: only when nothing else fits.
EMERGENCY_PENALTY = 10_000.0
#: Cost of a line that overflows because one cluster alone is wider than the line: worse than
#: any emergency break, so it happens only when nothing else can.
OVERFLOW_PENALTY = 10 * EMERGENCY_PENALTY
PENALTIES = {SPACE: 0.0, WORD: 0.0, HINT: 0.0, FORCED: 0.0, END: 0.0, URL: URL_PENALTY,
             COMPOUND: COMPOUND_PENALTY, PROTECTED: PROTECTED_PENALTY, LINKED: LINKED_PENALTY, EMERGENCY: EMERGENCY_PENALTY}
#: Widths are compared with this tolerance (points): shaping sums are floats.
EPSILON = 1e-6
#: The optimal breaker does not try lines emptier than this share of their width (cost ≥ 9,
#: while a well-set Thai line costs < 1) — TeX's "tolerance" idea, which shortens the search — ...
LOOSEST_FILL = 0.7
#: ... except the lines that end within two line widths before a stretch between two break
#: opportunities wider than this share of a line (a URL, a long English word, a name or a date
#: kept whole): a loose line there can be the best choice, so those are always tried.  (Measured
#: on 1,240 paragraphs of prose and unit-dense text at four widths: the pruned search chooses the
#: same lines as the full one; searching whole paragraphs that have such a stretch, as before, made
#: the typeset benchmark ~15 % slower once names and dates were kept whole.)
LONG_STRETCH = 0.3


@dataclass(frozen=True)
class LineBreak:
    """A line ``text[start:end]``; ``kind`` is how it ends (space, word, forced, end, ...)."""

    start: int
    end: int
    kind: str
    width: float
    available: float

    @property
    def slack(self) -> float:
        return self.available - self.width


Measure = Callable[[int, int], float]


def break_lines(
    length: int,
    breaks: Sequence[tuple[int, str]],
    measure: Measure,
    width_for: Callable[[int], float],
    clusters: Callable[[int, int], Sequence[int]],
    strategy: str = "optimal",
) -> tuple[LineBreak, ...]:
    """Break ``text[0:length]`` into lines at ``breaks``, (position, kind) pairs (a :class:`Break` is one).

    ``width_for(start)`` is the available width of a line starting at ``start`` (the first line may
    differ through indents); ``clusters(a, b)`` lists the cluster starts inside ``(a, b)``.
    """
    if length == 0:
        return (LineBreak(0, 0, END, 0.0, width_for(0)),)
    whole = measure(0, length)
    if whole <= width_for(0) + EPSILON and not any(kind == FORCED for _p, kind in breaks):
        return (LineBreak(0, length, END, whole, width_for(0)),)  # it all fits on the first line
    cands, ends = _with_emergencies(length, breaks, measure, width_for, clusters)
    if strategy == "greedy":
        chosen = _greedy(length, cands, measure, width_for)
    elif strategy == "optimal":
        chosen = _optimal(length, cands, measure, width_for, ends)
    else:
        raise ValueError(f"unknown line-break strategy {strategy!r}")
    lines = []
    start = 0
    for pos, kind in chosen:
        lines.append(LineBreak(start, pos, kind, measure(start, pos), width_for(start)))
        start = pos + 1 if kind == FORCED else pos
    return tuple(lines)


def _with_emergencies(length, breaks, measure, width_for, clusters) -> tuple[list[tuple[int, str]], list | None]:
    """Candidates in order, ending with the paragraph end; stretches wider than a line get
    their protected breaks and then, where still wider, cluster-boundary candidates.  With a
    measure that has ``parts`` (see :func:`_optimal`), also the end width at each candidate."""
    cands: list = [b for b in breaks if (0 < b[0] < length or b[1] == FORCED) and b[1] not in GUARDED]
    cands.append((length, END))
    guarded = [b for b in breaks if b[1] in GUARDED and 0 < b[0] < length]
    protected = [p for p, _k in guarded]
    parts = getattr(measure, "parts", None)
    if parts is not None:
        # the common case first, from arrays: no stretch is wider than its line
        start_width, end_width = parts
        ends = [end_width(pos) for pos, _ in cands]
        origins = [start_width(0), *(start_width(pos + 1 if kind == FORCED else pos) for pos, kind in cands[:-1])]
        inner = width_for(1) + EPSILON
        first = min(width_for(0), width_for(1)) + EPSILON
        if ends[0] - origins[0] <= first and all(e - o <= inner for e, o in zip(ends[1:], origins[1:])):
            return cands, ends
    out: list[tuple[int, str]] = []
    prev = 0
    for pos, kind in cands:
        if measure(prev, pos) > min(width_for(prev), width_for(1)) + EPSILON:
            # a stretch wider than the line: its protected breaks, then clusters where needed
            inner = guarded[bisect.bisect_right(protected, prev):bisect.bisect_left(protected, pos)]
            for p, k in [*inner, (pos, kind)]:
                if measure(prev, p) > min(width_for(prev), width_for(1)) + EPSILON:
                    out.extend((c, EMERGENCY) for c in clusters(prev, p) if prev < c < p)
                out.append((p, k))
                prev = p
        else:
            out.append((pos, kind))
        prev = pos + 1 if kind == FORCED else pos
    return out, None


def _next_start(pos: int, kind: str) -> int:
    return pos + 1 if kind == FORCED else pos


def _greedy(length, cands, measure, width_for) -> list[tuple[int, str]]:
    chosen: list[tuple[int, str]] = []
    start = 0
    i = 0
    while i < len(cands):
        avail = width_for(start)
        best = None
        j = i
        while j < len(cands):
            pos, kind = cands[j]
            fits = measure(start, pos) <= avail + EPSILON
            if fits or best is None:
                best = j
            if not fits or kind in (FORCED, END):
                break
            j += 1
        if best is None:
            break
        # prefer not to end on an emergency break if a real one fits at all
        if cands[best][1] == EMERGENCY:
            for k in range(best - 1, i - 1, -1):
                if cands[k][1] != EMERGENCY:
                    best = k
                    break
        pos, kind = cands[best]
        chosen.append((pos, kind))
        start = _next_start(pos, kind)
        i = best + 1
    return chosen


def _optimal(length, cands, measure, width_for, ends=None) -> list[tuple[int, str]]:
    n = len(cands)
    inf = float("inf")
    cost = [inf] * (n + 1)  # cost[k]: best cost of lines ending at candidate k-1 (cost[0]: start)
    back = [-1] * (n + 1)
    cost[0] = 0.0
    penalty = [PENALTIES.get(kind, 0.0) for _, kind in cands]
    last_kind = [kind in (FORCED, END) for _, kind in cands]
    parts = getattr(measure, "parts", None)
    if parts is None:
        lines_from = _lines_by_measure(cands, measure, last_kind)
    else:
        lines_from = _lines_from_arrays(cands, parts, width_for, ends, last_kind)
    for i in range(n):  # a line starting after the last candidate has nowhere to end
        base = cost[i]
        if base == inf:
            continue
        start = 0 if i == 0 else _next_start(*cands[i - 1])
        avail = width_for(start)
        limit = avail + EPSILON
        js, widths = lines_from(i, start, avail)
        for j, width in zip(js, widths):
            if width < 0.0:
                width = 0.0
            over = width > limit
            slack_cost = 0.0 if last_kind[j] and not over else BADNESS_SCALE * ((avail - width) / avail) ** 2
            if over:
                slack_cost += OVERFLOW_PENALTY
            total = base + slack_cost + penalty[j]
            if total < cost[j + 1]:
                cost[j + 1] = total
                back[j + 1] = i
    chosen = []
    k = n
    while k > 0:
        chosen.append(cands[k - 1])
        k = back[k]
    chosen.reverse()
    return chosen


def _lines_from_arrays(cands, parts, width_for, ends, last_kind):
    """The lines :func:`_optimal` tries from a start, for a measure that is "end width minus start
    width" (see layout's ``_Measure.parts``): the widths where lines may end rise with the
    position, so the lines worth trying — from LOOSEST_FILL full to the last that fits, up to a
    forced break — are found by bisection.  Returns ``lines_from(i, start, avail)`` →
    ``(candidate indices, widths)``."""
    start_width, end_width = parts
    if ends is None:
        ends = [end_width(pos) for pos, _ in cands]
    n = len(cands)
    stop_at = [n - 1] * (n + 1)  # the first forced break or the end at or after each candidate
    for j in range(n - 1, -1, -1):
        stop_at[j] = j if last_kind[j] else stop_at[j + 1]
    narrowest = min(width_for(0), width_for(1))
    # the candidates up to two line widths before a stretch wider than LONG_STRETCH of a line (a
    # URL, a name kept whole): a loose line ending there may be the best choice, so it is tried
    long_at = [j for j in range(n - 1) if ends[j + 1] - ends[j] > LONG_STRETCH * narrowest]
    before_long = sorted({k for j in long_at
                          for k in range(bisect.bisect_left(ends, ends[j] - 2 * narrowest, 0, j + 1), j + 1)})
    bisect_left, bisect_right = bisect.bisect_left, bisect.bisect_right

    def lines_from(i: int, start: int, avail: float):
        origin = start_width(start)
        hi = bisect_right(ends, origin + avail + EPSILON, i, stop_at[i] + 1) - 1
        if hi < i:
            hi = i  # not even the first candidate fits: that overflowing line is the only one
        lo = min(bisect_left(ends, origin + avail * LOOSEST_FILL, i, hi + 1), hi)
        js: range | list = range(lo, hi + 1)
        if before_long and lo > i:
            loose = before_long[bisect_left(before_long, i):bisect_left(before_long, lo)]
            if loose:
                js = [*loose, *js]
        return js, [ends[j] - origin for j in js]

    return lines_from


def _lines_by_measure(cands, measure, last_kind):
    """The lines :func:`_optimal` tries from a start, for any measure (tests give fixed widths):
    every line that fits, and the first that does not if no line fits."""
    n = len(cands)

    def lines_from(i: int, start: int, avail: float):
        widths = []
        for j in range(i, n):
            width = measure(start, cands[j][0])
            if width > avail + EPSILON and j > i:
                break  # a later candidate only makes the line longer
            widths.append(width)
            if last_kind[j]:
                break  # a line cannot run past a forced break
        return range(i, i + len(widths)), widths

    return lines_from
