"""WordprocessingML pieces (internal): units, run and paragraph properties in schema order, Thai
runs, tabs, fields and frames.

Word rejects a file whose property elements are out of the schema's order, so every property
element here is made through :func:`props`, which sorts the children by the order of the
standard (ECMA-376 part 1, §17.3.1.26 ``pPr``, §17.3.2.28 ``rPr``, §17.6.17 ``sectPr``).

Thai is written the way Word writes it: a run holding Thai is a *complex-script* run (``w:cs``),
its font is the ``w:cs`` font of ``w:rFonts``, its size ``w:szCs``, its bold ``w:bCs``; runs of
Latin letters are ordinary runs.  Neutral characters (spaces, digits, punctuation) stay in the run
they follow.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser

from ..thai.normalize import BREAK_HINT, normalize

POINTS_PER_CM = 72 / 2.54
TWIPS_PER_POINT = 20
EMU_PER_POINT = 12700

#: Word and LibreOffice put the baseline of a line of exact height at 80 % of that height from
#: its top, whatever the font (measured with LibreOffice 7.4: 14.03 pt of 17.6, 20.03 of 25,
#: 28.03 of 35).  Used to turn the form's baselines into space above a paragraph.
EXACT_BASELINE_SHARE = 0.8

RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
             "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
             "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
             "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
             "specVanish", "oMath")
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
             "rPr", "sectPr", "pPrChange")
SECTPR_ORDER = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
                "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
                "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")

_ORDERS = {"rPr": RPR_ORDER, "pPr": PPR_ORDER, "sectPr": SECTPR_ORDER}

_THAI = re.compile(r"[\u0E00-\u0E7F]")


def twips(points: float) -> int:
    return round(points * TWIPS_PER_POINT)


def emu(points: float) -> int:
    return round(points * EMU_PER_POINT)


def half_points(points: float) -> int:
    """A font size in Word's half points (the nearest Word can store)."""
    return max(2, round(points * 2))


def cm(value: float) -> float:
    """cm → points."""
    return value * POINTS_PER_CM


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_NSMAP = {"w": _W}


@functools.lru_cache(maxsize=None)
def _name(tag: str) -> str:
    return qn(tag if ":" in tag else f"w:{tag}")


def w(tag: str, attrs: dict | None = None, *children) -> "OxmlElement":
    """``<w:tag w:key="value"…>children</w:tag>`` (attribute names without a prefix are ``w:``)."""
    element = oxml_parser.makeelement(_name(tag), nsmap=_W_NSMAP)
    if attrs:
        for key, value in attrs.items():
            if value is not None:
                element.set(_name(key), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def props(tag: str, children: Iterable) -> "OxmlElement":
    """A ``pPr``, ``rPr`` or ``sectPr`` with ``children`` in the schema's order."""
    order = _ORDERS[tag]
    kids = [c for c in children if c is not None]
    kids.sort(key=lambda c: order.index(c.tag.rsplit("}", 1)[1]))
    return w(tag, None, *kids)


# -- runs ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RunFormat:
    """Direct formatting of a run (what its paragraph style does not already say)."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    color: str | None = None        # "D90000"
    size: float | None = None       # real points
    font: str | None = None


def font_element(family: str) -> "OxmlElement":
    """``w:rFonts`` naming ``family`` for every script (theme fonts would win otherwise)."""
    return w("rFonts", {"ascii": family, "hAnsi": family, "eastAsia": family, "cs": family})


def run_properties(fmt: RunFormat, complex_script: bool) -> "OxmlElement | None":
    kids = []
    if fmt.font:
        kids.append(font_element(fmt.font))
    if fmt.bold:
        kids += [w("b"), w("bCs")]
    if fmt.italic:
        kids += [w("i"), w("iCs")]
    if fmt.color:
        kids.append(w("color", {"val": fmt.color}))
    if fmt.size:
        kids += [w("sz", {"val": half_points(fmt.size)}), w("szCs", {"val": half_points(fmt.size)})]
    if fmt.underline:
        kids.append(w("u", {"val": "single"}))
    if complex_script:
        kids.append(w("cs"))
    return props("rPr", kids) if kids else None


def word_text(raw: str) -> str:
    """The text as saraban typesets it (:func:`saraban.thai.normalize.normalize`), with the
    user's break hints (U+200B) kept: Word breaks Thai lines there too."""
    norm = normalize(raw)
    if not norm.break_hints:
        return norm.text
    out, last = [], 0
    for hint in norm.break_hints:
        out += [norm.text[last:hint], BREAK_HINT]
        last = hint
    return "".join(out) + norm.text[last:]


def script_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into runs of Thai (True) and of other letters (False); spaces, digits and
    punctuation stay with the run before them (with the next run at the start)."""
    runs: list[list] = []
    pending = ""
    for ch in text:
        if _THAI.match(ch):
            kind = True
        elif ch.isalpha():
            kind = False
        else:
            if runs:
                runs[-1][0] += ch
            else:
                pending += ch
            continue
        if runs and runs[-1][1] == kind:
            runs[-1][0] += ch
        else:
            runs.append([pending + ch, kind])
            pending = ""
    if pending:
        runs.append([pending, False])
    return [(t, k) for t, k in runs]


def _content(text: str) -> list:
    """``w:t`` pieces, with a tab as ``w:tab`` and a newline as ``w:br``."""
    out = []
    for piece in re.split(r"([\t\n])", text):
        if piece == "\t":
            out.append(w("tab"))
        elif piece == "\n":
            out.append(w("br"))
        elif piece:
            t = w("t")
            t.text = piece
            if piece[0] == " " or piece[-1] == " ":
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            out.append(t)
    return out


def runs(text: str, fmt: RunFormat = RunFormat()) -> list:
    """The ``w:r`` elements of ``text``: one per script run, Thai ones marked complex-script."""
    out = []
    text = "\t".join(word_text(part) for part in text.split("\t"))
    for piece, thai in script_runs(text):
        out.append(w("r", None, run_properties(fmt, thai), *_content(piece)))
    return out


def field(instruction: str, shown: str, fmt: RunFormat = RunFormat()) -> list:
    """A field (``PAGE``…) with ``shown`` as its last computed result."""
    def r(*kids):
        return w("r", None, run_properties(fmt, True), *kids)

    instr = w("instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    result = w("t")
    result.text = shown
    return [r(w("fldChar", {"fldCharType": "begin"})), r(instr), r(w("fldChar", {"fldCharType": "separate"})),
            r(result), r(w("fldChar", {"fldCharType": "end"}))]


# -- paragraphs ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tab:
    position: float                # points from the left margin
    kind: str = "left"             # left, right, center
    leader: str | None = None      # "dot"


def tabs_element(tabs: Sequence[Tab]) -> "OxmlElement | None":
    if not tabs:
        return None
    return w("tabs", None, *(w("tab", {"val": t.kind, "leader": t.leader, "pos": twips(t.position)})
                             for t in tabs))


@dataclass(frozen=True)
class Frame:
    """A positioned frame (``w:framePr``): consecutive paragraphs with equal frames share one.
    ``x``/``y`` in points from the page's (or margin's) top-left; ``y_align`` "bottom" puts it on
    the bottom margin instead."""

    width: float
    x: float | None = None
    y: float | None = None
    anchor: str = "page"           # page or margin
    x_align: str | None = None     # center
    y_align: str | None = None     # bottom
    space_above: float = 0.0       # distance kept from the text around it
    wrap: str = "around"
    v_anchor: str | None = None    # "text": ``y`` from the top of the paragraph after the frame

    def element(self) -> "OxmlElement":
        return w("framePr", {"w": twips(self.width), "vSpace": twips(self.space_above) or None,
                             "wrap": self.wrap, "hAnchor": self.anchor, "vAnchor": self.v_anchor or self.anchor,
                             "x": None if self.x is None else twips(self.x), "xAlign": self.x_align,
                             "y": None if self.y is None else twips(self.y), "yAlign": self.y_align})


def paragraph(style: str | None, content: Sequence = (), *, keep_next: bool = False,
              frame: Frame | None = None, tabs: Sequence[Tab] = (), space_before: float | None = None,
              line: float | None = None, first_indent: float | None = None, page_break_before: bool = False,
              extra: Sequence = ()) -> "OxmlElement":
    """A ``w:p`` in paragraph style ``style`` with direct formatting only where given."""
    kids = [w("pStyle", {"val": style}) if style else None,
            w("keepNext") if keep_next else None,
            w("pageBreakBefore") if page_break_before else None,
            frame.element() if frame else None,
            tabs_element(tabs)]
    spacing = {}
    if space_before is not None:
        spacing["before"] = twips(space_before)
    if line is not None:
        spacing.update({"line": twips(line), "lineRule": "exact"})
    if spacing:
        kids.append(w("spacing", spacing))
    if first_indent is not None:
        kids.append(w("ind", {"firstLine": twips(first_indent)}))
    kids += list(extra)
    ppr = props("pPr", kids)
    return w("p", None, ppr if len(ppr) else None, *content)
