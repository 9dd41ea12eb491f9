"""Jinja2 templates in the sandbox (public), shared by letters and booklets.

Templates run in Jinja2's ``SandboxedEnvironment`` with ``StrictUndefined``: an undefined variable
is an error, and a template cannot reach Python internals.  Every error carries the file and the
line — of the template line inside the file it came from.
"""

from __future__ import annotations

import datetime as _dt
import traceback
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import InputError, Location


def _as_date(value: Any) -> _dt.date:
    """A date, a datetime, a workbook's date cell, an ISO string or a Thai date."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if hasattr(value, "date") and isinstance(value.date, _dt.date):
        return value.date
    text = str(value).strip()
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        from .thai.dates import parse_thai_date

        try:
            return parse_thai_date(text)
        except (ValueError, KeyError):
            raise ValueError(f"not a date: {text!r} (write 2021-11-25 or 25 พฤศจิกายน 2564)") from None


def _as_number(value: Any) -> Decimal:
    from .thai.numerals import to_arabic_digits

    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = to_arabic_digits(str(value)).replace(",", "").strip()
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


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
        value = _dt.time.fromisoformat(value.strip().replace(".", ":"))
    elif isinstance(value, _dt.datetime):
        value = value.time()
    return thai_time(value, thai=False)


#: Filters every template may use (docs/markup.md lists them).
FILTERS = {"thai_date": thai_date_filter, "thai_digits": thai_digits_filter, "number": number_filter,
           "baht_text": baht_text_filter, "thai_time": thai_time_filter}


class Templates:
    """Compiles each template source once; errors carry the file and the template's line."""

    def __init__(self):
        self.env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
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
            return template.render(context)
        except jinja2.UndefinedError as exc:
            known = ", ".join(sorted(context)) or "none (the letter has no [merge] data)"
            raise InputError(f"template error: {exc.message}; variables: {known}",
                             _shift(origin, _template_line(exc))) from exc
        except jinja2.TemplateError as exc:
            raise InputError(f"template error: {exc}", _shift(origin, _template_line(exc))) from exc
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
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
    return line


def _shift(origin: Location, template_line: int | None) -> Location:
    if origin.line is None or template_line is None:
        return origin
    return Location(origin.file, origin.line + template_line - 1)
