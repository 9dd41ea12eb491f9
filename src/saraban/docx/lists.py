"""The distribution list as Word paragraphs (internal): its title, the letter it belongs to, and
the numbered recipients — in two newspaper columns (a section of two columns) when the PDF puts
them in two, which :meth:`~saraban.letters.layout.LetterComposer.distribution_columns` decides for
both writers.
"""

from __future__ import annotations

from typing import Sequence

from ..letters import content
from ..letters.layout import LIST_NUMBER_GAP
from .ooxml import Tab, paragraph, runs, w
from .styles import Style


def list_sections(writer, doc, recipients: Sequence[str], title: str, *, first: bool) -> list:
    """Sections (paragraphs, section spec, headers) of the list; ``first`` when it opens the
    document, else it starts on a new page after the letter.  Its pages are the PDF's: the same
    names on each page and in each column (a column break where the PDF's second column starts),
    the heading carried with "(ต่อ)" and "- ๒ -" at the top of every page after the first."""
    letter, sheet = doc.letter, doc.sheet
    columns, num_w = writer.composer.distribution_columns(letter, recipients, title)
    pages = writer.composer.distribution_pages(letter, recipients, title)
    pitch = sheet.pitch()
    gap = LIST_NUMBER_GAP
    tabs = (Tab(num_w, "right"), Tab(num_w + gap))
    out = []
    for number, page in enumerate(pages, start=1):
        if number == 1:
            head = [doc.p("list-title", title), doc.p("list-reference", content.distribution_reference(letter))]
        else:
            head = [doc.p("list-title", content.continued(title))]
        entries = []
        for c, column in enumerate(page):
            for k in column:
                text = runs(f"\t{content.digits(letter, f'{k + 1}.')}\t{recipients[k]}")
                if c > 0 and k == column.start:
                    text = [w("r", None, w("br", {"type": "column"}))] + text
                entries.append(paragraph(sheet["list-entry"], text, tabs=tabs,
                                         space_before=pitch if k == column.start and columns == 1 else None))
        def headers():   # each section its own copies (an element has one parent)
            parts = writer.stamps(doc, False)
            if number > 1:
                parts["default"].append(doc.p("page-number", content.page_number(letter, number)))
            return parts

        new_page = number > 1 or not first
        if columns == 1:
            out.append((head + entries, writer._section(letter, False, False, new_page=new_page), headers()))
            continue
        # the heading in a one-column section, the names in a two-column one after it on the same
        # page; a blank line above both columns (the paragraph that ends the section takes no room)
        out.append((head + [doc.p("list-reference", "")], writer._section(letter, False, False, new_page=new_page),
                    headers()))
        out.append((entries, writer._section(letter, False, False, columns=2, new_page=False), headers()))
    return out


def list_entry_style(num_w: float) -> Style:
    return Style("ListEntry", "รายชื่อ", left=num_w + LIST_NUMBER_GAP, hanging=num_w + LIST_NUMBER_GAP)

