"""Saddle-stitch imposition for office printers (public): a booklet's A4 pages → a print file with
two pages, reduced to A5, on each side of a landscape A4 sheet, in the order that gives a folded
A5 booklet when the file is printed double-sided, flipped on the short edge.

For ``n`` pages (padded with blank pages to a multiple of four) there are ``n / 4`` sheets.  Sheet
``i`` (from 0) carries on its front pages ``n − 2i`` (left) and ``2i + 1`` (right), on its back
pages ``2i + 2`` (left) and ``n − 2i − 1`` (right), counted from 1: the outermost sheet holds the
back cover and the cover on its front, and the pile folded in the middle reads 1, 2, …, n.

A fold mark — a short line at the middle of the top and bottom edge, inside the margin that office
printers cannot print — is drawn on the inner side (the back) of every sheet, where it ends up
hidden in the gutter.

Each page becomes a form XObject (its content and resources, unchanged) placed on the sheet with a
scale-and-translate matrix, with pypdf; nothing is drawn by hand but the fold marks.  (pypdf's
``merge_transformed_page`` does the same by parsing and rewriting every content stream: a second
a page.)  A maintained imposition
package exists (pdfimpose), but it is AGPL and brings PyMuPDF into the runtime; pypdf is already
a dependency and this takes a few lines.  Same input → same bytes (no dates, a fixed file id).
"""

from __future__ import annotations

import hashlib
import io
import math

from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from pypdf import PageObject, PdfWriter

#: A4 in points, portrait: the sheet is used landscape (width and height swapped).
A4_W, A4_H = 595.2756, 841.8898
#: A5 is A4 halved; a page goes from A4 to A5 at 1/√2 (both keep the √2 ratio).
SCALE = 1 / math.sqrt(2)
MM = 72 / 25.4
#: The fold mark: from 4 mm to 11 mm from the edge (office printers leave about 4 mm unprinted),
#: a hairline in mid grey.
FOLD_MARK_FROM = 4 * MM
FOLD_MARK_TO = 11 * MM
FOLD_MARK_WIDTH = 0.4
FOLD_MARK_GREY = 0.5
#: Pages per folded sheet.
SHEET_PAGES = 4
#: The imposition names the command line accepts.
IMPOSITIONS = ("saddle",)


def saddle_order(pages: int) -> list[tuple[tuple[int | None, int | None], tuple[int | None, int | None]]]:
    """For each sheet, its (front, back) sides as (left, right) page indexes from 0; None where a
    padding blank page goes."""
    n = -(-pages // SHEET_PAGES) * SHEET_PAGES

    def page(number: int) -> int | None:
        return number - 1 if number <= pages else None

    sheets = []
    for i in range(n // SHEET_PAGES):
        front = (page(n - 2 * i), page(2 * i + 1))
        back = (page(2 * i + 2), page(n - 2 * i - 1))
        sheets.append((front, back))
    return sheets


def _fold_marks(width: float, height: float) -> str:
    """The drawing operators of the fold marks on a side ``width`` × ``height``."""
    x = width / 2
    return (f"q {FOLD_MARK_GREY} G {FOLD_MARK_WIDTH} w "
            f"{x:.3f} {height - FOLD_MARK_FROM:.3f} m {x:.3f} {height - FOLD_MARK_TO:.3f} l S "
            f"{x:.3f} {FOLD_MARK_FROM:.3f} m {x:.3f} {FOLD_MARK_TO:.3f} l S Q\n")


def _as_form(page: PageObject, writer: PdfWriter):
    """``page`` as a form XObject in ``writer`` (its content, its resources cloned once): placing
    a form needs no parsing of the page's content, which pypdf's page merging does (a second a
    page)."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    content = page.get_contents()
    form = DecodedStreamObject()
    form.set_data(content.get_data() if content is not None else b"")
    form = form.flate_encode()
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject([FloatObject(float(v)) for v in page.mediabox])
    if "/Resources" in page:
        form[NameObject("/Resources")] = page["/Resources"].get_object().clone(writer)
    return writer._add_object(form), page.mediabox


def impose_saddle(pdf: bytes, *, title: str = "") -> bytes:
    """The saddle-stitch print file of ``pdf`` (A4 portrait pages) as bytes."""
    # pypdf is imported here, not with the module: a booklet run without --imposition never needs it
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject, NameObject,
                               TextStringObject)

    try:
        reader = PdfReader(io.BytesIO(pdf))
        pages = list(reader.pages)
    except Exception as exc:  # pypdf raises many kinds for a broken file
        raise InputError(f"cannot read the PDF to impose: {exc}") from exc
    if not pages:
        raise InputError("the PDF to impose has no pages")
    writer = PdfWriter()
    forms = [_as_form(page, writer) for page in pages]
    sheet_w, sheet_h = A4_H, A4_W  # landscape
    for front, back in saddle_order(len(pages)):
        for side_number, (left, right) in enumerate((front, back)):
            side = writer.add_blank_page(sheet_w, sheet_h)
            ops, xobjects = [], DictionaryObject()
            for slot, index in enumerate((left, right)):
                if index is None:
                    continue
                ref, box = forms[index]
                scale = min(sheet_w / 2 / float(box.width), sheet_h / float(box.height))
                dx = slot * sheet_w / 2 + (sheet_w / 2 - float(box.width) * scale) / 2 - float(box.left) * scale
                dy = (sheet_h - float(box.height) * scale) / 2 - float(box.bottom) * scale
                xobjects[NameObject(f"/P{slot}")] = ref
                ops.append(f"q {scale:.6f} 0 0 {scale:.6f} {dx:.3f} {dy:.3f} cm /P{slot} Do Q\n")
            if side_number == 1:
                ops.append(_fold_marks(sheet_w, sheet_h))
            stream = DecodedStreamObject()
            stream.set_data("".join(ops).encode("ascii"))
            side[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
            side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    writer.add_metadata({"/Title": TextStringObject(title), "/Producer": TextStringObject("saraban (pypdf)")})
    out = io.BytesIO()
    # a fixed file id from the content (pypdf would otherwise draw a random one)
    digest = hashlib.md5(pdf, usedforsecurity=False).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    writer.write(out)
    return out.getvalue()


def print_name(name: str) -> str:
    """The print file's name beside the booklet: ``TH-50.pdf`` → ``TH-50-print.pdf``."""
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return f"{stem}-print.pdf"
