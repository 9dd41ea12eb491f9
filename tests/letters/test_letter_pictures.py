"""Pictures of a letter: an SVG emblem drawn as vectors, a signature image in the signature space,
and an office file that gives every letter of the office its emblem and owner block."""

from __future__ import annotations

import pdfplumber
import pytest
from PIL import Image, ImageDraw

from saraban.letters.build import build_letters

from helpers import CM, find_line, letter_variant, pdf_lines

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="91" height="100" viewBox="0 0 91 100">
<circle cx="45.5" cy="50" r="40" fill="#c8961e" stroke="#785000" stroke-width="6"/>
<rect x="30" y="35" width="31" height="30" fill="#ffffff"/></svg>"""


def test_svg_emblem_is_vector_art_in_the_emblem_box(tmp_path):
    (tmp_path / "emblem.svg").write_text(SVG, encoding="utf-8")
    spec = letter_variant(tmp_path, {'emblem = "letters-emblem.png"': 'emblem = "emblem.svg"'})
    build_letters(spec, tmp_path / "x.pdf")
    with pdfplumber.open(str(tmp_path / "x.pdf")) as pdf:
        page = pdf.pages[0]
        assert not page.images
        shapes = [o for o in page.curves + page.rects if o["top"] < 4.6 * CM]
        assert shapes
        top = min(o["top"] for o in shapes) / CM
        bottom = max(o["bottom"] for o in shapes) / CM
        centre = (min(o["x0"] for o in shapes) + max(o["x1"] for o in shapes)) / 2 / CM
        assert top >= 1.5 - 0.01 and bottom <= 4.5 + 0.01  # inside the 3 cm box at 1.5 cm
        assert centre == pytest.approx(11.0, abs=0.05)       # centred on the text area


def test_signature_image_sits_on_the_name_centred_on_the_axis(tmp_path):
    sig = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    ImageDraw.Draw(sig).line([(10, 80), (80, 20), (150, 70), (290, 30)], fill=(20, 30, 120, 255), width=6)
    sig.save(tmp_path / "sig.png")
    spec = letter_variant(tmp_path, {'signatory = { name = ': 'signatory = { image = "sig.png", name = '})
    build_letters(spec, tmp_path / "x.pdf")
    with pdfplumber.open(str(tmp_path / "x.pdf")) as pdf:
        [image] = pdf.pages[1].images
    name = find_line(pdf_lines(tmp_path / "x.pdf", 2), "(นายประยูร")
    closing = find_line(pdf_lines(tmp_path / "x.pdf", 2), "ขอแสดงความนับถือ")
    assert (image["x0"] + image["x1"]) / 2 / CM == pytest.approx(13.0, abs=0.02)
    assert image["bottom"] / CM < name["baseline"] - 0.3          # above the name …
    assert image["top"] / CM > closing["baseline"]                 # … below the closing
    assert image["height"] / CM <= 1.5 + 0.01


def test_office_file_gives_emblem_and_owner(tmp_path):
    office = tmp_path / "office"
    office.mkdir()
    (office / "office.toml").write_text(
        'emblem = "../letters-emblem.png"\n'
        'owner = { name = "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่", address = ["ศาลากลางจังหวัดเชียงใหม่"] }\n',
        encoding="utf-8")
    spec = letter_variant(tmp_path, {'emblem = "letters-emblem.png"\n': "",
                                     'owner = { name = "กรมส่งเสริมการปกครองท้องถิ่น", address = ["ถนนนครราชสีมา เขตดุสิต กทม. 10300"] }\n': ""})
    moved = office / "letter.toml"
    moved.write_text(spec.read_text(encoding="utf-8").replace('body_file = "', 'body_file = "../'), encoding="utf-8")
    build_letters(moved, tmp_path / "x.pdf")
    with pdfplumber.open(str(tmp_path / "x.pdf")) as pdf:
        assert len(pdf.pages[0].images) == 1
    owner = find_line(pdf_lines(tmp_path / "x.pdf", 1), "สำนักงานส่งเสริม")
    assert owner["x0"] == pytest.approx(13.0, abs=0.05)
