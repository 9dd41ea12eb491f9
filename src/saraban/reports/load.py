"""Stage *load* of the booklet pipeline (public): data files + a booklet definition → raw tables.

The three tables of the contract (``laos``, ``lpa``, ``satisfaction``) are found in a folder or
given as files (their role from the file name), read as text cells (CSV in UTF-8, UTF-8 with BOM or
cp874; XLSX), and their headers mapped to the contract's names: built-in aliases for the usual Thai
export headers (รหัส อปท., ชื่อ อปท., ด้านที่ ๑ …) plus the definition's own ``[columns]``.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..errors import InputError, Location
from ..source import read_toml
from ..tables import Table, read_table
from ..thai.numerals import to_arabic_digits

ROLES = ("laos", "lpa", "satisfaction")
#: Words in a file name that tell its role.
ROLE_WORDS = {"laos": ("laos", "lao", "อปท"), "lpa": ("lpa", "ผลการประเมิน", "คะแนน"),
              "satisfaction": ("satisfaction", "survey", "ความพึงพอใจ")}
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".tsv")

#: Thai (and English) export headers → contract columns.  Keys are compared without spaces and
#: with Thai digits read as Arabic, so "ด้านที่ ๑", "ด้านที่1" and "ด้าน 1" all match.
HEADER_ALIASES = {
    "รหัสอปท.": "dla_code", "รหัสอปท": "dla_code", "รหัส": "dla_code", "code": "dla_code",
    "ชื่ออปท.": "name_th", "ชื่ออปท": "name_th", "ชื่อ": "name_th", "name": "name_th",
    "ประเภท": "lao_type", "ประเภทอปท.": "lao_type", "type": "lao_type",
    "จังหวัด": "province_code", "รหัสจังหวัด": "province_code", "province": "province_code",
    "อำเภอ": "district_th", "district": "district_th",
    "ปี": "year_be", "ปีงบประมาณ": "year_be", "ปีพ.ศ.": "year_be", "year": "year_be",
    "ด้านที่1": "d1", "ด้านที่2": "d2", "ด้านที่3": "d3", "ด้านที่4": "d4", "ด้านที่5": "d5",
    "ด้าน1": "d1", "ด้าน2": "d2", "ด้าน3": "d3", "ด้าน4": "d4", "ด้าน5": "d5",
    "ภาพรวม": "overall", "คะแนนรวม": "overall", "ร้อยละรวม": "overall", "รวม": "overall",
    "บริการ": "service_th", "งานบริการ": "service_th", "ด้านบริการ": "service_th",
    "ค่าเฉลี่ย": "mean", "ส่วนเบี่ยงเบนมาตรฐาน": "sd", "s.d.": "sd",
    "จำนวนผู้ตอบ": "n_respondents", "ผู้ตอบ": "n_respondents", "จำนวนผู้ตอบแบบสอบถาม": "n_respondents",
}


def header_key(text: str) -> str:
    return to_arabic_digits("".join(str(text).split())).lower()


@dataclass(frozen=True)
class Definition:
    """A booklet definition (``reports/*.toml``): wording, URLs, sizes, header mapping, the
    templates of the method notes and of the foreword (their text and where they came from), and
    the emblem file of the cover (None: no emblem)."""

    path: Path | None
    values: Mapping[str, Any]
    columns: Mapping[str, str] = field(default_factory=dict)
    notes: str = ""
    notes_path: Path | None = None
    foreword: str = ""
    foreword_path: Path | None = None
    emblem: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default=None):
        return self.values.get(key, default)


def _bundled(name: str) -> str:
    return resources.files("saraban.reports").joinpath("definitions").joinpath(name).read_text("utf-8")


def default_definition_text() -> str:
    return _bundled("lpa.toml")


def load_definition(path: Path | None = None) -> Definition:
    """The bundled definition, overridden key by key (and within ``[sections]``, section by
    section) by the file at ``path``; its notes template is read relative to it."""
    values = tomllib.loads(default_definition_text())
    notes_path: Path | None = None
    foreword_path: Path | None = None
    source = None
    if path is not None:
        path = Path(path)
        data, source = read_toml(path)
        for key, value in data.items():
            if key not in values:
                raise InputError(f"unknown key {key!r} in the booklet definition; keys: {', '.join(values)}",
                                 source.at(key))
            if key == "sections" and isinstance(value, dict):
                for name in value:
                    if name not in values["sections"]:
                        raise InputError(f"unknown section {name!r}; sections: {', '.join(values['sections'])}",
                                         source.at(f"sections.{name}"))
                values["sections"] = {**values["sections"], **value}
            else:
                values[key] = value
        if "notes_template" in data:
            notes_path = path.parent / data["notes_template"]
        if "foreword_template" in data:
            foreword_path = path.parent / data["foreword_template"]
    notes = _template(notes_path, values["notes_template"], "notes")
    foreword = _template(foreword_path, values["foreword_template"], "foreword")
    _check_print_keys(values, source)
    emblem = None
    if values["emblem"]:
        if path is not None and "emblem" in data:
            emblem = path.parent / values["emblem"]
            if not emblem.is_file():
                raise InputError(f"no emblem file {values['emblem']!r} beside the definition",
                                 source.at("emblem"))
            from ..letters.pictures import picture_problem

            problem = picture_problem(emblem)     # before any booklet is built
            if problem:
                raise InputError(f"{problem}: {str(emblem)!r}", source.at("emblem"))
        else:
            emblem = Path(str(resources.files("saraban.reports").joinpath("definitions", values["emblem"])))
    columns = {header_key(k): v for k, v in values.get("columns", {}).items()}
    return Definition(path, values, columns, notes, notes_path, foreword, foreword_path, emblem)


def _template(path: Path | None, bundled: str, what: str) -> str:
    """A template's text: the definition's own file, or the bundled one."""
    if path is None:
        return _bundled(bundled)
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read the {what} template: {exc.strerror}", Location(path)) from exc


#: Section keys that ``right_hand_starts`` may name besides those of ``[sections]``.
PAGE_KEYS = ("foreword", "contents")


def _check_print_keys(values: Mapping[str, Any], source) -> None:
    """The cover colour is ``#RRGGBB``; ``right_hand_starts`` names known sections."""
    where = (lambda key: source.at(key)) if source is not None else (lambda key: None)
    colour = str(values["colour"])
    if len(colour) != 7 or colour[0] != "#" or any(c not in "0123456789abcdefABCDEF" for c in colour[1:]):
        raise InputError(f"colour {colour!r}: give it as #RRGGBB (for example #1b4f8a)", where("colour"))
    known = set(PAGE_KEYS) | set(values["sections"])
    for key in values["right_hand_starts"]:
        if key not in known:
            raise InputError(f"right_hand_starts: unknown section {key!r}; sections: {', '.join(sorted(known))}",
                             where("right_hand_starts"))


@dataclass(frozen=True)
class Sources:
    """The files of one dataset, and what ``dataset.json`` beside them says about it."""

    files: Mapping[str, Path]
    meta: Mapping[str, Any]


def find_sources(data: Sequence[Path]) -> Sources:
    """A folder holding the three tables, or the table files themselves."""
    files: dict[str, Path] = {}
    meta: dict[str, Any] = {}
    candidates: list[Path] = []
    for item in data:
        item = Path(item)
        if item.is_dir():
            candidates += sorted(p for p in item.iterdir() if p.suffix.lower() in TABLE_SUFFIXES)
            if (item / "dataset.json").exists():
                meta = json.loads((item / "dataset.json").read_text("utf-8"))
        elif item.exists():
            candidates.append(item)
            if (item.parent / "dataset.json").exists():
                meta = json.loads((item.parent / "dataset.json").read_text("utf-8"))
        else:
            raise InputError("no such file or folder", Location(item))
    for path in candidates:
        stem = path.stem.lower()
        for role in ("satisfaction", "lpa", "laos"):
            if any(w in stem for w in ROLE_WORDS[role]):
                if role in files:
                    raise InputError(f"two files for the {role} table: {files[role].name} and {path.name}",
                                     Location(path))
                files[role] = path
                break
    missing = [r for r in ROLES if r not in files]
    if missing:
        where = ", ".join(str(p) for p in data)
        raise InputError(f"no {' / '.join(missing)} table in {where} (file names must contain "
                         f"{' / '.join(ROLE_WORDS[r][0] for r in missing)}, as laos.csv, lpa.csv, "
                         "satisfaction.csv)")
    return Sources(files, meta)


def read_role(path: Path, definition: Definition, encoding: str | None = None) -> Table:
    """Read one table with its headers mapped to the contract's names (``encoding``: of a CSV file
    that is not UTF-8)."""
    table = read_table(path, encoding=encoding)
    rename = {}
    for column in table.columns:
        key = header_key(column)
        target = definition.columns.get(key) or HEADER_ALIASES.get(key)
        if target and target != column:
            rename[column] = target
    return table.renamed(rename) if rename else table
