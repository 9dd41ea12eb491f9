"""Tabular input (public): CSV and XLSX files → rows of strings that remember where they came from.

Thai offices export CSV as UTF-8, UTF-8 with a BOM, or cp874 (TIS-620, what Thai Excel writes), and
keep data in XLSX.  Every cell is read as text — codes such as "0810" or "TH-10" keep their zeros —
and every row carries its line in the file (CSV: the header is line 1) or its row in the sheet, so
that a message can point at it.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .errors import InputError, Location

#: Encodings tried in order for CSV.  cp874 is Windows' superset of TIS-620.
CSV_ENCODINGS = ("utf-8-sig", "cp874")


#: How pandas writes an Excel date cell read as text: "2024-09-30 00:00:00".
_EXCEL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) 00:00:00$")


class DateText(str):
    """A date cell of a workbook: text as a Thai letter writes the date ("30 กันยายน 2567", B.E.;
    digits become Thai when printed), with the date itself in ``.date`` (the ``thai_date`` filter
    formats it in any style)."""

    date: _dt.date

    def __new__(cls, date: _dt.date) -> "DateText":
        from .thai.dates import thai_date

        text = super().__new__(cls, thai_date(date, thai=False))
        text.date = date
        return text


def _cell(value) -> str:
    text = "" if value is None else str(value).strip()
    m = _EXCEL_DATE.match(text)
    if m:
        try:
            return DateText(_dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return text
    return text


@dataclass(frozen=True)
class Row:
    """One data row: its values by column name, and its line (CSV) or row (XLSX) in the file."""

    values: Mapping[str, str]
    line: int

    def __getitem__(self, key: str) -> str:
        return self.values[key]


@dataclass(frozen=True)
class Table:
    path: Path
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    encoding: str
    sheet: str | None = None

    def at(self, row: Row | None = None, column: str | None = None) -> Location:
        return Location(self.path, row.line if row else None, column, unit="row" if self.sheet else "line")


    def renamed(self, mapping: Mapping[str, str]) -> "Table":
        """The same table with columns renamed (source header → contract name)."""
        columns = tuple(mapping.get(c, c) for c in self.columns)
        if len(set(columns)) != len(columns):
            dup = next(c for c in columns if columns.count(c) > 1)
            raise InputError(f"two columns map to {dup!r}", Location(self.path, 1, dup))
        rows = tuple(Row({mapping.get(k, k): v for k, v in r.values.items()}, r.line) for r in self.rows)
        return Table(self.path, columns, rows, self.encoding, self.sheet)


def read_table(path: Path | str, sheet: str | None = None,
               rename: Mapping[str, str] | None = None) -> Table:
    """Read a CSV or XLSX file as text cells; ``rename`` maps source headers to column names."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", Location(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import pandas as pd

        try:
            frames = pd.read_excel(path, sheet_name=sheet if sheet else 0, dtype=str,
                                   keep_default_na=False, engine="openpyxl")
        except ValueError as exc:  # unknown sheet
            raise InputError(f"cannot read sheet {sheet!r}: {exc}", Location(path)) from exc
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for broken files
            raise InputError(f"cannot read the workbook: {exc}", Location(path)) from exc
        frame, encoding, first_line = frames, "xlsx", 2
        sheet_name = sheet or "1"
    elif suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, suffix, rename)
    else:
        raise InputError("unknown table format (use .csv or .xlsx)", Location(path))
    return _table(path, [str(c) for c in frame.columns], frame.itertuples(index=False, name=None),
                  encoding, sheet_name, first_line, rename)


def _read_csv(path: Path, suffix: str, rename) -> Table:
    """CSV with the standard library: quoted fields, embedded newlines and commas as Excel writes
    them; every row's line is its first physical line in the file."""
    import csv

    data = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp874 decodes almost anything
        raise InputError("neither UTF-8 nor cp874 (TIS-620) text", Location(path))
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if suffix == ".tsv" else ",")
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty (no header line)", Location(path)) from None
    except csv.Error as exc:
        raise InputError(f"not a readable CSV file: {exc}", Location(path, 1)) from exc
    records, lines = [], []
    line = reader.line_num
    try:
        for record in reader:
            start = line + 1
            line = reader.line_num
            if len(record) > len(header) and any(v.strip() for v in record[len(header):]):
                raise InputError(f"{len(record)} fields where the header has {len(header)}",
                                 Location(path, start))
            records.append((record + [""] * len(header))[:len(header)])
            lines.append(start)
    except csv.Error as exc:
        raise InputError(f"not a readable CSV file: {exc}", Location(path, reader.line_num)) from exc
    return _table(path, header, records, encoding, None, lines, rename)


def _table(path, header, records, encoding, sheet, first_line, rename) -> Table:
    """Rows of text cells with their lines: ``first_line`` is the line of the first data row (rows
    follow one per line) or the list of every row's line."""
    columns = [str(c).strip() for c in header]
    if rename:
        columns = [rename.get(c, c) for c in columns]
    seen = set()
    for c in columns:
        if c in seen:
            raise InputError(f"column {c!r} appears twice", Location(path, 1, c))
        seen.add(c)
    rows = []
    for i, record in enumerate(records):
        values = ({c: _cell(v) for c, v in zip(columns, record)} if encoding == "xlsx" else
                  {c: ("" if v is None else str(v)).strip() for c, v in zip(columns, record)})
        if not any(values.values()):
            continue  # blank lines at the end of exports
        rows.append(Row(values, first_line[i] if isinstance(first_line, list) else first_line + i))
    return Table(path, tuple(columns), tuple(rows), encoding, sheet)
