"""Every example of the project's Markdown files runs and prints what the file shows (see
``doc_examples.py`` for the marker), and the checker itself catches a wrong example."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from doc_examples import Command, examples, output_matches

ROOT = Path(__file__).resolve().parents[2]
#: Not copied into the scratch repository: version control, environments, build output.
SKIP = shutil.ignore_patterns(".git", ".venv*", "node_modules", "out", "__pycache__", ".hypothesis",
                              ".pytest_cache", "*.egg-info", "build", "dist", "sample", ".nox")
#: A README example may build all 76 booklets; anything slower is a hung command.
TIMEOUT = 600


def _documents() -> list[Path]:
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for folder in ("letters", "data", "reports", "fonts", "benchmarks"):
        docs += sorted((ROOT / folder).glob("*.md"))
    return [d for d in docs if d.exists()]


DOCUMENTS = [d for d in _documents() if examples(d)]


def _scratch(tmp_path: Path) -> tuple[Path, dict]:
    """A copy of the repository to run examples in, with ``saraban`` and ``python`` on the PATH
    being the interpreter under test."""
    work = tmp_path / "repo"
    shutil.copytree(ROOT, work, ignore=SKIP, symlinks=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, args in (("saraban", '-m saraban "$@"'), ("python", '"$@"'), ("python3", '"$@"')):
        shim = bin_dir / name
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" {args}\n', "utf-8")
        shim.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
               PYTHONUNBUFFERED="1", COLUMNS="100", NO_COLOR="1")
    return work, env


def _run(command: Command, cwd: Path, env: dict, where: str) -> None:
    r = subprocess.run(["bash", "-c", command.text], cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT)
    shown = "\n".join(command.expected or ())
    assert r.returncode == command.status, (
        f"{where}: `{command.text}` exited {r.returncode} (expected {command.status}):\n{r.stdout}")
    if command.expected is not None:
        assert output_matches(command.expected, r.stdout), (
            f"{where}: `{command.text}` printed\n{r.stdout}\n--- but the document shows\n{shown}")


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[str(d.relative_to(ROOT)) for d in DOCUMENTS])
def test_examples_of(doc, tmp_path):
    work, env = _scratch(tmp_path)
    for example in examples(doc):
        where = f"{doc.relative_to(ROOT)}, line {example.line}"
        if example.kind == "console":
            for command in example.commands:
                _run(command, work, env, f"{doc.relative_to(ROOT)}, line {command.line}")
        elif example.kind in ("sh", "bash", "shell"):
            _run(Command(f"set -e\n{example.source}", example.line, None), work, env, where)
        elif example.kind == "python":
            script = tmp_path / f"example-{example.line}.py"
            script.write_text(example.source, "utf-8")
            _run(Command(f'python "{script}"', example.line, None), work, env, where)
        else:
            pytest.fail(f"{where}: examples of kind {example.kind!r} cannot be run")


def test_the_readme_has_examples():
    assert ROOT / "README.md" in DOCUMENTS


# -- the checker itself ---------------------------------------------------------------------------

SAMPLE = """\
Text.

```console example
$ echo one; echo two
one
two
$ printf 'a\\nb\\nc\\n' \\
> | cat
a
...
$ false  # exit 1
```

```sh
not an example
```

```python example
print("hi")
```
"""


def test_blocks_commands_and_output_are_read(tmp_path):
    doc = tmp_path / "d.md"
    doc.write_text(SAMPLE, "utf-8")
    found = examples(doc)
    assert [(e.kind, e.line) for e in found] == [("console", 3), ("python", 18)]
    c = found[0].commands
    assert [x.line for x in c] == [4, 7, 11]
    assert c[0].expected == ("one", "two")
    assert c[1].text == "printf 'a\\nb\\nc\\n' \n| cat" and c[1].expected == ("a", "...")
    assert c[2].text == "false" and c[2].status == 1 and c[2].expected is None


@pytest.mark.parametrize("expected,actual,ok", [
    (("one", "two"), "one\ntwo\n", True),
    (("one", "two"), "one  \ntwo\n\n", True),
    (("one", "two"), "one\ntwo\nthree\n", False),
    (("one", "three"), "one\ntwo\n", False),
    (("one", "..."), "one\ntwo\nthree\n", True),
    (("one", "...", "three"), "one\nthree\n", True),
    (("wrote ... letters",), "wrote 76 letters\n", True),
    (("wrote ... letters",), "wrote 76\nletters\n", False),
    (("a.b",), "axb\n", False),
])
def test_output_matching(expected, actual, ok):
    assert output_matches(expected, actual) is ok


def test_a_wrong_example_fails(tmp_path):
    work, env = _scratch(tmp_path)
    with pytest.raises(AssertionError, match="but the document shows"):
        _run(Command("saraban --version", 1, ("saraban 0.0.0",)), work, env, "x")
    with pytest.raises(AssertionError, match="exited 2"):
        _run(Command("saraban letter", 1, None), work, env, "x")
    _run(Command("saraban --version", 1, ("saraban ...",)), work, env, "x")
