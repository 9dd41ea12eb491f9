"""Thai paragraphs for reportlab (public): :class:`ThaiParagraph` and :func:`draw_paragraph`.

``ThaiParagraph`` is a platypus ``Flowable``: it lays itself out at the width a frame or table
cell offers, splits across frames and pages (keeping ``orphans``/``widows`` lines together, or the
whole paragraph with ``keep_together``), and draws through :mod:`.draw`.  ``draw_paragraph`` puts
an already laid-out paragraph at an absolute place, for page layouts that are geometry (letters).

Both flowables take an optional ``marker``: a function of the canvas that gives the context to draw
in (``with marker(canvas): …``).  The layers above use it to wrap what a paragraph draws in marked
content for the PDF's structure tree; this layer knows nothing of what it writes.
"""

from __future__ import annotations

import contextlib
from typing import Callable, ContextManager, Sequence

from reportlab.platypus import Flowable

from .draw import draw_line
from .layout import Line, ParagraphLayout, ParagraphStyle, Span, Typesetter

_DEFAULT_TYPESETTER: Typesetter | None = None

#: What a flowable's ``marker`` is: called with the canvas, a context drawing happens in.
Marker = Callable[[object], ContextManager]


def _marked(marker: Marker | None, canvas) -> ContextManager:
    return marker(canvas) if marker is not None else contextlib.nullcontext()


def default_typesetter() -> Typesetter:
    """A process-wide :class:`Typesetter` over the default font library."""
    global _DEFAULT_TYPESETTER
    if _DEFAULT_TYPESETTER is None:
        _DEFAULT_TYPESETTER = Typesetter()
    return _DEFAULT_TYPESETTER


def draw_paragraph(canvas, layout: ParagraphLayout, x: float, top: float,
                   lines: Sequence[Line] | None = None, remember: bool = True) -> float:
    """Draw ``lines`` (default all) of ``layout`` with the paragraph's left edge at ``x`` and the
    top of its first line box at ``top``; return the y of the bottom of the last line box.
    ``remember``: see :func:`.draw.draw_line` (False for a paragraph drawn once)."""
    y = top
    for line in layout.lines if lines is None else lines:
        baseline = y - layout.ascent
        draw_line(canvas, x + line.x, baseline, line.runs, remember)
        y -= layout.pitch
    return y


class ThaiParagraph(Flowable):
    """A paragraph of Thai (and any) text, broken and justified by saraban's Thai layer.

    ``content`` is a string or a list of :class:`Span` (for bold, italic, underline runs); a
    newline in the text is a forced line break.
    """

    def __init__(self, content: str | Sequence[Span], style: ParagraphStyle | None = None,
                 typesetter: Typesetter | None = None, *, marker: Marker | None = None,
                 _continued: bool = False, _prepared=None):
        super().__init__()
        self.content = content
        self.style = style or ParagraphStyle()
        self.typesetter = typesetter or default_typesetter()
        self.marker = marker
        self._continued = _continued
        self._shaped, self._breaks = _prepared or self.typesetter.analyse(content, self.style)
        self._layout: ParagraphLayout | None = None
        self._layout_width: float | None = None
        self.keepWithNext = False

    # reportlab asks for these
    def getSpaceBefore(self) -> float:  # noqa: N802
        return 0.0 if self._continued else self.style.space_before

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.space_after

    @property
    def text(self) -> str:
        return self._shaped.text

    def layout_at(self, width: float) -> ParagraphLayout:
        if self._layout is None or self._layout_width != width:
            self._layout = self.typesetter.layout_shaped(self._shaped, self._breaks, self.style, width,
                                                         first_line=not self._continued)
            self._layout_width = width
        return self._layout

    def wrap(self, avail_width, avail_height):  # noqa: D102
        layout = self.layout_at(avail_width)
        self.width, self.height = avail_width, layout.height
        return self.width, self.height

    def split(self, avail_width, avail_height):  # noqa: D102
        layout = self.layout_at(avail_width)
        fit = int((avail_height + 1e-6) // layout.pitch)
        n = len(layout.lines)
        if fit >= n:
            return [self]
        if self.style.keep_together or fit < self.style.orphans:
            return []
        fit = min(fit, n - self.style.widows)
        if fit < self.style.orphans or fit <= 0:
            return []
        head = _FixedLines(layout, layout.lines[:fit], self.getSpaceBefore(), self.marker)
        cut = layout.lines[fit].start
        tail = self._tail(cut)
        return [head, tail]

    def _tail(self, cut: int) -> "ThaiParagraph":
        from .shape import assemble

        shaped = self._shaped
        text = shaped.text[cut:]
        runs = [tail for run in shaped.runs if (tail := run.tail(cut)) is not None]
        breaks = tuple((p - cut, kind) for p, kind in self._breaks if p > cut)
        return ThaiParagraph(text, self.style, self.typesetter, marker=self.marker, _continued=True,
                             _prepared=(assemble(text, runs), breaks))

    def draw(self):  # noqa: D102
        layout = self.layout_at(self.width)
        with _marked(self.marker, self.canv):
            draw_paragraph(self.canv, layout, 0.0, self.height, remember=False)


class _FixedLines(Flowable):
    """The first lines of a split :class:`ThaiParagraph`, already laid out."""

    def __init__(self, layout: ParagraphLayout, lines: Sequence[Line], space_before: float,
                 marker: Marker | None = None):
        super().__init__()
        self.marker = marker
        self.layout = layout
        self.lines = tuple(lines)
        self._space_before = space_before
        self.width = layout.width
        self.height = layout.pitch * len(self.lines)

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self._space_before

    def wrap(self, avail_width, avail_height):  # noqa: D102
        return self.width, self.height

    def draw(self):  # noqa: D102
        with _marked(self.marker, self.canv):
            draw_paragraph(self.canv, self.layout, 0.0, self.height, self.lines, remember=False)


class ThaiText(Flowable):
    """A short text that does not split across pages — a table cell, a label, a heading.  Its
    layout comes from :meth:`Typesetter.layout_cached`, so repeated texts cost one layout."""

    def __init__(self, content: str | Sequence[Span], style: ParagraphStyle | None = None,
                 typesetter: Typesetter | None = None, *, marker: Marker | None = None):
        super().__init__()
        self.content = content
        self.style = style or ParagraphStyle()
        self.typesetter = typesetter or default_typesetter()
        self.marker = marker
        self._layout: ParagraphLayout | None = None

    def layout_at(self, width: float) -> ParagraphLayout:
        if self._layout is None or self._layout.width != width:
            self._layout = self.typesetter.layout_cached(self.content, self.style, width)
        return self._layout

    def wrap(self, avail_width, avail_height):  # noqa: D102
        layout = self.layout_at(avail_width)
        self.width, self.height = avail_width, layout.height
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.style.space_before

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.space_after

    def draw(self):  # noqa: D102
        with _marked(self.marker, self.canv):
            draw_paragraph(self.canv, self.layout_at(self.width), 0.0, self.height)
