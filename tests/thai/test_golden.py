"""Golden layout logs: per line x, natural width, added spacing, break kind and text.

The files in tests/golden/ were reviewed by eye; regenerate with SARABAN_UPDATE_GOLDEN=1 and
review the diff before committing.
"""

from __future__ import annotations

import os

import pytest

from saraban.thai.layout import ParagraphStyle
from saraban.thai.shape import TextStyle

from helpers import CORPUS, GOLDEN

CASES = {
    "layout-sarabun-distributed": ("Sarabun", "thai-distributed", CORPUS[:3]),
    "layout-laksaman-pua-distributed": ("Laksaman PUA", "thai-distributed", CORPUS[:2]),
    "layout-sarabun-left-greedy": ("Sarabun", "left", CORPUS[3:5]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_layout_log_matches_golden(typesetter, name):
    family, align, paragraphs = CASES[name]
    strategy = "greedy" if name.endswith("greedy") else "optimal"
    style = ParagraphStyle(TextStyle(family=family), align=align, first_indent=70.87, strategy=strategy)
    log = "\n\n".join(typesetter.layout(p, style, 453.54).dump() for p in paragraphs) + "\n"
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("SARABAN_UPDATE_GOLDEN"):
        path.write_text(log, encoding="utf-8")
    assert log == path.read_text(encoding="utf-8")
