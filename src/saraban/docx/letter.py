"""Letters as Word documents (public): a rendered :class:`~saraban.letters.render.Letter` → DOCX.

The writer reads the letter's words from :mod:`saraban.letters.content` (the same headings,
signature lines and captions the PDF prints) and its geometry from the letter's form, never from
the PDF's page plan: Word lays the lines out itself.  Page 1's head is placed by the form's
baselines — the Garuda floats at its position, the ที่ line and the owner block share a baseline
(a tab stop at the owner's x, the owner's further lines hanging there), the date sits at its x —
and everything after it is ordinary paragraphs in Thai-named styles (:mod:`.styles`) that Word
flows and paginates: headings with hanging indents, the body Thai-distributed with its first-line
indent, the closing, the signature block centred on its axis, and the contact block in a frame at
the foot of the signature's page.  Pages 2, 3, … show "- ๒ -" in their header; urgency and
secrecy are red.  QR enclosures follow in a section of their own, the codes as 600 dpi PNGs.
"""

from __future__ import annotations

import copy
import io
import warnings
from dataclasses import dataclass, replace
from typing import Sequence

from docx.text.paragraph import Paragraph

from ..letters import content
from ..markup.model import BodyTable
from ..letters.layout import NO_EMBLEM, QR_CAPTION_GAP, EmblemWarning, LetterComposer
from ..letters.render import Letter
from ..thai.layout import Span, Typesetter
from ..thai.shape import StyledRange, TextStyle
from .ooxml import EXACT_BASELINE_SHARE, POINTS_PER_CM, Frame, RunFormat, Tab, field, paragraph, props, runs, twips, w
from .lists import list_entry_style, list_sections
from .package import (SectionSpec, assemble, frame_paragraphs, open_document, set_headers, set_metadata,
                      skeleton, to_bytes)
from .pictures import fit, make_floating, picture_bytes, placeholder_png, qr_png
from .styles import StyleSheet, heading_style, letter_styles
from .tables import table

#: Heading roles → (style id, style name the clerk sees).
HEADING_STYLES = {"subject": ("Subject", "เรื่อง"), "recipient": ("Salutation", "เรียน"),
                  "reference": ("Reference", "อ้างถึง"), "enclosure": ("Enclosure", "สิ่งที่ส่งมาด้วย"),
                  "copies": ("Copies", "สำเนาส่ง")}

#: Height of the empty paragraph that carries the contact frame when nothing follows it, points.
ANCHOR_LINE = 1.0


def _top(baseline: float, pitch: float) -> float:
    """The top of a line of exact ``pitch`` whose baseline is at ``baseline``."""
    return baseline - EXACT_BASELINE_SHARE * pitch


@dataclass
class _Doc:
    """One document being written: its letter, style sheet and python-docx document."""

    letter: Letter
    sheet: StyleSheet
    document: object

    def p(self, role: str, text: str | Sequence = "", **kw):
        content_ = runs(text) if isinstance(text, str) else list(text)
        return paragraph(self.sheet[role], content_, **kw)

    def picture(self, p, data: bytes, width: float, height: float):
        """Add the picture to paragraph ``p`` (an lxml ``w:p``) inline; return its run."""
        from docx.shared import Emu

        from .ooxml import emu

        para = Paragraph(p, self.document._body)
        run = para.add_run()
        run.add_picture(io.BytesIO(data), width=Emu(emu(width)), height=Emu(emu(height)))
        return run


class WordWriter:
    """Writes letters as DOCX.  Reuse one writer for a merge: style sheets, starting packages
    and measured label widths are kept."""

    def __init__(self, typesetter: Typesetter):
        self.ts = typesetter
        self.composer = LetterComposer(typesetter)
        self._starts: dict = {}
        self._seals: dict = {}

    # -- public ----------------------------------------------------------------------------------
    def letter(self, letter: Letter) -> bytes:
        """The DOCX of one letter and its QR enclosure pages."""
        doc = self._open(letter)
        sections = self._letter_sections(doc)
        return self._finish(doc, sections, letter.metadata)

    def distribution_list(self, letter: Letter, recipients: Sequence[str],
                          title: str = content.DISTRIBUTION_TITLE) -> bytes:
        doc = self._open(letter, recipients, title)
        sections = list_sections(self, doc, recipients, title, first=True)
        meta = replace(letter.metadata, title=f"{title} — {letter.metadata.title}", keywords=title)
        return self._finish(doc, sections, meta)

    def circular(self, letter: Letter, recipients: Sequence[str],
                 title: str = content.DISTRIBUTION_TITLE) -> bytes:
        """The letter to all recipients followed by its distribution list, in one file."""
        doc = self._open(letter, recipients, title)
        sections = self._letter_sections(doc) + list_sections(self, doc, recipients, title, first=False)
        return self._finish(doc, sections, letter.metadata)

    # -- the document ------------------------------------------------------------------------------
    def family(self, letter: Letter):
        return self.ts.library.family(letter.font or letter.form.get("font", "family"))

    def width_of(self, letter: Letter, text: str, size: float | None = None, bold: bool = False) -> float:
        family = self.family(letter).name
        th = float(letter.form.get("font", "size")) if size is None else size
        return self.composer.width_of(text, family=family, size=th, bold=bold)

    def _sheet(self, letter: Letter, recipients: Sequence[str] | None, title: str) -> StyleSheet:
        f = letter.form
        family = self.family(letter)
        sheet = letter_styles(f, family, lambda t: self.width_of(letter, t))
        sp = f.pt("headings", "space_before_pt")
        headings = [] if f.has("head") else list(_flow_headings(letter))
        copies = content.copies_heading(letter)
        if copies is not None:
            headings.append(copies)
        for h in headings:
            number_w = 0.0
            if h.numbered:
                number_w = max(self.width_of(letter, h.number(letter, i)) for i in range(len(h.items))) \
                    + f.cm("headings", "number_gap")
            sid, name = HEADING_STYLES[h.role]
            heading_style(sheet, f, h.role, name, sid, h.label, number_w, lambda t: self.width_of(letter, t),
                          space_before=0.0 if h.role == "copies" else sp, keep_next=h.role != "copies")
        if recipients is not None:
            sheet.add("list-entry", list_entry_style(self.composer.distribution_columns(letter, recipients, title)[1]))
        return sheet

    def _open(self, letter: Letter, recipients: Sequence[str] | None = None,
              title: str = content.DISTRIBUTION_TITLE) -> _Doc:
        self._check_glyphs(letter)
        sheet = self._sheet(letter, recipients, title)
        key = sheet.key()
        start = self._starts.get(key)
        if start is None:
            start = self._starts[key] = skeleton(sheet)
        return _Doc(letter, sheet, open_document(start))

    def _check_glyphs(self, letter: Letter) -> None:
        """The same error as the PDF's for a character no font has (Word would show a box)."""
        family = self.family(letter).name
        size = float(letter.form.get("font", "size"))
        texts = [letter.number, letter.date_text, letter.subject, letter.recipient, letter.salutation,
                 letter.closing, letter.owner_name, letter.signatory_name, *letter.owner_address,
                 *letter.signatory_position, *letter.references, *(e.text for e in letter.enclosures),
                 *(e.caption for e in letter.enclosures), *letter.contact, *letter.copies,
                 getattr(letter, "agency", ""),
                 # every signature line as printed: the on-behalf lines (ปฏิบัติราชการแทน…) too
                 *(line.text for line in content.signature_lines(letter)),
                 # a stamped letter's initials and the seal's names (drawn into its picture)
                 letter.initials, *letter.seal]
        if letter.form.has("head"):   # orders, announcements, …: the head lines as filled
            from ..letters.kinds import head_texts
            from .kinds import _HeadContext

            texts += head_texts(_HeadContext(letter))
        plain = TextStyle(family=family, size=size)
        for text in texts:
            if text:
                self.ts.shaper.itemize(text, [StyledRange(0, len(text), plain)])
        spans = []
        for block in letter.body:
            if isinstance(block, BodyTable):
                spans += [sp for row in block.header + block.rows for cell in row for sp in cell.spans]
            else:
                spans += [Span(block.label)] + list(block.spans)
        for span in spans:
            style = TextStyle(family=family, size=size, bold=span.bold, italic=span.italic)
            if span.text:
                self.ts.shaper.itemize(span.text, [StyledRange(0, len(span.text), style)])

    def _section(self, letter: Letter, numbered: bool, mark_line: bool = True, **kw) -> SectionSpec:
        """A section of the form's paper and margins; ``mark_line``: the last line of its pages
        is left free, as the PDF leaves it for "/คำต่อ…" on pages that continue (the
        distribution list has no such mark)."""
        f = letter.form
        sheet_pitch = self.family(letter).line_pitch(float(f.get("font", "size")))
        reserve = sheet_pitch if mark_line and f.get("page", "continuation_mark") else 0.0
        return SectionSpec(width=f.cm("page", "width"), height=f.cm("page", "height"),
                           top=f.cm("page", "continuation_top"), bottom=f.cm("page", "bottom") + reserve,
                           left=f.left, right=f.cm("page", "right"),
                           header=_top(f.cm("page", "page_number_baseline"), sheet_pitch),
                           numbered=numbered, thai_digits=letter.thai_digits, **kw)

    def _finish(self, doc: _Doc, sections, metadata) -> bytes:
        assemble(doc.document, [(paras, spec) for paras, spec, _ in sections])
        for index, (_, spec, headers) in enumerate(sections):
            set_headers(doc.document, index, title_page=spec.numbered, **headers)
        set_metadata(doc.document, metadata)
        return to_bytes(doc.document)

    # -- stamps and page numbers -------------------------------------------------------------------
    def stamps(self, doc: _Doc, numbered: bool) -> dict:
        """Header and footer paragraphs of a section: "- ๒ -" on pages after the first (when
        ``numbered``) and the secrecy class, red, at the top and bottom centre of every page."""
        L, f, sheet = doc.letter, doc.letter.form, doc.sheet
        top: list = []
        bottom: list = []
        if L.secrecy and "secrecy" in sheet.styles:
            pitch = sheet.line_of("secrecy")
            width = f.cm("page", "width")
            for baseline, out in ((f.cm("secrecy", "top_baseline"), top), (f.cm("secrecy", "bottom_baseline"), bottom)):
                frame = Frame(width, x=0.0, y=_top(baseline, pitch), anchor="page", wrap="none")
                out.append(doc.p("secrecy", L.secrecy, frame=frame))
        # every header and footer gets its own copy (an element has one parent)
        headers = {"first": _copies(top), "first_footer": _copies(bottom), "default_footer": _copies(bottom)}
        default = _copies(top)
        if numbered:
            shown = content.page_number(L, 2)
            before, _, after = shown.partition(content.digits(L, "2"))
            # the number's digits are the section's page number format (thaiNumbers): Word shows
            # ๒; a \* ThaiArabic switch would do too in Word, but LibreOffice turns it into ข
            default.append(doc.p("page-number", runs(before) + field("PAGE", content.digits(L, "2")) + runs(after)))
        headers["default"] = default
        return headers

    # -- the letter ------------------------------------------------------------------------------
    def _letter_sections(self, doc: _Doc) -> list:
        L = doc.letter
        if L.form.has("head"):  # orders, announcements, regulations, statements, news
            from .kinds import decree_paragraphs

            paras = decree_paragraphs(self, doc)
            signature = []
        elif L.kind == "stamped":   # the agency, the seal and the date end it, kept together
            from .stamped import stamped_paragraphs

            paras, signature = stamped_paragraphs(self, doc)
            paras = self.stamped_head(doc) + paras
        else:
            paras = self.head(doc)
            paras += self.headings(doc, _flow_headings(L), first_space=self._first_heading_space(doc))
            paras += self.body(doc)
            if L.kind != "memo" and doc.sheet.styles.get("closing"):
                closing = doc.p("closing", L.closing)
                if L.photo is not None and L.form.has("photo"):
                    paras += self.photo(doc, closing)
                paras.append(closing)
            signature = self.signature(doc)
        foot = self.foot(doc)
        qr = self.attachment(doc)
        if foot:
            # the frame goes with the paragraph after it: keep the signature with that paragraph
            if signature:
                _keep_next(signature[-1])
            if not qr:
                foot.append(paragraph(None, [], line=ANCHOR_LINE))
        paras += signature + foot
        sections = [(paras, self._section(L, True), self.stamps(doc, True))]
        if qr:
            sections.append((qr, self._section(L, False), self.stamps(doc, False)))
        return sections

    def emblem(self, doc: _Doc, anchor_p) -> None:
        """The Garuda (or the placeholder, with the PDF's warning) floating at the form's box."""
        L, f = doc.letter, doc.letter.form
        box_w, box_h = f.cm("emblem", "width"), f.cm("emblem", "height")
        x = f.left if f.get("emblem", "align") == "left" else f.left + (f.text_width - box_w) / 2
        if L.emblem is None:
            warnings.warn(NO_EMBLEM, EmblemWarning, stacklevel=5)
            data = placeholder_png(f.get("emblem", "width"), f.get("emblem", "height"))
        else:
            data = picture_bytes(L.emblem)
        pw, ph = fit(data, box_w, box_h)
        run = doc.picture(anchor_p, data, pw, ph)
        make_floating(run, x + (box_w - pw) / 2, f.cm("emblem", "top") + (box_h - ph) / 2)

    def urgency(self, doc: _Doc) -> list:
        L, f = doc.letter, doc.letter.form
        if not L.urgency:
            return []
        pitch = doc.sheet.line_of("urgency")
        x = f.cm("urgency", "x")
        width = max(f.right - x, self.width_of(L, L.urgency, f.pt("urgency", "size"), True) + pitch)
        frame = Frame(width, x=x, y=_top(f.cm("urgency", "baseline"), pitch), anchor="page", wrap="none")
        return [doc.p("urgency", L.urgency, frame=frame)]

    def head(self, doc: _Doc) -> list:
        return self.memo_head(doc) if doc.letter.kind == "memo" else self.external_head(doc)

    def external_head(self, doc: _Doc) -> list:
        L, f, sheet = doc.letter, doc.letter.form, doc.sheet
        top = f.cm("page", "continuation_top")
        pitch = sheet.line_of("number")
        space = _top(f.cm("number", "baseline"), pitch) - top
        number = doc.p("number", f"{f.get('number', 'label')} {L.number}\t{L.owner_name}", space_before=max(0.0, space))
        self.emblem(doc, number)
        out = self.urgency(doc) + [number]
        out += [doc.p("owner", a) for a in L.owner_address]
        if not (f.has("date", "shown") and not f.get("date", "shown")):   # a certificate dates its end
            out.append(doc.p("date", L.date_text))
        return out

    def stamped_head(self, doc: _Doc) -> list:
        """A stamped letter's head: the Garuda, urgency and the ที่ line (no owner, no date)."""
        L, f, sheet = doc.letter, doc.letter.form, doc.sheet
        pitch = sheet.line_of("number")
        space = _top(f.cm("number", "baseline"), pitch) - f.cm("page", "continuation_top")
        number = doc.p("number", f"{f.get('number', 'label')} {L.number}", space_before=max(0.0, space))
        self.emblem(doc, number)
        return self.urgency(doc) + [number]

    def seal(self, doc: _Doc) -> bytes:
        """The PNG of the letter's seal (made once per seal, names, ink and emblem, for a merge)."""
        from .stamped import seal_png

        L = doc.letter
        family = self.family(L).name
        key = (L.seal, L.seal_colour, L.emblem, family)
        data = self._seals.get(key)
        if data is None:
            data = self._seals[key] = seal_png(self.ts, L, family)
        return data

    def memo_head(self, doc: _Doc) -> list:
        L, f, sheet = doc.letter, doc.letter.form, doc.sheet
        top = f.cm("page", "continuation_top")
        title_pitch = sheet.line_of("title")
        title_base = f.cm("title", "baseline")
        title = doc.p("title", f.get("title", "text"),
                      frame=Frame(f.text_width, x=f.left, y=_top(title_base, title_pitch), anchor="page", wrap="none"))
        line = sheet.line_of("memo-field")
        label_size = f.pt("labels", "size")
        gap = f.cm("labels", "label_gap")
        dots = f.get("labels", "dots")
        width = f.text_width
        date_x = f.cm("labels", "date_x") - f.left
        label = RunFormat(bold=True, size=sheet.point_size(label_size))

        def value_x(text: str, x: float) -> float:
            return x + self.width_of(L, text, label_size, True) + 1.5 * gap

        owner, number, date, subject = content.memo_fields(L)
        leader = "dot" if dots else None
        first_base = title_base + f.pt("title", "pitch_pt")
        nx, dx = value_x(number.label, 0.0), value_x(date.label, date_x)
        lines = [  # (label, value, then: another label and value on the same line), tab stops
            ([owner], (Tab(value_x(owner.label, 0.0)), Tab(width, "right", leader))),
            ([number, date], (Tab(nx), Tab(date_x, leader=leader), Tab(dx), Tab(width, "right", leader))),
            ([subject], (Tab(value_x(subject.label, 0.0)), Tab(width, "right", leader))),
        ]
        out = []
        for k, (fields, tabs) in enumerate(lines):
            kids = []
            for fld in fields:
                kids += runs(fld.label, label) + runs(f"\t{fld.value}\t")
            hang = tabs[0].position
            out.append(paragraph(sheet["memo-field"], kids, tabs=tabs,
                                 space_before=(_top(first_base, line) - top) if k == 0 else None,
                                 extra=[w("ind", {"left": twips(hang), "hanging": twips(hang)})]))
        self.emblem(doc, out[0])
        return self.urgency(doc) + [title] + out

    def _first_heading_space(self, doc: _Doc) -> float:
        """Space above the first heading: the form's heading space after an external letter's date;
        after a memo's head (lines of a larger pitch) what puts เรียน where the PDF puts it."""
        f, sheet = doc.letter.form, doc.sheet
        sp = f.pt("headings", "space_before_pt")
        if doc.letter.kind != "memo":
            return sp
        label_pitch = f.pt("labels", "pitch_pt")
        line, pitch = sheet.line_of("memo-field"), sheet.pitch()
        # baseline to baseline = label pitch + space; Word: the rest of the last header line, the
        # space, then the top part of the heading line
        return label_pitch + sp - (1 - EXACT_BASELINE_SHARE) * line - EXACT_BASELINE_SHARE * pitch

    def headings(self, doc: _Doc, headings: Sequence[content.Heading], first_space: float | None = None) -> list:
        out = []
        for k, h in enumerate(headings):
            for i, item in enumerate(h.items):
                number = f"{h.number(doc.letter, i)}\t" if h.numbered else ""
                lead = (h.label if i == 0 else "") + "\t"
                space = first_space if (k == 0 and i == 0 and first_space is not None) else (None if i == 0 else 0.0)
                out.append(doc.p(h.role, lead + number + item, space_before=space))
        return out

    def body(self, doc: _Doc) -> list:
        """Paragraphs, list items and tables of the body, as the PDF sets them: a paragraph at
        the body indent, an item with its label where its parent's text starts (both wrapping to
        the left margin), a table across the text width with its header repeated on every page."""
        L, f = doc.letter, doc.letter.form
        out = []
        starts: list[float] = []          # where the text of the open item of each level starts
        indent = f.cm("body", "first_indent")
        space_width = self.width_of(L, "ก ก") - self.width_of(L, "กก")
        for k, block in enumerate(L.body):
            space = f.pt("body", "first_space_before_pt") if k == 0 else None
            if isinstance(block, BodyTable):
                out += table(doc, block, space if space is not None else f.pt("table", "space_before_pt"))
                starts.clear()
                continue
            kids = []
            first = None
            if block.role == "item":
                level = min(block.level, len(starts))
                first = indent if level == 0 else starts[level - 1]
                del starts[level:]
                starts.append(first + self.width_of(L, block.label) + space_width)
                kids += runs(block.label + " ")
            else:
                starts.clear()
            for span in block.spans:
                kids += runs(span.text, RunFormat(bold=span.bold, italic=span.italic, underline=span.underline))
            out.append(paragraph(doc.sheet["body"], kids, space_before=space, first_indent=first))
        # the last paragraph stays with the closing (Word and LibreOffice move a kept paragraph
        # whole, so only the last one is kept: the PDF keeps its last two lines)
        if out and out[-1].tag.endswith("}p") and int(f.get("body", "keep_lines_with_closing")) > 0:
            _keep_next(out[-1])
        return out

    def signature(self, doc: _Doc) -> list:
        L, f, sheet = doc.letter, doc.letter.form, doc.sheet
        lines = content.signature_lines(L)
        out = []
        n = int(f.get("signature", "lines_below_closing"))
        pitch = sheet.pitch()
        for k, line in enumerate(lines):
            space = None
            if line.role == "signatory" and L.typed_signature:
                space = (n - n // 2 - 1) * pitch
            p = doc.p(line.role, line.text, space_before=space)
            if k == len(lines) - 1:
                _keep_next(p, False)
            out.append(p)
            if line.role == "signatory" and L.signature_image is not None:
                self._signature_image(doc, p, space if space is not None else sheet.style("signatory").space_before)
        return out

    def _signature_image(self, doc: _Doc, name_p, space_above: float) -> None:
        """The signature picture above "(name)", centred on the axis, its foot on the top of the
        name's line, at most ``signature.image_height`` high (as the PDF)."""
        L, f = doc.letter, doc.letter.form
        axis = f.cm("signature", "axis")
        width = 2 * min(axis - f.left, f.right - axis)
        height = min(f.cm("signature", "image_height"), space_above)
        data = picture_bytes(L.signature_image)
        pw, ph = fit(data, width, height)
        run = doc.picture(name_p, data, pw, ph)
        make_floating(run, axis - pw / 2, space_above - ph, v_from="paragraph")

    def photo(self, doc: _Doc, closing_p) -> list:
        """A certificate's photo of the person certified, floating at the form's ``photo.x`` with
        its box's top on the top of the date line ("ให้ไว้ ณ วันที่ …", the closing's place) and
        fitted into the box as the PDF fits it; returns its caption — where that person signs —
        as a frame of the photo's width, centred, :data:`~saraban.letters.layout.CAPTION_GAP_CM`
        under the box, placed from the date line (the paragraph after it)."""
        from ..letters.layout import CAPTION_GAP_CM

        L, f, sheet = doc.letter, doc.letter.form, doc.sheet
        box_w, box_h, x = f.cm("photo", "width"), f.cm("photo", "height"), f.cm("photo", "x")
        above = sheet.style("closing").space_before
        data = picture_bytes(L.photo)
        pw, ph = fit(data, box_w, box_h)
        run = doc.picture(closing_p, data, pw, ph)
        make_floating(run, x + (box_w - pw) / 2, above + (box_h - ph) / 2, v_from="paragraph")
        text = f"({f.get('photo', 'caption')})"
        size = float(f.get("font", "size"))
        layout = self.composer.paragraph(text, box_w, family=self.family(L).name, size=size, align="center")
        pitch = sheet.line_of("photo-caption")
        # the PDF's caption: its first line box CAPTION_GAP under the photo's box, its baseline
        # the layout's ascent below that; Word's exact line puts the baseline at 80 % of the pitch
        baseline = above + box_h + CAPTION_GAP_CM * POINTS_PER_CM + layout.ascent
        frame = Frame(box_w, x=x, y=_top(baseline, pitch), anchor="page", v_anchor="text", wrap="none")
        return [doc.p("photo-caption", text, frame=frame)]

    def foot(self, doc: _Doc) -> list:
        """The contact block and the copies, in a frame on the bottom margin of the signature's
        page with the form's blank lines kept above it."""
        L, f, sheet = doc.letter, doc.letter.form, doc.sheet
        out = []
        if L.contact and "contact" in sheet.styles:
            out += [doc.p("contact", line) for line in L.contact]
        copies = content.copies_heading(L)
        if copies is not None:
            out += self.headings(doc, [copies])
        if not out:
            return []
        blank = f.get("contact", "blank_lines_above") * sheet.pitch() if f.has("contact") else 0.0
        # the frame ends on the form's bottom margin (below the line the text area leaves free for
        # the continuation mark): its top is as many lines above it as the PDF gives the block
        family = self.family(L).name
        lines = 0
        for p in out:
            text = "".join(t.text or "" for t in p.iter("{*}t"))
            style = "contact" if p.find("{*}pPr/{*}pStyle").get("{*}val".replace("{*}", "{%s}" % p.nsmap["w"])) \
                == sheet["contact"] else "copies"
            width = f.right - f.left - sheet.style(style).left
            lines += len(self.composer.paragraph(text, width, family=family, size=float(f.get("font", "size"))).lines)
        height = f.cm("page", "height")
        top = height - f.cm("page", "bottom") - lines * sheet.pitch()
        frame_paragraphs(out, Frame(f.text_width, x=f.left, y=top, anchor="page", space_above=blank))
        return out

    # -- the QR enclosure pages -------------------------------------------------------------------
    def attachment(self, doc: _Doc) -> list:
        L, f = doc.letter, doc.letter.form
        blocks = content.qr_blocks(L)
        if not blocks:
            return []
        per_page = int(f.get("attachment", "qr_per_page"))
        size_cm = f.get("attachment", "qr_size")
        size = f.cm("attachment", "qr_size")
        pitch = doc.sheet.pitch()
        out = []
        for start in range(0, len(blocks), per_page):
            out.append(doc.p("attachment-title", f.get("attachment", "title"), page_break_before=start > 0))
            for k, block in enumerate(blocks[start:start + per_page]):
                out.append(doc.p("qr-caption", block.caption, space_before=None if k == 0 else 2 * pitch))
                p = paragraph(doc.sheet["qr"], space_before=QR_CAPTION_GAP)
                doc.picture(p, qr_png(block.url, size_cm), size, size)
                out.append(p)
                out.append(doc.p("qr-url", block.url, space_before=QR_CAPTION_GAP))
        return out


def _flow_headings(letter: Letter) -> tuple[content.Heading, ...]:
    """The headings above the body: a stamped letter's "ถึง", else the letter's."""
    if letter.kind == "stamped":
        from .stamped import recipient_heading

        return (recipient_heading(letter),)
    return content.flow_headings(letter)


def _copies(elements: Sequence) -> list:
    return [copy.deepcopy(e) for e in elements]


def _keep_next(p, on: bool = True) -> None:
    """Set (or clear) keep-with-next on an lxml ``w:p`` whatever its style says."""
    ppr = p.find("{*}pPr")
    kids = [c for c in (list(ppr) if ppr is not None else []) if not c.tag.endswith("}keepNext")]
    kids.append(w("keepNext", {"val": None if on else "0"}))
    if ppr is not None:
        p.remove(ppr)
    p.insert(0, props("pPr", kids))
