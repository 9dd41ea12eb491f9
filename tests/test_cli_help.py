"""The command line's own surface: every command is a real subcommand with its own help, every
option has help text, every help page shows examples that parse, ``--version``, and the
province of ``booklet`` given as a code, a number or a name."""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import shlex
import subprocess
import sys

import pytest

from saraban.cli import build_parser, main
from saraban.reports.model import province_code


def _parsers(parser: argparse.ArgumentParser, path=("saraban",)):
    """Every parser of the command tree with the words that reach it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


PARSERS = list(_parsers(build_parser()))
IDS = [" ".join(p) for p, _ in PARSERS]


def test_the_command_tree_has_the_known_commands():
    names = {" ".join(p) for p, _ in PARSERS}
    assert {"saraban letter build", "saraban letter check", "saraban thai explain", "saraban booklet",
            "saraban sample-data", "saraban fonts", "saraban thai render"} <= names


@pytest.mark.parametrize("path,parser", PARSERS, ids=IDS)
def test_every_option_has_help(path, parser):
    missing = [a.option_strings or a.dest for a in parser._actions
               if not isinstance(a, argparse._SubParsersAction) and not (a.help or "").strip()]
    assert not missing, f"{' '.join(path)}: no help text for {missing}"


@pytest.mark.parametrize("path,parser", PARSERS, ids=IDS)
def test_every_help_page_has_examples_that_parse(path, parser):
    text = parser.format_help()
    assert "examples:" in text, f"{' '.join(path)} --help shows no example"
    lines = [line.strip() for line in text.split("examples:", 1)[1].splitlines() if line.strip()]
    commands = [line.split("  (")[0] for line in lines if line.startswith("saraban ")]
    assert commands, text
    for command in commands:
        words = shlex.split(command)[1:]
        if "--help" in words or "COMMAND" in words:
            continue
        build_parser().parse_args(words)  # a usage error exits 2 and fails the test


def test_letter_check_has_its_own_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["letter", "check", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: saraban letter check [-h] SPEC.toml")
    assert "--output" not in out


def test_letter_without_build_is_build():
    parser = build_parser()
    short = parser.parse_args(["letter", "a.toml", "-o", "out/"])
    long = parser.parse_args(["letter", "build", "a.toml", "-o", "out/"])
    assert vars(short) == vars(long)
    assert short.letter_command == "build" and str(short.spec) == "a.toml"
    assert parser.parse_args(["letter", "-o", "x.pdf", "a.toml"]).letter_command == "build"


def test_version_is_the_installed_distribution_version():
    r = subprocess.run([sys.executable, "-m", "saraban", "--version"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"saraban {importlib.metadata.version('saraban')}"


@pytest.mark.parametrize("text", ["TH-50", "th-50", "50", "๕๐", "เชียงใหม่", "จังหวัดเชียงใหม่", "Chiang Mai"])
def test_province_forms(text):
    assert province_code(text) == "TH-50"


@pytest.mark.parametrize("text", ["TH-99", "99", "เชียงใหม", ""])
def test_unknown_province(text):
    assert province_code(text) is None


def test_booklet_province_by_thai_name(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["sample-data", "-o", str(data), "--provinces", "TH-58", "--scale", "0.1"]) == 0
    out = tmp_path / "out"
    assert main(["booklet", "--data", str(data), "--province", "แม่ฮ่องสอน", "--no-national",
                 "--no-progress", "-o", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    entries = manifest["booklets"] if isinstance(manifest, dict) else manifest
    assert [e["province"] for e in entries] == ["TH-58"]
    assert (out / "TH-58.pdf").stat().st_size > 1000


def test_booklet_unknown_province_names_it(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["sample-data", "-o", str(data), "--provinces", "TH-58", "--scale", "0.1"]) == 0
    assert main(["booklet", "--data", str(data), "--province", "เชียงใหม", "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "เชียงใหม" in err and "TH-50" in err
