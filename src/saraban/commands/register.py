"""``saraban register``: make the outgoing register, list and show its entries, cancel a number,
export it as the regulation's form (PDF) or as CSV/XLSX."""

from __future__ import annotations

import datetime as _dt
import hashlib
import sys
from pathlib import Path

from ._parser import examples


def _settings(args):
    from ..register.config import find_office_file, settings_from

    office = args.office if args.office else find_office_file()
    if args.office and not args.office.is_file():
        from ..errors import InputError, Location

        raise InputError("no such office file", Location(args.office))
    return settings_from(office, args.register)


def _open(args, create: bool = False):
    from ..register import open_register

    return open_register(_settings(args).url, create=create)


def _this_year() -> int:
    from ..register.model import BE_OFFSET

    return _dt.date.today().year + BE_OFFSET


def init(args) -> int:
    from ..errors import InputError

    settings = _settings(args)
    from ..register import open_register

    with open_register(settings.url, create=True) as reg:
        year = args.year or _this_year()
        for item in args.next or []:
            name, _, value = item.partition("=")
            if name not in settings.series or not value.isdigit() or int(value) < 1:
                raise InputError(f"--next {item!r}: give SERIES=N with a series of office.toml "
                                 f"({', '.join(settings.series) or 'none defined'}) and N ≥ 1")
            reg.set_next(name, year, int(value))
        print(f"register {reg.location} ({reg.kind}, schema version {reg.version()})")
        for name, rule in settings.series.items():
            n = reg.next_number(name, year)
            print(f"  {name}: next number in {year} is {rule.format(n, year)}")
        if not settings.series:
            print("  no series yet: add [series] to office.toml, e.g. circular = \"มท 0810.7/ว\"")
    return 0


def list_entries(args) -> int:
    with _open(args) as reg:
        entries = reg.entries(year=args.year, series=args.series, search=args.search)
    for e in entries:
        letters = len(e.recipients)
        extra = f" ({letters} letters)" if letters > 1 else ""
        print(e.dump() + extra)
    sys.stdout.flush()
    print(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}", file=sys.stderr)
    return 0


def _file_state(folder: str, name: str, sha256: str) -> str:
    if not folder:
        return ""
    path = Path(folder) / name
    if not path.is_file():
        return "  MISSING"
    return "" if hashlib.sha256(path.read_bytes()).hexdigest() == sha256 else "  CHANGED since it was issued"


def show(args) -> int:
    with _open(args) as reg:
        e = reg.find(args.number, args.year)
    print(f"ที่ {e.number}")
    print(f"register:  {e.series} {e.seq}/{e.year} ({e.status}{': ' + e.reason if e.reason else ''})")
    print(f"date:      {e.letter_date}")
    print(f"subject:   {e.subject}")
    print(f"from:      {e.sender}")
    print(f"to:        {e.recipient}")
    if e.via:
        print(f"sent via:  {e.via}")
    if e.remark:
        print(f"remark:    {e.remark}")
    print(f"issued:    {e.issued_at} by {e.issued_by}")
    if e.spec:
        print(f"spec:      {e.spec}")
    if e.folder:
        print(f"folder:    {e.folder}")
    print(f"files:     {len(e.documents)}")
    for d in e.documents:
        state = _file_state(e.folder, d.file, d.sha256)
        to = f"  → {d.recipient}" if d.recipient else ""
        print(f"  {d.file}  sha256:{d.sha256}  {d.size} bytes{to}{state}")
    return 0


def cancel(args) -> int:
    with _open(args) as reg:
        e = reg.cancel(args.number, args.reason, args.year)
    print(f"cancelled ที่ {e.number} ({e.series} {e.seq}/{e.year}): {e.reason}")
    return 0


def export(args) -> int:
    from ..errors import InputError, Location
    from ..outputs import write_file
    from ..register import export as ex

    suffix = args.output.suffix.lower()
    if suffix not in (".pdf", ".csv", ".xlsx"):
        raise InputError("export to a .pdf (the register form), .csv or .xlsx file", Location(args.output))
    with _open(args) as reg:
        entries = reg.entries(year=args.year, series=args.series)
    data = {".pdf": ex.to_pdf, ".csv": ex.to_csv, ".xlsx": ex.to_xlsx}[suffix](entries)
    write_file(args.output, data)
    print(f"wrote {args.output} ({len(entries)} entr{'y' if len(entries) == 1 else 'ies'})")
    return 0


def _common(p) -> None:
    p.add_argument("--office", type=Path, metavar="office.toml",
                   help="the office file naming the register and its series (default: ./office.toml)")
    p.add_argument("--register", metavar="PATH|URL",
                   help="another register: a SQLite file or a postgresql:// URL (default: office.toml's)")


def register(subparsers) -> None:
    """``saraban register init|list|show|cancel|export``."""
    reg = subparsers.add_parser(
        "register", usage="saraban register {init,list,show,cancel,export} ...",
        help="the outgoing register (ทะเบียนหนังสือส่ง): numbers issued, letters sent",
        description="The office's outgoing register: make it, list and show what went out under each\n"
                    "number, cancel a number with a reason, print it as the register form.",
        epilog=examples("saraban register init", "saraban register list --year 2564",
                        "saraban register show 'มท 0810.7/ว 4419'",
                        "saraban register export -o register.pdf"))
    sub = reg.add_subparsers(dest="register_command", required=True, metavar="SUBCOMMAND")

    p = sub.add_parser("init", prog="saraban register init", help="make the register (or bring it to this version)",
                       description="Make the register named by office.toml (default saraban.db beside it), or\n"
                                   "migrate an existing one; print the next number of each series.",
                       epilog=examples("saraban register init", "saraban register init --next circular=4419"))
    _common(p)
    p.add_argument("--next", action="append", metavar="SERIES=N",
                   help="start SERIES at number N this year (an office moving to saraban mid-year)")
    p.add_argument("--year", type=int, metavar="YEAR", help="B.E. year for --next (default: this year)")
    p.set_defaults(run=init)

    p = sub.add_parser("list", prog="saraban register list", help="the entries, one per line",
                       description="List the register's entries in order: year, series, register number,\n"
                                   "ที่, date and subject.",
                       epilog=examples("saraban register list", "saraban register list --year 2564 --series circular",
                                       "saraban register list --search เชียงใหม่"))
    _common(p)
    p.add_argument("--year", type=int, metavar="YEAR", help="only this B.E. year")
    p.add_argument("--series", metavar="NAME", help="only this series")
    p.add_argument("--search", metavar="TEXT", help="only entries whose number, subject, sender or recipients contain TEXT")
    p.set_defaults(run=list_entries)

    p = sub.add_parser("show", prog="saraban register show", help="one number: the entry, its recipients and files",
                       description="Show what went out under NUMBER: the entry, each file with its SHA-256 and\n"
                                   "recipient, and whether the file is still in its folder unchanged.",
                       epilog=examples("saraban register show 'มท 0810.7/ว 4419'",
                                       "saraban register show 'มท 0810.7/12' --year 2564"))
    _common(p)
    p.add_argument("number", metavar="NUMBER", help="the number as printed after ที่ (Thai or Arabic digits)")
    p.add_argument("--year", type=int, metavar="YEAR", help="the B.E. year, when the number was issued in several")
    p.set_defaults(run=show)

    p = sub.add_parser("cancel", prog="saraban register cancel", help="withdraw a number, with a reason",
                       description="Mark NUMBER cancelled with a reason.  It stays in the register and is never\n"
                                   "issued again.",
                       epilog=examples("saraban register cancel 'มท 0810.7/ว 4419' --reason 'ส่งผิดหน่วยงาน'"))
    _common(p)
    p.add_argument("number", metavar="NUMBER", help="the number as printed after ที่")
    p.add_argument("--reason", required=True, help="why the number is withdrawn (printed in the remark column)")
    p.add_argument("--year", type=int, metavar="YEAR", help="the B.E. year, when the number was issued in several")
    p.set_defaults(run=cancel)

    p = sub.add_parser("export", prog="saraban register export", help="the register as its form (PDF), CSV or XLSX",
                       description="Write the register as the regulation's ทะเบียนหนังสือส่ง form (a .pdf file)\n"
                                   "or as a table (.csv, .xlsx) with every recipient and file hash.",
                       epilog=examples("saraban register export -o register.pdf --year 2564",
                                       "saraban register export -o register.xlsx"))
    _common(p)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="a .pdf, .csv or .xlsx file")
    p.add_argument("--year", type=int, metavar="YEAR", help="only this B.E. year")
    p.add_argument("--series", metavar="NAME", help="only this series")
    p.set_defaults(run=export)
