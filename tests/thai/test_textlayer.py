"""The extraction matrix: every reader people use gets the text of saraban's PDFs back exactly.

Readers (tests/readers.py): pdftotext (poppler), pypdf, PDFium (``pypdfium2``: Chrome, Edge),
MuPDF (``pymupdf``) and pdf.js (``pdfjs-dist`` under node: Firefox and most web viewers) × fonts
(Sarabun, Laksaman, Laksaman PUA — the stand-in for TH SarabunIT๙'s private-use marks — and TH
SarabunIT๙ itself when installed) × the text-layer corpus (hard clusters: น้ำ ที่ ปั้น ผู้ว่า ฤๅษี
ศักดิ์สิทธิ์ ญู ฐู, ำ after tone marks, ๆ ฯ, Latin and digits) and the general Thai corpus.  Compared
with whitespace removed, NFC, Thai digits mapped; no control, private-use or dotted-circle
character, and no space inside a syllable.  pdfminer.six and pdfplumber are measured by
benchmarks/extract.py.
"""

from __future__ import annotations

import io
import json
import re
import subprocess

import pytest

import readers
from helpers import CORPUS

FAMILIES = ("Sarabun", "Laksaman", "Laksaman PUA", readers.SARABUN_IT)
PARAGRAPHS = readers.TEXTLAYER_CORPUS + CORPUS


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, library, typesetter):
    """The corpus set in each installed family: family → PDF path."""
    folder = tmp_path_factory.mktemp("textlayer")
    out = {}
    for family in FAMILIES:
        try:
            library.family(family)
        except Exception:
            continue
        out[family] = folder / (family.replace(" ", "-") + ".pdf")
        readers.render(out[family], typesetter, family, PARAGRAPHS)
    return out


@pytest.fixture(scope="module")
def pdfjs_pages(pdfs):
    """pdf.js's pages of every PDF, read in one node process."""
    if not readers.pdfjs_available():
        pytest.fail("pdf.js is missing: run `npm ci` in tests/js (node and pdfjs-dist; .ci/run does it)")
    return readers.pdfjs_many(list(pdfs.values()))


def pdf_for(pdfs, family):
    if family not in pdfs:
        pytest.skip(f"{family} is not installed (offices have it; put its .ttf files in a fonts/ folder "
                    f"or $SARABAN_FONT_PATH to include it)")
    return pdfs[family]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("reader", list(readers.EXACT))
def test_reader_extracts_text_exactly(pdfs, pdfjs_pages, reader, family):
    pdf = pdf_for(pdfs, family)
    pages = pdfjs_pages[pdf] if reader == "pdfjs" else readers.EXACT[reader](pdf)
    got = "".join(pages)
    assert readers.canonical(got) == readers.canonical("".join(PARAGRAPHS)), \
        f"{reader} reads {100 * readers.accuracy(''.join(PARAGRAPHS), got):.2f} % of {family}"
    assert not readers.FORBIDDEN.findall(got)
    assert not readers.SPACE_IN_SYLLABLE.findall(got)


@pytest.fixture(scope="module")
def untagged(tmp_path_factory, typesetter):
    """The corpus in Sarabun without marked content or structure tree."""
    pdf = tmp_path_factory.mktemp("untagged") / "untagged.pdf"
    readers.render(pdf, typesetter, "Sarabun", PARAGRAPHS, tagged=False)
    return pdf


@pytest.mark.parametrize("reader", list(readers.EXACT))
def test_tagging_changes_no_extracted_character(pdfs, untagged, reader):
    """The matrix reads tagged PDFs (as saraban writes them); the same text untagged gives each
    reader exactly the same characters, page by page."""
    tagged = pdfs["Sarabun"]
    if reader == "pdfjs":
        both = readers.pdfjs_many([tagged, untagged])
        assert both[tagged] == both[untagged]
    else:
        assert readers.EXACT[reader](tagged) == readers.EXACT[reader](untagged)


@pytest.mark.parametrize("family", FAMILIES)
def test_mupdf_find_locates_every_word(pdfs, family):
    found = readers.mupdf_search(pdf_for(pdfs, family), readers.SEARCH_WORDS)
    assert [w for w, n in found.items() if n == 0] == []
    assert all(w in "".join(readers.TEXTLAYER_CORPUS) for w in readers.SEARCH_WORDS)


# -- how the text layer is written ----------------------------------------------------------------
def _fonts(pdf):
    import pypdf

    reader = pypdf.PdfReader(str(pdf))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type0":
                yield page, font


@pytest.mark.parametrize("family", ["Sarabun", "Laksaman"])
def test_every_glyph_maps_to_text_without_actualtext_or_rise(tmp_path, typesetter, family):
    pdf = tmp_path / "am.pdf"
    readers.render(pdf, typesetter, family, ["น้ำ ซ้ำ ค่ำ อำเภอ ดิ์ ปั้น ที่ ญู ฐู ฤๅษี ๆ ฯ"])
    for page, font in _fonts(pdf):
        cmap = font["/ToUnicode"].get_object().get_data().decode()
        entries = re.findall(r"<([0-9A-F]{4})> <([0-9A-F]*)>", cmap)
        assert entries and all(text for _, text in entries), "a glyph with an empty mapping"
        content = page.get_contents().get_data().decode("latin-1")
        assert "ActualText" not in content and " Ts" not in content


def test_cluster_glyph_is_harfbuzz_glyphs_at_harfbuzz_places(tmp_path, typesetter, library):
    """น้ำ is one glyph in the PDF, mapped to น้ำ, made of the glyphs HarfBuzz chose, each at the
    pen position plus the offset HarfBuzz gave it: the outlines drawn are the shaped ones."""
    from fontTools.ttLib import TTFont

    from saraban.thai.shape import Shaper, StyledRange, TextStyle

    word = "น้ำ"
    pdf = tmp_path / "nam.pdf"
    readers.render(pdf, typesetter, "Laksaman", [word])
    shaped = Shaper(library).shape(word, [StyledRange(0, len(word), TextStyle(family="Laksaman"))])
    run = shaped.runs[0]
    assert len(run.gids) == 4  # น, nikhahit, mai tho, sara aa: HarfBuzz decomposed sara am
    pen, want = 0, []
    for gid, adv, x, y in zip(run.gids, run.advances, run.x_offsets, run.y_offsets):
        want.append((gid, pen + x, y))
        pen += adv
    (_, font), = _fonts(pdf)
    descendant = font["/DescendantFonts"][0].get_object()
    program = TTFont(io.BytesIO(descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
    cid_to_gid = descendant["/CIDToGIDMap"].get_object().get_data()
    cmap = font["/ToUnicode"].get_object().get_data().decode()
    cid = next(int(c, 16) for c, t in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]*)>", cmap)
               if bytes.fromhex(t).decode("utf-16-be") == word)
    gid = int.from_bytes(cid_to_gid[2 * cid:2 * cid + 2], "big")
    order = program.getGlyphOrder()
    glyph = program["glyf"][order[gid]]
    assert glyph.isComposite()
    assert [(order.index(c.glyphName), c.x, c.y) for c in glyph.components] == want
    assert program["hmtx"][order[gid]][0] == pen


def test_output_stays_deterministic(tmp_path, typesetter):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for pdf in (a, b):
        readers.render(pdf, typesetter, "Laksaman", readers.TEXTLAYER_CORPUS[:2])
    assert a.read_bytes() == b.read_bytes()


# -- tests/js/pdftext.mjs ---------------------------------------------------------------------------
def test_pdfjs_script_reports_items_and_structure(pdfs, pdfjs_pages):
    out = subprocess.run(["node", str(readers.PDFTEXT_JS), "--items", "--struct", str(pdfs["Sarabun"])],
                         check=True, capture_output=True, text=True).stdout
    doc = json.loads(out)
    page = doc["pages"][0]
    assert doc["file"] == str(pdfs["Sarabun"]) and page["number"] == 1
    assert "".join(item["str"] + ("\n" if item["hasEOL"] else "") for item in page["items"]) == page["text"]
    assert all(item["y"] > 0 and item["fontName"] for item in page["items"] if item["str"].strip())
    assert [kid["role"] for kid in page["structTree"]["children"][0]["children"]][:2] == ["P", "P"]


def test_pdfjs_script_names_the_file_it_cannot_read(tmp_path, pdfjs_pages):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf")
    proc = subprocess.run(["node", str(readers.PDFTEXT_JS), str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1 and str(bad) in proc.stderr and proc.stdout == ""


def test_font_program_does_not_depend_on_the_clock(library):
    """fontTools stamps a saved font with the current time unless told not to."""
    import time

    from saraban.thai import fontprogram

    face = library.family("Laksaman").face("regular")
    program = fontprogram.subset(face.path, face.data, (243, 292, 311, 315))
    glyphs = [(((243, 0, 0), (315, 580, 0), (311, 601, 0), (292, 580, 0)), 1055)]
    first = fontprogram.with_cluster_glyphs(program, len(face.advances), glyphs)
    time.sleep(1.1)
    assert fontprogram.with_cluster_glyphs(program, len(face.advances), glyphs) == first


@pytest.mark.parametrize("family", ["Sarabun", "Laksaman", "Laksaman 2048"])
def test_cluster_glyphs_written_into_the_tables_read_back_with_fonttools(library, family):
    """fontprogram writes glyf/loca/hmtx/maxp itself; fontTools reads every new glyph back with
    its components, a stored box equal to the one it computes, the advance, maxp limits equal to
    a full recomputation, and a whole-font checksum of 0xB1B0AFBA."""
    import random
    import struct

    from fontTools.ttLib import TTFont

    from saraban.thai import fontprogram

    face = library.family(family).face("regular")
    rnd = random.Random(2567)
    pool = sorted(set(face.cmap.values()))[:300]
    if family == "Sarabun":
        pool += [761, 762]  # composites of nikhahit and a small tone mark: depth 2
    glyphs = [(tuple((rnd.choice(pool), rnd.randint(-300, 1500), rnd.randint(-200, 300))
                     for _ in range(rnd.randint(1, 4))), rnd.randint(0, 2000)) for _ in range(80)]
    gids = tuple(sorted({g for c, _ in glyphs for g, _, _ in c}))
    first = len(face.advances)
    program = fontprogram.with_cluster_glyphs(fontprogram.subset(face.path, face.data, gids), first, glyphs)
    padded = program + b"\0" * (-len(program) % 4)
    assert sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF == 0xB1B0AFBA
    font = TTFont(io.BytesIO(program))
    order = font.getGlyphOrder()
    assert len(order) == first + len(glyphs)
    glyf, hmtx = font["glyf"], font["hmtx"]
    for n, (components, advance) in enumerate(glyphs):
        glyph = glyf[order[first + n]]
        assert [(order.index(c.glyphName), c.x, c.y) for c in glyph.components] == list(components)
        stored = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)
        glyph.recalcBounds(glyf)
        assert stored == (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)
        assert hmtx[order[first + n]] == (advance, glyph.xMin)
    maxp = font["maxp"]
    written = [maxp.maxCompositePoints, maxp.maxCompositeContours, maxp.maxComponentElements]
    maxp.recalc(font)
    assert written == [maxp.maxCompositePoints, maxp.maxCompositeContours, maxp.maxComponentElements]
