"""Benchmark: how exactly each PDF reader reads saraban's Thai text layer back.

    python benchmarks/extract.py [--families Sarabun,Laksaman,...] [--readers pdfminer,pdfplumber]

Sets the text-layer corpus (tests/fixtures/thai-textlayer.txt) and the general Thai corpus
(tests/fixtures/thai-corpus.txt) in each family and prints, per reader and family, the share of the
text read back right (whitespace removed, NFC, Thai digits mapped; see tests/readers.py), the
number of control / private-use characters in what it read, and for MuPDF how many of the search
words its Find locates.  The exact readers (pdftotext, pypdf, PDFium, MuPDF, pdf.js) are held to
100 % by tests/thai/test_textlayer.py; pdfminer.six and pdfplumber, which ignore ActualText and
rebuild lines from glyph positions, are measured here.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import readers  # noqa: E402  (tests/readers.py)
from conftest import pua_font_dir  # noqa: E402  (the PUA stand-in for TH SarabunIT๙)

from saraban.thai.fonts import FontLibrary  # noqa: E402
from saraban.thai.layout import Typesetter  # noqa: E402

DEFAULT_FAMILIES = ("Sarabun", "Laksaman", "Laksaman PUA", readers.SARABUN_IT)


def corpus() -> list[str]:
    general = [p.strip() for p in (readers.FIXTURES / "thai-corpus.txt").read_text(encoding="utf-8").split("\n\n")
               if p.strip()]
    return readers.TEXTLAYER_CORPUS + general


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--families", default=",".join(DEFAULT_FAMILIES))
    ap.add_argument("--readers", default=",".join([*readers.EXACT, *readers.POSITIONAL]))
    args = ap.parse_args()
    library = FontLibrary([pua_font_dir()])
    typesetter = Typesetter(library)
    families = [f for f in args.families.split(",") if f]
    paragraphs = corpus()
    expected = "".join(paragraphs)
    chosen = {**readers.EXACT, **readers.POSITIONAL}
    names = [n for n in args.readers.split(",") if n in chosen]
    folder = Path(tempfile.mkdtemp(prefix="saraban-extract-"))
    pdfs = {}
    for family in families:
        try:
            library.family(family)
        except Exception:
            print(f"{family}: not installed, skipped")
            continue
        pdfs[family] = folder / (family.replace(" ", "-") + ".pdf")
        readers.render(pdfs[family], typesetter, family, paragraphs)
    js = readers.pdfjs_many(list(pdfs.values())) if "pdfjs" in names and readers.pdfjs_available() else {}
    print("per reader and family: text read right %, control/private-use characters, spaces inside a syllable")
    print(f"{'reader':12}" + "".join(f"{f:>18}" for f in pdfs))
    for name in names:
        cells = []
        for family, pdf in pdfs.items():
            if name == "pdfjs":
                if pdf not in js:
                    cells.append("n/a")
                    continue
                pages = js[pdf]
            else:
                pages = chosen[name](pdf)
            got = "".join(pages)
            bad = len(readers.FORBIDDEN.findall(got))
            split = len(readers.SPACE_IN_SYLLABLE.findall(got))
            cells.append(f"{100 * readers.accuracy(expected, got):6.2f} % {bad:3d} {split:3d}")
        print(f"{name:12}" + "".join(f"{c:>18}" for c in cells))
    for family, pdf in pdfs.items():
        found = readers.mupdf_search(pdf, readers.SEARCH_WORDS)
        missing = [w for w, n in found.items() if not n]
        print(f"MuPDF search_for, {family}: {len(found) - len(missing)}/{len(found)} words found"
              + (f"; not found: {' '.join(missing)}" if missing else ""))


if __name__ == "__main__":
    main()
