"""Stamped letters (หนังสือประทับตรา): the head without owner block or date, ถึง and the recipient,
the agency with its seal — two red circles of 4.5 and 3.5 cm, the names shaped along the arcs and
read back in order — the initials beside it, the date, the contact block; errors and the layout log."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from saraban.cli import main
from saraban.letters.build import build_letters
from saraban.letters.seal import INNER_DIAMETER, OUTER_DIAMETER, arc_texts, draw_seal
from saraban.thai.layout import Typesetter

from helpers import assert_layout_log, find_line, pdf_lines, pypdf_text

EXAMPLE = Path(__file__).resolve().parents[2] / "letters" / "stamped-lpa-reminder" / "stamped.toml"
TOL = 0.05
AXIS = 13.0


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("stamped") / "stamped.pdf"
    build_letters(EXAMPLE, out)
    return out


def test_text_in_reading_order(built):
    """pdftotext -raw (content order) reads the letter top to bottom, each name of the seal whole
    and in order; pypdf reads each name whole.  (Layout-analysing readers cut text on arcs into
    pieces: docs/document-kinds.md.)"""
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(built), "-"], check=True,
                         capture_output=True, text=True).stdout
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    expected = ["ที่ มท ๐๘๑๐.๗/๖๑๒๓", "ถึง สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่",
                "กรมส่งเสริมการปกครองท้องถิ่น", "กระทรวงมหาดไทย", "กรมส่งเสริมการปกครองท้องถิ่น", "อน.",
                "๑๖ พฤศจิกายน ๒๕๖๙", "กองพัฒนาและส่งเสริมการบริหารงานท้องถิ่น"]
    at = 0
    for want in expected:
        at = next(i for i in range(at, len(lines)) if lines[i] == want) + 1
    assert "".join(pypdf_text(built).split()).count("กระทรวงมหาดไทย") == 1


def test_positions(built):
    lines = pdf_lines(built, 1)
    number = find_line(lines, "ที่ มท")
    assert number["x0"] == pytest.approx(3.0, abs=TOL) and number["baseline"] == pytest.approx(4.2, abs=TOL)
    to = find_line(lines, "ถึง")
    assert to["x0"] == pytest.approx(3.0, abs=TOL) and to["baseline"] > number["baseline"]
    agency = [ln for ln in lines if ln["text"] == "กรมส่งเสริมการปกครองท้องถิ่น" and abs(ln["x0"] + ln["x1"] - 2 * AXIS) < 0.1]
    assert agency, "the agency's name centred on the signature axis"
    date = find_line(lines, "๑๖ พฤศจิกายน ๒๕๖๙")
    assert (date["x0"] + date["x1"]) / 2 == pytest.approx(AXIS, abs=TOL)
    initials = find_line(lines, "อน.")
    assert initials["x0"] > AXIS + OUTER_DIAMETER / 2
    # the seal fills the room between the agency's line and the date's
    assert date["baseline"] - agency[0]["baseline"] > OUTER_DIAMETER
    assert not any(ln["text"].startswith(("เรียน", "ขอแสดงความนับถือ", "(")) for ln in lines)


def test_seal_circles_are_red_and_of_the_regulations_size(built):
    import pdfplumber

    with pdfplumber.open(str(built)) as doc:
        page = doc.pages[0]
        curves = [c for c in page.curves if c.get("stroke") and tuple(c.get("stroking_color") or ()) == (0.8, 0, 0)]
    sizes = sorted(round((c["x1"] - c["x0"]) / cm, 2) for c in curves)
    assert sizes == pytest.approx([INNER_DIAMETER, OUTER_DIAMETER], abs=0.05)
    for c in curves:
        assert (c["x0"] + c["x1"]) / 2 / cm == pytest.approx(AXIS, abs=TOL)


def test_names_run_along_the_ring_left_to_right():
    """Every cluster's baseline centre lies in the ring between the circles; both names read left
    to right; the upper name's letters lean outwards, the lower name's stand upright at the
    bottom."""
    ts = Typesetter()
    texts = arc_texts(ts, "กระทรวงมหาดไทย", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่", "Sarabun")
    canvas = Canvas(os.devnull)
    placed = draw_seal(canvas, 100.0, 100.0, texts)
    upper = placed[:len(texts[0].parts)]
    lower = placed[len(texts[0].parts):]
    assert "".join(p.text for p in upper) == "กระทรวงมหาดไทย"
    assert "".join(p.text for p in lower) == "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่"
    for group, sign in ((upper, 1), (lower, -1)):
        xs = [p.x for p in group]
        assert xs == sorted(xs)
        for p in group:
            r = math.hypot(p.x - 100.0, p.y - 100.0)
            assert INNER_DIAMETER / 2 * cm < r < OUTER_DIAMETER / 2 * cm
            assert (p.y - 100.0) * sign > 0
    middle = lower[len(lower) // 2]
    assert abs(middle.rotation) < 10                      # upright at the bottom
    assert upper[0].rotation > 0 > upper[-1].rotation     # leaning outwards along the top


def _copy(tmp_path: Path, replace: dict[str, str]) -> Path:
    folder = tmp_path / "s"
    shutil.copytree(EXAMPLE.parent, folder)
    spec = folder / "stamped.toml"
    text = spec.read_text("utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    spec.write_text(text, encoding="utf-8")
    return spec


def test_seal_errors_name_the_line(tmp_path, capsys):
    spec = _copy(tmp_path, {'seal = { upper = "กระทรวงมหาดไทย", lower = "กรมส่งเสริมการปกครองท้องถิ่น" }':
                            'seal = { lower = "กรม", colour = "red" }'})
    assert main(["letter", str(spec), "-o", str(tmp_path / "a.pdf")]) == 1
    assert "stamped.toml, line 13: seal needs upper" in capsys.readouterr().err
    spec = _copy(tmp_path / "b", {'lower = "กรมส่งเสริมการปกครองท้องถิ่น" }': 'colour = "blue" }'})
    assert main(["letter", str(spec), "-o", str(tmp_path / "b.pdf")]) == 1
    assert "seal.colour is red or black, not 'blue'" in capsys.readouterr().err
    spec = _copy(tmp_path / "c", {'initials = "อน."\n': ""})
    assert main(["letter", str(spec), "-o", str(tmp_path / "c.pdf")]) == 1
    assert "missing required key 'initials'" in capsys.readouterr().err


def test_word_output_has_the_seal_as_a_picture(tmp_path):
    """The DOCX carries the seal as a floating 600 dpi picture of the seal's size, red on a
    transparent ground, described by its names; the initials and the date in their styles."""
    import io
    import zipfile

    import docx
    import numpy
    from PIL import Image

    out = tmp_path / "x.docx"
    assert main(["letter", str(EXAMPLE), "-o", str(out)]) == 0
    document = docx.Document(str(out))
    styles = {p.style.name: p.text for p in document.paragraphs if p.text}
    assert styles["อักษรย่อผู้รับผิดชอบ"] == "อน."
    assert styles["ชื่อส่วนราชการ"] == "กรมส่งเสริมการปกครองท้องถิ่น"
    assert styles["วันที่ประทับตรา"] == "๑๖ พฤศจิกายน ๒๕๖๙"
    initials = next(p for p in document.paragraphs if p.style.name == "อักษรย่อผู้รับผิดชอบ")
    anchor = initials._p.find(".//{*}anchor")
    assert anchor is not None
    side = (4.5 / 2.54 * 72 + 1) * 12700                      # 4.5 cm and the circle's line, EMU
    assert abs(int(anchor.find("{*}extent").get("cx")) - side) < 12700
    assert "กระทรวงมหาดไทย" in anchor.find("{*}docPr").get("descr")
    with zipfile.ZipFile(out) as z:
        pngs = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    seal = max((Image.open(io.BytesIO(d)) for d in pngs), key=lambda im: im.size[0])
    assert abs(seal.size[0] - side / 12700 / 72 * 600) <= 2        # 600 dpi
    rgba = seal.convert("RGBA")
    assert rgba.getpixel((0, 0))[3] == 0                                # transparent corner
    px = numpy.asarray(rgba).astype(int)
    reds = ((px[..., 3] > 200) & (px[..., 0] > 150) & (px[..., 1] < 80) & (px[..., 2] < 80)).sum()
    assert reds > 0.01 * seal.size[0] * seal.size[1]


def test_example_passes_the_check(capsys):
    assert main(["letter", "check", str(EXAMPLE)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().err


def test_layout_log():
    """The example's layout log, reviewed line by line."""
    assert_layout_log(EXAMPLE, "kind-stamped-lpa-reminder-layout.txt")
