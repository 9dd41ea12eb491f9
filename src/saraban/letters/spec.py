"""Stage *spec* of the letter pipeline (public): a TOML letter file → :class:`LetterSpec`.

The spec is checked for its *shape* here — known keys, required keys, types, the kind — and every
problem is reported with the file and the line of the key.  Strings stay as typed (they may hold
Jinja2 templates that :mod:`.render` fills per recipient); nothing is formatted yet.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..errors import InputError, Location
from ..source import SourceMap, read_toml

#: The kinds of document ``kind`` names, each with a form ``forms/<kind>.toml``: letters, then the
#: kinds with a centred head (:mod:`.kinds`).
KINDS = ("external", "memo", "order", "regulation", "bylaw", "announcement", "statement", "news",
         "minutes", "stamped", "certificate")
URGENCIES = ("ด่วน", "ด่วนมาก", "ด่วนที่สุด")
SECRECIES = ("ลับ", "ลับมาก", "ลับที่สุด")

#: Top-level keys and the Python types their values may have.
TOP_KEYS: dict[str, tuple[type, ...]] = {
    "kind": (str,), "number": (str, dict), "date": (_dt.date, str), "subject": (str,),
    "urgency": (str,), "secrecy": (str,), "salutation": (str,), "recipient": (str,),
    "closing": (str,), "body": (str,), "body_file": (str,), "owner": (dict,),
    "references": (list,), "enclosures": (list,), "signatory": (dict,), "contact": (dict,),
    "copies": (list,), "merge": (dict,), "emblem": (str,), "form": (str, dict), "font": (str,),
    "thai_digits": (bool,), "data": (dict,), "agency": (str,), "issue": (str,),
    # minutes (รายงานการประชุม): where, when it started and ended, who came, what was decided
    "place": (str,), "start": (str,), "end": (str,), "attendees": (str,), "agenda": (list,),
    # stamped letters (หนังสือประทับตรา): the seal's names and the initials written beside it
    "seal": (dict,), "initials": (str,),
    # certificates (หนังสือรับรอง): the photo of the person certified
    "photo": (str,),
}
#: ``seal``: the name along the top (ministry or department), along the bottom (default: the
#: owner's name), and the ink (``red``, the default, or ``black``).
SEAL_KEYS = {"upper": (str,), "lower": (str,), "colour": (str,)}
#: The inks a seal may be printed in, as RGB.
SEAL_COLOURS = {"red": (0.80, 0.0, 0.0), "black": (0.0, 0.0, 0.0)}
OWNER_KEYS = {"name": (str,), "address": (list, str), "unit": (str,)}
SIGNATORY_KEYS = {"name": (str,), "position": (list, str), "image": (str,), "typed": (bool,),
                  # a PAdES signature (saraban.sign): the PKCS#12 file, the variable holding its
                  # password (never the password itself), a timestamp server for PAdES B-T
                  "certificate": (str,), "password_env": (str,), "timestamp": (str,),
                  "on_behalf": (list, dict)}
#: ``number = { series = "circular" }``: the next number of an office series, issued at build time
#: by the register (:mod:`saraban.register`); ``via`` and ``remark`` go into its entry.
NUMBER_KEYS = {"series": (str,), "via": (str,), "remark": (str,)}
#: How a letter may be recorded as sent (the register's การปฏิบัติ column).
VIAS = ("e-saraban", "e-mail", "post", "hand")
#: An ``on_behalf`` step: how the signer stands in (:data:`ON_BEHALF_MODES`) and for which position.
ON_BEHALF_KEYS = {"mode": (str,), "position": (str,)}
#: ``on_behalf`` modes → the words printed before the position, as the regulation writes them:
#: signing under a delegation of power, as the acting holder of the post, or for the holder.
ON_BEHALF_MODES = {"delegated": "ปฏิบัติราชการแทน", "acting": "รักษาราชการแทน", "for": "แทน"}
CONTACT_KEYS = {"unit": (str,), "phone": (str,), "fax": (str,), "email": (str,),
                "coordinator": (str,), "lines": (list,)}
REFERENCE_KEYS = {"text": (str,), "agency": (str,), "number": (str,), "date": (_dt.date, str),
                  "urgency": (str,)}
ENCLOSURE_KEYS = {"text": (str,), "quantity": (str,), "qr": (str,), "caption": (str,), "file": (str,),
                  "booklet": (str,), "booklets": (str,)}
MERGE_KEYS = {"data": (str,), "filename": (str,), "sheet": (str,), "where": (str,),
              "order_by": (str,), "key": (str,), "ignore": (list,), "encoding": (str,)}

#: Keys a spec of each kind must give (the body too, as ``body`` or ``body_file``).
REQUIRED = {
    "external": ("number", "date", "subject", "recipient", "owner", "signatory", "contact"),
    "memo": ("number", "date", "subject", "recipient", "owner", "signatory"),
    "order": ("agency", "number", "date", "subject", "signatory"),
    "regulation": ("agency", "date", "subject", "signatory"),
    "bylaw": ("agency", "date", "subject", "signatory"),
    "announcement": ("agency", "date", "subject", "signatory"),
    "statement": ("agency", "date", "subject"),
    "news": ("agency", "date", "subject"),
    "minutes": ("agency", "number", "date", "place", "start", "end", "attendees", "agenda", "signatory"),
    "stamped": ("number", "date", "recipient", "owner", "seal", "initials", "contact"),
    "certificate": ("number", "date", "owner", "signatory"),
}
#: Kinds whose body saraban writes from other keys (minutes: the attendees and the agenda).
MADE_BODIES = ("minutes",)


@dataclass(frozen=True)
class MergeSpec:
    """``[merge]``: the data file, a filter, an order, the file-name pattern and the per-row
    overrides of top-level keys (templates over the row's columns)."""

    data: Path
    filename: str | None = None
    sheet: str | None = None
    where: str | None = None
    order_by: str | None = None
    key: str | None = None
    ignore: tuple[str, ...] = ()     # columns left unused on purpose (lint does not warn about them)
    encoding: str | None = None      # of a CSV file that is not UTF-8 (default: cp874, checked)
    overrides: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LetterSpec:
    """A letter as written, shape-checked: the values (strings may be templates), where each key
    is in the file, the body text and the line it starts on, and the merge, if any."""

    path: Path
    source: SourceMap
    values: Mapping[str, Any]
    body: str
    body_origin: Location
    merge: MergeSpec | None
    #: The office file the defaults came from, and the keys taken from it: errors about those
    #: keys point at the office file's line, not at the spec.
    office: SourceMap | None = None
    office_keys: frozenset[str] = frozenset()

    @property
    def kind(self) -> str:
        return self.values.get("kind", "external")

    @property
    def folder(self) -> Path:
        return self.path.parent

    def source_of(self, key: str) -> SourceMap:
        """The file a key was written in: the spec, or the office file it came from."""
        if self.office is not None and key.split(".")[0] in self.office_keys:
            return self.office
        return self.source

    def at(self, key: str) -> Location:
        return self.source_of(key).at(key)


#: How errors name a document of each kind.
KIND_NAMES = {"external": "an external letter", "memo": "a memo", "order": "an order (คำสั่ง)",
              "regulation": "a regulation (ระเบียบ)", "bylaw": "a by-law (ข้อบังคับ)",
              "announcement": "an announcement (ประกาศ)", "statement": "a statement (แถลงการณ์)",
              "news": "news (ข่าว)", "minutes": "minutes (รายงานการประชุม)",
              "stamped": "a stamped letter (หนังสือประทับตรา)", "certificate": "a certificate (หนังสือรับรอง)"}


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, f"a {kind} document")


def _suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_table(values: Mapping[str, Any], known: Mapping[str, tuple[type, ...]], prefix: str,
                 source: SourceMap) -> None:
    for key, value in values.items():
        name = f"{prefix}.{key}" if prefix else key
        if key not in known:
            raise InputError(f"unknown key {name!r}{_suggest(key, known)}", source.at(name))
        if not isinstance(value, known[key]) or (isinstance(value, bool) and bool not in known[key]):
            kinds = " or ".join({"str": "a string", "list": "an array", "dict": "a table",
                                 "date": "a date", "bool": "true/false"}[t.__name__] for t in known[key])
            raise InputError(f"{name!r} must be {kinds}, not {type(value).__name__}", source.at(name))


def _check_number(number: Mapping[str, Any], source: SourceMap) -> None:
    if "series" not in number:
        raise InputError("number as a table takes the series to issue from: number = { series = \"circular\" }",
                         source.at("number"))
    if "via" in number and number["via"] not in VIAS:
        raise InputError(f"number.via must be one of {', '.join(VIAS)}, not {number['via']!r}", source.at("number"))


def check_on_behalf(value: Any, where: Location) -> None:
    """``signatory.on_behalf``: a table ``{ mode, position }`` or an array of them (two-level)."""
    steps = value if isinstance(value, list) else [value]
    example = 'on_behalf = { mode = "delegated", position = "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น" }'
    if not steps:
        raise InputError(f"signatory.on_behalf is empty: {example}", where)
    words = set(ON_BEHALF_MODES.values())
    for step in steps:
        if not isinstance(step, dict):
            raise InputError(f"signatory.on_behalf takes tables: {example}", where)
        for key, val in step.items():
            if key not in ON_BEHALF_KEYS:
                raise InputError(f"unknown key 'signatory.on_behalf.{key}'{_suggest(key, ON_BEHALF_KEYS)}; "
                                 f"keys: mode, position", where)
            if not isinstance(val, str):
                raise InputError(f"'signatory.on_behalf.{key}' must be a string", where)
        for key in ON_BEHALF_KEYS:
            if not step.get(key, "").strip():
                raise InputError(f"signatory.on_behalf needs {key!r}: {example}", where)
        mode = step["mode"].strip()
        if mode not in ON_BEHALF_MODES and mode not in words:
            raise InputError(f"signatory.on_behalf.mode {mode!r}: one of "
                             f"{', '.join(f'{k} ({v})' for k, v in ON_BEHALF_MODES.items())}"
                             f"{_suggest(mode, ON_BEHALF_MODES)}", where)


def parse_date(value: Any, where: Location) -> _dt.date:
    """A TOML date, an ISO string, or a Thai date ("16 พฤศจิกายน 2563")."""
    from ..thai.dates import NotBuddhistEra, check_iso_year, parse_thai_date

    try:
        if isinstance(value, _dt.datetime):
            return check_iso_year(value.date())
        if isinstance(value, _dt.date):
            return check_iso_year(value)
        text = str(value).strip()
        try:
            return check_iso_year(_dt.date.fromisoformat(text))
        except NotBuddhistEra:
            raise
        except ValueError:
            pass
        return parse_thai_date(text)
    except NotBuddhistEra as exc:
        raise InputError(str(exc), where) from None
    except (ValueError, KeyError) as exc:
        raise InputError(f"not a date: {text!r} (write 2021-11-25 or ๒๕ พฤศจิกายน ๒๕๖๔)", where) from exc


#: An office's defaults for its letters: the nearest one in the spec's folder or a folder above it
#: (``saraban init`` puts it at the top of an office folder, the letters in ``letters/``), else in
#: the current folder.
OFFICE_FILE = "office.toml"
#: What an office file may set; a spec's own keys win.  Paths in it are relative to it.
OFFICE_KEYS = ("emblem", "font", "form", "owner", "contact", "thai_digits")
#: Keys of an office file that belong to the register (:mod:`saraban.register.config`), not to letters.
OFFICE_REGISTER_KEYS = ("register", "series")


def find_office(spec_path: Path) -> Path | None:
    """The office file that applies to a spec, or None."""
    here = spec_path.resolve().parent
    for folder in (here, *here.parents, Path.cwd()):
        candidate = folder / OFFICE_FILE
        if candidate.is_file():
            return candidate
    return None


def _office_defaults(spec_path: Path) -> tuple[dict, SourceMap | None]:
    """The office file's values for letters (paths made absolute), shape-checked with the office
    file's lines, and its source map."""
    office = find_office(spec_path)
    if office is None:
        return {}, None
    data, source = read_toml(office)
    for key in OFFICE_REGISTER_KEYS:
        data.pop(key, None)
    for key in data:
        if key not in OFFICE_KEYS:
            raise InputError(f"an office file may set {', '.join(OFFICE_KEYS + OFFICE_REGISTER_KEYS)}, "
                             f"not {key!r}", source.at(key))
    _check_table(data, TOP_KEYS, "", source)
    for key, known in (("owner", OWNER_KEYS), ("contact", CONTACT_KEYS)):
        if isinstance(data.get(key), dict):
            _check_table(data[key], known, key, source)
    for key in ("emblem", "form"):
        if isinstance(data.get(key), str):
            data[key] = str((office.parent / data[key]).resolve())
    return data, source


def load_spec(path: Path | str) -> LetterSpec:
    """Read and shape-check a letter spec (with the defaults of an ``office.toml`` beside it or in
    the current folder).  Raises :class:`InputError` naming the file and line."""
    path = Path(path)
    data, source = read_toml(path)
    office_data, office_source = _office_defaults(path)
    office_keys = frozenset(k for k in office_data if k not in data)
    for key in office_keys:
        data[key] = office_data[key]
    _check_table({k: v for k, v in data.items() if k not in office_keys}, TOP_KEYS, "", source)
    for key, known in (("owner", OWNER_KEYS), ("signatory", SIGNATORY_KEYS), ("contact", CONTACT_KEYS),
                       ("number", NUMBER_KEYS), ("seal", SEAL_KEYS)):
        if isinstance(data.get(key), dict) and key not in office_keys:
            _check_table(data[key], known, key, source)
    if "seal" in data:
        seal = data["seal"]
        if not str(seal.get("upper", "")).strip():
            raise InputError('seal needs upper: the ministry or department along its top, e.g. '
                             'seal = { upper = "กรมส่งเสริมการปกครองท้องถิ่น" }', source.at("seal"))
        if seal.get("colour", "red") not in SEAL_COLOURS:
            raise InputError(f"seal.colour is red or black, not {seal['colour']!r}", source.at("seal"))
    if "signatory" in data and "on_behalf" in data["signatory"]:
        check_on_behalf(data["signatory"]["on_behalf"], source.at("signatory.on_behalf"))
    for key, known in (("references", REFERENCE_KEYS), ("enclosures", ENCLOSURE_KEYS)):
        for item in data.get(key, []):
            if isinstance(item, dict):
                _check_table(item, known, key, source)
                if "text" not in item and (key == "enclosures" or "number" not in item):
                    raise InputError(f"an item of {key!r} needs 'text'" +
                                     ("" if key == "enclosures" else " or 'agency', 'number' and 'date'"),
                                     source.at(key))
            elif not isinstance(item, str):
                raise InputError(f"items of {key!r} must be strings or tables", source.at(key))
    for name, rel in data.get("data", {}).items():
        if not isinstance(rel, str) or not name.isidentifier():
            raise InputError(f"data.{name}: give a name and a CSV or XLSX file, e.g. laos = \"laos.csv\"",
                             source.at(f"data.{name}"))
    if isinstance(data.get("number"), dict):
        _check_number(data["number"], source)
    kind = data.get("kind", "external")
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}"
                         f"{_suggest(kind, KINDS)}", source.at("kind"))
    for key, allowed in (("urgency", URGENCIES), ("secrecy", SECRECIES)):
        if key in data and data[key] not in allowed and not (key == "urgency" and str(data[key]).startswith("ด่วนภายใน")):
            raise InputError(f"{key} must be one of {', '.join(allowed)}, not {data[key]!r}", source.at(key))

    merge = None
    if "merge" in data:
        m = dict(data["merge"])
        own = {k: m.pop(k) for k in list(m) if k in MERGE_KEYS}
        _check_table(own, MERGE_KEYS, "merge", source)
        for key in m:
            if key not in TOP_KEYS or key in ("merge", "kind"):
                raise InputError(f"unknown key 'merge.{key}': [merge] takes {', '.join(MERGE_KEYS)} "
                                 f"or a top-level key to fill per row{_suggest(key, TOP_KEYS)}",
                                 source.at(f"merge.{key}"))
        _check_table(m, TOP_KEYS, "merge", source)
        if isinstance(m.get("number"), dict):
            raise InputError("a series number is issued once for the whole merge: write number = "
                             "{ series = … } at the top level, not under [merge]", source.at("merge.number"))
        if "data" not in own:
            raise InputError("[merge] needs data = \"<CSV or XLSX file>\"", source.at("merge"))
        encoding = None
        if "encoding" in own:
            from ..tables import check_encoding

            try:
                encoding = check_encoding(own["encoding"])
            except InputError as exc:
                raise InputError(f"merge.encoding: {exc.message}", source.at("merge.encoding")) from None
        merge = MergeSpec(data=(path.parent / own["data"]), filename=own.get("filename"), encoding=encoding,
                          sheet=own.get("sheet"), where=own.get("where"), order_by=own.get("order_by"),
                          key=own.get("key"), ignore=tuple(str(c) for c in own.get("ignore", ())),
                          overrides=m)

    if kind not in ("external", "memo") and "agency" not in data \
            and isinstance(data.get("owner"), dict) and isinstance(data["owner"].get("name"), str):
        data["agency"] = data["owner"]["name"]   # the agency defaults to the owner (an office's)
    provided = set(data) | (set(merge.overrides) if merge else set())
    for key in REQUIRED[kind]:
        if key not in provided:
            raise InputError(f"missing required key {key!r} for {kind_name(kind)}", Location(path))
    if "body" in data and "body_file" in data:
        raise InputError("give either 'body' or 'body_file', not both", source.at("body_file"))
    if "body_file" in data:
        body_path = path.parent / data["body_file"]
        try:
            body = body_path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(f"cannot read body_file {str(body_path)!r}: {exc.strerror}",
                             source.at("body_file")) from exc
        except UnicodeDecodeError as exc:
            raise InputError("body_file is not UTF-8 text", Location(body_path)) from exc
        origin = Location(body_path, 1)
    elif "body" in data or (merge and "body" in merge.overrides):
        body = data.get("body", "")
        origin = Location(path, source.value_start("body"))
    elif kind in MADE_BODIES:   # written from the agenda at render time (:mod:`.minutes`)
        body, origin = "", Location(path)
    else:
        raise InputError(f"missing required key 'body' (or 'body_file') for {kind_name(kind)}", Location(path))
    values = {k: v for k, v in data.items() if k not in ("merge", "body", "body_file")}
    if "date" in values and not (isinstance(values["date"], str) and "{" in values["date"]):
        parse_date(values["date"], source.at("date"))  # a bad date fails before any template runs
    return LetterSpec(path, source, values, body, origin, merge, office_source, office_keys)
