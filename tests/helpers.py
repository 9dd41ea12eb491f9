"""Helpers shared by the tests (import as ``from helpers import ...``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
LAKSAMAN = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
FAMILIES = ("Sarabun", "Laksaman", "Laksaman PUA", "Laksaman 2048")
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


# -- letters ------------------------------------------------------------------------------------
import re as _re
import shutil as _shutil

CM = 72 / 2.54
#: The seed letter without its merge, with a neutral stand-in emblem (tests/fixtures).
SEED_SPEC = FIXTURES / "letters-seed.toml"
EXAMPLE_LETTER = Path(__file__).parent.parent / "letters" / "dla-lpa-2563" / "letter.toml"


def letter_variant(folder: Path, replace: dict[str, str] | None = None, append: str = "",
                   name: str = "letter.toml") -> Path:
    """Write the seed spec, with text replaced, into ``folder`` (beside the emblem it names)."""
    text = SEED_SPEC.read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    _shutil.copy(FIXTURES / "letters-emblem.png", folder / "letters-emblem.png")
    path = folder / name
    path.write_text(text + append, encoding="utf-8")
    return path


def squash(text: str) -> str:
    """Runs of white space (no-break spaces included) as one space: extractors collapse them."""
    return _re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def plan_page_lines(page) -> list[str]:
    """The text lines a page plan puts on paper, top to bottom, items on one baseline joined."""
    from saraban.letters.plan import TextLines

    rows: dict[float, list[tuple[float, str]]] = {}
    for item in page.items:
        if isinstance(item, TextLines):
            for line, base in zip(item.lines, item.baselines):
                key = round(base, 1)
                rows.setdefault(key, []).append((item.x + line.x, item.layout.line_text(line)))
    return [squash(" ".join(t for _, t in sorted(rows[k]))) for k in sorted(rows, reverse=True)]


def pdftotext_pages(path: Path, raw: bool = True) -> list[list[str]]:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-raw"] if raw else []) + [str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [[squash(ln) for ln in page.split("\n") if ln.strip()] for page in pages]


def pdf_lines(path: Path, page_number: int = 1) -> list[dict]:
    """Lines of a PDF page read back with pdfplumber: text, baseline and x extent in cm from the
    top-left of the paper, and the fill colour."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[page_number - 1]
        height = page.height
        rows: dict[float, list[dict]] = {}
        for ch in page.chars:
            rows.setdefault(round(ch["matrix"][5], 1), []).append(ch)
    out = []
    for base in sorted(rows, reverse=True):
        chars = rows[base]  # content-stream order: marks stay after their bases
        # runs separated by a wide gap are separate items (the ที่ line and the owner block)
        groups = [[chars[0]]]
        for ch in chars[1:]:
            if abs(ch["x0"] - groups[-1][-1]["x1"]) > 1.0 * CM:
                groups.append([])
            groups[-1].append(ch)
        for g in groups:
            out.append({"text": "".join(c["text"] for c in g), "baseline": (height - base) / CM,
                        "x0": min(c["x0"] for c in g) / CM, "x1": max(c["x1"] for c in g) / CM,
                        "color": g[0].get("non_stroking_color"), "size": g[0]["size"]})
    return out


def find_line(lines: list[dict], prefix: str) -> dict:
    for line in lines:
        if squash(line["text"]).startswith(squash(prefix)):
            return line
    raise AssertionError(f"no line starts with {prefix!r}: {[l['text'][:30] for l in lines]}")


def page_count(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(str(path)).pages)


#: Share of pixels allowed to differ from a reviewed image (anti-aliasing noise between poppler
#: builds).
MAX_DIFF_SHARE = 0.002


def assert_matches_image(png: Path, golden: Path) -> None:
    """Compare a rendered page with a reviewed reference image; SARABAN_UPDATE_GOLDEN=1 replaces
    the reference (look at the new picture before committing it)."""
    import os

    from PIL import Image, ImageChops

    if os.environ.get("SARABAN_UPDATE_GOLDEN"):
        golden.write_bytes(png.read_bytes())
    a, b = Image.open(png).convert("L"), Image.open(golden).convert("L")
    assert a.size == b.size
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 64 else 0)
    assert diff.histogram()[255] / (a.size[0] * a.size[1]) <= MAX_DIFF_SHARE


def assert_layout_log(spec: Path, golden_name: str) -> None:
    """The layout log of the letter ``spec`` equals the reviewed ``GOLDEN / golden_name``
    (regenerate with SARABAN_UPDATE_GOLDEN=1 and review again before committing)."""
    import os
    import warnings

    from saraban.letters.build import compose_letters, typesetter_for
    from saraban.letters.layout import EmblemWarning, LetterComposer
    from saraban.letters.spec import load_spec

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmblemWarning)
        loaded = load_spec(spec)
        _, [plan], _ = compose_letters(loaded, LetterComposer(typesetter_for(loaded)))
    log = plan.dump()
    path = GOLDEN / golden_name
    if os.environ.get("SARABAN_UPDATE_GOLDEN"):
        path.write_text(log, encoding="utf-8")
    assert log == path.read_text(encoding="utf-8")


def prepared_example(spec: Path, folder: Path) -> Path:
    """A shipped example under letters/ copied into ``folder`` as it sits in the repository (the
    data folder beside it), with the enclosures its own script makes (dla-lao-count-2564) made."""
    import importlib.util

    repo = Path(__file__).parent.parent
    target = folder / "letters" / spec.parent.name
    _shutil.copytree(spec.parent, target, ignore=_shutil.ignore_patterns("enclosures", "__pycache__"))
    if not (folder / "data").exists():
        _shutil.copytree(repo / "data", folder / "data")
    script = target / "make_enclosures.py"
    if script.exists():
        loader = importlib.util.spec_from_file_location(f"make_enclosures_{spec.parent.name}", script)
        module = importlib.util.module_from_spec(loader)
        loader.loader.exec_module(module)
        module.main(target / "enclosures")
    return target / spec.name
