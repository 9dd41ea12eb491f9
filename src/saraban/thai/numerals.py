"""Thai numerals (public, pure): Thai digits, grouping, baht text.

Numbers stay numbers until they are formatted; Thai digits are a formatting choice.  Digits inside
URLs, e-mail addresses and other identifiers meant for lookup are never converted.
"""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal

ARABIC = "0123456789"
THAI = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans(ARABIC, THAI)
_TO_ARABIC = str.maketrans(THAI, ARABIC)

#: Spans left as typed by :func:`thai_digits_in_text`: URLs, e-mail addresses, and words that mix
#: Latin letters with digits (codes such as "TH-50", "A4", "ISO9001").
PROTECTED = re.compile(
    r"(?:https?://|ftp://|www\.)\S+"            # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"             # e-mail addresses
    r"|\b(?=[A-Za-z0-9_-]*[A-Za-z])(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]+\b"  # Latin/digit identifiers
)


def to_thai_digits(text: str) -> str:
    """Replace every ASCII digit by its Thai digit (no exceptions: use on numbers you format)."""
    return text.translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def thai_digits_in_text(text: str) -> str:
    """Thai digits in running text, leaving URLs, e-mail addresses and identifiers untouched."""
    out, last = [], 0
    for m in PROTECTED.finditer(text):
        out.append(to_thai_digits(text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(to_thai_digits(text[last:]))
    return "".join(out)


#: Numbers formatted and remembered (a booklet run formats some 60,000 table cells, mostly the
#: same few thousand scores; each costs ~10 µs in Decimal arithmetic).
FORMATTED_NUMBERS = 65_536


@functools.lru_cache(maxsize=FORMATTED_NUMBERS, typed=True)   # typed: 1 and 1.0 are told apart
def format_number(value: float | int | Decimal, decimals: int = 0, *, thai: bool = True,
                  grouping: bool = True) -> str:
    """``1234.5`` → ``"๑,๒๓๔.๕๐"`` (decimals=2).  Rounds half up, as people do by hand."""
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    d = Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
    text = f"{d:,.{decimals}f}" if grouping else f"{d:.{decimals}f}"
    if text.startswith("-") and Decimal(text.replace(",", "")) == 0:
        text = text[1:]
    return to_thai_digits(text) if thai else text


def baht_text(amount: float | int | Decimal) -> str:
    """The amount in words as on a cheque: ``1234.5`` → ``"หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"``."""
    from pythainlp.util import bahttext

    return bahttext(float(Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)))
