"""``saraban booklet``: province result booklets (LPA and satisfaction) from the data tables."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import InputError
from ._parser import add_pdf_standard, examples, positive_int


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "booklet", help="province result booklets (LPA and satisfaction) from data",
        description="Build the result booklet of one province, or of every province with data and the\n"
                    "national summary, from the laos/lpa/satisfaction tables (CSV or XLSX).",
        epilog=examples("saraban sample-data -o data/sample",
                        "saraban booklet --data data/sample --province เชียงใหม่ -o out/booklets/",
                        "saraban booklet --data data/sample --all --jobs 2 -o out/booklets/",
                        "saraban booklet --data data/sample --all --imposition saddle -o out/booklets/"))
    p.add_argument("--data", nargs="+", type=Path, required=True, metavar="DIR|FILE",
                   help="a folder with laos/lpa/satisfaction tables (CSV or XLSX), or the files")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--province", metavar="PROVINCE",
                       help="one province: its code (TH-50), number (50) or Thai name (เชียงใหม่)")
    which.add_argument("--all", action="store_true", help="every province with data")
    p.add_argument("--year", type=int, default=None, help="B.E. year (default: the data's only year)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUTDIR", help="output folder")
    p.add_argument("--jobs", type=positive_int, default=1, help="processes, 1 or more (default 1)")
    p.add_argument("--encoding", default=None, metavar="NAME",
                   help="encoding of CSV files that are not UTF-8 (default cp874/TIS-620, checked for "
                        "plausible Thai; cp1252 for Windows Western)")
    p.add_argument("--strict", action="store_true", help="treat data warnings as errors")
    p.add_argument("--definition", type=Path, default=None,
                   help="booklet definition TOML (default: the bundled one, as reports/lpa-booklet.toml)")
    p.add_argument("--imposition", choices=["saddle"], default=None,
                   help="also write NAME-print.pdf beside each booklet: two A5 pages on each side of "
                        "A4 in saddle-stitch order (print double-sided, flip on the short edge, fold)")
    p.add_argument("--base-url", default=None, metavar="URL",
                   help="address of the catalogue site (saraban publish) that the QR codes point at "
                        "(default: the definition's base_url)")
    p.add_argument("--no-national", action="store_true", help="skip the national summary booklet")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--untagged", action="store_true",
                   help="leave out the structure tree that screen readers use (for size and time "
                        "comparisons; saraban's PDFs are tagged)")
    add_pdf_standard(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from ..reports.build import MANIFEST_NAME, REPORT_NAME, build_booklets
    from ..reports.model import province_code
    from ..reports.validate import ValidationError

    province = None
    if args.province is not None:
        province = province_code(args.province)
        if province is None:
            raise InputError(f"unknown province {args.province!r}: give its code (TH-50), number (50) "
                             f"or Thai name (เชียงใหม่)")
    try:
        result = build_booklets(args.data, args.output, province=province, all_provinces=args.all,
                                year_be=args.year, jobs=args.jobs, strict=args.strict,
                                definition_path=args.definition, national=not args.no_national,
                                encoding=args.encoding, imposition=args.imposition, tagged=not args.untagged,
                                base_url=args.base_url, standard=args.pdf_standard,
                                progress=not args.no_progress and sys.stderr.isatty())
    except ValidationError as exc:
        print(f"saraban: error: {exc}", file=sys.stderr)
        report = getattr(exc, "report", None)
        kept = "" if report is None or report.parent == args.output else \
            f" ({args.output}/ keeps the booklets of the last good run)"
        where = f"the full list is in {report}; " if report is not None else ""
        print(f"saraban: {where}no booklet was written{kept}", file=sys.stderr)
        return 1
    n = len(result.files)
    prints = f", {n} print file{'s' * (n != 1)}" if args.imposition else ""
    print(f"wrote {n} booklet{'s' * (n != 1)} ({result.pages} pages, {result.laos} LAOs){prints}, "
          f"{MANIFEST_NAME} and {REPORT_NAME} ({result.warnings} warnings) to {args.output}/")
    return 0
