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


def test_a_paragraph_of_only_a_dash_is_printed(tmp_path):
    """``printf -- 'ก\\n\\n-\\n\\nข'`` (issue 9): the "-" is drawn, and read back by pypdf and by
    pdftotext in its -raw and -layout modes.  (pdftotext's default mode joins a line ending in "-"
    to the next as a hyphenated word and drops the "-" — poppler's rule, for any line; that is why
    URLs never break after "-".)"""
    import subprocess

    from helpers import pypdf_text

    src = tmp_path / "dash.txt"
    src.write_text("ก\n\n-\n\nข", encoding="utf-8")
    pdf = tmp_path / "dash.pdf"
    assert main(["thai", "render", str(src), "-o", str(pdf)]) == 0
    with pdfplumber.open(pdf) as doc:
        assert [c["text"] for c in doc.pages[0].chars] == ["ก", "-", "ข"]
    assert text_lines(pypdf_text(pdf)) == ["ก", "-", "ข"]
    for mode in ("-raw", "-layout"):
        out = subprocess.run(["pdftotext", mode, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert [line.strip() for line in out.split() if line.strip()] == ["ก", "-", "ข"]


def test_explain_shows_units_reasons_gaps_and_dropped_controls(capsys):
    text = "ขอให้นายสมชาย ใจดี\u200e เข้าร่วมโครงการพัฒนา ลงวันที่ 25 พฤศจิกายน 2564"
    assert main(["thai", "explain", text, "--width", "5cm"]) == 0
    out = capsys.readouterr().out
    assert "warning: removed U+200E LEFT-TO-RIGHT MARK" in out
    assert "name             'นายสมชาย ใจดี'" in out and "date             '25 พฤศจิกายน 2564'" in out
    assert "โครงการ|พัฒนา" in out
    reasons = [line.strip() for line in out.splitlines() if "largest gap" in line]
    assert reasons and all(re.search(r"largest gap \d+\.\d\d pt", r) for r in reasons)
    assert any(r.startswith("after a space") for r in reasons) and reasons[-1].startswith("end of the paragraph")
    # a name wider than the line: explain says the break is inside it, and why
    assert main(["thai", "explain", "ว่าที่ร้อยตรีสมชาย ใจดีมากมาย", "--width", "3cm"]) == 0
    out = capsys.readouterr().out
    assert "inside a protected unit, which is wider than the line (name 'ว่าที่ร้อยตรีสมชาย ใจดีมากมาย')" in out
