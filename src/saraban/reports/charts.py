"""Vector charts with Thai labels (public): horizontal bar charts as platypus flowables.

reportlab's chart library draws its labels with reportlab's own text, which cannot shape Thai, so
these charts draw bars, grid and ticks with canvas paths and every label through the Thai layer
(:func:`draw_paragraph`): labels copy and search as text like the rest of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from reportlab.platypus import Flowable

from ..pdf.tags import Path, mark
from ..thai.flowable import draw_paragraph
from ..thai.layout import ParagraphStyle, Typesetter
from ..thai.shape import TextStyle

#: Series colours: the province in DLA blue, the national mean in grey (legible in greyscale).
SERIES_COLOURS = ((0.11, 0.33, 0.60), (0.65, 0.65, 0.65))
GRID_GREY = 0.85
BAR_GAP = 0.25          # share of a group's band left empty between groups
LABEL_PAD = 4.0         # points between a label and its bar
LEGEND_SWATCH = 8.0     # side of a legend square, points
#: A value label's line box is raised by this share of its height so that the digits (which sit
#: low in a Thai line box, above room for lower vowels) look centred on the bar.
VALUE_RAISE = 0.12
#: Width an axis title is laid out at (one line; it is centred under the plot by the chart).
AXIS_TITLE_WIDTH = 1000.0
#: A bar is at least this share of a value label's line box high, so that the labels of two bars
#: side by side keep apart (their glyphs fill about two thirds of the box).
VALUE_LINE_SHARE = 0.85


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


class BarChart(Flowable):
    """Horizontal bars: one group per category, one bar per series, a value at each bar's end."""

    def __init__(self, categories: Sequence[str], series: Sequence[Series], typesetter: Typesetter,
                 family: str, size: float, *, maximum: float = 100.0, step: float = 20.0,
                 fmt: Callable[[float], str] = str, label_width: float = 180.0, bar_height: float = 9.0,
                 colours=SERIES_COLOURS, axis_fmt: Callable[[float], str] | None = None,
                 axis_title: str | None = None, tag: Path | None = None):
        super().__init__()
        self.tag = tag   # its Figure in the structure tree (with the Alt text that says what it shows)
        self.categories = list(categories)
        self.series = list(series)
        self.ts = typesetter
        self.family = family
        self.size = size
        self.maximum = maximum
        self.step = step
        self.fmt = fmt
        self.axis_fmt = axis_fmt or fmt
        self.label_width = label_width
        self.bar_height = bar_height
        self.colours = colours
        self.axis_title = axis_title

    def _layout(self, text, width, align="left", bold=False):
        style = ParagraphStyle(TextStyle(family=self.family, size=self.size, bold=bold), align=align)
        return self.ts.layout_cached(text, style, width)

    def _bar_height(self) -> float:
        """At least a value label's line box: paired bars' labels must not touch."""
        return max(self.bar_height, self._layout("0", 100).pitch * VALUE_LINE_SHARE)

    def _group_height(self, label_width: float) -> float:
        bars = len(self.series) * self._bar_height()
        labels = max(self._layout(c, label_width).height for c in self.categories) if self.categories else 0
        return max(bars / (1 - BAR_GAP), labels + 4)

    def wrap(self, avail_width, avail_height):  # noqa: D102
        self.width = avail_width
        pitch = self._layout("0", 100).pitch
        self._group = self._group_height(self.label_width)
        legend = pitch + 6 if len(self.series) > 1 else 0
        title = pitch if self.axis_title else 0
        self.height = self._group * len(self.categories) + pitch + legend + title
        return self.width, self.height

    def draw(self):  # noqa: D102
        with mark(self.canv, self.tag):
            self._draw()

    def _draw(self) -> None:
        c = self.canv
        pitch = self._layout("0", 100).pitch
        value_room = self._layout(self.fmt(self.maximum), 200).lines[0].width + LABEL_PAD * 2
        x0 = self.label_width + LABEL_PAD
        plot_w = self.width - x0 - value_room
        legend = pitch + 6 if len(self.series) > 1 else 0
        top = self.height - legend
        title = pitch if self.axis_title else 0
        bottom = pitch + title  # axis labels below, the axis title under them
        scale = plot_w / self.maximum
        # grid and axis labels
        c.saveState()
        c.setLineWidth(0.4)
        c.setStrokeGray(GRID_GREY)
        tick = 0.0
        while tick <= self.maximum + 1e-9:
            x = x0 + tick * scale
            c.line(x, bottom, x, top)
            label = self._layout(self.axis_fmt(tick), 60, align="center")
            draw_paragraph(c, label, x - 30, bottom)
            tick += self.step
        c.restoreState()
        if self.axis_title:
            # laid out left-aligned and centred here: a centred layout at plot_w would be cached
            # under plot_w rounded, and another chart's nearly equal width would reuse it
            text = self._layout(self.axis_title, AXIS_TITLE_WIDTH)
            draw_paragraph(c, text, x0 + (plot_w - text.lines[0].width) / 2, title)
        # bars
        for g, category in enumerate(self.categories):
            gtop = top - g * self._group
            label = self._layout(category, self.label_width, align="right")
            draw_paragraph(c, label, 0, gtop - (self._group - label.height) / 2)
            bar_h = self._bar_height()
            bars_h = len(self.series) * bar_h
            y = gtop - (self._group - bars_h) / 2
            for s, series in enumerate(self.series):
                y -= bar_h
                value = series.values[g]
                if value is None:
                    continue
                c.saveState()
                c.setFillColorRGB(*self.colours[s % len(self.colours)])
                c.rect(x0, y + 0.5, max(0.0, value) * scale, bar_h - 1, stroke=0, fill=1)
                c.restoreState()
                text = self._layout(self.fmt(value), value_room + 40)
                draw_paragraph(c, text, x0 + value * scale + LABEL_PAD,
                               y + bar_h / 2 + text.height / 2 + text.height * VALUE_RAISE)
        # legend
        if len(self.series) > 1:
            x = x0
            for s, series in enumerate(self.series):
                c.saveState()
                c.setFillColorRGB(*self.colours[s % len(self.colours)])
                c.rect(x, self.height - pitch + (pitch - LEGEND_SWATCH) / 2, LEGEND_SWATCH, LEGEND_SWATCH,
                       stroke=0, fill=1)
                c.restoreState()
                name = self._layout(series.name, 200)
                draw_paragraph(c, name, x + LEGEND_SWATCH + 4, self.height)
                x += LEGEND_SWATCH + 4 + name.lines[0].width + 18
