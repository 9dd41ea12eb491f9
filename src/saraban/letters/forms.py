"""Letter forms (public): page geometry as data, one TOML file per kind.

A form is read from the package (``forms/<kind>.toml``) and then overridden by an office's form file
and by a ``[form]`` table in the letter spec.  Only keys that exist in the default form may be
overridden, so a typo is an error rather than a silently ignored setting.  Lengths are cm from the
paper's top-left unless the key ends in ``_pt``.

A package form may start with ``extends = "<kind>"``: it is that form with the form's own tables
laid over it (keys replaced or added), so the kinds that share a page — an announcement is an
order with another head — state only what differs.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from ..errors import InputError, Location
from ..source import read_toml

POINTS_PER_CM = 72 / 2.54


@dataclass(frozen=True)
class Form:
    """The geometry and wording of one kind of letter."""

    name: str
    values: Mapping[str, Mapping[str, Any]]

    def get(self, section: str, key: str) -> Any:
        return self.values[section][key]

    def has(self, section: str, key: str | None = None) -> bool:
        return section in self.values and (key is None or key in self.values[section])

    def cm(self, section: str, key: str) -> float:
        """A length in cm, returned in points."""
        return float(self.values[section][key]) * POINTS_PER_CM

    def pt(self, section: str, key: str) -> float:
        return float(self.values[section][key])

    # frequently used geometry, in points (PDF origin bottom-left)
    @property
    def page_size(self) -> tuple[float, float]:
        return self.cm("page", "width"), self.cm("page", "height")

    @property
    def left(self) -> float:
        return self.cm("page", "left")

    @property
    def right(self) -> float:
        """x of the right edge of the text area."""
        return self.cm("page", "width") - self.cm("page", "right")

    @property
    def text_width(self) -> float:
        return self.right - self.left

    def y(self, cm_from_top: float) -> float:
        """PDF y of a position given in cm from the top of the paper."""
        return self.cm("page", "height") - cm_from_top * POINTS_PER_CM

    def y_of(self, section: str, key: str) -> float:
        return self.y(float(self.values[section][key]))


#: Lengths measured across the page (cm): they must fit in its width.  Every other length in cm
#: (baselines, tops, heights) must fit in its height, and lengths in points (``_pt``) too.
HORIZONTAL = {"x", "axis", "date_x", "first_indent", "label_gap", "number_gap", "gap", "initials_gap",
              "file_label_right", "qr_size", "rule_width", "left", "right", "width"}
#: Keys that count lines or codes on a page, not lengths.
COUNTS = {"blank_lines_above", "keep_lines_with_closing", "lines_below_closing", "qr_per_page"}
#: At most this many lines or codes: a form of a page, not a book.
MAX_COUNT = 20
#: Font sizes (TH Sarabun points): below 6 nothing is legible, above 72 a word does not fit a line.
FONT_SIZE_RANGE = (6, 72)
#: Paper from A7 (7.4 cm) to A0 (118.9 cm), in cm.
PAPER_RANGE_CM = (7.0, 120.0)
#: The narrowest text area a letter can be set in (cm): about ten Thai words at 16 pt.
MIN_TEXT_WIDTH_CM = 5.0


def check_geometry(values: Mapping[str, Mapping[str, Any]], changed: Mapping[tuple[str, str], Location],
                   prefix: str = "form") -> None:
    """Every length an office overrode (``changed``: (section, key) → where it was set) lies
    inside the page: no negative length, positions and widths within the paper, a text area of
    at least :data:`MIN_TEXT_WIDTH_CM`, font sizes in :data:`FONT_SIZE_RANGE`.  A first indent of
    −50 cm or a left margin of 500 cm put text far off the paper, or one glyph per line."""
    page = values.get("page", {})
    width, height = float(page.get("width", 21.0)), float(page.get("height", 29.7))

    def fail(section: str, key: str, why: str) -> None:
        value = values[section][key]
        raise InputError(f"{prefix}.{section}.{key} = {value}: {why}", changed[(section, key)])

    for (section, key) in changed:
        value = values[section][key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if value != value or value in (float("inf"), float("-inf")) or value < 0:
            fail(section, key, "a length or count must be 0 or more")
        if key in COUNTS:
            if value != int(value) or value > MAX_COUNT or (key == "qr_per_page" and value < 1):
                fail(section, key, f"a whole number from {int(key == 'qr_per_page')} to {MAX_COUNT}")
        elif key == "size":
            if not FONT_SIZE_RANGE[0] <= value <= FONT_SIZE_RANGE[1]:
                fail(section, key, f"a font size from {FONT_SIZE_RANGE[0]} to {FONT_SIZE_RANGE[1]} points")
        elif section == "page" and key in ("width", "height"):
            if not PAPER_RANGE_CM[0] <= value <= PAPER_RANGE_CM[1]:
                fail(section, key, f"paper is {PAPER_RANGE_CM[0]:g} to {PAPER_RANGE_CM[1]:g} cm (A7 to A0)")
        elif key.endswith("_pt"):
            if value > height * POINTS_PER_CM:
                fail(section, key, f"more than the page is high ({height:g} cm = {height * POINTS_PER_CM:.0f} pt)")
        elif key in HORIZONTAL:
            if value > width:
                fail(section, key, f"outside the page, which is {width:g} cm wide (lengths are in cm)")
        elif value > height:
            fail(section, key, f"outside the page, which is {height:g} cm high (lengths are in cm)")
    text_width = width - float(page.get("left", 0)) - float(page.get("right", 0))
    for key in ("left", "right", "width"):
        if ("page", key) in changed and text_width < MIN_TEXT_WIDTH_CM:
            fail("page", key, f"leaves a text area {text_width:g} cm wide between the margins (at least "
                              f"{MIN_TEXT_WIDTH_CM:g} cm)")
    body = values.get("body", {})
    if ("body", "first_indent") in changed and float(body["first_indent"]) > text_width - MIN_TEXT_WIDTH_CM:
        fail("body", "first_indent", f"leaves less than {MIN_TEXT_WIDTH_CM:g} cm of the {text_width:g} cm "
                                     "text width for the first line")
    for key in ("bottom", "continuation_top"):
        if ("page", key) in changed and float(page.get("bottom", 0)) + float(page.get("continuation_top", 0)) \
                > height - MIN_TEXT_WIDTH_CM:
            fail("page", key, f"leaves less than {MIN_TEXT_WIDTH_CM:g} cm of the page's height for text")


def _merge(base: Mapping[str, Mapping[str, Any]], over: Mapping[str, Any], where: Location,
           prefix: str = "form", at=None) -> dict[str, dict[str, Any]]:
    """``base`` with the sections of ``over`` laid over it, each key type- and range-checked;
    ``at(section, key)`` is where a key was set (default ``where``)."""
    out = {k: dict(v) for k, v in base.items()}
    changed: dict[tuple[str, str], Location] = {}
    for section, table in over.items():
        if section not in out:
            raise InputError(f"unknown form section {prefix}.{section!r}; sections: {', '.join(out)}", where)
        if not isinstance(table, dict):
            raise InputError(f"{prefix}.{section} must be a table", where)
        for key, value in table.items():
            if key not in out[section]:
                raise InputError(f"unknown form key {prefix}.{section}.{key}; keys of [{section}]: "
                                 f"{', '.join(out[section])}", where)
            default = out[section][key]
            if isinstance(default, (int, float)) and not isinstance(default, bool):
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    raise InputError(f"{prefix}.{section}.{key} must be a number", where)
            elif type(value) is not type(default):
                raise InputError(f"{prefix}.{section}.{key} must be {type(default).__name__}", where)
            out[section][key] = value
            changed[(section, key)] = at(section, key) if at else where
    check_geometry(out, changed, prefix)
    return out


#: How many ``extends`` a package form may chain (a loop is a packaging error).
MAX_EXTENDS = 4


def _package_form(kind: str, depth: int = 0) -> dict[str, dict[str, Any]]:
    text = resources.files("saraban.letters").joinpath("forms").joinpath(f"{kind}.toml").read_text("utf-8")
    table = tomllib.loads(text)
    base = table.pop("extends", None)
    if base is None:
        return table
    if depth >= MAX_EXTENDS:
        raise ValueError(f"form {kind!r}: 'extends' chains more than {MAX_EXTENDS} forms")
    out = _package_form(base, depth + 1)
    for section, values in table.items():
        out.setdefault(section, {}).update(values)
    return out


def default_form(kind: str) -> Form:
    """The package's form of ``kind`` (``forms/<kind>.toml``, its ``extends`` resolved)."""
    return Form(kind, _package_form(kind))


def load_form(kind: str, override: str | Mapping[str, Any] | None, base_dir: Path,
              where: Location) -> Form:
    """The form of ``kind`` with an office's overrides: a path to a TOML file (relative to the
    letter) or a table of sections."""
    form = default_form(kind)
    if override is None:
        return form
    if isinstance(override, str):
        path = base_dir / override
        if not path.is_file():
            raise InputError(f"no such form file: {str(path)!r}", where)
        table, source = read_toml(path)
        return Form(f"{kind}+{path.name}", _merge(form.values, table, Location(path), "form",
                                                  at=lambda section, key: source.at(f"{section}.{key}")))
    return Form(f"{kind}+spec", _merge(form.values, override, where))
