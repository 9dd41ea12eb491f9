"""Pages of other PDF files drawn on a reportlab canvas (public): :func:`draw_pdf_page`.

A page of a PDF file becomes a *form XObject* of the document being drawn: its content stream is
copied as it is and its resources (fonts, images, colour spaces …) are translated object by object
from pypdf's reading of the file into reportlab's objects, each once per document however many
pages use it.  Nothing is parsed beyond the objects' structure — no content stream is tokenised
and the document is not read back and rewritten afterwards (pypdf's ``merge_page`` on a finished
file did both, and cost five times the letter it was added to).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, xObjectName

#: Keys not followed when copying a page's resources: the way back up the page tree.
_SKIPPED_KEYS = frozenset({"/Parent"})


class _Embedder:
    """What one canvas (one output document) has taken from other files so far."""

    def __init__(self, canvas):
        self.doc = canvas._doc
        self.readers: dict[Path, object] = {}
        self.objects: dict[tuple[Path, int, int], object] = {}
        self.forms: dict[tuple[Path, int], str] = {}
        self.unembedded: dict[tuple[Path, str], None] = {}   # (file, font) a page uses without its program

    def reader(self, path: Path):
        import pypdf

        reader = self.readers.get(path)
        if reader is None:
            reader = self.readers[path] = pypdf.PdfReader(str(path))
        return reader

    def convert(self, path: Path, obj):
        """pypdf's object ``obj`` (of the file ``path``) as a reportlab object of this document."""
        from pypdf import generic as g

        if isinstance(obj, g.IndirectObject):
            key = (path, obj.idnum, obj.generation)
            done = self.objects.get(key)
            if done is not None:
                return done
            target = obj.get_object()
            if isinstance(target, g.StreamObject):
                shell = PDFStream(PDFDictionary(), b"")
                self.objects[key] = self.doc.Reference(shell)
                self._fill_stream(path, shell, target)
            elif isinstance(target, g.DictionaryObject):
                shell = PDFDictionary()
                self.objects[key] = self.doc.Reference(shell)
                self._fill_dict(path, shell, target)
            else:   # an indirect number, array, string …: copied in place
                self.objects[key] = self.convert(path, target)
            return self.objects[key]
        if isinstance(obj, g.StreamObject):
            stream = PDFStream(PDFDictionary(), b"")
            self._fill_stream(path, stream, obj)
            return self.doc.Reference(stream)
        if isinstance(obj, g.DictionaryObject):
            out = PDFDictionary()
            self._fill_dict(path, out, obj)
            return out
        if isinstance(obj, g.ArrayObject):
            return PDFArray([self.convert(path, v) for v in obj])
        if isinstance(obj, g.NameObject):
            return PDFName(obj[1:])
        if isinstance(obj, g.BooleanObject):
            return "true" if obj else "false"
        if isinstance(obj, g.NullObject) or obj is None:
            return "null"
        if isinstance(obj, (g.TextStringObject, g.ByteStringObject)):
            return b"<" + obj.original_bytes.hex().encode("ascii") + b">"
        if isinstance(obj, g.FloatObject):
            return float(obj)
        if isinstance(obj, g.NumberObject):
            return int(obj)
        raise TypeError(f"cannot copy a PDF object of type {type(obj).__name__}")

    def _fill_dict(self, path: Path, out: PDFDictionary, source) -> None:
        for key, value in source.items():
            if key not in _SKIPPED_KEYS:
                out[key[1:]] = self.convert(path, value)

    def _fill_stream(self, path: Path, out: PDFStream, source) -> None:
        for key, value in source.items():
            if key != "/Length":
                out.dictionary[key[1:]] = self.convert(path, value)
        # the encoded bytes as they are, with their /Filter (reportlab filters only unfiltered
        # streams); an unfiltered stream is compressed like the document's own
        out.content = source._data if "/Filter" in source else source.get_data()

    def form(self, path: Path, index: int) -> str:
        """The name of the form XObject of page ``index`` of ``path`` (made on first use)."""
        key = (path, index)
        name = self.forms.get(key)
        if name is not None:
            return name
        page = self.reader(path).pages[index]
        box = page.mediabox
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        resources = page.get("/Resources")
        info = {"Type": PDFName("XObject"), "Subtype": PDFName("Form"),
                "BBox": PDFArray([float(box.left), float(box.bottom), float(box.right), float(box.top)]),
                "Matrix": PDFArray([1, 0, 0, 1, -float(box.left), -float(box.bottom)])}
        if resources is not None:
            info["Resources"] = self.convert(path, resources)
            for font in unembedded_fonts(resources):
                self.unembedded[path, font] = None
        name = self.forms[key] = f"saraban-enclosed-{len(self.forms) + 1}"
        self.doc.Reference(PDFStream(PDFDictionary(info), data), xObjectName(name))
        return name


def unembedded_fonts(resources, seen: set | None = None) -> list[str]:
    """The names of the fonts in pypdf's ``resources`` (and its form XObjects') whose program is
    not in the file — a reader substitutes another font for them, which PDF/A forbids."""
    seen = set() if seen is None else seen
    out: list[str] = []
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if font.get("/Subtype") == "/Type3":   # glyphs drawn by the file's own procedures
            continue
        program = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = program.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            out.append(str(font.get("/BaseFont", "?")).lstrip("/"))
    for xobject in (resources.get("/XObject") or {}).values():
        ref = getattr(xobject, "idnum", None)
        form = xobject.get_object()
        if form.get("/Subtype") != "/Form" or "/Resources" not in form or ref in seen:
            continue
        if ref is not None:
            seen.add(ref)
        out += unembedded_fonts(form["/Resources"], seen)
    return out


def unembedded_in(canvas) -> list[tuple[Path, str]]:
    """(file, font name) of every font the PDF pages drawn on ``canvas`` use without embedding."""
    embedder = getattr(canvas, "_saraban_embedder", None)
    return list(embedder.unembedded) if embedder is not None else []


def draw_pdf_page(canvas, path: Path, index: int) -> None:
    """Draw page ``index`` (from 0) of the PDF file ``path`` with its lower-left corner at the
    canvas's origin (the caller gives the canvas that page's size)."""
    embedder = getattr(canvas, "_saraban_embedder", None)
    if embedder is None:
        embedder = canvas._saraban_embedder = _Embedder(canvas)
    name = embedder.form(path, index)
    canvas.saveState()
    canvas.doForm(name)
    canvas.restoreState()
