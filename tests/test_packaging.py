"""What the package declares: the Python versions (only the tested ones) and the files it carries."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


def _classified() -> list[tuple[int, int]]:
    found = [re.fullmatch(r"Programming Language :: Python :: (\d+)\.(\d+)", c) for c in PROJECT["classifiers"]]
    return sorted((int(m[1]), int(m[2])) for m in found if m)


def test_requires_python_is_the_classified_range():
    """CI tests the lowest and highest classifier (.ci/run reads them): requires-python must
    allow exactly that range of minor versions, and the classifiers must have no gap."""
    versions = _classified()
    low, high = versions[0], versions[-1]
    assert versions == [(3, m) for m in range(low[1], high[1] + 1)]
    assert PROJECT["requires-python"] == f">={low[0]}.{low[1]},<{high[0]}.{high[1] + 1}"
    assert low <= sys.version_info[:2] <= high


def test_ci_runs_the_readme_test_command_on_both_ends():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "python -m pytest -q tests" in ci and "classifiers" in ci
    assert "python -m pytest -q tests" in (ROOT / "README.md").read_text("utf-8")


def test_the_repository_stands_alone():
    """Everything a user or contributor needs is in the repository: no tracked file points to
    material outside it (the project's background folder ``shared/``)."""
    import subprocess

    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    if not files:
        import pytest

        pytest.skip("not a git checkout")
    offenders = [f for f in files if (ROOT / f).is_file() and "shared/" in
                 (ROOT / f).read_bytes().decode("utf-8", "replace").replace("test_the_repository_stands_alone", "")
                 and f != "tests/test_packaging.py"]
    assert offenders == []
