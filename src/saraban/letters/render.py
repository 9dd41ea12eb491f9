"""Stage *render* of the letter pipeline (public): spec (+ a data row) → :class:`Letter`.

(:class:`Templates` and :func:`parse_body` live in :mod:`saraban.templates` and
:mod:`saraban.markup`, shared with the booklets; they are importable from here too.)

Every string of the spec is a Jinja2 template run in the sandbox with undefined variables as errors;
its variables are the columns of the merge row.  Then the letter is *formatted*: Thai digits
(except in URLs, e-mail addresses and QR payloads), dates in B.E., the number with its ``ที่``,
references and enclosures from their structured fields, the default salutation and closing, the
body split into paragraphs with **bold** spans.  The result holds only final text.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..markup import BodyParagraph, parse_body
from ..pdf.document import Metadata
from ..tables import Row, Table
from ..thai.dates import thai_date
from ..thai.numerals import thai_digits_in_text, to_thai_digits
from .etiquette import closing_for, salutation_for
from .forms import Form, load_form
from ..templates import Templates, template_cells
from .spec import ON_BEHALF_MODES, SEAL_COLOURS, LetterSpec, parse_date

#: Printed for ``number = { series = … }`` where no register issued the number (lint, previews).
UNISSUED_NUMBER = "(เลขทะเบียนส่ง)"

#: U+00A0 joins the groups of a phone number so that it never breaks across lines.
NO_BREAK_SPACE = "\u00a0"

_PHONE_GAP = re.compile(r"(?<=[0-9๐-๙]) (?=[0-9๐-๙])")

#: The space before a postcode (five digits ending a word) in an address line: a no-break space
#: keeps the postcode with its province ("กทม. ๑๐๓๐๐"), never alone on the next line.
_POSTCODE_GAP = re.compile(r"(?<=\S)[ \t]+(?=[1-9๑-๙][0-9๐-๙]{4}(?![0-9๐-๙]))")


@dataclass(frozen=True)
class Enclosure:
    text: str
    quantity: str = ""
    qr: str | None = None
    caption: str = ""
    file: Path | None = None                        # a PDF appended after the letter
    pages: tuple[tuple[float, float], ...] = ()     # its page sizes, points


@dataclass(frozen=True)
class Letter:
    """A letter ready for layout: every string final, every choice made."""

    kind: str
    form: Form
    number: str
    date: _dt.date
    date_text: str
    subject: str
    recipient: str
    salutation: str
    closing: str
    owner_name: str
    owner_address: tuple[str, ...]
    body: tuple[BodyParagraph, ...]
    signatory_name: str
    signatory_position: tuple[str, ...]
    signature_image: Path | None = None
    typed_signature: bool = False
    urgency: str | None = None
    secrecy: str | None = None
    references: tuple[str, ...] = ()
    enclosures: tuple[Enclosure, ...] = ()
    contact: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()
    emblem: Path | None = None
    font: str | None = None
    thai_digits: bool = True
    key: str = "letter"
    metadata: Metadata = field(default_factory=Metadata)
    agency: str = ""                                 # the issuing agency of an order, announcement, …
    issue: str = ""                                  # ฉบับที่ of a regulation, statement or news
    place: str = ""                                  # where a meeting was held (minutes)
    seal: tuple[str, str] = ("", "")                 # a stamped letter's seal: the upper and lower names
    seal_colour: tuple[float, float, float] = (0.8, 0.0, 0.0)
    initials: str = ""                               # written beside the seal
    photo: Path | None = None                        # a certificate's photo of the person certified
    on_behalf: tuple[str, ...] = ()                  # "ปฏิบัติราชการแทน…" lines under the position


# -- formatting ----------------------------------------------------------------------------------

#: What a document without เรื่อง (minutes, stamped letters, certificates) is called in its PDF's
#: title — the title a viewer shows (DisplayDocTitle) and PDF/A's dc:title, which may not be empty.
UNTITLED_KINDS = {"minutes": "รายงานการประชุม", "stamped": "หนังสือประทับตรา", "certificate": "หนังสือรับรอง"}


def untitled_title(kind: str, agency: str, number: str) -> str:
    """The title of a document without a subject: its kind, agency and number, as its head says
    ("รายงานการประชุมคณะทำงาน… ครั้งที่ ๒/๒๕๖๙", "หนังสือรับรอง กรม… ที่ …")."""
    word = UNTITLED_KINDS.get(kind, "หนังสือ")
    title = f"{word}{agency}" if kind == "minutes" else f"{word} {agency}".strip()
    if number:
        title += f" ครั้งที่ {number}" if kind == "minutes" else f" ที่ {number}"
    return title

def _lines(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v for v in value.split("\n") if v.strip())
    return tuple(str(v) for v in value)


def _phone(text: str) -> str:
    return _PHONE_GAP.sub(NO_BREAK_SPACE, text)


def address_line(text: str) -> str:
    """An address line with its postcode bound to the word before it."""
    return _POSTCODE_GAP.sub(NO_BREAK_SPACE, text)


class _Formatter:
    def __init__(self, thai: bool):
        self.thai = thai

    def digits(self, text: str) -> str:
        return to_thai_digits(text) if self.thai else text

    def text(self, text: str) -> str:
        return thai_digits_in_text(text) if self.thai else text

    def date(self, value: _dt.date) -> str:
        return thai_date(value, thai=self.thai)


def _walk(value: Any, key: str, fill) -> Any:
    if isinstance(value, str):
        return fill(value, key)
    if isinstance(value, list):
        return [_walk(v, key, fill) for v in value]
    if isinstance(value, dict):
        return {k: _walk(v, f"{key}.{k}", fill) for k, v in value.items()}
    return value


def render_letter(spec: LetterSpec, row: Row | None = None, *, templates: Templates | None = None,
                  index: int = 1, forms: dict | None = None, apply_merge: bool = True,
                  table: Table | None = None) -> Letter:
    """Fill the spec's templates with ``row`` (a merge row of ``table``, or None) and format the
    letter.  ``apply_merge=False`` renders the letter as written at the top level, without the
    ``[merge]`` overrides: the circular to all recipients.  With ``table``, a template that prints
    an empty cell is an error naming its row and column (:class:`~saraban.templates.EmptyCell`)."""
    templates = templates or Templates()
    if row is not None and table is not None:
        context: dict[str, Any] = template_cells(row.values, lambda column: table.at(row, column))
    else:
        context = dict(row.values) if row else {}
    context.setdefault("index", index)
    for name, rel in spec.values.get("data", {}).items():
        context.setdefault(name, data_rows(spec, name, rel, forms))

    merged = spec.merge is not None and apply_merge

    def fill(source: str, key: str) -> str:
        overridden = merged and key.split(".")[0] in spec.merge.overrides
        return templates.render(source, context, spec.at(f"merge.{key}" if overridden else key))

    values = dict(spec.values)
    if merged:
        values.update(spec.merge.overrides)
    values = {k: _walk(v, k, fill) for k, v in values.items() if k != "data"}
    if merged and "body" in spec.merge.overrides:
        body_text = values.pop("body")  # filled by _walk with the row
    else:
        body_text = templates.render(spec.body, context, spec.body_origin)
    fmt = _Formatter(values.get("thai_digits", True))

    kind = values.get("kind", "external")
    if kind == "minutes":   # the body is the attendance lists and the agenda (:mod:`.minutes`)
        from .minutes import minutes_body, read_attendees

        people = read_attendees(resolve_table(spec, values["attendees"], "attendees"))
        body_text = minutes_body(values, people, spec.at("agenda"))
    form_key = ("form", kind, repr(values.get("form")))
    form = (forms or {}).get(form_key)
    if form is None:
        form = load_form(kind, values.get("form"), spec.folder, spec.at("form"))
        if forms is not None:
            forms[form_key] = form
    date = parse_date(values["date"], spec.at("date"))
    letter_kind = kind in ("external", "memo")
    if kind == "stamped" and "name" not in values.get("owner", {}):
        raise InputError("owner needs a name", spec.at("owner"))
    recipient = values.get("recipient", "").strip()
    salutation = values.get("salutation") or (salutation_for(recipient) if letter_kind else "")
    closing = values.get("closing") or (closing_for(salutation, recipient) if letter_kind else "")

    owner = values.get("owner", {})
    if letter_kind and "name" not in owner:
        raise InputError("owner needs a name", spec.at("owner"))
    signatory = values.get("signatory", {})
    if "signatory" in values and "name" not in signatory:
        raise InputError("signatory needs a name", spec.at("signatory"))

    references = []
    for item in values.get("references", []):
        if isinstance(item, str):
            references.append(fmt.text(item))
            continue
        if "text" in item:
            references.append(fmt.text(item["text"]))
            continue
        for need in ("agency", "number", "date"):
            if need not in item:
                raise InputError(f"a reference table needs {need!r} (or 'text')", spec.at("references"))
        urgency = f" {item['urgency']}" if item.get("urgency") else ""
        ref_date = parse_date(item["date"], spec.at("references"))
        references.append(f"หนังสือ{item['agency']}{urgency} ที่ {fmt.digits(item['number'])} "
                          f"ลงวันที่ {fmt.date(ref_date)}")

    enclosures = []
    for item in values.get("enclosures", []):
        if isinstance(item, str):
            enclosures.append(Enclosure(fmt.text(item)))
            continue
        quantity = item.get("quantity", "")
        file, sizes = None, ()
        if item.get("file"):
            file, sizes = enclosed_pdf(spec, item["file"], forms)
        qr = item.get("qr")
        if item.get("booklet"):   # the QR code to a published booklet's page (letters.published)
            from .published import booklet_page_url

            where = spec.at("merge.enclosures") if merged and "enclosures" in spec.merge.overrides \
                else spec.at("enclosures")
            if qr:
                raise InputError("an enclosure has qr or booklet, not both (booklet makes the QR code)", where)
            qr = booklet_page_url(spec.folder, item["booklet"], item.get("booklets"), where, forms)
        if qr:
            check_qr(qr, spec.at("merge.enclosures") if merged and "enclosures" in spec.merge.overrides
                     else spec.at("enclosures"))
        enclosures.append(Enclosure(fmt.text(item["text"]), fmt.digits(quantity), qr,
                                    fmt.text(item.get("caption", item["text"])), file, sizes))

    contact_lines = []
    contact = values.get("contact", {})
    if kind in ("external", "stamped") and contact:
        labels = _contact_labels(form)
        if contact.get("unit"):
            contact_lines.append(fmt.text(contact["unit"]))
        phone = []
        if contact.get("phone"):
            phone.append(f"{labels['phone']} {_phone(fmt.digits(contact['phone']))}")
        if contact.get("fax"):
            phone.append(f"{labels['fax']} {_phone(fmt.digits(contact['fax']))}")
        if phone:
            contact_lines.append(" ".join(phone))
        if contact.get("email"):
            contact_lines.append(f"{labels['email']} {contact['email']}")
        if contact.get("coordinator"):
            contact_lines.append(f"{labels['coordinator']} {_phone(fmt.text(contact['coordinator']))}")
        contact_lines += [fmt.text(x) for x in contact.get("lines", [])]

    def resolve(rel: str | None, key: str) -> Path | None:
        """A picture named at ``key``: it must exist and be one that can be drawn (its size
        checked before anything is decoded, so before anything is written)."""
        if not rel:
            return None
        path = spec.folder / rel
        if not path.exists():
            raise InputError(f"no such file: {str(path)!r}", spec.at(key))
        from .pictures import picture_problem

        problem = picture_problem(path)
        if problem:
            raise InputError(f"{problem}: {str(path)!r}", spec.at(key))
        return path

    number = values.get("number", "")
    # a series number not issued yet (lint, a preview): a stand-in that says where it will come from
    number = fmt.digits(number.strip()) if isinstance(number, str) else UNISSUED_NUMBER
    subject = fmt.text(values.get("subject", "").strip())
    key = str(index)
    agency = fmt.text(values.get("agency", "").strip())
    owner_name = owner.get("name", "").strip() or agency
    if form.has("dateline", "date_style"):
        date_text = thai_date(date, style=form.get("dateline", "date_style"), thai=fmt.thai)
    else:
        date_text = thai_date(date, style="memo", thai=fmt.thai) if kind == "memo" else fmt.date(date)
    return Letter(
        kind=kind, form=form, number=number, date=date,
        date_text=date_text,
        subject=subject, recipient=fmt.text(recipient), salutation=salutation,
        closing=(form.get("closing", "text").replace("{date}", date_text) if form.has("closing", "text") else closing),
        owner_name=owner_name, owner_address=tuple(address_line(fmt.text(a)) for a in _lines(owner.get("address"))),
        body=parse_body(body_text, fmt.text),
        signatory_name=signatory.get("name", "").strip(),
        signatory_position=tuple(fmt.text(p) for p in _lines(signatory.get("position"))),
        signature_image=resolve(signatory.get("image"), "signatory.image"),
        typed_signature=bool(signatory.get("typed", False)),
        urgency=values.get("urgency"), secrecy=values.get("secrecy"),
        references=tuple(references), enclosures=tuple(enclosures), contact=tuple(contact_lines),
        copies=tuple(fmt.text(c) for c in values.get("copies", [])),
        emblem=resolve(values.get("emblem"), "emblem"), font=values.get("font"), thai_digits=fmt.thai,
        key=key,
        metadata=Metadata(title=subject or untitled_title(kind, agency or owner_name, number), author=owner_name, subject=f"ที่ {number}" if number else "",
                          keywords=fmt.text(recipient)),
        agency=agency, issue=fmt.digits(values.get("issue", "").strip()),
        place=fmt.text(values.get("place", "").strip()),
        seal=(fmt.text(values.get("seal", {}).get("upper", "").strip()),
              fmt.text((values.get("seal", {}).get("lower") or owner_name).strip())),
        seal_colour=SEAL_COLOURS[values.get("seal", {}).get("colour", "red")],
        initials=fmt.text(values.get("initials", "").strip()),
        photo=resolve(values.get("photo"), "photo"),
        on_behalf=on_behalf_lines(signatory.get("on_behalf"), fmt.text),
    )


#: Most bytes a QR code holds at error-correction level M (version 40, 177 × 177 modules); a
#: payload this long prints modules of 0.2 mm in the letter's 4 cm code — keep addresses short.
QR_MAX_BYTES = 2331


def check_qr(payload: str, where) -> None:
    """Refuse a QR payload that no QR code can hold (it ended in qrcode's "Invalid version")."""
    from ..pdf.qr import qr_matrix

    try:
        qr_matrix(payload)      # cached: the drawing uses the same matrix
    except Exception as exc:  # noqa: BLE001 - qrcode's ValueError or DataOverflowError
        size = len(payload.encode("utf-8"))
        raise InputError(f"the QR code's address is {size:,} bytes long; a QR code holds at most "
                         f"{QR_MAX_BYTES:,} — shorten it (the agency's short link)", where) from exc


def resolve_table(spec: LetterSpec, rel: str, key: str) -> Path:
    """A table file named by a spec key, relative to the spec; a missing one is an error at the key
    that names the path looked for."""
    path = spec.folder / rel
    if not path.is_file():
        raise InputError(f"no such file: {str(path)!r}", spec.at(key))
    return path


def on_behalf_lines(value, text) -> tuple[str, ...]:
    """The lines under the signer's position for ``signatory.on_behalf`` (a table or an array of
    them, checked by :func:`~.spec.check_on_behalf`): "ปฏิบัติราชการแทน<position>", one per step."""
    if not value:
        return ()
    steps = value if isinstance(value, list) else [value]
    out = []
    for step in steps:
        mode = step["mode"].strip()
        out.append(ON_BEHALF_MODES.get(mode, mode) + text(step["position"].strip()))
    return tuple(out)


def enclosed_pdf(spec: LetterSpec, rel: str, cache: dict | None) -> tuple[Path, tuple[tuple[float, float], ...]]:
    """An enclosure's PDF file and its page sizes; a missing or unreadable file is an error
    naming the spec line (checked before anything is written)."""
    path = (spec.folder / rel).resolve()
    key = ("pdf", str(path))
    if cache is not None and key in cache:
        return path, cache[key]
    where = spec.at("merge.enclosures") if spec.merge and "enclosures" in spec.merge.overrides else spec.at("enclosures")
    if not path.is_file():
        raise InputError(f"enclosure file not found: {str(path)!r}", where)
    import pypdf

    try:
        reader = pypdf.PdfReader(str(path))
        sizes = tuple((float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds for a broken file
        raise InputError(f"enclosure {str(path)!r} is not a readable PDF: {exc}", where) from exc
    if not sizes:
        raise InputError(f"enclosure {str(path)!r} has no pages", where)
    if cache is not None:
        cache[key] = sizes
    return path, sizes


def data_rows(spec: LetterSpec, name: str, rel: str, cache: dict | None) -> list[dict]:
    """The rows of a ``data`` table (a list of column → cell dicts, each cell knowing its file, row
    and column: :func:`~saraban.templates.template_cells`), read once per build."""
    from ..tables import read_table

    key = ("data", str(spec.folder / rel))
    if cache is not None and key in cache:
        return cache[key]
    path = spec.folder / rel
    if not path.exists():
        raise InputError(f"data.{name}: no such file: {str(path)!r}", spec.at(f"data.{name}"))
    table = read_table(path)
    # cells that know their place: a filter failing on one, or an empty one printed, names it
    rows = [template_cells(r.values, lambda column, r=r: table.at(r, column)) for r in table.rows]
    if cache is not None:
        cache[key] = rows
    return rows


def _contact_labels(form: Form) -> dict[str, str]:
    return {k: form.get("contact", f"{k}_label") for k in ("phone", "fax", "email", "coordinator")}
