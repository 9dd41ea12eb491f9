"""Rows of the letter flow (internal): what :mod:`.layout` cuts into pages.

A row is one line box of the flow — a label and its content on one baseline, a number and its
item — or one row of a table (cells of several lines, with its rules).  Rows are frozen; the
paginator only decides where each one goes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..pdf.tags import Tag
from ..thai.layout import ParagraphLayout


@dataclass(frozen=True)
class Cell:
    """``count`` lines of ``layout`` from ``line_index``, at ``x``, ``dy`` below the row's top."""

    layout: ParagraphLayout
    line_index: int
    x: float
    role: str
    count: int = 1
    dy: float = 0.0
    tag: Tag | None = None   # its place in the structure tree


@dataclass(frozen=True)
class RowRule:
    """A rule of a table row, relative to the row: x from the page's left, dy down from the top."""

    x1: float
    dy1: float
    x2: float
    dy2: float
    width: float


@dataclass(frozen=True)
class Row:
    """One box of the flow.  ``pitch`` is its height; ``repeat`` are rows (a table's header) set
    again above this row when it starts a page; ``shrink`` is how much of ``space_before`` the
    form lets go when a letter is tightened to save a page."""

    cells: tuple[Cell, ...]
    pitch: float
    ascent: float
    space_before: float = 0.0
    keep_with_next: bool = False
    rules: tuple[RowRule, ...] = ()
    repeat: tuple["Row", ...] = ()
    shrink: float = 0.0
