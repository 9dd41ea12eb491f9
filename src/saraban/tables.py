"""Tabular input (public): CSV and XLSX files → rows of strings that remember where they came from.

Thai offices export CSV as UTF-8, UTF-8 with a BOM, or cp874 (TIS-620, what Thai Excel writes), and
keep data in XLSX.  Every cell is read as text — codes such as "0810" or "TH-10" keep their zeros —
and every row carries its line in the file (CSV: the header is line 1) or its row in the sheet, so
that a message can point at it.

Hostile or careless files stop with a message instead of wrong text or unbounded work: a cp874
guess that gives implausible Thai (a Windows-1252 "José" read as "Jos้"), Thai text mangled by an
earlier Western round trip ("à¸"), an XLSX whose XML would unpack to more than
:data:`MAX_XLSX_XML_BYTES`, and cells longer than :data:`MAX_CELL_CHARS` (CSV) or
:data:`MAX_XLSX_CELL_CHARS` (XLSX).
"""

from __future__ import annotations

import codecs
import datetime as _dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .errors import InputError, Location

#: Encodings tried in order for CSV.  cp874 is Windows' superset of TIS-620.
CSV_ENCODINGS = ("utf-8-sig", "cp874")

#: Longest text a cell may hold: the standard library's CSV field limit, applied to XLSX cells too.
#: A real cell (a name, a paragraph of a letter) is a few hundred characters.
MAX_CELL_CHARS = 131_072

#: Longest text of an XLSX cell: Excel's own limit.  openpyxl silently cuts longer cells (written by
#: other tools) to this length, so a cell that reaches it may have lost its end and is refused.
MAX_XLSX_CELL_CHARS = 32_767

#: Largest uncompressed size of an XLSX's parts.  The national LAO table (7,849 rows) unpacks to
#: about 2 MB; a zip bomb unpacks to gigabytes and would keep openpyxl busy for minutes.  64 MB is
#: about a million cells, and openpyxl reads it in well under a minute.
MAX_XLSX_XML_BYTES = 64 * 1024 * 1024

#: Thai combining marks (above/below vowels, tone marks, ็ ์ ํ ๎): each sits on a Thai letter.
_THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
#: Text that is not Thai as anyone types it: a mark on something other than a Thai letter or mark,
#: or a Thai character glued to a Latin letter ("Jos้", "Garcํa", "C๔te" — Windows-1252 accents
#: read as cp874).
_IMPLAUSIBLE_THAI = re.compile(f"(?<![\u0e01-\u0e2e{_THAI_MARKS}])[{_THAI_MARKS}]"
                               "|[A-Za-z][\u0e01-\u0e5b]|[\u0e01-\u0e5b][A-Za-z]")
#: UTF-8 Thai read as Windows-1252 and saved again: every Thai letter becomes "à¸…" or "à¹…".
_MANGLED_THAI = re.compile("\u00e0[\u00b8\u00b9]")


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
    #: For a workbook: the names of all its sheets (to say where the data might be).
    sheets: tuple[str, ...] = ()

    def at(self, row: Row | None = None, column: str | None = None) -> Location:
        return Location(self.path, row.line if row else None, column, unit="row" if self.sheet else "line")


    def renamed(self, mapping: Mapping[str, str]) -> "Table":
        """The same table with columns renamed (source header → contract name)."""
        columns = tuple(mapping.get(c, c) for c in self.columns)
        if len(set(columns)) != len(columns):
            dup = next(c for c in columns if columns.count(c) > 1)
            raise InputError(f"two columns map to {dup!r}", Location(self.path, 1, dup))
        rows = tuple(Row({mapping.get(k, k): v for k, v in r.values.items()}, r.line) for r in self.rows)
        return Table(self.path, columns, rows, self.encoding, self.sheet, self.sheets)

    def where_sheets(self) -> str:
        """For a workbook of several sheets, which one was read and which exist (for messages
        about missing columns); empty otherwise."""
        if len(self.sheets) < 2:
            return ""
        shown = ", ".join(repr(s) for s in self.sheets)
        return (f"; read from the sheet {self.sheet!r} — the workbook has the sheets {shown}: "
                "put the table on the first sheet")


def read_table(path: Path | str, sheet: str | None = None,
               rename: Mapping[str, str] | None = None, encoding: str | None = None) -> Table:
    """Read a CSV or XLSX file as text cells; ``rename`` maps source headers to column names.

    ``encoding`` names the encoding of a CSV file that is not UTF-8 (default: cp874, checked for
    plausible Thai); UTF-8, with or without a BOM, is always recognised."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", Location(path))
    if path.is_dir():
        raise InputError("a folder where a table file (.csv or .xlsx) was expected", Location(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet, rename)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, suffix, rename, encoding)
    raise InputError("unknown table format (use .csv or .xlsx)", Location(path))


def check_encoding(name: str) -> str:
    """The codec name of ``name`` (``cp1252``, ``tis-620``, ``utf-8``…), or an error listing a few."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InputError(f"unknown encoding {name!r} (for example utf-8, cp874, tis-620, cp1252)") from None


def _read_xlsx(path: Path, sheet: str | None, rename) -> Table:
    """A workbook's sheet (default the first) as text cells, after checking the unpacked size."""
    import pandas as pd

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"not an Excel workbook (.xlsx): {exc}", Location(path)) from exc
    if unpacked > MAX_XLSX_XML_BYTES:
        raise InputError(f"the workbook unpacks to {unpacked / 2**20:,.0f} MB, more than the "
                         f"{MAX_XLSX_XML_BYTES // 2**20} MB a data table may hold (a damaged or "
                         "hostile file); save the table alone in a new workbook", Location(path))
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            sheets = tuple(str(s) for s in book.sheet_names)
            if sheet is not None and sheet not in sheets:
                raise InputError(f"no sheet {sheet!r}; the workbook has the sheets "
                                 f"{', '.join(repr(s) for s in sheets)}", Location(path))
            name = sheet if sheet is not None else sheets[0]
            frame = pd.read_excel(book, sheet_name=name, dtype=str, keep_default_na=False)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for broken files
        raise InputError(f"cannot read the workbook: {exc}", Location(path)) from exc
    records = list(frame.itertuples(index=False, name=None))
    for i, record in enumerate(records):
        for column, value in zip(frame.columns, record):
            if isinstance(value, str) and len(value) >= MAX_XLSX_CELL_CHARS:
                raise InputError(f"a cell of {MAX_XLSX_CELL_CHARS:,} characters or more: Excel's limit "
                                 "for a cell, longer text is cut off when read",
                                 Location(path, i + 2, str(column), unit="row"))
    table = _table(path, [str(c) for c in frame.columns], records, "xlsx", name, 2, rename)
    return Table(table.path, table.columns, table.rows, table.encoding, table.sheet, sheets)


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        bad = _MANGLED_THAI.search(text)
        if bad:
            raise InputError(f"Thai text mangled by an earlier save in a Western encoding "
                             f"({_snippet(text, bad.start())!r}): export the table again from the "
                             "original", Location(path, text.count("\n", 0, bad.start()) + 1))
        return text, "utf-8"
    guessed = encoding is None
    encoding = encoding or CSV_ENCODINGS[1]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = (" (the file may be Windows-1252/Western: say --encoding cp1252, or `encoding` in "
                "[merge])") if guessed else ""
        raise InputError(f"neither UTF-8 nor {encoding} text: byte 0x{data[exc.start]:02X} cannot be "
                         f"read{hint}", Location(path, line)) from exc
    if guessed:
        bad = _IMPLAUSIBLE_THAI.search(text)
        if bad:
            raise InputError(
                f"read as cp874 (TIS-620, Thai Windows) the text does not look like Thai: "
                f"{_snippet(text, bad.start())!r}. If the file is in another encoding, name it "
                "(--encoding cp1252 for Windows Western, `encoding = \"cp1252\"` in a letter's "
                "[merge]); if it really is cp874, name that (--encoding cp874) to read it as it is",
                Location(path, text.count("\n", 0, bad.start()) + 1))
    return text, codecs.lookup(encoding).name


def _snippet(text: str, at: int) -> str:
    """The line around position ``at``, cut to a readable length."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:end if end >= 0 else len(text)].rstrip("\r")
    offset = at - start
    return line[max(0, offset - 30):offset + 30]


def _read_csv(path: Path, suffix: str, rename, encoding: str | None = None) -> Table:
    """CSV with the standard library: quoted fields, embedded newlines and commas as Excel writes
    them; every row's line is its first physical line in the file."""
    import csv

    csv.field_size_limit(MAX_CELL_CHARS)
    text, encoding = _decode(path, path.read_bytes(), encoding)
    text = text.removeprefix("\ufeff")
    # strict: a quote left open to the end of the file, or text after a closing quote, is an error
    # instead of a cell that swallows the rows after it
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if suffix == ".tsv" else ",",
                        strict=True)
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
        if "field larger than field limit" in str(exc):
            raise InputError(f"a cell longer than {MAX_CELL_CHARS:,} characters (an unclosed quote, "
                             "or not a table)", Location(path, line + 1)) from exc
        raise InputError(_csv_problem(str(exc)), Location(path, line + 1)) from exc
    return _table(path, header, records, encoding, None, lines, rename)


def _csv_problem(message: str) -> str:
    """The standard library's CSV error in words that say what to fix."""
    if "unexpected end of data" in message:
        return ("a quote (\") opened in this row is never closed, so the rest of the file would be "
                "read as one cell: close the quote, or remove it")
    if "expected after" in message:
        return ("text after the closing quote of a cell (a quote inside a quoted cell is written "
                "twice: \"\")")
    return f"not a readable CSV file: {message}"


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
