"""``saraban booklet`` and ``saraban sample-data`` (internal)."""

from __future__ import annotations

import sys


def booklet(args) -> int:
    from ..reports.build import MANIFEST_NAME, REPORT_NAME, build_booklets
    from ..reports.validate import ValidationError

    try:
        result = build_booklets(args.data, args.output, province=args.province, all_provinces=args.all,
                                year_be=args.year, jobs=args.jobs, strict=args.strict,
                                definition_path=args.definition, national=not args.no_national,
                                progress=not args.no_progress and sys.stderr.isatty())
    except ValidationError as exc:
        print(f"saraban: error: {exc}", file=sys.stderr)
        print(f"saraban: the full list is in {args.output / REPORT_NAME}; no booklet was written",
              file=sys.stderr)
        return 1
    n = len(result.files)
    print(f"wrote {n} booklet{'s' * (n != 1)} ({result.pages} pages, {result.laos} LAOs), "
          f"{MANIFEST_NAME} and {REPORT_NAME} ({result.warnings} warnings) to {args.output}/")
    return 0


def sample(args) -> int:
    from ..reports.sample import write_sample

    wanted = [c.strip().upper() for c in args.provinces.split(",")] if args.provinces else None
    result = write_sample(args.output, seed=args.seed, provinces_filter=wanted, scale=args.scale,
                          year_be=args.year)
    print(f"wrote synthetic data: {result.laos} LAOs in {result.provinces} "
          f"province{'s' * (result.provinces != 1)} to {result.folder}/")
    return 0
