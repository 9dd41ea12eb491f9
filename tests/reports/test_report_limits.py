"""Booklet inputs that cannot be printed (issue 10, "tracebacks instead of messages"): a catalogue
address too long for the booklets' QR codes, an emblem of no size or of hundreds of millions of
pixels, a template that would run for ever.  Each stops the command with a message naming the
file and line before any booklet is built and before the folder is touched.  Bad files are made
here."""

from __future__ import annotations

import pytest

from saraban.cli import main
from saraban.reports.sample import write_sample

import saraban.template_budget as budget


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("d")
    write_sample(folder, seed=3, provinces_filter=["TH-83"])
    return folder


def booklet(capsys, data, out, *extra) -> tuple[int, str]:
    code = main(["booklet", "--data", str(data), "--province", "TH-83", "--no-national", "-o", str(out),
                 "--no-progress", *map(str, extra)])
    return code, capsys.readouterr().err


def test_a_catalogue_address_too_long_for_a_qr_code(data, tmp_path, capsys):
    out = tmp_path / "out"
    code, err = booklet(capsys, data, out, "--base-url", "https://www.dla.go.th/" + "a" * 4980)
    assert code == 1 and "Traceback" not in err
    assert "the catalogue address (base_url) is 5,002 bytes long" in err and "at most 200" in err
    assert not out.exists()
    (tmp_path / "def.toml").write_text(f'base_url = "https://www.dla.go.th/{"a" * 300}"\n', encoding="utf-8")
    code, err = booklet(capsys, data, out, "--definition", tmp_path / "def.toml")
    assert code == 1 and "322 bytes long" in err and not out.exists()


@pytest.mark.parametrize("make, words", [
    (lambda p: p.with_suffix(".svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="10"><rect width="5" height="5"/></svg>'),
     "the SVG picture has no size"),
    (lambda p: __import__("PIL.Image").Image.new("1", (20000, 20000), 1).save(p.with_suffix(".png")),
     "the picture is 20,000 × 20,000 pixels"),
])
def test_an_emblem_that_cannot_be_drawn(data, tmp_path, capsys, make, words):
    emblem = tmp_path / "emblem"
    make(emblem)
    name = next(p.name for p in tmp_path.iterdir() if p.stem == "emblem")
    (tmp_path / "def.toml").write_text(f'title = "รายงาน"\nemblem = "{name}"\n', encoding="utf-8")
    out = tmp_path / "out"
    code, err = booklet(capsys, data, out, "--definition", tmp_path / "def.toml")
    assert code == 1 and "Traceback" not in err
    assert f"def.toml, line 2: {words}" in err and not out.exists()


def test_a_notes_template_that_runs_for_ever(data, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(budget, "TEMPLATE_SECONDS", 1.0)
    (tmp_path / "n.j2").write_text("หมายเหตุ\n{% for i in range(99999) %}{% for j in range(99999) %}"
                                   "{% endfor %}{% endfor %}\n", encoding="utf-8")
    (tmp_path / "def.toml").write_text('notes_template = "n.j2"\n', encoding="utf-8")
    out = tmp_path / "out"
    code, err = booklet(capsys, data, out, "--definition", tmp_path / "def.toml")
    assert code == 1 and "Traceback" not in err
    assert "n.j2, line 2: template error: the template ran for more than 1 seconds" in err
    assert not out.exists()
