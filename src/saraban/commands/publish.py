"""``saraban publish``: a static catalogue site from a folder of booklets."""

from __future__ import annotations

from pathlib import Path

from ._parser import examples


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "publish", help="a static catalogue site (HTML) from a folder of booklets",
        description="Write a static catalogue site from the booklets `saraban booklet` wrote (its\n"
                    "manifest.json): an index with search, a page per booklet with its numbers and\n"
                    "download links, thumbnails, sitemap.xml.  The folder is written as a whole.",
        epilog=examples("saraban publish out/booklets -o out/site",
                        "saraban publish out/booklets -o out/site --base-url https://www.dla.go.th/ebook/lpa",
                        "saraban publish out/booklets -o out/site --templates reports/site"))
    p.add_argument("booklets", type=Path, metavar="BOOKLETS_DIR", help="the folder `saraban booklet -o` wrote")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="SITE_DIR", help="output folder")
    p.add_argument("--base-url", default=None, metavar="URL",
                   help="the site's address (default: the one the booklets' QR codes were built with; "
                        "a different one is an error)")
    p.add_argument("--templates", type=Path, default=None, metavar="DIR",
                   help="a folder of templates and style sheet that replace the bundled ones by name "
                        "(copy reports/site to start)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..reports.publish import publish

    result = publish(args.booklets, args.output, base_url=args.base_url, templates=args.templates)
    print(f"wrote a site of {result.booklets} booklet{'s' * (result.booklets != 1)} "
          f"({result.files} files) to {args.output}/")
    return 0
