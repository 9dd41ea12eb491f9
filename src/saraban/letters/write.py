"""Stage *write* of the letter pipeline (public): page plans → PDF bytes → files.

Plans are drawn on reportlab canvases in invariant mode (fixed dates and ids, so the same input
gives the same bytes; ``SOURCE_DATE_EPOCH`` sets the date).  Everything is drawn in memory; the
build writes the files only when every document succeeded, through :mod:`saraban.outputs` (one
file by a rename, a merge as a whole output set).
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from reportlab.pdfgen.canvas import Canvas

from ..errors import InputError, Location
from ..pdf import archive
from ..pdf.document import NO_FONT, Metadata, set_language
from ..pdf.embed import draw_pdf_page
from ..pdf.links import add_link, text_links
from ..pdf.qr import draw_qr
from ..pdf.tags import LAYOUT, Artifact, Elem, Tag, TaggedCanvas, finish, tagger_of
from ..thai.flowable import draw_paragraph
from ..thai.numerals import to_thai_digits
from .structure import QR_ALT
from .plan import DocumentPlan, Dots, EnclosedPage, Page, Picture, Placeholder, QRCode, Rule, Seal, TextLines

#: Grey of the emblem placeholder's outline: visible on screen, faint when printed.
PLACEHOLDER_GREY = 0.6

#: Dotted leader of memo header lines: 0.5 pt dots every 2 pt, mid grey as on printed forms.
DOT_PATTERN = (0.5, 2.0)
DOT_GREY = 0.35


def new_canvas(buffer, metadata: Metadata, page_size: tuple[float, float], tagged: bool = True) -> Canvas:
    canvas = (TaggedCanvas if tagged else Canvas)(buffer, pagesize=page_size, invariant=1, pageCompression=1,
                                                  lang=metadata.language, initialFontName=NO_FONT)
    canvas.setTitle(metadata.title)
    canvas.setAuthor(metadata.author)
    canvas.setSubject(metadata.subject)
    canvas.setKeywords(metadata.keywords)
    canvas.setCreator(metadata.creator)
    canvas.setProducer("saraban (reportlab)")
    set_language(canvas, metadata.language)
    return canvas


@lru_cache(maxsize=16)
def _svg_drawing(path: Path):
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(str(path))
    if drawing is None:
        raise InputError("cannot read the SVG picture", Location(path))
    drawing.initialFontName = NO_FONT   # no Helvetica selected (PDF/A: every font embedded)
    return drawing


def _picture(canvas: Canvas, item: Picture) -> None:
    if item.path.suffix.lower() == ".svg":
        from reportlab.graphics import renderPDF

        drawing = _svg_drawing(item.path)
        from .pictures import svg_size_problem

        problem = svg_size_problem(drawing.width, drawing.height)
        if problem:
            raise InputError(problem, Location(item.path))
        scale = min(item.width / drawing.width, item.height / drawing.height)
        canvas.saveState()
        dx = item.x + (item.width - drawing.width * scale) / 2
        canvas.translate(dx, item.y + (item.height - drawing.height * scale) / 2)
        canvas.scale(scale, scale)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.restoreState()
        return
    try:
        canvas.drawImage(str(item.path), item.x, item.y, item.width, item.height,
                         preserveAspectRatio=True, anchor=item.anchor, mask="auto")
    except OSError as exc:
        from .pictures import picture_error

        raise InputError(picture_error(exc), Location(item.path)) from exc


def _placeholder(canvas: Canvas, item: Placeholder) -> None:
    canvas.saveState()
    canvas.setStrokeGray(PLACEHOLDER_GREY)
    canvas.setLineWidth(0.5)
    canvas.setDash(2, 2)
    canvas.rect(item.x, item.y, item.width, item.height)
    canvas.line(item.x, item.y, item.x + item.width, item.y + item.height)
    canvas.line(item.x, item.y + item.height, item.x + item.width, item.y)
    canvas.restoreState()


def _dots(canvas: Canvas, item: Dots) -> None:
    canvas.saveState()
    canvas.setStrokeGray(DOT_GREY)
    canvas.setLineWidth(DOT_PATTERN[0])
    canvas.setLineCap(1)
    canvas.setDash(0.01, DOT_PATTERN[1])
    canvas.line(item.x1, item.y, item.x2, item.y)
    canvas.restoreState()


def _rule(canvas: Canvas, item: Rule) -> None:
    canvas.saveState()
    canvas.setStrokeGray(0.0)
    canvas.setLineWidth(item.width)
    canvas.line(item.x1, item.y1, item.x2, item.y2)
    canvas.restoreState()


def draw_page(canvas: Canvas, page: Page, section: Elem | None = None) -> None:
    """Draw ``page``'s items, each marked with its tag (under ``section`` when several documents
    share the file); an item without a tag is an artifact."""
    canvas.setPageSize((page.width, page.height))
    tagger = tagger_of(canvas)
    current = None   # the tag of the marked content open: items in a row with one tag share it
    for item in page.items:
        if tagger is not None:
            tag = item.tag or _default_tag(item)
            if section is not None and not isinstance(tag, Artifact):
                tag = (section,) + tag
            if tag != current:
                if current is not None:
                    tagger.end(canvas)
                tagger.begin(canvas, tag)
                current = tag
        _draw_item(canvas, item)
        _links(canvas, item)
    if current is not None:
        tagger.end(canvas)
    canvas.showPage()


def _links(canvas: Canvas, item) -> None:
    """Link annotations for the addresses in ``item``'s text — URLs and e-mail addresses — made
    while its marked content is open, so that each ``Link`` goes into the item's element (a QR
    code links itself, :func:`saraban.pdf.qr.draw_qr`).  Not on artifacts: the continuation
    mark repeats the next page's first word."""
    if isinstance(item, TextLines) and not isinstance(item.tag, Artifact):
        for uri, rect in text_links(item.layout, item.x, item.top, item.lines):
            add_link(canvas, uri, rect)


#: The role of a page's printed number ("- ๒ -").
PAGE_NUMBER_ROLE = "page-number"


def page_labels(plans: Sequence[DocumentPlan]) -> tuple[str, ...]:
    """Each page's label as the page prints it: the number of its "- ๒ -" line, otherwise (a
    first page) its position in its document in Thai digits — every document of a combined PDF
    starts again at ๑, as it does on paper."""
    labels = []
    for plan in plans:
        for k, page in enumerate(plan.pages):
            printed = [i.text for i in page.items if isinstance(i, TextLines) and i.role == PAGE_NUMBER_ROLE]
            number = printed[0].strip().strip("-").strip() if printed else ""
            labels.append(number or to_thai_digits(str(k + 1)))
    return tuple(labels)


def archival_for(metadata: Metadata, standard: str, labels: tuple[str, ...] = ()) -> archive.Archival:
    """What :func:`saraban.pdf.archive.finish` needs of a document with ``metadata``."""
    return archive.Archival(standard=standard, title=metadata.title, creator=metadata.author,
                            description=metadata.subject, keywords=metadata.keywords,
                            language=metadata.language, labels=labels)


def _default_tag(item) -> Tag:
    """The tag of an item its layout left untagged: text is a paragraph (the lines of one layout
    one paragraph), a picture or QR code a figure, anything else an artifact — nothing a reader
    should hear is hidden by default."""
    if isinstance(item, TextLines):
        return (Elem("P", ("untagged", item.role, id(item.layout))),)
    if isinstance(item, QRCode):
        return (Elem("Figure", ("untagged", item.data), alt=QR_ALT.format(url=item.data)),)
    if isinstance(item, Picture):
        return (Elem("Figure", ("untagged", item.role, str(item.path)), alt=item.role),)
    if isinstance(item, Seal):
        return (Elem("Figure", ("untagged", "seal", item.x, item.y),
                     alt=f"ตราชื่อส่วนราชการ {item.texts[0].text} {item.texts[1].text}"),)
    return LAYOUT


def _draw_item(canvas: Canvas, item) -> None:
    if isinstance(item, EnclosedPage):   # drawn first: the page's stamp goes over it
        draw_pdf_page(canvas, item.path, item.index)
    elif isinstance(item, TextLines):
        draw_paragraph(canvas, item.layout, item.x, item.top, item.lines)
    elif isinstance(item, Picture):
        _picture(canvas, item)
    elif isinstance(item, Placeholder):
        _placeholder(canvas, item)
    elif isinstance(item, QRCode):
        draw_qr(canvas, item.data, item.x, item.y, item.size)
    elif isinstance(item, Dots):
        _dots(canvas, item)
    elif isinstance(item, Rule):
        _rule(canvas, item)
    elif isinstance(item, Seal):
        _seal(canvas, item)


def _seal(canvas: Canvas, item: Seal) -> None:
    from .seal import draw_seal

    def emblem(canvas, x, y, w, h):
        if item.emblem is None:
            _placeholder(canvas, Placeholder(item.role, x, y, w, h))
        else:
            _picture(canvas, Picture(item.role, item.emblem, x, y, w, h))

    draw_seal(canvas, item.x, item.y, item.texts, item.colour, emblem)


def _bookmark(canvas: Canvas, key: str, title: str) -> None:
    canvas.bookmarkPage(key)
    canvas.addOutlineEntry(title, key, level=0)


def render_document(plans: Sequence[DocumentPlan], metadata: Metadata, outline: bool = False,
                    tagged: bool = True, standard: str = archive.DEFAULT_STANDARD) -> bytes:
    """The PDF of ``plans`` drawn one after another, with a bookmark per plan if ``outline``;
    tagged (a structure tree, :mod:`saraban.pdf.tags`) unless ``tagged`` is False; then made
    ``standard`` (PDF/A-2u by default, :mod:`saraban.pdf.archive`) — after tagging, before any
    signature."""
    buffer = io.BytesIO()
    first = plans[0].pages[0]
    canvas = new_canvas(buffer, metadata, (first.width, first.height), tagged)
    for n, plan in enumerate(plans):
        section = Elem("Sect", n) if len(plans) > 1 else None   # each letter a section of the file
        for k, page in enumerate(plan.pages):
            if outline and k == 0:
                _bookmark(canvas, f"doc{n}", plan.label or plan.key or str(n + 1))
            draw_page(canvas, page, section)
    canvas.save()
    plain = standard == "none"
    if not plain:
        _check_enclosed_fonts(canvas)
    # the archival pass rewrites the file anyway: the tree is packed into object streams then
    data = finish(canvas, buffer.getvalue(), compact_large=plain)
    if plain:
        return data
    return archive.finish(data, archival_for(metadata, standard, page_labels(plans)))


def _check_enclosed_fonts(canvas) -> None:
    """PDF/A wants every font in the file: an enclosed PDF page whose fonts are not embedded in its
    own file cannot be made so here — a clear error naming the file and the font."""
    from ..pdf.embed import unembedded_in

    missing = unembedded_in(canvas)
    if missing:
        path, font = missing[0]
        others = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise archive.ArchiveError(
            f"{path}: the enclosed file uses the font {font} without embedding it{others}; PDF/A "
            f"needs every font inside the file — save the enclosure again with its fonts embedded "
            f"(in most programs: print or export to PDF with 'embed fonts'), or write plain PDF "
            f"with --pdf-standard none")


def render_documents(jobs: Iterable[tuple[Sequence[DocumentPlan], Metadata, bool]],
                     tagged: bool = True, standard: str = archive.DEFAULT_STANDARD) -> list[bytes]:
    """:func:`render_document` for each ``(plans, metadata, outline)`` job."""
    return [render_document(*job, tagged=tagged, standard=standard) for job in jobs]


