"""``python -m saraban``: the ``saraban`` command."""

from .cli import run

# guarded: a worker started by spawn (Windows, macOS) imports this module under another name
if __name__ == "__main__":
    run()
