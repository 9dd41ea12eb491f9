"""Documents with a centred head (public): orders, regulations, by-laws, announcements,
statements and news — the regulation's forms 4 to 9.

Their page differs from a letter's only at the top and the end, and the form says how
(``[head]`` and ``[dateline]``):

* the head: the Garuda centred (``head.emblem``; news has none), then the form's head lines —
  templates such as ``"คำสั่ง{agency}"``, ``"ที่ {number}"``, ``"เรื่อง {subject}"`` — each centred on
  the text area from ``head.first_baseline``, and a short centred rule ``head.rule_width`` wide,
  ``head.rule_gap_pt`` below the last head line and as far above the body;
* the body, as in letters;
* the date line (``dateline.text``, e.g. "สั่ง ณ วันที่ {date}") at ``dateline.x``, then the
  signature block on the signature axis — or, unsigned (statements, news), the agency's name and
  the date centred on that axis.

:func:`head_texts` is what both writers print in the head; the PDF layout of the head and the
flow is here, the Word writer's in :mod:`saraban.docx.kinds`.
"""

from __future__ import annotations

import string
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Protocol

from ..errors import InputError
from ..thai.dates import be_year
from . import structure as S
from .forms import Form
from .plan import Item, Rule
from .render import Letter
from .rows import Row

if TYPE_CHECKING:  # pragma: no cover
    from .layout import _Context

#: The fields a head line may name.
HEAD_FIELDS = ("agency", "number", "subject", "issue", "year", "date", "place")

#: Height of the (empty) line that carries the rule, points: the Word writer draws the rule as the
#: bottom border of a paragraph this high (:data:`saraban.docx.kinds.RULE_LINE`), the PDF at the
#: same place.
RULE_LINE = 1.0


class HeadContext(Protocol):
    """What :func:`head_texts` reads: the letter, its form and its digit conversion."""

    letter: Letter
    form: Form
    digits: Callable[[str], str]


def head_fields(letter: Letter, digits: Callable[[str], str]) -> dict[str, str]:
    """The values of the head lines' fields (already final text; ``year`` from the date)."""
    return {"agency": letter.agency, "number": letter.number, "subject": letter.subject,
            "issue": letter.issue, "year": digits(str(be_year(letter.date))),
            "date": letter.date_text, "place": letter.place}


def head_texts(ctx: HeadContext) -> list[str]:
    """The head lines of the document, filled: a line whose fields are all empty is left out
    (an announcement without a number has no "ที่ …" line, a regulation that amends none no
    "(ฉบับที่ …)")."""
    fields = head_fields(ctx.letter, ctx.digits)
    out = []
    for template in ctx.form.get("head", "lines"):
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        for name in names:
            if name not in fields:
                raise InputError(f"form {ctx.form.name!r}: head line {template!r} names an unknown field "
                                 f"{{{name}}}; fields: {', '.join(HEAD_FIELDS)}")
        if names and not any(fields[n] for n in names):
            continue
        out.append(template.format(**fields))
    return out


def date_line(letter: Letter) -> str:
    """The date line as printed: the form's ``dateline.text`` with the date."""
    return letter.form.get("dateline", "text").replace("{date}", letter.date_text)


# -- the PDF layout ---------------------------------------------------------------------------------
def head(ctx: "_Context") -> tuple[list[Item], float]:
    """Page 1's head items (Garuda, urgency, head lines, rule) and the top of the flow."""
    f = ctx.form
    items: list[Item] = []
    if f.get("head", "emblem"):
        items.append(ctx.emblem())
    items += ctx.urgency()
    bold = bool(f.get("head", "bold"))
    baseline = f.y_of("head", "first_baseline")
    bottom = baseline
    for k, text in enumerate(head_texts(ctx)):
        layout = ctx.para(text, f.text_width, bold=bold, align="center")
        # the document's title ("คำสั่งกรม…") is its heading; the other head lines paragraphs
        tag = S.heading(1, "head") if k == 0 else S.p(("head", k))
        items.append(ctx.at_baseline("head", layout, f.left, baseline, tag))
        bottom = baseline + layout.ascent - layout.height     # the foot of its last line box
        baseline -= layout.height
    gap = f.pt("head", "rule_gap_pt")
    width = f.cm("head", "rule_width")
    y = bottom - gap - RULE_LINE
    x = f.left + (f.text_width - width) / 2
    if width > 0:   # minutes have no rule: the space stays
        items.append(Rule("head-rule", x, y, x + width, y, f.pt("head", "rule_pt")))   # an artifact
    # the first body line's box starts one rule gap below the rule (the body's own first space
    # is taken back: the flow adds it)
    return items, y - gap + f.pt("body", "first_space_before_pt")


def flow_rows(ctx: "_Context") -> list[Row]:
    """The body, the date line and the signature (or the agency and the date), kept together at
    the end as letters keep their closing."""
    f, L = ctx.form, ctx.letter
    rows = ctx.body_rows()
    keep = int(f.get("body", "keep_lines_with_closing"))
    for i in range(max(0, len(rows) - keep), len(rows)):
        rows[i] = replace(rows[i], keep_with_next=True)
    signed = bool(f.get("dateline", "signed"))
    space = f.pt("dateline", "space_before_pt")
    text = date_line(L)
    if not text:    # minutes: the date is in the head; the recorder signs below the body
        if signed:
            rows[-1] = replace(rows[-1], keep_with_next=True)
            rows += ctx.signature_rows(0.0)   # the name as far below the body as below a closing
        return rows
    if f.get("dateline", "agency_line"):
        rows += ctx.centred_rows(L.agency, "agency", space)
        rows += ctx.centred_rows(text, "dateline", 0.0)
    else:
        x = f.cm("dateline", "x")
        layout = ctx.para(text, f.right - x)
        rows += ctx.rows_of(layout, x, "dateline", space, keep_all=True, tag=S.p("dateline"))
    if signed:
        rows[-1] = replace(rows[-1], keep_with_next=True)
        rows += ctx.signature_rows(0.0)
    else:
        rows[-1] = replace(rows[-1], keep_with_next=False)
    return rows


def compose_parts(ctx: "_Context") -> tuple[list[Item], float, list[Row]]:
    """What :meth:`~.layout.LetterComposer.compose` needs of a document with a centred head."""
    items, top = head(ctx)
    return items, top, flow_rows(ctx)

