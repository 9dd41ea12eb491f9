"""Helpers of the Word-writer tests: building the examples as PDF and DOCX, LibreOffice with
Sarabun installed for it (a fontconfig file naming the Sarabun package's files), and reading text
lines with their positions from a PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from saraban.letters.build import build_letters
from saraban.letters.layout import EmblemWarning

REPO = Path(__file__).resolve().parents[2]
MEMO_SPEC = REPO / "letters" / "memo-lpa" / "memo.toml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CM = 72 / 2.54

#: A memo whose body has nested items, emphasis and a table (what bodies support, in Word too).
BODY_SPEC = """kind = "memo"
number = "มท 0810.7/1251"
date = 2021-11-22
subject = "รายงานจำนวนองค์กรปกครองส่วนท้องถิ่นที่ประเมิน"
recipient = "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น"
owner = { name = "กองพัฒนาและส่งเสริมการบริหารงานท้องถิ่น" }
signatory = { name = "นายอานนท์ เพชรหนู", position = ["นักวิเคราะห์นโยบายและแผนชำนาญการ"] }
body = \"\"\"
กลุ่มงานฯ ขอรายงานผลการประเมิน ดังนี้

1. องค์กรที่ประเมิน *ครบทุกแห่ง* แล้ว
   1.1 เทศบาล **ส่งครบ**
   1.2 องค์การบริหารส่วนตำบล <u>ส่งครบ</u>
2. จำนวนตามจังหวัด ดังตาราง

| จังหวัด | จำนวนแห่ง |
|---|---:|
| เชียงใหม่ | 211 |
| น่าน | 99 |

จึงเรียนมาเพื่อโปรดทราบ
\"\"\"
"""

#: The styles of Sarabun the conversion needs (the package also has the other weights).
SARABUN_FILES = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-Italic.ttf", "Sarabun-BoldItalic.ttf")

#: LibreOffice converts many files in one start; a start takes several seconds.
SOFFICE_TIMEOUT = 600


def certificate_with_photo(folder: Path) -> Path:
    """The certificate example with a photo of the person certified (a stand-in picture)."""
    example = REPO / "letters" / "certificate-lpa-assessor"
    shutil.copytree(example, folder)
    shutil.copy(REPO / "tests" / "fixtures" / "letters-emblem.png", folder / "photo.png")
    spec = folder / "certificate.toml"
    text = spec.read_text(encoding="utf-8")
    assert 'kind = "certificate"' in text
    spec.write_text(text.replace('kind = "certificate"', 'kind = "certificate"\nphoto = "photo.png"'), encoding="utf-8")
    return spec


def build(spec: Path, output: Path, fmt: str | None = None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmblemWarning)
        return build_letters(spec, output, format=fmt)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig_for_sarabun(folder: Path) -> Path:
    """A fontconfig file that adds the Sarabun package's four styles to the system's fonts:
    LibreOffice then sets the DOCX's "Sarabun" as saraban does."""
    import fontpkg_sarabun

    fonts = folder / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for name in SARABUN_FILES:
        shutil.copy(Path(fontpkg_sarabun.ROOT) / "files" / name, fonts / name)
    conf = folder / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{folder / 'cache'}</cachedir>
</fontconfig>
""", encoding="utf-8")
    return conf


def convert(docx_files: list[Path], out: Path, work: Path) -> None:
    """Convert the files to PDF into ``out`` with one LibreOffice start (its own profile)."""
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_for_sarabun(work / "fontconfig")),
               HOME=str(work / "home"))
    profile = (work / "profile").as_uri()
    subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, docx_files)],
                   check=True, capture_output=True, env=env, timeout=SOFFICE_TIMEOUT)
    for f in docx_files:
        if not (out / f"{f.stem}.pdf").exists():
            raise AssertionError(f"LibreOffice did not convert {f.name}")


# -- text --------------------------------------------------------------------------------------
def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdftotext_around(path: Path, box: tuple[float, float, float, float]) -> str:
    """The text of page 1 without what lies in ``box`` (points; the seal, whose names the PDF
    shapes along its arcs): the parts above it, right of it and below it, then the other pages."""
    import pypdf

    x0, top, x1, bottom = box
    page = pypdf.PdfReader(str(path)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)

    def crop(x, y, w, h, first=1, last=1):
        return subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(first), "-l", str(last), "-r", "72",
                               "-x", str(round(x)), "-y", str(round(y)), "-W", str(round(w)), "-H", str(round(h)),
                               str(path), "-"], check=True, capture_output=True, text=True).stdout

    rest = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "2", str(path), "-"],
                          capture_output=True, text=True).stdout
    return (crop(0, 0, width, top) + crop(x1, top, width - x1, bottom - top)
            + crop(0, bottom, width, height - bottom) + rest)


#: What the PDF prints and Word does not, or the other way round (docs/docx.md says why): the
#: continuation mark "/คำต่อ…", page numbers (LibreOffice writes Word's Thai page numbers in Arabic
#: digits), dotted leaders (a drawing in the PDF, tab leaders in Word).
_PDF_ONLY = re.compile(r"/[^\s/][^/\n]*?…")   # "/คำต่อ…", "/ข้อ ๗…" (a unit with its number)
_PAGE_NUMBER = re.compile(r"-\s*[0-9๐-๙]+\s*-")
_LEADERS = re.compile(r"\.{3,}|…{2,}")


def comparable(text: str) -> str:
    text = _PDF_ONLY.sub("", text)
    text = _PAGE_NUMBER.sub("", text)
    text = _LEADERS.sub("", text)
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


def split_marks(text: str) -> tuple[str, list[str]]:
    """The text without combining marks, and the marks sorted: extractors may hang a Thai tone
    mark on the neighbouring cluster of LibreOffice's output, never lose or add one."""
    base = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    return base, sorted(c for c in text if unicodedata.category(c).startswith("M"))


# -- positions -----------------------------------------------------------------------------------
def bare(text: str) -> str:
    """``text`` without spaces and combining marks (where extractors differ)."""
    # LibreOffice draws sara am as nikhahit + sara aa and maps them to "ำ" and "า" (or leaves
    # the second glyph unmapped, "(cid:3)" to pdfplumber): read as one
    text = re.sub(r"\(cid:\d+\)", "", text).replace("\u0e33\u0e32", "\u0e33")
    return "".join(c for c in text if not c.isspace() and not unicodedata.category(c).startswith("M"))


@dataclass(frozen=True)
class Line:
    page: int
    baseline: float          # cm from the top of the paper
    chars: tuple             # (text, x cm) of every base character (no spaces, no marks), left to right

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)

    def x_of(self, needle: str) -> float:
        index = self.text.index(bare(needle))
        return self.chars[index][1]


#: The stamped letter's seal is 4.5 cm across (the regulation's): a circle or picture of about
#: that size on page 1 is the seal.
SEAL_CM = 4.5


def seal_box(path: Path) -> tuple[float, float, float, float] | None:
    """(x0, top, x1, bottom), points, of the seal on page 1: saraban's outer circle (a curve) or
    the DOCX's picture; None when the page has no seal."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[0]
        for obj in list(page.curves) + list(page.images):
            if abs(obj["x1"] - obj["x0"] - SEAL_CM * CM) < 0.1 * CM and abs(obj["bottom"] - obj["top"] - SEAL_CM * CM) < 0.1 * CM:
                return obj["x0"], obj["top"], obj["x1"], obj["bottom"]
    return None


def pdf_lines(path: Path, without: tuple[float, float, float, float] | None = None) -> list[Line]:
    """Text lines of every page, top to bottom: characters grouped by baseline; characters inside
    ``without`` on page 1 (the seal's box, its names shaped along its arcs) are left out."""
    import pdfplumber

    out = []
    with pdfplumber.open(str(path)) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            rows: dict[float, list] = {}
            for ch in page.chars:
                if not bare(ch["text"]):
                    continue
                if without is not None and n == 1 and without[0] <= (ch["x0"] + ch["x1"]) / 2 <= without[2] \
                        and without[1] <= (ch["top"] + ch["bottom"]) / 2 <= without[3]:
                    continue
                base = page.height - ch["matrix"][5]
                key = next((k for k in rows if abs(k - base) < 2.0), base)
                rows.setdefault(key, []).append((ch["x0"], ch["text"]))
            for base in sorted(rows):
                # a glyph may stand for a cluster of characters: each gets the glyph's x
                chars: list = []
                for x, t in sorted(rows[base], key=lambda c: c[0]):
                    for c in bare(t):
                        if not (c == "\u0e32" and chars and chars[-1][0] == "\u0e33"):
                            chars.append((c, x / CM))
                out.append(Line(n, base / CM, tuple(chars)))
    return out


def find_line(lines: list[Line], needle: str, page: int | None = None, last: bool = False) -> Line:
    """The first (``last``: the last) line that contains ``needle`` (spaces ignored)."""
    for line in (reversed(lines) if last else lines):
        if bare(needle) in line.text and (page is None or line.page == page):
            return line
    raise AssertionError(f"no line with {needle!r}")


# -- the package -------------------------------------------------------------------------------
def part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


#: Form keys changed from the external form's defaults: the DOCX must follow the form data, not
#: numbers of its own (checked in the DOCX's styles and against LibreOffice's rendering).
FORM_OVERRIDE = ('form = { page = { left = 2.5 }, body = { first_indent = 2.0, space_before_pt = 9 }, '
                 'date = { x = 11.0 }, closing = { x = 10.5 }, signature = { axis = 12.0 } }')


def form_override(folder: Path) -> Path:
    """The seed letter with :data:`FORM_OVERRIDE` in its spec."""
    from helpers import letter_variant

    return letter_variant(folder, {'kind = "external"': f'kind = "external"\n{FORM_OVERRIDE}'})
