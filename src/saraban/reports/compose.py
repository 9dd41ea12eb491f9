"""Stage *compose* of the booklet pipeline (public): figures → the story of a booklet (platypus).

A province booklet: cover (title, province, year, QR code to its e-book page), contents, summary
box and charts, the LAO table by district, top and bottom LAOs, the satisfaction section, method
notes.  The national booklet: cover, contents, national figures and charts, the league table of the
provinces, method notes.  Every text goes through the Thai layer; numbers are formatted here, in
Thai digits unless the definition says otherwise.

The LAO table is packed into pages here, not by reportlab: each page gets one table with the column
header, and a district moves to the next page whole when it fits on one.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.platypus import (CondPageBreak, Flowable, KeepTogether, NextPageTemplate, PageBreak, Spacer,
                                Table, TableStyle)

from ..pdf.document import NO_FONT
from ..pdf.links import LinkTo
from ..pdf.qr import draw_qr
from ..pdf.tags import LAYOUT, PAGINATION, Elem, Path, Tag, mark, marker
from ..thai.dates import thai_date
from ..thai.flowable import ThaiText
from ..thai.layout import ParagraphLayout, ParagraphStyle, Span, Typesetter
from ..thai.numerals import format_number, to_thai_digits
from ..thai.shape import TextStyle
from .charts import BarChart, Series
from .grid import Grid, GridRow, row_height
from .load import Definition
from .naming import NATIONAL, page_url
from .printing import (QR_ALT, BackCoverPage, BackCoverStart, CoverPage, CoverText, RightHandStart, blank_note,
                       hex_colour)
from .model import BANDS, BANGKOK, DIMENSIONS, LAO_TYPES, PASS_MARK, Dataset, provinces
from .sample import SYNTHETIC_NOTE
from .stats import Figures, League, Report

CM = 72 / 2.54
PAGE_W, PAGE_H = A4
#: Booklet margins: 2 cm all round, 1.6 cm more at the top for the running header.
MARGIN = 2.0 * CM
HEADER_ROOM = 1.0 * CM
FRAME_W = PAGE_W - 2 * MARGIN
FRAME_H = PAGE_H - 2 * MARGIN - HEADER_ROOM

#: Cell padding of the tables, points.
CELL_PAD = 2.5
#: Column widths of the LAO table (points); the name column takes the rest of the frame.
LAO_COLUMNS = {"type": 34, "dim": 35, "overall": 40, "band": 50, "rank": 30, "satisfaction": 42}
HEADER_FILL = (0.88, 0.92, 0.97)
DISTRICT_FILL = (0.95, 0.95, 0.95)
RULE_GREY = 0.55
NOTE_RED = (0.75, 0.0, 0.0)
QR_SIZE = 3.2 * CM
#: Bar height of the summary charts, points: with the axis titles the charts fill the summary page
#: at print size (the A5 print file too).
CHART_BAR = 17.0
#: Pages the prediction counts that carry no section bookmark.
UNMARKED_PAGES = ("cover", "foreword", "contents")
#: Space between a table page's last row and the legend of its column headers, points.
LEGEND_SPACE = 4.0
#: Space above a section heading that does not start a page (platypus drops it at a frame top).
HEADING_SPACE = 12.0


@dataclass(frozen=True)
class Section:
    """A bookmarked section: its key, title and the page it starts on (when known)."""

    key: str
    title: str


class Anchor(Flowable):
    """Marks where a section starts: a PDF bookmark and an outline entry; the build records the
    page for the contents."""

    def __init__(self, section: Section, level: int = 0):
        super().__init__()
        self.section = section
        self.level = level
        self.width = self.height = 0

    def wrap(self, *args):  # noqa: D102
        return 0, 0

    def draw(self):  # noqa: D102
        self.canv.bookmarkPage(self.section.key)
        self.canv.addOutlineEntry(self.section.title, self.section.key, level=self.level)


class TaggedTable(Table):
    """A reportlab table whose fills and rules are artifacts (its cells mark themselves).  Its
    cells' font is saraban's placeholder: reportlab selects a cell's font before drawing it, and
    would select a Helvetica it never embeds (the cells draw their text with embedded fonts)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), NO_FONT)]))

    def _drawBkgrnd(self):  # noqa: N802 - reportlab's name
        with mark(self.canv, LAYOUT):
            super()._drawBkgrnd()

    def _drawLines(self):  # noqa: N802 - reportlab's name
        with mark(self.canv, LAYOUT):
            super()._drawLines()


class QRFlowable(Flowable):
    def __init__(self, data: str, size: float, align: str = "center", tag: Path | None = None):
        super().__init__()
        self.data, self.size, self.hAlign = data, size, align.upper()
        self.tag = tag or (Elem("Figure", ("qr", data), alt=QR_ALT.format(url=data)),)

    def wrap(self, *args):  # noqa: D102
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self):  # noqa: D102
        with mark(self.canv, self.tag):
            draw_qr(self.canv, self.data, 0, 0, self.size)


class SignerLine(Flowable):
    """A line of the foreword's signature block: centred in the right half of the frame."""

    def __init__(self, text: Flowable, width: float):
        super().__init__()
        self.inner, self.box = text, width

    def wrap(self, aw, ah):  # noqa: D102
        _, h = self.inner.wrap(self.box, ah)
        self.width, self.height = aw, h
        return aw, h

    def draw(self):  # noqa: D102
        self.inner.drawOn(self.canv, self.width - self.box, 0)


class BookletComposer:
    """Turns figures into flowables with one typesetter and one definition."""

    def __init__(self, dataset: Dataset, definition: Definition, typesetter: Typesetter):
        self.data = dataset
        self.d = definition
        self.ts = typesetter
        self.family = typesetter.library.family(definition.get("font")).name
        self.size = float(definition["size"])
        self.table_size = float(definition["table_size"])
        self.thai = bool(definition["thai_digits"])
        self.colour = hex_colour(definition["colour"])
        self.note_colour = NOTE_RED
        self.right_hand = frozenset(definition["right_hand_starts"])
        self._keys = itertools.count()
        #: the section being composed: its ``Sect`` in the structure tree (the texts made now go in it)
        self.part: Path = ()

    # -- text helpers ------------------------------------------------------------------------
    @functools.lru_cache(maxsize=1024, typed=True)   # styles are immutable: one is shared, not remade
    def style(self, size=None, bold=False, align="left", color=(0, 0, 0), before=0.0, after=0.0,
              indent=0.0) -> ParagraphStyle:
        return ParagraphStyle(TextStyle(family=self.family, size=size or self.size, bold=bold, color=color),
                              align=align, space_before=before, space_after=after, first_indent=indent)

    def tag(self, role: str, **kw) -> Path:
        """A new structure element of ``role`` in the current section."""
        return self.part + (Elem(role, next(self._keys), **kw),)

    def text(self, content, *, role: str = "P", tag: Tag | None = None, **kw) -> ThaiText:
        """A text flowable, marked as a new ``role`` element (a paragraph) or as ``tag``."""
        return ThaiText(content, self.style(**kw), self.ts, marker=marker(tag or self.tag(role)))

    def cell(self, content, align="left", bold=False, tag: Path | None = None, repeat: bool = False) -> ThaiText:
        """A table cell; ``repeat``: a header cell set again on every page (an artifact after
        the first)."""
        return ThaiText(content, self.style(size=self.table_size, align=align, bold=bold), self.ts,
                        marker=marker(tag or self.tag("P"), repeat))

    def digits(self, text: str) -> str:
        return to_thai_digits(text) if self.thai else text

    def num(self, value: float | None, decimals: int = 2) -> str:
        return "–" if value is None else format_number(value, decimals, thai=self.thai)

    def year(self) -> str:
        return self.digits(str(self.data.year_be))

    def heading(self, section: Section, level: int = 0) -> list[Flowable]:
        """A section's anchor and title (``H1``; ``H2`` below the top level); a top-level
        section starts a ``Sect`` of the structure tree."""
        size = self.size + (6 if level == 0 else 3)
        if level == 0:
            self.part = (Elem("Sect", section.key),)
        return [Anchor(section, level), self.text(section.title, role="H1" if level == 0 else "H2", size=size,
                                                  bold=True, before=HEADING_SPACE, after=8)]

    def url(self, key: str, code: str = "") -> str:
        number = code[3:] if code.startswith("TH-") else ""
        return str(self.d[key]).format(year_be=self.data.year_be, code=code, number=number)

    def page_url(self, code: str) -> str:
        """The booklet's page on the catalogue site (``base_url``): its QR codes' link."""
        return page_url(str(self.d["base_url"]), self.data.year_be, code)

    # -- shared parts --------------------------------------------------------------------------
    def cover_text(self, place: str, code: str, title: str | None = None) -> CoverText:
        return CoverText(title or self.d["title"], self.d["subtitle"], place, f"ประจำปี พ.ศ. {self.year()}",
                         self.page_url(code), self.d["owner"], self.digits(self.d["publisher_address"]),
                         self.digits(self.d["contact"]), SYNTHETIC_NOTE if self.data.synthetic else None)

    def cover(self, text: CoverText) -> list[Flowable]:
        """The designed front cover (see :class:`printing.CoverPage`)."""
        return [CoverPage(self, text, MARGIN, (PAGE_W, PAGE_H))]

    def back_cover(self, text: CoverText) -> list[Flowable]:
        """Blank pages to a multiple of four, then the back cover."""
        return [BackCoverStart(), BackCoverPage(self, text, MARGIN, (PAGE_W, PAGE_H))]

    def blank_page_note(self) -> list[Flowable]:
        return blank_note(self)

    def new_page(self, key: str) -> Flowable:
        """The break before section ``key``: to a right-hand page when the definition says so."""
        return RightHandStart(key) if key in self.right_hand else PageBreak()

    def predict(self, blocks: Sequence[tuple[str, int, bool]]) -> dict[str, int]:
        """Start pages of sections (key, pages, starts a page), right-hand starts counted."""
        page, found = 0, {}
        for key, length, starts_page in blocks:
            if starts_page or key in self.right_hand:
                page += 1
                if key in self.right_hand and page % 2 == 0:
                    page += 1
            found[key] = page
            page += length - 1
        # only the bookmarked sections: the build compares these with the pages it found, and a
        # key it cannot find (cover, foreword, contents) would make every booklet build twice
        return {k: v for k, v in found.items() if k not in UNMARKED_PAGES}

    def foreword(self, place: str, national: bool, laos: int) -> list[Flowable]:
        """คำนำ: the definition's foreword template, then its signer."""
        from ..errors import Location

        context = {"place": place, "national": national, "laos": format_number(laos, 0, thai=False),
                   "year_be": self.data.year_be, "owner": self.d["owner"], "synthetic": self.data.synthetic}
        origin = Location(self.d.foreword_path or "<bundled lpa-foreword.md.j2>", 1)
        text = self.templates.render(self.d.foreword, context, origin)
        self.part = (Elem("Sect", "foreword"),)
        story: list[Flowable] = [self.text("คำนำ", role="H1", size=self.size + 8, bold=True, align="center",
                                           after=14)]
        story += [self.text(list(p.spans), indent=1.0 * CM, after=6) for p in self.paragraphs(text)]
        story.append(Spacer(1, 1.2 * CM))
        signer = [f"({self.d['signer']})"] if self.d["signer"] else []
        for line in signer + [self.d["signer_position"], f"พ.ศ. {self.year()}"]:
            story.append(SignerLine(self.text(line, align="center"), FRAME_W / 2))
        return story

    def contents(self, sections: Sequence[Section], pages: dict[str, int] | None) -> list[Flowable]:
        """สารบัญ: a heading and a ``TOC`` of one ``TOCI`` per section (its title and page)."""
        self.part = (Elem("Sect", "contents"),)
        title = self.text("สารบัญ", role="H1", size=self.size + 6, bold=True, after=10)
        toc = self.tag("TOC")
        rows = []
        for k, s in enumerate(sections):
            page = self.digits(str(pages[s.key])) if pages and s.key in pages else "…"
            entry = toc + (Elem("TOCI", k), Elem("Reference"))
            # each entry links to its section's page (the bookmark its Anchor sets)
            where = f"ไปยัง{s.title}" + (f" หน้า {page}" if page != "…" else "")
            rows.append([LinkTo(self.text(s.title, tag=entry), s.key, where),
                         LinkTo(self.text(page, align="right", tag=entry), s.key, where)])
        table = TaggedTable(rows, colWidths=[FRAME_W - 2 * CM, 2 * CM])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.3, (0.8, 0.8, 0.8)),
                                   ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        return [title, table]

    def key_value_table(self, rows: Sequence[tuple[str, str]], widths=(0.55, 0.45)) -> Table:
        tbl = self.tag("Table")
        data = [[self.text(k, tag=tbl + (Elem("TR", r), Elem("TH", 0, scope="Row"))),
                 self.text(v, bold=True, tag=tbl + (Elem("TR", r), Elem("TD", 1)))] for r, (k, v) in enumerate(rows)]
        table = TaggedTable(data, colWidths=[FRAME_W * widths[0], FRAME_W * widths[1]])
        table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, (0.3, 0.3, 0.3)),
                                   ("LINEBELOW", (0, 0), (-1, -2), 0.3, (0.8, 0.8, 0.8)),
                                   ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
        return table

    def type_counts(self, f: Figures) -> str:
        parts = [f"{LAO_TYPES[k].short_th} {self.digits(str(n))}" for k, n in f.by_type.items()
                 if n and k != "pattaya"]
        if f.by_type.get("pattaya"):
            parts.append(f"เมืองพัทยา {self.digits('1')}")
        return " ".join(parts)

    def charts(self, f: Figures, national: Figures | None, place: str) -> list[Flowable]:
        story: list[Flowable] = []
        series = [Series(place, tuple(f.dimension_means) or (None,) * 5)]
        if national is not None:
            series.append(Series("ค่าเฉลี่ยระดับประเทศ", tuple(national.dimension_means)))
        title = "ค่าเฉลี่ยร้อยละรายด้าน"
        story.append(self.text(title, role="H2", bold=True, before=6, after=4))
        alt = chart_alt(title, DIMENSIONS, series, self.num)
        story.append(BarChart(DIMENSIONS, series, self.ts, self.family, self.table_size, label_width=170,
                              bar_height=CHART_BAR, fmt=lambda v: self.num(v), axis_fmt=lambda v: self.num(v, 0),
                              axis_title="คะแนนร้อยละ",
                              tag=self.tag("Figure", alt=alt)))
        total = max(1, sum(f.bands.values()))
        top = max(f.bands.values()) if f.bands else 0
        step = _nice_step(top)
        title = "การกระจายตามระดับผลการประเมิน (จำนวน อปท.)"
        story.append(self.text(title, role="H2", bold=True, before=14, after=4))
        labels = [f"{name} ({self.digits(_band_range(lower))})" for lower, name in BANDS]
        band_series = [Series(place, tuple(float(f.bands[n]) for _, n in BANDS))]
        band_fmt = lambda v: f"{self.num(v, 0)} ({self.num(100 * v / total, 1)}%)"  # noqa: E731
        story.append(BarChart(labels, band_series,
                              self.ts, self.family, self.table_size, label_width=170,
                              maximum=max(step, -(-top // step) * step), step=step, bar_height=CHART_BAR + 2,
                              fmt=band_fmt,
                              axis_fmt=lambda v: self.num(v, 0), axis_title="จำนวนองค์กรปกครองส่วนท้องถิ่น (แห่ง)",
                              tag=self.tag("Figure", alt=chart_alt(title, labels, band_series, band_fmt))))
        return story

    def method_notes(self) -> list[Flowable]:
        """The definition's notes template, rendered in the sandbox and set as paragraphs."""
        from ..errors import Location

        context = {
            "dimensions": list(DIMENSIONS), "pass_mark": f"{PASS_MARK:.0f}",
            "bands": [{"name": name, "range": _band_range(lower)} for lower, name in BANDS],
            "source": self.d["source"], "data_date": self._data_date() if self.data.data_date else "",
            "synthetic": self.data.synthetic, "synthetic_note": SYNTHETIC_NOTE, "year_be": self.data.year_be,
        }
        origin = Location(self.d.notes_path or "<bundled lpa-notes.md.j2>", 1)
        text = self.templates.render(self.d.notes, context, origin)
        return [self.text(list(p.spans), indent=1.0 * CM, after=6) for p in self.paragraphs(text)]

    @functools.cached_property
    def templates(self):
        """The sandbox the foreword and notes templates render in (compiled once per composer)."""
        from ..templates import Templates

        return Templates()

    def paragraphs(self, text: str) -> tuple:
        """The paragraphs of a rendered template, digits as the definition says; remembered per
        text (the notes are the same in every booklet of a run)."""
        return _paragraphs(text, self.thai)

    def _data_date(self) -> str:
        import datetime as dt

        try:
            return thai_date(dt.date.fromisoformat(self.data.data_date), thai=self.thai)
        except ValueError:
            return self.data.data_date

    # -- province booklet ------------------------------------------------------------------------
    def section(self, key: str, name: str | None = None) -> Section:
        title = str(self.d["sections"][name or key]).replace("{n}", self.digits(str(self.d["top_count"])))
        return Section(key, title)

    def province_sections(self) -> list[Section]:
        return [self.section(k) for k in ("summary", "table", "top", "satisfaction", "method")]

    def province_story(self, report: Report, pages: dict[str, int] | None) -> tuple[list[Flowable], dict[str, int]]:
        """The story and the section pages its contents page shows: ``pages`` if given (the
        pages a build found), else a prediction (cover, contents, summary, the packed table pages,
        then one page each); the build checks the prediction and rebuilds if it was wrong."""
        prov = provinces()[report.province]
        place = f"จังหวัด{prov.name_th}"
        f, n = report.figures, report.national
        sections = self.province_sections()
        self.part = ()
        table = self.lao_table(report, (Elem("Sect", sections[1].key),))
        table_pages = 1 + sum(isinstance(x, PageBreak) for x in table)
        pages = pages or self.predict([("cover", 1, True), ("foreword", 1, True), ("contents", 1, True),
                                       ("summary", 1, True), ("table", table_pages, True), ("top", 1, True),
                                       ("satisfaction", 1, True), ("method", 1, False)])
        cover = self.cover_text(place, prov.code)
        story: list[Flowable] = self.cover(cover)
        story += [NextPageTemplate("body"), self.new_page("foreword")]
        story += self.foreword(place, False, len(report.rows))
        story += [self.new_page("contents")] + self.contents(sections, pages)
        story.append(self.new_page("summary"))
        # summary
        story += self.heading(sections[0])
        rank = (f"{self.digits(str(report.rank))} จาก {self.digits(str(report.ranked_provinces))} จังหวัด"
                if report.rank else "–")
        story.append(self.key_value_table([
            ("จำนวนองค์กรปกครองส่วนท้องถิ่น", f"{self.digits(str(f.laos))} แห่ง"),
            ("แยกตามประเภท", self.type_counts(f)),
            ("ได้รับการประเมิน", f"{self.digits(str(f.assessed))} แห่ง"),
            (f"ผ่านเกณฑ์ (ร้อยละ {self.digits(f'{PASS_MARK:.0f}')} ขึ้นไป)",
             f"{self.digits(str(f.passed))} แห่ง (ร้อยละ {self.num(f.pass_percent)})"),
            ("ค่าเฉลี่ยคะแนนร้อยละรวมของจังหวัด", self.num(f.mean_overall)),
            ("ค่าเฉลี่ยคะแนนร้อยละรวมระดับประเทศ", self.num(n.mean_overall)),
            ("อันดับของจังหวัด", rank),
            ("ความพึงพอใจของประชาชน (ร้อยละ)",
             self.num(f.satisfaction_mean * 20 if f.satisfaction_mean else None)),
        ]))
        story += self.charts(f, n, place)
        # the table
        story += [self.new_page("table")] + self.heading(sections[1])
        story += table
        # top and bottom
        story += [self.new_page("top")] + self.heading(sections[2]) + self.top_bottom(report)
        # satisfaction
        story += [self.new_page("satisfaction")] + self.heading(sections[3]) + self.satisfaction(report, prov.code)
        method_break = self.new_page("method") if "method" in self.right_hand else CondPageBreak(8 * CM)
        story += [method_break] + self.heading(sections[4]) + self.method_notes()
        story += self.back_cover(cover)
        return story, pages

    def cell_layout(self, content, width: float, align: str = "left", bold: bool = False) -> ParagraphLayout:
        """A table cell's layout at its column ``width`` (padding taken off), cached."""
        return self.ts.layout_cached(content, self.cell_style(align, bold), width - 2 * CELL_PAD)

    @functools.lru_cache(maxsize=16)
    def cell_style(self, align: str, bold: bool) -> ParagraphStyle:
        return self.style(size=self.table_size, align=align, bold=bold)

    def lao_widths(self) -> list[float]:
        c = LAO_COLUMNS
        fixed = c["type"] + 5 * c["dim"] + c["overall"] + c["band"] + c["rank"] + c["satisfaction"]
        return [FRAME_W - fixed, c["type"]] + [c["dim"]] * 5 + [c["overall"], c["band"], c["rank"],
                                                                   c["satisfaction"]]

    def lao_header(self, widths: Sequence[float]) -> GridRow:
        labels = ["ชื่อ อปท.", "ประเภท"] + [f"ด้าน {self.digits(str(i))}" for i in range(1, 6)] + \
                 ["รวม", "ระดับ", "อันดับ", "พึงพอใจ (ร้อยละ)"]
        cells = tuple(self.cell_layout(t, w, "center", True) for t, w in zip(labels, widths))
        return GridRow(cells, row_height(cells, CELL_PAD), HEADER_FILL, rule_below=0.8)

    def lao_row(self, row, widths: Sequence[float]) -> GridRow:
        lao, score = row.lao, row.score
        texts = [(lao.name_th if lao.lao_type != "pattaya" else "เมืองพัทยา", "left", False),
                 (LAO_TYPES[lao.lao_type].short_th if lao.lao_type != "pattaya" else "พิเศษ", "center", False)]
        if score is None:
            texts += [("–", "center", False)] * 6 + [("ไม่มีผล", "center", False), ("–", "center", False)]
        else:
            texts += [(self.num(v), "right", False) for v in score.dimensions]
            texts += [(self.num(score.overall), "right", True), (score.band, "center", False),
                      (self.digits(str(row.rank)), "right", False)]
        texts.append((self.num(row.satisfaction * 20 if row.satisfaction else None), "right", False))
        cells = tuple(self.cell_layout(t, w, a, b) for (t, a, b), w in zip(texts, widths))
        return GridRow(cells, row_height(cells, CELL_PAD))

    def district_row(self, district: str, count: int | None) -> GridRow:
        spans = [Span(f"อำเภอ{district}", bold=True),
                 Span(f"  ({self.digits(str(count))} แห่ง)" if count is not None else " (ต่อ)")]
        cell = self.cell_layout(spans, FRAME_W)
        return GridRow((cell,), row_height([cell], CELL_PAD), DISTRICT_FILL, span=True, rule_above=0.4)

    def lao_table(self, report: Report, part: Path = ()) -> list[Flowable]:
        """One grid per page, header on each, districts kept whole when they fit on a page; in
        the structure tree one ``Table`` (in section ``part``) whose header is an artifact on
        the pages after the first."""
        outer, self.part = self.part, part
        try:
            return self._lao_table(report)
        finally:
            self.part = outer

    def _lao_table(self, report: Report) -> list[Flowable]:
        widths = self.lao_widths()
        header = self.lao_header(widths)
        heading_h = self.text("x", size=self.size + 6, bold=True, after=8).wrap(FRAME_W, 1e6)[1] + 8
        legend_h = self.dimension_legend().wrap(FRAME_W, 1e6)[1] + LEGEND_SPACE
        full = FRAME_H - legend_h    # the legend is the footnote of every table page
        groups: dict[str, list] = {}
        for row in report.rows:
            groups.setdefault(row.lao.district_th, []).append(row)
        pages: list[list[GridRow]] = [[]]
        room = full - heading_h - header.height
        for district, rows in groups.items():
            title = self.district_row(district, len(rows))
            body = [self.lao_row(r, widths) for r in rows]
            need = title.height + sum(r.height for r in body)
            if pages[-1] and need > room and need <= full - header.height:
                pages.append([])
                room = full - header.height
            pages[-1].append(title)
            room -= title.height
            for r in body:
                if r.height > room:
                    more = self.district_row(district, None)
                    pages.append([more])
                    room = full - header.height - more.height
                pages[-1].append(r)
                room -= r.height
        story: list[Flowable] = []
        tbl = self.tag("Table")
        first = 1
        for p, rows in enumerate(pages):
            if p:
                story.append(PageBreak())
            # the legend is read once, after the table; on the pages before it is a repeat
            last = p == len(pages) - 1
            story += [Grid(widths, [header] + rows, CELL_PAD, tag=tbl, header=1, first=first, continued=p > 0),
                      self.dimension_legend(None if last else PAGINATION)]
            first += len(rows)
        return story

    def dimension_legend(self, tag: Tag | None = None) -> Flowable:
        """What "ด้าน ๑–๕" of the table header stand for, under the table on each page."""
        parts = [f"ด้าน {self.digits(str(i))} {name.removeprefix('ด้าน')}" for i, name in enumerate(DIMENSIONS, 1)]
        return self.text("  ".join(parts), size=self.table_size - 1, color=(0.3, 0.3, 0.3), before=LEGEND_SPACE,
                         tag=tag)


    def small_table(self, header: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float],
                    aligns: Sequence[str]) -> Table:
        tbl = self.tag("Table")
        data = [[self.cell(h, align="center", bold=True, repeat=True,
                           tag=tbl + (Elem("TR", 0), Elem("TH", k, scope="Column"))) for k, h in enumerate(header)]]
        for r, row in enumerate(rows, start=1):
            data.append([c if isinstance(c, Flowable) else
                         self.cell(c, align=a, tag=tbl + (Elem("TR", r), Elem("TD", k)))
                         for k, (c, a) in enumerate(zip(row, aligns))])
        table = TaggedTable(data, colWidths=list(widths), repeatRows=1)
        table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                                   ("BOX", (0, 0), (-1, -1), 0.6, (RULE_GREY,) * 3),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.2, (0.8, 0.8, 0.8)),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD)]))
        return table

    def top_bottom(self, report: Report) -> list[Flowable]:
        scored = sorted((r for r in report.rows if r.score), key=lambda r: (r.rank, r.lao.dla_code))
        k = int(self.d["top_count"])
        widths = [40, FRAME_W - 40 - 120 - 55 - 60, 120, 55, 60]
        aligns = ["right", "left", "left", "right", "center"]

        def rows(items):
            return [[self.digits(str(r.rank)), r.lao.display_name, f"อำเภอ{r.lao.district_th}",
                     self.num(r.score.overall), r.score.band] for r in items]

        header = ["อันดับ", "ชื่อ อปท.", "อำเภอ", "คะแนนรวม", "ระดับ"]
        top = scored[:k]
        bottom = list(reversed(scored[-k:])) if len(scored) > k else []
        story: list[Flowable] = [self.text(f"{self.digits(str(len(top)))} อันดับแรก", role="H2", bold=True, after=4),
                                 self.small_table(header, rows(top), widths, aligns)]
        if bottom:
            story += [Spacer(1, 10),
                      self.text(f"{self.digits(str(len(bottom)))} อันดับท้ายสุด", role="H2", bold=True, after=4),
                      KeepTogether([self.small_table(header, rows(bottom), widths, aligns)])]
        return story

    def satisfaction(self, report: Report, code: str) -> list[Flowable]:
        f = report.figures
        story: list[Flowable] = [self.key_value_table([
            ("ค่าเฉลี่ยความพึงพอใจของ อปท. ในจังหวัด (ร้อยละ)",
             self.num(f.satisfaction_mean * 20 if f.satisfaction_mean else None)),
            ("ค่าเฉลี่ยระดับประเทศ (ร้อยละ)",
             self.num(report.national.satisfaction_mean * 20 if report.national.satisfaction_mean else None)),
            ("จำนวนผู้ตอบแบบสำรวจทั้งหมด", f"{format_number(f.respondents, 0, thai=self.thai)} คน"),
        ]), Spacer(1, 10), self.text("ความพึงพอใจรายงานบริการ", role="H2", bold=True, after=4)]
        widths = [FRAME_W - 60 - 60 - 60 - 80, 60, 60, 60, 80]
        rows = [[s.service_th, self.digits(str(s.laos)), self.num(s.mean), self.num(s.percent),
                 format_number(s.respondents, 0, thai=self.thai)] for s in f.services]
        story.append(self.small_table(["งานบริการ", "จำนวน อปท.", "ค่าเฉลี่ย (๕)", "ร้อยละ", "ผู้ตอบ (คน)"],
                                      rows, widths, ["left", "right", "right", "right", "right"]))
        story.append(self.text("ความพึงพอใจราย อปท. (ร้อยละ) อยู่ในคอลัมน์สุดท้ายของตารางผลการประเมินราย อปท.",
                               before=6, after=8))
        url = self.url("survey_url", code)
        story.append(KeepTogether([self.text("แบบสำรวจความพึงพอใจออนไลน์", role="H2", bold=True, after=4),
                                   QRFlowable(url, QR_SIZE * 0.8, "left",
                                              self.tag("Figure", alt=QR_ALT.format(url=url))),
                                   self.text(url, size=11, before=2)]))
        return story

    # -- national booklet ---------------------------------------------------------------------------
    def national_sections(self) -> list[Section]:
        return [self.section("summary", "national_summary"), self.section("league"), self.section("method")]

    def national_story(self, table: League, pages: dict[str, int] | None) -> tuple[list[Flowable], dict[str, int]]:
        """The story and the section pages of its contents (see :meth:`province_story`)."""
        n = table.national
        sections = self.national_sections()
        self.part = ()
        pages = pages or self.predict([("cover", 1, True), ("foreword", 1, True), ("contents", 1, True),
                                       ("summary", 1, True), ("league", 2, True), ("method", 1, True)])
        cover = self.cover_text("ระดับประเทศ", NATIONAL, self.d["national_title"])
        story: list[Flowable] = self.cover(cover)
        story += [NextPageTemplate("body"), self.new_page("foreword")] + self.foreword("ระดับประเทศ", True, n.laos)
        story += [self.new_page("contents")] + self.contents(sections, pages) + [self.new_page("summary")]
        story += self.heading(sections[0])
        story.append(self.key_value_table([
            ("จำนวนองค์กรปกครองส่วนท้องถิ่น", f"{format_number(n.laos, 0, thai=self.thai)} แห่ง"),
            ("แยกตามประเภท", self.type_counts(n)),
            ("ได้รับการประเมิน", f"{format_number(n.assessed, 0, thai=self.thai)} แห่ง"),
            (f"ผ่านเกณฑ์ (ร้อยละ {self.digits(f'{PASS_MARK:.0f}')} ขึ้นไป)",
             f"{format_number(n.passed, 0, thai=self.thai)} แห่ง (ร้อยละ {self.num(n.pass_percent)})"),
            ("ค่าเฉลี่ยคะแนนร้อยละรวม", self.num(n.mean_overall)),
            ("ความพึงพอใจของประชาชน (ร้อยละ)", self.num(n.satisfaction_mean * 20 if n.satisfaction_mean else None)),
            ("กรุงเทพมหานคร", "ไม่อยู่ในการประเมิน LPA"),
        ]))
        story += self.charts(n, None, "ระดับประเทศ")
        story += [self.new_page("league")] + self.heading(sections[1])
        widths = [36, FRAME_W - 36 - 118 - 44 - 60 - 64 - 60, 118, 44, 60, 64, 60]
        order = sorted(table.provinces, key=lambda c: (table.ranks.get(c, 10_000), c))
        rows = []
        for code in order:
            f = table.provinces[code]
            p = provinces()[code]
            if f.assessed:
                rows.append([self.digits(str(table.ranks[code])), p.name_th, p.region_th,
                             self.digits(str(f.laos)), self.num(f.mean_overall), self.num(f.pass_percent),
                             self.num(f.satisfaction_mean * 20 if f.satisfaction_mean else None)])
            else:
                rows.append(["–", p.name_th, p.region_th, self.digits(str(f.laos)), "ไม่มีข้อมูล", "–", "–"])
        bkk = provinces()[BANGKOK]
        rows.append(["–", bkk.name_th, bkk.region_th, "–", "ไม่อยู่ในการประเมิน", "–", "–"])
        story.append(self.small_table(["อันดับ", "จังหวัด", "ภาค", "อปท.", "คะแนนเฉลี่ย", "ผ่านเกณฑ์ (%)",
                                       "พึงพอใจ (%)"], rows, widths,
                                      ["right", "left", "left", "right", "right", "right", "right"]))
        method_break = self.new_page("method") if "method" in self.right_hand else CondPageBreak(8 * CM)
        story += [method_break] + self.heading(sections[2]) + self.method_notes()
        story += self.back_cover(cover)
        return story, pages


@functools.lru_cache(maxsize=256)
def _paragraphs(text: str, thai: bool) -> tuple:
    from ..markup import parse_body
    from ..thai.numerals import thai_digits_in_text

    return parse_body(text, thai_digits_in_text if thai else (lambda s: s))


def chart_alt(title: str, categories: Sequence[str], series: Sequence[Series], fmt) -> str:
    """The Alt text of a bar chart: what it shows and every value ("แผนภูมิแท่ง<title>: <category>
    <series> <value>, …; …"), as a listener needs it in place of the picture."""
    parts = []
    for g, category in enumerate(categories):
        values = [f"{s.name} {fmt(s.values[g])}" for s in series if s.values[g] is not None]
        parts.append(f"{category} " + (", ".join(values) if values else "ไม่มีข้อมูล"))
    return f"แผนภูมิแท่ง{title}: " + "; ".join(parts)


def _band_range(lower: float) -> str:
    uppers = {90.0: "100", 80.0: "89.99", 70.0: "79.99"}
    return f"{lower:.0f}–{uppers[lower]}" if lower in uppers else "ต่ำกว่า 70"


def _nice_step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000):
        if top / step <= 6:
            return float(step)
    return 10_000.0
