"""Tagged PDF (public): marked content recorded while drawing → the document's structure tree.

Drawing code says what it draws.  :meth:`Tagger.begin`/:meth:`Tagger.end` (or :func:`mark`) wrap
content that belongs to the logical structure: the tag is a *path*, the chain of structure
elements from the document down (``Table`` → ``TR`` → ``TD``); ``/TD <</MCID n>> BDC … EMC`` goes
around the content and the tagger records which element owns MCID ``n`` of the page.  Elements
are created on first use, in drawing order, so the tree's order is the order content is drawn —
the reading order of every saraban document — and a path met again (a paragraph continued on the
next page, the second line of a cell) adds content to the element it named before.  An
:class:`Artifact` tag wraps what is not content (running headers and footers, page numbers,
rules, fills, a repeated table header) as ``/Artifact``.

:class:`TaggedCanvas` is a reportlab canvas with a tagger.  When it saves, the pages get
``/StructParents`` and ``/Tabs /S`` and the catalog ``/StructTreeRoot``, ``/MarkInfo << /Marked
true >>`` and ``/DisplayDocTitle``; :func:`finish` then appends the tree to the saved bytes as an
incremental update — the ``Document`` element and its descendants with ``/Pg``, ``/K`` (MCIDs, or
marked-content references for content on other pages), ``/Alt``, ``/Lang`` and table attributes,
and the ``ParentTree`` (page → element of each MCID) — formatted in one pass: a booklet's LAO
table has a ``TD`` per cell, thousands of elements, which reportlab's object machinery would
format several times slower.  A large tree is then packed into compressed object streams
(:func:`compact`).

Nothing here changes a glyph or a text operator: marked content is invisible to text extraction.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from typing import Callable, ContextManager, Hashable, Iterator, NamedTuple, Sequence

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas


class Elem(NamedTuple):
    """One structure element of a path.  ``key`` tells apart siblings of the same role (the third
    ``TR``, the paragraph of a given block); the same role and key under the same parent is the
    same element.  (A named tuple: paths are looked up once per mark, and tuples hash in C.)"""

    role: str
    key: Hashable = None
    alt: str | None = None       # Figure: what a screen reader says instead of the picture
    lang: str | None = None      # when it differs from the document's
    scope: str | None = None     # TH: "Column", "Row" or "Both"
    colspan: int = 1             # TD/TH spanning columns


@dataclass(frozen=True)
class Artifact:
    """Content outside the logical structure: ``kind`` "Pagination" (running headers, footers,
    page numbers; ``subtype`` "Header" or "Footer"), "Layout" (rules, fills, leaders) or
    "Background"."""

    kind: str = "Layout"
    subtype: str | None = None

    @property
    def operator(self) -> str:
        sub = f" /Subtype /{self.subtype}" if self.subtype else ""
        return f"/Artifact <</Type /{self.kind}{sub}>> BDC"


Path = tuple[Elem, ...]
#: What a drawing call is tagged with: a path into the structure, or an artifact.
Tag = Path | Artifact

LAYOUT = Artifact("Layout")
HEADER = Artifact("Pagination", "Header")
FOOTER = Artifact("Pagination", "Footer")
PAGINATION = Artifact("Pagination")

#: The root element of every tree.
DOCUMENT = "Document"

#: Elements from which :func:`compact_if_large` packs a file into object streams.  Written plainly,
#: an element costs ~100 bytes (its object and xref line): a 3-page letter's ~40 add 4 KB to
#: 25 KB, while the rewrite costs more time than drawing the letter; the 76-letter combined PDF's
#: ~3,000 would add 75 % to its size, a booklet's LAO table (a TD per cell) more.
COMPACT_ELEMENTS = 500


class _Node:
    """A structure element being recorded: its kids are nodes and (page index, MCID) pairs."""

    __slots__ = ("elem", "parent", "kids", "marked")

    def __init__(self, elem: Elem, parent: "_Node | None"):
        self.elem = elem
        self.parent = parent
        self.kids: list = []
        self.marked = False


class _Annotation(NamedTuple):
    """A kid of a ``Link`` element: the annotation (reportlab's internal name) on a page."""

    name: str
    page: int


class Tagger:
    """Records marked content and the elements it belongs to, for one document."""

    def __init__(self) -> None:
        self.root = _Node(Elem(DOCUMENT), None)
        self._nodes: dict[Path, _Node] = {(): self.root}
        self.pages: dict[int, list[_Node]] = {}   # page index → the element of each MCID
        self.links: list[_Node] = []              # Link elements, each with its annotation
        self._depth = 0
        self._open: _Node | None = None           # the element whose marked content is open

    def __len__(self) -> int:
        """The number of elements recorded (the Document included)."""
        return len(self._nodes)

    def element(self, path: Path) -> _Node:
        """The element at ``path``, created (with its missing ancestors) on first use."""
        node = self._nodes.get(path)
        if node is None:
            parent = self.element(path[:-1])
            node = self._nodes[path] = _Node(path[-1], parent)
            parent.kids.append(node)
        return node

    def begin(self, canvas, tag: Tag, repeat: bool = False) -> None:
        """Open marked content for ``tag`` on ``canvas``'s current page.  ``repeat``: content
        drawn again (a table header set on every page) is an artifact after its first time.
        Inside open marked content this does nothing: the outer mark owns what is drawn."""
        self._depth += 1
        if self._depth > 1:
            return
        self._open = None
        if isinstance(tag, Artifact):
            canvas._code.append(tag.operator)
            return
        node = self.element(tag)
        if repeat and node.marked:
            canvas._code.append(PAGINATION.operator)
            return
        self._open = node
        canvas._code.append(self._content(canvas, node))

    def _content(self, canvas, node: _Node) -> str:
        """The next MCID of the current page given to ``node``: its ``BDC`` operator."""
        page = canvas.getPageNumber() - 1
        mcids = self.pages.get(page)
        if mcids is None:
            mcids = self.pages[page] = []
        mcid = len(mcids)
        mcids.append(node)
        node.kids.append((page, mcid))
        node.marked = True
        return f"/{node.elem.role} <</MCID {mcid}>> BDC"

    def language(self, canvas, lang: str | None) -> str:
        """Operators that start text in ``lang`` inside the open element — a ``Span`` with
        ``/Lang`` of its own — or, with None, go back to the element's language: the open marked
        content ends and a new one begins (the drawing layer calls this inside a text object, where
        marked content may start and end).  Nothing inside an artifact or untagged content."""
        node = self._open
        if node is None:
            return ""
        if lang is None:
            if node.elem.role != "Span" or node.parent is None:
                return ""
            self._open = node.parent
            return "EMC " + self._content(canvas, node.parent)
        span = _Node(Elem("Span", lang=lang), node)
        node.kids.append(span)
        self._open = span
        return "EMC " + self._content(canvas, span)

    def end(self, canvas) -> None:
        self._depth -= 1
        if self._depth == 0:
            canvas._code.append("EMC")
            self._open = None

    def link(self, canvas) -> None:
        """Put the link annotation just added to ``canvas`` (``linkURL``/``linkRect``) in the tree:
        a ``Link`` element, with an object reference to it, in the element whose content is being
        drawn — after a ``Figure`` (a QR code: the picture's Alt text stands for its content) —
        or at the end of the document (an artifact's link)."""
        ref = canvas._annotationrefs[-1]
        owner = self._open or self.root
        if owner.elem.role == "Figure" and owner.parent is not None:
            owner = owner.parent
        node = _Node(Elem("Link"), owner)
        node.kids.append(_Annotation(ref.name, canvas.getPageNumber() - 1))
        owner.kids.append(node)
        self.links.append(node)

    @contextlib.contextmanager
    def mark(self, canvas, tag: Tag | None, repeat: bool = False) -> Iterator[None]:
        """``with tagger.mark(canvas, path): draw…`` (``tag`` None: untagged, nothing written)."""
        if tag is None:
            yield
            return
        self.begin(canvas, tag, repeat)
        try:
            yield
        finally:
            self.end(canvas)

    def outline(self) -> str:
        """The recorded tree as indented roles (for debugging and tests)."""
        out: list[str] = []

        def walk(node: _Node, depth: int) -> None:
            out.append("  " * depth + node.elem.role)
            for kid in node.kids:
                if isinstance(kid, _Node):
                    walk(kid, depth + 1)

        walk(self.root, 0)
        return "\n".join(out)


def tagger_of(canvas) -> Tagger | None:
    """The tagger of ``canvas`` (None: the document is not tagged)."""
    return getattr(canvas, "tagger", None)


def mark(canvas, tag: Tag | None, repeat: bool = False) -> ContextManager:
    """``tagger_of(canvas).mark(…)``, or nothing when the canvas has no tagger."""
    tagger = tagger_of(canvas)
    if tagger is None or tag is None:
        return contextlib.nullcontext()
    return tagger.mark(canvas, tag, repeat)


def marker(tag: Tag | None, repeat: bool = False) -> Callable[[object], ContextManager] | None:
    """A marker for drawing code that knows nothing of tagging (the Thai layer's flowables):
    called with the canvas, it gives the context to draw in."""
    if tag is None:
        return None
    return lambda canvas: mark(canvas, tag, repeat)


class TaggedCanvas(Canvas):
    """A reportlab canvas that records marked content; :func:`finish` adds the structure tree to
    the bytes it saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tagger = Tagger()
        self._structure: _Prepared | None = None

    def switch_language(self, lang: str | None) -> str:
        """What :func:`saraban.thai.draw.draw_line` writes where English starts (``lang`` "en")
        and ends (None): see :meth:`Tagger.language`."""
        return self.tagger.language(self, lang)

    def save(self) -> None:  # noqa: D102
        if len(self._code):   # the page being drawn ends here (as reportlab's save would end it)
            self.showPage()
        self._structure = _prepare(self)
        super().save()


# -- writing the tree -----------------------------------------------------------------------------
def _text(value: str) -> str:
    """A PDF text string: printable ASCII as a literal, anything else UTF-16BE with its mark."""
    if value.isascii() and value.isprintable() and not any(c in value for c in "()\\"):
        return f"({value})"
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


class _Placeholder(pdfdoc.PDFObject):
    """The StructTreeRoot as reportlab writes it (so that the catalog refers to it); the update
    :func:`finish` appends gives the object its content."""

    def format(self, document) -> bytes:  # noqa: D102
        return b"<< /Type /StructTreeRoot >>"


@dataclass(frozen=True)
class _Prepared:
    root: int                   # object number of the StructTreeRoot
    pages: tuple[int, ...]      # object number of each page
    annotations: dict           # reportlab's name of each tagged annotation → its object number


def _prepare(canvas: Canvas) -> "_Prepared | None":
    """What goes into reportlab's own objects before it saves: ``/StructParents`` and ``/Tabs``
    on the pages, the catalog's ``/StructTreeRoot``, ``/MarkInfo`` and ``/DisplayDocTitle``."""
    tagger = tagger_of(canvas)
    if tagger is None or not tagger.pages:
        return None
    doc = canvas._doc
    numbers = doc.idToObjectNumberAndVersion
    for index, page in enumerate(doc.Pages.pages):
        if index in tagger.pages:
            page.StructParents = index
        page.Tabs = pdfdoc.PDFName("S")
        page.__NoDefault__ = list(pdfdoc.PDFPage.__NoDefault__) + ["StructParents", "Tabs"]
    annotations = {}
    for key, node in enumerate(tagger.links, start=len(doc.Pages.pages)):
        name = node.kids[0].name
        annotations[name] = numbers[name][0]
        _set_struct_parent(doc.idToObject[name], key)
    catalog = doc.Catalog
    ref = doc.Reference(_Placeholder())
    catalog.StructTreeRoot = ref
    catalog.MarkInfo = pdfdoc.PDFDictionary({"Marked": pdfdoc.PDFtrue})
    if getattr(catalog, "ViewerPreferences", None) is None:
        catalog.ViewerPreferences = pdfdoc.PDFDictionary({"DisplayDocTitle": pdfdoc.PDFtrue})
    return _Prepared(numbers[ref.name][0], tuple(numbers[p.__InternalName__][0] for p in doc.Pages.pages),
                     annotations)


def _set_struct_parent(annotation, key: int) -> None:
    """``/StructParent key`` (and the Print flag PDF/A wants) on a reportlab link annotation: a
    URI link is a plain dictionary, a link to a bookmark a ``LinkAnnotation`` that admits only
    the keys it lists."""
    if isinstance(annotation, pdfdoc.PDFDictionary):
        annotation.dict["StructParent"] = key
        annotation.dict["F"] = 4
        return
    annotation.permitted = tuple(annotation.permitted) + ("StructParent",)
    annotation.otherkw["StructParent"] = key
    annotation.otherkw["F"] = 4


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SIZE = re.compile(rb"/Size\s+(\d+)")
_ID = re.compile(rb"/ID\s*\[\s*(<[0-9A-Fa-f]*>)\s*(<[0-9A-Fa-f]*>)\s*\]")
_INFO = re.compile(rb"/Info\s+(\d+)\s+0\s+R")
_ROOT = re.compile(rb"/Root\s+(\d+)\s+0\s+R")


def finish(canvas, data: bytes, compact_large: bool = True) -> bytes:
    """``data`` — what ``canvas`` saved — with its structure tree: the elements, the parent tree
    and the StructTreeRoot appended as an incremental update (one pass of string formatting, where
    reportlab's object machinery costs several times more per element), then, for a large tree
    (:data:`COMPACT_ELEMENTS`), rewritten by :func:`compact` into object streams.  Untagged or
    unmarked documents come back as they are."""
    tagger = tagger_of(canvas)
    prepared = getattr(canvas, "_structure", None)
    if tagger is None or prepared is None:
        return data
    tail = data[data.rindex(b"trailer"):]
    prev = int(_STARTXREF.search(tail).group(1))
    size = int(_SIZE.search(tail).group(1))
    nodes: list[_Node] = []
    stack = [tagger.root]
    while stack:                      # depth-first, in order
        node = stack.pop()
        nodes.append(node)
        stack.extend(reversed([k for k in node.kids if isinstance(k, _Node)]))
    number = {id(node): size + i for i, node in enumerate(nodes)}
    nxt = size + len(nodes)
    arrays = {page: nxt + i for i, page in enumerate(sorted(tagger.pages))}
    parent_tree = nxt + len(arrays)
    root = prepared.root
    pages = prepared.pages

    objects: list[tuple[int, str]] = [(root, (
        f"<< /Type /StructTreeRoot /K {number[id(tagger.root)]} 0 R /ParentTree {parent_tree} 0 R "
        f"/ParentTreeNextKey {len(pages) + len(tagger.links)} >>"))]
    objects += [(number[id(node)], _element(node, number, pages, root, prepared.annotations)) for node in nodes]
    objects += [(arrays[page], "[" + " ".join(f"{number[id(n)]} 0 R" for n in tagger.pages[page]) + "]")
                for page in sorted(tagger.pages)]
    # the parent tree: each page's MCIDs, then each link annotation's /StructParent (its Link)
    entries = [f"{p} {n} 0 R" for p, n in arrays.items()]
    entries += [f"{key} {number[id(node)]} 0 R" for key, node in enumerate(tagger.links, start=len(pages))]
    objects.append((parent_tree, "<< /Nums [" + " ".join(entries) + "] >>"))

    out = io.BytesIO()
    out.write(data)
    if not data.endswith(b"\n"):
        out.write(b"\n")
    offsets: dict[int, int] = {}
    for num, body in objects:
        offsets[num] = out.tell()
        out.write(f"{num} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    lines = ["xref", "0 1", "0000000000 65535 f ", f"{root} 1", f"{offsets[root]:010d} 00000 n ",
             f"{size} {parent_tree + 1 - size}"]
    lines += [f"{offsets[n]:010d} 00000 n " for n in range(size, parent_tree + 1)]
    ids = _ID.search(tail)
    trailer = [f"/Size {parent_tree + 1}", f"/Root {_ROOT.search(tail).group(1).decode()} 0 R", f"/Prev {prev}"]
    info = _INFO.search(tail)
    if info:
        trailer.append(f"/Info {info.group(1).decode()} 0 R")
    if ids:
        trailer.append(f"/ID [{ids.group(1).decode()}{ids.group(2).decode()}]")
    lines += ["trailer", "<< " + " ".join(trailer) + " >>", "startxref", str(xref), "%%EOF", ""]
    out.write("\n".join(lines).encode("ascii"))
    result = out.getvalue()
    if compact_large and len(tagger) >= COMPACT_ELEMENTS:
        result = compact(result)
    return result


def _element(node: _Node, number: dict[int, int], pages: Sequence[int], tree_root: int,
             annotations: dict | None = None) -> str:
    """A structure element's dictionary: role, parent, page, kids, Alt, Lang, table attributes."""
    elem = node.elem
    parent = number[id(node.parent)] if node.parent is not None else tree_root
    kids = []
    first_page = None
    for kid in node.kids:
        if isinstance(kid, _Node):
            kids.append(f"{number[id(kid)]} 0 R")
            continue
        if isinstance(kid, _Annotation):
            first_page = kid.page if first_page is None else first_page
            kids.append(f"<< /Type /OBJR /Obj {annotations[kid.name]} 0 R /Pg {pages[kid.page]} 0 R >>")
            continue
        page, mcid = kid
        if first_page is None:
            first_page = page
        if page == first_page:
            kids.append(str(mcid))
        else:
            kids.append(f"<< /Type /MCR /Pg {pages[page]} 0 R /MCID {mcid} >>")
    parts = [f"<< /Type /StructElem /S /{elem.role} /P {parent} 0 R"]
    if first_page is not None:
        parts.append(f"/Pg {pages[first_page]} 0 R")
    if kids:
        parts.append("/K " + (kids[0] if len(kids) == 1 else "[" + " ".join(kids) + "]"))
    if elem.alt is not None:
        parts.append(f"/Alt {_text(elem.alt)}")
    if elem.lang is not None:
        parts.append(f"/Lang {_text(elem.lang)}")
    attributes = []
    if elem.scope is not None:
        attributes.append(f"/Scope /{elem.scope}")
    if elem.colspan > 1:
        attributes.append(f"/ColSpan {elem.colspan}")
    if attributes:
        parts.append("/A << /O /Table " + " ".join(attributes) + " >>")
    return " ".join(parts) + " >>"


def compact(data: bytes) -> bytes:
    """``data`` rewritten with its objects in compressed object streams (PDF 1.5): the many small
    structure elements cost a few bytes each instead of a line and an xref entry.  Streams are
    copied as they are (no decoding, no recompression); the file ID stays deterministic."""
    import pikepdf

    from .memory import open_pdf

    with open_pdf(data) as pdf:
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=True,
                 deterministic_id=True)
    return out.getvalue()
