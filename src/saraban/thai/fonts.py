"""Font resources of the Thai layer (public): faces, families, and where they are found.

Not a pipeline stage but the resource every stage that measures or draws shares.  A
:class:`FontFace` is one TrueType file with the metrics saraban needs; a :class:`FontFamily` groups
the four styles and carries the *size scale* that turns "TH Sarabun points" (what a clerk means by
16 pt) into the font's own points; a :class:`FontLibrary` finds families by name in the bundled
Sarabun package, in ``fonts/`` folders and in the system font folders.
"""

from __future__ import annotations

import functools
import os
import statistics
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import FontError

#: Median advance of the Thai consonants ก–ฮ in TH Sarabun New / TH SarabunIT๙, in em.  Sarabun
#: (OFL) measures 0.6095 em and is 1.53× wider at the same point size (letter-format spec), so the
#: reference is 0.6095 / 1.53.  Sizes in saraban are "TH Sarabun points": a family whose median is
#: twice this value is set at half the nominal size so that line lengths match what offices type.
REFERENCE_THAI_ADVANCE_EM = 0.6095 / 1.53

#: Single line pitch of TH Sarabun in em: its Windows metrics are 850 + 250 per 1000 em, so 16 pt
#: text sits on a 17.6 pt (0.62 cm) pitch in Word.  Used in TH Sarabun points.
REFERENCE_LINE_PITCH_EM = 1.1

#: Code points whose advances define a face's "Thai width": the consonants ก (U+0E01) to ฮ (U+0E2E).
THAI_CONSONANTS = tuple(range(0x0E01, 0x0E2F))

#: Assigned characters of the Thai block, for the coverage column of ``saraban fonts``.
THAI_BLOCK = tuple(cp for cp in range(0x0E01, 0x0E5C) if unicodedata.category(chr(cp)) != "Cn")

#: Style keys of a family (the RIBBI set of TrueType legacy names).
STYLES = ("regular", "bold", "italic", "bolditalic")

_SUBFAMILY_TO_STYLE = {
    "regular": "regular",
    "normal": "regular",
    "roman": "regular",
    "bold": "bold",
    "italic": "italic",
    "oblique": "italic",
    "bold italic": "bolditalic",
    "bolditalic": "bolditalic",
    "bold oblique": "bolditalic",
}

#: System folders searched for fonts on Linux and other Unix systems (Debian's TLWG fonts live
#: in the first).
SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/tlwg"),
    Path("/usr/share/fonts/truetype"),
    Path("/usr/share/fonts/opentype"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
)

#: macOS: fonts installed for all users, then the user's own (Font Book's two choices), then the
#: system's (Thonburi, Sukhumvit Set...; their Thai shaping is OpenType, so they work as any other).
MACOS_FONT_DIRS = ("/Library/Fonts", "~/Library/Fonts", "/System/Library/Fonts")

#: Windows: the system folder (``%WINDIR%\\Fonts``, where "Install for all users" puts a font,
#: TH SarabunIT๙ included) and the per-user folder that plain "Install" uses since Windows 10 1809.
WINDOWS_FONT_DIRS = (("WINDIR", "Fonts"), ("LOCALAPPDATA", "Microsoft/Windows/Fonts"))
WINDOWS_DEFAULT_WINDIR = "C:\\Windows"


def system_font_dirs(platform: str | None = None, environ: Mapping[str, str] | None = None,
                     home: Path | None = None) -> tuple[Path, ...]:
    """The folders where the operating system keeps installed fonts (``platform`` as
    :data:`sys.platform`; the arguments exist so that the other systems can be tested anywhere)."""
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    if platform == "win32":
        dirs = []
        for variable, sub in WINDOWS_FONT_DIRS:
            base = environ.get(variable) or (WINDOWS_DEFAULT_WINDIR if variable == "WINDIR" else None)
            if base:
                dirs.append(Path(base).joinpath(*sub.split("/")))
        return tuple(dirs)
    if platform == "darwin":
        return tuple(home / d[2:] if d.startswith("~/") else Path(d) for d in MACOS_FONT_DIRS)
    return SYSTEM_FONT_DIRS


#: Environment variable with extra font folders (os.pathsep-separated).
FONT_PATH_ENV = "SARABAN_FONT_PATH"

#: The family used when none is named.
DEFAULT_FAMILY = "Sarabun"

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


def family_key(name: str) -> str:
    """Compare family names ignoring case, spaces, hyphens and underscores."""
    return "".join(ch for ch in name.casefold() if ch not in " -_")


@dataclass(frozen=True)
class FontFace:
    """One font file with the metrics saraban uses.  Distances are in font units (``upem``)."""

    path: Path
    family: str
    style: str
    postscript_name: str
    upem: int
    ascent: int
    descent: int  # negative, below the baseline
    line_gap: int
    cap_height: int
    italic_angle: float
    bbox: tuple[int, int, int, int]
    underline_position: int
    underline_thickness: int
    cmap: Mapping[int, int] = field(repr=False)
    advances: tuple[int, ...] = field(repr=False)
    has_thai_layout: bool = False
    data: bytes = field(repr=False, compare=False, default=b"")

    @functools.cached_property
    def median_thai_advance_em(self) -> float | None:
        """Median advance of ก–ฮ in em, or None when the face has no Thai consonants."""
        widths = [self.advances[self.cmap[cp]] for cp in THAI_CONSONANTS if cp in self.cmap]
        return statistics.median(widths) / self.upem if widths else None

    @property
    def line_pitch_em(self) -> float:
        """The font's own single line pitch (ascent − descent + gap), in em."""
        return (self.ascent - self.descent + self.line_gap) / self.upem

    def covers(self, char: str) -> bool:
        return ord(char) in self.cmap

    def thai_coverage(self) -> float:
        """Share of the assigned Thai-block characters that have a glyph."""
        return sum(cp in self.cmap for cp in THAI_BLOCK) / len(THAI_BLOCK)

    @functools.cached_property
    def hb_font(self):
        """The HarfBuzz font object for shaping (created on first use, one per face)."""
        import uharfbuzz as hb

        font = hb.Font(hb.Face(hb.Blob(self.data)))
        return font

    def glyph_advance(self, gid: int) -> int:
        return self.advances[gid] if gid < len(self.advances) else 0


@functools.lru_cache(maxsize=None)
def load_face(path: Path) -> FontFace:
    """Read a TrueType/OpenType file (cached per path for the process)."""
    from fontTools.ttLib import TTFont, TTLibError

    path = Path(path)
    try:
        data = path.read_bytes()
        tt = TTFont(path, lazy=True, fontNumber=0)
        upem = tt["head"].unitsPerEm
        cmap = dict(tt.getBestCmap() or {})
        order = tt.getGlyphOrder()
        gid_of = {name: i for i, name in enumerate(order)}
        hmtx = tt["hmtx"]
        advances = tuple(hmtx[name][0] for name in order)
        cmap_gids = {cp: gid_of[name] for cp, name in cmap.items()}
        hhea = tt["hhea"]
        os2 = tt["OS/2"] if "OS/2" in tt else None
        post = tt["post"]
        head = tt["head"]
        family, style = _names(tt, path)
        has_thai = "GSUB" in tt and _gsub_has_thai(tt)
        if "glyf" not in tt:
            raise FontError(f"{path}: PostScript-flavoured (CFF) OpenType is not supported; "
                            "use the TrueType (.ttf) version of the font")
        face = FontFace(
            path=path,
            family=family,
            style=style,
            postscript_name=_postscript_name(tt, path),
            upem=upem,
            ascent=hhea.ascent,
            descent=hhea.descent,
            line_gap=hhea.lineGap,
            cap_height=getattr(os2, "sCapHeight", 0) or int(hhea.ascent * 0.7),
            italic_angle=float(post.italicAngle),
            bbox=(head.xMin, head.yMin, head.xMax, head.yMax),
            underline_position=post.underlinePosition,
            underline_thickness=post.underlineThickness or upem // 20,
            cmap=cmap_gids,
            advances=advances,
            has_thai_layout=has_thai,
            data=data,
        )
        tt.close()
        return face
    except (OSError, TTLibError, KeyError, AssertionError) as exc:
        raise FontError(f"{path}: cannot read font: {exc}") from exc


def _names(tt, path: Path) -> tuple[str, str]:
    name = tt["name"]
    family = name.getDebugName(1) or path.stem
    sub = (name.getDebugName(2) or "Regular").strip().casefold()
    return family.strip(), _SUBFAMILY_TO_STYLE.get(sub, sub.replace(" ", ""))


def _postscript_name(tt, path: Path) -> str:
    raw = tt["name"].getDebugName(6) or path.stem
    cleaned = "".join(ch for ch in raw if ch.isascii() and ch.isalnum() or ch in "-_")
    return cleaned or "SarabanFont"


def _gsub_has_thai(tt) -> bool:
    table = tt["GSUB"].table
    if table.ScriptList is None:
        return False
    return any(rec.ScriptTag == "thai" for rec in table.ScriptList.ScriptRecord)


@dataclass(frozen=True)
class FontFamily:
    """A family: its style files and the size scale that normalises it to TH Sarabun points."""

    name: str
    files: Mapping[str, Path]
    scale_override: float | None = None

    def face(self, style: str = "regular") -> FontFace:
        """The face of ``style``, falling back bolditalic → bold → regular when a style is absent."""
        for candidate in (*_style_fallbacks(style), *sorted(self.files)):
            if candidate in self.files:
                return load_face(self.files[candidate])
        raise FontError(f"font family {self.name!r} has no font files")

    @property
    def styles(self) -> tuple[str, ...]:
        return tuple(s for s in STYLES if s in self.files)

    @property
    def scale(self) -> float:
        """Factor from TH Sarabun points to this family's points (Sarabun ≈ 0.65)."""
        if self.scale_override:
            return self.scale_override
        median = self.face("regular").median_thai_advance_em
        return REFERENCE_THAI_ADVANCE_EM / median if median else 1.0

    def point_size(self, th_points: float) -> float:
        """The font size to set for a nominal size in TH Sarabun points."""
        return th_points * self.scale

    def line_pitch(self, th_points: float) -> float:
        """Single line pitch in PDF points: the office pitch, or more if the font needs room."""
        office = th_points * REFERENCE_LINE_PITCH_EM
        own = self.point_size(th_points) * self.face("regular").line_pitch_em
        return max(office, own)


def _style_fallbacks(style: str) -> tuple[str, ...]:
    chain = {
        "regular": ("regular",),
        "bold": ("bold", "regular"),
        "italic": ("italic", "regular"),
        "bolditalic": ("bolditalic", "bold", "italic", "regular"),
    }
    return chain.get(style, (style, "regular"))


def _bundled_sarabun() -> FontFamily | None:
    try:
        import fontpkg_sarabun
    except ImportError:
        return None
    root = Path(fontpkg_sarabun.ROOT) / "files"
    files = {
        "regular": root / "Sarabun-Regular.ttf",
        "bold": root / "Sarabun-Bold.ttf",
        "italic": root / "Sarabun-Italic.ttf",
        "bolditalic": root / "Sarabun-BoldItalic.ttf",
    }
    files = {k: v for k, v in files.items() if v.exists()}
    return FontFamily("Sarabun", files) if files else None


class FontLibrary:
    """Finds font families by name.

    Search order (first wins for a family name): explicit folders given by the caller (an office's
    ``fonts/``), folders in ``$SARABAN_FONT_PATH``, the bundled Sarabun, then the system folders.
    """

    def __init__(self, dirs: Iterable[Path | str] = (), *, system: bool = True,
                 families: Mapping[str, Mapping[str, str | Path]] | None = None,
                 scales: Mapping[str, float] | None = None):
        self._dirs = [Path(d) for d in dirs]
        env = os.environ.get(FONT_PATH_ENV, "")
        self._dirs += [Path(p) for p in env.split(os.pathsep) if p]
        self._system = system
        self._explicit = {family_key(k): (k, {s: Path(p) for s, p in v.items()})
                          for k, v in (families or {}).items()}
        self._scales = {family_key(k): v for k, v in (scales or {}).items()}
        self._families: dict[str, FontFamily] | None = None

    def _scan(self) -> dict[str, FontFamily]:
        found: dict[str, tuple[str, dict[str, Path]]] = {}
        for key, (name, files) in self._explicit.items():
            found[key] = (name, dict(files))

        def add(family: str, style: str, path: Path) -> None:
            entry = found.setdefault(family_key(family), (family, {}))
            entry[1].setdefault(style, path)

        for folder in self._dirs:
            for path in _font_files(folder):
                family, style = _quick_names(path)
                if family:
                    add(family, style, path)
        bundled = _bundled_sarabun()
        if bundled:
            for style, path in bundled.files.items():
                add(bundled.name, style, path)
        if self._system:
            for folder in system_font_dirs():
                for path in _font_files(folder):
                    family, style = _quick_names(path)
                    if family:
                        add(family, style, path)
        return {
            key: FontFamily(name, files, self._scales.get(key))
            for key, (name, files) in sorted(found.items())
            if files
        }

    @property
    def families(self) -> Mapping[str, FontFamily]:
        if self._families is None:
            self._families = self._scan()
        return self._families

    def family(self, name: str | None = None) -> FontFamily:
        """The family called ``name`` (default Sarabun); a clear error lists what exists."""
        name = name or DEFAULT_FAMILY
        fam = self.families.get(family_key(name))
        if fam is None:
            path = Path(name)
            if path.suffix.lower() in FONT_SUFFIXES and path.exists():
                return FontFamily(path.stem, {"regular": path})
            known = ", ".join(f.name for f in self.families.values()) or "none"
            raise FontError(f"font family {name!r} not found; known families: {known}. "
                            f"Drop its .ttf files into fonts/ or name the folder in ${FONT_PATH_ENV}.")
        return fam


def _font_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES and p.is_file())


@functools.lru_cache(maxsize=None)
def _quick_names(path: Path) -> tuple[str | None, str]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True, fontNumber=0) as tt:
            if "glyf" not in tt:
                return None, ""  # PostScript-flavoured OpenType: embedded as TrueType only
            return _names(tt, path)
    except (OSError, TTLibError, KeyError, AssertionError):
        return None, ""


@functools.lru_cache(maxsize=None)
def default_library() -> FontLibrary:
    """The library of the current folder: ``./fonts`` plus the standard places."""
    return FontLibrary([Path.cwd() / "fonts"])
