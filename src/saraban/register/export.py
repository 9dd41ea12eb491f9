"""The register printed (public): the regulation's outgoing-register form as PDF, and CSV/XLSX.

The form (ทะเบียนหนังสือส่ง) is a landscape table under the heading ``ทะเบียนหนังสือส่ง`` at the
top right, with the columns the regulation lists for it: register number (เลขทะเบียนส่ง), the
letter's number (ที่), its date (ลงวันที่), from (จาก), to (ถึง), subject (เรื่อง), what was done
with it (การปฏิบัติ: how it was sent) and a remark (หมายเหตุ; a cancelled number says so here).
A circular's row names its group recipient and how many letters went out; the CSV and XLSX list
every recipient.  Thai text is set by saraban's Thai layer; digits are Thai in the PDF.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from typing import Sequence

from ..thai.dates import thai_date
from ..thai.numerals import to_thai_digits
from .model import CANCELLED, Entry

#: The form's columns: heading and width in cm (landscape A4 less 1.5 cm margins = 26.7 cm).
COLUMNS = (("เลขทะเบียนส่ง", 2.4), ("ที่", 3.4), ("ลงวันที่", 2.6), ("จาก", 3.4), ("ถึง", 4.0),
           ("เรื่อง", 5.5), ("การปฏิบัติ", 3.2), ("หมายเหตุ", 2.2))

#: Margins of the form in cm: narrow, a register page is a table.
MARGIN_CM = 1.5

#: Text size of the table in TH Sarabun points (the letters' 16 pt would fit a third as much).
TABLE_SIZE = 14.0

#: How a letter was sent, as the form's การปฏิบัติ column says it.
VIA_THAI = {"e-saraban": "สารบรรณอิเล็กทรอนิกส์", "e-mail": "ไปรษณีย์อิเล็กทรอนิกส์",
            "post": "ไปรษณีย์", "hand": "นำส่งด้วยตนเอง"}

#: The CSV/XLSX columns (English names: the files are read by programs too).
CSV_COLUMNS = ("year", "series", "register_number", "number", "date", "from", "to", "subject", "via",
               "remark", "status", "reason", "recipients", "files", "issued_at", "issued_by")


def _remark(entry: Entry) -> str:
    if entry.status == CANCELLED:
        return f"ยกเลิก: {entry.reason}" + (f" — {entry.remark}" if entry.remark else "")
    return entry.remark


def _to(entry: Entry) -> str:
    count = len(entry.recipients)
    if count > 1:
        return f"{entry.recipient} ({count} ราย)"
    return entry.recipient


def rows(entries: Sequence[Entry]) -> list[dict[str, str]]:
    """One dict per entry with :data:`CSV_COLUMNS` (Arabic digits, ISO dates)."""
    out = []
    for e in entries:
        out.append({"year": str(e.year), "series": e.series, "register_number": str(e.seq), "number": e.number,
                    "date": e.letter_date, "from": e.sender, "to": e.recipient, "subject": e.subject,
                    "via": e.via, "remark": e.remark, "status": e.status, "reason": e.reason,
                    "recipients": "\n".join(e.recipients),
                    "files": "\n".join(f"{d.file} sha256:{d.sha256}" for d in e.documents),
                    "issued_at": e.issued_at, "issued_by": e.issued_by})
    return out


def to_csv(entries: Sequence[Entry]) -> bytes:
    """The register as CSV (UTF-8 with a BOM, so that Excel reads the Thai)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(entries))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(entries: Sequence[Entry]) -> bytes:
    """The register as an XLSX workbook: one sheet, a header row, wrapped multi-line cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "ทะเบียนหนังสือส่ง"
    sheet.append(list(CSV_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(entries):
        sheet.append([int(row[c]) if c in ("year", "register_number") else row[c] for c in CSV_COLUMNS])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.properties.created = book.properties.modified = _dt.datetime(2000, 1, 1)  # reruns: same bytes
    book.save(buffer)
    return buffer.getvalue()


def _period(entries: Sequence[Entry]) -> str:
    years = sorted({e.year for e in entries})
    if not years:
        return ""
    span = str(years[0]) if len(years) == 1 else f"{years[0]} – {years[-1]}"
    return to_thai_digits(f"พ.ศ. {span}")


def to_pdf(entries: Sequence[Entry], title_note: str = "", typesetter=None) -> bytes:
    """The register as the regulation's form (landscape A4, the table repeated under its header
    on every page, page numbers at the foot), tagged (heading ``H1``, the period ``P``, a
    ``Table`` with ``TH`` header cells of scope Column; the header repeated on later pages, the
    page numbers, the rules are artifacts) and PDF/A-2u like every PDF saraban writes."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle

    from ..pdf import archive
    from ..pdf.document import NO_FONT
    from ..pdf.tags import FOOTER, Elem, TaggedCanvas, finish, mark, marker
    from ..reports.compose import TaggedTable
    from ..thai.flowable import ThaiParagraph, default_typesetter
    from ..thai.layout import ParagraphStyle
    from ..thai.shape import TextStyle

    ts = typesetter or default_typesetter()
    table_tag = (Elem("Table", 0),)

    def style(size=TABLE_SIZE, bold=False, align="left"):
        return ParagraphStyle(text=TextStyle(size=size, bold=bold), align=align)

    def cell(text: str, tag, align="left", bold=False, repeat=False):
        return ThaiParagraph(text or " ", style(bold=bold, align=align), ts, marker=marker(tag, repeat))

    header = [cell(name, table_tag + (Elem("TR", 0), Elem("TH", k, scope="Column")), "center", True, repeat=True)
              for k, (name, _) in enumerate(COLUMNS)]
    data = [header]
    for row, e in enumerate(entries, start=1):
        date = thai_date(_dt.date.fromisoformat(e.letter_date), style="short-full")
        texts = [(to_thai_digits(str(e.seq)), "center"), (to_thai_digits(e.number), "left"), (date, "left"),
                 (e.sender, "left"), (to_thai_digits(_to(e)), "left"), (e.subject, "left"),
                 (VIA_THAI.get(e.via, e.via), "left"), (to_thai_digits(_remark(e)), "left")]
        data.append([cell(text, table_tag + (Elem("TR", row), Elem("TD", k)), align)
                     for k, (text, align) in enumerate(texts)])
    if len(data) == 1:
        data.append([cell("", table_tag + (Elem("TR", 1), Elem("TD", k))) for k in range(len(COLUMNS))])
    table = TaggedTable(data, colWidths=[w * cm for _, w in COLUMNS], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                               ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                               ("VALIGN", (0, 1), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 3),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    page_w = landscape(A4)[0]
    heading = ThaiParagraph("ทะเบียนหนังสือส่ง", style(size=20, bold=True, align="right"), ts,
                            marker=marker((Elem("H1", 0),)))
    period = " ".join(x for x in (_period(entries), title_note) if x)
    story = [heading, ThaiParagraph(period or " ", style(size=16, align="right"), ts, marker=marker((Elem("P", 0),))),
             Spacer(1, 0.3 * cm), table]

    def footer(canvas, doc):
        from ..thai.flowable import draw_paragraph

        text = to_thai_digits(f"หน้า {doc.page}")
        layout = ts.layout(text, style(size=12, align="center"), page_w - 2 * MARGIN_CM * cm)
        with mark(canvas, FOOTER):
            draw_paragraph(canvas, layout, MARGIN_CM * cm, MARGIN_CM * cm * 0.8, remember=False)

    title = " ".join(x for x in ("ทะเบียนหนังสือส่ง", period) if x)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=MARGIN_CM * cm, rightMargin=MARGIN_CM * cm,
                            topMargin=MARGIN_CM * cm, bottomMargin=MARGIN_CM * cm, title=title,
                            author="saraban", creator="saraban", producer="saraban (reportlab)",
                            lang="th-TH", invariant=1, initialFontName=NO_FONT)
    doc.build(story, onFirstPage=footer, onLaterPages=footer, canvasmaker=TaggedCanvas)
    data = finish(doc.canv, buffer.getvalue(), compact_large=False)
    pages = doc.page
    labels = tuple(to_thai_digits(str(n)) for n in range(1, pages + 1))   # "หน้า ๑" prints ๑
    return archive.finish(data, archive.Archival(title=title, description="ทะเบียนหนังสือส่ง", labels=labels))
