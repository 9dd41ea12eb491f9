"""Thai dates and times (public, pure): Buddhist-Era years, full and short month names.

Letters write "๑๖ พฤศจิกายน ๒๕๖๓" (no "พ.ศ."), memos "วันที่ ๑๖ …", orders "… พ.ศ. ๒๕๖๓";
times are "๑๓.๓๐ น.".
"""

from __future__ import annotations

import datetime as _dt

from .numerals import to_thai_digits

#: B.E. = C.E. + 543 (the Thai solar calendar's era offset since 1941).
BE_OFFSET = 543

MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
          "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def be_year(date: _dt.date) -> int:
    return date.year + BE_OFFSET


def _digits(text: str, thai: bool) -> str:
    return to_thai_digits(text) if thai else text


def thai_date(date: _dt.date, *, style: str = "letter", thai: bool = True) -> str:
    """Format ``date``.

    ``letter``: "๑๖ พฤศจิกายน ๒๕๖๓"; ``memo``: "วันที่ ๑๖ พฤศจิกายน ๒๕๖๓";
    ``order``: "๑๖ พฤศจิกายน พ.ศ. ๒๕๖๓"; ``short``: "๑๖ พ.ย. ๖๓"; ``short-full``: "๑๖ พ.ย. ๒๕๖๓".
    """
    d, m, y = date.day, date.month, be_year(date)
    forms = {
        "letter": f"{d} {MONTHS[m - 1]} {y}",
        "memo": f"วันที่ {d} {MONTHS[m - 1]} {y}",
        "order": f"{d} {MONTHS[m - 1]} พ.ศ. {y}",
        "short": f"{d} {MONTHS_SHORT[m - 1]} {y % 100:02d}",
        "short-full": f"{d} {MONTHS_SHORT[m - 1]} {y}",
    }
    if style not in forms:
        raise ValueError(f"unknown date style {style!r}; choose one of {', '.join(forms)}")
    return _digits(forms[style], thai)


def thai_time(time: _dt.time, *, thai: bool = True) -> str:
    """"๑๓.๓๐ น." — hours and minutes with a full stop, as Thai official texts write them."""
    return _digits(f"{time.hour:02d}.{time.minute:02d} น.", thai)


#: The first year read as B.E. in a Thai date; a year below it (but above 99, a two-digit B.E.
#: year) is a C.E. year typed where B.E. is meant ("25 พฤศจิกายน 2021").
FIRST_BE_YEAR = 2400


class NotBuddhistEra(ValueError):
    """A year in the wrong era: C.E. where a Thai date has B.E., or B.E. in an ISO (C.E.) date."""


def check_iso_year(date: _dt.date) -> _dt.date:
    """An ISO date (C.E.) whose year is not a B.E. year typed by mistake (2564-11-25)."""
    if date.year >= FIRST_BE_YEAR:
        raise NotBuddhistEra(f"{date.isoformat()}: the year {date.year} looks like a Buddhist Era year, but "
                             f"dates written 2021-11-25 are C.E. (B.E. = C.E. + {BE_OFFSET}: write "
                             f"{date.year - BE_OFFSET}-{date.month:02d}-{date.day:02d}, or the date in Thai, "
                             f"{date.day} {MONTHS[date.month - 1]} {date.year})")
    return date


def parse_thai_date(text: str) -> _dt.date:
    """Read "16 พฤศจิกายน 2563" / "๑๖ พ.ย. ๒๕๖๓" (B.E. year; "พ.ศ." optional) back to a date.

    Raises ``ValueError`` for text that is not such a date or a day that does not exist.
    """
    from .numerals import to_arabic_digits

    parts = to_arabic_digits(text).replace("พ.ศ.", " ").split()
    if len(parts) != 3:
        raise ValueError(f"not a Thai date: {text!r}")
    day, month, year = parts
    names = {n: i + 1 for i, n in enumerate(MONTHS)} | {n: i + 1 for i, n in enumerate(MONTHS_SHORT)}
    if month not in names or not day.isdigit() or not year.isdigit():
        raise ValueError(f"not a Thai date: {text!r}")
    y = int(year)
    if 100 <= y < FIRST_BE_YEAR:
        raise NotBuddhistEra(f"{text!r}: the year {y} is not a Buddhist Era year — a Thai date gives "
                             f"the year in B.E. = C.E. + {BE_OFFSET} ({y} C.E. is B.E. {y + BE_OFFSET})")
    y = y - BE_OFFSET if y >= FIRST_BE_YEAR else y + 2500 - BE_OFFSET
    return _dt.date(y, names[month], int(day))
