"""The letter's text blocks (public): what every writer prints, by role, in reading order.

:mod:`.render` makes every string of a letter final; this module puts together the few pieces a
writer would otherwise assemble itself from the letter and its form — the labelled headings
(เรื่อง, เรียน, อ้างถึง, สิ่งที่ส่งมาด้วย, สำเนาส่ง) with their items, the signature lines, the memo's
header fields, the captions of the QR enclosure page and the distribution list's reference line.
The PDF layout (:mod:`.layout`) and the Word writer (:mod:`saraban.docx`) both read these, so the
two print the same words; only geometry differs between them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..thai.numerals import to_thai_digits
from .render import Letter

NBSP = "\u00a0"


@dataclass(frozen=True)
class Heading:
    """A labelled heading: the label ("อ้างถึง") and its items; ``numbered`` when there are
    several items that get "๑.", "๒.", … before them."""

    role: str
    label: str
    items: tuple[str, ...]
    numbered: bool = False

    def number(self, letter: Letter, index: int) -> str:
        """The number printed before item ``index`` (from 0): "๑." (or "1." without Thai digits)."""
        return digits(letter, f"{index + 1}.")


@dataclass(frozen=True)
class TextLine:
    """One line of a block whose lines are given (a signature line, a header field)."""

    role: str
    text: str


@dataclass(frozen=True)
class MemoField:
    """A labelled field of a memo's head: ส่วนราชการ, ที่, วันที่, เรื่อง."""

    role: str
    label: str
    value: str


@dataclass(frozen=True)
class QRBlock:
    """One code of the QR enclosure page: its caption (numbered when there are several
    enclosures) and the URL it encodes, printed under it."""

    caption: str
    url: str


def digits(letter: Letter, text: str) -> str:
    return to_thai_digits(text) if letter.thai_digits else text


def _heading(role: str, label: str, items, numbered: bool) -> Heading:
    items = tuple(items)
    return Heading(role, label, items, numbered and len(items) > 1)


def subject_heading(letter: Letter) -> Heading:
    return _heading("subject", letter.form.get("headings", "subject_label"), [letter.subject], False)


def enclosure_text(letter: Letter, index: int) -> str:
    """An enclosure as listed under สิ่งที่ส่งมาด้วย: its text, then "จำนวน ๑ ชุด" joined with
    no-break spaces so that it never breaks across lines."""
    e = letter.enclosures[index]
    if not e.quantity:
        return e.text
    return f"{e.text} {letter.form.get('headings', 'quantity_label')}{NBSP}{e.quantity.replace(' ', NBSP)}"


def common_headings(letter: Letter) -> tuple[Heading, ...]:
    """เรียน, อ้างถึง and สิ่งที่ส่งมาด้วย (the latter two only when the letter has them)."""
    f = letter.form
    out = [_heading("recipient", letter.salutation, [letter.recipient], False)] if letter.recipient else []
    if letter.references:
        out.append(_heading("reference", f.get("headings", "references_label"), letter.references, True))
    if letter.enclosures:
        out.append(_heading("enclosure", f.get("headings", "enclosures_label"),
                            [enclosure_text(letter, i) for i in range(len(letter.enclosures))], True))
    return tuple(out)


def flow_headings(letter: Letter) -> tuple[Heading, ...]:
    """The headings above the body: เรื่อง (external letters; a memo has it in its head), then
    :func:`common_headings`."""
    head = () if letter.kind == "memo" or not letter.subject else (subject_heading(letter),)
    return head + common_headings(letter)


def copies_heading(letter: Letter) -> Heading | None:
    if not letter.copies:
        return None
    return _heading("copies", letter.form.get("copies", "label"), letter.copies, True)


def signature_lines(letter: Letter) -> tuple[TextLine, ...]:
    """The typed signature (if asked for), "(name)", the position lines and under them the lines
    of signing on behalf ("ปฏิบัติราชการแทน…", "รักษาราชการแทน…"; printed in the position's
    style), centred on the signature axis by both writers."""
    lines = []
    if letter.typed_signature:
        lines.append(TextLine("signature-typed", letter.signatory_name))
    lines.append(TextLine("signatory", f"({letter.signatory_name})"))
    lines += [TextLine("position", p) for p in letter.signatory_position]
    lines += [TextLine("position", p) for p in letter.on_behalf]
    return tuple(lines)


def memo_fields(letter: Letter) -> tuple[MemoField, MemoField, MemoField, MemoField]:
    """ส่วนราชการ (owner and address on one line), ที่, วันที่ and เรื่อง of a memo's head."""
    f = letter.form
    return (MemoField("owner", f.get("labels", "owner_label"), " ".join([letter.owner_name, *letter.owner_address])),
            MemoField("number", f.get("labels", "number_label"), letter.number),
            MemoField("date", f.get("labels", "date_label"), letter.date_text.removeprefix("วันที่ ")),
            MemoField("subject", f.get("labels", "subject_label"), letter.subject))


def qr_blocks(letter: Letter) -> tuple[QRBlock, ...]:
    numbered = len(letter.enclosures) > 1
    return tuple(QRBlock((digits(letter, f"{i}. ") if numbered else "") + e.caption, e.qr)
                 for i, e in enumerate(letter.enclosures, start=1) if e.qr)


def distribution_reference(letter: Letter) -> str:
    """The line under the distribution list's title: the letter the list belongs to."""
    return (f"ประกอบหนังสือ{letter.owner_name} ที่ {letter.number} "
            f"ลงวันที่ {letter.date_text.removeprefix('วันที่ ')}")


def page_number(letter: Letter, number: int) -> str:
    """The page number of continuation pages: "- ๒ -"."""
    return digits(letter, f"- {number} -")


def continued(title: str) -> str:
    """A heading carried to the next page: "บัญชีรายชื่อแนบท้าย (ต่อ)"."""
    return f"{title} {CONTINUED}"


#: Added to a heading carried over to another page.
CONTINUED = "(ต่อ)"

#: The title of the distribution list.
DISTRIBUTION_TITLE = "บัญชีรายชื่อแนบท้าย"
