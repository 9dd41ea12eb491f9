"""The agency seal of a stamped letter (ตราชื่อส่วนราชการ), drawn as vectors with shaped Thai on arcs.

The regulation's seal is two concentric circles, 4.5 and 3.5 cm across, with the Garuda inside the
inner one and, in the ring between them, the name of the ministry or department along the upper
edge and the name of the agency that uses the seal along the lower edge.  Here:

* each name is laid out as one line by the Thai layer (shaped, marks on their bases), then cut into
  its clusters, and every cluster is drawn through :func:`saraban.thai.draw.draw_line` under a
  rotation — so the text layer is the same exact one as everywhere else, cluster by cluster, in
  reading order (left to right along each arc);
* the upper name reads along the top with the tops of its letters outwards; the lower name reads
  left to right along the bottom, upright, the tops of its letters towards the centre;
* a name longer than its arc is set smaller (down to :data:`MIN_SIZE`) rather than overlapping.

:func:`arc_texts` lays the names out when the page is planned (it needs the typesetter);
:func:`draw_seal` draws the circles, the emblem and the names centred on a point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Sequence

from reportlab.lib.units import cm

from ..thai.draw import DrawRun, draw_line
from ..thai.layout import ParagraphStyle, Typesetter
from ..thai.shape import TextStyle

#: Diameters of the outer and inner circles, cm (the regulation's seal).
OUTER_DIAMETER = 4.5
INNER_DIAMETER = 3.5
#: Line width of the two circles, points.
RULE_WIDTH = 1.0
#: Size of the names, TH Sarabun points: Sarabun's ascent to descent (marks included) then fills
#: about four fifths of the 0.5 cm ring.
NAME_SIZE = 12.0
#: Smallest size a long name is set at before it is allowed to fill the whole half ring, points.
MIN_SIZE = 9.0
#: The widest angle a name may span, degrees: the rest of the half ring keeps the two names apart.
MAX_SPAN = 150.0
#: Share of the inner circle's diameter the emblem takes (it must not touch the circle).
EMBLEM_SHARE = 0.72
#: The seal's ink: red, as offices stamp it (black is allowed too: ``colour``).
RED = (0.80, 0.0, 0.0)


@dataclass(frozen=True)
class ArcText:
    """One name of the seal, laid out: its clusters with their advances, their total advance, the
    radius of its baseline, and whether it runs along the top (letters outwards) or the bottom."""

    parts: tuple[tuple[DrawRun, float], ...]
    total: float
    radius: float
    upper: bool
    text: str


@dataclass(frozen=True)
class PlacedGlyph:
    """One cluster of a name where it is drawn: its text, the centre of its baseline (points) and
    the rotation of its upright, degrees (for tests and the layout log)."""

    text: str
    x: float
    y: float
    rotation: float


def _clusters(run: DrawRun) -> list[tuple[DrawRun, float]]:
    """A run cut into one-cluster runs, each with its advance."""
    src = run.source
    out = []
    for k in range(len(run.starts)):
        a, b = run.glyph_starts[k], run.glyph_ends[k]
        width = sum(src.advances[a:b]) * src.scale
        one = replace(run, starts=(run.starts[k],), ends=(run.ends[k],), glyph_starts=(a,),
                      glyph_ends=(b,), extras=(0.0,), underline=False)
        out.append((one, width))
    return out


def _fit(typesetter: Typesetter, text: str, family: str, colour, radius: float):
    """The clusters of ``text`` at the size that fits :data:`MAX_SPAN` on ``radius``."""
    size = NAME_SIZE
    while True:
        style = ParagraphStyle(text=TextStyle(family=family, size=size, color=colour), align="left")
        layout = typesetter.layout(text, style, 1e6)
        parts = [c for line in layout.lines for run in line.runs for c in _clusters(run)]
        total = sum(w for _, w in parts)
        if total / radius <= math.radians(MAX_SPAN) or size <= MIN_SIZE:
            return tuple(parts), size, total
        size = max(MIN_SIZE, size * 0.92)


def arc_texts(typesetter: Typesetter, upper: str, lower: str, family: str,
              colour: tuple[float, float, float] = RED) -> tuple[ArcText, ArcText]:
    """Lay out the seal's two names: each one's letters (descent to ascent) centred in the ring
    between the circles, set smaller when too long for :data:`MAX_SPAN`."""
    r_out, r_in = OUTER_DIAMETER / 2 * cm, INNER_DIAMETER / 2 * cm
    middle = (r_in + r_out) / 2
    fam = typesetter.library.family(family)
    face = fam.face("regular")
    out = []
    for text, is_upper in ((upper, True), (lower, False)):
        parts, size, total = _fit(typesetter, text, family, colour, middle)
        k = fam.point_size(size) / face.upem
        ascent, descent = face.ascent * k, -face.descent * k
        shift = (ascent - descent) / 2
        out.append(ArcText(parts, total, middle - shift if is_upper else middle + shift, is_upper, text))
    return out[0], out[1]


def draw_seal(canvas, cx: float, cy: float, texts: Sequence[ArcText], colour=RED, emblem=None) -> list[PlacedGlyph]:
    """Draw the seal centred on ``(cx, cy)`` (points): the two circles, ``emblem(canvas, x, y, w,
    h)`` inside the inner one (if given), and the names on their arcs; return where each cluster
    went."""
    r_out, r_in = OUTER_DIAMETER / 2 * cm, INNER_DIAMETER / 2 * cm
    canvas.saveState()
    canvas.setStrokeColorRGB(*colour)
    canvas.setLineWidth(RULE_WIDTH)
    canvas.circle(cx, cy, r_out, stroke=1, fill=0)
    canvas.circle(cx, cy, r_in, stroke=1, fill=0)
    canvas.restoreState()
    if emblem is not None:
        side = INNER_DIAMETER * EMBLEM_SHARE * cm
        emblem(canvas, cx - side / 2, cy - side / 2, side, side)
    placed: list[PlacedGlyph] = []
    for text in texts:
        placed += _along(canvas, text, cx, cy)
    return placed


def _along(canvas, text: ArcText, cx: float, cy: float) -> list[PlacedGlyph]:
    """Draw a name's clusters along its circle, centred on the top (upper) or the bottom."""
    placed = []
    pen = 0.0
    radius = text.radius
    for run, width in text.parts:
        middle = pen + width / 2 - text.total / 2       # arc length from the arc's centre
        pen += width
        if text.upper:   # from left to right is clockwise: the angle falls from 90°
            theta = math.pi / 2 - middle / radius
            rotation = math.degrees(theta) - 90.0
        else:            # from left to right is counter-clockwise: the angle rises from -90°
            theta = -math.pi / 2 + middle / radius
            rotation = math.degrees(theta) + 90.0
        x, y = cx + radius * math.cos(theta), cy + radius * math.sin(theta)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.rotate(rotation)
        draw_line(canvas, -width / 2, 0.0, (run,), remember=False)
        canvas.restoreState()
        placed.append(PlacedGlyph(run.text[run.starts[0]:run.ends[0]], x, y, rotation))
    return placed
