"""Stamped letters (public): the regulation's form 3, หนังสือประทับตรา.

A stamped letter is signed by the agency's seal, not by a person: routine matters between agencies
(asking for or sending documents, acknowledging receipt, reminders).  Its page is the external
letter's head without the owner block and the date — the Garuda, urgency, the ที่ line — then
"ถึง" and the recipient, the body, and at the end, centred on the signature axis: the sending
agency's name, the seal (:mod:`.seal`) with the initials of the officer in charge beside it, and the
date; the contact block sits at the foot as in letters.

The seal is a row of the flow as tall as the seal, carrying the initials as its text; once the
pages are cut, :func:`place_seal` puts the seal itself beside them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reportlab.lib.units import cm

from .plan import Item, Seal, TextLines
from .rows import Cell, Row
from .seal import OUTER_DIAMETER, arc_texts

if TYPE_CHECKING:  # pragma: no cover
    from .layout import _Context

#: Role of the initials' line: the seal is placed from it.
INITIALS = "initials"


def head(ctx: "_Context") -> tuple[list[Item], float]:
    """Page 1's head (Garuda, urgency, the ที่ line) and the top of the flow below it."""
    f, L = ctx.form, ctx.letter
    items: list[Item] = [ctx.emblem(), *ctx.urgency()]
    base = f.y_of("number", "baseline")
    x = f.cm("number", "x")
    number = ctx.para(f"{f.get('number', 'label')} {L.number}", f.right - x)
    items.append(ctx.at_baseline("number", number, x, base))
    return items, base + ctx.ascent - number.height


def _seal_height() -> float:
    return OUTER_DIAMETER * cm


def flow_rows(ctx: "_Context") -> list[Row]:
    """ถึง + recipient, the body, then the agency, the seal row and the date — kept together."""
    f, L = ctx.form, ctx.letter
    rows = ctx.heading("recipient", f.get("recipient", "label"), L.recipient, f.pt("headings", "space_before_pt"))
    rows = [replace(r, keep_with_next=True) for r in rows]
    body = ctx.body_rows()
    keep = int(f.get("body", "keep_lines_with_closing"))
    for i in range(max(0, len(body) - keep), len(body)):
        body[i] = replace(body[i], keep_with_next=True)
    rows += body
    rows += [replace(r, keep_with_next=True) for r in ctx.centred_rows(L.owner_name, "agency", f.pt("seal", "space_before_pt"))]
    gap = f.cm("seal", "gap")
    height = _seal_height()
    axis = f.cm("signature", "axis")
    x = axis + height / 2 + f.cm("seal", "initials_gap")
    initials = ctx.para(L.initials, f.right - x)
    # the initials on the seal's middle: their line box centred on the row's middle
    dy = height / 2 - initials.pitch / 2
    rows.append(Row((Cell(initials, 0, x, INITIALS, dy=dy),), height, initials.ascent, gap, True))
    rows += ctx.centred_rows(L.date_text, "date", gap)
    rows[-1] = replace(rows[-1], keep_with_next=False)
    return rows


def place_seal(ctx: "_Context", pages: list[list[Item]]) -> None:
    """The seal, centred on the signature axis in the row that carries the initials."""
    f, L = ctx.form, ctx.letter
    texts = arc_texts(ctx.c.ts, L.seal[0], L.seal[1], ctx.family, L.seal_colour)
    height = _seal_height()
    for items in pages:
        found = [i for i in items if isinstance(i, TextLines) and i.role == INITIALS]
        if not found:
            continue
        line = found[0]
        row_top = line.top + (height / 2 - line.layout.pitch / 2)
        items.insert(items.index(line), Seal("seal", f.cm("signature", "axis"), row_top - height / 2, texts,
                                             L.seal_colour, L.emblem))
        return


def compose_parts(ctx: "_Context") -> tuple[list[Item], float, list[Row]]:
    """What :meth:`~.layout.LetterComposer.compose` needs of a stamped letter."""
    items, top = head(ctx)
    return items, top, flow_rows(ctx)
