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


def _merge(base: Mapping[str, Mapping[str, Any]], over: Mapping[str, Any], where: Location,
           prefix: str = "form") -> dict[str, dict[str, Any]]:
    out = {k: dict(v) for k, v in base.items()}
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
        table, _source = read_toml(path)
        return Form(f"{kind}+{path.name}", _merge(form.values, table, Location(path), "form"))
    return Form(f"{kind}+spec", _merge(form.values, override, where))
