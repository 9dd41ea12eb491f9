"""Word documents (public): every letter saraban sets as PDF, also as DOCX a clerk edits in Word.

The same spec, templates and lint as the PDF; only the writer differs.  :class:`WordWriter` turns
a rendered :class:`~saraban.letters.render.Letter` into DOCX bytes laid out by the letter's form,
in Thai-named paragraph styles, Thai written the Word way (complex-script runs, Thai Distributed
paragraphs, the office font named, not embedded).  :mod:`.build` writes the files of a spec.
"""

from .letter import WordWriter

__all__ = ["WordWriter"]
