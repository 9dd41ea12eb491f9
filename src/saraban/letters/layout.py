"""Stage *layout* of the letter pipeline (public): :class:`Letter` + its form → :class:`DocumentPlan`.

Page 1 has a fixed head (emblem, urgency, the ที่ line, the owner block, the date — or the memo's
title and labelled header lines) placed by the form's coordinates.  Everything after it is a flow of
*rows* (one line box each, several items side by side: a label and its content, a number and its
item) that is cut into pages: rows that must stay together are kept together (a paragraph's first
two and last two lines, a heading and its content, the last body lines with the closing and
signature), continuation pages get "- ๒ -" at the top and the page before them the "/คำต่อ…"
mark, and the contact block sits at the foot of the page that carries the signature.
"""

from __future__ import annotations

import bisect
import math
import re
import warnings
from dataclasses import dataclass, replace
from typing import Sequence

from ..errors import SarabanWarning
from ..thai.layout import ParagraphLayout, ParagraphStyle, Span, Typesetter
from ..thai.numerals import to_thai_digits
from ..thai.shape import TextStyle
from . import content
from . import structure as S
from ..pdf.tags import FOOTER, HEADER, PAGINATION
from .forms import POINTS_PER_CM, Form
from .plan import DocumentPlan, Dots, EnclosedPage, Item, Page, Picture, Placeholder, QRCode, Rule, TextLines
from .rows import Cell as _Cell, Row as _Row
from . import blocks as _blocks
from .render import Letter

#: The warning of a letter without an emblem file (the Word writer gives the same).
NO_EMBLEM = ("no emblem file given (emblem = \"garuda.png\" in the letter spec): "
             "a neutral placeholder is drawn in its place")

#: Red of urgency and secrecy stamps (the regulation says "red"; this is a print-safe pure red).
STAMP_RED = (0.85, 0.0, 0.0)
BLACK = (0.0, 0.0, 0.0)

#: Size of the URL printed under a QR code, in TH points: small but legible when printed.
QR_URL_SIZE = 14

#: Space between a QR code and its caption or URL, in points.
QR_CAPTION_GAP = 6.0

#: Share of the text width the distribution list's two columns each take.
COLUMN_SHARE = 0.5

#: Space between a list number and its entry, in points (about one space).
LIST_NUMBER_GAP = 6.0

#: Halvings of the search for the least tightening that saves a page (2⁻¹⁰ of the range: well
#: under a hundredth of a point per paragraph).
TIGHTEN_STEPS = 10

#: Least space between the line box of the top secrecy stamp and the page number's, in points
#: (about 1 mm): on a continuation page "- ๒ -" moves down below "ลับ" rather than touch it.
STAMP_CLEARANCE = 3.0


#: Item labels at the start of a paragraph: "๒.", "๑.๑", "๑.๑.", "(๓)", "3)".
_ITEM_LABEL = re.compile(r"^\s*(?:(?:\([0-9๐-๙]+\)|[0-9๐-๙]+(?:\.[0-9๐-๙]+)*\.|[0-9๐-๙]+(?:\.[0-9๐-๙]+)+|"
                         r"[0-9๐-๙]+\))(?=\s|$)\s*)+")


class EmblemWarning(SarabanWarning):
    """The letter has no emblem file: a neutral placeholder is drawn instead."""


class LetterComposer:
    """Lays out letters.  Reuse one composer for a merge: identical paragraphs (the body of every
    letter of a circular) are laid out once."""

    def __init__(self, typesetter: Typesetter):
        self.ts = typesetter

    # -- paragraphs -----------------------------------------------------------------------------
    def paragraph(self, content: str | Sequence[Span], width: float, *, family: str, size: float,
                  bold: bool = False, align: str = "left", first_indent: float = 0.0,
                  color=BLACK) -> ParagraphLayout:
        spans = (Span(content),) if isinstance(content, str) else tuple(content)
        style = ParagraphStyle(TextStyle(family=family, size=size, bold=bold, color=color), align=align,
                               first_indent=first_indent)
        return self.ts.layout_cached(spans, style, width)

    def width_of(self, text: str, *, family: str, size: float, bold: bool = False) -> float:
        layout = self.paragraph(text, 10_000.0, family=family, size=size, bold=bold)
        return max((ln.width for ln in layout.lines), default=0.0)

    # -- public ------------------------------------------------------------------------------------
    def compose(self, letter: Letter) -> DocumentPlan:
        form = letter.form
        family = self.ts.library.family(letter.font or form.get("font", "family")).name
        ctx = _Context(self, letter, form, family, float(form.get("font", "size")))
        if form.has("head"):      # orders, regulations, by-laws, announcements, statements, news
            from .kinds import compose_parts

            items, flow_top, rows = compose_parts(ctx)
        elif letter.kind == "stamped":
            from .stamped import compose_parts as stamped_parts

            items, flow_top, rows = stamped_parts(ctx)
        elif letter.kind == "memo":
            items, flow_top = ctx.memo_head()
            rows = ctx.memo_rows()
        else:
            items, flow_top = ctx.external_head()
            rows = ctx.external_rows()
        tail = ctx.foot_rows()
        pages, notes = ctx.paginate_tight(rows, flow_top, tail)
        pages[0] = list(items) + pages[0]
        if letter.signature_image is not None:
            ctx.place_signature(pages)
        if letter.kind == "stamped":
            from .stamped import place_seal

            place_seal(ctx, pages)
        if letter.photo is not None and form.has("photo"):
            ctx.place_photo(pages)
        pages += ctx.attachment_pages()
        out = tuple(Page(*form.page_size, ctx.stamped(p, k == 0)) for k, p in enumerate(pages)) + ctx.enclosed_pages()
        return DocumentPlan(out, letter.metadata, letter.key, letter.recipient, notes)

    def distribution_list(self, letter: Letter, recipients: Sequence[str],
                          title: str = content.DISTRIBUTION_TITLE) -> DocumentPlan:
        """The list of recipients attached to a circular: title, the letter it belongs to, and the
        numbered recipients in two columns when they fit on one page that way."""
        form = letter.form
        family = self.ts.library.family(letter.font or form.get("font", "family")).name
        ctx = _Context(self, letter, form, family, float(form.get("font", "size")))
        return DocumentPlan(tuple(Page(*form.page_size, ctx.stamped(p))
                                  for p in ctx.distribution_pages(recipients, title)),
                            replace(letter.metadata, title=f"{title} — {letter.metadata.title}", keywords=title),
                            "distribution", title)

    def distribution_columns(self, letter: Letter, recipients: Sequence[str],
                             title: str = content.DISTRIBUTION_TITLE) -> tuple[int, float]:
        """How many columns the distribution list has (1 or 2) and the width of its numbers,
        points: what :meth:`distribution_list` decides, for other writers."""
        form = letter.form
        family = self.ts.library.family(letter.font or form.get("font", "family")).name
        ctx = _Context(self, letter, form, family, float(form.get("font", "size")))
        two, num_w = ctx.list_columns(recipients, ctx.list_head(title)[1])
        return (2 if two else 1), num_w

    def distribution_pages(self, letter: Letter, recipients: Sequence[str],
                           title: str = content.DISTRIBUTION_TITLE) -> tuple[tuple[range, ...], ...]:
        """The recipients (indexes) of each column of each page of the distribution list, as
        :meth:`distribution_list` sets them, for other writers."""
        form = letter.form
        family = self.ts.library.family(letter.font or form.get("font", "family")).name
        ctx = _Context(self, letter, form, family, float(form.get("font", "size")))
        return ctx.list_pages(recipients, title)[0]


#: Gap between the photo and its caption, cm.
CAPTION_GAP_CM = 0.15


class _Context:
    """Layout of one letter: the form, the font, and the helpers every part uses."""

    def __init__(self, composer: LetterComposer, letter: Letter, form: Form, family: str, size: float):
        self.c = composer
        self.letter = letter
        self.form = form
        self.family = family
        self.size = size
        self.pitch, self.ascent = composer.ts.pitch(ParagraphStyle(TextStyle(family=family, size=size)))

    # helpers
    def para(self, content, width, **kw) -> ParagraphLayout:
        kw.setdefault("family", self.family)
        kw.setdefault("size", self.size)
        return self.c.paragraph(content, width, **kw)

    def width(self, text: str, **kw) -> float:
        kw.setdefault("family", self.family)
        kw.setdefault("size", self.size)
        return self.c.width_of(text, **kw)

    def at_baseline(self, role: str, layout: ParagraphLayout, x: float, baseline: float, tag=None) -> TextLines:
        return TextLines(role, layout, layout.lines, x, baseline + layout.ascent, tag)

    def digits(self, text: str) -> str:
        return to_thai_digits(text) if self.letter.thai_digits else text

    # -- page 1 heads ----------------------------------------------------------------------------
    def emblem(self) -> Item:
        f = self.form
        h, w = f.cm("emblem", "height"), f.cm("emblem", "width")
        x = f.left if f.get("emblem", "align") == "left" else f.left + (f.text_width - w) / 2
        y = f.y_of("emblem", "top") - h
        if self.letter.emblem is None:
            warnings.warn(NO_EMBLEM, EmblemWarning, stacklevel=4)
            return Placeholder("emblem", x, y, w, h)
        return Picture("emblem", self.letter.emblem, x, y, w, h, tag=S.figure("emblem", S.EMBLEM_ALT))

    def urgency(self) -> list[Item]:
        if not self.letter.urgency:
            return []
        f = self.form
        layout = self.para(self.letter.urgency, f.text_width, size=f.pt("urgency", "size"), bold=True,
                           color=STAMP_RED)
        return [self.at_baseline("urgency", layout, f.cm("urgency", "x"), f.y_of("urgency", "baseline"),
                                 S.p("urgency"))]

    def stamped(self, items: list[Item], first: bool = False) -> tuple[Item, ...]:
        """The page's items between its secrecy stamps (top first, bottom last: reading order).
        The first page's top stamp is the letter's text; the others repeat it (artifacts)."""
        top, bottom = self.stamps()
        if first and top:
            top = [replace(top[0], tag=S.p("secrecy"))]
        return tuple(top + items + bottom)

    def stamp_layout(self) -> ParagraphLayout:
        f = self.form
        return self.para(self.letter.secrecy, f.cm("page", "width"), size=f.pt("secrecy", "size"), bold=True,
                         color=STAMP_RED, align="center")

    def page_number_baseline(self) -> float:
        """The form's baseline of "- ๒ -", or lower when a secrecy stamp at the top would touch
        it: the number's line box then starts :data:`STAMP_CLEARANCE` below the stamp's."""
        f = self.form
        base = f.y_of("page", "page_number_baseline")
        if not self.letter.secrecy:
            return base
        stamp = self.stamp_layout()
        stamp_foot = f.y_of("secrecy", "top_baseline") - (stamp.pitch - stamp.ascent)
        return min(base, stamp_foot - STAMP_CLEARANCE - self.ascent)

    def continuation_top(self) -> float:
        """Top of the flow on pages 2, 3, …: the form's, or below the page number when the number
        had to move down (see :meth:`page_number_baseline`)."""
        number_foot = self.page_number_baseline() - (self.pitch - self.ascent)
        return min(self.form.y_of("page", "continuation_top"), number_foot)

    def stamps(self) -> tuple[list[Item], list[Item]]:
        """Secrecy class, red, at the top centre and the bottom centre of every page."""
        if not self.letter.secrecy:
            return [], []
        f = self.form
        layout = self.stamp_layout()
        return ([self.at_baseline("secrecy", layout, 0.0, f.y_of("secrecy", "top_baseline"), HEADER)],
                [self.at_baseline("secrecy", layout, 0.0, f.y_of("secrecy", "bottom_baseline"), FOOTER)])

    def external_head(self) -> tuple[list[Item], float]:
        f, L = self.form, self.letter
        items: list[Item] = [self.emblem(), *self.urgency()]
        base = f.y_of("number", "baseline")
        owner_x, owner_right = f.cm("owner", "x"), f.cm("owner", "right")
        number_x = f.cm("number", "x")
        number = self.para(f"{f.get('number', 'label')} {L.number}", owner_x - number_x)
        items.append(self.at_baseline("number", number, number_x, base, S.p("number")))
        y = base
        for role, text in [("owner", L.owner_name)] + [("owner-address", a) for a in L.owner_address]:
            layout = self.para(text, owner_right - owner_x)
            items.append(self.at_baseline(role, layout, owner_x, y, S.p("owner")))
            y -= layout.height
        if f.has("date", "shown") and not f.get("date", "shown"):   # a certificate dates its end
            return items, y + self.ascent
        # y is now one pitch below the last owner line: the date is 1 Enter + 6 pt below it
        date_base = y - f.pt("date", "space_before_pt")
        date = self.para(L.date_text, f.right - f.cm("date", "x"))
        items.append(self.at_baseline("date", date, f.cm("date", "x"), date_base, S.p("date")))
        return items, date_base + self.ascent - self.pitch

    def memo_head(self) -> tuple[list[Item], float]:
        f, L = self.form, self.letter
        items: list[Item] = [self.emblem(), *self.urgency()]
        title = self.para(f.get("title", "text"), f.text_width, size=f.pt("title", "size"), bold=True,
                          align="center")
        title_base = f.y_of("title", "baseline")
        items.append(self.at_baseline("title", title, f.left, title_base, S.heading(1, "title")))
        label_size = f.pt("labels", "size")
        label_pitch = f.pt("labels", "pitch_pt")
        gap = f.cm("labels", "label_gap")
        base = title_base - f.pt("title", "pitch_pt")
        date_x = f.cm("labels", "date_x")

        def labelled(role: str, label: str, value: str, x: float, right: float, baseline: float) -> float:
            lab = self.para(label, right - x, size=label_size, bold=True)
            items.append(self.at_baseline(f"{role}-label", lab, x, baseline, S.p(role)))
            vx = x + lab.lines[0].width + gap
            val = self.para(value, right - vx - gap)
            items.append(self.at_baseline(role, val, vx + gap / 2, baseline, S.p(role)))
            if f.get("labels", "dots"):
                for k in range(len(val.lines)):
                    items.append(Dots(f"{role}-dots", vx, right, baseline - k * self.pitch - 2.0))
            return baseline - (len(val.lines) - 1) * self.pitch

        owner, number, date, subject = content.memo_fields(L)
        base = labelled(owner.role, owner.label, owner.value, f.left, f.right, base) - label_pitch
        labelled(number.role, number.label, number.value, f.left, date_x - gap, base)
        base = labelled(date.role, date.label, date.value, date_x, f.right, base) - label_pitch
        base = labelled(subject.role, subject.label, subject.value, f.left, f.right, base)
        return items, base + self.ascent - label_pitch

    # -- the flow --------------------------------------------------------------------------------
    def rows_of(self, layout: ParagraphLayout, x: float, role: str, space_before: float = 0.0,
                label: tuple[ParagraphLayout, float, str] | None = None, keep_all: bool = False,
                tag=None) -> list[_Row]:
        rows = []
        n = len(layout.lines)
        for i in range(n):
            cells = [_Cell(layout, i, x, role, tag=tag)]
            if i == 0 and label is not None:
                cells.insert(0, _Cell(label[0], 0, label[1], label[2], tag=tag))
            keep = keep_all or i == 0 and n > 1 or i == n - 2
            rows.append(_Row(tuple(cells), layout.pitch, layout.ascent, space_before if i == 0 else 0.0,
                             keep_with_next=keep and i < n - 1 or keep_all and i < n - 1))
        return rows

    def heading(self, role: str, label: str, content: str | Sequence[str], space_before: float,
                number_items: bool = False) -> list[_Row]:
        f = self.form
        x = f.cm("headings", "x")
        lab = self.para(label, f.text_width)
        cx = x + lab.lines[0].width + f.cm("headings", "label_gap")
        items = [content] if isinstance(content, str) else list(content)
        rows: list[_Row] = []
        numbered = number_items and len(items) > 1
        num_w = 0.0
        if numbered:
            num_w = max(self.width(self.digits(f"{i}.")) for i in range(1, len(items) + 1)) + f.cm("headings", "number_gap")
        # the subject is the letter's heading; a numbered heading is its label and a list
        whole = S.heading(1, role) if role == "subject" else S.p(role)
        for i, item in enumerate(items):
            tx = cx + num_w
            body = self.para(item, f.right - tx)
            entry = S.item(whole[:-1] + (S.Elem("L", role),), i) if numbered else None
            tag = S.body(entry) if numbered else whole if i == 0 else S.p((role, i))
            item_rows = self.rows_of(body, tx, role, keep_all=len(body.lines) <= 3, tag=tag)
            first = list(item_rows[0].cells)
            if numbered:
                num = self.para(self.digits(f"{i + 1}."), num_w)
                first.insert(0, _Cell(num, 0, cx, f"{role}-number", tag=S.label(entry)))
            if i == 0:
                first.insert(0, _Cell(lab, 0, x, f"{role}-label", tag=whole))
            item_rows[0] = replace(item_rows[0], cells=tuple(first),
                                   space_before=space_before if i == 0 else 0.0)
            rows += item_rows
        return rows

    def headings(self, headings: Sequence[content.Heading], first_space: float) -> list[_Row]:
        """Rows of the headings above the body (the first one ``first_space`` below the head)."""
        sp = self.form.pt("headings", "space_before_pt")
        rows: list[_Row] = []
        for k, h in enumerate(headings):
            rows += self.heading(h.role, h.label, h.items, first_space if k == 0 else sp, h.numbered)
        return rows

    def body_rows(self) -> list[_Row]:
        return _blocks.body_rows(self)

    def centred_rows(self, text: str, role: str, space: float) -> list[_Row]:
        """Rows of ``text`` centred on the signature axis (a long position wraps, every line
        centred), each kept with the next."""
        f = self.form
        axis = f.cm("signature", "axis")
        half = min(axis - f.left, f.right - axis)
        layout = self.para(text, 2 * half, align="center")
        return self.rows_of(layout, axis - half, role, space, keep_all=True, tag=S.p((role, text)))

    def signature_rows(self, first_space: float) -> list[_Row]:
        f, L = self.form, self.letter
        rows = []
        n = int(f.get("signature", "lines_below_closing"))
        for line in content.signature_lines(L):
            if line.role == "signature-typed":
                space = first_space + (n // 2 - 1) * self.pitch
            elif line.role == "signatory":
                space = (n - n // 2 - 1) * self.pitch if L.typed_signature else first_space + (n - 1) * self.pitch
            else:
                space = 0.0
            rows += [replace(r, keep_with_next=True) for r in self.centred_rows(line.text, line.role, space)]
        rows[-1] = replace(rows[-1], keep_with_next=False)
        return rows

    def place_signature(self, pages: list[list[Item]]) -> None:
        """The signature image in the space above "(name)", centred on the signature axis, its foot
        on the top of the name's line box, at most ``signature.image_height`` high and never
        higher than the space left below the closing (or the body, in a memo)."""
        f = self.form
        axis = f.cm("signature", "axis")
        for items in pages:
            names = [i for i in items if isinstance(i, TextLines) and i.role == "signatory"]
            if not names:
                continue
            name = names[0]
            foot = name.top
            above = [i.top - i.layout.pitch * len(i.lines) for i in items
                     if isinstance(i, TextLines) and i.top > foot + 1e-6
                     and i.role in ("closing", "body", "body-item", "dateline")]
            room = (min(above) - foot) if above else f.cm("signature", "image_height")
            height = min(f.cm("signature", "image_height"), room)
            width = 2 * min(axis - f.left, f.right - axis)
            alt = S.SIGNATURE_ALT.format(name=self.letter.signatory_name)
            items.insert(items.index(name), Picture("signature", self.letter.signature_image,
                                                    axis - width / 2, foot, width, height, anchor="s",
                                                    tag=S.figure("signature", alt)))
            return

    def place_photo(self, pages: list[list[Item]]) -> None:
        """A certificate's photo of the person certified: at the form's ``photo.x``, its top level
        with the top of the date line ("ให้ไว้ ณ วันที่ …"), the caption (where that person signs)
        centred under it."""
        f = self.form
        w, h, x = f.cm("photo", "width"), f.cm("photo", "height"), f.cm("photo", "x")
        for items in pages:
            closing = [i for i in items if isinstance(i, TextLines) and i.role == "closing"]
            if not closing:
                continue
            top = closing[0].top
            items.append(Picture("photo", self.letter.photo, x, top - h, w, h))
            caption = self.para(f"({f.get('photo', 'caption')})", w, align="center")   # wraps under the photo
            items.append(TextLines("photo-caption", caption, caption.lines, x, top - h - CAPTION_GAP_CM * POINTS_PER_CM))
            return

    def external_rows(self) -> list[_Row]:
        f, L = self.form, self.letter
        rows = self.headings(content.flow_headings(L), f.pt("headings", "space_before_pt"))
        rows = [replace(r, keep_with_next=True) for r in rows]
        body = self.body_rows()
        keep = int(f.get("body", "keep_lines_with_closing"))
        for i in range(max(0, len(body) - keep), len(body)):
            body[i] = replace(body[i], keep_with_next=True)
        rows += body
        closing = self.para(L.closing, f.right - f.cm("closing", "x"))
        space = f.pt("closing", "space_before_pt")
        least = f.pt("closing", "space_before_min_pt") if f.has("closing", "space_before_min_pt") else space
        rows.append(_Row((_Cell(closing, 0, f.cm("closing", "x"), "closing", tag=S.p("closing")),),
                         closing.pitch, closing.ascent, space, True, shrink=max(0.0, space - least)))
        rows += self.signature_rows(0.0)
        return rows

    def memo_rows(self) -> list[_Row]:
        f = self.form
        rows = self.headings(content.flow_headings(self.letter), f.pt("headings", "space_before_pt"))
        rows = [replace(r, keep_with_next=True) for r in rows]
        body = self.body_rows()
        keep = int(f.get("body", "keep_lines_with_closing"))
        for i in range(max(0, len(body) - keep), len(body)):
            body[i] = replace(body[i], keep_with_next=True)
        return rows + body + self.signature_rows(0.0)

    def foot_rows(self) -> list[_Row]:
        """The contact block and the copies, pinned to the foot of the signature's page."""
        f, L = self.form, self.letter
        rows: list[_Row] = []
        if L.contact and f.has("contact"):
            x = f.cm("contact", "x")
            for k, line in enumerate(L.contact):
                rows += self.rows_of(self.para(line, f.right - x), x, "contact", tag=S.p(("contact", k)))
        copies = content.copies_heading(L)
        if copies is not None:
            rows += self.heading(copies.role, copies.label, copies.items, 0.0, copies.numbered)
        return rows

    # -- pagination ------------------------------------------------------------------------------
    def paginate_tight(self, rows: list[_Row], first_top: float,
                       foot: list[_Row]) -> tuple[list[list[Item]], tuple[str, ...]]:
        """The pages, tightened when that saves a page: a letter that spills a few lines onto its
        last page has the space above its body paragraphs and its closing reduced — evenly, no
        more than needed, never below the form's ``space_before_min_pt`` — so that it ends a page
        earlier.  Returns the pages and the notes for the layout log saying what was done."""
        pages = self.paginate(rows, first_top, foot)
        if len(pages) < 2 or not any(r.shrink for r in rows):
            return pages, ()
        tightest = self.paginate(rows, first_top, foot, 1.0)
        if len(tightest) >= len(pages):
            return pages, ()
        low, high = 0.0, 1.0          # the least tightening that saves the page
        for _ in range(TIGHTEN_STEPS):
            mid = (low + high) / 2
            if len(self.paginate(rows, first_top, foot, mid)) <= len(tightest):
                high = mid
            else:
                low = mid
        changes = {}
        for r in rows:
            if r.shrink:
                role = r.cells[0].role if r.cells else "row"
                name = "closing" if role == "closing" else "body paragraphs"
                changes.setdefault(name, (r.space_before, r.space_before - high * r.shrink))
        said = ", ".join(f"{name} {old:.1f} → {new:.1f} pt" for name, (old, new) in changes.items())
        note = (f"tightened: space above {said} ({high:.0%} of what the form allows): "
                f"the letter ends on page {len(tightest)} instead of page {len(pages)}")
        return self.paginate(rows, first_top, foot, high), (note,)

    def paginate(self, rows: list[_Row], first_top: float, foot: list[_Row],
                 tighten: float = 0.0) -> list[list[Item]]:
        """Cut the flow into pages; ``tighten`` (0–1) takes that share of every row's ``shrink``
        off its space above."""
        f = self.form
        if tighten:
            rows = [replace(r, space_before=r.space_before - tighten * r.shrink) if r.shrink else r for r in rows]
        bottom = f.cm("page", "bottom")
        mark = f.get("page", "continuation_mark")
        cont_top = self.continuation_top()
        reserve = self.pitch if mark else 0.0
        foot_rows_height = sum(r.pitch for r in foot)
        blank = f.get("contact", "blank_lines_above") * self.pitch if f.has("contact") and foot else 0.0
        foot_height = foot_rows_height + blank

        chunks: list[list[_Row]] = []
        for row in rows:
            if chunks and chunks[-1][-1].keep_with_next:
                chunks[-1].append(row)
            else:
                chunks.append([row])

        pages: list[list[tuple[_Row, float]]] = [[]]
        y = first_top
        at_top = False  # page 1's flow follows its head: its first space is kept

        def new_page() -> None:
            nonlocal y, at_top
            pages.append([])
            y, at_top = cont_top, True

        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            limit = bottom + (foot_height if last else reserve)
            need = sum(r.pitch + (0.0 if at_top and j == 0 else r.space_before) for j, r in enumerate(chunk))
            if not at_top and y - need < limit and (last or cont_top - need >= limit):
                new_page()  # (a chunk taller than a page is cut where the page ends instead)
            for row in chunk:
                space = 0.0 if at_top else row.space_before
                if not at_top and y - space - row.pitch < (limit if last else bottom + reserve) - 1e-6:
                    new_page()
                    space = 0.0
                if at_top and row.repeat and len(pages) > 1:   # a table's header, set again
                    for head in row.repeat:
                        head = replace(head, cells=tuple(replace(c, tag=PAGINATION) for c in head.cells))
                        pages[-1].append((head, y))
                        y -= head.pitch
                y -= space
                pages[-1].append((row, y))
                y -= row.pitch
                at_top = False

        out: list[list[Item]] = []
        for n, placed in enumerate(pages):
            items: list[Item] = []
            for row, top in placed:
                for cell in row.cells:
                    lines = cell.layout.lines[cell.line_index:cell.line_index + cell.count]
                    items.append(TextLines(cell.role, cell.layout, lines, cell.x, top - cell.dy, cell.tag))
                for r in row.rules:
                    items.append(Rule("table-rule", r.x1, top - r.dy1, r.x2, top - r.dy2, r.width))
            out.append(items)
        # the foot: contact block then copies, ending at the bottom margin
        if foot:
            y = bottom + foot_rows_height
            for row in foot:
                for cell in row.cells:
                    line = cell.layout.lines[cell.line_index]
                    out[-1].append(TextLines(cell.role, cell.layout, (line,), cell.x, y, cell.tag))
                y -= row.pitch
        # page numbers and the continuation mark
        for n in range(len(out)):
            if n > 0:
                layout = self.para(content.page_number(self.letter, n + 1), f.text_width, align="center")
                out[n].insert(0, self.at_baseline("page-number", layout, f.left, self.page_number_baseline(),
                                                  HEADER))
            if mark and n + 1 < len(out):
                word = self.first_word(pages[n + 1][0][0])
                layout = self.para(f"/{word}…", f.text_width, align="right")
                out[n].append(TextLines("continued", layout, layout.lines, f.left, bottom + layout.pitch, FOOTER))
        return out

    def first_word(self, row: _Row) -> str:
        """The word the next page starts with, for the "/คำต่อ…" mark: the first word of the row's
        leftmost text, after any item label ("๒.", "๑.๑", "(๓)") or number, as the regulation's
        example shows it (a page starting "๒. การประชุม…" continues with "/การประชุม…")."""
        text = ""
        for cell in sorted(row.cells, key=lambda c: c.x):
            line = cell.layout.line_text(cell.layout.lines[cell.line_index]).strip()
            text = _ITEM_LABEL.sub("", line).strip() if cell.line_index == 0 else line
            if text:
                break
        if not text:   # nothing but labels: the label is the word
            cell = min(row.cells, key=lambda c: c.x)
            return cell.layout.line_text(cell.layout.lines[cell.line_index]).strip()
        seg = self.c.ts.segmenter.segment(text, [])
        # the first word ends at the first free break: not inside a URL, a name or a date
        ends = [b.position for b in seg.breaks if 0 < b.position and b.kind not in ("url", "protected", "linked")]
        return text[:ends[0]].strip() if ends else text

    # -- attachments -------------------------------------------------------------------------------
    def attachment_pages(self) -> list[list[Item]]:
        """One page per ``qr_per_page`` QR enclosures: title, caption, the code, its URL."""
        f, L = self.form, self.letter
        qrs = content.qr_blocks(L)
        if not qrs:
            return []
        per_page = int(f.get("attachment", "qr_per_page"))
        size = f.cm("attachment", "qr_size")
        pages = []
        for start in range(0, len(qrs), per_page):
            items: list[Item] = []
            title = self.para(f.get("attachment", "title"), f.text_width, bold=True, align="center")
            top = f.y_of("attachment", "title_top")
            items.append(TextLines("attachment-title", title, title.lines, f.left, top,
                                   S.heading(2, ("attachment-title", start))))
            y = top - title.height - self.pitch
            for k, enc in enumerate(qrs[start:start + per_page], start=start):
                caption = self.para(enc.caption, f.text_width, align="center")
                items.append(TextLines("qr-caption", caption, caption.lines, f.left, y, S.p(("qr-caption", k))))
                y -= caption.height + QR_CAPTION_GAP
                items.append(QRCode("qr", enc.url, f.left + (f.text_width - size) / 2, y - size, size,
                                    S.figure(("qr", k), S.QR_ALT.format(url=enc.url))))
                y -= size + QR_CAPTION_GAP
                url = self.para(enc.url, f.text_width, align="center", size=QR_URL_SIZE)
                items.append(TextLines("qr-url", url, url.lines, f.left, y, S.p(("qr-url", k))))
                y -= url.height + 2 * self.pitch
            pages.append(items)
        return pages

    def enclosed_pages(self) -> tuple[Page, ...]:
        """The pages of each enclosure that is a PDF file, each stamped at its top right with
        "สิ่งที่ส่งมาด้วย <n>" in a thin box, as offices stamp the papers they enclose."""
        f, L = self.form, self.letter
        out = []
        pad = 3.0
        for n, enc in enumerate(L.enclosures, start=1):
            if enc.file is None:
                continue
            label = f.get("attachment", "file_label") + (" " + self.digits(str(n)) if len(L.enclosures) > 1 else "")
            layout = self.para(label, f.text_width, bold=True)
            w = layout.lines[0].width + 2 * pad
            h = layout.height + 2 * pad
            for index, (pw, ph) in enumerate(enc.pages):
                right = pw - f.cm("attachment", "file_label_right")
                top = ph - f.cm("attachment", "file_label_top")
                box = [Rule("enclosure-stamp-box", x1, y1, x2, y2, 0.75) for x1, y1, x2, y2 in (
                    (right - w, top, right, top), (right, top, right, top - h),
                    (right, top - h, right - w, top - h), (right - w, top - h, right - w, top))]
                text = TextLines("enclosure-stamp", layout, layout.lines, right - w + pad, top - pad,
                                 S.p(("enclosure-stamp", n, index)))
                # the enclosed page is a figure whose Alt says what it is (its own text is not in
                # this file's structure): "สิ่งที่ส่งมาด้วย ๑ แบบรายงาน หน้า ๑ จาก ๒"
                alt = self.digits(f"{label} {enc.text} หน้า {index + 1} จาก {len(enc.pages)}")
                page = EnclosedPage("enclosed-page", enc.file, index, S.figure(("enclosed", n, index), alt))
                out.append(Page(pw, ph, (page, text, *box)))
        return tuple(out)

    def list_head(self, title: str, page: int = 1) -> tuple[list[Item], float]:
        """The distribution list's heading and the top of its entries: on page 1 the title and the
        letter it belongs to, on later pages the title again with "(ต่อ)" under "- ๒ -"."""
        f, L = self.form, self.letter
        head: list[Item] = []
        if page == 1:
            top = f.y_of("page", "continuation_top")
            t = self.para(title, f.text_width, bold=True, align="center")
            head.append(TextLines("list-title", t, t.lines, f.left, top, S.heading(1, "list-title")))
            sub = self.para(content.distribution_reference(L), f.text_width, align="center")
            head.append(TextLines("list-reference", sub, sub.lines, f.left, top - t.height, S.p("list-reference")))
            return head, top - t.height - sub.height - self.pitch
        top = self.continuation_top()
        t = self.para(content.continued(title), f.text_width, bold=True, align="center")
        head.append(TextLines("list-title", t, t.lines, f.left, top, HEADER))   # the title again
        return head, top - t.height - self.pitch

    def list_columns(self, recipients: Sequence[str], first_top: float) -> tuple[bool, float]:
        """Whether the list goes in two columns (longer than a column, and every name fits in
        half the width), and the width of its numbers."""
        f = self.form
        num_w = self.width(self.digits(f"{len(recipients)}.")) + LIST_NUMBER_GAP
        half = f.text_width * COLUMN_SHARE
        per_column = int((first_top - f.cm("page", "bottom")) // self.pitch)
        two = (len(recipients) > per_column
               and all(self.width(r) <= half - num_w - LIST_NUMBER_GAP for r in recipients))
        return two, num_w

    def list_pages(self, recipients: Sequence[str], title: str) -> tuple[tuple[tuple[range, ...], ...], bool, float]:
        """Which recipients go in which column of which page: the fewest pages that hold the list,
        the entries shared evenly between them and, on each page, between its columns (the first
        column the longer by at most one entry) — never a page with two names alone."""
        f = self.form
        bottom = f.cm("page", "bottom")
        first_top = self.list_head(title)[1]
        two, num_w = self.list_columns(recipients, first_top)
        cols = 2 if two else 1
        col_w = f.text_width * COLUMN_SHARE if two else f.text_width
        heights = [self.para(r, col_w - num_w - LIST_NUMBER_GAP).height for r in recipients]
        prefix = [0.0]
        for h in heights:
            prefix.append(prefix[-1] + h)
        capacity = [first_top - bottom + 1e-6, self.list_head(title, 2)[1] - bottom + 1e-6]

        def split(a: int, b: int) -> tuple[range, ...] | None:
            """Columns of entries a..b on one page (None when they do not fit on a page)."""
            if cols == 1:
                return (range(a, b),)
            k = min(max(bisect.bisect_left(prefix, (prefix[a] + prefix[b]) / 2, a, b + 1), a), b)
            # of the two cuts around the middle, the one with the shorter longest column (the
            # first column the longer one when they tie)
            k = min((j for j in (k - 1, k) if a <= j <= b),
                    key=lambda j: (round(max(prefix[j] - prefix[a], prefix[b] - prefix[j]), 3), -j))
            return (range(a, k), range(k, b))

        def height(r: range) -> float:
            return prefix[r.stop] - prefix[r.start]

        n = len(recipients)
        pages = max(1, math.ceil(prefix[-1] / (cols * capacity[1])))
        while True:
            out, start = [], 0
            for p in range(pages):
                stop = start + (n - start) // (pages - p) + (1 if (n - start) % (pages - p) else 0)
                columns = split(start, stop)
                if stop - start > 1 and max(height(c) for c in columns) > capacity[min(p, 1)]:
                    break
                out.append(columns)
                start = stop
            else:
                return tuple(out), two, num_w
            pages += 1

    def distribution_pages(self, recipients: Sequence[str], title: str) -> list[list[Item]]:
        """The list's pages (:meth:`list_pages`): heading, numbered entries in their columns, and
        "- ๒ -" at the top of every page after the first."""
        f = self.form
        layout, two, num_w = self.list_pages(recipients, title)
        col_w = f.text_width * COLUMN_SHARE if two else f.text_width
        pages: list[list[Item]] = []
        for p, columns in enumerate(layout, start=1):
            items, first_top = self.list_head(title, p)
            if p > 1:
                number = self.para(content.page_number(self.letter, p), f.text_width, align="center")
                items.insert(0, self.at_baseline("page-number", number, f.left, self.page_number_baseline(), HEADER))
            for c, entries in enumerate(columns):
                x, y = f.left + c * col_w, first_top
                for k in entries:
                    entry = self.para(recipients[k], col_w - num_w - LIST_NUMBER_GAP)
                    num = self.para(self.digits(f"{k + 1}."), num_w, align="right")
                    item = S.item((S.Elem("L", "recipients"),), k)
                    items.append(TextLines("list-number", num, num.lines, x, y, S.label(item)))
                    items.append(TextLines("list-entry", entry, entry.lines, x + num_w + LIST_NUMBER_GAP, y,
                                           S.body(item)))
                    y -= entry.height
            pages.append(items)
        return pages
