"""Reviewed references of the seed reproduction: its layout log (every line with its x, baseline
and width in cm) and the picture of page 1.  Both were looked at before they were accepted;
regenerate with SARABAN_UPDATE_GOLDEN=1 and look again before committing."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from saraban.letters.build import build_letters, compose_letters, typesetter_for
from saraban.letters.layout import LetterComposer
from saraban.letters.spec import load_spec

from helpers import GOLDEN, assert_matches_image, letter_variant



def test_layout_log(tmp_path):
    spec = load_spec(letter_variant(tmp_path))
    _, [plan], _ = compose_letters(spec, LetterComposer(typesetter_for(spec)))
    log = plan.dump()
    path = GOLDEN / "letter-seed-layout.txt"
    if os.environ.get("SARABAN_UPDATE_GOLDEN"):
        path.write_text(log, encoding="utf-8")
    assert log == path.read_text(encoding="utf-8")


def _pages(tmp_path):
    pdf = tmp_path / "seed.pdf"
    build_letters(letter_variant(tmp_path), pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "p")], check=True)
    return sorted(tmp_path.glob("p-*.png"))


def test_page_one_matches_reviewed_image(tmp_path):
    page1 = _pages(tmp_path)[0]
    assert_matches_image(page1, GOLDEN / "letter-seed-page1.png")


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (Debian zbar-tools) not installed")
def test_enclosure_page_qr_decodes(tmp_path):
    pdf = tmp_path / "seed.pdf"
    build_letters(letter_variant(tmp_path), pdf)
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", "3", "-l", "3", str(pdf), str(tmp_path / "e")], check=True)
    [png] = tmp_path.glob("e-*.png")
    out = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True)
    assert out.stdout.decode().strip() == "https://www.dla.go.th/servlet/EbookServlet"
