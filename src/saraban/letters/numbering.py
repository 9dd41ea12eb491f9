"""Stage *issue* of the letter pipeline (public): the register number of a spec that asks for one.

``number = { series = "circular" }`` in a spec takes the next number of that series from the
office's register (:mod:`saraban.register`).  :func:`issuing` opens the register, takes the number
in a transaction, and yields the spec with the number filled in and a *publish* function; the
build calls publish with the final bytes of every file once they are all made and staged, just
before they are put in place.  Publish records the entry (the files with their SHA-256) and
commits: that is the moment the number is issued.

What happens on failure:

* the build fails (bad data, a missing font, a signing error) or the process is killed before
  publish: the transaction is rolled back, nothing is written, and the number is issued again
  by the next build — the register has no gap;
* the files cannot be put in place after publish (disk full, Ctrl-C in that instant): the
  number is kept in the register as *cancelled* with the reason, and is not issued again;
* the process is killed in the instant between publish and the files being put in place: the
  register holds the number with the hashes of files that are not there; ``saraban register
  show`` lists them and ``saraban register cancel`` withdraws the number.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, replace
from typing import Callable, Iterator, Sequence

from ..errors import InputError
from .spec import LetterSpec, find_office, parse_date


@dataclass(frozen=True)
class NumberRequest:
    """What ``number = { series = … }`` asks: the series, the year (B.E., from the letter's
    date) and what goes into the entry beside the files."""

    series: str
    year: int
    via: str = ""
    remark: str = ""


@dataclass(frozen=True)
class OutputFile:
    """A file about to be written: its name, its final bytes, its recipient (or "")."""

    name: str
    data: bytes
    recipient: str = ""


#: publish(files, subject, sender, recipient, folder): record the entry and commit (see the module
#: docstring).
Publish = Callable[[Sequence[OutputFile], str, str, str, str], None]


def number_request(spec: LetterSpec) -> NumberRequest | None:
    """The request of a spec whose number is a series, or None for a number typed as text."""
    number = spec.values.get("number")
    if not isinstance(number, dict):
        return None
    date_value = spec.values.get("date")
    if date_value is None or (isinstance(date_value, str) and "{" in date_value):
        raise InputError("a letter numbered from a series needs a fixed date (the number runs per "
                         "calendar year)", spec.at("date"))
    from ..register.model import BE_OFFSET

    date = parse_date(date_value, spec.at("date"))
    return NumberRequest(number["series"], date.year + BE_OFFSET, number.get("via", ""), number.get("remark", ""))


def documents_of(files: Sequence[OutputFile]):
    """The register's record of ``files``: name, SHA-256, size and recipient, in order."""
    from ..register.model import Document

    return [Document(i, f.name, hashlib.sha256(f.data).hexdigest(), len(f.data), f.recipient)
            for i, f in enumerate(files, start=1)]


@contextlib.contextmanager
def issuing(spec: LetterSpec, register: str | None = None) -> Iterator[tuple[LetterSpec, Publish | None]]:
    """Yield the spec with its number issued and the publish function; a spec with a typed
    number is yielded as it is, with None.  ``register`` overrides office.toml's register."""
    request = number_request(spec)
    if request is None:
        yield spec, None
        return
    from ..register import open_register
    from ..register.config import settings_from

    settings = settings_from(find_office(spec.path), register)
    rule = settings.rule(request.series, spec.at("number"))
    letter_date = parse_date(spec.values["date"], spec.at("date"))
    with open_register(settings.url) as reg:
        issue = None
        try:
            with reg.issue(rule, request.year) as issue:
                numbered = replace(spec, values={**spec.values, "number": issue.number})

                def publish(files: Sequence[OutputFile], subject: str, sender: str, recipient: str,
                            folder: str) -> None:
                    issue.record(letter_date=letter_date, subject=subject, sender=sender, recipient=recipient,
                                 documents=documents_of(files), via=request.via, remark=request.remark,
                                 spec=str(spec.path.resolve()), folder=folder)

                yield numbered, publish
        except BaseException as exc:
            if issue is not None and issue.recorded is not None:
                reason = "interrupted" if isinstance(exc, KeyboardInterrupt) else str(exc)
                with contextlib.suppress(Exception):
                    reg.cancel(issue.number, f"the files could not be written: {reason}", issue.year)
            raise
