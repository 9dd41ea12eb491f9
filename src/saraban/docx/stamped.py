"""Stamped letters as Word paragraphs (internal): the regulation's form 3 from the same form as the
PDF (:mod:`saraban.letters.stamped`).

Page 1's head is the Garuda and the ที่ line (no owner block, no date); then "ถึง" and the
recipient, the body, and at the end, centred on the signature axis, the sending agency's name, a
line as tall as the seal carrying the officer's initials at the seal's right, and the date; the
contact block sits at the foot as in letters.

The seal itself is a picture floating on the initials' line, centred on the axis: the PDF's own
drawing (:func:`saraban.letters.seal.draw_seal` — the circles, the emblem and the names shaped along
the arcs) put on a small PDF page of its own and rasterised with pypdfium2 at :data:`SEAL_DPI` on a
transparent ground.  Word cannot hold Thai set along an arc as text, so the names are in the
picture; its description (``descr``) carries them for screen readers, as the PDF's figure does.
"""

from __future__ import annotations

import io

from reportlab.lib.units import cm

from ..letters.content import Heading
from ..letters.seal import OUTER_DIAMETER, RULE_WIDTH, arc_texts
from .pictures import make_floating

#: The seal is written as a PNG at this resolution (4.5 cm: about 1,070 pixels across, the
#: arcs' letters sharp when printed).
SEAL_DPI = 600

#: Role of the initials' line (as the PDF's).
INITIALS = "initials"


def recipient_heading(letter) -> Heading:
    """"ถึง" and the recipient: a stamped letter's only heading (no salutation)."""
    return Heading("recipient", letter.form.get("recipient", "label"), (letter.recipient,))


def seal_side() -> float:
    """The side of the seal's picture, points: the outer circle with its line's outer half."""
    return OUTER_DIAMETER * cm + RULE_WIDTH


def seal_png(typesetter, letter, family: str) -> bytes:
    """The letter's seal as a transparent PNG of :func:`seal_side` at :data:`SEAL_DPI`, drawn by
    the PDF writer's own code on a page of that size and rasterised."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen.canvas import Canvas

    from ..letters.plan import Seal
    from ..letters.write import _seal

    side = seal_side()
    texts = arc_texts(typesetter, letter.seal[0], letter.seal[1], family, letter.seal_colour)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(side, side), invariant=1)
    _seal(canvas, Seal("seal", side / 2, side / 2, texts, letter.seal_colour, letter.emblem))
    canvas.showPage()
    canvas.save()
    pdf = pdfium.PdfDocument(buffer.getvalue())
    try:
        bitmap = pdf[0].render(scale=SEAL_DPI / 72, fill_color=(255, 255, 255, 0))
        image = bitmap.to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(SEAL_DPI, SEAL_DPI))
    return out.getvalue()


def seal_description(letter) -> str:
    """The seal picture's description: what the PDF's figure says."""
    return f"ตราชื่อส่วนราชการ {letter.seal[0]} {letter.seal[1]}"


def stamped_paragraphs(writer, doc) -> tuple[list, list]:
    """The flow of a stamped letter after its head — ถึง and the body — and its end, kept
    together: the agency, the seal's line with the initials, the date."""
    L, f, sheet = doc.letter, doc.letter.form, doc.sheet
    out = writer.headings(doc, [recipient_heading(L)], first_space=f.pt("headings", "space_before_pt"))
    out += writer.body(doc)
    end = [doc.p("agency", L.owner_name, keep_next=True)]
    side = OUTER_DIAMETER * cm
    pitch = sheet.line_of(INITIALS)
    gap = f.cm("seal", "gap")
    half = side / 2 - pitch / 2          # from the seal row's top to the initials' line, and below it
    line = doc.p(INITIALS, L.initials, space_before=gap + half, keep_next=True)
    end.append(line)
    data = writer.seal(doc)
    picture = seal_side()
    run = doc.picture(line, data, picture, picture)
    axis = f.cm("signature", "axis")
    # the seal's centre on the row's middle, the row starting ``gap`` below the agency's line
    make_floating(run, axis - picture / 2, gap + side / 2 - picture / 2, v_from="paragraph")
    doc_pr = run._r.find(".//{*}docPr")
    if doc_pr is not None:
        doc_pr.set("descr", seal_description(L))
    end.append(doc.p("seal-date", L.date_text, space_before=half + gap))
    return out, end

