"""Certificates (หนังสือรับรอง): เลขที่ level with the agency, no date at the top, the body, "ให้ไว้ ณ
วันที่ … พ.ศ. …", the signature; the optional photo of the person certified with its caption; the
reviewed layout log."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from saraban.cli import main
from saraban.letters.build import build_letters
from saraban.thai.layout import ParagraphStyle, Typesetter
from saraban.thai.shape import TextStyle

from helpers import CM, FIXTURES, assert_layout_log, find_line, pdf_lines

EXAMPLE = Path(__file__).resolve().parents[2] / "letters" / "certificate-lpa-assessor" / "certificate.toml"
TOL = 0.05


def _pitch() -> float:
    pitch, _ = Typesetter().pitch(ParagraphStyle(TextStyle(family="Sarabun", size=16)))
    return pitch / CM


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("cert") / "certificate.pdf"
    build_letters(EXAMPLE, out)
    return out


def test_positions(built):
    lines = pdf_lines(built, 1)
    number = find_line(lines, "เลขที่ มท")
    owner = find_line(lines, "กรมส่งเสริมการปกครองท้องถิ่น")
    assert number["x0"] == pytest.approx(3.0, abs=TOL) and number["baseline"] == pytest.approx(4.2, abs=TOL)
    assert owner["x0"] == pytest.approx(13.0, abs=TOL) and owner["baseline"] == pytest.approx(4.2, abs=TOL)
    body = find_line(lines, "หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า")
    assert body["x0"] == pytest.approx(5.5, abs=TOL)
    # no date under the address: the body follows the agency's last address line
    address = find_line(lines, "กทม.")
    assert body["baseline"] - address["baseline"] < 2 * _pitch()
    given = find_line(lines, "ให้ไว้ ณ วันที่ ๑๖ พฤศจิกายน พ.ศ. ๒๕๖๙")
    assert given["x0"] == pytest.approx(8.0, abs=TOL)
    name = find_line(lines, "(นายประยูร")
    assert name["baseline"] - given["baseline"] == pytest.approx(4 * _pitch(), abs=TOL)
    assert (name["x0"] + name["x1"]) / 2 == pytest.approx(13.0, abs=TOL)
    assert not any(ln["text"].startswith(("เรื่อง", "เรียน", "ขอแสดงความนับถือ")) for ln in lines)


def test_photo_of_the_person_certified(tmp_path):
    import pdfplumber

    folder = tmp_path / "c"
    shutil.copytree(EXAMPLE.parent, folder)
    shutil.copy(FIXTURES / "letters-emblem.png", folder / "photo.png")
    spec = folder / "certificate.toml"
    spec.write_text(spec.read_text("utf-8").replace('kind = "certificate"', 'kind = "certificate"\nphoto = "photo.png"'),
                    encoding="utf-8")
    build_letters(spec, tmp_path / "out.pdf")
    lines = pdf_lines(tmp_path / "out.pdf", 1)
    given = find_line(lines, "ให้ไว้ ณ วันที่")
    with pdfplumber.open(str(tmp_path / "out.pdf")) as doc:
        images = doc.pages[0].images
    photo = max(images, key=lambda im: im["top"])      # the emblem is the other one
    assert photo["x0"] / CM == pytest.approx(3.0, abs=TOL)
    assert photo["x1"] / CM <= 7.0 + TOL and photo["bottom"] / CM <= photo["top"] / CM + 6.0 + TOL
    caption = find_line(lines, "(ลายมือชื่อ")
    assert caption["baseline"] > photo["bottom"] / CM
    assert caption["x0"] >= 3.0 - TOL and caption["x1"] <= 7.0 + TOL
    assert given["x0"] > photo["x1"] / CM                  # the date line clears the photo
    # Word: the photo floats at the left of the date line, the caption in a frame under it
    # (positions against LibreOffice: tests/docx/test_docx_libreoffice.py)
    import docx

    assert main(["letter", str(spec), "-o", str(tmp_path / "out.docx")]) == 0
    document = docx.Document(str(tmp_path / "out.docx"))
    given_p = next(p for p in document.paragraphs if p.text.startswith("ให้ไว้ ณ วันที่"))
    anchor = given_p._p.find(".//{*}anchor")
    assert anchor is not None
    assert int(anchor.find("{*}positionH/{*}posOffset").text) == pytest.approx(3.0 * CM * 12700, abs=12700)
    caption = next(p for p in document.paragraphs if p.style.name == "คำบรรยายภาพถ่าย")
    assert caption.text == "(ลายมือชื่อผู้ได้รับการรับรอง)"
    assert caption._p.find(".//{*}framePr") is not None


def test_example_passes_the_check(capsys):
    assert main(["letter", "check", str(EXAMPLE)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().err


def test_layout_log():
    """The example's layout log, reviewed line by line."""
    assert_layout_log(EXAMPLE, "kind-certificate-lpa-assessor-layout.txt")
