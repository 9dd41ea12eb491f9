"""Stage *build* of the booklet pipeline (public): stories → PDF files, in parallel, with a manifest.

Each booklet is built once with the section pages its composer predicts for the contents page
(cover, contents, summary, the LAO table's packed pages, …); when a section starts elsewhere, it is
built again with the pages found.  Provinces are spread over ``jobs`` processes.  Files are
written only when every booklet succeeded, each through a temporary file; ``manifest.json`` lists
file, province, pages, LAO count and SHA-256.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import io
import json
import multiprocessing as mp
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from ..errors import InputError, Location
from ..tables import check_encoding
from ..pdf import archive
from ..outputs import MARKER_NAME, OS_LITTER, OutputSet, _signals_deferred, write_file
from ..pdf.document import NO_FONT, set_language
from ..pdf.gc import BUILD_GC_THRESHOLD, relaxed_gc
from ..pdf.tags import FOOTER, HEADER, TaggedCanvas, finish, mark
from ..thai.flowable import draw_paragraph
from ..thai.fonts import FontLibrary
from ..thai.layout import ParagraphStyle, Typesetter
from ..thai.shape import TextStyle
from .compose import (CM, FRAME_H, FRAME_W, HEADER_ROOM, MARGIN, NOTE_RED, PAGE_H, PAGE_W, Anchor,
                      BookletComposer)
from .load import Definition, find_sources, load_definition
from .model import BANGKOK, Dataset, provinces
from .printing import PageMarker
from ..pdf.imposition import IMPOSITIONS, impose_saddle, print_name
from .sample import SYNTHETIC_NOTE
from .stats import league, report
from .glyphs import GlyphCheck
from .validate import ValidationError, check_year, report_text, require_rows, validate

NATIONAL_NAME = "national.pdf"
MANIFEST_NAME = "manifest.json"
REPORT_NAME = "validation-report.txt"

#: Size of the running header and footer, TH points.
RUNNING_SIZE = 11


class BookletDoc(BaseDocTemplate):
    """A4 booklet: a cover template and a body template with running header and footer."""

    def __init__(self, buffer, composer: BookletComposer, header: str, title: str, author: str):
        super().__init__(buffer, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + HEADER_ROOM, bottomMargin=MARGIN, title=title, author=author,
                         subject=header, creator="saraban", producer="saraban (reportlab)", lang="th-TH",
                         invariant=1, initialFontName=NO_FONT)
        self.composer = composer
        self.header = header
        self.sections: dict[str, int] = {}
        frame = Frame(MARGIN, MARGIN, FRAME_W, FRAME_H, id="body", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        cover = Frame(MARGIN, MARGIN, FRAME_W, PAGE_H - 2 * MARGIN, id="cover", leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        blank = Frame(MARGIN, MARGIN, FRAME_W, FRAME_H, id="blank", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [cover], onPage=self._cover_page),
                               PageTemplate("body", [frame], onPage=self._body_page,
                                            onPageEnd=self._body_page_end),
                               PageTemplate("blank", [blank], onPage=self._cover_page,
                                            onPageEnd=self._blank_page_end)])

    def handle_flowable(self, flowables) -> None:  # noqa: D102 - reportlab's hook
        # right-hand starts and the back cover need the page they are reached on (see printing)
        if flowables and isinstance(flowables[0], PageMarker):
            flowables[0:1] = flowables[0].expand(self.page, self.composer.blank_page_note)
            return
        super().handle_flowable(flowables)

    def _style(self, align: str, color=(0.3, 0.3, 0.3)) -> ParagraphStyle:
        c = self.composer
        return ParagraphStyle(TextStyle(family=c.family, size=RUNNING_SIZE, color=color), align=align)

    def _cover_page(self, canvas, doc) -> None:
        set_language(canvas, "th-TH")

    def _body_page(self, canvas, doc) -> None:
        """The running header, drawn before the page's content (reading order: header, content,
        footer)."""
        ts = self.composer.ts
        top = PAGE_H - MARGIN + 0.2 * CM
        head = ts.layout_cached(self.header, self._style("right"), FRAME_W)
        with mark(canvas, HEADER):
            draw_paragraph(canvas, head, MARGIN, top)
            canvas.saveState()
            canvas.setStrokeGray(0.6)
            canvas.setLineWidth(0.5)
            canvas.line(MARGIN, top - head.height - 2, PAGE_W - MARGIN, top - head.height - 2)
            canvas.restoreState()

    def _body_page_end(self, canvas, doc) -> None:
        """The footer — synthetic-data note and page number — after the page's content."""
        ts = self.composer.ts
        number = ts.layout_cached(self.composer.digits(str(canvas.getPageNumber())), self._style("center"),
                                  FRAME_W)
        foot_top = MARGIN - 0.3 * CM
        with mark(canvas, FOOTER):
            if self.composer.data.synthetic:
                note = ts.layout_cached(SYNTHETIC_NOTE, self._style("left", NOTE_RED), FRAME_W / 2)
                draw_paragraph(canvas, note, MARGIN, foot_top)
            draw_paragraph(canvas, number, MARGIN, foot_top)

    def _blank_page_end(self, canvas, doc) -> None:
        """An intentionally blank page: no header or folio, the synthetic-data note kept."""
        if self.composer.data.synthetic:
            note = self.composer.ts.layout_cached(SYNTHETIC_NOTE, self._style("left", NOTE_RED), FRAME_W / 2)
            with mark(canvas, FOOTER):
                draw_paragraph(canvas, note, MARGIN, MARGIN - 0.3 * CM)

    def afterFlowable(self, flowable) -> None:  # noqa: N802 - reportlab's name
        if isinstance(flowable, Anchor):
            self.sections[flowable.section.key] = self.page


@dataclass(frozen=True)
class Built:
    name: str
    province: str
    pages: int
    laos: int
    data: bytes
    title: str = ""
    #: the numbers of the summary, for the catalogue site (``manifest.json``)
    figures: tuple[tuple[str, object], ...] = ()
    #: the saddle-stitch print file (``--imposition saddle``), when asked for
    print_data: bytes | None = None
    #: the LAOs of a province booklet (code, name, district, overall, band), for the site's pages
    #: and its search
    lao_rows: tuple[tuple, ...] = ()


def _typesetter(definition: Definition) -> Typesetter:
    folders = [Path.cwd() / "fonts"]
    if definition.path is not None:
        folders.insert(0, definition.path.parent / "fonts")
    return Typesetter(FontLibrary(folders))


def _build(story_for, composer: BookletComposer, header: str, title: str, author: str,
           tagged: bool = True, archival: archive.Archival | None = None) -> tuple[bytes, int]:
    """Build once with the predicted section pages; if a section started elsewhere, build again
    with the pages found (layouts are cached, so the second build costs mostly drawing).  The
    booklet is tagged (:mod:`saraban.pdf.tags`) unless ``tagged`` is False, then finished as
    ``archival`` says (:func:`booklet_archival`; None: plain PDF)."""
    pages = None
    for _attempt in range(3):
        story, shown = story_for(pages)
        buffer = io.BytesIO()
        doc = BookletDoc(buffer, composer, header, title, author)
        doc.build(story, canvasmaker=TaggedCanvas if tagged else Canvas)
        if doc.sections == shown:
            plain = archival is None or archival.standard == "none"
            data = finish(doc.canv, buffer.getvalue(), compact_large=plain)
            if not plain:   # every page labelled with the number it prints (the cover's is not printed)
                labels = tuple(composer.digits(str(n)) for n in range(1, doc.page + 1))
                data = archive.finish(data, replace(archival, title=title, creator=author,
                                                    description=header, labels=labels))
            return data, doc.page
        pages = dict(doc.sections)
    raise RuntimeError(f"the contents of {title!r} do not settle")  # pragma: no cover


def booklet_archival(standard: str | None, name: str, data: bytes, what: str) -> archive.Archival:
    """A booklet's archival settings: PDF/A-3u with its rows as an embedded CSV (saraban's
    default), or ``standard`` "none"; "a-2u" leaves the data out (PDF/A-2 embeds no CSV)."""
    from .embedded import data_attachment

    standard = standard or "a-3u"
    attachments = (data_attachment(name, data, what),) if standard == "a-3u" else ()
    return archive.Archival(standard=standard, attachments=attachments)


def build_province(rep, composer: BookletComposer, definition: Definition, tagged: bool = True,
                   standard: str | None = None) -> Built:
    from .embedded import province_csv

    prov = provinces()[rep.province]
    header = f"ผลการประเมิน LPA ประจำปี {composer.year()} — จังหวัด{prov.name_th}"
    title = f"{definition['title']} จังหวัด{prov.name_th} ประจำปี {composer.year()}"
    archival = None if standard == "none" else booklet_archival(
        standard, f"{rep.province}.csv", province_csv(rep), f"ผลการประเมินรายองค์กรปกครองส่วนท้องถิ่น จังหวัด{prov.name_th}")
    data, pages = _build(lambda pages: composer.province_story(rep, pages), composer, header, title,
                         definition["owner"], tagged, archival)
    rows = tuple((r.lao.dla_code, r.lao.display_name, r.lao.district_th,
                  round(r.score.overall, 2) if r.score else None, r.score.band if r.score else None)
                 for r in rep.rows)
    return Built(f"{rep.province}.pdf", rep.province, pages, len(rep.rows), data, title,
                 summary_figures(rep.figures, rep.rank, rep.ranked_provinces), lao_rows=rows)


def build_national(table, composer: BookletComposer, definition: Definition, tagged: bool = True,
                   standard: str | None = None) -> Built:
    from .embedded import national_csv

    header = f"ผลการประเมิน LPA ประจำปี {composer.year()} — ระดับประเทศ"
    title = f"{definition['national_title']} ประจำปี {composer.year()}"
    archival = None if standard == "none" else booklet_archival(
        standard, "national.csv", national_csv(table), "ผลการประเมินรายจังหวัด")
    data, pages = _build(lambda pages: composer.national_story(table, pages), composer, header, title,
                         definition["owner"], tagged, archival)
    return Built(NATIONAL_NAME, "TH", pages, table.national.laos, data, title,
                 summary_figures(table.national, None, len(table.ranks)))


def summary_figures(f, rank: int | None, ranked: int) -> tuple[tuple[str, object], ...]:
    """The summary box's numbers, unformatted (the site formats them)."""
    def r2(v):
        return None if v is None else round(float(v), 2)

    return (("laos", f.laos), ("assessed", f.assessed), ("passed", f.passed), ("pass_percent", r2(f.pass_percent)),
            ("mean_overall", r2(f.mean_overall)), ("rank", rank), ("ranked_provinces", ranked),
            ("satisfaction_percent", r2(f.satisfaction_mean * 20) if f.satisfaction_mean else None),
            ("dimension_means", [r2(v) for v in f.dimension_means]))


# -- workers ------------------------------------------------------------------------------------
# Processes are started before the data is validated and warm up meanwhile (dictionary trie, fonts);
# each task then carries only what its booklet prints (a province's Report, or the League).
_WORKER: dict = {}

#: prctl(2) option: the signal a process receives when the thread that forked it ends.
PR_SET_PDEATHSIG = 1
#: Without prctl (not Linux), how often a worker looks whether its parent is still there, seconds.
PARENT_POLL_SECONDS = 1.0


#: Environment variable that chooses how worker processes start (``fork`` or ``spawn``); the tests
#: run the spawn path of Windows and macOS with it on Linux.
START_METHOD_ENV = "SARABAN_START_METHOD"
#: The start methods workers support.  Not ``forkserver``: its workers are children of the fork
#: server, not of the command, so they could not tell that the command has ended.
START_METHODS = ("fork", "spawn")


def start_method() -> str:
    """How ``--jobs`` workers start.  ``fork`` on Linux: a worker exists in milliseconds and
    shares the parent's loaded modules.  Elsewhere ``spawn`` — Windows has no fork, and macOS's
    system libraries are not safe to fork — which starts each worker as a fresh interpreter that
    imports saraban and warms up while the data is checked (measured in benchmarks/booklets.py
    with ``--start-method``).  :data:`START_METHOD_ENV` overrides the choice."""
    available = [m for m in mp.get_all_start_methods() if m in START_METHODS]
    wanted = os.environ.get(START_METHOD_ENV, "").strip()
    if wanted:
        if wanted not in available:
            raise InputError(f"{START_METHOD_ENV}={wanted!r}: processes here start by "
                             f"{', '.join(available)}")
        return wanted
    return "fork" if sys.platform.startswith("linux") and "fork" in available else "spawn"


def _die_with_parent(parent: int) -> None:
    """Make this worker end when the command's process ends, however it ends (a SIGKILL included:
    a killed parent used to leave its workers building for minutes).  On Linux the kernel sends
    SIGKILL (prctl PR_SET_PDEATHSIG); elsewhere a thread checks the parent every second.  Ctrl-C
    is left to the parent, which stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)   # not the command's handler (saraban.cli)
    if hasattr(signal, "pthread_sigmask"):          # started while the parent held them back
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD_WHILE_STARTING)
    armed = False
    if sys.platform.startswith("linux"):
        try:
            armed = ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent ended before the signal was armed
        os._exit(1)
    if not armed:
        def watch() -> None:
            while os.getppid() == parent:
                threading.Event().wait(PARENT_POLL_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, name="saraban-parent-watch", daemon=True).start()


def _warm(definition: Definition, parent: int | None = None) -> None:
    if parent is not None:
        _die_with_parent(parent)
    gc.set_threshold(BUILD_GC_THRESHOLD)  # a worker process only builds (see saraban.pdf.gc)
    ts = _typesetter(definition)
    ts.segmenter.segment("การประเมินประสิทธิภาพ", [])   # builds the dictionary trie
    ts.library.family(definition.get("font"))            # scans and loads the fonts
    import numpy  # noqa: F401 - the QR codes' mask scoring (saraban.pdf.qr), loaded while the data is checked
    _WORKER.update(definition=definition, typesetter=ts, composers={})


def _composer(meta: Dataset) -> BookletComposer:
    key = (meta.year_be, meta.synthetic, meta.source, meta.data_date)
    composer = _WORKER["composers"].get(key)
    if composer is None:
        composer = _WORKER["composers"][key] = BookletComposer(meta, _WORKER["definition"], _WORKER["typesetter"])
    return composer


def _work(task) -> Built:
    kind, payload, meta, imposition, tagged, standard = task
    composer = _composer(meta)
    if kind == "national":
        built = build_national(payload, composer, _WORKER["definition"], tagged, standard)
    else:
        built = build_province(payload, composer, _WORKER["definition"], tagged, standard)
    if imposition == "saddle":
        printed = impose_saddle(built.data, title=built.title)
        if standard != "none":   # the print file is PDF/A-2u too (no data: the booklet carries it)
            printed = archive.finish(printed, print_archival(built.data))
        built = replace(built, print_data=printed)
    return built


def print_archival(booklet: bytes) -> archive.Archival:
    """The print file's archival settings: PDF/A-2u with the booklet's title, agency and subject.
    It is not tagged — an imposition for the printer, two pages on a side in folding order; the
    booklet beside it is the document to read (docs/archiving.md)."""
    from pypdf import PdfReader

    info = PdfReader(io.BytesIO(booklet)).metadata or {}
    return archive.Archival(standard="a-2u", title=str(info.get("/Title", "")), creator=str(info.get("/Author", "")),
                            description=str(info.get("/Subject", "")))


def _noop() -> None:
    return None


@dataclass(frozen=True)
class BookletResult:
    files: tuple[Path, ...]
    pages: int
    laos: int
    warnings: int


def build_booklets(data: Sequence[Path], outdir: Path, *, province: str | None = None, all_provinces: bool = False,
                   year_be: int | None = None, jobs: int = 1, strict: bool = False,
                   definition_path: Path | None = None, progress: bool = False,
                   national: bool = True, encoding: str | None = None, imposition: str | None = None,
                   base_url: str | None = None, tagged: bool = True, standard: str | None = None) -> BookletResult:
    """Validate the data, then build the asked booklets (one province, or every province with data)
    and the national booklet into ``outdir``.  ``encoding`` names the encoding of CSV files that
    are not UTF-8 (default: cp874, checked for plausible Thai).  ``imposition="saddle"`` writes a
    print file beside each booklet (see :mod:`saraban.pdf.imposition`); ``base_url`` replaces the
    definition's (the catalogue site the QR codes point at).  ``tagged=False`` leaves out the
    structure tree (for comparisons; saraban's PDFs are tagged).  ``standard``: PDF/A-3u with the
    rows embedded as CSV (the default), "a-2u" without them, or "none" (plain PDF)."""
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise InputError("-o names an existing file, but a booklet folder is needed: give a folder",
                         Location(str(outdir)))
    definition = load_definition(definition_path)
    if base_url is not None:
        definition = replace(definition, values={**definition.values, "base_url": check_base_url(base_url)})
    else:
        check_base_url(definition["base_url"])       # the definition's own: its QR codes too
    if imposition is not None and imposition not in IMPOSITIONS:
        raise InputError(f"--imposition {imposition}: known impositions: {', '.join(IMPOSITIONS)}")
    if province is None and not all_provinces:
        raise InputError("say which booklets to build: --province TH-NN or --all")
    if jobs < 1:
        raise InputError(f"--jobs {jobs}: the number of processes is 1 or more")
    if year_be is not None:
        year_be = check_year(year_be)
    if encoding is not None:
        encoding = check_encoding(encoding)
    jobs = min(jobs, os.cpu_count() or 1)
    pool = None
    if jobs > 1:
        pool = _start_pool(jobs, definition)
    done = False
    try:
        with relaxed_gc():
            result = _run(data, outdir, definition, province, all_provinces, year_be, strict, national,
                          progress, pool, encoding, imposition, tagged, standard)
        done = True
        return result
    finally:
        if pool is not None:
            _stop_pool(pool, wait=done)


#: Signals that stop the command (Ctrl-C, ``kill``), held back while the workers start.
_HELD_WHILE_STARTING = {signal.SIGINT, getattr(signal, "SIGTERM", signal.SIGINT)}


def _start_pool(jobs: int, definition: Definition) -> ProcessPoolExecutor:
    """``jobs`` worker processes, started now (see :func:`start_method`): they warm up while the
    data is checked.  They ignore Ctrl-C (it is the parent's to handle) and die with the parent."""
    pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context(start_method()), initializer=_warm,
                               initargs=(definition, os.getpid()))
    main = threading.current_thread() is threading.main_thread()
    # Ctrl-C and SIGTERM are held back while the workers start, so that they start with them
    # blocked; blocked, not ignored, so that one arriving in this moment still stops the command
    # afterwards (it was lost), once the pool is whole — a SIGTERM inside submit() left a pool
    # that could not be shut down ("cannot join thread before it is started": exit 1, a traceback)
    masking = main and hasattr(signal, "pthread_sigmask")
    if masking:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_WHILE_STARTING)
    elif main:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        # the mask alone does not hold back a signal that another thread of the command receives
        # (Python runs the handler in the main thread all the same): deferred here as well
        with _signals_deferred():
            try:
                for _ in range(jobs):
                    pool.submit(_noop)
            finally:
                if masking:
                    signal.pthread_sigmask(signal.SIG_SETMASK, previous)
                elif main:
                    signal.signal(signal.SIGINT, previous)
    except BaseException:
        with contextlib.suppress(Exception):   # the interruption is what the user must see
            _stop_pool(pool, wait=False)
        raise
    return pool


def _stop_pool(pool: ProcessPoolExecutor, wait: bool) -> None:
    """After a finished run, let the workers end; after an error or Ctrl-C, kill them at once
    (the queued booklets are of no use any more)."""
    if not wait:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            if process.is_alive():
                process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _run(data, outdir, definition, province, all_provinces, year_be, strict, national, progress,
         pool, encoding=None, imposition=None, tagged=True, standard=None) -> BookletResult:
    sources = find_sources(data)
    glyphs = GlyphCheck(_typesetter(definition).library, definition.get("font"))
    try:
        dataset, findings = validate(sources, definition, year_be, strict, glyphs, encoding)
    except ValidationError as exc:
        exc.report = _failure_report(outdir, report_text(exc.findings))
        raise
    if province:
        province = province.upper()
        if province not in provinces():
            raise InputError(f"unknown province {province!r} (use TH-NN, e.g. TH-50)")
        if province == BANGKOK:
            raise InputError("Bangkok (TH-10) is outside the LPA: there is no booklet to build")
        require_rows(dataset, province)
        codes = [province]
    else:
        codes = sorted({l.province_code for l in dataset.laos})
    table = league(dataset)
    meta = replace(dataset, laos=(), lpa={}, surveys={})
    # largest first (the national booklet, then provinces by LAO count): with several processes
    # the last task to finish is then a small one
    sizes = {code: len(dataset.laos_of(code)) for code in codes}

    names = ([NATIONAL_NAME] if national else []) + [f"{code}.pdf" for code in codes]
    if imposition is not None:
        names += [print_name(name) for name in names]
    out = OutputSet(outdir, what="booklet folder")
    out.check_names(names + [MANIFEST_NAME, REPORT_NAME])   # before the first booklet is built

    def tasks():
        # a generator: each task goes to the workers as soon as its report is made
        if national:
            yield ("national", table, meta, imposition, tagged, standard)
        for code in sorted(codes, key=lambda c: (-sizes[c], c)):
            yield ("province", report(code, dataset, table), meta, imposition, tagged, standard)

    built: list[Built] = []
    bar = _bar(len(codes) + bool(national), progress)
    if pool is None:
        _warm(definition)
        for task in tasks():
            built.append(_work(task))
            bar.update(1)
    else:
        for future in as_completed([pool.submit(_work, task) for task in tasks()]):
            built.append(future.result())
            bar.update(1)
    bar.close()
    order = {code: i for i, code in enumerate(codes + ["TH"])}
    built.sort(key=lambda b: order[b.province])
    manifest = {"year_be": dataset.year_be, "synthetic": dataset.synthetic,
                "base_url": definition["base_url"], "booklets": [
        {"file": b.name, "province": b.province,
         "name_th": provinces()[b.province].name_th if b.province in provinces() else "ประเทศไทย",
         "pages": b.pages, "laos": b.laos, "sha256": hashlib.sha256(b.data).hexdigest(), "title": b.title,
         "bytes": len(b.data), "figures": dict(b.figures)} | _print_entry(b) | _lao_entry(b) for b in built]}
    paths = []
    with out:   # the folder is swapped whole: the old set or the new one, never a mix
        for b in built:
            paths.append(out.write_bytes(b.name, b.data))
            if b.print_data is not None:
                out.write_bytes(print_name(b.name), b.print_data)
        out.write_text(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        out.write_text(REPORT_NAME, report_text(findings))
    warnings = sum(f.level == "warning" for f in findings)
    return BookletResult(tuple(paths), sum(b.pages for b in built), len(dataset.laos), warnings)


def _failure_report(outdir: Path, text: str) -> Path | None:
    """Where the report of data that failed validation goes: into ``outdir`` when it holds no
    booklets (new, empty, or only an earlier report), else beside it as
    ``OUTDIR.validation-report.txt`` — the booklets of the last good run stay as they were."""
    inside = outdir.is_dir() and not any(p.name not in (REPORT_NAME, MARKER_NAME) and p.name not in OS_LITTER
                                         for p in outdir.iterdir())
    if inside or not outdir.exists():
        with contextlib.suppress(InputError):
            with OutputSet(outdir, what="booklet folder") as out:
                out.check_names([REPORT_NAME])
                out.write_text(REPORT_NAME, text)
            return outdir / REPORT_NAME
    beside = outdir.parent / f"{outdir.name}.{REPORT_NAME}"
    try:
        write_file(beside, text.encode("utf-8"))
    except InputError:   # nowhere to write it: the message lists the errors anyway
        return None
    return beside


def _print_entry(b: Built) -> dict:
    """The manifest's entry of a booklet's print file (none without ``--imposition``)."""
    if b.print_data is None:
        return {}
    return {"print": {"file": print_name(b.name), "imposition": "saddle",
                      "sha256": hashlib.sha256(b.print_data).hexdigest()}}


def _lao_entry(b: Built) -> dict:
    """The LAO rows of a province booklet in the manifest (none for the national booklet)."""
    return {"lao_rows": [list(r) for r in b.lao_rows]} if b.lao_rows else {}


#: Longest catalogue address: a booklet's QR code holds it and a page name of some 50 characters,
#: and a code of 250 bytes still prints with modules of 0.5 mm on the back cover.
MAX_BASE_URL_BYTES = 200


def check_base_url(url: str) -> str:
    """The catalogue site's address: http(s), no query or fragment (page names are appended)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InputError(f"--base-url {url!r}: give the site's address, as https://www.example.go.th/ebook/lpa")
    if len(url.encode("utf-8")) > MAX_BASE_URL_BYTES:
        raise InputError(f"the catalogue address (base_url) is {len(url.encode('utf-8')):,} bytes long: the "
                         f"booklets' QR codes hold it, so it may have at most {MAX_BASE_URL_BYTES:,} — give "
                         "the site a shorter address")
    return url.rstrip("/")


def _bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="booklets", unit="booklet", file=sys.stderr, leave=False,
                disable=not enabled)
