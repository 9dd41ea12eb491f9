"""Stage *publish* of the booklet pipeline (public): a folder of booklets → a static catalogue site.

``saraban publish BOOKLETS_DIR -o SITE_DIR`` reads ``manifest.json`` (what ``saraban booklet``
wrote), checks every booklet against its SHA-256, and writes one flat folder:

* ``index.html`` — every booklet by region, with a search over provinces and LAO names
  (``search.js`` reads ``search.json``; without JavaScript the full list is there and the search
  box is not shown);
* a page per booklet (``lpa-2563-th-50-chiang-mai.html``: cover thumbnail, title, year, pages,
  size, download links, the summary numbers, the dimension means and the LAO results as HTML
  text), its PDF and print file under the same ASCII name (see :mod:`.naming`), its thumbnail;
* ``sitemap.xml``, ``robots.txt``, ``style.css``, the Sarabun font files.

Pages are Jinja2 templates (``reports/site/*.j2``, autoescaped, in the sandbox); ``--templates
DIR`` puts a folder of the e-book section's own templates and style sheet in front of the bundled
ones, file by file.  Thumbnails are rendered by PDFium (pypdfium2).  The site is written as an
output set (all of it or nothing) and is byte-identical for the same booklets.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..errors import InputError, Location
from ..outputs import OutputSet
from .build import MANIFEST_NAME, check_base_url
from .model import DIMENSIONS, provinces
from .naming import NATIONAL, page_name, pdf_name, slug

#: The bundled site templates and static files (a copy for restyling is in the repository's
#: ``reports/site``).
SITE_PACKAGE = ("saraban.reports", "site")
TEMPLATES = ("base.html.j2", "index.html.j2", "booklet.html.j2", "sitemap.xml.j2")
STATIC = ("style.css", "search.js")
#: The Sarabun faces the pages use, copied from the font package (SIL Open Font License).
FONT_FILES = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")
#: Thumbnail width in pixels: sharp at the card size (160 CSS px) on a 2× phone screen.
THUMB_WIDTH = 320
MANIFEST_KEYS = ("year_be", "booklets")


@dataclass(frozen=True)
class Booklet:
    """One booklet as the site shows it."""

    code: str
    name_th: str
    name_en: str
    region_th: str
    title: str
    slug: str
    page: str
    pdf: str
    print_pdf: str | None
    thumb: str
    pages: int
    size: int
    print_size: int | None
    laos: int
    figures: Mapping[str, Any]
    lao_rows: tuple[tuple, ...]
    source: Path
    print_source: Path | None


@dataclass(frozen=True)
class PublishResult:
    folder: Path
    booklets: int
    files: int


def _fail(message: str, where: Path) -> InputError:
    return InputError(message, Location(where))


def read_manifest(folder: Path) -> tuple[dict, list[Booklet]]:
    """The manifest of a booklet folder and its booklets, each checked against its SHA-256."""
    path = folder / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _fail(f"no booklet manifest here ({exc.strerror}); give the folder `saraban booklet -o` wrote",
                    path) from exc
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", Location(path, exc.lineno, exc.colno)) from exc
    missing = [k for k in MANIFEST_KEYS if k not in manifest]
    if missing:
        raise _fail(f"the manifest has no {', '.join(missing)}", path)
    year = int(manifest["year_be"])
    booklets = []
    for entry in manifest["booklets"]:
        source = folder / entry["file"]
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise _fail(f"the booklet listed in the manifest is missing ({exc.strerror})", source) from exc
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise _fail("the booklet differs from the manifest (SHA-256): was it changed after the build? "
                        "Build the booklets again", source)
        print_source = None
        if "print" in entry:
            print_source = folder / entry["print"]["file"]
            if not print_source.is_file():
                raise _fail("the print file listed in the manifest is missing", print_source)
        code = entry["province"]
        prov = provinces().get(code)
        name = slug(year, code)
        booklets.append(Booklet(
            code=code, name_th=entry.get("name_th", ""), name_en=prov.name_en if prov else "Thailand",
            region_th=prov.region_th if prov else "", title=entry.get("title") or entry["file"], slug=name,
            page=page_name(year, code), pdf=pdf_name(year, code),
            print_pdf=f"{name}-print.pdf" if print_source else None, thumb=f"{name}.png",
            pages=int(entry["pages"]), size=len(data),
            print_size=print_source.stat().st_size if print_source else None, laos=int(entry["laos"]),
            figures=entry.get("figures", {}), lao_rows=tuple(tuple(r) for r in entry.get("lao_rows", [])),
            source=source, print_source=print_source))
    return manifest, booklets


def thumbnail(pdf: Path, width: int = THUMB_WIDTH) -> bytes:
    """The first page of ``pdf`` as a PNG ``width`` pixels wide, rendered by PDFium."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0]
        scale = width / page.get_width()
        image = page.render(scale=scale).to_pil().convert("RGB")
        page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


#: The site's templates make whole pages (the index lists every booklet): ten times the text a
#: letter's template may make, with the same time (:mod:`saraban.template_budget`).
SITE_MAX_TEXT = 10_000_000
SITE_MAX_WORK = 100_000_000


def _environment(templates: Path | None):
    import jinja2

    from ..template_budget import BudgetedSandbox

    bundled = Path(str(resources.files(SITE_PACKAGE[0]).joinpath(SITE_PACKAGE[1])))
    folders = ([str(templates)] if templates is not None else []) + [str(bundled)]
    env = BudgetedSandbox(loader=jinja2.FileSystemLoader(folders), autoescape=True,
                          undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                          trim_blocks=True, lstrip_blocks=True, max_text=SITE_MAX_TEXT, max_work=SITE_MAX_WORK)
    env.filters.update(number=_number, size=_size)
    return env


def _number(value, decimals: int = 0) -> str:
    """``1234.5 | number(2)`` → "1,234.50"; None → "–"."""
    if value is None:
        return "–"
    return f"{float(value):,.{decimals}f}"


def _size(value: int) -> str:
    """A file size in the units a download link shows: "312 KB", "1.4 MB"."""
    if value < 1_000_000:
        return f"{max(1, round(value / 1000))} KB"
    return f"{value / 1_000_000:.1f} MB"


def _render(env, name: str, context: Mapping[str, Any]) -> str:
    import jinja2

    from ..template_budget import render_with_budget

    try:
        template = env.get_template(name)
        return render_with_budget(template, context)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(f"template error: {exc.message}", Location(Path(exc.filename or name), exc.lineno)) from exc
    except jinja2.TemplateError as exc:
        line = getattr(exc, "template_line", None)
        where = Location(Path(template.filename or name), line) if line else _template_frame(exc, name)
        raise InputError(f"template error: {exc}", where) from exc


def _template_frame(exc: BaseException, name: str) -> Location:
    """The template file and line where a render error happened (Jinja2 puts the template's
    lines into the traceback)."""
    import traceback

    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return Location(Path(frame.filename), frame.lineno)
    return Location(Path(name))


def _static(templates: Path | None, name: str) -> bytes:
    if templates is not None and (templates / name).is_file():
        return (templates / name).read_bytes()
    return resources.files(SITE_PACKAGE[0]).joinpath(SITE_PACKAGE[1], name).read_bytes()


def _font(name: str) -> bytes:
    return resources.files("fontpkg_sarabun").joinpath("files", name).read_bytes()


def _search_index(booklets: Sequence[Booklet]) -> str:
    """``search.json``: the booklets (page, Thai and English province name, code) and every LAO
    (name, district, index of its booklet, code) — what the index page's script searches."""
    items = [{"page": b.page, "name": b.name_th, "en": b.name_en, "code": b.code} for b in booklets]
    laos = [[row[1], row[2], i, row[0]] for i, b in enumerate(booklets) for row in b.lao_rows]
    return json.dumps({"booklets": items, "laos": laos}, ensure_ascii=False, separators=(",", ":")) + "\n"


def publish(booklets_dir: Path, site_dir: Path, *, base_url: str | None = None,
            templates: Path | None = None) -> PublishResult:
    """Write the catalogue site of the booklets in ``booklets_dir`` to ``site_dir``."""
    booklets_dir, site_dir = Path(booklets_dir), Path(site_dir)
    manifest, booklets = read_manifest(booklets_dir)
    built_for = manifest.get("base_url")
    if base_url is None:
        if not built_for:
            raise InputError("the booklets were built without a base URL: give --base-url")
        base_url = built_for
    base_url = check_base_url(base_url)
    if built_for and check_base_url(built_for) != base_url:
        raise InputError(f"the booklets' QR codes point at {built_for}, not at {base_url}: build them again "
                         f"with `saraban booklet … --base-url {base_url}`, or publish without --base-url")
    if templates is not None and not Path(templates).is_dir():
        raise _fail("no such templates folder", Path(templates))
    env = _environment(templates)
    year = int(manifest["year_be"])
    national = [b for b in booklets if b.code == NATIONAL]
    regions: dict[str, list[Booklet]] = {}
    for b in sorted((b for b in booklets if b.code != NATIONAL), key=lambda b: (b.region_th, b.name_th)):
        regions.setdefault(b.region_th, []).append(b)
    common = {"year_be": year, "base_url": base_url, "synthetic": bool(manifest.get("synthetic")),
              "site_title": f"รายงานผลการประเมิน LPA ประจำปี พ.ศ. {year}", "dimensions": list(DIMENSIONS)}
    files: dict[str, bytes] = {}
    files["index.html"] = _render(env, "index.html.j2", {**common, "national": national,
                                                          "regions": regions, "count": len(booklets),
                                                          "page_url": f"{base_url}/"}).encode("utf-8")
    for b in booklets:
        files[b.page] = _render(env, "booklet.html.j2", {**common, "b": b,
                                                         "page_url": f"{base_url}/{b.page}"}).encode("utf-8")
        files[b.pdf] = b.source.read_bytes()
        if b.print_pdf and b.print_source:
            files[b.print_pdf] = b.print_source.read_bytes()
        files[b.thumb] = thumbnail(b.source)
    files["search.json"] = _search_index(booklets).encode("utf-8")
    files["sitemap.xml"] = _render(env, "sitemap.xml.j2", {**common, "booklets": booklets}).encode("utf-8")
    files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {base_url}/sitemap.xml\n".encode("ascii")
    for name in STATIC:
        files[name] = _static(templates, name)
    for name in FONT_FILES:
        files[name] = _font(name)
    with OutputSet(site_dir, what="site folder") as out:
        out.check_names(files)
        for name in sorted(files):
            out.write_bytes(name, files[name])
    return PublishResult(site_dir, len(booklets), len(files))


def links_of(html: str) -> list[str]:
    """The ``href`` and ``src`` values of a page (for checks of a published site)."""
    return re.findall(r'(?:href|src)="([^"]+)"', html)
