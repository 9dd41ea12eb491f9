"""English inside Thai text is marked with its language (PDF/UA: the natural language of all
text): a ``Span`` structure element with ``/Lang en`` around each stretch of English on a line —
from its first Latin letter to its last, with what is attached to it (the rest of an address), the
brackets around it left in the Thai paragraph — read back by pdf.js (``getStructTree``), while
every reader extracts the same text as from the file without the marks."""

from __future__ import annotations

import io

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

import readers
import structure
from saraban.thai.draw import LANG_BEGIN, LANG_END, draw_line, language_marks
from saraban.thai.flowable import default_typesetter
from saraban.thai.layout import ParagraphStyle
from saraban.thai.shape import TextStyle

MIXED = ("กรมประเมินองค์กรปกครองส่วนท้องถิ่น (Local Performance Assessment: LPA) ทุกปี "
         "ดูได้ที่ https://www.dla.go.th/lpa/satisfaction/2563, หรือ saraban@dla.go.th ๒๕๖๓")
ENGLISH = ["Local Performance Assessment: LPA", "https://www.dla.go.th/lpa/satisfaction/2563",
           "saraban@dla.go.th"]


def _english_on_lines(text: str, width: float) -> list[str]:
    """The English stretches language_marks finds, line by line, as text."""
    layout = default_typesetter().layout_cached(text, ParagraphStyle(TextStyle(size=16)), width)
    found = []
    for line in layout.lines:
        clusters = [run.text[s:e] for run in line.runs for s, e in zip(run.starts, run.ends)]
        marks = language_marks(line.runs) or {}
        start = None
        for index in range(len(clusters) + 1):
            mark = marks.get(index)
            if mark == LANG_BEGIN:
                start = index
            elif mark == LANG_END:
                found.append("".join(clusters[start:index]))
    return found


def test_english_stretches_on_one_line():
    assert _english_on_lines(MIXED, 2000.0) == ENGLISH


def test_a_stretch_broken_over_lines_is_marked_on_each():
    found = _english_on_lines(MIXED, 160.0)
    assert "".join(found).replace(" ", "") == "".join(ENGLISH).replace(" ", "")
    assert len(found) > len(ENGLISH)


def test_thai_only_lines_have_no_marks():
    layout = default_typesetter().layout_cached("ผู้ว่าราชการจังหวัด ๑๒๓ (๔๕) 2563", ParagraphStyle(TextStyle()), 900)
    assert all(language_marks(line.runs) is None for line in layout.lines)


def test_an_untagged_canvas_gets_no_marked_content():
    layout = default_typesetter().layout_cached(MIXED, ParagraphStyle(TextStyle()), 2000.0)
    canvas = Canvas(io.BytesIO())
    draw_line(canvas, 0, 0, layout.lines[0].runs)
    code = " ".join(canvas._code)
    assert "BDC" not in code and "\x01" not in code and "\x02" not in code


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from saraban.cli import main

    folder = tmp_path_factory.mktemp("lang")
    (folder / "in.txt").write_text(MIXED + "\n\nย่อหน้าที่สองไม่มีภาษาอังกฤษ\n", encoding="utf-8")
    assert main(["thai", "render", str(folder / "in.txt"), "-o", str(folder / "out.pdf")]) == 0
    return folder / "out.pdf"


def test_pdfjs_reads_spans_with_lang_en(rendered):
    [page] = structure.pdfjs_pages(rendered)
    text = structure.texts_by_id([page])

    def spans(node):
        for child in node.get("children", []):
            if "role" in child:
                if child["role"] == "Span":
                    yield child
                yield from spans(child)

    found = list(spans(page.struct))
    assert found and all(s.get("lang") == "en" for s in found)
    said = " ".join(structure.squash("".join(text[c["id"]] for c in s["children"])) for s in found)
    assert said.replace(" ", "") == "".join(ENGLISH).replace(" ", "")
    assert structure.problems(rendered) == []
    with pikepdf.open(rendered) as pdf:
        assert str(pdf.Root.Lang) == "th-TH"   # the rest of the document is Thai


def test_marks_change_no_extracted_character(rendered, tmp_path, monkeypatch):
    """The same file drawn without the language marks (the canvas offers no switch_language):
    pdftotext, PDFium, pypdf, MuPDF and pdf.js read the same text from both."""
    from saraban.cli import main
    from saraban.pdf.tags import TaggedCanvas

    monkeypatch.delattr(TaggedCanvas, "switch_language")
    plain = tmp_path / "plain.pdf"
    assert main(["thai", "render", str(rendered.parent / "in.txt"), "-o", str(plain)]) == 0
    with pikepdf.open(plain) as pdf:
        assert not any(str(e.S) == "/Span" for _, e, _ in structure.walk(pdf))
    readings = [readers.pdftotext, readers.pdfium, readers.pypdf, readers.mupdf]
    if readers.pdfjs_available():
        readings.append(readers.pdfjs)
    for read in readings:
        assert read(rendered) == read(plain), read.__name__
