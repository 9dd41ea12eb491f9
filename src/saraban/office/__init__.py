"""An office folder (public): what ``saraban init`` writes for a new office.

The files come from ``template/`` inside the package — ``office.toml`` (the office's defaults for
every letter below it), ``emblem.svg`` (a neutral stand-in), ``fonts/README.txt``, an example
letter, an example merge with its recipients, and a ``README.txt`` for the clerk in Thai.  They are
written as a whole or not at all (see :func:`saraban.office.scaffold.create_office`).
"""

from .scaffold import OfficeCreated, create_office

__all__ = ["OfficeCreated", "create_office"]
