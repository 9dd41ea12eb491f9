"""The command-line subcommands (internal; see :mod:`saraban.cli`).

Each public module here is one command: it defines ``register(subparsers)``, which adds the
command's parser (with help on every option and an example in its epilog) and sets ``run`` as the
parser's default, and ``run(args) -> int``, the exit status.  :mod:`saraban.cli` finds the modules
itself, so a new command is a new file.  Modules whose name starts with ``_`` are helpers.  Import
heavy libraries inside ``run``: every command module is imported for every invocation.
"""
