"""Link annotations over text (public): URLs and e-mail addresses in laid-out paragraphs.

The Thai layer lays out a paragraph as lines of runs of clusters; :func:`text_links` finds the
addresses in the paragraph's text and gives, for each line an address is on, the rectangle its
clusters cover (an address broken over two lines gets a link on each).  :func:`add_link` puts a
URI link annotation on a reportlab canvas's current page; :mod:`saraban.pdf.archive` makes every
link printable, described and part of the structure tree.
"""

from __future__ import annotations

import re
from typing import Iterator, Sequence

import contextlib

from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.platypus import Flowable

from .tags import tagger_of

from ..thai.layout import Line, ParagraphLayout

#: A web address (with its scheme, or starting "www.") or an e-mail address.  Punctuation that
#: ends a sentence is not part of it.
ADDRESS = re.compile(r"(?P<url>(?:https?://|www\.)[^\s<>\"()]+[^\s<>\"().,;:!?'])"
                     r"|(?P<mail>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


def uri_of(match: re.Match) -> str:
    if match.group("mail"):
        return "mailto:" + match.group("mail")
    url = match.group("url")
    return url if "://" in url else "https://" + url


def addresses(text: str) -> list[tuple[int, int, str]]:
    """(start, end, URI) of each address in ``text``.  Most paragraphs have none: a text without
    "@", "www." and "://" is not searched (a letter merge lays out some 7,000 paragraphs)."""
    if "@" not in text and "www." not in text and "://" not in text:
        return []
    return [(m.start(), m.end(), uri_of(m)) for m in ADDRESS.finditer(text)]


def text_links(layout: ParagraphLayout, x: float, top: float, lines: Sequence[Line] | None = None
               ) -> Iterator[tuple[str, tuple[float, float, float, float]]]:
    """(URI, rectangle x1, y1, x2, y2) of each address piece in ``lines`` (default all) of
    ``layout`` drawn with its left edge at ``x`` and the top of its first line box at ``top``."""
    found = addresses(layout.text)
    if not found:
        return
    y = top
    for line in layout.lines if lines is None else lines:
        pieces: dict[str, list[float]] = {}
        pen = x + line.x
        for run in line.runs:
            adv, scale = run.source.advances, run.source.scale
            for s, e, a, b, extra in zip(run.starts, run.ends, run.glyph_starts, run.glyph_ends, run.extras):
                width = sum(adv[a:b]) * scale
                for start, end, uri in found:
                    if s < end and e > start:
                        box = pieces.setdefault(uri, [pen, pen + width])
                        box[1] = pen + width
                pen += width + extra
        for uri, (x1, x2) in pieces.items():
            yield uri, (x1, y - layout.pitch, x2, y)
        y -= layout.pitch


#: Annotation flag Print (PDF 32000 12.5.3): PDF/A wants every annotation printed.
PRINT = 4


def add_link(canvas, uri: str, rect: tuple[float, float, float, float]) -> None:
    """A link annotation to ``uri`` over ``rect`` (in the canvas's current coordinates) on the
    current page, described by its address, in the structure tree when the canvas is tagged (a
    ``Link`` in the element being drawn)."""
    shown = uri[len("mailto:"):] if uri.startswith("mailto:") else uri
    canvas.linkURL(uri, rect, relative=1, thickness=0, F=PRINT, Contents=PDFString(shown))
    tagger = tagger_of(canvas)
    if tagger is not None:
        tagger.link(canvas)


class LinkTo(Flowable):
    """``flowable`` with a link over it to the page of bookmark ``key`` (a contents entry to its
    section; the bookmark may come later in the document), described as ``description``.  The
    flowable's marked content is opened here, so that the link goes into its element."""

    def __init__(self, flowable: Flowable, key: str, description: str):
        super().__init__()
        self.flowable, self.key, self.description = flowable, key, description

    def wrap(self, aw, ah):  # noqa: D102
        self.width, self.height = self.flowable.wrap(aw, ah)
        return self.width, self.height

    def draw(self):  # noqa: D102
        canvas = self.canv
        marker = getattr(self.flowable, "marker", None)
        with marker(canvas) if marker is not None else contextlib.nullcontext():
            self.flowable.drawOn(canvas, 0, 0)
            canvas.linkRect(self.description, self.key, (0, 0, self.width, self.height), relative=1,
                            thickness=0, F=PRINT)
            tagger = tagger_of(canvas)
            if tagger is not None:
                tagger.link(canvas)
