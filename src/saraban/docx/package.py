"""The DOCX package (internal): a small starting package per style sheet, sections and their
headers, document properties, and deterministic bytes.

python-docx's own starting document carries 900 kB of Word's built-in styles, a thumbnail of an
empty page and a theme whose fonts would override ours; saraban starts from a package of its own
instead — the letter's styles, settings that say the text is Thai, and nothing else — made once per
style sheet and opened by python-docx for every letter.

Dated as the PDFs are (:func:`saraban.pdf.archive.build_date`): the document properties and
every zip entry get ``SOURCE_DATE_EPOCH`` when it is set — then the same input gives the same
bytes — else the time of the build.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
import os
import zipfile
from dataclasses import dataclass
from typing import Sequence

import docx
from docx.document import Document

from ..pdf.document import Metadata
from .ooxml import Frame, props, twips, w
from .styles import StyleSheet

#: Height of the empty paragraph that ends a section, points.
BREAK_LINE = 1.0

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PKG}">
<Relationship Id="rId1" Type="{_DOC_TYPE}/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

_DOC_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PKG}">
<Relationship Id="rId1" Type="{_DOC_TYPE}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{_DOC_TYPE}/settings" Target="settings.xml"/>
</Relationships>"""

_DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body><w:sectPr/></w:body></w:document>"""

#: Settings: Thai is the complex-script language; tab stops every 1.27 cm; Word 2013+ layout.
_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{_W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>
<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode"
 w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="en-US" w:bidi="th-TH"/></w:settings>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"""


def output_date() -> _dt.datetime:
    """The date of a document: the PDF's (``SOURCE_DATE_EPOCH``, else now); a bad
    ``SOURCE_DATE_EPOCH`` is an error that says so."""
    from ..pdf.archive import build_date

    return build_date()


def skeleton(sheet: StyleSheet) -> bytes:
    """The starting package of documents with ``sheet``'s styles."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS),
                           ("word/_rels/document.xml.rels", _DOC_RELS), ("word/document.xml", _DOCUMENT),
                           ("word/styles.xml", sheet.xml()), ("word/settings.xml", _SETTINGS),
                           ("docProps/core.xml", _CORE)):
            z.writestr(name, data)
    return buffer.getvalue()


def open_document(start: bytes) -> Document:
    return docx.Document(io.BytesIO(start))


@dataclass(frozen=True)
class SectionSpec:
    """What a section of the document looks like: its paper and margins (points), whether its
    pages after the first are numbered "- ๒ -", whether the secrecy class is stamped on every
    page, how many columns, and whether it starts a new page."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    header: float                       # from the paper's top edge to the header's first line
    numbered: bool = False
    columns: int = 1
    new_page: bool = True
    thai_digits: bool = True            # page numbers in Thai digits


def section_properties(spec: SectionSpec, first: bool):
    kids = [w("type", {"val": "nextPage" if spec.new_page or first else "continuous"}),
            w("pgSz", {"w": twips(spec.width), "h": twips(spec.height)}),
            w("pgMar", {"top": twips(spec.top), "right": twips(spec.right), "bottom": twips(spec.bottom),
                        "left": twips(spec.left), "header": twips(spec.header), "footer": twips(spec.bottom / 2),
                        "gutter": 0}),
            w("pgNumType", {"fmt": "thaiNumbers" if spec.thai_digits else "decimal"}),
            w("cols", {"num": spec.columns, "space": 0} if spec.columns > 1 else {"space": 720})]
    if spec.numbered:
        kids.append(w("titlePg"))
    return kids


def assemble(document: Document, sections: Sequence[tuple[Sequence, SectionSpec]]) -> None:
    """Put the sections' paragraphs into the body, each section closed by its properties."""
    body = document.element.body
    final = body.find(f"{{{_W}}}sectPr")
    for index, (paragraphs, spec) in enumerate(sections):
        for p in paragraphs:
            final.addprevious(p)
        kids = section_properties(spec, index == 0)
        if index + 1 < len(sections):
            # the paragraph that ends a section takes (almost) no room: a continuous break
            # (the list's columns) must not add a line that LibreOffice would drop
            tiny = w("spacing", {"line": twips(BREAK_LINE), "lineRule": "exact"})
            final.addprevious(w("p", None, props("pPr", [tiny, props("sectPr", kids)])))
        else:
            body.replace(final, props("sectPr", kids))


def set_headers(document: Document, index: int, *, first: Sequence = (), default: Sequence = (),
                first_footer: Sequence = (), default_footer: Sequence = (), title_page: bool = False) -> None:
    """Give section ``index`` its own headers and footers (never inherited from the section
    before: an enclosure page must not show the letter's page numbers)."""
    section = document.sections[index]
    parts = [(section.header, default), (section.footer, default_footer)]
    if title_page:
        parts += [(section.first_page_header, first), (section.first_page_footer, first_footer)]
    for part, paragraphs in parts:
        part.is_linked_to_previous = False
        element = part._element
        for child in list(element):
            element.remove(child)
        for p in paragraphs or [w("p")]:
            element.append(copy.deepcopy(p))     # a section's stamps may serve the next one too


def set_metadata(document: Document, metadata: Metadata) -> None:
    core = document.core_properties
    date = output_date().replace(tzinfo=None)
    core.title = metadata.title
    core.author = metadata.author
    core.subject = metadata.subject
    core.keywords = metadata.keywords
    core.language = metadata.language
    core.last_modified_by = metadata.author
    core.created = date
    core.modified = date
    core.revision = 1


class _DatedZip:
    """A package writer (python-docx's ``PhysPkgWriter`` interface) that dates every entry."""

    def __init__(self, buffer, stamp):
        self.zip = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
        self.stamp = stamp

    def write(self, pack_uri, blob) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=self.stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self.zip.writestr(entry, blob)

    def close(self) -> None:
        self.zip.close()


def to_bytes(document: Document) -> bytes:
    """The package with every zip entry dated :func:`output_date` (byte-identical reruns)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    stamp = max(output_date().timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    writer = _DatedZip(out, stamp)
    parts = list(package.iter_parts())
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return out.getvalue()


def frame_paragraphs(paragraphs: Sequence, frame: Frame) -> None:
    """Put ``paragraphs`` (already made) into one frame: the same frame properties on each."""
    for p in paragraphs:
        ppr = p.find(f"{{{_W}}}pPr")
        kids = list(ppr) if ppr is not None else []
        if ppr is not None:
            p.remove(ppr)
        p.insert(0, props("pPr", kids + [frame.element()]))
