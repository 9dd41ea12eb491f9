"""Reviewed reference images: a stress line of Thai mark stacking in each font.

tests/golden/stress-<font>.png were looked at by eye (marks on their bases, ญ ฐ without their
lower tails under ู, sara am over น้ำ, stacked tone marks on ปั้น).  Regenerate with
SARABAN_UPDATE_GOLDEN=1 and look at the new pictures before committing them.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from PIL import Image, ImageChops
from reportlab.pdfgen.canvas import Canvas

from saraban.thai.flowable import draw_paragraph
from saraban.thai.layout import ParagraphStyle
from saraban.thai.shape import TextStyle

from helpers import FAMILIES, GOLDEN

STRESS = "ที่ น้ำ ป่า ญู ฐู ปั้น ผู้ว่า ฤๅษี กำ ปู่ ฎุ ฏู ชั่ง"
#: Share of pixels allowed to differ (anti-aliasing noise between poppler builds).
MAX_DIFF_SHARE = 0.002


def render_png(tmp_path, typesetter, family):
    pdf = tmp_path / "stress.pdf"
    c = Canvas(str(pdf), pagesize=(330, 40), invariant=1)
    lay = typesetter.layout(STRESS, ParagraphStyle(TextStyle(family=family, size=24)), 320)
    draw_paragraph(c, lay, 5, 38)
    c.save()
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf), str(tmp_path / "stress")], check=True)
    return tmp_path / "stress.png"


@pytest.mark.parametrize("family", FAMILIES)
def test_stress_line_matches_reviewed_image(tmp_path, typesetter, family):
    png = render_png(tmp_path, typesetter, family)
    golden = GOLDEN / f"stress-{family.lower().replace(' ', '-')}.png"
    if os.environ.get("SARABAN_UPDATE_GOLDEN"):
        golden.write_bytes(png.read_bytes())
    a = Image.open(png).convert("L")
    b = Image.open(golden).convert("L")
    assert a.size == b.size
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 64 else 0)
    changed = diff.histogram()[255]
    assert changed / (a.size[0] * a.size[1]) <= MAX_DIFF_SHARE
