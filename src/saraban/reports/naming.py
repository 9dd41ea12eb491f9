"""Names and addresses of published booklets (public): one place for the file names of the
catalogue site and the URLs that the booklets' QR codes print, so that both always agree.

A booklet's *slug* is ASCII — ``lpa-2563-th-50-chiang-mai``, ``lpa-2563-national`` — built from
the kind, the B.E. year, the province code and the province's English name.  ASCII, not Thai,
because the name ends up in a URL printed as a QR code (a Thai name is percent-encoded into three
times as many characters and a denser code), in e-mail attachments and in ZIP files made on
Windows, which still mangle non-ASCII names; the Thai name is in each page's title and text.
"""

from __future__ import annotations

import re

from .model import provinces

#: The kind of booklet at the head of every slug.
KIND = "lpa"
NATIONAL = "TH"


def slug(year_be: int, code: str) -> str:
    """``lpa-2563-th-50-chiang-mai`` for a province, ``lpa-2563-national`` for the national booklet."""
    if code == NATIONAL:
        return f"{KIND}-{year_be}-national"
    name = re.sub(r"[^a-z0-9]+", "-", provinces()[code].name_en.lower()).strip("-")
    return f"{KIND}-{year_be}-{code.lower()}-{name}"


def page_name(year_be: int, code: str) -> str:
    """The booklet's page in the site (a file at the site's root)."""
    return slug(year_be, code) + ".html"


def pdf_name(year_be: int, code: str) -> str:
    """The booklet's PDF in the site."""
    return slug(year_be, code) + ".pdf"


def page_url(base_url: str, year_be: int, code: str) -> str:
    """The address of the booklet's page: what its QR codes encode."""
    return f"{base_url.rstrip('/')}/{page_name(year_be, code)}"
