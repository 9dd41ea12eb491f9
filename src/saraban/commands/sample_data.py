"""``saraban sample-data``: write the synthetic LPA/satisfaction dataset (for trying booklets)."""

from __future__ import annotations

from pathlib import Path

from ._parser import examples


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "sample-data", help="write the synthetic LPA/satisfaction dataset",
        description="Write a synthetic dataset (laos, lpa and satisfaction tables) with the real number\n"
                    "of LAOs per province and type, to try the booklets on.  It is marked synthetic.",
        epilog=examples("saraban sample-data -o data/sample",
                        "saraban sample-data -o data/small --provinces TH-50,TH-30 --scale 0.1"))
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUTDIR",
                   help="folder to write the tables into")
    p.add_argument("--seed", type=int, default=2563,
                   help="random seed: the same seed gives the same data (default 2563)")
    p.add_argument("--provinces", default=None, help="comma-separated codes, e.g. TH-50,TH-30")
    p.add_argument("--scale", type=float, default=1.0, help="share of the real LAO counts (default 1.0)")
    p.add_argument("--year", type=int, default=2563, help="B.E. year of the data (default 2563)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..reports.sample import write_sample

    wanted = [c.strip().upper() for c in args.provinces.split(",")] if args.provinces else None
    result = write_sample(args.output, seed=args.seed, provinces_filter=wanted, scale=args.scale,
                          year_be=args.year)
    print(f"wrote synthetic data: {result.laos} LAOs in {result.provinces} "
          f"province{'s' * (result.provinces != 1)} to {result.folder}/")
    return 0
