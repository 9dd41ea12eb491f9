"""Stage *validate* of the booklet pipeline (public): raw tables → :class:`Dataset` + findings.

Every problem is a :class:`Finding` with the file, the line (CSV; the header is line 1) or row
(XLSX) and the column.  The checks go on after a problem, so one run lists them all.  Errors stop the
build; warnings are written to the report file; ``strict`` makes warnings errors.

Errors: missing columns, malformed or duplicate codes, codes of another province, unknown provinces
or types, LAOs in Bangkok, non-numeric, missing or out-of-range scores, an ``overall`` that
disagrees with d1–d5, several years without ``--year``.  Warnings: LAOs without LPA results or
survey, LPA or survey rows of no known LAO.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from ..errors import Finding, InputError, SarabanError
from ..tables import Row, Table
from ..thai.numerals import to_arabic_digits
from .glyphs import GlyphCheck
from .load import Definition, Sources, read_role
from .model import (BANGKOK, DIMENSION_COLUMNS, LAO_TYPES, OVERALL_TOLERANCE, Dataset, Lao, LpaScore,
                    Survey, province_code, provinces)

ERROR = "error"
WARNING = "warning"

LAO_COLUMNS = ("dla_code", "name_th", "lao_type", "province_code", "district_th")
LPA_COLUMNS = ("year_be", "dla_code", *DIMENSION_COLUMNS)
SURVEY_COLUMNS = ("year_be", "dla_code", "service_th", "mean", "sd", "n_respondents")

#: Ranges of the numbers of the contract.
SCORE_RANGE = (0.0, 100.0)
MEAN_RANGE = (1.0, 5.0)
SD_RANGE = (0.0, 4.0)

_CODE = re.compile(r"^\d{7}$")

#: A number as a cell may hold it (after Thai digits are read as Arabic): digits, at most one
#: decimal point, an optional sign.  Python's ``float`` would also take "8_5" (as 85), "1e2",
#: "inf", "nan" and digits of other scripts; none of them belongs in this data.
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
#: A count may group thousands with commas, in groups of exactly three ("1,234", "12,345").
_GROUPED = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")

#: Longest name, district or service printed in a table cell.  Real names are under 60
#: characters; 200 wrap to about ten lines of the name column, still well inside a page, where
#: thousands would make a row taller than the page (reportlab stops with a LayoutError).
MAX_PRINTED_CHARS = 200

#: B.E. years of the data: anything before 2400 B.E. (1857 C.E.) is a C.E. year typed as B.E.
#: or a typo; after 2700 (2157 C.E.) a typo.
YEAR_RANGE = (2400, 2700)
#: Years between the two eras: B.E. = C.E. + 543.
BE_OFFSET = 543

#: Thai names of the types (full and short) → type keys.
TYPE_ALIASES = {key: key for key in LAO_TYPES}
for _t in LAO_TYPES.values():
    TYPE_ALIASES[_t.name_th] = _t.key
    TYPE_ALIASES[_t.short_th] = _t.key
    TYPE_ALIASES[_t.short_th.rstrip(".")] = _t.key


class ValidationError(SarabanError):
    """The data has errors; :attr:`findings` lists all of them (and the warnings)."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        errors = [f for f in findings if f.level == ERROR]
        shown = "\n".join(f"  {f}" for f in errors[:20])
        more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} error{'s' * (len(errors) != 1)} in the data:\n{shown}{more}")


@dataclass
class _Collector:
    findings: list

    def error(self, table: Table, row: Row | None, column: str | None, message: str) -> None:
        self.findings.append(Finding(ERROR, message, table.at(row, column)))

    def warn(self, table: Table, row: Row | None, column: str | None, message: str) -> None:
        self.findings.append(Finding(WARNING, message, table.at(row, column)))


class NumberError(ValueError):
    """A cell that is not a number as this data writes it; the message says why, in words."""


#: Cells whose reading is remembered (a national run reads some 165,000 numbers and 47,000 years,
#: mostly the same few thousand texts; a cell in error is not remembered and is read again).
READ_CELLS = 65_536


@functools.lru_cache(maxsize=READ_CELLS, typed=True)   # typed: 2563 and 2563.0 are read apart
def _number(text: str, *, grouping: bool = False) -> float | None:
    """The value of a numeric cell; None when it is empty.

    Thai digits are read as Arabic.  A comma is never a decimal mark: in a score, a mean or an SD
    (all below 1,000) any comma is an error — "8,5" would otherwise be 85, a silent factor of ten;
    in a count (``grouping``) commas may group thousands exactly as "1,234" does."""
    raw = text
    text = to_arabic_digits(text.strip())
    if not text:
        return None
    if _DECIMAL.match(text):
        return float(text)
    if grouping and _GROUPED.match(text):
        return float(text.replace(",", ""))
    if "," in text and re.fullmatch(r"[+-]?[0-9]*,[0-9]+", text):
        raise NumberError(f"{raw!r} has a comma: decimals are written with a point ("
                          f"{text.replace(',', '.')}, not {text})"
                          + ("; a comma only groups thousands, in threes (1,234)" if grouping else ""))
    if re.search(r"[0-9]", text) and re.search(r"[\s_',]", text):
        raise NumberError(f"{raw!r} is not one number: spaces, underscores, apostrophes and commas "
                          "may not split a number" + (" (thousands: 1,234)" if grouping else ""))
    raise NumberError(f"{raw!r} is not a number")


@functools.lru_cache(maxsize=READ_CELLS, typed=True)   # typed: 2563 and 2563.0 are read apart
def _year(text: str) -> int:
    """A B.E. year cell (or ``--year``): four digits, Thai or Arabic, from 2400 on."""
    t = to_arabic_digits(str(text).strip()).removeprefix("พ.ศ.").strip()
    if not re.fullmatch(r"[0-9]{4}", t):
        raise NumberError(f"year {text!r} is not a B.E. year of four digits (such as 2563)")
    year = int(t)
    if year < YEAR_RANGE[0]:
        raise NumberError(f"year {year} is not a Buddhist Era year: B.E. = C.E. + {BE_OFFSET} "
                          f"({year} C.E. is B.E. {year + BE_OFFSET})")
    if year > YEAR_RANGE[1]:
        raise NumberError(f"year {year} is after B.E. {YEAR_RANGE[1]}: a typo?")
    return year


def check_year(year_be: int) -> int:
    """``--year`` as given on the command line, or an error in the words of :func:`_year`."""
    try:
        return _year(str(year_be))
    except NumberError as exc:
        raise InputError(f"--year: {exc}") from None


def _printable(text: str, column: str, glyphs: GlyphCheck | None) -> str | None:
    """Why a cell printed in a table cannot be printed, or None."""
    text = text.strip()
    if len(text) > MAX_PRINTED_CHARS:
        return (f"{column} has {len(text):,} characters (at most {MAX_PRINTED_CHARS}): "
                f"{text[:20]!r}…")
    return glyphs.problem(text) if glyphs is not None else None


_province_code = province_code


def _missing_columns(table: Table, required, col: _Collector) -> bool:
    missing = [c for c in required if c not in table.columns]
    for c in missing:
        col.error(table, None, c, f"missing column {c!r} (the file has: {', '.join(table.columns) or 'no columns'})"
                                  f"{table.where_sheets()}")
    return bool(missing)


def validate(sources: Sources, definition: Definition, year_be: int | None = None,
             strict: bool = False, glyphs: GlyphCheck | None = None,
             encoding: str | None = None) -> tuple[Dataset, list[Finding]]:
    """Read and check the three tables; raise :class:`ValidationError` if any error is found.

    ``glyphs`` checks that the printed cells (names, districts, services) can be printed;
    ``encoding`` is the encoding of CSV files that are not UTF-8 (default cp874, checked)."""
    col = _Collector([])
    tables = {role: read_role(path, definition, encoding) for role, path in sources.files.items()}
    laos_t, lpa_t, sat_t = tables["laos"], tables["lpa"], tables["satisfaction"]
    bad = [_missing_columns(laos_t, LAO_COLUMNS, col), _missing_columns(lpa_t, LPA_COLUMNS, col),
           _missing_columns(sat_t, SURVEY_COLUMNS, col)]
    if any(bad):
        raise ValidationError(col.findings)

    # -- LAOs --------------------------------------------------------------------------------
    laos: dict[str, Lao] = {}
    first_line: dict[str, int] = {}
    for row in laos_t.rows:
        code = to_arabic_digits(row["dla_code"])
        ok = True
        if not _CODE.match(code):
            col.error(laos_t, row, "dla_code", f"DLA code {row['dla_code']!r} is not 7 digits")
            ok = False
        elif code in first_line:
            col.error(laos_t, row, "dla_code", f"duplicate DLA code {code} (first on line {first_line[code]})")
            ok = False
        province = _province_code(row["province_code"])
        if province is None:
            col.error(laos_t, row, "province_code", f"unknown province {row['province_code']!r}")
            ok = False
        elif province == BANGKOK:
            col.error(laos_t, row, "province_code", "Bangkok (TH-10) is outside the LPA: it has no LAO rows")
            ok = False
        elif _CODE.match(code) and code[1:3] != province[3:]:
            col.error(laos_t, row, "dla_code", f"code {code} belongs to province TH-{code[1:3]}, "
                                               f"but the row says {province}")
            ok = False
        lao_type = TYPE_ALIASES.get(row["lao_type"].strip())
        if lao_type is None:
            col.error(laos_t, row, "lao_type", f"unknown type {row['lao_type']!r}; types: "
                                               f"{', '.join(LAO_TYPES)} (or อบจ. ทน. ทม. ทต. อบต.)")
            ok = False
        for c in ("name_th", "district_th"):
            if not row[c].strip():
                col.error(laos_t, row, c, f"{c} is empty")
                ok = False
            elif problem := _printable(row[c], c, glyphs):
                col.error(laos_t, row, c, problem)
                ok = False
        if _CODE.match(code) and code not in first_line:
            first_line[code] = row.line
        if ok:
            laos[code] = Lao(code, row["name_th"].strip(), lao_type, province, row["district_th"].strip())

    # -- the year ----------------------------------------------------------------------------
    for table, what in ((laos_t, "LAO"), (lpa_t, "LPA")):
        if not table.rows:
            col.error(table, None, None, f"the {what} table has no data rows (only the header line)"
                                         f"{table.where_sheets()}")
    if not lpa_t.rows or not laos_t.rows:
        raise ValidationError(col.findings)
    row_year: dict[int, int] = {}   # id(row) → year, for LPA and survey rows with a valid year
    for table in (lpa_t, sat_t):
        for row in table.rows:
            try:
                row_year[id(row)] = _year(row["year_be"])
            except NumberError as exc:
                col.error(table, row, "year_be", str(exc))
    years = sorted({row_year[id(r)] for r in lpa_t.rows if id(r) in row_year})
    if year_be is None:
        if len(years) > 1:
            col.error(lpa_t, None, "year_be", f"the LPA table has several years "
                                              f"({', '.join(map(str, years))}): choose one with --year")
            raise ValidationError(col.findings)
        if not years:
            raise ValidationError(col.findings)
        year_be = years[0]
    elif year_be not in years:
        col.error(lpa_t, None, "year_be", f"no LPA rows for the year {year_be} (the table has: "
                                          f"{', '.join(map(str, years)) or 'none'})")

    # -- LPA ---------------------------------------------------------------------------------
    lpa: dict[str, LpaScore] = {}
    lpa_line: dict[str, int] = {}
    has_overall = "overall" in lpa_t.columns
    for row in lpa_t.rows:
        if row_year.get(id(row)) != year_be:
            continue
        code = to_arabic_digits(row["dla_code"]).strip()
        if code in lpa_line:
            col.error(lpa_t, row, "dla_code", f"a second LPA row for {code} in {year_be} "
                                              f"(first on line {lpa_line[code]})")
            continue
        lpa_line[code] = row.line
        dims, ok = [], True
        for c in DIMENSION_COLUMNS:
            try:
                v = _number(row[c])
            except NumberError as exc:
                col.error(lpa_t, row, c, f"score {exc}")
                ok = False
                continue
            if v is None:
                col.error(lpa_t, row, c, f"missing score for {code}")
                ok = False
            elif not SCORE_RANGE[0] <= v <= SCORE_RANGE[1]:
                col.error(lpa_t, row, c, f"score {v:g} is outside 0–100")
                ok = False
            dims.append(v)
        if not ok:
            continue
        mean = round(sum(dims) / 5 + 1e-9, 2)
        overall = mean
        if has_overall and row["overall"].strip():
            try:
                given = _number(row["overall"])
            except NumberError as exc:
                col.error(lpa_t, row, "overall", f"overall {exc}")
                continue
            if abs(given - mean) > OVERALL_TOLERANCE:
                col.error(lpa_t, row, "overall", f"overall {given:.2f} disagrees with the mean of d1–d5 "
                                                 f"({mean:.2f})")
                continue
            overall = given
        if code not in laos:
            if code not in first_line:
                col.warn(lpa_t, row, "dla_code", f"LPA row for {code}, which is not in the LAO table")
            continue
        lpa[code] = LpaScore(code, year_be, tuple(dims), overall)

    # -- satisfaction --------------------------------------------------------------------------
    surveys: dict[str, list[Survey]] = defaultdict(list)
    unknown_survey: set[str] = set()
    for row in sat_t.rows:
        if row_year.get(id(row)) != year_be:
            continue
        code = to_arabic_digits(row["dla_code"]).strip()
        ok = True
        values: dict[str, float | None] = {}
        for c in ("mean", "sd", "n_respondents"):
            try:
                values[c] = _number(row[c], grouping=c == "n_respondents")
            except NumberError as exc:
                col.error(sat_t, row, c, f"{c} {exc}")
                ok = False
                values[c] = math.nan
        mean, sd, n = values["mean"], values["sd"], values["n_respondents"]
        for c, v, lo, hi in (("mean", mean, *MEAN_RANGE), ("sd", sd, *SD_RANGE)):
            if v is None:
                col.error(sat_t, row, c, f"{c} is empty")
                ok = False
            elif math.isnan(v):
                pass  # reported above
            elif not lo <= v <= hi:
                col.error(sat_t, row, c, f"{c} {v:g} is outside {lo:g}–{hi:g}")
                ok = False
        if n is not None and math.isnan(n):
            pass  # reported above
        elif n is None or n != int(n) or n <= 0:
            col.error(sat_t, row, "n_respondents", f"n_respondents {row['n_respondents']!r} is not a "
                                                   "positive whole number")
            ok = False
        if not row["service_th"].strip():
            col.error(sat_t, row, "service_th", "service_th is empty")
            ok = False
        elif problem := _printable(row["service_th"], "service_th", glyphs):
            col.error(sat_t, row, "service_th", problem)
            ok = False
        if not ok:
            continue
        if code not in laos:
            if code not in unknown_survey and code not in first_line:
                col.warn(sat_t, row, "dla_code", f"survey row for {code}, which is not in the LAO table")
            unknown_survey.add(code)
            continue
        surveys[code].append(Survey(code, year_be, row["service_th"].strip(), mean, sd, int(n)))

    # -- coverage ------------------------------------------------------------------------------
    rows_by_code = {to_arabic_digits(r["dla_code"]): r for r in laos_t.rows}
    for code, lao in laos.items():
        if code not in lpa_line:  # (a row with errors was reported already)
            col.warn(laos_t, rows_by_code[code], "dla_code", f"no LPA result for {code} "
                                                             f"{lao.display_name} in {year_be}")
        if code not in surveys:
            col.warn(laos_t, rows_by_code[code], "dla_code", f"no satisfaction survey for {code} "
                                                             f"{lao.display_name} in {year_be}")

    findings = col.findings
    if strict:
        findings = [Finding(ERROR, f.message, f.location) if f.level == WARNING else f for f in findings]
    if any(f.level == ERROR for f in findings):
        raise ValidationError(findings)
    # districts in the order of their number in the DLA code (อำเภอเมือง is 01), LAOs by code
    first: dict[tuple[str, str], str] = {}
    for lao in laos.values():
        k = (lao.province_code, lao.district_th)
        first[k] = min(first.get(k, lao.dla_code[3:5]), lao.dla_code[3:5])
    ordered = tuple(sorted(laos.values(), key=lambda l: (l.province_code, first[(l.province_code, l.district_th)],
                                                         l.district_th, l.dla_code)))
    dataset = Dataset(year_be, ordered, lpa, {k: tuple(v) for k, v in surveys.items()},
                      synthetic=bool(sources.meta.get("synthetic")), source=str(sources.meta.get("note", "")),
                      data_date=str(sources.meta.get("data_date", "")))
    return dataset, findings


def report_text(findings: list[Finding]) -> str:
    """The validation report: one finding per line, errors first, then the counts."""
    lines = [str(f) for f in sorted(findings, key=lambda f: (f.level != ERROR, str(f.location.file),
                                                              f.location.line or 0))]
    errors = sum(f.level == ERROR for f in findings)
    lines.append(f"{errors} errors, {len(findings) - errors} warnings")
    return "\n".join(lines) + "\n"


def write_report(path, findings: list[Finding]) -> None:
    """Write :func:`report_text` to ``path`` (a whole file or none)."""
    from ..outputs import write_file

    write_file(path, report_text(findings).encode("utf-8"))


def require_rows(dataset: Dataset, province_code: str) -> None:
    if not dataset.laos_of(province_code):
        name = provinces()[province_code].name_th if province_code in provinces() else province_code
        raise InputError(f"no LAOs of {province_code} ({name}) in the data")
