"""``saraban thai render`` and ``saraban thai explain``: the Thai typesetting engine on its own."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError, Location
from ._parser import add_pdf_standard, examples, length, positive_length, positive_number

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
    from ..thai.segment import Segmenter

    segmenter = None
    if args.words:
        for path in args.words:
            if not path.is_file():
                raise InputError("no such word list (one word per line, UTF-8)", Location(path))
        segmenter = Segmenter(args.words)
        try:
            segmenter.segment("ก")
        except ValueError as exc:
            raise InputError(str(exc)) from exc
    return Typesetter(FontLibrary([Path.cwd() / "fonts", *args.fonts_dir]), segmenter)


def _style(args, typesetter):
    from ..thai.layout import ParagraphStyle
    from ..thai.shape import TextStyle

    family = typesetter.library.family(args.font)  # fails early with the list of families
    return ParagraphStyle(TextStyle(family=family.name, size=args.size), align=args.align,
                          first_indent=args.indent, space_after=PARAGRAPH_SPACE, strategy=args.strategy)


def check_geometry(args) -> None:
    """The width and indent must fit the page ``render`` sets the text on (``explain`` checks the
    same, so that what it shows is what ``render`` prints)."""
    from ..pdf.document import PageGeometry

    page = PageGeometry()
    room = page.width - page.left
    if args.width > room + 1e-6:
        raise InputError(f"--width {args.width / CM:.2f} cm is wider than the page allows: A4 is "
                         f"{page.width / CM:.0f} cm wide and the text starts {page.left / CM:.0f} cm from its "
                         f"left edge, so at most {room / CM:.0f} cm")
    if args.indent >= args.width or args.indent < -args.width:
        raise InputError(f"--indent {args.indent / CM:.2f} cm leaves no room on a first line "
                         f"{args.width / CM:.2f} cm wide")


#: Points per centimetre.
CM = 72 / 2.54


def render(args) -> int:
    from reportlab.platypus import Frame, PageTemplate
    from reportlab.platypus.doctemplate import BaseDocTemplate

    from ..pdf.document import Metadata, PageGeometry, atomic_output, document
    import io

    from ..pdf.gc import relaxed_gc
    from ..pdf.archive import DEFAULT_STANDARD, Archival
    from ..pdf.archive import finish as archive_finish
    from ..pdf.tags import Elem, TaggedCanvas, finish, marker
    from ..thai.flowable import ThaiParagraph
    from ..thai.normalize import normalize

    check_geometry(args)
    text = read_text(args.input)
    ts = _typesetter(args)
    style = _style(args, ts)
    geometry = PageGeometry()
    geometry = PageGeometry(right=geometry.width - geometry.left - args.width)
    # each paragraph a P of the structure tree (a paragraph split across pages stays one)
    flow = [ThaiParagraph(p, style, ts, marker=marker((Elem("P", k),))) for k, p in enumerate(paragraphs(text))]
    first = normalize(paragraphs(text)[0]).text[:80] if flow else args.input.stem
    with atomic_output(args.output) as tmp, relaxed_gc():
        buffer = io.BytesIO()
        doc = document(buffer, geometry, Metadata(title=first, subject=args.input.name))
        # a frame without reportlab's default 6 pt padding: the text block is exactly --width
        # wide and starts exactly at the left margin, as explain lays it out
        frame = Frame(geometry.left, geometry.bottom, args.width, geometry.height - geometry.top - geometry.bottom,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
        doc.addPageTemplates([PageTemplate(id=name, frames=[frame]) for name in ("First", "Later")])
        BaseDocTemplate.build(doc, flow, canvasmaker=TaggedCanvas)
        standard = args.pdf_standard or DEFAULT_STANDARD
        data = finish(doc.canv, buffer.getvalue(), compact_large=standard == "none")
        # PDF/A after the tree is in (pdf/archive.py); the pages print no numbers: no labels
        tmp.write_bytes(archive_finish(data, Archival(standard=standard, title=first, description=args.input.name)))
    print(f"wrote {args.output}")
    return 0


#: What ``explain`` says about the break that ends a line, by break kind.
BREAK_REASONS = {
    "space": "after a space",
    "word": "between words",
    "hint": "at a typed break hint (U+200B)",
    "compound": "inside a compound word (at a cost)",
    "url": "at a URL's own break point (at a cost)",
    "protected": "inside a protected unit, which is wider than the line",
    "linked": "between linked units (a number and its label or unit), wider than the line together",
    "emergency": "between clusters: no break opportunity fits",
    "forced": "at a line break in the text",
    "end": "end of the paragraph",
}


def explain(args) -> int:
    from ..thai.normalize import normalize

    check_geometry(args)
    ts = _typesetter(args)
    style = _style(args, ts)
    norm = normalize(args.text)
    print("== normalize")
    print(norm.dump())
    seg = ts.segmenter.segment(norm.text, norm.break_hints)
    print("== segment (| word or space break, ¦ compound or URL break, · protected, ~ linked, ⏎ forced)")
    print(seg.dump())
    if seg.units:
        print("== units (a line ends inside one only when it is wider than the line)")
        for u in seg.units:
            where = f"{u.start}-{u.end}"
            extra = f", may break after {', '.join(repr(norm.text[b - 1]) for b in u.breaks)}" if u.breaks else ""
            print(f"{where:>9} {u.kind:<16} {norm.text[u.start:u.end]!r}{extra}")
    layout = ts.layout(args.text, style, args.width)
    fam = ts.library.family(style.text.family)
    print(f"== lines ({fam.name} {style.text.size:g} TH pt = {fam.point_size(style.text.size):.2f} pt, "
          f"pitch {layout.pitch:.2f} pt, width {args.width:.2f} pt, {style.align})")
    for line, row in zip(layout.lines, layout.dump().splitlines()):
        print(row)
        gap, natural = layout.largest_gap(line)
        why = BREAK_REASONS.get(line.kind, line.kind)
        inside = [u for u in seg.units if u.start < line.end < u.end] if line.kind != "end" else []
        if inside:
            why += " (" + ", ".join(f"{u.kind} {norm.text[u.start:u.end]!r}" for u in inside) + ")"
        grew = f" (a space of {natural:.2f} pt grown {gap / natural:.1f}×)" if natural else ""
        print(f"      {why}; largest gap {gap:.2f} pt{grew}")
    return 0


def _add_text_options(p, align_default: str) -> None:
    p.add_argument("--font", default=None, help="font family name or .ttf path (default Sarabun)")
    p.add_argument("--size", type=positive_number, default=16.0, help="size in TH Sarabun points (default 16)")
    p.add_argument("--width", type=positive_length, default=length("16cm"),
                   help="line width with its unit: 16cm, 160mm, 453pt (default 16cm, the letter's text "
                        "width; at most 18cm, the A4 page right of the 3 cm margin)")
    p.add_argument("--align", default=align_default,
                   choices=["left", "right", "center", "justify", "thai-distributed"],
                   help=f"alignment of the lines (default {align_default})")
    p.add_argument("--strategy", default="optimal", choices=["optimal", "greedy"],
                   help="line breaking: optimal (whole paragraph) or greedy (first fit)")
    p.add_argument("--fonts-dir", action="append", default=[], type=Path, metavar="DIR",
                   help="extra folder with .ttf files, may be repeated (./fonts is always searched)")
    p.add_argument("--words", action="append", default=[], type=Path, metavar="FILE",
                   help="a word list added to the project dictionary (one word per line), may be "
                        "repeated ($SARABAN_WORDS names lists for every command)")


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
    add_pdf_standard(render_p)

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
