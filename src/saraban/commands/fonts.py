"""``saraban fonts`` (internal): the families found, their styles, scale and Thai coverage."""

from __future__ import annotations

from pathlib import Path

from ..thai.fonts import FontLibrary


def list_fonts(args) -> int:
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
