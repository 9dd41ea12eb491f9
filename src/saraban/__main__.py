"""``python -m saraban``: the ``saraban`` command."""

from .cli import run

run()
