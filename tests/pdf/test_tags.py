"""saraban.pdf.tags on its own: marked content recorded on a canvas, the tree appended to the
saved file (read back with pikepdf, pypdf and pdf.js), elements across pages, nesting, repeats,
Alt text in Thai, object streams for a large tree, deterministic bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdf
import pytest
from reportlab.pdfgen.canvas import Canvas

import structure
from saraban.pdf.document import set_language
from saraban.pdf.tags import (COMPACT_ELEMENTS, LAYOUT, Elem, TaggedCanvas, finish, mark, marker,
                              tagger_of)


def _draw(canvas, text: str, y: float) -> None:
    canvas.drawString(72, y, text)


def _build(path, cells: int = 0) -> bytes:
    buffer = io.BytesIO()
    canvas = TaggedCanvas(buffer, invariant=1)
    set_language(canvas, "th-TH")
    para = (Elem("P", "a"),)
    with mark(canvas, (Elem("H1", 0),)):
        _draw(canvas, "Heading", 800)
    with mark(canvas, para):
        _draw(canvas, "first line", 780)
        with mark(canvas, (Elem("P", "inner"),)):   # nested: belongs to the outer mark
            _draw(canvas, "inner", 770)
    with mark(canvas, (Elem("Figure", "f", alt="ตราครุฑ"),)):
        canvas.rect(72, 600, 100, 100, fill=1)
    with mark(canvas, LAYOUT):
        canvas.line(72, 590, 500, 590)
    canvas.showPage()
    with mark(canvas, para):                   # the paragraph goes on
        _draw(canvas, "second line", 780)
    table = (Elem("Table", 0),)
    header = table + (Elem("TR", 0), Elem("TH", 0, scope="Column"))
    with mark(canvas, header, repeat=True):
        _draw(canvas, "Head", 560)
    for k in range(cells):
        with mark(canvas, table + (Elem("TR", 1 + k // 3), Elem("TD", k % 3))):
            _draw(canvas, f"c{k}", 540 - (k // 3) % 40 * 12)
    canvas.showPage()
    with mark(canvas, header, repeat=True):   # the header again on page 3: an artifact
        _draw(canvas, "Head", 800)
    canvas.save()
    data = finish(canvas, buffer.getvalue())
    path.write_bytes(data)
    return data


def test_tree_read_back(tmp_path):
    pdf = tmp_path / "t.pdf"
    _build(pdf)
    assert structure.problems(pdf) == []
    assert structure.dump(pdf) == (
        "Document\n"
        "  H1: Heading\n"
        "  P: first line inner second line\n"
        '  Figure alt="ตราครุฑ"\n'
        "  Table\n"
        "    TR\n"
        "      TH scope=Column: Head\n")
    with pikepdf.open(pdf) as doc:
        [para] = [e for _, e, _ in structure.walk(doc) if e.S == "/P"]
        mcr = para.K[1]
        assert mcr.Type == "/MCR" and mcr.Pg.objgen == doc.pages[1].obj.objgen and para.Pg.objgen == doc.pages[0].obj.objgen
        assert doc.Root.MarkInfo.Marked is True and doc.Root.ViewerPreferences.DisplayDocTitle is True
        assert [int(p.obj.StructParents) for p in doc.pages[:2]] == [0, 1]
        assert "/StructParents" not in doc.pages[2].obj          # nothing but an artifact on it
        assert all(p.obj.Tabs == "/S" for p in doc.pages)
    assert len(pypdf.PdfReader(str(pdf), strict=True).pages) == 3


def test_pdfjs_reads_page_two_with_the_continued_paragraph(tmp_path):
    pdf = tmp_path / "t.pdf"
    _build(pdf)
    first, second, third = structure.pdfjs_pages(pdf)
    assert [run["tag"] for run in second.marked] == ["P", "TH"]
    assert [k["role"] for k in second.struct["children"][0]["children"]] == ["P", "Table"]
    assert [run["tag"] for run in third.marked] == ["Artifact"] and third.struct["children"] == []


def test_large_tree_goes_into_object_streams_and_bytes_repeat(tmp_path):
    a = _build(tmp_path / "a.pdf", cells=COMPACT_ELEMENTS)
    b = _build(tmp_path / "b.pdf", cells=COMPACT_ELEMENTS)
    assert a == b
    with pikepdf.open(tmp_path / "a.pdf") as doc:
        assert any(obj.get("/Type") == "/ObjStm" for obj in doc.objects if isinstance(obj, pikepdf.Stream))
        roles = [str(e.S) for _, e, _ in structure.walk(doc)]
    assert roles.count("/TD") == COMPACT_ELEMENTS
    assert structure.problems(tmp_path / "a.pdf") == []
    small = _build(tmp_path / "s.pdf")
    assert b"/ObjStm" not in small                        # a small tree stays as written


def test_untagged_canvas_is_left_alone():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    assert tagger_of(canvas) is None and marker(None) is None
    with mark(canvas, (Elem("P", 0),)):
        canvas.drawString(72, 700, "plain")
    canvas.save()
    data = buffer.getvalue()
    assert b"BDC" not in data and finish(canvas, data) is data


def test_unbalanced_nesting_is_not_written(tmp_path):
    buffer = io.BytesIO()
    canvas = TaggedCanvas(buffer, invariant=1)
    tagger = tagger_of(canvas)
    tagger.begin(canvas, (Elem("P", 0),))
    tagger.begin(canvas, LAYOUT)
    tagger.end(canvas)
    tagger.end(canvas)
    assert [c for c in canvas._code if "BDC" in c or c == "EMC"] == ["/P <</MCID 0>> BDC", "EMC"]


@pytest.mark.parametrize("text, written", [("en", "(en)"), ("ไทย", "<FEFF0E440E170E22>"), ("a(b)", "<FEFF0061002800620029>")])
def test_text_strings(text, written):
    from saraban.pdf.tags import _text

    assert _text(text) == written


def test_thai_render_is_tagged_one_paragraph_one_p(tmp_path):
    """``saraban thai render``: each paragraph of the text file a P, a paragraph that goes on
    onto the next page still one P."""
    from saraban.cli import main
    from saraban.commands.thai import paragraphs

    text = (tmp_path / "in.txt")
    sample = Path(__file__).parents[2] / "src" / "saraban" / "samples" / "thai-sample.txt"
    words = " ".join(sample.read_text(encoding="utf-8").split())
    text.write_text("\n\n".join([words[:300], " ".join([words] * 6), words[:200]]), encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert main(["thai", "render", str(text), "-o", str(out)]) == 0
    assert structure.problems(out) == []
    roles = structure.roles(out)
    # English words inside a paragraph are Spans of it (tests/pdf/test_languages.py), nothing else
    assert [r for r in roles if r != "    Span"] == ["Document"] + ["  P"] * len(paragraphs(text.read_text(encoding="utf-8")))
    with pikepdf.open(out) as doc:
        assert len(doc.pages) >= 2
        split = [e for _, e, ids in structure.walk(doc) if len({i.split("_")[0] for i in ids}) > 1]
    assert split, "no paragraph went on onto the next page"
