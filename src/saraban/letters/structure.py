"""Where each part of a letter goes in the PDF's structure tree (internal): the paths the layout
gives its items (:mod:`saraban.pdf.tags`).

A letter reads, for a screen reader, as its paper does: the emblem (a ``Figure``), the head's
paragraphs, the subject as the heading (``H1``; a memo's title "บันทึกข้อความ"), the labelled
headings as paragraphs — or a label and a list (``L``/``LI``/``Lbl``/``LBody``) when their items are
numbered — the body's paragraphs, lists and tables (``Table``/``TR``/``TH``/``TD``), the closing and
the signature.  Page numbers, the continuation mark, rules, leaders and repeated secrecy stamps
are artifacts.
"""

from __future__ import annotations

from typing import Hashable

from ..pdf.tags import Elem, Path  # noqa: F401 (Path: for the layout's annotations)

#: Alt text of the emblem at the head of a letter (the regulation's emblem is the Garuda).
EMBLEM_ALT = "ตราครุฑ"
#: Alt text of a QR code: what it is, then the address it holds.
QR_ALT = "คิวอาร์โค้ด {url}"
#: Alt text of a signature image.
SIGNATURE_ALT = "ลายมือชื่อ {name}"


def p(key: Hashable) -> Path:
    """A paragraph."""
    return (Elem("P", key),)


def heading(level: int, key: Hashable) -> Path:
    return (Elem(f"H{level}", key),)


def item(list_path: Path, index: int) -> Path:
    """The ``LI`` of item ``index`` of the list at ``list_path``."""
    return list_path + (Elem("LI", index),)


def label(item_path: Path) -> Path:
    return item_path + (Elem("Lbl"),)


def body(item_path: Path) -> Path:
    return item_path + (Elem("LBody"),)


def figure(key: Hashable, alt: str) -> Path:
    return (Elem("Figure", key, alt=alt),)


def cell(table: Path, row: int, column: int, header: bool) -> Path:
    """A table cell: header cells are ``TH`` with a column scope."""
    role = Elem("TH", column, scope="Column") if header else Elem("TD", column)
    return table + (Elem("TR", row), role)
