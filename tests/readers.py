"""The PDF text extractors people meet, as functions ``PDF path → text of each page``, and the
measure the text-layer tests and ``benchmarks/extract.py`` compare them with.

=============  =================================================  ===================
reader         used by                                            reads ActualText
=============  =================================================  ===================
pdftotext      poppler: Evince, Okular, most Linux tools          yes
pypdf          Python pipelines                                   no
pdfium         Chrome, Edge (``pypdfium2``)                       yes
mupdf          SumatraPDF, many mobile readers (``pymupdf``)      yes
pdfjs          Firefox, most web viewers (``pdfjs-dist``, node)   no
pdfminer       pdfminer.six: search indexers, RAG pipelines       no (orders by place)
pdfplumber     table extraction (pdfminer's characters)           no (orders by place)
=============  =================================================  ===================
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Callable, Sequence

JS = Path(__file__).parent / "js"
PDFTEXT_JS = JS / "pdftext.mjs"

#: Thai digits ๐–๙ → 0–9: the comparison does not care which digits a reader gives back.
_DIGITS = {0x0E50 + i: str(i) for i in range(10)}
#: White space of every kind, and the controls a reader may emit for a glyph it cannot map.
_SPACE = re.compile(r"\s+")
#: Characters that must never appear in extracted text: controls (pdf.js gives a glyph's raw code
#: when its mapping is empty), private-use code points (TH SarabunIT๙'s shifted marks), a lone
#: dotted circle, the replacement character.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\u25cc\ufffd]")
#: White space inside a syllable: after a leading vowel (เ แ โ ใ ไ), or before a following vowel,
#: sara am, lakkhangyao or a mark — what makes a copied "อำเภอ" read "อ ำเภอ" and defeats search.
SPACE_IN_SYLLABLE = re.compile(r"[\u0e40-\u0e44]\s|\s[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")


def canonical(text: str) -> str:
    """Text as the matrix compares it: NFC, Thai digits as ASCII digits, no white space."""
    return _SPACE.sub("", unicodedata.normalize("NFC", text).translate(_DIGITS))


def accuracy(expected: str, got: str) -> float:
    """Share of ``expected`` read back right: 1 − (characters missing, extra or wrong) /
    len(expected), from difflib's alignment of the canonical texts (1.0 = exact)."""
    a, b = canonical(expected), canonical(got)
    if a == b:
        return 1.0
    errors = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            errors += max(i2 - i1, j2 - j1)
    return max(0.0, 1.0 - errors / max(1, len(a)))


# -- the readers --------------------------------------------------------------------------------
def pdftotext(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = out.split("\f")
    return pages[:-1] if len(pages) > 1 and not pages[-1].strip() else pages


def pypdf(path: Path) -> list[str]:
    import pypdf as _pypdf

    return [page.extract_text() for page in _pypdf.PdfReader(str(path)).pages]


def pdfium(path: Path) -> list[str]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(path))
    try:
        out = []
        for page in doc:
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


def mupdf(path: Path) -> list[str]:
    import pymupdf

    with pymupdf.open(str(path)) as doc:
        return [page.get_text() for page in doc]


def mupdf_search(path: Path, words: Sequence[str]) -> dict[str, int]:
    """How many times MuPDF's ``search_for`` (a viewer's Find) finds each word, over all pages."""
    import pymupdf

    with pymupdf.open(str(path)) as doc:
        return {w: sum(len(page.search_for(w)) for page in doc) for w in words}


def pdfjs_available() -> bool:
    return shutil.which("node") is not None and (JS / "node_modules" / "pdfjs-dist").is_dir()


def pdfjs_many(paths: Sequence[Path]) -> dict[Path, list[str]]:
    """pdf.js's text of each page of each file (one node process for all of them)."""
    out = subprocess.run(["node", str(PDFTEXT_JS), *map(str, paths)], check=True, capture_output=True,
                         text=True).stdout
    result = {}
    for line, path in zip(out.splitlines(), paths):
        result[path] = [page["text"] for page in json.loads(line)["pages"]]
    return result


def pdfjs(path: Path) -> list[str]:
    return pdfjs_many([path])[path]


def pdfminer(path: Path) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    return ["".join(el.get_text() for el in page if isinstance(el, LTTextContainer))
            for page in extract_pages(str(path))]


def pdfplumber(path: Path) -> list[str]:
    import pdfplumber as _pdfplumber

    with _pdfplumber.open(str(path)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


#: The readers that must read saraban's text layer exactly (the test matrix).
EXACT: dict[str, Callable[[Path], list[str]]] = {
    "pdftotext": pdftotext, "pypdf": pypdf, "pdfium": pdfium, "mupdf": mupdf, "pdfjs": pdfjs,
}
#: The readers that ignore ActualText and rebuild lines from glyph positions (measured, reported).
POSITIONAL: dict[str, Callable[[Path], list[str]]] = {"pdfminer": pdfminer, "pdfplumber": pdfplumber}


# -- the documents they read ----------------------------------------------------------------------
FIXTURES = Path(__file__).parent / "fixtures"
#: Hard clusters and mixed text written for the text-layer checks, blank-line separated.
TEXTLAYER_CORPUS = [p.strip() for p in (FIXTURES / "thai-textlayer.txt").read_text(encoding="utf-8").split("\n\n")
                    if p.strip()]
#: Words a reader's Find must locate (MuPDF ``search_for``): each occurs in TEXTLAYER_CORPUS.
SEARCH_WORDS = ("น้ำท่วม", "อำเภอ", "ศักดิ์สิทธิ์", "ผู้ว่าราชการ", "ค่ำ", "ซ้ำ", "ฤๅษี", "ปั้น", "ก้ำกึ่ง",
                "กระหน่ำ", "ร่ำรวย")
#: Family of TH SarabunIT๙, used when installed (offices have it; it may not be redistributed).
SARABUN_IT = "TH SarabunIT๙"


def render(path: Path, typesetter, family: str, paragraphs: Sequence[str], size: float = 16,
           width: float = 453.5, tagged: bool = True) -> None:
    """Set ``paragraphs`` in ``family`` on A4 pages (thai-distributed, as letters are) and save
    — tagged as saraban writes every document (each paragraph a ``P``), or not."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from saraban.pdf.tags import Elem, TaggedCanvas, finish, mark
    from saraban.thai.flowable import draw_paragraph
    from saraban.thai.layout import ParagraphStyle
    from saraban.thai.shape import TextStyle

    style = ParagraphStyle(TextStyle(family=family, size=size), align="thai-distributed", first_indent=70)
    buffer = io.BytesIO()
    canvas = (TaggedCanvas if tagged else Canvas)(buffer, pagesize=A4, invariant=1)
    top = A4[1] - 70
    for k, text in enumerate(paragraphs):
        layout = typesetter.layout(text, style, width)
        if top - layout.height < 60:
            canvas.showPage()
            top = A4[1] - 70
        with mark(canvas, (Elem("P", k),)):
            top = draw_paragraph(canvas, layout, 85.0, top) - 10
    canvas.save()
    path.write_bytes(finish(canvas, buffer.getvalue()))
