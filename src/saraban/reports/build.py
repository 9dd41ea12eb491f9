"""Stage *build* of the booklet pipeline (public): stories → PDF files, in parallel, with a manifest.

Each booklet is built twice: a measuring pass on a canvas that draws no text (it learns on which
page each section starts, for the contents) and the real pass; paragraph layouts are cached, so the
second pass costs mostly the drawing.  Provinces are spread over ``jobs`` processes.  Files are
written only when every booklet succeeded, each through a temporary file; ``manifest.json`` lists
file, province, pages, LAO count and SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing as mp
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from ..errors import InputError
from ..pdf.document import atomic_output, set_language
from ..thai.flowable import draw_paragraph
from ..thai.fonts import FontLibrary
from ..thai.layout import ParagraphStyle, Typesetter
from ..thai.numerals import to_thai_digits
from ..thai.shape import TextStyle
from .compose import (CM, FRAME_H, FRAME_W, HEADER_ROOM, MARGIN, NOTE_RED, PAGE_H, PAGE_W, Anchor,
                      BookletComposer)
from .load import Definition, find_sources, load_definition
from .model import BANGKOK, Dataset, provinces
from .sample import SYNTHETIC_NOTE
from .stats import league, report
from .validate import ValidationError, require_rows, validate, write_report

NATIONAL_NAME = "national.pdf"
MANIFEST_NAME = "manifest.json"
REPORT_NAME = "validation-report.txt"

#: Size of the running header and footer, TH points.
RUNNING_SIZE = 11


class _DryCanvas(Canvas):
    """The measuring pass: layout and page breaks as usual, no text drawn."""

    dry_run = True


class BookletDoc(BaseDocTemplate):
    """A4 booklet: a cover template and a body template with running header and footer."""

    def __init__(self, buffer, composer: BookletComposer, header: str, title: str, author: str):
        super().__init__(buffer, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + HEADER_ROOM, bottomMargin=MARGIN, title=title, author=author,
                         subject=header, creator="saraban", producer="saraban (reportlab)", lang="th-TH",
                         invariant=1)
        self.composer = composer
        self.header = header
        self.sections: dict[str, int] = {}
        frame = Frame(MARGIN, MARGIN, FRAME_W, FRAME_H, id="body", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        cover = Frame(MARGIN, MARGIN, FRAME_W, PAGE_H - 2 * MARGIN, id="cover", leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [cover], onPage=self._cover_page),
                               PageTemplate("body", [frame], onPage=self._body_page)])

    def _style(self, align: str, color=(0.3, 0.3, 0.3)) -> ParagraphStyle:
        c = self.composer
        return ParagraphStyle(TextStyle(family=c.family, size=RUNNING_SIZE, color=color), align=align)

    def _cover_page(self, canvas, doc) -> None:
        set_language(canvas, "th-TH")

    def _body_page(self, canvas, doc) -> None:
        ts = self.composer.ts
        top = PAGE_H - MARGIN + 0.2 * CM
        head = ts.layout_cached(self.header, self._style("right"), FRAME_W)
        draw_paragraph(canvas, head, MARGIN, top)
        canvas.saveState()
        canvas.setStrokeGray(0.6)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - head.height - 2, PAGE_W - MARGIN, top - head.height - 2)
        canvas.restoreState()
        number = ts.layout_cached(self.composer.digits(str(canvas.getPageNumber())), self._style("center"),
                                  FRAME_W)
        foot_top = MARGIN - 0.3 * CM
        draw_paragraph(canvas, number, MARGIN, foot_top)
        if self.composer.data.synthetic:
            note = ts.layout_cached(SYNTHETIC_NOTE, self._style("left", NOTE_RED), FRAME_W / 2)
            draw_paragraph(canvas, note, MARGIN, foot_top)

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


def _typesetter(definition: Definition) -> Typesetter:
    folders = [Path.cwd() / "fonts"]
    if definition.path is not None:
        folders.insert(0, definition.path.parent / "fonts")
    return Typesetter(FontLibrary(folders))


def _build(story_for, composer: BookletComposer, header: str, title: str, author: str) -> tuple[bytes, int]:
    dry = BookletDoc(io.BytesIO(), composer, header, title, author)
    dry.build(story_for(None), canvasmaker=_DryCanvas)
    buffer = io.BytesIO()
    doc = BookletDoc(buffer, composer, header, title, author)
    doc.build(story_for(dry.sections))
    if doc.sections != dry.sections:  # pragma: no cover - the passes lay out the same story
        raise RuntimeError("the contents changed between the measuring and the real pass")
    return buffer.getvalue(), doc.page


def build_province(code: str, dataset: Dataset, definition: Definition, composer: BookletComposer,
                   table) -> Built:
    prov = provinces()[code]
    rep = report(code, dataset, table)
    header = f"ผลการประเมิน LPA ประจำปี {composer.year()} — จังหวัด{prov.name_th}"
    title = f"{definition['title']} จังหวัด{prov.name_th} ประจำปี {composer.year()}"
    data, pages = _build(lambda pages: composer.province_story(rep, pages), composer, header, title,
                         definition["owner"])
    return Built(f"{code}.pdf", code, pages, len(rep.rows), data)


def build_national(dataset: Dataset, definition: Definition, composer: BookletComposer, table) -> Built:
    header = f"ผลการประเมิน LPA ประจำปี {composer.year()} — ระดับประเทศ"
    title = f"{definition['national_title']} ประจำปี {composer.year()}"
    data, pages = _build(lambda pages: composer.national_story(table, pages), composer, header, title,
                         definition["owner"])
    return Built(NATIONAL_NAME, "TH", pages, len(dataset.laos), data)


# -- parallel workers: the dataset is inherited by fork, not pickled per task ----------------------
_WORKER: dict = {}


def _init_worker(dataset: Dataset, definition: Definition) -> None:
    composer = BookletComposer(dataset, definition, _typesetter(definition))
    _WORKER.update(dataset=dataset, definition=definition, composer=composer, table=league(dataset))


def _work(code: str) -> Built:
    w = _WORKER
    if code == "TH":
        return build_national(w["dataset"], w["definition"], w["composer"], w["table"])
    return build_province(code, w["dataset"], w["definition"], w["composer"], w["table"])


@dataclass(frozen=True)
class BookletResult:
    files: tuple[Path, ...]
    pages: int
    laos: int
    warnings: int


def build_booklets(data: Sequence[Path], outdir: Path, *, province: str | None = None, all_provinces: bool = False,
                   year_be: int | None = None, jobs: int = 1, strict: bool = False,
                   definition_path: Path | None = None, progress: bool = False,
                   national: bool = True) -> BookletResult:
    """Validate the data, then build the asked booklets (one province, or every province with data)
    and the national booklet into ``outdir``."""
    outdir = Path(outdir)
    definition = load_definition(definition_path)
    sources = find_sources(data)
    try:
        dataset, findings = validate(sources, definition, year_be, strict)
    except ValidationError as exc:
        write_report(outdir / REPORT_NAME, exc.findings)
        raise
    write_report(outdir / REPORT_NAME, findings)
    if province:
        province = province.upper()
        if province not in provinces():
            raise InputError(f"unknown province {province!r} (use TH-NN, e.g. TH-50)")
        if province == BANGKOK:
            raise InputError("Bangkok (TH-10) is outside the LPA: there is no booklet to build")
        require_rows(dataset, province)
        codes = [province]
    elif all_provinces:
        codes = sorted({l.province_code for l in dataset.laos})
    else:
        raise InputError("say which booklets to build: --province TH-NN or --all")
    tasks = codes + (["TH"] if national else [])
    jobs = max(1, min(jobs, len(tasks), os.cpu_count() or 1))
    built: list[Built] = []
    bar = _bar(len(tasks), progress)
    if jobs == 1:
        _init_worker(dataset, definition)
        for code in tasks:
            built.append(_work(code))
            bar.update(1)
    else:
        ctx = mp.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker,
                                 initargs=(dataset, definition)) as pool:
            futures = [pool.submit(_work, code) for code in tasks]
            for future in as_completed(futures):
                built.append(future.result())
                bar.update(1)
    bar.close()
    order = {code: i for i, code in enumerate(tasks)}
    built.sort(key=lambda b: order[b.province])
    manifest = {"year_be": dataset.year_be, "synthetic": dataset.synthetic, "booklets": [
        {"file": b.name, "province": b.province,
         "name_th": provinces()[b.province].name_th if b.province in provinces() else "ประเทศไทย",
         "pages": b.pages, "laos": b.laos, "sha256": hashlib.sha256(b.data).hexdigest()} for b in built]}
    paths = []
    for b in built:
        with atomic_output(outdir / b.name) as tmp:
            tmp.write_bytes(b.data)
        paths.append(outdir / b.name)
    with atomic_output(outdir / MANIFEST_NAME) as tmp:
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    warnings = sum(f.level == "warning" for f in findings)
    return BookletResult(tuple(paths), sum(b.pages for b in built), len(dataset.laos), warnings)


class _NoBar:
    def update(self, n):
        pass

    def close(self):
        pass


def _bar(total: int, enabled: bool):
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc="booklets", unit="booklet", file=sys.stderr, leave=False)


def thai_page(n: int) -> str:
    return to_thai_digits(str(n))
