"""PDF/A and archival checks, clause by clause, read back with pikepdf, pdfinfo and pdffonts.

There is no veraPDF here: each function checks one requirement of ISO 19005-2/-3 (and of the
document's promises: page labels, links) against a real reader, and returns what is wrong — an
empty list when nothing is.  :func:`problems` runs them all.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "x": "adobe:ns:meta/"}


def info_date(value: str) -> dt.datetime:
    """A ``D:YYYYMMDDHHmmSS+HH'mm'`` date as an aware datetime."""
    m = re.fullmatch(r"D:(\d{14})(Z|[+-]\d\d'\d\d'?)?", value)
    assert m, value
    date = dt.datetime.strptime(m.group(1), "%Y%m%d%H%M%S")
    zone = m.group(2) or "Z"
    if zone == "Z":
        return date.replace(tzinfo=dt.timezone.utc)
    sign = 1 if zone[0] == "+" else -1
    offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    return date.replace(tzinfo=dt.timezone(sign * offset))


def xmp(pdf: pikepdf.Pdf) -> ET.Element:
    """The parsed rdf:Description of the XMP packet."""
    return ET.fromstring(pdf.Root.Metadata.read_bytes()).find("rdf:RDF/rdf:Description", NS)


def xmp_values(pdf: pikepdf.Pdf) -> dict[str, str]:
    """pdfaid, Dublin Core, xmp and pdf properties of the packet, as text."""
    desc = xmp(pdf)
    out = {}
    for key in ("pdfaid:part", "pdfaid:conformance", "xmp:CreateDate", "xmp:ModifyDate", "xmp:CreatorTool",
                "pdf:Producer", "pdf:Keywords", "dc:format"):
        el = desc.find(key, NS)
        if el is not None:
            out[key] = el.text or ""
    for key in ("dc:title", "dc:creator", "dc:description", "dc:language"):
        el = desc.find(f"{key}//rdf:li", NS)
        if el is not None:
            out[key] = el.text or ""
    return out


def check_metadata(pdf: pikepdf.Pdf, part: int = 2) -> list[str]:
    """6.6.2: an uncompressed XMP packet with pdfaid part/conformance U, whose values equal the
    document information dictionary's (title, author, subject, keywords, creator, producer, dates)."""
    out = []
    meta = pdf.Root.get("/Metadata")
    if meta is None:
        return ["no XMP metadata stream"]
    if "/Filter" in meta:
        out.append("the metadata stream is compressed")
    if meta.get("/Type") != "/Metadata" or meta.get("/Subtype") != "/XML":
        out.append("the metadata stream is not /Type /Metadata /Subtype /XML")
    values = xmp_values(pdf)
    if values.get("pdfaid:part") != str(part) or values.get("pdfaid:conformance") != "U":
        out.append(f"pdfaid {values.get('pdfaid:part')}{values.get('pdfaid:conformance')}, not {part}U")
    info = pdf.trailer.Info
    pairs = [("/Title", "dc:title"), ("/Author", "dc:creator"), ("/Subject", "dc:description"),
             ("/Keywords", "pdf:Keywords"), ("/Creator", "xmp:CreatorTool"), ("/Producer", "pdf:Producer")]
    for key, prop in pairs:
        if key in info and str(info[key]) != values.get(prop):
            out.append(f"Info {key} {str(info[key])!r} but XMP {prop} {values.get(prop)!r}")
        if key not in info and prop in values:
            out.append(f"XMP {prop} without Info {key}")
    for key, prop in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if key not in info or prop not in values:
            out.append(f"no {key} / {prop}")
        elif info_date(str(info[key])) != dt.datetime.fromisoformat(values[prop]):
            out.append(f"Info {key} {info[key]} but XMP {prop} {values[prop]}")
    if values.get("dc:language") != "th":
        out.append(f"dc:language {values.get('dc:language')!r}")
    return out


def check_output_intent(pdf: pikepdf.Pdf) -> list[str]:
    """6.2.3: a PDF/A output intent with an RGB ICC profile (the pages paint DeviceRGB/Gray)."""
    intents = pdf.Root.get("/OutputIntents")
    if not intents:
        return ["no output intent"]
    intent = intents[0]
    out = []
    if intent.get("/S") != "/GTS_PDFA1":
        out.append(f"output intent /S {intent.get('/S')}")
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        return out + ["output intent without a profile"]
    data = profile.read_bytes()
    if data[36:40] != b"acsp" or data[16:20] != b"RGB " or int(profile.N) != 3:
        out.append("the output intent's profile is not an RGB ICC profile")
    return out


def fonts(pdf: pikepdf.Pdf):
    """Every font dictionary anywhere in the file (not only those pages use)."""
    for obj in pdf.objects:
        if (isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"
                and obj.get("/Subtype") not in ("/CIDFontType0", "/CIDFontType2")):   # descendants: with their parent
            yield obj


def check_fonts(pdf: pikepdf.Pdf) -> list[str]:
    """6.2.11: every font embedded (its program in the descriptor) with a ToUnicode map (level U);
    no font dictionary without a program anywhere (reportlab's Helvetica)."""
    out = []
    for font in fonts(pdf):
        name = str(font.get("/BaseFont"))
        program = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = program.get("/FontDescriptor")
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            out.append(f"font {name} is not embedded")
        if "/ToUnicode" not in font:
            out.append(f"font {name} has no ToUnicode")
        if "/DescendantFonts" in font and "/CIDToGIDMap" not in program:
            out.append(f"font {name} has no CIDToGIDMap")
    return out


def _widths(cid_font) -> dict[int, float]:
    """The /W array of a CIDFont as {CID: width}."""
    out = {}
    w = list(cid_font.get("/W", []))
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], pikepdf.Array):
            out.update((first + k, float(v)) for k, v in enumerate(w[i + 1]))
            i += 2
        else:
            out.update((c, float(w[i + 2])) for c in range(first, int(w[i + 1]) + 1))
            i += 3
    return out


def check_font_widths(pdf: pikepdf.Pdf) -> list[str]:
    """6.2.11.5: each glyph's width in the font dictionary agrees with its advance in the
    embedded program (within 1/1000 em, veraPDF's tolerance), read with fontTools: every CID of
    every Identity-mapped TrueType CIDFont through its CIDToGIDMap to the program's hmtx."""
    import io

    from fontTools.ttLib import TTFont

    out = []
    for font in fonts(pdf):
        if "/DescendantFonts" not in font:
            continue
        cid_font = font.DescendantFonts[0]
        program = cid_font.FontDescriptor.get("/FontFile2")
        cid_map = cid_font.get("/CIDToGIDMap")
        if program is None or not isinstance(cid_map, pikepdf.Stream):
            continue
        tt = TTFont(io.BytesIO(program.read_bytes()))
        upem, hmtx, order = tt["head"].unitsPerEm, tt["hmtx"].metrics, tt.getGlyphOrder()
        widths, default = _widths(cid_font), float(cid_font.get("/DW", 1000))
        data = cid_map.read_bytes()
        for cid in range(1, len(data) // 2):
            gid = int.from_bytes(data[2 * cid:2 * cid + 2], "big")
            advance = hmtx[order[gid]][0] * 1000 / upem
            if abs(advance - widths.get(cid, default)) > 1:
                out.append(f"font {font.get('/BaseFont')}: CID {cid} is {widths.get(cid, default):g} wide in /W, "
                           f"its glyph {gid} {advance:g} in the program")
    return out


def check_catalog(pdf: pikepdf.Pdf) -> list[str]:
    """No encryption (6.1.3); /Lang, MarkInfo, DisplayDocTitle; the outline panel open when the
    file has bookmarks."""
    out = []
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        out.append("encrypted")
    if "/ID" not in pdf.trailer:
        out.append("no file identifier")
    root = pdf.Root
    if str(root.get("/Lang", "")) != "th-TH":
        out.append(f"/Lang {root.get('/Lang')}")
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        out.append("not /Marked")
    if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        out.append("no DisplayDocTitle")
    has_outline = "/Outlines" in root and "/First" in root.Outlines
    if has_outline != (root.get("/PageMode") == "/UseOutlines"):
        out.append(f"bookmarks {has_outline}, PageMode {root.get('/PageMode')}")
    for name in ("/OpenAction", "/AA", "/JavaScript"):
        if name in root and name != "/OpenAction":
            out.append(f"catalog has {name}")
    return out


def links(pdf: pikepdf.Pdf) -> list[tuple[int, str, tuple[float, ...]]]:
    """(page index, target, rectangle) of every link annotation: a URI, or "page N" (0-based)."""
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    out = []
    for i, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            rect = tuple(float(v) for v in annot.Rect)
            action = annot.get("/A")
            if action is not None and action.get("/S") == "/URI":
                out.append((i, str(action.URI), rect))
                continue
            dest = annot.get("/Dest")
            if action is not None and action.get("/S") == "/GoTo":
                dest = action.D
            if isinstance(dest, (pikepdf.String, str)) or isinstance(dest, pikepdf.Name):
                dest = _named(pdf, dest)
            out.append((i, f"page {pages[dest[0].objgen]}", rect))
    return out


def _named(pdf, name):
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    dest = tree[str(name)]
    return dest.D if isinstance(dest, pikepdf.Dictionary) else dest


def check_annotations(pdf: pikepdf.Pdf) -> list[str]:
    """6.3.2/6.3.3: every annotation printable (flag Print, not Hidden/NoView) with a normal
    appearance that is a form (links too, though PDF/A-2 excuses them); links in the structure
    tree (a Link element whose OBJR is the annotation, reached by its /StructParent)."""
    out = []
    tree = pdf.Root.get("/StructTreeRoot")
    parents = {}
    if tree is not None:
        nums = tree.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        if int(tree.ParentTreeNextKey) <= max(parents, default=-1):
            out.append("ParentTreeNextKey is not above every key")
    for i, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            flags = int(annot.get("/F", 0))
            if not flags & 4 or flags & (2 | 32 | 1):
                out.append(f"page {i + 1}: annotation flags {flags}")
            appearance = annot.get("/AP", {}).get("/N")
            if not isinstance(appearance, pikepdf.Stream) or appearance.get("/Subtype") != "/Form":
                out.append(f"page {i + 1}: {annot.get('/Subtype')} without a normal appearance (a form)")
            if annot.get("/Subtype") != "/Link":
                continue
            if "/Contents" not in annot:
                out.append(f"page {i + 1}: link without a description")
            if tree is None:
                continue
            key = annot.get("/StructParent")
            elem = parents.get(int(key)) if key is not None else None
            if elem is None or elem.get("/S") != "/Link":
                out.append(f"page {i + 1}: link not in the structure tree")
                continue
            kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
            if not any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR" and k.Obj.objgen == annot.objgen
                       for k in kids):
                out.append(f"page {i + 1}: the Link element does not refer to its annotation")
    return out


def labels(pdf: pikepdf.Pdf) -> list[str]:
    return [page.label for page in pdf.pages]


def poppler_problems(path: Path, part: int = 2) -> list[str]:
    """pdfinfo: tagged, a metadata stream claiming PDF/A; pdffonts: every font embedded."""
    out = []
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    if not re.search(r"^Tagged:\s+yes$", info, re.M):
        out.append("pdfinfo: not tagged")
    if not re.search(r"^Metadata Stream:\s+yes$", info, re.M):
        out.append("pdfinfo: no metadata stream")
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], check=True, capture_output=True, text=True).stdout
    if f"<pdfaid:part>{part}</pdfaid:part>" not in meta:
        out.append(f"pdfinfo -meta: no PDF/A-{part} claim")
    fonts_out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = fonts_out.splitlines()[2:]
    if not rows:
        out.append("pdffonts: no fonts")
    for row in rows:
        cols = row.split()
        # name type… encoding emb sub uni object ID: emb/sub/uni are the 5th–3rd last columns
        if cols[-5] != "yes" or cols[-3] != "yes":
            out.append(f"pdffonts: {row.strip()}")
    return out


def problems(path: Path, part: int = 2) -> list[str]:
    """Every way ``path`` falls short of the checked PDF/A-{part}u clauses."""
    with pikepdf.open(path) as pdf:
        out = (check_metadata(pdf, part) + check_output_intent(pdf) + check_fonts(pdf) + check_font_widths(pdf)
               + check_catalog(pdf) + check_annotations(pdf))
    return out + poppler_problems(path, part)
