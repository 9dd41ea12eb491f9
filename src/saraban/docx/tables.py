"""Body tables as Word tables (internal): across the text width, every cell boxed with the form's
thin rules and padding, the header rows bold, centred and repeated at the top of every page,
numbers right-aligned, columns in the writer's relative widths (else equal: Word and LibreOffice
fit them to the content when the clerk asks)."""

from __future__ import annotations

from ..markup.model import BodyTable, TableCell
from .ooxml import RunFormat, paragraph, runs, twips, w

#: Word's names for a cell's alignment.
_JC = {"left": "left", "center": "center", "right": "right"}


def table(doc, block: BodyTable, space_before: float):
    f, sheet = doc.letter.form, doc.sheet
    width = f.text_width
    columns = block.columns
    shares = list(block.widths) if block.widths and len(block.widths) == columns else [1.0] * columns
    total = sum(shares) or 1.0
    grid = [width * s / total for s in shares]
    rule = str(max(2, round(f.pt("table", "rule_pt") * 8)))       # eighths of a point
    pad = twips(f.pt("table", "padding_pt"))
    borders = w("tblBorders", None, *(w(side, {"val": "single", "sz": rule, "space": 0, "color": "000000"})
                                      for side in ("top", "left", "bottom", "right", "insideH", "insideV")))
    props = w("tblPr", None, w("tblW", {"w": twips(width), "type": "dxa"}), borders,
              w("tblLayout", {"type": "fixed"}),
              w("tblCellMar", None, *(w(side, {"w": pad, "type": "dxa"}) for side in ("top", "left", "bottom", "right"))))
    tbl = w("tbl", None, props, w("tblGrid", None, *(w("gridCol", {"w": twips(g)}) for g in grid)))
    bold_header = bool(f.get("table", "header_bold"))
    for index, row in enumerate(block.header + block.rows):
        header = index < len(block.header)
        tr = w("tr", None, w("trPr", None, w("tblHeader")) if header else None)
        for c in range(columns):
            cell = row[c] if c < len(row) else TableCell(())
            kids = []
            for span in cell.spans:
                kids += runs(span.text, RunFormat(bold=span.bold or (header and bold_header), italic=span.italic,
                                                  underline=span.underline))
            align = "center" if header else _JC.get(cell.align, "left")
            p = paragraph(sheet["table-cell"], kids, extra=[w("jc", {"val": align})])
            tr.append(w("tc", None, w("tcPr", None, w("tcW", {"w": twips(grid[c]), "type": "dxa"})), p))
        tbl.append(tr)
    # the space above the table: an empty line of that height before it (tables have no spacing)
    return [paragraph(sheet["table-cell"], [], line=max(1.0, space_before)), tbl]
