"""Minutes of a meeting (รายงานการประชุม, the regulation's form 11): the spec's parts → a body.

A minutes spec names the meeting, its number, date, place, start and end times, a table of
attendees and the agenda; :func:`minutes_body` turns them into the body markup the letter pipeline
prints (tables for the attendance lists, bold lines for the parts, the agenda items with their
resolutions), and the recorder signs as the signatory.

The attendees table (CSV or XLSX, one row a person) has the columns ``name``, ``position``,
``status`` — ``present`` (ผู้มาประชุม), ``absent`` (ผู้ไม่มาประชุม) or ``attending``
(ผู้เข้าร่วมประชุม), or the Thai words มา / ไม่มา / เข้าร่วม — and an optional ``note`` (who a person
stands in for, or why they are absent).  Thai headers ชื่อ, ตำแหน่ง, สถานะ, หมายเหตุ are accepted.
Every problem names the file, the line and the column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..errors import InputError, Location
from ..tables import read_table

#: The three attendance lists in the order the form prints them, with their headings.
ATTENDANCE = (("present", "ผู้มาประชุม"), ("absent", "ผู้ไม่มาประชุม"), ("attending", "ผู้เข้าร่วมประชุม"))
#: What a ``status`` cell may say, in English or Thai.
STATUS_WORDS = {"present": "present", "มา": "present", "มาประชุม": "present",
                "absent": "absent", "ไม่มา": "absent", "ไม่มาประชุม": "absent",
                "attending": "attending", "เข้าร่วม": "attending", "เข้าร่วมประชุม": "attending"}
#: Thai headers of the attendees table.
THAI_COLUMNS = {"ชื่อ": "name", "ชื่อ-สกุล": "name", "ชื่อ - สกุล": "name", "ตำแหน่ง": "position",
                "สถานะ": "status", "หมายเหตุ": "note"}
#: Keys of one agenda item.
AGENDA_KEYS = ("title", "body", "resolution")


@dataclass(frozen=True)
class Attendee:
    name: str
    position: str
    status: str
    note: str


def read_attendees(path: Path) -> tuple[Attendee, ...]:
    """The attendees table, checked: every row a name and a known status."""
    table = read_table(path, rename=THAI_COLUMNS)
    for column in ("name", "position", "status"):
        if column not in table.columns:
            raise InputError(f"the attendees table needs the columns name, position and status "
                             f"(or ชื่อ, ตำแหน่ง, สถานะ); {column!r} is missing", Location(path, 1))
    people = []
    for row in table.rows:
        name = row["name"].strip()
        if not name:
            raise InputError("a name is empty", table.at(row, "name"))
        status = STATUS_WORDS.get(row["status"].strip().lower())
        if status is None:
            raise InputError(f"status {row['status']!r}: write present, absent or attending "
                             "(มา, ไม่มา, เข้าร่วม)", table.at(row, "status"))
        people.append(Attendee(name, row["position"].strip(), status, row.values.get("note", "").strip()))
    if not any(p.status == "present" for p in people):
        raise InputError("nobody is present: minutes need at least one person with status present",
                         Location(path))
    return tuple(people)


def _cell(text: str) -> str:
    """Text safe in a pipe-table cell (a | would end the cell)."""
    return text.replace("|", "\\|").replace("\n", " ")


def _people(people: Sequence[Attendee], note_header: str) -> list[str]:
    lines = [f"| ที่ | ชื่อ - สกุล | ตำแหน่ง | {note_header} |", "|:-:|-------|------------|-------|"]
    for k, p in enumerate(people, 1):
        lines.append(f"| {k} | {_cell(p.name)} | {_cell(p.position)} | {_cell(p.note)} |")
    return lines


def minutes_body(values: Mapping[str, Any], attendees: Sequence[Attendee], where: Location) -> str:
    """The body markup of the minutes: attendance lists, the start, the agenda, the end."""
    parts: list[str] = []
    for status, heading in ATTENDANCE:
        people = [p for p in attendees if p.status == status]
        if people:
            parts += [f"**{heading}**", "\n".join(_people(people, "เหตุผล" if status == "absent" else "หมายเหตุ"))]
    parts.append(f"**เริ่มประชุมเวลา {values['start']} น.**")
    agenda = values.get("agenda") or []
    if not agenda:
        raise InputError("minutes need an agenda: [[agenda]] items with title, body and resolution", where)
    for k, item in enumerate(agenda, 1):
        unknown = [key for key in item if key not in AGENDA_KEYS]
        if unknown or "title" not in item:
            raise InputError(f"agenda item {k}: give title (and body, resolution); not {', '.join(unknown)}"
                             if unknown else f"agenda item {k} has no title", where)
        parts.append(f"**ระเบียบวาระที่ {k} {item['title'].strip()}**")
        if item.get("body", "").strip():
            parts.append(item["body"].strip())
        if item.get("resolution", "").strip():
            parts.append(f"**มติที่ประชุม** {item['resolution'].strip()}")
    parts.append(f"**เลิกประชุมเวลา {values['end']} น.**")
    return "\n\n".join(parts) + "\n"
