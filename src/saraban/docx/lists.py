"""The distribution list as Word paragraphs (internal): its title, the letter it belongs to, and
the numbered recipients — in two newspaper columns (a section of two columns) when the PDF puts
them in two, which :meth:`~saraban.letters.layout.LetterComposer.distribution_columns` decides for
both writers.
"""

from __future__ import annotations

from typing import Sequence

from ..letters import content
from ..letters.layout import LIST_NUMBER_GAP
from .ooxml import Tab, paragraph, runs
from .styles import Style


def list_sections(writer, doc, recipients: Sequence[str], title: str, *, first: bool) -> list:
    """Sections (paragraphs, section spec, headers) of the list; ``first`` when it opens the
    document, else it starts on a new page after the letter."""
    letter, sheet = doc.letter, doc.sheet
    columns, num_w = writer.composer.distribution_columns(letter, recipients, title)
    head = [doc.p("list-title", title), doc.p("list-reference", content.distribution_reference(letter))]
    pitch = sheet.pitch()
    gap = LIST_NUMBER_GAP
    tabs = (Tab(num_w, "right"), Tab(num_w + gap))
    entries = []
    for k, name in enumerate(recipients):
        number = content.digits(letter, f"{k + 1}.")
        entries.append(paragraph(sheet["list-entry"], runs(f"\t{number}\t{name}"), tabs=tabs,
                                 space_before=pitch if k == 0 and columns == 1 else None))
    stamps = writer.stamps(doc, False)
    if columns == 1:
        return [(head + entries, writer._section(letter, False, False, new_page=not first), stamps)]
    # the title in a one-column section, the names in a two-column one after it on the same page
    # a blank line above both columns (the paragraph that ends the section takes no room)
    return [(head + [doc.p("list-reference", "")], writer._section(letter, False, False, new_page=not first), stamps),
            (entries, writer._section(letter, False, False, columns=2, new_page=False), stamps)]


def list_entry_style(num_w: float) -> Style:
    return Style("ListEntry", "รายชื่อ", left=num_w + LIST_NUMBER_GAP, hanging=num_w + LIST_NUMBER_GAP)

