"""``saraban thai render`` and ``saraban thai explain`` (internal)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError, Location
from ..pdf.document import Metadata, PageGeometry, atomic_output, document
from ..pdf.gc import relaxed_gc
from ..thai.flowable import ThaiParagraph
from ..thai.fonts import FontLibrary
from ..thai.layout import ParagraphStyle, Typesetter
from ..thai.normalize import normalize
from ..thai.shape import TextStyle

#: Space between paragraphs: "1 Enter + Before 6 pt" of the letter format.
PARAGRAPH_SPACE = 6.0


def read_text(path: Path) -> str:
    """Read a UTF-8 text file; a decoding error names the line and column."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(path)) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError("not UTF-8 text (save the file as UTF-8)", Location(path, line, col)) from exc


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single newlines inside a paragraph are line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def _typesetter(args) -> Typesetter:
    return Typesetter(FontLibrary([Path.cwd() / "fonts", *args.fonts_dir]))


def _style(args, typesetter: Typesetter) -> ParagraphStyle:
    family = typesetter.library.family(args.font)  # fails early with the list of families
    return ParagraphStyle(TextStyle(family=family.name, size=args.size), align=args.align,
                          first_indent=args.indent, space_after=PARAGRAPH_SPACE, strategy=args.strategy)


def render(args) -> int:
    text = read_text(args.input)
    ts = _typesetter(args)
    style = _style(args, ts)
    geometry = PageGeometry()
    geometry = PageGeometry(right=geometry.width - geometry.left - args.width)
    flow = [ThaiParagraph(p, style, ts) for p in paragraphs(text)]
    first = normalize(paragraphs(text)[0]).text[:80] if flow else args.input.stem
    with atomic_output(args.output) as tmp, relaxed_gc():
        document(tmp, geometry, Metadata(title=first, subject=args.input.name)).build(flow)
    print(f"wrote {args.output}")
    return 0


def explain(args) -> int:
    ts = _typesetter(args)
    style = _style(args, ts)
    norm = normalize(args.text)
    print("== normalize")
    print(norm.dump())
    seg = ts.segmenter.segment(norm.text, norm.break_hints)
    print("== segment (| word or space break, ¦ compound break, ⏎ forced)")
    print(seg.dump())
    layout = ts.layout(args.text, style, args.width)
    fam = ts.library.family(style.text.family)
    print(f"== lines ({fam.name} {style.text.size:g} TH pt = {fam.point_size(style.text.size):.2f} pt, "
          f"pitch {layout.pitch:.2f} pt, width {args.width:.2f} pt, {style.align})")
    print(layout.dump())
    return 0
