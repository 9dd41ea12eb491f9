"""Reading a tagged PDF back, for the tests: the structure tree as pikepdf and pdf.js see it.

* :func:`dump` — the tree read with pikepdf, one element a line, indented, with the text of its
  marked content as pdf.js extracts it (``P: ที่ มท ๐๘๑๐…``), Alt text and table scope: what the
  golden structure dumps hold.
* :func:`problems` — what breaks the tagging rules the tests hold every document to: painting
  outside marked content (pikepdf, every operator of every page), text pdf.js finds outside the
  tree and not an artifact, tree text (in tree order) different from the page text (in stream
  order) without artifacts, a ``Figure`` without Alt, an MCID the parent tree does not lead back
  to its element.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import readers

#: Operators that put something on the page: text, paths painted, images, shadings.
PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh", "INLINE IMAGE"}

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PdfjsPage:
    number: int
    text: str
    struct: dict | None
    marked: list[dict]


def pdfjs_pages(path: Path) -> list[PdfjsPage]:
    out = subprocess.run(["node", str(readers.PDFTEXT_JS), "--struct", "--marked", str(path)], check=True,
                         capture_output=True, text=True).stdout
    return [PdfjsPage(p["number"], p["text"], p["structTree"], p["marked"]) for p in json.loads(out)["pages"]]


def squash(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def unspaced(dump_text: str) -> list[str]:
    """A dump's lines with the white space after the indentation removed (for comparing dumps
    whose paragraphs break their lines elsewhere)."""
    return [line[:len(line) - len(line.lstrip())] + _SPACE.sub("", line) for line in dump_text.splitlines()]


# -- the tree with pikepdf -----------------------------------------------------------------------
def _content_id(page, mcid: int) -> str:
    """pdf.js's name of marked content ``mcid`` of ``page``: "p<object>R_mc<mcid>" (generation 0)."""
    num, gen = page.objgen
    return f"p{num}R_mc{mcid}" if gen == 0 else f"p{num}R{gen}_mc{mcid}"


def _kids(elem) -> list:
    import pikepdf

    k = elem.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def walk(pdf):
    """(depth, element, [content ids]) for every structure element, in tree order."""
    import pikepdf

    root = pdf.Root.StructTreeRoot

    def visit(elem, depth):
        ids = []
        children = []
        for kid in _kids(elem):
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer):
                ids.append(_content_id(elem.Pg, int(kid)))
            elif kid.get("/Type") == "/MCR":
                ids.append(_content_id(kid.get("/Pg", elem.get("/Pg")), int(kid.MCID)))
            elif kid.get("/Type") == "/OBJR":   # an annotation (a Link's): no marked content
                continue
            else:
                children.append(kid)
        yield depth, elem, ids
        for child in children:
            yield from visit(child, depth + 1)

    for top in _kids(root):
        yield from visit(top, 0)


def content_order(pdf) -> list[str]:
    """The content ids of the tree in reading order: each element's kids in their order, marked
    content and child elements interleaved (a ``Span`` of English inside a paragraph)."""
    import pikepdf

    out: list[str] = []

    def visit(elem):
        for kid in _kids(elem):
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer):
                out.append(_content_id(elem.Pg, int(kid)))
            elif kid.get("/Type") == "/MCR":
                out.append(_content_id(kid.get("/Pg", elem.get("/Pg")), int(kid.MCID)))
            elif kid.get("/Type") != "/OBJR":
                visit(kid)

    for top in _kids(pdf.Root.StructTreeRoot):
        visit(top)
    return out


def texts_by_id(pages: Sequence[PdfjsPage]) -> dict[str, str]:
    return {run["id"]: run["text"] for page in pages for run in page.marked if run["id"]}


def dump(path: Path) -> str:
    """The structure tree as reviewed text: role, attributes, the text of its own content."""
    import pikepdf

    text = texts_by_id(pdfjs_pages(path))
    lines = []
    with pikepdf.open(path) as pdf:
        for depth, elem, ids in walk(pdf):
            if _is_span(elem):       # shown inline in its parent's text
                continue
            depth -= sum(1 for d in _span_ancestors(elem))
            head = str(elem.S)[1:]
            if "/Alt" in elem:
                head += f' alt="{elem.Alt}"'
            if "/Lang" in elem:
                head += f" lang={elem.Lang}"
            attrs = elem.get("/A")
            if attrs is not None and "/Scope" in attrs:
                head += f" scope={str(attrs.Scope)[1:]}"
            if attrs is not None and "/ColSpan" in attrs:
                head += f" colspan={int(attrs.ColSpan)}"
            own = squash("".join(_inline(elem, text)))
            if own and elem.S != "/Figure":
                head += f": {own}"
            if elem.S == "/Link":   # where its annotation leads: the address, or the page
                head += " → " + _link_target(pdf, elem)
            lines.append("  " * depth + head)
    return "\n".join(lines) + "\n"


def _is_span(elem) -> bool:
    return elem.get("/S") == "/Span"


def _span_ancestors(elem):
    parent = elem.get("/P")
    while parent is not None and parent.get("/Type") != "/StructTreeRoot":
        if _is_span(parent):
            yield parent
        parent = parent.get("/P")


def _inline(elem, text: dict[str, str]) -> list[str]:
    """An element's own text in reading order, the text of its ``Span`` kids inline as
    ``[en: …]`` (their language; the dump gives them no line of their own)."""
    import pikepdf

    out = []
    previous_own = False   # pieces of the element's own content are joined by a space, as before
    for kid in _kids(elem):
        if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer):
            piece = text.get(_content_id(elem.Pg, int(kid)), "")
        elif kid.get("/Type") == "/MCR":
            piece = text.get(_content_id(kid.get("/Pg", elem.get("/Pg")), int(kid.MCID)), "")
        elif kid.get("/Type") != "/OBJR" and _is_span(kid):
            inner = squash("".join(_inline(kid, text)))
            out.append(f"[{kid.Lang}: {inner}]" if "/Lang" in kid else inner)
            previous_own = False
            continue
        else:
            continue
        out.append((" " if previous_own else "") + piece)
        previous_own = True
    return out


def _link_target(pdf, elem) -> str:
    """The URI of a Link element's annotation, or "page N" (1-based) of its destination."""
    import pikepdf

    kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
    [annot] = [k.Obj for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
    action = annot.get("/A")
    if action is not None and action.get("/S") == "/URI":
        return str(action.URI)
    dest = annot.get("/Dest")
    if isinstance(dest, (pikepdf.String, pikepdf.Name)):
        dest = pikepdf.NameTree(pdf.Root.Names.Dests)[str(dest)]
        dest = dest.D if isinstance(dest, pikepdf.Dictionary) else dest
    pages = {p.objgen: i for i, p in enumerate(pdf.pages, start=1)}
    return f"page {pages[dest[0].objgen]}"


def roles(path: Path) -> list[str]:
    """The roles of the tree in order, indented by depth (no text): the outline tests compare."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return ["  " * depth + str(elem.S)[1:] for depth, elem, _ in walk(pdf)]


# -- the rules --------------------------------------------------------------------------------------
def unmarked_painting(path: Path) -> list[str]:
    """Painting operators outside marked content that has an MCID or is an artifact."""
    import pikepdf

    found = []
    with pikepdf.open(path) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            stack: list[bool] = []   # per open marked content: does it make what is inside tagged?
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    tag = str(operands[0])
                    ok = tag == "/Artifact" or (op == "BDC" and isinstance(operands[1], pikepdf.Dictionary)
                                                and "/MCID" in operands[1])
                    stack.append(ok or (bool(stack) and stack[-1]))
                elif op == "EMC":
                    stack.pop()
                elif op in PAINTING and not (stack and stack[-1]):
                    found.append(f"page {n}: {op} outside tagged or artifact content")
            if stack:
                found.append(f"page {n}: {len(stack)} marked-content sequences left open")
    return found


def problems(path: Path) -> list[str]:
    """Every way ``path`` breaks the tagging rules (an empty list: none)."""
    import pikepdf

    out = unmarked_painting(path)
    pages = pdfjs_pages(path)
    with pikepdf.open(path) as pdf:
        if pdf.Root.get("/MarkInfo", {}).get("/Marked") is not True:
            out.append("no /MarkInfo << /Marked true >>")
        if "/Lang" not in pdf.Root:
            out.append("no /Lang")
        elements = list(walk(pdf))
        for _, elem, ids in elements:
            if elem.S == "/Figure" and not str(elem.get("/Alt", "")).strip():
                out.append("a Figure without Alt text")
        # the parent tree leads every MCID back to the element that holds it
        owner = {i: elem.objgen for _, elem, ids in elements for i in ids}
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in pdf.pages:
            if "/StructParents" not in page.obj:
                continue
            for mcid, elem in enumerate(tree[int(page.obj.StructParents)]):
                cid = _content_id(page.obj, mcid)
                if owner.get(cid) != elem.objgen:
                    out.append(f"parent tree: {cid} is not held by the element it names")
        order = content_order(pdf)
    text = texts_by_id(pages)
    for page in pages:
        if "".join(run["text"] for run in page.marked) != page.text:
            out.append(f"page {page.number}: marked runs do not add up to the page text")
        for run in page.marked:
            if run["id"] is None and run["tag"] != "Artifact" and run["text"].strip():
                out.append(f"page {page.number}: text outside the tree: {run['text']!r}")
    stream = "".join(run["text"] for page in pages for run in page.marked if run["id"])
    in_tree = "".join(text.get(i, "") for i in order)
    if readers.canonical(stream) != readers.canonical(in_tree):
        out.append("the tree's text in tree order differs from the page text in stream order")
    missing = set(text) - set(order)
    if missing:
        out.append(f"marked content not in the tree: {sorted(missing)[:5]}")
    return out
