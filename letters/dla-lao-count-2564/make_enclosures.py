"""Make the per-province enclosures of this example: one PDF per province, the form the province
fills in and sends back (แบบตรวจสอบข้อมูลองค์กรปกครองส่วนท้องถิ่น), with the registry's counts of
its local administrative organisations printed in the first column.

    python letters/dla-lao-count-2564/make_enclosures.py      # writes enclosures/TH-xx.pdf

In an office these files come from elsewhere (a registry export, a scanned form); this script only
stands in for that, with saraban's Thai layer on reportlab.  Same data, same bytes.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from saraban.pdf.document import NO_FONT
from saraban.thai.flowable import ThaiText, default_typesetter
from saraban.thai.layout import ParagraphStyle
from saraban.thai.numerals import to_thai_digits
from saraban.thai.shape import TextStyle

HERE = Path(__file__).parent
DATA = HERE.parents[1] / "data" / "lao_counts_by_province.csv"

#: The kinds of organisation, as the registry's columns name them.
KINDS = [("pao", "องค์การบริหารส่วนจังหวัด"), ("thesaban_nakhon", "เทศบาลนคร"),
         ("thesaban_mueang", "เทศบาลเมือง"), ("thesaban_tambon", "เทศบาลตำบล"),
         ("tao", "องค์การบริหารส่วนตำบล"), ("special", "องค์กรปกครองส่วนท้องถิ่นรูปแบบพิเศษ")]


def _text(text: str, size: float = 16, bold: bool = False, align: str = "left") -> ThaiText:
    style = ParagraphStyle(TextStyle(family="Sarabun", size=size, bold=bold), align=align)
    return ThaiText(text, style, default_typesetter())


def make(row: dict, path: Path) -> None:
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.0 * cm,
                            topMargin=2.5 * cm, bottomMargin=2.0 * cm, invariant=1,
                            title=f"แบบตรวจสอบข้อมูลองค์กรปกครองส่วนท้องถิ่น จังหวัด{row['name_th']}",
                            author="กรมส่งเสริมการปกครองท้องถิ่น", creator="saraban example",
                            initialFontName=NO_FONT)   # every font embedded: the letter is PDF/A
    head = [_text(t, bold=True, align="center") for t in ("ประเภท", "ตามทะเบียน (แห่ง)", "ตรวจสอบแล้ว (แห่ง)", "หมายเหตุ")]
    rows = [head]
    for key, name in KINDS:
        rows.append([_text(name), _text(to_thai_digits(row[key]), align="right"), Spacer(0, 0), Spacer(0, 0)])
    rows.append([_text("รวม", bold=True), _text(to_thai_digits(row["total"]), bold=True, align="right"), Spacer(0, 0), Spacer(0, 0)])
    table = Table(rows, colWidths=[6.5 * cm, 3.0 * cm, 3.0 * cm, 4.0 * cm])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), NO_FONT), ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    story = [_text("แบบตรวจสอบข้อมูลองค์กรปกครองส่วนท้องถิ่น ประจำปี ๒๕๖๕", 18, True, "center"),
             _text(f"จังหวัด{row['name_th']} ({row['code']})  อำเภอ {to_thai_digits(row['districts'])} อำเภอ",
                   align="center"),
             Spacer(0, 0.6 * cm), table, Spacer(0, 0.8 * cm),
             _text("ขอรับรองว่าข้อมูลข้างต้นถูกต้องตามทะเบียนของจังหวัด"), Spacer(0, 1.5 * cm)]
    for line in ("ลงชื่อ ............................................ ผู้รายงาน",
                 "(............................................)",
                 "ตำแหน่ง ............................................",
                 "โทร ............................................"):
        story.append(_text(line, align="right"))
    doc.build(story)


def main(out: Path = HERE / "enclosures") -> None:
    out.mkdir(exist_ok=True)
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["code"] != "TH-10":
                make(row, out / f"{row['code']}.pdf")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "enclosures")
