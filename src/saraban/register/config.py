"""The office's register settings (public): where the register is and which series it numbers.

In ``office.toml``::

    register = "saraban.db"                  # the default; or "postgresql://clerk@server/saraban"

    [series]
    letter   = "มท 0810.7/"                  # the text before the number
    circular = "มท 0810.7/ว"
    order    = "{n}/{year}"                  # or a pattern with {n} and {year} (B.E.)

A relative path is relative to ``office.toml``; the environment variable ``SARABAN_REGISTER``
(or a command's ``--register``) names another register for one run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..errors import InputError, Location
from ..source import read_toml
from .model import SeriesRule
from .store import is_server_url

#: The register's file when office.toml does not name one: beside office.toml.
DEFAULT_FILE = "saraban.db"

#: Names another register for one run (tests, a training copy) without editing office.toml.
ENV_VARIABLE = "SARABAN_REGISTER"

#: The keys of office.toml this module reads.
OFFICE_REGISTER_KEYS = ("register", "series")


@dataclass(frozen=True)
class RegisterSettings:
    """Where the register is (a path or a URL) and the office's series by name."""

    url: str
    series: Mapping[str, SeriesRule] = field(default_factory=dict)
    office: Path | None = None

    def rule(self, name: str, where: Location | None = None) -> SeriesRule:
        try:
            return self.series[name]
        except KeyError:
            known = ", ".join(self.series) or "none"
            origin = f" in {self.office}" if self.office else " (no office.toml found)"
            raise InputError(f"no series {name!r}{origin}; series defined: {known} "
                             f"(add it under [series] in office.toml, e.g. {name} = \"มท 0810.7/ว\")",
                             where) from None


def settings_from(office: Path | None, override: str | None = None) -> RegisterSettings:
    """The register settings of ``office`` (an office.toml, or None), with ``override`` (a
    command's ``--register``) or ``SARABAN_REGISTER`` in place of its ``register``."""
    data, source = ({}, None) if office is None else read_toml(office)
    base = office.parent if office else Path.cwd()
    series: dict[str, SeriesRule] = {}
    raw_series = data.get("series", {})
    if not isinstance(raw_series, dict):
        raise InputError("[series] must be a table of name = \"prefix\"", source.at("series"))
    for name, pattern in raw_series.items():
        if not isinstance(pattern, str) or not pattern.strip():
            raise InputError(f"series.{name} must be the text before the number, e.g. \"มท 0810.7/ว\"",
                             source.at(f"series.{name}"))
        series[name] = SeriesRule(name, pattern.strip())
    url = override or os.environ.get(ENV_VARIABLE) or data.get("register") or DEFAULT_FILE
    if not isinstance(url, str) or not url.strip():
        raise InputError("register must be a file (saraban.db) or a postgresql:// URL", source.at("register"))
    if not is_server_url(url):
        url = str((base / url) if not Path(url).is_absolute() and not (override or os.environ.get(ENV_VARIABLE))
                  else Path(url))
    return RegisterSettings(url, series, office)


def find_office_file(start: Path | None = None) -> Path | None:
    """The nearest office.toml in ``start`` (default: the current folder) or a folder above it —
    a clerk may run ``saraban register`` from the office's ``letters/`` folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "office.toml"
        if candidate.is_file():
            return candidate
    return None
