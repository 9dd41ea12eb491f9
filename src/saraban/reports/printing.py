"""Print-ready booklets (public): the designed cover, the back cover, right-hand starts and a page
count that a saddle-stitched booklet can have.

A booklet printed double-sided and folded is made of sheets of four pages, so its page count is a
multiple of :data:`SHEET_PAGES`.  The composer puts two markers in a story and the document
template (``build.BookletDoc``) replaces each one with page breaks when it reaches it, knowing the
page it is on:

* :class:`RightHandStart` — the next content starts on a right-hand (odd) page; an intentionally
  blank page is put before it when it would start on a left-hand one;
* :class:`BackCoverStart` — blank pages up to the last page of a multiple of four, then the back
  cover on that last page.

Blank pages use the ``blank`` page template (no running header or folio, the synthetic-data note
kept) and say that they are blank on purpose.  The cover and back cover are drawn at fixed
positions on the page (the design does not flow), every text through the Thai layer.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from ..errors import InputError, Location
from ..pdf.links import add_link, text_links
from ..pdf.qr import draw_qr
from ..pdf.tags import LAYOUT, PAGINATION, Elem, mark

#: Alt text of a QR code: what it is, then the address it holds.
QR_ALT = "คิวอาร์โค้ด {url}"
from ..thai.dates import thai_date
from ..thai.flowable import draw_paragraph

CM = 72 / 2.54

#: Pages on one folded sheet of a saddle-stitched booklet (two leaves, printed on both sides).
SHEET_PAGES = 4
#: What an intentionally blank page says, so that a reader does not think a page is missing.
BLANK_NOTE = "หน้านี้เว้นว่างไว้โดยเจตนา"
#: Height of the cover's top band (emblem, title, subtitle) and of its foot band (publisher).
COVER_BAND = 9.0 * CM
FOOT_BAND = 3.4 * CM
#: The emblem's box on the cover, and the white disc behind it (the emblem may be dark).
EMBLEM_SIZE = 2.6 * CM
EMBLEM_DISC = 1.75 * CM
COVER_QR = 3.4 * CM
#: Time zone of the printed date: the booklets are printed in Thailand (UTC+7, no summer time).
THAI_TZ = dt.timezone(dt.timedelta(hours=7))
WHITE = (1.0, 1.0, 1.0)
INK = (0.1, 0.1, 0.1)


def hex_colour(text: str) -> tuple[float, float, float]:
    """``#RRGGBB`` → RGB in 0…1 (the definition's loader has checked the form)."""
    return tuple(int(text[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def print_date() -> dt.date:
    """The date printed on the back cover: ``SOURCE_DATE_EPOCH`` when set (reproducible builds),
    else today in Thailand."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), THAI_TZ).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970") from exc
    return dt.datetime.now(THAI_TZ).date()


def pad_pages(pages: int) -> int:
    """The page count of a saddle-stitched booklet with ``pages`` pages of content."""
    return -(-pages // SHEET_PAGES) * SHEET_PAGES


# -- markers -----------------------------------------------------------------------------------
class PageMarker(Flowable):
    """A marker the document template expands into page breaks (see the module docstring)."""

    def wrap(self, *args):  # noqa: D102
        return 0, 0

    def draw(self):  # noqa: D102 - replaced before it is drawn
        return None

    def expand(self, page: int, note_for) -> list[Flowable]:
        """The flowables that replace the marker on ``page`` (``note_for()``: a blank page's
        text)."""
        raise NotImplementedError


def _breaks(blanks: int, then: str, note_for) -> list[Flowable]:
    """A page break into ``blanks`` blank pages, then into a page of template ``then``."""
    out: list[Flowable] = []
    for i in range(blanks + 1):
        if i == blanks:
            out.append(NextPageTemplate(then))
        elif i == 0:
            out.append(NextPageTemplate("blank"))
        out.append(PageBreak())
        if i < blanks:
            out.extend(note_for())
    return out


class RightHandStart(PageMarker):
    """The section ``key`` starts on the next right-hand page."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key

    def expand(self, page: int, note_for) -> list[Flowable]:
        return _breaks(1 if (page + 1) % 2 == 0 else 0, "body", note_for)


class BackCoverStart(PageMarker):
    """Blank pages, then the back cover on the last page of a multiple of four."""

    def expand(self, page: int, note_for) -> list[Flowable]:
        last = pad_pages(page + 1)
        return _breaks(last - page - 1, "cover", note_for)


# -- cover and back cover -------------------------------------------------------------------------
@dataclass(frozen=True)
class CoverText:
    """What a cover says: the title lines, the place, the year, the QR link, the publisher."""

    title: str
    subtitle: str
    place: str
    year: str
    url: str
    publisher: str
    address: str
    contact: str
    synthetic_note: str | None


class PageDrawing(Flowable):
    """A whole page drawn at fixed positions: it takes its frame (the page less the margins) and
    draws in page coordinates."""

    def __init__(self, composer, text: CoverText, margin: float, page: tuple[float, float]):
        super().__init__()
        self.c, self.t, self.margin, self.page = composer, text, margin, page

    def wrap(self, aw, ah):  # noqa: D102
        self.width, self.height = aw, ah
        return aw, ah

    #: the page's section in the structure tree
    part = "cover"

    def tag(self, role: str, key: str, **kw) -> tuple:
        return (Elem("Sect", self.part), Elem(role, key, **kw))

    def para(self, text: str, top: float, size: float, *, bold=False, colour=INK, align="center",
             x: float | None = None, width: float | None = None, role: str = "P", key: str = "") -> float:
        """Draw ``text`` with its top at ``top`` as a ``role`` element; return the bottom."""
        page_w = self.page[0]
        width = width if width is not None else page_w - 2 * self.margin
        layout = self.c.ts.layout_cached(text, self.c.style(size=size, bold=bold, align=align, color=colour), width)
        left = self.margin if x is None else x
        with mark(self.canv, self.tag(role, key or text)):
            for uri, rect in text_links(layout, left, top):   # the QR code's address, the web site
                add_link(self.canv, uri, rect)
            return draw_paragraph(self.canv, layout, left, top)

    def qr(self, url: str, x: float, y: float, size: float) -> None:
        with mark(self.canv, self.tag("Figure", "qr", alt=QR_ALT.format(url=url))):
            draw_qr(self.canv, url, x, y, size)

    def draw(self):  # noqa: D102
        canvas = self.canv
        canvas.saveState()
        canvas.translate(-self.margin, -self.margin)
        self.draw_page(canvas)
        canvas.restoreState()

    def band(self, y: float, height: float) -> None:
        canvas = self.canv
        with mark(canvas, LAYOUT):
            canvas.saveState()
            canvas.setFillColorRGB(*self.c.colour)
            canvas.rect(0, y, self.page[0], height, stroke=0, fill=1)
            canvas.restoreState()

    def draw_page(self, canvas) -> None:
        raise NotImplementedError


class CoverPage(PageDrawing):
    """The front cover: a colour band with the emblem, title and subtitle; the place large, the
    year, the QR code to the booklet's page on the catalogue site; the publisher in the foot band."""

    def draw_page(self, canvas) -> None:
        page_w, page_h = self.page
        t = self.t
        self.band(page_h - COVER_BAND, COVER_BAND)
        top = page_h - 1.3 * CM
        if self.c.d.emblem is not None:
            cx, cy = page_w / 2, top - EMBLEM_DISC
            with mark(canvas, LAYOUT):
                canvas.saveState()
                canvas.setFillColorRGB(*WHITE)
                canvas.circle(cx, cy, EMBLEM_DISC, stroke=0, fill=1)
                canvas.restoreState()
            with mark(canvas, self.tag("Figure", "emblem", alt=f"ตราสัญลักษณ์ {t.publisher}")):
                draw_emblem(canvas, self.c.d.emblem, cx - EMBLEM_SIZE / 2, cy - EMBLEM_SIZE / 2, EMBLEM_SIZE)
            top = cy - EMBLEM_DISC - 0.5 * CM
        else:
            top -= 1.5 * CM
        y = self.para(t.title, top, 24, bold=True, colour=WHITE, role="H1", key="title")
        self.para(t.subtitle, y - 4, 16, colour=WHITE)
        y = self.para(t.place, page_h - COVER_BAND - 1.4 * CM, 44, bold=True, colour=self.c.colour)
        y = self.para(t.year, y, 26)
        qr_top = y - 0.9 * CM
        self.qr(t.url, (page_w - COVER_QR) / 2, qr_top - COVER_QR, COVER_QR)
        y = self.para(t.url, qr_top - COVER_QR - 2, 11)
        if t.synthetic_note:
            self.para(t.synthetic_note, y - 0.6 * CM, 18, bold=True, colour=self.c.note_colour)
        self.band(0, FOOT_BAND)
        y = self.para(t.publisher, FOOT_BAND - 0.55 * CM, 18, bold=True, colour=WHITE)
        self.para(t.address, y, 13, colour=WHITE)


class BackCoverPage(PageDrawing):
    """The back cover: publisher, address and contact; the QR code to the booklet's page with its
    address; the date printed; a colour band at the foot (the cover's, continued round the spine)."""

    part = "back-cover"

    def draw_page(self, canvas) -> None:
        page_w, page_h = self.page
        t = self.t
        y = self.para("จัดทำโดย", page_h - 9 * CM, 14)
        y = self.para(t.publisher, y, 22, bold=True, colour=self.c.colour)
        y = self.para(t.address, y - 2, 14)
        y = self.para(t.contact, y, 14)
        qr_top = y - 1.2 * CM
        self.qr(t.url, (page_w - COVER_QR) / 2, qr_top - COVER_QR, COVER_QR)
        y = self.para("อ่านและดาวน์โหลดฉบับอิเล็กทรอนิกส์", qr_top - COVER_QR - 2, 14, bold=True)
        y = self.para(t.url, y, 11)
        date = thai_date(print_date(), thai=self.c.thai)
        y = self.para(f"พิมพ์เมื่อ {date}", y - 0.8 * CM, 14)
        if t.synthetic_note:
            self.para(t.synthetic_note, y - 0.4 * CM, 16, bold=True, colour=self.c.note_colour)
        self.band(0, FOOT_BAND)


def draw_emblem(canvas, path: Path, x: float, y: float, size: float) -> None:
    """The emblem file (SVG, PNG, JPG) fitted and centred in the square (x, y, size)."""
    if path.suffix.lower() == ".svg":
        from reportlab.graphics import renderPDF

        drawing = _svg(path)
        scale = min(size / drawing.width, size / drawing.height)
        canvas.saveState()
        canvas.translate(x + (size - drawing.width * scale) / 2, y + (size - drawing.height * scale) / 2)
        canvas.scale(scale, scale)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.restoreState()
        return
    try:
        canvas.drawImage(str(path), x, y, size, size, preserveAspectRatio=True, anchor="c", mask="auto")
    except OSError as exc:
        raise InputError(f"cannot read the emblem: {exc}", Location(path)) from exc


_SVGS: dict[Path, object] = {}


def _svg(path: Path):
    drawing = _SVGS.get(path)
    if drawing is None:
        from svglib.svglib import svg2rlg

        drawing = svg2rlg(str(path))
        if drawing is None:
            raise InputError("cannot read the emblem (SVG)", Location(path))
        from ..pdf.document import NO_FONT

        drawing.initialFontName = NO_FONT   # no Helvetica selected (PDF/A: every font embedded)
        _SVGS[path] = drawing
    return drawing


def blank_note(composer) -> list[Flowable]:
    """The text of an intentionally blank page, a third of the way down."""
    return [Spacer(1, 8 * CM), composer.text(BLANK_NOTE, size=composer.size - 2, align="center",
                                             color=(0.45, 0.45, 0.45), tag=PAGINATION)]   # not content
