"""The Word files of a letter spec (public): which formats an output asks for, and the DOCX bytes
of every file, made in memory so that :func:`saraban.letters.build.build_letters` writes them with
the PDFs only when everything succeeded.

A single letter gives ``OUT.docx``; a merge gives one DOCX per row, ``distribution-list.docx`` and
``circular.docx`` (the letter to all recipients with the list).  The combined PDF of a merge has no
Word counterpart: a clerk edits letters one by one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from ..errors import InputError
from ..letters.render import Letter
from ..letters.spec import LetterSpec
from ..thai.layout import Typesetter

FORMATS = ("pdf", "docx", "both")
DISTRIBUTION_NAME = "distribution-list.docx"
CIRCULAR_NAME = "circular.docx"
SUFFIXES = {".pdf": "pdf", ".docx": "docx"}


def output_formats(spec: LetterSpec, output: Path, requested: str | None) -> tuple[str, ...]:
    """The formats to write: ``requested`` ("pdf", "docx", "both"), else the output's suffix
    (a folder: PDF).  A file output must agree with the format; a merge needs a folder."""
    if requested is not None and requested not in FORMATS:
        raise InputError(f"unknown format {requested!r}; formats: {', '.join(FORMATS)}")
    suffix = SUFFIXES.get(output.suffix.lower())
    if spec.merge is not None and suffix:
        raise InputError(f"a merge writes one {suffix.upper()} per row: give a folder with -o, "
                         f"not a .{suffix} file", spec.at("merge"))
    if suffix and requested not in (None, suffix):
        raise InputError(f"-o {output.name} is a .{suffix} file but --format {requested} was asked for: "
                         "give a folder with -o to write both")
    fmt = requested or suffix or "pdf"
    formats = ("pdf", "docx") if fmt == "both" else (fmt,)
    return formats


def docx_names() -> list[str]:
    """The files a merge writes besides one DOCX per row."""
    return [DISTRIBUTION_NAME, CIRCULAR_NAME]


def docx_outputs(spec: LetterSpec, letters: Sequence[Letter], names: Sequence[str], output: Path,
                 typesetter: Typesetter) -> list[tuple[Path, bytes]]:
    """(path, bytes) of every Word file of the spec's letters (rendered, with their file names)."""
    from ..letters.build import circular_letter, has_distribution_list
    from .letter import WordWriter

    writer = WordWriter(typesetter)
    if spec.merge is None:
        path = output if output.suffix.lower() == ".docx" else output / f"{spec.path.stem}.docx"
        return [(path, _located(spec, None, lambda: writer.letter(letters[0])))]
    out = [(output / f"{name}.docx", _located(spec, k, lambda letter=letter: writer.letter(letter)))
           for k, (name, letter) in enumerate(zip(names, letters))]
    if not has_distribution_list(letters):
        return out
    recipients = [letter.recipient for letter in letters]
    out.append((output / DISTRIBUTION_NAME,
                _located(spec, None, lambda: writer.distribution_list(letters[0], recipients))))
    circular = circular_letter(spec)
    if circular is not None:
        out.append((output / CIRCULAR_NAME, _located(spec, None, lambda: writer.circular(circular, recipients))))
    return out


def _located(spec: LetterSpec, index: int | None, write: Callable[[], bytes]) -> bytes:
    """``write()``; a character no font has is the PDF's error, at the data cell (of merge row
    ``index``) or the spec's line where it was typed."""
    from ..errors import MissingGlyphError
    from ..letters.build import glyph_error, merge_rows
    from ..templates import Templates

    try:
        return write()
    except MissingGlyphError as exc:
        table = row = None
        if index is not None:          # only now: the rows again, to name the cell
            table, rows = merge_rows(spec, Templates())
            row = rows[index]
        raise glyph_error(exc, spec, table, row) from exc
