"""The Word documents as LibreOffice sets them, against saraban's own PDFs of the same specs.

Every example is built as PDF and as DOCX, and all the DOCX files are converted with one
LibreOffice start (with Sarabun installed for it): the same text, the same number of pages, and the
head, headings, first body line, closing and signature where the PDF has them.
"""

from __future__ import annotations

import tomllib

import pytest

from docx_checks import (BODY_SPEC, CM, bare, certificate_with_photo, form_override, MEMO_SPEC, build, comparable, convert, find_line, pdf_lines, pdftotext,
                         pdftotext_around, seal_box, soffice, split_marks)
from helpers import EXAMPLE_LETTER, SEED_SPEC

#: How far a line may be from where saraban's PDF puts it (the issue's tolerance).
TOLERANCE_CM = 0.3

#: The forms' top margin of continuation pages (where Word's text area starts), cm.
TOP_MARGIN_CM = 2.5

#: Every single-letter example under letters/ (the merges' rows are compared through the seed
#: letter, their list and circular; tests/docx/test_docx_examples.py builds every example).
EXAMPLES = sorted(p for p in (SEED_SPEC.parents[2] / "letters").glob("*/*.toml")
                  if "merge" not in tomllib.loads(p.read_text(encoding="utf-8")))

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (libreoffice-writer-nogui) is required")


@pytest.fixture(scope="session")
def converted(tmp_path_factory):
    """{name: (saraban's PDF, LibreOffice's PDF of the DOCX)} of the seed letter, the memo and the
    distribution list and circular of the example merge."""
    folder = tmp_path_factory.mktemp("docx-lo")
    pairs = {}
    for name, spec in (("seed", SEED_SPEC), ("memo", MEMO_SPEC)):
        build(spec, folder / f"{name}.pdf")
        build(spec, folder / f"{name}.docx")
        pairs[name] = (folder / f"{name}.pdf", folder / f"{name}.docx")
    (folder / "body.toml").write_text(BODY_SPEC, encoding="utf-8")
    build(folder / "body.toml", folder / "body.pdf")
    build(folder / "body.toml", folder / "body.docx")
    pairs["body"] = (folder / "body.pdf", folder / "body.docx")
    for spec in EXAMPLES:
        build(spec, folder / f"kind-{spec.stem}.pdf")
        build(spec, folder / f"kind-{spec.stem}.docx")
        pairs[f"kind-{spec.stem}"] = (folder / f"kind-{spec.stem}.pdf", folder / f"kind-{spec.stem}.docx")
    (folder / "override").mkdir()
    changed = form_override(folder / "override")
    build(changed, folder / "form-override.pdf")
    build(changed, folder / "form-override.docx")
    pairs["form-override"] = (folder / "form-override.pdf", folder / "form-override.docx")
    photo = certificate_with_photo(folder / "photo")
    build(photo, folder / "certificate-photo.pdf")
    build(photo, folder / "certificate-photo.docx")
    pairs["certificate-photo"] = (folder / "certificate-photo.pdf", folder / "certificate-photo.docx")
    merge = folder / "merge"
    build(EXAMPLE_LETTER, merge, "both")
    for name in ("distribution-list", "circular"):
        pairs[name] = (merge / f"{name}.pdf", merge / f"{name}.docx")
    out = folder / "lo"
    convert([docx for _, docx in pairs.values()], out, folder)
    return {name: (pdf, out / f"{docx.stem}.pdf") for name, (pdf, docx) in pairs.items()}


@pytest.mark.parametrize("name", ["seed", "memo", "distribution-list", "circular", "body", "form-override"])
def test_same_text(converted, name):
    ours, theirs = converted[name]
    a, b = comparable(pdftotext(ours)), comparable(pdftotext(theirs))
    assert len(a) > 200
    base_a, marks_a = split_marks(a)
    base_b, marks_b = split_marks(b)
    assert base_a == base_b
    assert marks_a == marks_b


@pytest.mark.parametrize("name", ["seed", "memo", "body", "form-override"])
def test_same_page_count(converted, name):
    import pypdf

    ours, theirs = converted[name]
    assert len(pypdf.PdfReader(ours).pages) == len(pypdf.PdfReader(theirs).pages)


# (needle of the line, text whose x is compared — None: the line's first character)
SEED_ANCHORS = [("ที่มท", "ที่"), ("ที่มท", "กรมส่งเสริม"), ("ถนนนครราชสีมา", None), ("๒๕พฤศจิกายน", None), ("เรื่องเผยแพร่", None), ("เรียนผู้ว่า", None),
                ("ตามที่กรม", None)]
MEMO_ANCHORS = [("ที่มท", "ที่"), ("วันที่๒๐", "วันที่"), ("เรื่องขออนุมัติ", None), ("เรียนอธิบดี", None),
                ("ตามที่กรม", None), ("จึงเรียนมา", None), ("(นายอานนท์", None)]


def _compare(ours, theirs, needle, part, last=False):
    a, b = find_line(ours, needle, last=last), find_line(theirs, needle, last=last)
    xa = a.x_of(part) if part else a.chars[0][1]
    xb = b.x_of(part) if part else b.chars[0][1]
    assert a.page == b.page, needle
    assert abs(a.baseline - b.baseline) <= TOLERANCE_CM, (needle, a.baseline, b.baseline)
    assert abs(xa - xb) <= TOLERANCE_CM, (needle, xa, xb)


@pytest.mark.parametrize("needle,part", SEED_ANCHORS)
def test_seed_positions(converted, needle, part):
    ours, theirs = (pdf_lines(p) for p in converted["seed"])
    _compare(ours, theirs, needle, part)


@pytest.mark.parametrize("needle,part", MEMO_ANCHORS)
def test_memo_positions(converted, needle, part):
    ours, theirs = (pdf_lines(p) for p in converted["memo"])
    _compare(ours, theirs, needle, part)


@pytest.mark.parametrize("needle,part", SEED_ANCHORS)
def test_form_override_positions(converted, needle, part):
    """The seed letter with its form changed (left margin, first-line indent, paragraph spacing,
    date and closing x, signature axis: docx_checks.FORM_OVERRIDE): LibreOffice sets the DOCX where
    saraban sets the PDF, so the Word writer reads the form and keeps no numbers of its own (the
    closing and signature: test_seed_closing_and_signature)."""
    ours, theirs = (pdf_lines(p) for p in converted["form-override"])
    _compare(ours, theirs, needle, part)


@pytest.mark.parametrize("needle", ["ดีท้องถิ่นโทร", "ที่มท", "เรื่องขออนุมัติ", "เรียนอธิบดี", "(นายอานนท์"])
def test_memo_head_wraps_at_the_body_pitch(converted, needle):
    """The memo's owner value wraps onto a second line at the body's pitch (as the PDF), and the
    header lines below it are the form's labels.pitch_pt apart: every line after it within 0.05 cm
    of the PDF's (it was 0.26 cm lower when the wrapped line took the header pitch)."""
    ours, theirs = (find_line(pdf_lines(p), needle) for p in converted["memo"])
    assert ours.page == theirs.page and abs(ours.baseline - theirs.baseline) <= 0.05, (ours.baseline, theirs.baseline)


@pytest.mark.parametrize("name", ["seed", "form-override"])
@pytest.mark.parametrize("needle,label", [("เรื่องเผยแพร่", "เรื่อง"), ("อ้างถึง", "อ้างถึง")])
def test_headings_hang(converted, name, needle, label):
    """A heading's next line hangs under its content, as in the PDF: the subject's second line
    under the subject's first word, the second reference's number under the first's."""
    starts = []
    for lines in (pdf_lines(p) for p in converted[name]):
        first = find_line(lines, needle)
        following = lines[lines.index(first) + 1]
        content = first.chars[len(bare(label))][1]
        assert following.page == first.page
        assert abs(following.chars[0][1] - content) <= 0.05, (following.text[:10], following.chars[0][1], content)
        starts.append(following.chars[0][1])
    assert abs(starts[0] - starts[1]) <= TOLERANCE_CM


@pytest.mark.parametrize("name", ["seed", "form-override"])
def test_seed_closing_and_signature(converted, name):
    """The closing and the signature are on the PDF's page, at the PDF's x, and as far below the
    line above them as in the PDF.  (Where that line is can differ: the PDF carries the body's
    last two lines over with the closing; Word and LibreOffice keep the last paragraph with it,
    and LibreOffice moves a kept paragraph whole — docs/docx.md.)"""
    ours, theirs = (pdf_lines(p) for p in converted[name])
    for lines in (ours, theirs):
        closing = find_line(lines, "ขอแสดงความนับถือ")
        name = find_line(lines, "(นายประยูร")
        above = [ln for ln in lines if ln.page == closing.page and ln.baseline < closing.baseline][-1]
        lines.append((closing, name, above))
    (c1, n1, a1), (c2, n2, a2) = ours[-1], theirs[-1]
    assert c1.page == c2.page and n1.page == n2.page
    assert abs(c1.chars[0][1] - c2.chars[0][1]) <= TOLERANCE_CM
    assert abs(n1.chars[0][1] - n2.chars[0][1]) <= TOLERANCE_CM
    assert abs((c1.baseline - a1.baseline) - (c2.baseline - a2.baseline)) <= TOLERANCE_CM
    assert abs((n1.baseline - c1.baseline) - (n2.baseline - c2.baseline)) <= TOLERANCE_CM


def test_contact_block_at_the_foot_of_the_signature_page(converted):
    ours, theirs = (pdf_lines(p) for p in converted["seed"])
    for needle in ("กลุ่มงานส่งเสริม", "ผู้ประสานงาน"):
        _compare(ours, theirs, needle, None)
    assert find_line(theirs, "ผู้ประสานงาน").page == find_line(theirs, "(นายประยูร").page


def test_distribution_list_columns(converted):
    """76 names in two columns, as in the PDF: the names on a line side by side, the second
    column starting half the text width to the right, the same name at the top of it."""
    ours, theirs = (pdf_lines(p) for p in converted["distribution-list"])
    for needle in ("๑.ผู้ว่า", "๗๕.ผู้ว่า"):
        _compare(ours, theirs, needle, None)
    columns = []
    for lines in (ours, theirs):
        first = find_line(lines, "๑.ผู้ว่า")
        right = [c for c in first.chars if c[1] > 10.5]
        assert right and abs(right[0][1] - 11.0) < 0.5       # 3 cm margin + 16 cm / 2
        columns.append("".join(c for c, _ in right))
    assert columns[0] == columns[1]


@pytest.mark.parametrize("needle,part", [("๑.องค์กร", None), ("๑.๑เทศบาล", None), ("๒.จำนวน", None),
                                         ("จังหวัดจำนวนแห่ง", None), ("เชียงใหม่๒๑๑", "๒๑๑"),
                                         ("จึงเรียนมา", None)])
def test_items_and_table_positions(converted, needle, part):
    """Items at the PDF's indents (a sub-item where its parent's text starts), the table's rows
    on the PDF's lines within the tolerance, its numbers right-aligned at the right edge."""
    ours, theirs = (pdf_lines(p) for p in converted["body"])
    _compare(ours, theirs, needle, part)


def test_examples_are_every_single_letter_example():
    """The list compared below is the folder's, not a hand-kept one: a new example is compared
    as soon as it is added (and the stamped letter and certificate are among them)."""
    on_disk = {p.stem for p in (SEED_SPEC.parents[2] / "letters").glob("*/*.toml")}
    assert {"stamped", "certificate", "memo", "seed-as-typed", "order", "minutes"} <= {p.stem for p in EXAMPLES}
    assert on_disk - {p.stem for p in EXAMPLES} == {"letter"}      # the two merges


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.stem)
def test_document_kinds(converted, spec):
    """Each example: the same text and pages; its first line and its last line (the contact
    block, the position, or the date of an unsigned statement) where the PDF has them.  The
    stamped letter's seal is a picture in the DOCX: the PDF's shaped names on its arcs are left
    out of the comparison."""
    import pypdf

    ours, theirs = converted[f"kind-{spec.stem}"]
    seal = seal_box(ours)
    a, b = pdf_lines(ours, without=seal), pdf_lines(theirs)
    text = pdftotext if seal is None else (lambda path: pdftotext_around(path, seal))
    base_a, marks_a = split_marks(comparable(text(ours)))
    base_b, marks_b = split_marks(comparable(text(theirs)))
    assert len(base_a) > 100
    assert base_a == base_b and marks_a == marks_b
    assert len(pypdf.PdfReader(ours).pages) == len(pypdf.PdfReader(theirs).pages)
    # the first and the last line of each (LibreOffice's text layer maps some Thai glyphs to
    # nothing, so lines are paired by place, not by text)
    (first, end), (first_b, end_b) = (a[0], a[-1]), (b[0], b[-1])
    assert first.page == first_b.page and end.page == end_b.page
    assert abs(first.chars[0][1] - first_b.chars[0][1]) <= TOLERANCE_CM
    assert abs(end.chars[0][1] - end_b.chars[0][1]) <= TOLERANCE_CM
    shift = 0.0
    if first.baseline < TOP_MARGIN_CM + 0.5:
        # news has no Garuda: its head starts on the top margin, and Word's first line cannot
        # rise above it (docs/docx.md): the rest is compared below the first line
        shift = first_b.baseline - first.baseline
    else:
        assert abs(first.baseline - first_b.baseline) <= TOLERANCE_CM
    assert abs(end.baseline + shift - end_b.baseline) <= TOLERANCE_CM


def _closing_and_name(spec):
    """The closing and "(signatory's name)" of an example as saraban prints them ("" if none)."""
    from saraban.letters.render import render_letter
    from saraban.letters.spec import load_spec

    letter = render_letter(load_spec(spec))
    name = f"({letter.signatory_name})" if letter.signatory_name else ""
    return (letter.closing if letter.form.has("closing") else ""), name


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.stem)
def test_document_kinds_closing_and_signature(converted, spec):
    """Each example's closing and signatory's name: on the PDF's page, within 0.3 cm of the PDF's
    position (the seed letter, where they are not, in test_seed_closing_and_signature)."""
    ours, theirs = converted[f"kind-{spec.stem}"]
    seal = seal_box(ours)
    a, b = pdf_lines(ours, without=seal), pdf_lines(theirs)
    needles = [n for n in _closing_and_name(spec) if n]
    assert needles or spec.stem in ("stamped", "statement", "news")
    for needle in needles:
        _compare(a, b, needle[:12], None, last=True)


# (LibreOffice's text layer drops some sara aa of this file: the needles have none)
@pytest.mark.parametrize("needle,part", [("ที่มท", "ที่"), ("ถึงสำนัก", None), ("ที่กรมส่งเสริม", None),
                                         ("ขณะนี้ยัง", None), ("กรมส่งเสริม", None), ("อน.", None),
                                         ("๑๖พฤศจิก", None), ("กองพัฒน", None), ("โทร.", None)])
def test_stamped_positions(converted, needle, part):
    """The stamped letter's head, ถึง, body, the agency, the initials beside the seal, the date
    and the contact block where the PDF has them."""
    ours, theirs = converted["kind-stamped"]
    a, b = pdf_lines(ours, without=seal_box(ours)), pdf_lines(theirs)
    _compare(a, b, needle, part, last=needle == "กรมส่งเสริม")


@pytest.mark.parametrize("needle", ["ให้ไว้ณ", "(นายประยูร", "(ลายมือชื่อ", "รับรอง)"])
def test_certificate_photo_positions(converted, needle):
    """The certificate with a photo: the date line, the signature and the photo's caption (two
    lines under it) where the PDF has them; the photo on the PDF's box within the tolerance."""
    ours, theirs = converted["certificate-photo"]
    _compare(pdf_lines(ours), pdf_lines(theirs), needle, None)


def test_certificate_photo_picture(converted):
    import pdfplumber

    boxes = []
    for path in converted["certificate-photo"]:
        with pdfplumber.open(str(path)) as pdf:
            page = pdf.pages[0]
            photo = max(page.images, key=lambda im: im["top"])     # the emblem is above it
            boxes.append((photo["x0"], photo["top"], photo["x1"], photo["bottom"]))
    assert abs(boxes[0][0] / CM - 3.0) < 0.05
    for u, v in zip(*boxes):
        assert abs(u - v) / CM <= TOLERANCE_CM, boxes


def test_certificate_photo_text_and_pages(converted):
    import pypdf

    ours, theirs = converted["certificate-photo"]
    assert split_marks(comparable(pdftotext(ours))) == split_marks(comparable(pdftotext(theirs)))
    assert len(pypdf.PdfReader(ours).pages) == len(pypdf.PdfReader(theirs).pages) == 1


def test_stamped_seal_picture(converted):
    """The seal is a picture of the seal's size centred where the PDF draws it (its circle
    within 0.3 cm), red, with the names in it, not a blank box."""
    import numpy
    import pypdfium2 as pdfium

    ours, theirs = converted["kind-stamped"]
    drawn, placed = seal_box(ours), seal_box(theirs)
    assert drawn is not None and placed is not None
    for u, v in zip(drawn, placed):
        assert abs(u - v) / CM <= TOLERANCE_CM, (drawn, placed)
    pdf = pdfium.PdfDocument(str(theirs))
    image = pdf[0].render(scale=2).to_pil().convert("RGB")
    pdf.close()
    x0, top, x1, bottom = (round(v * 2) for v in placed)
    px = numpy.asarray(image.crop((x0, top, x1, bottom))).astype(int)
    red = ((px[..., 0] > 150) & (px[..., 1] < 90) & (px[..., 2] < 90)).sum()
    assert red > 0.01 * px.shape[0] * px.shape[1]
