"""``saraban thai render`` and ``saraban thai explain``: the Thai typesetting engine on its own."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError, Location
from ._parser import examples, length

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


def _typesetter(args):
    from ..thai.fonts import FontLibrary
    from ..thai.layout import Typesetter

    return Typesetter(FontLibrary([Path.cwd() / "fonts", *args.fonts_dir]))


def _style(args, typesetter):
    from ..thai.layout import ParagraphStyle
    from ..thai.shape import TextStyle

    family = typesetter.library.family(args.font)  # fails early with the list of families
    return ParagraphStyle(TextStyle(family=family.name, size=args.size), align=args.align,
                          first_indent=args.indent, space_after=PARAGRAPH_SPACE, strategy=args.strategy)


def render(args) -> int:
    from ..pdf.document import Metadata, PageGeometry, atomic_output, document
    from ..pdf.gc import relaxed_gc
    from ..thai.flowable import ThaiParagraph
    from ..thai.normalize import normalize

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
    from ..thai.normalize import normalize

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


def _add_text_options(p, align_default: str) -> None:
    p.add_argument("--font", default=None, help="font family name or .ttf path (default Sarabun)")
    p.add_argument("--size", type=float, default=16.0, help="size in TH Sarabun points (default 16)")
    p.add_argument("--width", type=length, default=length("16cm"),
                   help="line width: 16cm, 160mm, 453pt (a bare number is points; default 16cm)")
    p.add_argument("--align", default=align_default,
                   choices=["left", "right", "center", "justify", "thai-distributed"],
                   help=f"alignment of the lines (default {align_default})")
    p.add_argument("--strategy", default="optimal", choices=["optimal", "greedy"],
                   help="line breaking: optimal (whole paragraph) or greedy (first fit)")
    p.add_argument("--fonts-dir", action="append", default=[], type=Path, metavar="DIR",
                   help="extra folder with .ttf files, may be repeated (./fonts is always searched)")


def register(subparsers) -> None:
    """``saraban thai {render,explain}``."""
    thai = subparsers.add_parser(
        "thai", help="the Thai typesetting engine on its own (render a text file, explain line breaks)",
        description="The Thai typesetting engine on its own.",
        epilog=examples("saraban thai render notes.txt -o notes.pdf",
                        'saraban thai explain "ผู้ว่าราชการจังหวัดน่าน" --width 4cm'))
    thai.set_defaults(run=run)
    sub = thai.add_subparsers(dest="thai_command", required=True, metavar="SUBCOMMAND")

    render_p = sub.add_parser(
        "render", help="typeset a UTF-8 text file (blank line = new paragraph)",
        description="Typeset a UTF-8 text file on A4 with the letter margins: a blank line starts a "
                    "new paragraph,\na single newline is a line break.",
        epilog=examples("saraban thai render notes.txt -o notes.pdf",
                        'saraban thai render notes.txt -o notes.pdf --font "TH SarabunIT๙" --align left'))
    render_p.add_argument("input", type=Path, metavar="INPUT.txt", help="the UTF-8 text file")
    render_p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf",
                          help="the PDF to write")
    render_p.add_argument("--indent", type=length, default=length("2.5cm"),
                          help="first-line indent (default 2.5cm, as in letters)")
    _add_text_options(render_p, "thai-distributed")

    explain_p = sub.add_parser(
        "explain", help="show normalisation, segmentation and line breaks of a text",
        description="Show how a text is normalised, where it may break, and the lines it is set in.",
        epilog=examples('saraban thai explain "ผู้ว่าราชการจังหวัดน่านร่วมกันปลูกป่า" --width 4cm',
                        'saraban thai explain "ข้อความ" --font Laksaman --strategy greedy'))
    explain_p.add_argument("text", help="the text (quote it)")
    explain_p.add_argument("--indent", type=length, default=0.0,
                           help="first-line indent, e.g. 2.5cm (default 0)")
    _add_text_options(explain_p, "thai-distributed")


def run(args) -> int:
    return render(args) if args.thai_command == "render" else explain(args)
