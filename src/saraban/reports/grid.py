"""A lean table for long listings (public): rows of laid-out Thai cells drawn directly.

reportlab's ``Table`` measures and draws every cell through generic machinery (styles per cell,
spans, splitting); a booklet's LAO table has ~10⁵ cells of fixed widths whose layouts are already
known.  :class:`Grid` takes rows whose cells are laid out (and cached) by the Thai layer, knows
its height without asking them again, and draws fills and rules, then the text.  It does not
split: the booklet packs rows into pages itself.

A grid given a ``tag`` (the path of its ``Table`` in the PDF's structure tree) marks its rows and
cells: ``TR`` with ``TH`` (column scope) for the first ``header`` rows, ``TD`` for the others, a
spanning row's cell as one ``TD`` across the columns; fills and rules are artifacts.  A table
packed into several grids gives each the same tag, ``first`` = the table-wide index of its first
row after the header, and ``continued`` = True: the header repeated on a later page is an
artifact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from reportlab.platypus import Flowable

from ..pdf.tags import LAYOUT, PAGINATION, Elem, Path, tagger_of
from ..thai.flowable import draw_paragraph
from ..thai.layout import ParagraphLayout


@dataclass(frozen=True)
class GridRow:
    """One row: a layout per cell (``None`` for an empty cell), or one layout spanning the row."""

    cells: tuple[ParagraphLayout | None, ...]
    height: float
    fill: tuple[float, float, float] | None = None
    span: bool = False
    rule_above: float = 0.0      # line width of a rule above the row (0: none)
    rule_below: float = 0.2


def row_height(cells: Sequence[ParagraphLayout | None], pad: float) -> float:
    return max((c.height for c in cells if c is not None), default=0.0) + 2 * pad


class Grid(Flowable):
    """Rows of fixed column widths; cells are vertically centred, ``pad`` points inside."""

    def __init__(self, widths: Sequence[float], rows: Sequence[GridRow], pad: float,
                 box: float = 0.6, rule_grey: float = 0.55, light_grey: float = 0.85, *,
                 tag: Path | None = None, header: int = 0, first: int | None = None, continued: bool = False):
        super().__init__()
        self.tag = tag
        self.header = header
        self.first = header if first is None else first
        self.continued = continued
        self.widths = tuple(widths)
        self.rows = tuple(rows)
        self.pad = pad
        self.box = box
        self.rule_grey = rule_grey
        self.light_grey = light_grey
        self.width = sum(self.widths)
        self.height = sum(r.height for r in self.rows)

    def wrap(self, avail_width, avail_height):  # noqa: D102
        return self.width, self.height

    def _cell_tags(self) -> list:
        """The tag of each cell of each row (None: no tagging)."""
        if self.tag is None:
            return [[None] * len(r.cells) for r in self.rows]
        out = []
        n = len(self.widths)
        for i, row in enumerate(self.rows):
            if i < self.header:
                if self.continued:
                    out.append([PAGINATION] * len(row.cells))
                    continue
                tr = self.tag + (Elem("TR", i),)
                out.append([tr + (Elem("TH", k, scope="Column"),) for k in range(len(row.cells))])
                continue
            tr = self.tag + (Elem("TR", self.first + i - self.header),)
            if row.span:
                out.append([tr + (Elem("TD", 0, colspan=n),)])
            else:
                out.append([tr + (Elem("TD", k),) for k in range(len(row.cells))])
        return out

    def draw(self):  # noqa: D102
        c = self.canv
        tagger = tagger_of(c)
        y = self.height
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        c.saveState()
        if tagger is not None:
            tagger.begin(c, LAYOUT)
        for row in self.rows:  # fills first, so that rules and text lie on top
            if row.fill:
                c.setFillColorRGB(*row.fill)
                c.rect(0, y - row.height, self.width, row.height, stroke=0, fill=1)
            y -= row.height
        y = self.height
        for row in self.rows:
            bottom = y - row.height
            if row.rule_above:
                c.setStrokeGray(self.rule_grey)
                c.setLineWidth(row.rule_above)
                c.line(0, y, self.width, y)
            if row.rule_below:
                c.setStrokeGray(self.light_grey if row.rule_below < 0.5 else self.rule_grey)
                c.setLineWidth(row.rule_below)
                c.line(0, bottom, self.width, bottom)
            y = bottom
        c.setStrokeGray(self.rule_grey)
        c.setLineWidth(self.box)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        if tagger is not None:
            tagger.end(c)
        y = self.height
        for row, tags in zip(self.rows, self._cell_tags()):
            bottom = y - row.height
            cells = row.cells[:1] if row.span else row.cells
            for k, layout in enumerate(cells):
                if layout is None:
                    continue
                top = bottom + (row.height + layout.height) / 2
                if tagger is not None and tags[k] is not None:
                    tagger.begin(c, tags[k])
                    draw_paragraph(c, layout, xs[k] + self.pad, top)
                    tagger.end(c)
                else:
                    draw_paragraph(c, layout, xs[k] + self.pad, top)
            y = bottom
        c.restoreState()
