"""The ``saraban`` command (thin): register the commands, parse, run, set the exit status.

Each command owns its parser in ``saraban/commands/<name>.py`` (see :mod:`saraban.commands`); this
module only finds and registers them.

Exit status: 0 success, 1 a saraban error (bad input, missing font; the message names the place),
2 usage error, 130 interrupted (Ctrl-C: one line, no traceback; outputs are left as they were),
143 terminated (SIGTERM, handled as Ctrl-C).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

from . import __version__, commands
from .commands._parser import CommandParser, examples, length  # noqa: F401  (length: public helper)
from .errors import SarabanError


def command_modules() -> list:
    """The command modules of :mod:`saraban.commands`, by name (``_`` modules are helpers)."""
    names = sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"{commands.__name__}.{name}") for name in names]


def build_parser() -> CommandParser:
    parser = CommandParser(
        prog="saraban", description="Thai government documents as PDF: official letters and booklets.",
        epilog=examples("saraban letter letters/dla-lpa-2563/letter.toml -o out/dla-lpa-2563/",
                        "saraban letter check letters/dla-lpa-2563/letter.toml",
                        "saraban COMMAND --help          (the options of a command)"))
    parser.add_argument("--version", action="version", version=f"saraban {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=CommandParser)
    for module in command_modules():
        module.register(sub)
    return parser


class Terminated(BaseException):
    """SIGTERM (``kill PID``, a cancelled job) raised where the command is, so that it cleans up
    as after Ctrl-C: staging folders removed, workers stopped."""


def _terminate(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    import signal
    import threading

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("saraban: interrupted (no output is left half-written)", file=sys.stderr)
        return 130
    except Terminated:
        print("saraban: terminated (no output is left half-written)", file=sys.stderr)
        return 143
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _check_environment() -> None:
    """Settings read from the environment, checked before any command starts: a
    ``SOURCE_DATE_EPOCH`` that is not a number would otherwise stop a build half-way, inside the
    PDF library, with a traceback."""
    from .pdf.archive import build_date

    build_date()


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        _check_environment()
        return args.run(args)
    except SarabanError as exc:  # InputError included: its message names file, line, column
        print(f"saraban: error: {exc}", file=sys.stderr)
        return 1


def run() -> None:  # pragma: no cover - the console script
    """``saraban``: :func:`main`, then exit without tearing down the interpreter.  A build leaves
    caches of millions of small objects; freeing them one by one at exit took 1.5 s of a 9 s
    national booklet run, for nothing — every file is written and closed by then."""
    import os

    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
