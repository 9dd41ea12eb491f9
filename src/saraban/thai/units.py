"""Stage *units* (public, pure): the spans of a text that a Thai typist never splits at a line end.

Input: the text and its word tokens (from :mod:`.segment`).  Output: a tuple of :class:`Unit` —
what it is (a person's name, a date, a document number, a number and its unit or label, a phone
number, an abbreviation and what follows it, a URL or an e-mail address), where it is, and for
URLs and e-mail addresses the places where they may break all the same.  The segmenter turns a
unit into break *penalties* (see :func:`protect`): a break inside a unit becomes *protected* — the
line breaker takes it only when the unit does not fit on a line — and a URL's own break points
become *url* breaks, taken at a small cost.  No recogniser changes the text or knows about lines.

The conventions (from Thai official correspondence):

* a title, the given name and the surname stay together (``นายสมชาย ใจดี``, ``ดร.สุดา รักไทย``,
  ``ว่าที่ร้อยตรีสมชาย ณ นคร``), and ``ณ`` stays with the word after it;
* a document number stays whole (``มท 0810.7/ว 4419``, ``ศธ ๐๔๐๐๑/๑๒๓``);
* a date stays whole (``25 พฤศจิกายน 2564``, ``๑ ม.ค. ๖๗``, ``พ.ศ. ๒๕๖๔``);
* a number stays with its label or unit (``ร้อยละ ๙๗.๒๐``, ``๒๔ ชั่วโมง``, ``โทร. ๐ ๒๒๔๑ ๙๐๐๐``,
  ``๐๘.๓๐ น.``), a phone number's digit groups stay together;
* an abbreviation ending in ``.`` stays with what follows (``จ.เชียงใหม่``, ``โทร. ๐๒``);
* a URL breaks only after ``/ ? & = .`` (not inside its ``scheme://``), an e-mail address only
  after ``@ .`` — not after ``-``, which pdftotext would take for a hyphen and drop.

A chain of units wider than the line breaks at a *link* (a number and its label or unit, an
abbreviation and what follows) before it breaks a whole (a name, a date, a document number).

Titles are the entries of ``words/people.txt``; the month names come from :mod:`.dates`.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Sequence

from .dates import MONTHS, MONTHS_SHORT

NAME, DATE, DOCUMENT, NUMBER, PHONE, ABBREVIATION, URL, EMAIL = (
    "name", "date", "document number", "number", "phone", "abbreviation", "url", "e-mail")

#: A given name or surname longer than this (characters) is running text glued to a title
#: ("นายอำเภอได้สั่งการ…"), not a name: only the title and the next word are kept together.
#: (Long Thai surnames reach ~16 characters: ศรีสุวรรณวงศ์ is 13.)
NAME_MAX_CHARS = 20

_DIGIT = "[0-9๐-๙]"
_SP = "[ \u00a0\u202f]"  # one space, a no-break space or a narrow one
_THAI_RUN = "[\u0E01-\u0E4E]"
_NUMBER = f"{_DIGIT}+(?:[,.]{_DIGIT}+)*"
_PHONE = f"(?<!{_DIGIT})[0๐]{_DIGIT}{{0,2}}(?:[ \u00a0-]{_DIGIT}{{3,4}}){{1,3}}(?!{_DIGIT})"

#: Words before a number that stay with it: labels that name the number (a clause, a page, a
#: percentage, a phone number, a year: ``ประจำปี ๒๕๖๓``).  Words that merely precede a number in a sentence
#: (วันที่, เวลา, จำนวน) are not labels: the date or the number and unit after them is the unit.
LABELS = ("ร้อยละ", "ข้อ", "มาตรา", "วรรค", "หน้า", "ครั้งที่", "ฉบับที่", "ลำดับที่", "เลขที่",
          "หมู่ที่", "ชั้นที่", "โทร.", "โทร", "โทรศัพท์", "โทรสาร", "มือถือ", "พ.ศ.", "ค.ศ.", "ร.ศ.", "ม.",
          "ปี", "ประจำปี", "ปีงบประมาณ")
_LABELS_BY_LAST: dict[str, tuple[str, ...]] = {}
for _label in sorted(LABELS, key=lambda w: (-len(w), w)):
    _LABELS_BY_LAST[_label[-1]] = (*_LABELS_BY_LAST.get(_label[-1], ()), _label)

#: Units and classifiers after a number that stay with it (a whole word: ``๕ คนละ`` is not ``๕ คน``).
UNITS = ("ชั่วโมง", "นาที", "วินาที", "วัน", "สัปดาห์", "เดือน", "ปี", "คน", "ราย", "ท่าน",
         "บาท", "สตางค์", "ล้าน", "แสน", "หมื่น", "พัน", "ล้านบาท", "กิโลเมตร", "กม.", "เมตร",
         "เซนติเมตร", "ซม.", "มิลลิเมตร", "ไร่", "งาน", "ตารางวา", "ตารางเมตร", "กิโลกรัม", "กก.",
         "ตัน", "ลิตร", "ครั้ง", "แห่ง", "ฉบับ", "เล่ม", "หน้า", "ชุด", "เรื่อง", "โครงการ",
         "หน่วย", "อัตรา", "ตำแหน่ง", "อำเภอ", "จังหวัด", "ตำบล", "หมู่บ้าน", "องค์กร", "ข้อ",
         "คะแนน", "องศา", "เปอร์เซ็นต์", "นาฬิกา", "น.", "%")


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_MONTH = f"(?:{_alternatives(MONTHS + MONTHS_SHORT)})"
_WITH_UNIT = re.compile(f"(?<![\\d.,]){_NUMBER}{_SP}?(?:{_alternatives(UNITS)})")
_PHONE_RE = re.compile(_PHONE)
_NUMBER_RE = re.compile(_NUMBER)
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'\u0E00-\u0E7F]+"
                  r"|(?<![\w@.])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/[^\s<>\"'\u0E00-\u0E7F]*")
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
#: Characters a URL may break after, and an e-mail address.  Not after "-", although typographers
#: allow it: poppler (pdftotext, Evince, Okular) reads a line ending in "-" as a hyphenated word
#: and drops the "-" when it copies the text, so the URL would not copy back.
URL_BREAK_AFTER = frozenset("/?&=.")
EMAIL_BREAK_AFTER = frozenset("@.")
#: Characters a URL does not break before (a break after "/" in "//" or before "?" in "/?").
_URL_JOINERS = frozenset("/?&=.-")
#: Trailing characters that end a sentence rather than a URL.
_URL_TRAILING = ".,;:!?)]}"
_SCHEME = re.compile(r"(?:[a-z]+://)?", re.IGNORECASE)


#: Kinds of unit that are *links* rather than wholes: a number and its label or unit, an
#: abbreviation and what follows.  When a chain of units is wider than the line it breaks at a link
#: before it breaks a name, a date or a document number (``ลงวันที่`` / ``25 พฤศจิกายน 2564``).
LINKS = frozenset((NUMBER, ABBREVIATION))


@dataclass(frozen=True)
class Unit:
    """``text[start:end]`` is one ``kind`` of unit; ``breaks`` are the positions inside it where a
    line may still end at a cost (a URL's or an e-mail address's own break points)."""

    start: int
    end: int
    kind: str
    breaks: tuple[int, ...] = ()

    @property
    def is_link(self) -> bool:
        return self.kind in LINKS


@functools.lru_cache(maxsize=None)
def titles() -> tuple[str, ...]:
    """The titles before personal names (``words/people.txt``), longest first."""
    text = (resources.files("saraban.thai") / "words" / "people.txt").read_text(encoding="utf-8")
    words = {line.split("#", 1)[0].strip() for line in text.splitlines()}
    return tuple(sorted(filter(None, words), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=None)
def _titles_re() -> re.Pattern:
    return re.compile(_alternatives(titles()))


def find_units(text: str, edges: Sequence[int]) -> tuple[Unit, ...]:
    """The units of ``text`` whose token edges (positions between tokens, sorted) are ``edges``.

    Every recogniser starts from what is rare in prose — a title, a digit, a ``/``, a ``.``, an
    ``@`` — and looks around it, rather than trying a pattern at every position: they run on every
    paragraph a document sets."""
    units: list[Unit] = []
    edge_set = set(edges)
    units += _names(text, edges, edge_set)
    if "/" in text or "@" in text or "www." in text:
        units += _urls(text)
    if _ANY_DIGIT.search(text):
        if "/" in text:
            units += _documents(text)
        units += _dates(text)
        units += _labelled(text)
        units += (Unit(m.start(), m.end(), NUMBER) for m in _WITH_UNIT.finditer(text)
                  if m.end() in edge_set or m.end() == len(text) or not _is_letter(text[m.end()]))
        units += (Unit(m.start(), m.end(), PHONE) for m in _PHONE_RE.finditer(text) if " " in m.group())
    if "." in text:
        units += _abbreviations(text, edges)
    return tuple(sorted((u for u in units if u.end - u.start > 1), key=lambda u: (u.start, u.end, u.kind)))


_ANY_DIGIT = re.compile(_DIGIT)
_SPACE_CHARS = " \u00a0\u202f"
_DOC_CORE = re.compile(f"(?<![0-9๐-๙.]){_DIGIT}+(?:\\.{_DIGIT}+)*/(?:ว\\.?{_SP}?)?{_DIGIT}+(?:/{_DIGIT}+)?")
_MONTH_RE = re.compile(_MONTH)
_YEAR_AFTER = re.compile(f"{_SP}?(?:พ\\.ศ\\.|ค\\.ศ\\.)?{_SP}?(?:{_DIGIT}{{4}}|{_DIGIT}{{2}})(?!{_DIGIT})")
_NUMBER_OR_PHONE = re.compile(f"{_PHONE}|(?<![0-9๐-๙.,]){_NUMBER}")
_ABBREVIATION_AT = re.compile(f"(?:{_THAI_RUN}{{1,5}}\\.){{1,3}}(?={_SP}?\\S)")


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9" or "๐" <= ch <= "๙"


def _is_thai(ch: str) -> bool:
    return "\u0E01" <= ch <= "\u0E4E"


def _documents(text: str) -> list[Unit]:
    """``มท 0810.7/ว 4419``: the number with its slash, and the agency's initials before it."""
    out = []
    for m in _DOC_CORE.finditer(text):
        start = j = m.start()
        if j and text[j - 1] in _SPACE_CHARS:
            j -= 1
        if j and text[j - 1] == ".":
            j -= 1
        k = j
        while k and "ก" <= text[k - 1] <= "ฮ" and j - k < 4:
            k -= 1
        if k < j and not (k and _is_thai(text[k - 1])):
            start = k
        out.append(Unit(start, m.end(), DOCUMENT))
    return out


def _dates(text: str) -> list[Unit]:
    """A month name with the day before it and/or the year after it."""
    out = []
    for m in _MONTH_RE.finditer(text):
        start, end = m.start(), m.end()
        j = start - 1 if start and text[start - 1] in _SPACE_CHARS else start
        k = j
        while k and _is_digit(text[k - 1]) and j - k < 2:
            k -= 1
        if k < j and not (k and _is_digit(text[k - 1])):
            start = k
        year = _YEAR_AFTER.match(text, end)
        if year:
            end = year.end()
        if (start, end) != (m.start(), m.end()):
            out.append(Unit(start, end, DATE))
    return out


def _labelled(text: str) -> list[Unit]:
    """A number (or a phone number) with the label before it."""
    out = []
    for m in _NUMBER_OR_PHONE.finditer(text):
        q = m.start()
        if q and text[q - 1] in _SPACE_CHARS:
            q -= 1
        for label in _LABELS_BY_LAST.get(text[q - 1] if q else "", ()):
            if text.endswith(label, 0, q):
                out.append(Unit(q - len(label), m.end(), NUMBER))
                break
    return out


def _has_digit(s: str) -> bool:
    return any(c.isdigit() for c in s)


def _is_letter(ch: str) -> bool:
    return "\u0E01" <= ch <= "\u0E4E" or ch.isalnum()


def _run_end(text: str, start: int) -> int:
    """End of the run of Thai characters (letters, vowels, marks, ``.``) from ``start``."""
    end = start
    while end < len(text) and ("\u0E01" <= text[end] <= "\u0E4E" or text[end] == "."):
        end += 1
    return end


def _next_edge(edges: Sequence[int], pos: int, limit: int) -> int:
    """The first token edge after ``pos``, at most ``limit``."""
    k = bisect.bisect_right(edges, pos)
    return min(edges[k], limit) if k < len(edges) else limit


def _names(text: str, edges: Sequence[int], edge_set: set[int]) -> list[Unit]:
    """Title + given name + surname, and ``ณ`` + the next word."""
    out: list[Unit] = []
    n = len(text)
    for m in _titles_re().finditer(text):
        p = end = m.start()
        if p and p not in edge_set:
            continue  # inside a word (ผู้อำนวยการ has no title นาย in it, but a token might)
        for t in re.finditer(_titles_re().pattern, text[p:p + 40]):  # one title or several (ผศ.ดร.)
            e = p + t.end()
            if p + t.start() != end or not (e in edge_set or e == n or not _is_letter(text[e])):
                break
            end = e
        if end == p:
            continue
        given = end + 1 if end < n and text[end] == " " else end
        name_end = _run_end(text, given)
        if name_end == given:
            continue  # a title alone ("นาย" at the end of a line of a table)
        if name_end - given > NAME_MAX_CHARS:
            out.append(Unit(p, _next_edge(edges, given, name_end), NAME))
            continue
        end = name_end
        # the surname: one more short run after one space, or "ณ" and the word after it
        if end + 1 < n and text[end] == " " and _is_letter(text[end + 1]):
            s_end = _run_end(text, end + 1)
            if s_end - end - 1 <= NAME_MAX_CHARS:
                end = s_end
        out.append(Unit(p, end, NAME))
    pos = text.find("ณ ")
    while pos >= 0:
        if (pos == 0 or not _is_letter(text[pos - 1])) and pos + 2 < n and _is_letter(text[pos + 2]):
            word_end = _run_end(text, pos + 2)
            if word_end - pos - 2 > NAME_MAX_CHARS:
                word_end = _next_edge(edges, pos + 2, word_end)
            out.append(Unit(pos, word_end, NAME))
        pos = text.find("ณ ", pos + 1)
    return out


def _abbreviations(text: str, edges: Sequence[int]) -> list[Unit]:
    """An abbreviation ending in ``.`` and the item after it (a number or a word)."""
    out: list[Unit] = []
    dot = text.find(".")
    while dot >= 0:
        k = dot
        while k and _is_thai(text[k - 1]) and dot - k < 6:
            k -= 1
        m = None
        if k < dot and not (k and (_is_thai(text[k - 1]) or text[k - 1] == ".")):
            m = _ABBREVIATION_AT.match(text, k)
        if m is None:
            dot = text.find(".", dot + 1)
            continue
        dot = text.find(".", m.end())
        after = m.end() + 1 if text[m.end()] in _SPACE_CHARS else m.end()
        item = _PHONE_RE.match(text, after) or _NUMBER_RE.match(text, after)
        if item:
            end = item.end()
        elif _is_thai(text[after]):
            end = _next_edge(edges, after, _run_end(text, after))
        else:
            continue
        out.append(Unit(m.start(), end, ABBREVIATION))
    return out


def _urls(text: str) -> list[Unit]:
    out: list[Unit] = []
    spans: list[tuple[int, int]] = []
    if "/" in text or "www." in text:
        for m in _URL.finditer(text):
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in _URL_TRAILING:
                end -= 1
            host = _SCHEME.match(text, start, end).end()  # no break inside "https://"
            points = tuple(i + 1 for i in range(host, end - 1)
                           if text[i] in URL_BREAK_AFTER and text[i + 1] not in _URL_JOINERS)
            out.append(Unit(start, end, URL, points))
            spans.append((start, end))
    if "@" in text:
        for m in _EMAIL.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            points = tuple(i + 1 for i in range(m.start(), m.end() - 1) if text[i] in EMAIL_BREAK_AFTER)
            out.append(Unit(m.start(), m.end(), EMAIL, points))
    return out


def protect(pairs: Sequence[tuple[int, str]], units: Sequence[Unit], protected: str, linked: str,
            url: str) -> tuple[tuple[int, str], ...]:
    """``pairs`` (position, kind) with the units applied: a break strictly inside a unit becomes
    ``protected`` (``linked`` if every unit around it is a link), and a unit's own break points
    are added as ``url`` breaks.  A forced break (a newline) stays forced."""
    if not units:
        return tuple(pairs)
    inside: dict[int, str] = {}
    for u in units:
        for b in u.breaks:
            inside.setdefault(b, url)
    out = dict(pairs)
    positions = [pos for pos, _kind in pairs]  # sorted
    # links first, so that a position inside both a link and a whole ends up protected
    for level, group in ((linked, [u for u in units if u.is_link]), (protected, [u for u in units if not u.is_link])):
        for u in group:
            for k in range(bisect.bisect_right(positions, u.start), bisect.bisect_left(positions, u.end)):
                if pairs[k][1] != "forced":
                    out[positions[k]] = level
    for pos, kind in inside.items():
        if out.get(pos) != "forced":
            out[pos] = kind
    return tuple(sorted(out.items()))
