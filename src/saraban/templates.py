"""Jinja2 templates in the sandbox (public), shared by letters and booklets.

Templates run in Jinja2's ``SandboxedEnvironment`` with ``StrictUndefined``: an undefined variable
is an error, and a template cannot reach Python internals.  Every error carries the file and the
line — of the template line inside the file it came from.
"""

from __future__ import annotations

import traceback
from typing import Any, Mapping

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import InputError, Location


class Templates:
    """Compiles each template source once; errors carry the file and the template's line."""

    def __init__(self):
        self.env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
                                        keep_trailing_newline=True)
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
