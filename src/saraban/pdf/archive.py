"""Archival PDF (public): the last pass over a tagged PDF that makes it PDF/A (ISO 19005).

:func:`finish` takes the bytes a writer saved (reportlab, then the structure tree of
:mod:`saraban.pdf.tags`) and an :class:`Archival` — which standard, the document's metadata, its
page labels and embedded files — and returns the file a record office can keep:

- **identification and metadata**: an XMP packet (uncompressed, as PDF/A wants it readable
  without a PDF parser) with ``pdfaid:part``/``pdfaid:conformance``, Dublin Core (title, creator
  = the agency, description, language ``th``), ``xmp:CreateDate``/``ModifyDate`` and the document
  information dictionary set to the same values — the dates from ``SOURCE_DATE_EPOCH`` when set
  (a reproducible build: same input → identical bytes), otherwise the time of the build;
- **colour**: an sRGB output intent, the ICC profile of Debian's ``icc-profiles-free``
  (:data:`SRGB_PROFILE`; a clear error when it is missing);
- **viewing**: ``/Lang``, ``/MarkInfo``, ``/DisplayDocTitle``, the outline panel open when the
  document has bookmarks, page labels as the pages print their numbers;
- **links**: every link annotation (reportlab's ``linkURL``/``linkRect``) printable, with a
  description, an appearance (one empty form shared by all: PDF/A-2 excuses links, the issue's
  "annotations with appearances" does not), and a ``Link`` structure element (an object reference, ``/StructParent``) so the
  structure tree stays complete;
- **data**: PDF/A-3 associated files (``/AF``, ``/AFRelationship /Data``) — a booklet's rows as CSV.

Nothing here touches a content stream, so the text layer is exactly what the writer drew.  The
file is written once by qpdf (pikepdf) with the compressed streams copied as they are and the
small objects (the structure tree's elements) packed into object streams.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence
from xml.sax.saxutils import escape

from ..errors import SarabanError

#: Values of ``--pdf-standard``: PDF/A-2u (the default), PDF/A-3u (PDF/A-2 plus embedded files of
#: any kind — booklets embedding their data are always A-3u), or plain PDF (no archival pass).
STANDARDS = ("a-2u", "a-3u", "none")
DEFAULT_STANDARD = "a-2u"

#: The sRGB profile of Debian's ``icc-profiles-free`` package (the output intent).
SRGB_PROFILE = Path("/usr/share/color/icc/sRGB.icc")
#: Where else an sRGB IEC 61966-2.1 profile comes with the system, tried in turn: macOS's
#: ColorSync profile and Windows's colour folder.
SRGB_ELSEWHERE = (Path("/System/Library/ColorSync/Profiles/sRGB Profile.icc"),
                  Path(os.environ.get("SystemRoot", r"C:\Windows")) / "System32" / "spool" / "drivers" / "color"
                  / "sRGB Color Space Profile.icm")
#: Overrides :data:`SRGB_PROFILE` (another system's path to an sRGB IEC 61966-2.1 profile).
SRGB_PROFILE_ENV = "SARABAN_SRGB_PROFILE"
SRGB_CONDITION = "sRGB IEC61966-2.1"

#: Annotation flag Print (PDF 32000 12.5.3): PDF/A wants every annotation printable.
PRINT_FLAG = 4


class ArchiveError(SarabanError):
    """The file cannot be made archival (a missing ICC profile, a bad SOURCE_DATE_EPOCH)."""


@dataclass(frozen=True)
class Attachment:
    """A file embedded as a PDF/A-3 associated file of the document."""

    name: str
    data: bytes
    mime: str = "text/csv"
    description: str = ""
    relationship: str = "Data"


@dataclass(frozen=True)
class Archival:
    """What :func:`finish` makes of a file: the standard and the document's description.

    ``labels``: each page's printed number (a page without one gets its position), Thai digits
    where the page prints them so.  ``attachments`` need ``a-3u``."""

    standard: str = DEFAULT_STANDARD
    title: str = ""
    creator: str = ""          # the agency (Info /Author, dc:creator)
    description: str = ""      # Info /Subject, dc:description
    keywords: str = ""
    language: str = "th-TH"
    labels: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    tool: str = "saraban"
    producer: str = "saraban (reportlab, pikepdf)"
    date: _dt.datetime | None = None   # default: SOURCE_DATE_EPOCH, else now

    def __post_init__(self):
        if self.standard not in STANDARDS:
            raise ValueError(f"PDF standard {self.standard!r}: one of {', '.join(STANDARDS)}")
        if self.attachments and self.standard == "a-2u":
            raise ValueError("embedded files need PDF/A-3 (a-3u)")

    @property
    def part(self) -> int:
        return int(self.standard[2])

    @property
    def conformance(self) -> str:
        return self.standard[3].upper()


def build_date() -> _dt.datetime:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) when set, otherwise now; UTC, whole seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
        except ValueError as exc:
            raise ArchiveError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from exc
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)


def pdf_date(date: _dt.datetime) -> str:
    """``D:YYYYMMDDHHmmSS+00'00'`` (the info dictionary's form)."""
    d = date.astimezone(_dt.timezone.utc)
    return d.strftime("D:%Y%m%d%H%M%S") + "+00'00'"


def xmp_date(date: _dt.datetime) -> str:
    """``YYYY-MM-DDThh:mm:ss+00:00`` (the same instant in XMP's form)."""
    return date.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def srgb_profile() -> bytes:
    """The sRGB ICC profile (Flate-compressed), or an :class:`ArchiveError` saying how to get it."""
    chosen = os.environ.get(SRGB_PROFILE_ENV)
    path = Path(chosen) if chosen else next((p for p in (SRGB_PROFILE, *SRGB_ELSEWHERE) if p.is_file()),
                                            SRGB_PROFILE)
    try:
        return _profile(str(path))
    except OSError as exc:
        raise ArchiveError(
            f"{path}: the sRGB ICC profile for PDF/A's output intent is missing ({exc.strerror}); "
            f"install it (Debian/Ubuntu: apt install icc-profiles-free), point {SRGB_PROFILE_ENV} "
            f"at an sRGB IEC 61966-2.1 profile, or write plain PDF with --pdf-standard none") from exc


_PROFILES: dict[str, bytes] = {}


def _profile(path: str) -> bytes:
    """The profile at ``path``, Flate-compressed (read and compressed once per process)."""
    data = _PROFILES.get(path)
    if data is None:
        data = _PROFILES[path] = zlib.compress(Path(path).read_bytes(), 9)
    return data


def xmp_packet(archival: Archival, date: _dt.datetime) -> bytes:
    """The XMP metadata packet (RDF/XML) of ``archival``, the same values as the info dictionary."""
    e = escape
    lang = archival.language.split("-")[0] or "th"
    parts = [
        f"<pdfaid:part>{archival.part}</pdfaid:part>",
        f"<pdfaid:conformance>{archival.conformance}</pdfaid:conformance>",
        "<dc:format>application/pdf</dc:format>",
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(archival.title)}</rdf:li></rdf:Alt></dc:title>',
    ]
    if archival.creator:
        parts.append(f"<dc:creator><rdf:Seq><rdf:li>{e(archival.creator)}</rdf:li></rdf:Seq></dc:creator>")
    if archival.description:
        parts.append(f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(archival.description)}'
                     "</rdf:li></rdf:Alt></dc:description>")
    parts.append(f"<dc:language><rdf:Bag><rdf:li>{e(lang)}</rdf:li></rdf:Bag></dc:language>")
    stamp = xmp_date(date)
    parts += [f"<xmp:CreateDate>{stamp}</xmp:CreateDate>", f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>",
              f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>",
              f"<xmp:CreatorTool>{e(archival.tool)}</xmp:CreatorTool>",
              f"<pdf:Producer>{e(archival.producer)}</pdf:Producer>"]
    if archival.keywords:
        parts.append(f"<pdf:Keywords>{e(archival.keywords)}</pdf:Keywords>")
    body = "\n   ".join(parts)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
        '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n'
        f"   {body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>').encode("utf-8")


def finish(data: bytes, archival: Archival | None) -> bytes:
    """``data`` made archival as ``archival`` says (None or standard "none": ``data`` as it is)."""
    if archival is None or archival.standard == "none":
        return data
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    from .memory import open_pdf

    profile = srgb_profile()
    date = archival.date or build_date()
    with open_pdf(data) as pdf:
        if pdf.is_encrypted:   # pragma: no cover - saraban never encrypts
            raise ArchiveError("an encrypted PDF cannot be PDF/A")
        root = pdf.Root
        # -- document information, the same values as the XMP packet
        info = pdf.trailer.get("/Info")
        if info is None:
            info = pdf.trailer.Info = pdf.make_indirect(Dictionary())
        for key, value in (("/Title", archival.title), ("/Author", archival.creator),
                           ("/Subject", archival.description), ("/Keywords", archival.keywords)):
            if value:
                info[key] = String(value)
            elif key in info:
                del info[key]
        info.Creator = String(archival.tool)
        info.Producer = String(archival.producer)
        info.CreationDate = info.ModDate = String(pdf_date(date))
        metadata = pdf.make_stream(xmp_packet(archival, date))
        metadata.Type = Name.Metadata
        metadata.Subtype = Name.XML
        root.Metadata = metadata
        # -- colour: the sRGB output intent
        icc = pdf.make_stream(profile, Filter=Name.FlateDecode, N=3)   # compressed once per process
        root.OutputIntents = Array([pdf.make_indirect(Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String(SRGB_CONDITION),
            Info=String(SRGB_CONDITION), RegistryName=String("http://www.color.org"),
            DestOutputProfile=icc))])
        # -- viewing
        root.Lang = String(archival.language)
        if "/StructTreeRoot" in root:   # tagged; an untagged file (a print file) claims nothing
            root.MarkInfo = Dictionary(Marked=True)
        elif "/MarkInfo" in root:
            del root["/MarkInfo"]
        prefs = root.get("/ViewerPreferences")
        if prefs is None:
            root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        else:
            prefs.DisplayDocTitle = True
        if "/Outlines" in root and "/First" in root.Outlines:
            root.PageMode = Name.UseOutlines
        elif "/PageMode" in root:
            del root["/PageMode"]
        if archival.labels:
            root.PageLabels = page_labels(archival.labels)
        _links(pdf)
        if archival.attachments:
            _attach(pdf, archival.attachments, date)
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=True,
                 deterministic_id=True, min_version="1.7", fix_metadata_version=False)
    return out.getvalue()


def page_labels(labels: Sequence[str]):
    """A page-label number tree giving page ``i`` the label ``labels[i]``: runs of decimal
    numbers counting up by one make one range (``/S /D``); any other label (Thai digits, which the
    label styles do not have) is a range of one page with the label as its prefix."""
    from pikepdf import Array, Dictionary, Name, String

    nums: list = []
    prev_decimal = None
    for index, label in enumerate(labels):
        if label.isascii() and label.isdigit() and int(label) > 0:
            value = int(label)
            if prev_decimal is not None and value == prev_decimal + 1:
                prev_decimal = value
                continue
            nums += [index, Dictionary(S=Name.D, St=value)]
            prev_decimal = value
        else:
            nums += [index, Dictionary(P=String(label))]
            prev_decimal = None
    return Dictionary(Nums=Array(nums))


def _links(pdf) -> None:
    """Every link annotation printable, described, and in the structure tree: a ``Link`` element
    with an object reference to it, after the document's other elements (in page order), its
    ``/StructParent`` a new key of the parent tree."""
    from pikepdf import Array, Dictionary, Name, String

    tree = pdf.Root.get("/StructTreeRoot")
    nums = None
    next_key = 0
    document = None
    if tree is not None and "/ParentTree" in tree:
        nums = tree.ParentTree.get("/Nums")
        next_key = int(tree.get("/ParentTreeNextKey", len(pdf.pages)))
        document = tree.K if not isinstance(tree.K, Array) else tree.K[0]
    appearance = None   # one empty form for every link: a link draws nothing of its own
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        for annot in annots:
            if annot.get("/Subtype") != Name.Link:
                continue
            annot.F = PRINT_FLAG
            annot.Border = Array([0, 0, 0])
            if "/AP" not in annot:
                if appearance is None:
                    appearance = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Form,
                                                 BBox=Array([0, 0, 1, 1]), Resources=Dictionary())
                annot.AP = Dictionary(N=appearance)
            action = annot.get("/A")
            if "/Contents" not in annot:
                if action is not None and action.get("/S") == Name.URI:
                    uri = bytes(action.URI).decode("latin-1")
                    annot.Contents = String(uri[7:] if uri.startswith("mailto:") else uri)
                else:
                    annot.Contents = String("ไปยังหน้า")
            if nums is None or "/StructParent" in annot:
                continue
            elem = pdf.make_indirect(Dictionary(
                Type=Name.StructElem, S=Name.Link, P=document, Pg=page.obj,
                K=Dictionary(Type=Name.OBJR, Obj=annot, Pg=page.obj), Alt=annot.Contents))
            kids = document.get("/K")
            if kids is None:
                document.K = Array([elem])
            elif isinstance(kids, Array):
                kids.append(elem)
            else:
                document.K = Array([kids, elem])
            annot.StructParent = next_key
            nums.append(next_key)
            nums.append(elem)
            next_key += 1
        page.obj.Tabs = Name.S
    if tree is not None:
        tree.ParentTreeNextKey = next_key


def _attach(pdf, attachments: Sequence[Attachment], date: _dt.datetime) -> None:
    """The files as associated files of the document (``/AF``) and in its EmbeddedFiles names."""
    from pikepdf import Array, Dictionary, Name, String

    specs = []
    names = []
    for a in sorted(attachments, key=lambda a: a.name):
        stream = pdf.make_stream(a.data)
        stream.Type = Name.EmbeddedFile
        stream.Subtype = Name("/" + a.mime)   # written /text#2Fcsv
        stream.Params = Dictionary(Size=len(a.data), ModDate=String(pdf_date(date)))
        spec = pdf.make_indirect(Dictionary(
            Type=Name.Filespec, F=String(a.name), UF=String(a.name), Desc=String(a.description or a.name),
            AFRelationship=Name("/" + a.relationship), EF=Dictionary(F=stream, UF=stream)))
        specs.append(spec)
        names += [String(a.name), spec]
    pdf.Root.AF = Array(specs)
    root_names = pdf.Root.get("/Names")
    if root_names is None:
        pdf.Root.Names = root_names = Dictionary()
    root_names.EmbeddedFiles = Dictionary(Names=Array(names))
