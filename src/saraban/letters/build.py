"""The letter pipeline wired together (public): spec → render → layout → write.

``build_letters(spec, output)`` makes one PDF, or — with ``[merge]`` — one PDF per data row, a
combined PDF of all of them with a bookmark per recipient and the distribution list at the end, and
the distribution list on its own.  Nothing is written unless every letter succeeded, and a merge
replaces its folder as a whole (:class:`saraban.outputs.OutputSet`): the folder holds the old set
or the new one, never a mix, even when the run is killed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

import jinja2

from ..errors import InputError, Location, MissingGlyphError
from ..outputs import OutputSet, check_file, fold_name, staged_file
from ..pdf.gc import relaxed_gc
from ..tables import Row, Table, read_table
from ..thai.fonts import FontLibrary
from ..thai.layout import Typesetter
from .layout import LetterComposer
from .plan import DocumentPlan
from ..templates import Templates, template_cells
from .render import Letter, render_letter
from .numbering import OutputFile, Publish, issuing
from .spec import LetterSpec, load_spec
from ..pdf.archive import DEFAULT_STANDARD
from .write import render_documents

COMBINED_NAME = "combined.pdf"
DISTRIBUTION_NAME = "distribution-list.pdf"
CIRCULAR_NAME = "circular.pdf"

#: The register's ถึง of a merge whose top level names no recipient: its distribution list.
LIST_RECIPIENT = "ตามบัญชีรายชื่อแนบท้าย"

#: Characters not allowed in file names on Windows, macOS or Linux.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class BuildResult:
    files: tuple[Path, ...]
    letters: int
    pages: int
    number: str | None = None      # the number issued from the register, if the spec asked for one


def typesetter_for(spec: LetterSpec) -> Typesetter:
    """Fonts from the letter's ``fonts/`` folder, its office's ``fonts/`` (beside ``office.toml``),
    the current folder's ``fonts/``, then the rest."""
    from .spec import find_office

    office = find_office(spec.path)
    folders = [spec.folder / "fonts", *([office.parent / "fonts"] if office else []), Path.cwd() / "fonts"]
    return Typesetter(FontLibrary(list(dict.fromkeys(folders))))


def sheet_hint(spec: LetterSpec, table: Table) -> str:
    """For a workbook of several sheets: which sheet was read and which exist, and how to name
    another (a table on the second sheet is the common slip); empty otherwise."""
    if len(table.sheets) < 2:
        return ""
    shown = ", ".join(repr(s) for s in table.sheets)
    chosen = "" if spec.merge.sheet else " (the first)"
    return (f"; read from the sheet {table.sheet!r}{chosen} of a workbook with the sheets {shown}: "
            "name the sheet with the data in [merge], e.g. sheet = " + repr(next(
                (s for s in table.sheets if s != table.sheet), table.sheet)).replace("'", '"'))


def merge_rows(spec: LetterSpec, templates: Templates) -> tuple[Table, list[Row]]:
    """The merge table's rows, filtered by ``where`` and ordered by ``order_by``."""
    merge = spec.merge
    assert merge is not None
    try:
        table = read_table(merge.data, merge.sheet, encoding=merge.encoding)
    except InputError as exc:
        if exc.location and exc.location.line is None and exc.message == "no such file":
            raise InputError(f"merge data file not found: {str(merge.data)!r}", spec.at("merge.data")) from exc
        raise
    rows = list(table.rows)
    if merge.where:
        try:
            test = templates.env.compile_expression(merge.where, undefined_to_none=False)
        except jinja2.TemplateSyntaxError as exc:
            raise InputError(f"merge.where is not an expression: {exc.message}", spec.at("merge.where")) from exc
        kept = []
        for row in rows:
            try:
                ok = test(**row.values)
            except jinja2.UndefinedError as exc:
                raise InputError(f"merge.where: {exc.message}; columns: {', '.join(table.columns)}"
                                 f"{sheet_hint(spec, table)}",
                                 spec.at("merge.where")) from exc
            if ok:
                kept.append(row)
        rows = kept
    if merge.order_by:
        if merge.order_by not in table.columns:
            raise InputError(f"merge.order_by: no column {merge.order_by!r}; columns: {', '.join(table.columns)}"
                             f"{sheet_hint(spec, table)}",
                             spec.at("merge.order_by"))
        from pythainlp.util import collate

        order = {v: i for i, v in enumerate(collate(sorted({r[merge.order_by] for r in rows})))}
        rows.sort(key=lambda r: order[r[merge.order_by]])
    if not rows:
        raise InputError(("the merge data has no rows (after merge.where)" if merge.where else
                          "the merge data has no rows (only a header line)") + sheet_hint(spec, table),
                         table.at())
    return table, rows


def _file_names(spec: LetterSpec, table: Table, rows: Sequence[Row], templates: Templates) -> list[str]:
    merge = spec.merge
    width = len(str(len(rows)))
    if merge.filename:
        pattern = merge.filename
    elif merge.key:
        pattern = "{{ " + merge.key + " }}"
    elif "code" in table.columns:
        pattern = "{{ code }}"
    else:
        pattern = None
    names, seen = [], {}
    for i, row in enumerate(rows, start=1):
        if pattern is None:
            name = f"{i:0{width}d}"
        else:
            cells = template_cells(row.values, lambda column, row=row: table.at(row, column))
            name = templates.render(pattern, {**cells, "index": i}, spec.at("merge.filename"))
        name = _UNSAFE.sub("-", name).strip(" .") or f"{i:0{width}d}"
        if name.lower() in (COMBINED_NAME[:-4], DISTRIBUTION_NAME[:-4], CIRCULAR_NAME[:-4]):
            name = f"letter-{name}"
        key = fold_name(name)
        if key in seen:
            first, line = seen[key]
            same = "" if first == name else f" ({first!r} and {name!r} are one file on Windows and macOS)"
            raise InputError(f"file name {name!r} is made twice (rows {line} and {row.line}){same}; "
                             "set merge.filename to a pattern that is unique per row", table.at(row))
        seen[key] = (name, row.line)
        names.append(name)
    return names


def _output_path(output: Path, spec: LetterSpec) -> Path:
    if output.suffix.lower() == ".pdf":
        return output
    return output / f"{spec.path.stem}.pdf"


def glyph_place(spec: LetterSpec, char: str, table: Table | None = None, row: Row | None = None) -> Location:
    """Where a character no font has was typed: the data cell of the row that holds it, else the
    line of the spec (or of its office file, or its body file) that does."""
    if row is not None and table is not None:
        for column, value in row.values.items():
            if char in str(value):
                return table.at(row, column)
    sources = [(spec.path, spec.source.text)]
    if spec.office is not None:
        sources.append((spec.office.path, spec.office.text))
    if spec.body_origin.file not in (None, spec.path):
        sources.append((Path(spec.body_origin.file), spec.body))
    for path, text in sources:
        for number, line in enumerate(text.splitlines(), start=1):
            if char in line:
                return Location(path, number)
    return table.at(row) if row is not None and table is not None else Location(spec.path)


def compose_located(composer: LetterComposer, letter: Letter, spec: LetterSpec,
                    table: Table | None = None, row: Row | None = None) -> DocumentPlan:
    """``composer.compose(letter)``; a character no font has is an error at the cell or line
    where it was typed (an emoji in a name), not only in the text it is in."""
    try:
        return composer.compose(letter)
    except MissingGlyphError as exc:
        raise glyph_error(exc, spec, table, row) from exc


def glyph_error(exc: MissingGlyphError, spec: LetterSpec, table: Table | None = None,
                row: Row | None = None) -> InputError:
    """The error of a character no font has, at the cell or line where it was typed (the PDF's
    and the Word writer's)."""
    return InputError(f"{exc}: no font of the letter has this character (an emoji or a symbol?); "
                      "remove it, or put a font that has it in fonts/ beside the letter",
                      glyph_place(spec, exc.char, table, row))


def compose_letters(spec: LetterSpec, composer: LetterComposer | None, progress: Callable | None = None,
                    out: OutputSet | None = None, formats: Sequence[str] = ("pdf",)
                    ) -> tuple[list[Letter], list[DocumentPlan], list[str]]:
    """Render and lay out every letter of the spec (one, or one per merge row).  With ``out``, a
    merge's file names (of ``formats``) are checked against it before the first letter is
    composed.  Without a composer the letters are only rendered (for the Word writer)."""
    templates = Templates()
    forms: dict = {}
    if spec.merge is None:
        letter = render_letter(spec, None, templates=templates, forms=forms)
        return [letter], [compose_located(composer, letter, spec)] if composer else [], [spec.path.stem]
    table, rows = merge_rows(spec, templates)
    try:
        names = _file_names(spec, table, rows, templates)
    except InputError as exc:
        if "is undefined" not in exc.message or not sheet_hint(spec, table):
            raise
        raise InputError(exc.message + sheet_hint(spec, table), exc.location) from exc
    if out is not None:
        from ..docx.build import docx_names

        sources = {}
        extra = []
        if "pdf" in formats:
            sources.update({f"{n}.pdf": table.at(row) for n, row in zip(names, rows)})
            extra += [COMBINED_NAME, DISTRIBUTION_NAME, CIRCULAR_NAME]
        if "docx" in formats:
            sources.update({f"{n}.docx": table.at(row) for n, row in zip(names, rows)})
            extra += docx_names()
        out.check_names(list(sources) + extra, sources=sources)
    letters, plans = [], []
    iterator = progress(rows) if progress else rows
    for i, row in enumerate(iterator, start=1):
        try:
            letter = render_letter(spec, row, templates=templates, index=i, forms=forms, table=table)
        except InputError as exc:
            if exc.location is not None and exc.location.file == table.path:
                raise    # already at the row's cell
            hint = sheet_hint(spec, table) if "is undefined" in exc.message else ""
            raise InputError(f"{exc.message} (merge row: {table.path.name} {table.at(row).unit} {row.line})"
                             f"{hint}", exc.location) from exc
        letter = replace(letter, key=names[i - 1])
        letters.append(letter)
        if composer is not None:
            plans.append(compose_located(composer, letter, spec, table, row))
    return letters, plans, names


def write_together(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write a single letter's files (its PDF and its DOCX) all or none: each is staged beside its
    place, and they are renamed into place only when every one is written."""
    import contextlib

    with contextlib.ExitStack() as stack:
        staged = [(stack.enter_context(staged_file(path)), path, data) for path, data in files]
        for tmp, path, data in staged:
            try:
                tmp.write_bytes(data)
            except OSError as exc:
                raise InputError(f"cannot write: {exc.strerror or exc}", Location(str(path))) from exc


def has_distribution_list(letters: Sequence[Letter]) -> bool:
    """Whether a merge's letters go out with a distribution list (and a circular): only letters
    addressed to someone (เรียน …) do.  A merge of orders, announcements or certificates — kinds
    with no recipient — gives its documents and the combined file, not a list of empty lines."""
    return any(letter.recipient for letter in letters)


def circular_letter(spec: LetterSpec) -> Letter | None:
    """The letter as written at the top level (e.g. to "ผู้ว่าราชการจังหวัด ทุกจังหวัด"), to go out
    once with the distribution list; None when the top level itself uses the merge's columns."""
    try:
        return replace(render_letter(spec, None, apply_merge=False), key="circular")
    except InputError:
        return None


def _circular(spec: LetterSpec, composer: LetterComposer) -> DocumentPlan | None:
    letter = circular_letter(spec)
    if letter is None:
        return None
    return replace(compose_located(composer, letter, spec), label=letter.recipient)


def signer_for(spec: LetterSpec):
    """The signer of ``signatory.certificate`` (a PKCS#12 file beside the spec), or None."""
    signatory = spec.values.get("signatory", {})
    if not signatory.get("certificate"):
        return None
    from ..sign.pades import PASSWORD_VARIABLE, SignatureSettings, load_signer

    return load_signer(SignatureSettings(
        certificate=spec.folder / signatory["certificate"],
        password_variable=signatory.get("password_env", PASSWORD_VARIABLE),
        timestamp_url=signatory.get("timestamp"), where=spec.at("signatory.certificate")))


#: The signature field over the signature block: at least this wide (cm), and reaching this far
#: above the top of "(name)" (cm) — the form leaves about four lines (2.5 cm) for the signature.
SIGNATURE_FIELD_MIN_WIDTH_CM = 6.0
SIGNATURE_SPACE_CM = 2.0
#: Room left around the printed block inside the field (cm).
SIGNATURE_FIELD_MARGIN_CM = 0.2


def signature_place(plans: Sequence[DocumentPlan]) -> tuple[int, tuple[float, float, float, float]] | None:
    """(page index, box) of the first signature block of a document — from the top of the space
    above "(name)" down to the last position line — or None (a distribution list)."""
    from .plan import TextLines

    cm = 72 / 2.54
    index = 0
    for plan in plans:
        for page in plan.pages:
            block = [i for i in page.items if isinstance(i, TextLines) and i.role in ("signature-typed", "signatory", "position")]
            names = [i for i in block if i.role == "signatory"]
            if names:
                name = names[0]
                line = name.lines[0]
                centre = name.x + line.x + line.width / 2
                half = max(max(i.x + l.x + l.width for i in block for l in i.lines) - centre,
                           centre - min(i.x + l.x for i in block for l in i.lines), SIGNATURE_FIELD_MIN_WIDTH_CM * cm / 2)
                bottom = min(i.top - i.layout.pitch * len(i.lines) for i in block)
                top = max(i.top for i in block) + SIGNATURE_SPACE_CM * cm
                above = [i.top - i.layout.pitch * len(i.lines) for i in page.items if isinstance(i, TextLines)
                         and i not in block and i.top - i.layout.pitch * len(i.lines) >= max(j.top for j in block)]
                top = min([top, *above])                    # never over the closing above
                margin = SIGNATURE_FIELD_MARGIN_CM * cm
                return index, (centre - half - margin, bottom - margin, centre + half + margin, top)
            index += 1
    return None


def finish_documents(blobs: Sequence[bytes], signer, spec: LetterSpec,
                     plans: Sequence[Sequence[DocumentPlan]] | None = None) -> list[bytes]:
    """The final bytes of each PDF: signed last of all, when the spec names a certificate (the
    signature must be the last change to the bytes: any finishing step goes before it).
    ``plans``: each document's plans, to put the signature's field over its signature block."""
    if signer is None:
        return list(blobs)
    number = spec.values.get("number")
    number = number if isinstance(number, str) else None
    places = [signature_place(p) for p in plans] if plans is not None else [None] * len(blobs)
    return [signer.sign(blob, number, place) for blob, place in zip(blobs, places)]


def _publish(publish: Publish | None, spec: LetterSpec, letters: Sequence[Letter],
             files: Sequence[OutputFile], folder: Path) -> None:
    """Record a merge under its number: the circular's subject and group recipient (or, when
    the top level names no one, the distribution list's phrase) and every file."""
    if publish is None:
        return
    circular = circular_letter(spec)
    head = circular or letters[0]
    recipient = circular.recipient if circular else LIST_RECIPIENT
    publish(files, head.subject, head.owner_name, recipient, str(folder.resolve()))


def _progress(enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return lambda rows: tqdm(rows, desc="letters", unit="letter", file=sys.stderr, leave=False)


def build_letters(spec_path: Path | str, output: Path | str, *, progress: bool = False,
                  typesetter: Typesetter | None = None, format: str | None = None,
                  tagged: bool = True, register: str | None = None, standard: str | None = None,
                  force: bool = False) -> BuildResult:
    """Build the PDF(s) of a letter spec.  ``output``: a ``.pdf`` file for a single letter (a
    folder is accepted too), a folder for a merge.  ``format`` "docx" writes Word documents
    instead (also chosen by a ``.docx`` output), "both" both (:mod:`saraban.docx.build`).
    ``tagged=False`` leaves out the structure tree (for comparisons; saraban's PDFs are tagged).
    ``standard``: "a-2u" (the default), "a-3u" or "none" (:mod:`saraban.pdf.archive`).

    A spec with ``number = { series = … }`` gets its number from the office's register (or
    ``register``, a path or URL) and is recorded there with its files (:mod:`.numbering`).

    The errors ``letter check`` finds in the spec (an empty body or recipient, a contact block
    without phone, a reference dated after the letter …, :func:`~.lint.build_errors`) stop the
    build; ``force=True`` builds anyway and warns with each of them."""
    with relaxed_gc():
        spec = load_spec(spec_path)
        refuse_checked_errors(spec, force)
        with issuing(spec, register) as (spec, publish):
            result = _build_letters(spec, output, progress, typesetter, format, tagged, publish,
                                    standard or DEFAULT_STANDARD)
        return replace(result, number=spec.values["number"]) if publish else result


class CheckError(InputError):
    """The spec has errors that ``letter check`` reports; :attr:`findings` lists them."""

    def __init__(self, spec: LetterSpec, findings):
        self.findings = findings
        shown = "\n".join(f"  {f}" for f in findings)
        count = f"{len(findings)} error{'s' * (len(findings) != 1)}"
        super().__init__(f"{count} that `saraban letter check` reports; nothing was written:\n{shown}\n"
                         "Correct the spec, or build anyway with --force (each error is then printed as a "
                         "warning)")


def refuse_checked_errors(spec: LetterSpec, force: bool) -> None:
    """Stop with the spec's check errors (:func:`~.lint.build_errors`), or with ``force`` warn
    with each of them."""
    from .lint import build_errors

    findings = build_errors(spec)
    if not findings:
        return
    if not force:
        raise CheckError(spec, findings)
    import warnings

    from ..errors import SarabanWarning

    for finding in findings:
        warnings.warn(f"{finding} (built anyway: --force)", SarabanWarning, stacklevel=2)


def _build_letters(spec: LetterSpec, output, progress, typesetter, format=None, tagged=True,
                   publish: Publish | None = None, standard: str = DEFAULT_STANDARD) -> BuildResult:
    from ..docx.build import docx_outputs, output_formats

    output = Path(output)
    formats = output_formats(spec, output, format)
    typesetter = typesetter or typesetter_for(spec)
    composer = LetterComposer(typesetter) if "pdf" in formats else None
    signer = signer_for(spec) if "pdf" in formats else None     # a bad certificate fails first
    out = None
    if spec.merge is None:
        path = _output_path(output, spec)
        word_path = output if output.suffix.lower() == ".docx" else output / f"{spec.path.stem}.docx"
        for p in ([path] if "pdf" in formats else []) + ([word_path] if "docx" in formats else []):
            check_file(p)
    else:
        out = OutputSet(output, what="letters folder")
    letters, plans, names = compose_letters(spec, composer, _progress(progress), out, formats)
    words = docx_outputs(spec, letters, names, output, typesetter) if "docx" in formats else []
    if out is None:
        files = []
        if composer is not None:
            [data] = finish_documents(render_documents([([plans[0]], plans[0].metadata, False)], tagged, standard), signer,
                                      spec, [[plans[0]]])
            files.append((path, data))
        if publish is not None:
            publish([OutputFile(p.name, data, letters[0].recipient) for p, data in files + words],
                    letters[0].subject, letters[0].owner_name, letters[0].recipient, str(path.parent.resolve()))
        write_together(files + words)
        return BuildResult(tuple(p for p, _ in files + words), 1, len(plans[0].pages) if plans else 0)
    recipients = {n: l.recipient for n, l in zip(names, letters)}
    if composer is None:
        with out:
            paths = [out.write_bytes(p.name, data) for p, data in words]
            _publish(publish, spec, letters, [OutputFile(p.name, data, recipients.get(p.stem, ""))
                                              for p, data in words], out.target)
        return BuildResult(tuple(paths), len(letters), 0)
    jobs = [([p], p.metadata, False) for p in plans]
    files = [f"{n}.pdf" for n in names] + [COMBINED_NAME]
    if has_distribution_list(letters):
        distribution = composer.distribution_list(letters[0], [l.recipient for l in letters])
        combined_meta = replace(plans[0].metadata, keywords="หนังสือเวียน")
        jobs.append((plans + [distribution], combined_meta, True))
        jobs.append(([distribution], distribution.metadata, False))
        files.append(DISTRIBUTION_NAME)
        circular = _circular(spec, composer)
        if circular is not None:
            jobs.append(([circular, distribution], circular.metadata, True))
            files.append(CIRCULAR_NAME)
    else:
        jobs.append((plans, plans[0].metadata, True))
    blobs = finish_documents(render_documents(jobs, tagged, standard), signer, spec, [job[0] for job in jobs])
    with out:
        paths = [out.write_bytes(name, blob) for name, blob in zip(files, blobs)]
        paths += [out.write_bytes(p.name, data) for p, data in words]
        # the number is issued (committed) when every file is staged, just before the swap
        _publish(publish, spec, letters,
                 [OutputFile(name, blob, recipients.get(name[:-4], "")) for name, blob in zip(files, blobs)]
                 + [OutputFile(p.name, data, recipients.get(p.stem, "")) for p, data in words], out.target)
    pages = sum(len(p.pages) for p in plans)
    return BuildResult(tuple(paths), len(plans), pages)
