"""Page plans (public data): what goes where on each page, independent of any PDF canvas.

The letter layout produces these; :mod:`.write` draws them.  Coordinates are PDF points with the
origin at the bottom-left of the paper.  ``dump()`` prints one line per item with positions in cm
from the top-left, as the letter-format spec gives them — a reviewable layout log.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..pdf.document import Metadata
from ..pdf.tags import Tag
from ..thai.layout import Line, ParagraphLayout
from .forms import POINTS_PER_CM


@dataclass(frozen=True)
class TextLines:
    """Lines of a laid-out paragraph; ``x`` is the paragraph's left edge, ``top`` the top of the
    first line's box."""

    role: str
    layout: ParagraphLayout
    lines: tuple[Line, ...]
    x: float
    top: float
    tag: Tag | None = None   # where it goes in the structure tree (None: an artifact)

    @property
    def baselines(self) -> list[float]:
        return [self.top - self.layout.ascent - i * self.layout.pitch for i in range(len(self.lines))]

    @property
    def text(self) -> str:
        return "\n".join(self.layout.line_text(ln) for ln in self.lines)


@dataclass(frozen=True)
class Picture:
    """A picture fitted into its box, keeping its aspect; ``anchor`` is where it sits in the box
    ("c" centre, "s" bottom centre)."""

    role: str
    path: Path
    x: float
    y: float
    width: float
    height: float
    anchor: str = "c"
    tag: Tag | None = None


@dataclass(frozen=True)
class Placeholder:
    """A neutral box where a user-supplied picture (the emblem) belongs."""

    role: str
    x: float
    y: float
    width: float
    height: float
    tag: Tag | None = None


@dataclass(frozen=True)
class QRCode:
    role: str
    data: str
    x: float
    y: float
    size: float
    tag: Tag | None = None


@dataclass(frozen=True)
class Dots:
    """A dotted leader on which a memo's header value sits."""

    role: str
    x1: float
    x2: float
    y: float
    tag: Tag | None = None


@dataclass(frozen=True)
class Rule:
    """A straight black line (a table's rules), from (x1, y1) to (x2, y2), ``width`` points thick."""

    role: str
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    tag: Tag | None = None


@dataclass(frozen=True)
class EnclosedPage:
    """Page ``index`` (0-based) of an enclosed PDF file, drawn under the page's other items (the
    enclosure's stamp); the plan's page has that page's size."""

    role: str
    path: Path
    index: int
    tag: Tag | None = None


@dataclass(frozen=True)
class Seal:
    """The agency seal of a stamped letter centred on ``(x, y)``: its two names laid out on their
    arcs (:class:`~.seal.ArcText`), its ink, and the emblem drawn inside (a file, or None for the
    neutral placeholder)."""

    role: str
    x: float
    y: float
    texts: tuple
    colour: tuple[float, float, float]
    emblem: Path | None
    tag: Tag | None = None


Item = TextLines | Picture | Placeholder | QRCode | Dots | Rule | EnclosedPage | Seal


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    items: tuple[Item, ...]

    def find(self, role: str) -> list[Item]:
        return [i for i in self.items if i.role == role]


@dataclass(frozen=True)
class DocumentPlan:
    """Pages of one document (a letter, its enclosure pages, or a distribution list)."""

    pages: tuple[Page, ...]
    metadata: Metadata
    key: str = ""
    label: str = ""   # its bookmark in a combined PDF (the recipient, or the list's title)
    notes: tuple[str, ...] = ()   # what the layout did beyond the form (a letter tightened …)

    def dump(self) -> str:
        out = [f"note: {n}" for n in self.notes]
        for n, page in enumerate(self.pages, start=1):
            out.append(f"== page {n}")
            for item in page.items:
                out.extend(_dump_item(item, page.height))
        return "\n".join(out) + "\n"


def _cm(value: float) -> str:
    return f"{value / POINTS_PER_CM:5.2f}"


def _dump_item(item: Item, height: float) -> list[str]:
    if isinstance(item, TextLines):
        rows = []
        for line, base in zip(item.lines, item.baselines):
            rows.append(f"{item.role:<16} x={_cm(item.x + line.x)} y={_cm(height - base)} "
                        f"w={_cm(line.width + line.added)} {item.layout.line_text(line)}")
        return rows
    if isinstance(item, EnclosedPage):
        return [f"{item.role:<16} {item.path.name} page {item.index + 1}"]
    if isinstance(item, Rule):
        return [f"{item.role:<16} x={_cm(item.x1)}–{_cm(item.x2).strip()} y={_cm(height - item.y1)}–"
                f"{_cm(height - item.y2).strip()}"]
    if isinstance(item, Seal):
        return [f"{item.role:<16} x={_cm(item.x)} y={_cm(height - item.y)} {item.texts[0].text} / {item.texts[1].text}"]
    if isinstance(item, Dots):
        return [f"{item.role:<16} x={_cm(item.x1)}–{_cm(item.x2).strip()} y={_cm(height - item.y)}"]
    box = (f"x={_cm(item.x)} y={_cm(height - item.y - getattr(item, 'height', getattr(item, 'size', 0)))}"
           f" w={_cm(getattr(item, 'width', getattr(item, 'size', 0)))}"
           f" h={_cm(getattr(item, 'height', getattr(item, 'size', 0)))}")
    extra = f" {item.data}" if isinstance(item, QRCode) else (f" {item.path.name}" if isinstance(item, Picture) else "")
    return [f"{item.role:<16} {box}{extra}"]
