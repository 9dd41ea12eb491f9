"""``saraban init``: set up an office folder (office.toml, fonts/, emblem, example letters)."""

from __future__ import annotations

from pathlib import Path

from ._parser import examples


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "init", help="set up a new office folder with an example letter and merge",
        description="Create an office folder: office.toml (agency, address, contact, emblem, font — with\n"
                    "comments in Thai and English), fonts/ (where TH SarabunIT๙ goes), a stand-in emblem,\n"
                    "an example letter, an example merge with its recipients, and README.txt in Thai.\n"
                    "The folder must be new or empty; nothing is overwritten.",
        epilog=examples('saraban init my-office --agency "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่"',
                        "saraban letter my-office/letters/example.toml -o my-office/letters/example.pdf"))
    p.add_argument("folder", type=Path, metavar="OFFICE_DIR", help="the folder to create (new or empty)")
    p.add_argument("--agency", default=None,
                   help="the agency's name for office.toml (default: a made-up provincial office)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..office import create_office

    made = create_office(args.folder, args.agency)
    print(f"created the office folder {made.folder}/ ({len(made.files)} files):")
    for name in made.files:
        print(f"  {name}")
    print("next:\n"
          f"  saraban letter {made.folder / 'letters' / 'example.toml'} -o {made.folder / 'letters' / 'example.pdf'}\n"
          f"  (edit {made.folder / 'office.toml'} first: agency, address, contact, emblem, font)")
    return 0
