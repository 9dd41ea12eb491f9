"""Jinja2 templates in the sandbox (public), shared by letters and booklets.

Templates run in Jinja2's ``SandboxedEnvironment`` with ``StrictUndefined``: an undefined variable
is an error, and a template cannot reach Python internals.  Every error carries the file and the
line — of the template line inside the file it came from.  Rendering has a budget of time and
text (:mod:`saraban.template_budget`).
"""

from __future__ import annotations

import datetime as _dt
import re
import traceback
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

import jinja2

from .errors import InputError, Location
from .template_budget import BudgetedSandbox, render_with_budget


class CellProblem(InputError):
    """A template used a data cell that cannot be used that way (empty, not a number, not a date):
    the location is the cell's (file, row, column); :class:`Templates` adds the template's line."""


class CellText(str):
    """A data cell's text as a template sees it: a string that knows its file, row and column,
    so that a filter failing on it (``number``, ``thai_date``) names the cell."""

    location: Location

    def __new__(cls, text: str, location: Location) -> "CellText":
        cell = super().__new__(cls, text)
        cell.location = location
        return cell


class EmptyCell(CellText):
    """An empty data cell (or a cell a short row does not have).  It is false in ``{% if %}`` and
    ``{{ x or "…" }}`` — the ways a template says a cell is optional — but printing it, or using
    its text, is an error naming the row and the column: a letter to "ผู้ว่าราชการจังหวัด" with no
    province must not go out."""

    def __new__(cls, location: Location) -> "EmptyCell":
        return super().__new__(cls, "", location)

    def _fail(self, *_args, **_kwargs):
        raise CellProblem(f"the cell {self.location.column!r} is empty, and a template prints it "
                          "(fill the cell; for a cell that may stay empty write "
                          f"{{{{ {self.location.column} or \"\" }}}} or {{% if {self.location.column} %}}…)",
                          self.location)

    __str__ = __format__ = __add__ = __radd__ = __mod__ = _fail
    strip = lstrip = rstrip = upper = lower = title = capitalize = replace = split = _fail


def template_cells(values: Mapping[str, Any], location) -> dict[str, Any]:
    """A data row's values for templates: text cells as :class:`CellText` (empty ones as
    :class:`EmptyCell`); ``location(column)`` gives a cell's place.  Other values (workbook
    dates) are kept as they are."""
    out: dict[str, Any] = {}
    for column, value in values.items():
        if type(value) is str:
            value = CellText(value, location(column)) if value else EmptyCell(location(column))
        out[column] = value
    return out


def _where(value: Any) -> Location | None:
    return value.location if isinstance(value, CellText) else None


def _as_date(value: Any) -> _dt.date:
    """A date, a datetime, a workbook's date cell, an ISO string or a Thai date."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if hasattr(value, "date") and isinstance(value.date, _dt.date):
        return value.date
    from .thai.dates import NotBuddhistEra, check_iso_year, parse_thai_date

    text = str(value).strip()
    try:
        try:
            return check_iso_year(_dt.date.fromisoformat(text[:10]))
        except NotBuddhistEra:
            raise
        except ValueError:
            return parse_thai_date(text)
    except NotBuddhistEra as exc:
        _fail_on(value, str(exc))
    except (ValueError, KeyError):
        _fail_on(value, f"not a date: {text!r} (write 2021-11-25 or 25 พฤศจิกายน 2564)")


def _fail_on(value: Any, message: str):
    """Raise the problem of a filter's value: at its cell when it is a data cell."""
    where = _where(value)
    if where is not None:
        raise CellProblem(message, where)
    raise ValueError(message)


#: A number as it is written in a cell: digits with an optional decimal point.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
#: A number with thousands grouped by commas in threes (1,234 or 1,234.50).
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")


def _as_number(value: Any) -> Decimal:
    from .thai.numerals import to_arabic_digits

    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value))
    raw = str(value)    # an empty cell says so here
    if isinstance(value, str):
        raw = str.__str__(value)
    text = to_arabic_digits(raw.strip())
    if _DECIMAL.fullmatch(text):
        return Decimal(text)
    if _GROUPED.fullmatch(text):
        return Decimal(text.replace(",", ""))
    # a comma is never a decimal mark: "8,5" read as 85 would be a silent factor of ten
    if re.fullmatch(r"[+-]?[0-9]*,[0-9]+(?:\.[0-9]*)?", text):
        _fail_on(value, f"{raw!r} has a comma that does not group thousands in threes: decimals are "
                        f"written with a point ({text.replace(',', '.')}, not {text}) and thousands "
                        "as 1,234")
    if re.search(r"[0-9]", text) and re.search(r"[\s_',]", text):
        _fail_on(value, f"{raw!r} is not one number: spaces, underscores and apostrophes may not split "
                        "a number (thousands: 1,234)")
    _fail_on(value, f"not a number: {raw!r}")


def thai_date_filter(value: Any, style: str = "letter") -> str:
    """``{{ d | thai_date }}`` "25 พฤศจิกายน 2564"; styles letter, memo, order, short, short-full.
    Digits stay Arabic here: the letter prints them as Thai digits (unless thai_digits = false)."""
    from .thai.dates import thai_date

    return thai_date(_as_date(value), style=style, thai=False)


def thai_digits_filter(value: Any) -> str:
    """``{{ x | thai_digits }}``: every digit as a Thai digit, even in codes."""
    from .thai.numerals import to_thai_digits

    return to_thai_digits(str(value))


def number_filter(value: Any, decimals: int = 0) -> str:
    """``{{ n | number }}`` "1,234"; ``{{ n | number(2) }}`` "1,234.50" (half up)."""
    from .thai.numerals import format_number

    return format_number(_as_number(value), decimals, thai=False)


def baht_text_filter(value: Any) -> str:
    """``{{ n | baht_text }}`` "หนึ่งพันสองร้อยสามสิบสี่บาทถ้วน"."""
    from .thai.numerals import baht_text

    return baht_text(_as_number(value))


def thai_time_filter(value: Any) -> str:
    """``{{ t | thai_time }}`` "13.30 น." from a time, a datetime or "13:30"."""
    from .thai.dates import thai_time

    if isinstance(value, str):
        text = str(value).strip()    # an empty cell says so here
        try:
            value = _dt.time.fromisoformat(text.replace(".", ":"))
        except ValueError:
            _fail_on(value, f"not a time: {text!r} (write 13:30 or 13.30)")
    elif isinstance(value, _dt.datetime):
        value = value.time()
    return thai_time(value, thai=False)


#: Filters every template may use (docs/markup.md lists them).
FILTERS = {"thai_date": thai_date_filter, "thai_digits": thai_digits_filter, "number": number_filter,
           "baht_text": baht_text_filter, "thai_time": thai_time_filter}


class Templates:
    """Compiles each template source once; errors carry the file and the template's line."""

    def __init__(self):
        self.env = BudgetedSandbox(undefined=jinja2.StrictUndefined, autoescape=False,
                                   keep_trailing_newline=True)
        self.env.filters.update(FILTERS)
        self._cache: dict[str, jinja2.Template] = {}

    def compile(self, source: str, origin: Location) -> jinja2.Template:
        template = self._cache.get(source)
        if template is None:
            try:
                template = self._cache[source] = self.env.from_string(source)
            except jinja2.TemplateSyntaxError as exc:
                raise InputError(f"template error: {exc.message}", _shift(origin, exc.lineno)) from exc
        return template

    def render(self, source: str, context: Mapping[str, Any], origin: Location) -> str:
        if "{" not in source:
            return source
        template = self.compile(source, origin)
        try:
            return render_with_budget(template, context)
        except CellProblem as exc:
            used = _shift(origin, _template_line(exc))
            raise InputError(f"{exc.message} (used by the template at {used})", exc.location) from None
        except jinja2.UndefinedError as exc:
            known = ", ".join(sorted(context)) or "none (the letter has no [merge] data)"
            raise InputError(f"template error: {exc.message}; variables: {known}",
                             _shift(origin, _template_line(exc))) from exc
        except jinja2.TemplateError as exc:
            raise InputError(f"template error: {exc}", _shift(origin, _template_line(exc))) from exc
        except TypeError as exc:
            if "no loader" in str(exc):   # {% include %}, {% import %}, {% extends %}
                raise InputError("template error: a template cannot include, import or extend other "
                                 "files ({% include %}, {% import %}, {% extends %}): write the text "
                                 "here, or read a table with data = { … }",
                                 _shift(origin, _template_line(exc))) from None
            raise InputError(f"template error: TypeError: {exc}",
                             _shift(origin, _template_line(exc))) from exc
        except Exception as exc:  # noqa: BLE001 - a filter failing on a value (int("x"), …)
            raise InputError(f"template error: {type(exc).__name__}: {exc}",
                             _shift(origin, _template_line(exc))) from exc

    def variables(self, source: str, origin: Location) -> set[str]:
        from jinja2 import meta

        if "{" not in source:
            return set()
        try:
            return set(meta.find_undeclared_variables(self.env.parse(source)))
        except jinja2.TemplateSyntaxError as exc:
            raise InputError(f"template error: {exc.message}", _shift(origin, exc.lineno)) from exc


def _template_line(exc: BaseException) -> int | None:
    line = getattr(exc, "template_line", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
    return line


def _shift(origin: Location, template_line: int | None) -> Location:
    if origin.line is None or template_line is None:
        return origin
    return Location(origin.file, origin.line + template_line - 1)
