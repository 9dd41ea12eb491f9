"""Pictures and QR codes a letter cannot be drawn with (issue 10, "tracebacks instead of
messages"): an SVG of no size, a picture of hundreds of millions of pixels, a QR address no QR
code holds.  Each is an error naming the spec's line and the file, from `letter` and from `letter
check`, before anything is written — not a ZeroDivisionError, a DecompressionBombError or qrcode's
"Invalid version".  The bad files are made here."""

from __future__ import annotations

import shutil

import pytest

from saraban.cli import main

from helpers import EXAMPLE_LETTER, FIXTURES, letter_variant

SVG = '<svg xmlns="http://www.w3.org/2000/svg" {size}><rect width="10" height="10"/></svg>'


def line_of(path, needle) -> int:
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text)


def run(capsys, *args) -> tuple[int, str]:
    """Exit status and everything printed (`letter check` lists its findings on stdout)."""
    code = main([str(a) for a in args])
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def assert_refused(capsys, spec, out, needle, words):
    """`letter` and `letter check` both refuse ``spec`` at the line holding ``needle``."""
    code, err = run(capsys, "letter", spec, "-o", out)
    assert code == 1 and "Traceback" not in err
    assert f"{spec}, line {line_of(spec, needle)}: {words}" in err
    assert not out.exists() and not list(out.parent.glob(".*.part"))
    code, err = run(capsys, "letter", "check", spec)
    assert code == 1 and words in err


@pytest.mark.parametrize("size, words", [
    ('width="0" height="100"', "the SVG picture has no size (width 0, height 75)"),
    ('width="100" height="-5"', "the SVG picture has no size (width 75, height -3.75)"),
    ('width="0" height="0" viewBox="0 0 0 0"', "the SVG picture has no size"),
])
def test_an_svg_emblem_of_no_size(tmp_path, capsys, size, words):
    spec = letter_variant(tmp_path, {'emblem = "letters-emblem.png"': 'emblem = "emblem.svg"'})
    (tmp_path / "emblem.svg").write_text(SVG.format(size=size), encoding="utf-8")
    assert_refused(capsys, spec, tmp_path / "out.pdf", 'emblem = "emblem.svg"', words)


@pytest.mark.parametrize("key, replace", [
    ("signatory", {'name = "นายประยูร  รัตนเสนีย์",': 'name = "นายประยูร  รัตนเสนีย์", image = "big.png",'}),
    ("emblem", {'emblem = "letters-emblem.png"': 'emblem = "big.png"'}),
])
def test_a_picture_of_400_million_pixels(tmp_path, capsys, key, replace):
    from PIL import Image

    spec = letter_variant(tmp_path, replace)
    Image.new("1", (20000, 20000), 1).save(tmp_path / "big.png")   # 400 million pixels, 50 kB
    assert_refused(capsys, spec, tmp_path / "out.pdf", "big.png",
                   "the picture is 20,000 × 20,000 pixels (400 million); at most 50 million")


def test_a_picture_just_over_the_limit_and_one_under_it(tmp_path, capsys):
    """Between PIL's own warning and its error (it warns from 89 million): saraban's limit."""
    from PIL import Image

    spec = letter_variant(tmp_path, {'emblem = "letters-emblem.png"': 'emblem = "big.png"'})
    Image.new("1", (8000, 7000), 1).save(tmp_path / "big.png")     # 56 million
    assert_refused(capsys, spec, tmp_path / "out.pdf", "big.png", "the picture is 8,000 × 7,000 pixels (56 million)")
    Image.new("RGB", (60, 60), (200, 0, 0)).save(tmp_path / "big.png")
    code, err = run(capsys, "letter", spec, "-o", tmp_path / "out.pdf")
    assert code == 0, err


def test_a_qr_address_no_qr_code_holds(tmp_path, capsys):
    url = "https://www.dla.go.th/" + "a" * 4980
    spec = letter_variant(tmp_path, append=f'\n[[enclosures]]\ntext = "แบบฟอร์ม"\nqr = "{url}"\n')
    code, err = run(capsys, "letter", spec, "-o", tmp_path / "out.pdf")
    assert code == 1 and "Traceback" not in err
    assert "the QR code's address is 5,002 bytes long; a QR code holds at most 2,331" in err
    assert f"{spec}, line " in err and not (tmp_path / "out.pdf").exists()
    code, err = run(capsys, "letter", "check", spec)
    assert code == 1 and "5,002 bytes long" in err


def test_a_merge_with_a_bad_picture_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "letter"
    shutil.copytree(EXAMPLE_LETTER.parent, folder)
    shutil.copy(EXAMPLE_LETTER.parents[2] / "data" / "provinces.csv", folder)
    spec = folder / "letter.toml"
    text = spec.read_text(encoding="utf-8").replace("../../data/provinces.csv", "provinces.csv")
    spec.write_text(text.replace('emblem = "emblem.svg"', 'emblem = "flat.svg"'), encoding="utf-8")
    (folder / "flat.svg").write_text(SVG.format(size='width="300" height="0"'), encoding="utf-8")
    out = tmp_path / "out"
    code, err = run(capsys, "letter", spec, "-o", out)
    assert code == 1 and "the SVG picture has no size" in err and "Traceback" not in err
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["letter"]


def _merge_on(tmp_path, data_name: str):
    folder = tmp_path / "letter"
    shutil.copytree(EXAMPLE_LETTER.parent, folder)
    spec = folder / "letter.toml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("../../data/provinces.csv", data_name),
                    encoding="utf-8")
    return spec


def _workbook(path, rows) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_a_merge_workbook_that_unpacks_to_a_gigabyte(tmp_path, capsys):
    """The XLSX check of the booklet tables guards a merge's data too: refused from the zip's
    directory, before parsing (a gigabyte of XML parsed for minutes)."""
    import time
    import zipfile

    spec = _merge_on(tmp_path, "rows.xlsx")
    _workbook(spec.parent / "rows.xlsx", [["code", "name_th"], ["TH-50", "เชียงใหม่"]])
    with zipfile.ZipFile(spec.parent / "rows.xlsx", "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/padding.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(1024):
                part.write(chunk)
    assert (spec.parent / "rows.xlsx").stat().st_size < 4 * 2**20
    start = time.monotonic()
    code, err = run(capsys, "letter", spec, "-o", tmp_path / "out")
    assert time.monotonic() - start < 10
    assert code == 1 and "rows.xlsx: the workbook unpacks to 1,024 MB, more than the 64 MB" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("data_name, words", [
    ("rows.xlsx", "rows.xlsx, row 3, column name_th: a cell of 32,767 characters or more"),
    ("rows.csv", "rows.csv, line 3: a cell longer than 131,072 characters"),
])
def test_a_merge_cell_over_the_cap(tmp_path, capsys, data_name, words):
    spec = _merge_on(tmp_path, data_name)
    rows = [["code", "name_th"], ["TH-50", "เชียงใหม่"], ["TH-30", "ก" * 200_000]]
    if data_name.endswith(".xlsx"):
        _workbook(spec.parent / data_name, rows)
    else:
        (spec.parent / data_name).write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    code, err = run(capsys, "letter", spec, "-o", tmp_path / "out")
    assert code == 1 and words in err and not (tmp_path / "out").exists()


@pytest.mark.parametrize("rows, filename, words", [
    # 90 Thai letters + ".pdf": 274 bytes (an OSError after part of the merge was written)
    (["TH-50,เชียงใหม่", "TH-30," + "ก" * 90], "{{ name_th }}", "rows.csv, line 3: the output file name 'ก"),
    (["TH-50,เชียงใหม่", "CON,นครราชสีมา"], "{{ code }}", "rows.csv, line 3: the output file name 'CON.pdf' is CON, "
                                                         "a name Windows reserves for a device"),
    (["TH-50,เชียงใหม่", "th-50,นครราชสีมา"], "{{ code }}", "rows.csv, line 3: file name 'th-50' is made twice "
                                                           "(rows 2 and 3) ('TH-50' and 'th-50' are one file on Windows and macOS)"),
])
@pytest.mark.parametrize("fmt", ["pdf", "both"])
def test_merge_file_names_are_checked_before_anything_is_written(tmp_path, capsys, rows, filename, words, fmt):
    spec = _merge_on(tmp_path, "rows.csv")
    spec.write_text(spec.read_text(encoding="utf-8").replace('filename = "{{ code }}"', f'filename = "{filename}"'),
                    encoding="utf-8")
    (spec.parent / "rows.csv").write_text("code,name_th\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code, err = run(capsys, "letter", spec, "-o", out, "--format", fmt)
    assert code == 1 and words in err and "Traceback" not in err
    if filename == "{{ name_th }}":
        assert "is 274 bytes long in UTF-8 (a Thai letter takes 3); file systems allow 255" in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["letter"]
