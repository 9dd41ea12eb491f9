"""Helpers shared by the tests (import as ``from helpers import ...``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
LAKSAMAN = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
FAMILIES = ("Sarabun", "Laksaman", "Laksaman PUA")
#: Paragraphs of government prose and stress cases, blank-line separated.
CORPUS = [p.strip() for p in (FIXTURES / "thai-corpus.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]

def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pypdf_text(path: Path) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def text_lines(extracted: str) -> list[str]:
    """Extracted text as a list of non-empty lines (page breaks and blank lines dropped)."""
    return [ln for ln in extracted.replace("\f", "\n").split("\n") if ln.strip()]
