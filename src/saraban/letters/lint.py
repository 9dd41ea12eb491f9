"""``saraban letter check`` (public): what a careful clerk checks before a letter goes out.

Each finding is a :class:`Finding` with the line of the spec (or of the body file) it is about:

* errors — a required element missing (each kind has its own: :data:`.spec.REQUIRED`), a salutation and closing that do not pair, a date that
  does not exist, a reference dated after the letter, a template variable no data row defines, a
  spec that cannot be loaded at all;
* errors too — what the build would refuse: when nothing else is wrong, every letter (every merge
  row) is rendered and its pictures opened (:meth:`_Checker.as_built`); the build in turn refuses
  the errors of :func:`build_errors`;
* warnings — a letter dated more than a year ahead, Arabic and Thai digits mixed inside one number or date, a word typed twice in a
  row, a merge column no template uses, a subject longer than two lines, body markup saraban does
  not print (a heading, a link, a stray asterisk …); for the kinds with a centred head, an
  order's number that is not "n/year" of its date's year, a regulation or by-law without clauses
  ข้อ ๑, ข้อ ๒ … in sequence, letter keys (recipient, owner …) that such a document does not print,
  a signatory on an unsigned statement or news item.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from ..errors import Finding, InputError, Location
from ..thai.dates import MONTHS, MONTHS_SHORT, NotBuddhistEra, parse_thai_date
from .etiquette import PAIRS, closing_for, pairs, salutation_for
from ..thai.numerals import to_arabic_digits, to_thai_digits
from .spec import MADE_BODIES, LetterSpec, kind_name, load_spec

#: The kinds that are letters (with recipient, salutation, owner block); the others have a
#: centred head (:mod:`.kinds`).
LETTER_KINDS = ("external", "memo")
#: Kinds that end with the agency and the date instead of a signature.
UNSIGNED = ("statement", "news")
#: Kinds made of numbered clauses.
CLAUSED = ("regulation", "bylaw")
#: An order's number: running number / B.E. year.
_ORDER_NUMBER = re.compile(r"(\d+)\s*/\s*(\d{4})")
#: A clause at the start of a body line: "ข้อ ๑", "ข้อ 12".
_CLAUSE = re.compile(r"^[ \t]*ข้อ[ \t]*([0-9๐-๙]+)", re.M)

ERROR = "error"
WARNING = "warning"

#: A letter dated more than this many days after today is worth a warning: a typo in the year
#: (2099, or a B.E. year typed as C.E. + 543 twice) rather than a letter prepared in advance.
FUTURE_DAYS = 366

#: Most lines a subject may take before it is worth a warning (the spec: "one line if possible").
SUBJECT_MAX_LINES = 2

#: A run of digits (either script) with the separators numbers and dates use.
_NUMBER = re.compile(r"[0-9๐-๙](?:[0-9๐-๙.,/:\-]*[0-9๐-๙])?")
_MONTH_NAMES = "|".join(re.escape(m) for m in MONTHS + MONTHS_SHORT)
_DATE = re.compile(rf"([0-9๐-๙]{{1,2}})\s*({_MONTH_NAMES})\s*(?:พ\.ศ\.\s*)?([0-9๐-๙]{{2,4}})")
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: A Thai string of three or more letters written twice in a row; it is reported when it is a
#: dictionary word (shorter repeats such as นานา are words of their own).
_REPEAT_THAI = re.compile(r"(?<![\u0E31\u0E34-\u0E3A\u0E47-\u0E4E])([\u0E01-\u0E4E]{3,}?)\1(?![\u0E31\u0E34-\u0E3A\u0E47-\u0E4E])")
_REPEAT_LATIN = re.compile(r"\b([A-Za-z]{2,})\s+\1\b", re.I)


def _strings(value, key: str):
    """Every string of a spec value with its dotted key."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{key}.{k}")


class _Checker:
    def __init__(self, spec: LetterSpec):
        self.spec = spec
        self.findings: list[Finding] = []
        self.letter_date: _dt.date | None = None

    def add(self, level: str, message: str, key: str | None = None, needle: str | None = None,
            location: Location | None = None) -> None:
        if location is None:
            source = self.spec.source_of(key) if key else self.spec.source
            line = source.find(key, needle) if needle else source.line(key) if key else None
            location = Location(source.path, line)
        self.findings.append(Finding(level, message, location))

    def body_location(self, needle: str) -> Location:
        origin = self.spec.body_origin
        for offset, line in enumerate(self.spec.body.splitlines()):
            if needle in line:
                return Location(origin.file, (origin.line or 1) + offset)
        return origin

    # -- the checks --------------------------------------------------------------------------
    def strings(self):
        values = dict(self.spec.values)
        if self.spec.merge:
            for k, v in self.spec.merge.overrides.items():
                yield from ((f"merge.{key}", s) for key, s in _strings(v, k))
        for key, value in values.items():
            yield from _strings(value, key)

    def mixed_digits(self) -> None:
        message = "Arabic and Thai digits mixed in {!r}: type one kind (Thai digits are printed)"
        for key, text in self.strings():
            for token in _mixed(text):
                self.add(WARNING, message.format(token), key, token)
        for token in _mixed(self.spec.body):
            self.add(WARNING, message.format(token), location=self.body_location(token))

    def repeated_words(self) -> None:
        """A dictionary word immediately followed by itself ("ประเมินประเมิน", "the the")."""
        from ..thai.segment import default_segmenter

        words = default_segmenter()._words

        def check(text: str, where) -> None:
            clean = _URL.sub(" ", text)
            for m in _REPEAT_THAI.finditer(clean):
                word = m.group(1)
                if word in words:
                    where(f"the word {word!r} is written twice in a row ({m.group(0)!r}); "
                          "Thai writes a repeated word with ๆ", m.group(0))
            for m in _REPEAT_LATIN.finditer(clean):
                where(f"the word {m.group(1)!r} is written twice in a row", m.group(0))

        for key, text in self.strings():
            check(text, lambda msg, needle, k=key: self.add(WARNING, msg, k, needle))
        check(self.spec.body, lambda msg, needle: self.add(WARNING, msg, location=self.body_location(needle)))

    def future(self, today: _dt.date | None = None) -> None:
        """A letter dated more than :data:`FUTURE_DAYS` after today (a warning)."""
        today = today or _dt.date.today()
        if self.letter_date and (self.letter_date - today).days > FUTURE_DAYS:
            years = (self.letter_date - today).days // 365
            self.add(WARNING, f"the letter is dated {self.letter_date.isoformat()}, {years} year"
                              f"{'s' * (years != 1)} from today: is the year right?", "date")

    def dates(self, letter_date: _dt.date | None) -> None:
        """Dates written in Thai, in the spec's strings and in the body: each must exist and give
        a B.E. year; a reference must not be later than the letter."""
        texts = [(key, text, None) for key, text in self.strings()]
        texts.append((None, self.spec.body, self.body_location))
        for key, text, at in texts:
            for m in _DATE.finditer(text):
                where = {"location": at(m.group(0))} if at else {"key": key, "needle": m.group(0)}
                try:
                    when = parse_thai_date(m.group(0))
                except NotBuddhistEra as exc:
                    self.add(ERROR, str(exc), **where)
                    continue
                except ValueError:
                    self.add(ERROR, f"{m.group(0)!r} is not a date that exists", **where)
                    continue
                if key and key.startswith("references") and letter_date and when > letter_date:
                    self.add(ERROR, f"the reference dated {m.group(0)!r} is later than the letter "
                                    f"({letter_date.isoformat()})", key, m.group(0))
        for item in self.spec.values.get("references", []):
            if isinstance(item, dict) and "date" in item:
                try:
                    from .spec import parse_date

                    when = parse_date(item["date"], self.spec.at("references"))
                except InputError as exc:
                    self.add(ERROR, exc.message, "references", str(item["date"]))
                    continue
                if letter_date and when > letter_date:
                    self.add(ERROR, f"the reference dated {when.isoformat()} is later than the letter "
                                    f"({letter_date.isoformat()})", "references", str(item["number"]))

    def required(self) -> None:
        values = dict(self.spec.values)
        if self.spec.merge:
            values.update(self.spec.merge.overrides)
        if self.spec.kind == "external":
            contact = values.get("contact", {})
            for key in ("unit", "phone"):
                if not contact.get(key):
                    self.add(ERROR, f"the contact block needs {key!r} (ส่วนราชการเจ้าของเรื่อง and โทร. "
                                    "are required elements)", "contact")
        if (not self.spec.body.strip() and "body" not in (self.spec.merge.overrides if self.spec.merge else {})
                and self.spec.kind not in MADE_BODIES):
            self.add(ERROR, "the body is empty", "body")
        for key in ("subject", "recipient"):
            if isinstance(values.get(key), str) and not values[key].strip():
                self.add(ERROR, f"{key!r} is empty", key)
        signatory = values.get("signatory", {})
        if self.spec.kind in UNSIGNED:
            if "signatory" in values:
                self.add(WARNING, f"{kind_name(self.spec.kind)} is not signed: it ends with the agency "
                                  "and the date, and 'signatory' is not printed", "signatory")
        elif self.spec.kind == "stamped":
            for key in ("signatory", "salutation", "closing"):
                if key in values:
                    self.add(WARNING, f"a stamped letter is signed by the agency's seal: {key!r} is not "
                                      "printed", key)
        elif not signatory.get("position"):
            self.add(WARNING, "the signatory has no position line", "signatory")
        if self.spec.kind not in LETTER_KINDS + ("stamped", "certificate"):
            for key in ("recipient", "salutation", "closing", "contact"):
                # (keys of the spec itself: an office's contact block is for its letters)
                if key in values and self.spec.source.line(key) is not None:
                    self.add(WARNING, f"{kind_name(self.spec.kind)} has no {key!r}: it is not printed "
                                      "(the issuing agency is 'agency')", key)
        self.kind_parts(values)

    def kind_parts(self, values) -> None:
        """What each kind with a centred head needs beyond its keys: an order's number is
        "<running number>/<B.E. year>" of the order's year; a regulation or by-law is made of
        clauses ข้อ ๑, ข้อ ๒, … in sequence."""
        kind = self.spec.kind
        number = values.get("number")
        if kind == "order" and isinstance(number, str) and "{" not in number:
            m = _ORDER_NUMBER.fullmatch(to_arabic_digits(number.strip()))
            if not m:
                self.add(WARNING, f"an order's number is '<running number>/<B.E. year>' "
                                  f"(e.g. 123/2564), not {number!r}", "number")
            elif self.letter_date and int(m.group(2)) != self.letter_date.year + 543:
                self.add(WARNING, f"the order's number {number!r} is of the year {m.group(2)} but it is "
                                  f"dated {self.letter_date.year + 543} (numbers start again each year)",
                         "number")
        if kind in CLAUSED and self.spec.body.strip():
            clauses = [(int(to_arabic_digits(m.group(1))), m.group(0)) for m in _CLAUSE.finditer(self.spec.body)]
            if not clauses:
                self.add(WARNING, f"{kind_name(kind)} is made of numbered clauses: start them "
                                  "'ข้อ ๑', 'ข้อ ๒', …", location=self.spec.body_origin)
            for expected, (number_, text) in enumerate(clauses, start=1):
                if number_ != expected:
                    self.add(WARNING, f"clause {text.strip()!r} where 'ข้อ {to_thai_digits(str(expected))}' "
                                      "comes next: clauses are numbered in sequence",
                             location=self.body_location(text.strip()))
                    break

    def salutation(self) -> None:
        values = dict(self.spec.values)
        salutation = values.get("salutation")
        closing = values.get("closing")
        recipient = values.get("recipient", "")
        if salutation and salutation not in PAIRS:
            self.add(ERROR, f"unknown salutation {salutation!r}; use one of {', '.join(PAIRS)}", "salutation")
            return
        if self.spec.kind not in LETTER_KINDS:
            return
        expected_sal = salutation or salutation_for(recipient)
        if closing and self.spec.kind == "external" and not pairs(expected_sal, closing):
            self.add(ERROR, f"the closing {closing!r} does not pair with {expected_sal!r}: "
                            f"write {closing_for(expected_sal, recipient)!r}", "closing")
        if salutation and recipient and "{" not in recipient and salutation != salutation_for(recipient):
            self.add(WARNING, f"{recipient!r} is usually addressed {salutation_for(recipient)!r}, "
                              f"not {salutation!r}", "salutation")

    def templates(self) -> None:
        from ..templates import Templates

        templates = Templates()
        used: set[str] = set()
        sources = [(k, s) for k, s in self.strings()]
        for key, text in sources:
            try:
                names = templates.variables(text, self.spec.at(key))
            except InputError as exc:
                self.findings.append(Finding(ERROR, exc.message, exc.location))
                continue
            used |= names
            self._undefined(names, key=key)
        try:
            names = templates.variables(self.spec.body, self.spec.body_origin)
        except InputError as exc:
            self.findings.append(Finding(ERROR, exc.message, exc.location))
            names = set()
        used |= names
        self._undefined(names, body=True)
        if self.spec.merge:
            used |= self._control_columns(templates)
            columns = self._columns()
            if columns is not None:
                ignored = set(self.spec.merge.ignore)
                for name in self.spec.merge.ignore:
                    if name not in columns:
                        self.add(WARNING, f"merge.ignore names no column of the data: {name!r} "
                                          f"(columns: {', '.join(columns)})", "merge.ignore")
                unused = [c for c in columns if c not in used and c not in ignored]
                if unused:
                    self.add(WARNING, f"merge column{'s' * (len(unused) > 1)} not used by any template: "
                                      f"{', '.join(unused)} (if on purpose, list "
                                      f"{'them' if len(unused) > 1 else 'it'} in [merge] ignore = [...])",
                             "merge.data")

    def _control_columns(self, templates) -> set[str]:
        """The columns ``where`` (an expression), ``filename`` (a template), ``order_by`` and ``key``
        (column names) use — found by Jinja's own parser, so Thai column names count too."""
        merge = self.spec.merge
        names = {n for n in (merge.order_by, merge.key) if n}
        for key, source in (("merge.where", "{{ %s }}" % merge.where if merge.where else None),
                            ("merge.filename", merge.filename)):
            if not source:
                continue
            try:
                found = templates.variables(source, self.spec.at(key))
            except InputError as exc:
                self.findings.append(Finding(ERROR, exc.message, exc.location))
                continue
            names |= found
            self._undefined(found, key=key)
        return names

    def _columns(self) -> tuple[str, ...] | None:
        if not hasattr(self, "_cols"):
            from ..tables import read_table

            try:
                self._cols = read_table(self.spec.merge.data, self.spec.merge.sheet,
                                        encoding=self.spec.merge.encoding).columns
            except InputError as exc:
                self.add(ERROR, f"merge data: {exc.message}", "merge.data")
                self._cols = None
        return self._cols

    def _undefined(self, names: set[str], key: str | None = None, body: bool = False) -> None:
        known = {"index"} | set(self.spec.values.get("data", {})) | \
            set(self._columns() or () if self.spec.merge else ())
        for name in sorted(names - known):
            if self.spec.merge and self._columns() is None:
                return
            where = "no [merge] data is given" if not self.spec.merge else \
                f"the merge data has no column {name!r} (columns: {', '.join(self._columns())})"
            message = f"template variable {name!r} is undefined: {where}"
            if body:
                self.add(ERROR, message, location=self.body_location(name))
            else:
                self.add(ERROR, message, key)

    def subject_length(self) -> None:
        subject = self.spec.values.get("subject")
        if not isinstance(subject, str) or "{" in subject:
            return
        try:
            from .forms import load_form
            from .layout import LetterComposer
            from .build import typesetter_for

            form = load_form(self.spec.kind, self.spec.values.get("form"), self.spec.folder, self.spec.at("form"))
            ts = typesetter_for(self.spec)
            composer = LetterComposer(ts)
            family = ts.library.family(self.spec.values.get("font") or form.get("font", "family")).name
            size = float(form.get("font", "size"))
            from ..thai.numerals import thai_digits_in_text

            if form.has("head"):  # the subject's head line, centred on the text width
                line = next((t for t in form.get("head", "lines") if "{subject}" in t), "{subject}")
                text = thai_digits_in_text(line.replace("{subject}", subject))
                bold = bool(form.get("head", "bold"))
                lines = composer.paragraph(text, form.text_width, family=family, size=size, bold=bold).lines
            else:
                label = form.get("headings" if self.spec.kind == "external" else "labels", "subject_label")
                x = form.cm("headings", "x") + composer.width_of(label, family=family, size=size) \
                    + form.cm("headings", "label_gap")
                lines = composer.paragraph(thai_digits_in_text(subject), form.right - x, family=family,
                                           size=size).lines
        except InputError as exc:
            self.findings.append(Finding(ERROR, exc.message, exc.location))
            return
        if len(lines) > SUBJECT_MAX_LINES:
            self.add(WARNING, f"the subject takes {len(lines)} lines (more than {SUBJECT_MAX_LINES}): "
                              "a subject should be short", "subject")

    def as_built(self) -> None:
        """Render every letter as the build does (without layout) and open its pictures; the
        first error the build would stop at becomes a finding."""
        from .build import compose_letters
        from .pictures import picture_problem

        try:
            letters, _plans, _names = compose_letters(self.spec, None)
        except InputError as exc:
            self.findings.append(Finding(ERROR, exc.message, exc.location or Location(self.spec.path)))
            return
        self.glyphs(letters)
        keys = {"emblem": "emblem", "signature_image": "signatory.image", "photo": "photo"}
        seen: set[Path] = set()
        for letter in letters:
            for attribute, key in keys.items():
                path = getattr(letter, attribute)
                if path is None or path in seen:
                    continue
                seen.add(path)
                problem = picture_problem(path)
                if problem:
                    where = f"merge.{key}" if self.spec.merge and key.split(".")[0] in self.spec.merge.overrides else key
                    self.add(ERROR, f"{path}: {problem}", where)

    def glyphs(self, letters) -> None:
        """A character of a rendered letter that no font of the letter has (an emoji in a data
        cell): an error at the cell or line where it was typed, as the build reports it."""
        from ..reports.glyphs import GlyphCheck
        from ..templates import Templates
        from .build import glyph_place, merge_rows, typesetter_for

        try:
            library = typesetter_for(self.spec).library
            check = GlyphCheck(library, letters[0].font or letters[0].form.get("font", "family"))
        except Exception:  # noqa: BLE001 - a missing font is reported by the subject check
            return
        table, rows = merge_rows(self.spec, Templates()) if self.spec.merge else (None, [None] * len(letters))
        for letter, row in zip(letters, rows):
            for text in _printed_strings(letter):
                char = check.unprintable(text)
                if char is not None:
                    import unicodedata

                    name = unicodedata.name(char, "a character without a name")
                    self.findings.append(Finding(
                        ERROR, f"U+{ord(char):04X} {name} in {text[:60]!r} cannot be printed: no font "
                               "of the letter has it (an emoji or a symbol?)",
                        glyph_place(self.spec, char, table, row)))
                    return

    def markup(self) -> None:
        """Markup in the body that saraban does not print (a heading, a link, a stray asterisk):
        a warning at its line of the body (of the template as written)."""
        from ..markup import parse_markup

        origin = self.spec.body_origin
        for finding in parse_markup(self.spec.body).findings:
            self.add(WARNING, finding.message,
                     location=Location(origin.file, (origin.line or 1) + finding.line - 1))


def _printed_strings(value):
    """Every string of a rendered letter (its fields, body paragraphs and table cells), not the
    form and the file paths."""
    import dataclasses

    from .forms import Form

    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _printed_strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, (type, Form)):
        for f in dataclasses.fields(value):
            yield from _printed_strings(getattr(value, f.name))


def _mixed(text: str) -> list[str]:
    """Numbers or dates (outside URLs and e-mail addresses) typed with both kinds of digits."""
    return [m.group(0) for m in _NUMBER.finditer(_URL.sub(" ", text))
            if re.search(r"[0-9]", m.group(0)) and re.search(r"[๐-๙]", m.group(0))]


def _dated_checker(spec: LetterSpec) -> _Checker:
    checker = _Checker(spec)
    letter_date = None
    date_value = spec.values.get("date")
    if date_value is not None and not (isinstance(date_value, str) and "{" in date_value):
        from .spec import parse_date

        try:
            letter_date = parse_date(date_value, spec.at("date"))
        except InputError as exc:
            checker.add(ERROR, exc.message, location=exc.location)
    checker.letter_date = letter_date
    return checker


def _sorted(findings: list[Finding]) -> list[Finding]:
    order = {ERROR: 0, WARNING: 1}
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: (order[f.level], str(f.location.file), f.location.line or 0))


def build_errors(spec: LetterSpec) -> list[Finding]:
    """The errors of ``letter check`` that a build would not stop at by itself — a required
    element empty (body, recipient, subject, the contact's unit and phone), a salutation and
    closing that do not pair, a date that does not exist or is not B.E., a reference dated after
    the letter.  ``saraban letter`` refuses to build with any of them (unless ``--force``); the
    other errors of ``check`` (undefined variables, missing files…) stop the build on their own."""
    checker = _dated_checker(spec)
    checker.required()
    checker.salutation()
    checker.dates(checker.letter_date)
    return [f for f in _sorted(checker.findings) if f.level == ERROR]


def check_letter(path: Path | str) -> list[Finding]:
    """All findings for the letter spec at ``path``, errors first, then by line.  When the checks
    find no error, every letter is rendered (each merge row) and its pictures opened, as the build
    does: what the build would refuse — a missing signature image, an unreadable emblem, an empty
    cell a template prints — is an error here too."""
    path = Path(path)
    try:
        spec = load_spec(path)
    except InputError as exc:
        return [Finding(ERROR, exc.message, exc.location or Location(path))]
    checker = _dated_checker(spec)
    checker.required()
    checker.salutation()
    checker.templates()
    checker.dates(checker.letter_date)
    checker.future()
    checker.mixed_digits()
    checker.repeated_words()
    checker.subject_length()
    checker.markup()
    if not any(f.level == ERROR for f in checker.findings):
        checker.as_built()
    return _sorted(checker.findings)
