"""The command line: render, explain, fonts; errors; deterministic output; page splitting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


from saraban.cli import main
from saraban.thai.normalize import normalize

from helpers import pdftotext, pypdf_text, text_lines

SAMPLE = Path(__file__).parents[1] / "src" / "saraban" / "samples" / "thai-sample.txt"


def test_render_sample_to_pdf_round_trips(tmp_path, capsys):
    out = tmp_path / "sample.pdf"
    assert main(["thai", "render", str(SAMPLE), "-o", str(out)]) == 0
    source = "".join(normalize(p).text.replace(" ", "") for p in SAMPLE.read_text(encoding="utf-8").split("\n\n"))
    for extractor in (pdftotext, pypdf_text):
        got = "".join(text_lines(extractor(out))).replace(" ", "")
        assert got == source.replace("\n", "")


def test_long_text_splits_across_pages_without_loss(tmp_path):
    para = SAMPLE.read_text(encoding="utf-8").split("\n\n")[1].strip()
    src = tmp_path / "long.txt"
    src.write_text("\n\n".join([para] * 12), encoding="utf-8")
    out = tmp_path / "long.pdf"
    assert main(["thai", "render", str(src), "-o", str(out), "--font", "Laksaman"]) == 0
    import pypdf

    assert len(pypdf.PdfReader(str(out)).pages) >= 2
    got = "".join(text_lines(pdftotext(out))).replace(" ", "")
    assert got == (para * 12).replace(" ", "")


def test_output_is_byte_identical_and_honours_source_date_epoch(tmp_path, monkeypatch):
    a, b, c = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    main(["thai", "render", str(SAMPLE), "-o", str(a)])
    main(["thai", "render", str(SAMPLE), "-o", str(b)])
    assert a.read_bytes() == b.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1637798400")  # 2021-11-25 (the suite's default: 2020-11-16)
    main(["thai", "render", str(SAMPLE), "-o", str(c)])
    import pikepdf

    with pikepdf.open(c) as pdf:   # the information dictionary is in a compressed object stream
        assert str(pdf.trailer.Info.CreationDate).startswith("D:20211125")
    assert a.read_bytes() != c.read_bytes()


def test_bad_source_date_epoch_is_one_line_before_anything_is_written(tmp_path, monkeypatch, capsys):
    """A SOURCE_DATE_EPOCH that is not a number stopped a letter half-way inside reportlab with a
    traceback; every command now refuses it first, in one line, and writes nothing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    root = Path(__file__).parents[1]
    commands = {
        "render": ["thai", "render", str(SAMPLE), "-o", str(tmp_path / "render.pdf")],
        "letter": ["letter", str(root / "letters" / "dla-lpa-2563" / "letter.toml"), "-o", str(tmp_path / "letters")],
        "docx": ["letter", str(root / "letters" / "memo-lpa" / "memo.toml"), "-o", str(tmp_path / "memo.docx")],
    }
    for name, argv in commands.items():
        assert main(argv) == 1, name
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "SOURCE_DATE_EPOCH='yesterday'" in err, (name, err)
    assert list(tmp_path.iterdir()) == []


def test_not_utf8_names_line_and_column_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("บรรทัดแรก\nสอง".encode("utf-8") + b"\xff\n")
    out = tmp_path / "bad.pdf"
    assert main(["thai", "render", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bad.txt, line 2, column 10" in err
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_unknown_font_lists_known_families(tmp_path, capsys):
    assert main(["thai", "render", str(SAMPLE), "-o", str(tmp_path / "x.pdf"), "--font", "TH SarabunIT๙"]) == 1
    err = capsys.readouterr().err
    assert "TH SarabunIT๙" in err and "Sarabun" in err and "fonts/" in err


def test_missing_glyph_is_named(tmp_path, capsys):
    src = tmp_path / "emoji.txt"
    src.write_text("ยินดี \U0001F600", encoding="utf-8")
    assert main(["thai", "render", str(src), "-o", str(tmp_path / "e.pdf")]) == 1
    assert "U+1F600" in capsys.readouterr().err
    assert not (tmp_path / "e.pdf").exists()


def test_office_font_dropped_into_fonts_folder_is_found(tmp_path, monkeypatch, capsys):
    from conftest import pua_font_dir

    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "LaksamanPUA.ttf").write_bytes((pua_font_dir() / "LaksamanPUA.ttf").read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["fonts"]) == 0
    listing = capsys.readouterr().out
    line = next(ln for ln in listing.splitlines() if ln.startswith("Laksaman PUA"))
    assert "PUA/none" in line and "100%" in line
    assert main(["thai", "render", str(SAMPLE), "-o", "o.pdf", "--font", "laksaman pua"]) == 0


def test_explain_shows_segmentation_and_lines(capsys):
    assert main(["thai", "explain", "ผู้ว่าราชการจังหวัดน่าน\u200bร่วมกันปลูกป่า", "--width", "4cm"]) == 0
    out = capsys.readouterr().out
    assert "== segment" in out and "|" in out and "== lines" in out
    assert "break hints at" in out


def test_console_script_runs(tmp_path):
    out = tmp_path / "s.pdf"
    r = subprocess.run([sys.executable, "-m", "saraban.cli", "thai", "render", str(SAMPLE), "-o", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 1000
