"""The built wheel carries everything saraban needs at run time — forms, templates, samples,
reference tables, the word list and the office template: built from the repository, installed
into a clean venv outside it, and run from outside it (``saraban init``, the example letter and
merge, sample data and a booklet)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from helpers import pdftotext

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(os.environ.get("SARABAN_SKIP_WHEEL") == "1", reason="SARABAN_SKIP_WHEEL=1")
def test_built_wheel_installs_in_a_clean_venv_and_runs_the_office_example(tmp_path):
    """The wheel carries forms, templates, samples, reference tables and the office template:
    built from the repository, installed into a new venv outside it, run from outside it."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(dist), str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("saraban-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    # without the caller's PYTHONPATH: a source tree on it (with its egg-info) would make pip find
    # saraban "already installed" and leave the new venv without it
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    str(wheel)], check=True, capture_output=True, env=env)
    work = tmp_path / "elsewhere"
    work.mkdir()
    run = lambda *a: subprocess.run([str(bin_dir / "saraban"), *a], cwd=work, env=env, check=True,
                                    capture_output=True, text=True)
    where = subprocess.run([str(bin_dir / "python"), "-c", "import saraban; print(saraban.__file__)"],
                           cwd=work, env=env, check=True, capture_output=True, text=True).stdout
    assert str(env_dir) in where and str(ROOT) not in where
    run("init", "office")
    run("letter", "office/letters/example.toml", "-o", "example.pdf")
    assert "ตย๐๐๒๓.๓/๑๒๓" in "".join(pdftotext(work / "example.pdf").split())
    run("letter", "office/letters/merge.toml", "-o", "merge")
    assert len(list((work / "merge").glob("D*.pdf"))) == 3
    run("sample-data", "-o", "data", "--provinces", "TH-58", "--scale", "0.3")
    run("booklet", "--data", "data", "--province", "58", "-o", "booklets", "--no-national")
    assert list((work / "booklets").glob("*.pdf"))
