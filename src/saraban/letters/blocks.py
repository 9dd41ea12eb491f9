"""The body of a letter as rows of the flow (internal): paragraphs, list items, tables.

* A paragraph starts at the body indent (2.5 cm) and wraps to the left margin.
* An item is a paragraph that starts with its label: a top item at the body indent, a sub-item
  where its parent's text starts (after "๑. "), a sub-sub-item where the sub-item's text starts;
  every item wraps to the left margin, as Thai letters set them.
* A table spans the text width: columns as the writer gave them (relative widths) or from the
  content (each column its natural width when all fit; else narrow columns keep theirs and wide
  ones share the rest), cells wrap, numbers are right-aligned, header rows are bold, centred and
  set again at the top of every page the table continues on; rules ``table.rule_pt`` thick.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..markup.model import BodyParagraph, BodyTable, TableCell
from ..thai.layout import Span
from . import structure as S
from .rows import Cell, Row, RowRule

if TYPE_CHECKING:  # pragma: no cover
    from .layout import _Context


def body_rows(ctx: "_Context") -> list[Row]:
    f = ctx.form
    rows: list[Row] = []
    starts: list[float] = []          # where the text of the open item of each level starts
    items: list[S.Path] = []          # the open item of each level, in the structure tree
    lists = 0                         # lists so far (a paragraph or a table ends one)
    indent = f.cm("body", "first_indent")
    space_width = ctx.width("ก ก") - ctx.width("กก")
    # the space above a block may shrink to the form's least (when a letter is tightened)
    least = f.pt("body", "space_before_min_pt") if f.has("body", "space_before_min_pt") else None
    for k, block in enumerate(ctx.letter.body):
        space = f.pt("body", "first_space_before_pt" if k == 0 else "space_before_pt")
        first_row = len(rows)
        if isinstance(block, BodyTable):
            rows += table_rows(ctx, block, f.pt("table", "space_before_pt") if k else space,
                               (S.Elem("Table", k),))
            starts.clear()
            _shrink(rows, first_row, least)
            continue
        spans = block.spans
        first = indent
        tag = S.p(k)
        if isinstance(block, BodyParagraph) and block.role == "item":
            level = min(block.level, len(starts))
            first = indent if level == 0 else starts[level - 1]
            del starts[level:]
            starts.append(first + ctx.width(block.label) + space_width)
            spans = (Span(block.label + " "),) + tuple(spans)
            if level == 0 and not items:
                lists += 1
            # a sub-list belongs to the body of the item above it
            outer = S.body(items[level - 1]) if level else ()
            del items[level:]
            items.append(S.item(outer + (S.Elem("L", lists),), k))
            tag = S.body(items[-1])
        else:
            starts.clear()
            items.clear()
        layout = ctx.para(spans, f.text_width, align=f.get("body", "align"), first_indent=first)
        rows += ctx.rows_of(layout, f.left, "body" if block.role == "paragraph" else "body-item", space,
                            tag=tag)
        _shrink(rows, first_row, least)
    return rows


def _shrink(rows: list[Row], first_row: int, least: float | None) -> None:
    """Let the space above the block starting at ``rows[first_row]`` shrink to ``least``."""
    if least is not None and first_row < len(rows):
        row = rows[first_row]
        rows[first_row] = replace(row, shrink=max(0.0, row.space_before - least))


def column_widths(natural: list[float], total: float, given: tuple[float, ...] | None) -> list[float]:
    """Widths that fill ``total``: the given relative widths, or from the natural widths."""
    n = len(natural)
    if given:
        s = sum(given)
        return [total * g / s for g in given]
    if sum(natural) <= total:
        s = sum(natural) or 1.0
        return [total * w / s for w in natural]
    out: dict[int, float] = {}
    free, remaining = set(range(n)), total
    while free:
        share = remaining / len(free)
        small = [k for k in free if natural[k] <= share]
        if not small:
            break
        for k in small:
            out[k] = natural[k]
            remaining -= natural[k]
            free.discard(k)
    wide = sum(natural[k] for k in free) or 1.0
    for k in free:
        out[k] = remaining * natural[k] / wide
    return [out[k] for k in range(n)]


def table_rows(ctx: "_Context", table: BodyTable, space_before: float, tag: S.Path = ()) -> list[Row]:
    f = ctx.form
    pad = f.pt("table", "padding_pt")
    rule = f.pt("table", "rule_pt")
    size = f.pt("table", "size")
    n = table.columns
    every = table.header + table.rows

    def spans_of(cell: TableCell, header: bool) -> tuple[Span, ...]:
        if header and f.get("table", "header_bold"):
            return tuple(Span(s.text, True, s.italic, s.underline) for s in cell.spans)
        return cell.spans

    natural = [0.0] * n
    for r_index, row in enumerate(every):
        header = r_index < len(table.header)
        for k, cell in enumerate(row):
            if cell.spans:
                wide = ctx.para(spans_of(cell, header), 10_000.0, size=size)
                natural[k] = max(natural[k], max(ln.width for ln in wide.lines) + 2 * pad + 1.0)
    widths = column_widths(natural, f.text_width, table.widths)
    xs = [f.left]
    for w in widths:
        xs.append(xs[-1] + w)

    def make(row: tuple[TableCell, ...], header: bool, first: bool, index: int) -> Row:
        cells, lines = [], 1
        for k in range(n):
            cell = row[k] if k < len(row) else TableCell(())
            if not cell.spans:
                continue
            layout = ctx.para(spans_of(cell, header), widths[k] - 2 * pad, size=size, align=cell.align)
            lines = max(lines, len(layout.lines))
            cells.append(Cell(layout, 0, xs[k] + pad, "table-head" if header else "table-cell",
                              len(layout.lines), pad, S.cell(tag, index, k, header)))
        pitch = ctx.para("ก", 100.0, size=size).pitch
        height = lines * pitch + 2 * pad
        rules = [RowRule(x, 0.0, x, height, rule) for x in xs]
        rules.append(RowRule(xs[0], height, xs[-1], height, rule))
        if first:
            rules.insert(0, RowRule(xs[0], 0.0, xs[-1], 0.0, rule))
        return Row(tuple(cells), height, pad + ctx.ascent, 0.0, header, tuple(rules))

    head = [make(r, True, i == 0, i) for i, r in enumerate(table.header)]
    body = [make(r, False, i == 0 and not head, len(head) + i) for i, r in enumerate(table.rows)]
    body = [Row(r.cells, r.pitch, r.ascent, 0.0, False, r.rules, tuple(head)) for r in body]
    out = head + body
    if out:
        first = out[0]
        out[0] = Row(first.cells, first.pitch, first.ascent, space_before, first.keep_with_next,
                     first.rules, first.repeat)
    return out
