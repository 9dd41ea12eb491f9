"""``saraban fonts``: the families found, their styles, scale and Thai coverage."""

from __future__ import annotations

from pathlib import Path

from ._parser import examples


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "fonts", help="list the font families found, with Thai coverage",
        description="List the font families saraban finds (./fonts, the system's font folders and any\n"
                    "--fonts-dir), with their styles, size scale, Thai coverage and shaping.",
        epilog=examples("saraban fonts", "saraban fonts --fonts-dir my-office/fonts"))
    p.add_argument("--fonts-dir", action="append", default=[], type=Path, metavar="DIR",
                   help="extra folder with .ttf files, may be repeated (./fonts is always searched)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..thai.fonts import FontLibrary

    lib = FontLibrary([Path.cwd() / "fonts", *args.fonts_dir])
    print(f"{'family':<28} {'styles':<28} {'scale':>6} {'Thai':>6}  shaping  file")
    for fam in lib.families.values():
        try:
            face = fam.face("regular")
        except Exception as exc:  # an unreadable file is listed, not fatal
            print(f"{fam.name:<28} unreadable: {exc}")
            continue
        coverage = face.thai_coverage()
        shaping = "OpenType" if face.has_thai_layout else ("PUA/none" if coverage else "-")
        print(f"{fam.name:<28} {','.join(fam.styles):<28} {fam.scale:6.3f} {coverage:6.0%}  "
              f"{shaping:<8} {face.path}")
    return 0
