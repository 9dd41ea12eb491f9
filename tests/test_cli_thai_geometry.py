"""``saraban thai render`` sets exactly the width and margin asked, ``explain`` shows the lines it
prints, and impossible geometry is a clear error (issue 9, section 3)."""

from __future__ import annotations

import re

import pdfplumber
import pytest

from saraban.cli import main

from helpers import pdftotext, text_lines

CM = 72 / 2.54
TEXT = ("ขอให้นายสมชาย ใจดี เข้าร่วมโครงการพัฒนาศักยภาพบุคลากร ลงวันที่ 25 พฤศจิกายน 2564 "
        "ผู้ว่าราชการจังหวัดน่านร่วมกันปั้นโอ่งน้ำ ปลูกป่าต้นน้ำที่ตำบล และรายงานผลให้ทราบ ร้อยละ ๙๗.๒๐")


@pytest.mark.parametrize("width_cm", [8, 10.5, 16])
def test_text_block_is_the_width_and_margin_asked_and_explain_agrees(tmp_path, capsys, width_cm):
    src = tmp_path / "t.txt"
    src.write_text(TEXT, encoding="utf-8")
    pdf = tmp_path / "t.pdf"
    width = f"{width_cm}cm"
    assert main(["thai", "render", str(src), "-o", str(pdf), "--width", width, "--align", "justify"]) == 0
    with pdfplumber.open(pdf) as doc:
        chars = doc.pages[0].chars
    left = min(c["x0"] for c in chars)
    right = max(c["x1"] for c in chars)
    assert left == pytest.approx(3 * CM, abs=0.05)  # the margin, exactly
    assert right == pytest.approx(3 * CM + width_cm * CM, abs=0.05)  # a justified line ends at the width
    capsys.readouterr()
    assert main(["thai", "explain", TEXT, "--width", width, "--indent", "2.5cm", "--align", "justify"]) == 0
    shown = [re.sub(r"^ *\d+ x=.*? (space|word|end|protected|linked|url|compound|emergency) +", "", line)
             for line in capsys.readouterr().out.splitlines() if re.match(r"^ *\d+ x=", line)]
    printed = text_lines(pdftotext(pdf))
    assert [s.strip() for s in shown] == [p.strip() for p in printed]
    assert len(printed) >= 2


@pytest.mark.parametrize("args,message", [
    (["--size", "0"], "--size: '0' — it must be more than 0"),
    (["--size", "-4"], "must be more than 0"),
    (["--width", "30"], "'30' has no unit: write it as 30cm, 30mm or 30pt"),
    (["--width", "0cm"], "must be more than 0"),
    (["--width", "sixteen"], "is not a length"),
    (["--width", "19cm"], "--width 19.00 cm is wider than the page allows"),
    (["--width", "4cm", "--indent", "5cm"], "--indent 5.00 cm leaves no room"),
])
@pytest.mark.parametrize("command", ["render", "explain"])
def test_impossible_geometry_is_a_clear_error(tmp_path, capsys, command, args, message):
    src = tmp_path / "t.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "t.pdf"
    words = ["thai", "render", str(src), "-o", str(out)] if command == "render" else ["thai", "explain", TEXT]
    try:
        code = main(words + args)
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    assert code in (1, 2)
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".t.pdf*"))
