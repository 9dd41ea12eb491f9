"""Orders, regulations, by-laws, announcements, statements and news: every example under letters/
of a kind with a centred head, built and measured back with pdfplumber against its form.

The form says (cm from the top-left): the Garuda 3.0 high, top 1.5, centred on the text area
(none on news); the head lines centred on the text area (x 3.0–19.0, centre 11.0), the first on
``head.first_baseline``, one line apart; a rule ``head.rule_width`` wide, centred, one gap (6 pt)
and the rule's 1 pt line below the last head line; the body one gap below the rule, its first line
at x 5.5; the date line 1 Enter + 12 pt below the body at ``dateline.x``; (name) four lines below
it centred on the signature axis (13.0), the position and the on-behalf lines under it — or, for
statements and news, the agency and the date centred on that axis and no signature.
"""

from __future__ import annotations

import os
import re
import shutil
import tomllib
import warnings
from pathlib import Path

import pytest

from saraban.errors import InputError
from saraban.letters.build import build_letters, compose_letters, typesetter_for
from saraban.letters.forms import default_form
from saraban.letters.layout import EmblemWarning, LetterComposer
from saraban.letters.spec import load_spec
from saraban.thai.layout import ParagraphStyle, Typesetter
from saraban.thai.shape import TextStyle

from helpers import CM, FIXTURES, GOLDEN, find_line, pdf_lines, pdftotext_pages, squash

REPO = Path(__file__).resolve().parents[2]
LETTER_KINDS = ("external", "memo")
#: Every example under letters/ of a kind with a centred head.
EXAMPLES = sorted(p for p in (REPO / "letters").glob("*/*.toml")
                  if tomllib.loads(p.read_text(encoding="utf-8")).get("kind", "external") not in LETTER_KINDS + ("minutes", "stamped", "certificate"))
#: Tolerance of a position, cm.
TOL = 0.05


def _ascent_pitch() -> tuple[float, float]:
    pitch, ascent = Typesetter().pitch(ParagraphStyle(TextStyle(family="Sarabun", size=16)))
    return ascent / CM, pitch / CM


ASCENT, PITCH = _ascent_pitch()


def _variant(spec: Path, folder: Path, replace: dict[str, str] | None = None) -> Path:
    """The example copied into ``folder`` with a PNG emblem (pdfplumber sees raster images, not
    the SVG's vector drawing) and ``replace``d text."""
    text = spec.read_text(encoding="utf-8").replace('emblem = "emblem.svg"', 'emblem = "letters-emblem.png"')
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    shutil.copy(FIXTURES / "letters-emblem.png", folder / "letters-emblem.png")
    out = folder / spec.name
    out.write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """{example: (pdf, form, spec values)} of every example, built once."""
    out = {}
    for spec in EXAMPLES:
        folder = tmp_path_factory.mktemp(spec.parent.name)
        path = _variant(spec, folder)
        build_letters(path, folder / "out.pdf")
        values = tomllib.loads(path.read_text(encoding="utf-8"))
        out[spec.parent.name] = (folder / "out.pdf", default_form(values["kind"]), values)
    return out


def test_every_kind_has_an_example():
    kinds = {tomllib.loads(p.read_text(encoding="utf-8"))["kind"] for p in EXAMPLES}
    assert kinds >= {"order", "announcement"}


def _rule(pdf: Path) -> dict:
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        page = doc.pages[0]
        rules = [l for l in page.lines if abs(l["top"] - l["bottom"]) < 0.01]
        height = page.height
    [rule] = [r for r in rules if r["top"] / CM < 10.0]
    return {"x0": rule["x0"] / CM, "x1": rule["x1"] / CM, "y": rule["top"] / CM, "width": rule["linewidth"]}


@pytest.mark.parametrize("name", [p.parent.name for p in EXAMPLES])
def test_head_centred_from_the_first_baseline(built, name):
    pdf, form, values = built[name]
    lines = pdf_lines(pdf, 1)
    head = [ln for ln in lines if ln["baseline"] < _rule(pdf)["y"]]
    assert head, lines[:3]
    assert head[0]["baseline"] == pytest.approx(form.get("head", "first_baseline"), abs=TOL)
    for a, b in zip(head, head[1:]):
        assert b["baseline"] - a["baseline"] == pytest.approx(PITCH, abs=0.01)
    for ln in head:
        assert (ln["x0"] + ln["x1"]) / 2 == pytest.approx(11.0, abs=TOL), ln["text"]
    # the head's words, in the form's order (lines with empty fields left out)
    kind_word = form.get("head", "lines")[0].replace("{agency}", "")
    assert squash(head[0]["text"]) == squash(kind_word + values["agency"])
    subject = values["subject"]
    assert any(squash(subject[:12]) in squash(to_arabic(ln["text"])) for ln in head)
    if "number" in values:
        assert any(squash(to_arabic(ln["text"])) == squash("ที่ " + values["number"]) for ln in head)
    else:
        assert not any(ln["text"].startswith("ที่") for ln in head)


def to_arabic(text: str) -> str:
    from saraban.thai.numerals import to_arabic_digits

    return to_arabic_digits(text)


@pytest.mark.parametrize("name", [p.parent.name for p in EXAMPLES])
def test_emblem(built, name):
    import pdfplumber

    pdf, form, _ = built[name]
    with pdfplumber.open(str(pdf)) as doc:
        images = doc.pages[0].images
    if not form.get("head", "emblem"):
        assert images == []
        return
    [im] = images
    assert im["height"] / CM == pytest.approx(3.0, abs=0.01)
    assert im["top"] / CM == pytest.approx(1.5, abs=0.01)
    assert (im["x0"] + im["x1"]) / 2 / CM == pytest.approx(11.0, abs=0.01)
    first = pdf_lines(pdf, 1)[0]
    assert first["baseline"] - ASCENT > 4.5          # the head's first line box is below the Garuda


@pytest.mark.parametrize("name", [p.parent.name for p in EXAMPLES])
def test_rule_between_head_and_body(built, name):
    pdf, form, _ = built[name]
    rule = _rule(pdf)
    lines = pdf_lines(pdf, 1)
    head = [ln for ln in lines if ln["baseline"] < rule["y"]]
    body = [ln for ln in lines if ln["baseline"] > rule["y"]]
    gap = form.pt("head", "rule_gap_pt") / CM
    assert (rule["x0"] + rule["x1"]) / 2 == pytest.approx(11.0, abs=TOL)
    assert rule["x1"] - rule["x0"] == pytest.approx(form.get("head", "rule_width"), abs=TOL)
    assert rule["width"] == pytest.approx(form.pt("head", "rule_pt"), abs=0.01)
    # below the last head line's box: one gap and the 1 pt line that carries it
    assert rule["y"] - (head[-1]["baseline"] + PITCH - ASCENT) == pytest.approx(gap + 1 / CM, abs=TOL)
    # the first body line's box one gap below the rule, the line at the body indent
    assert body[0]["baseline"] - ASCENT - rule["y"] == pytest.approx(gap, abs=TOL)
    assert body[0]["x0"] == pytest.approx(3.0 + form.get("body", "first_indent"), abs=TOL)


def _date_and_signature(pdf: Path):
    """The lines of the last page of the document (the examples have no enclosure pages)."""
    from helpers import page_count

    return pdf_lines(pdf, page_count(pdf))


@pytest.mark.parametrize("name", [p.parent.name for p in EXAMPLES])
def test_date_line_and_signature(built, name):
    from saraban.thai.dates import thai_date

    import datetime as dt

    pdf, form, values = built[name]
    lines = _date_and_signature(pdf)
    date = values["date"] if isinstance(values["date"], dt.date) else dt.date.fromisoformat(values["date"])
    date_text = form.get("dateline", "text").replace(
        "{date}", thai_date(date, style=form.get("dateline", "date_style")))
    dateline = find_line(lines, date_text)
    space = form.pt("dateline", "space_before_pt") / CM
    body = [ln for ln in lines if ln["baseline"] < dateline["baseline"] - 0.01]
    axis = form.get("signature", "axis")
    if form.get("dateline", "agency_line"):
        [agency] = [ln for ln in lines if squash(ln["text"]) == squash(values["agency"])]
        assert agency["baseline"] - body[-2]["baseline"] == pytest.approx(PITCH + space, abs=TOL)
        assert dateline["baseline"] - agency["baseline"] == pytest.approx(PITCH, abs=0.01)
        for ln in (agency, dateline):
            assert (ln["x0"] + ln["x1"]) / 2 == pytest.approx(axis, abs=TOL)
        assert dateline is lines[-1]                     # nothing below: no signature
        assert not form.get("dateline", "signed")
        return
    assert dateline["x0"] == pytest.approx(form.get("dateline", "x"), abs=TOL)
    assert dateline["baseline"] - body[-1]["baseline"] == pytest.approx(PITCH + space, abs=TOL)
    signatory = values["signatory"]
    name_line = find_line(lines, f"({signatory['name']})")
    n = form.get("signature", "lines_below_closing")
    assert name_line["baseline"] - dateline["baseline"] == pytest.approx(n * PITCH, abs=TOL)
    below = [ln for ln in lines if ln["baseline"] >= name_line["baseline"] - 0.01]
    positions = signatory["position"] if isinstance(signatory["position"], list) else [signatory["position"]]
    on_behalf = signatory.get("on_behalf", [])
    on_behalf = on_behalf if isinstance(on_behalf, list) else [on_behalf]
    words = {"delegated": "ปฏิบัติราชการแทน", "acting": "รักษาราชการแทน", "for": "แทน"}
    expected = [f"({signatory['name']})"] + positions + [words.get(s["mode"], s["mode"]) + s["position"] for s in on_behalf]
    assert [squash(ln["text"]) for ln in below] == [squash(t) for t in expected]
    for a, b in zip(below, below[1:]):
        assert b["baseline"] - a["baseline"] == pytest.approx(PITCH, abs=0.01)
    for ln in below:
        assert (ln["x0"] + ln["x1"]) / 2 == pytest.approx(axis, abs=TOL), ln["text"]


@pytest.mark.parametrize("name", [p.parent.name for p in EXAMPLES])
def test_text_extracts_in_reading_order(built, name):
    """pdftotext reads the head, the body's first words, the date line and the end in order."""
    pdf, form, values = built[name]
    text = " ".join(" ".join(p) for p in pdftotext_pages(pdf))
    text = squash(to_arabic(text))
    body = values["body"].strip().split("\n")[0]
    needles = [form.get("head", "lines")[0].replace("{agency}", values["agency"]), values["subject"][:20],
               body[:20], form.get("dateline", "text").split("{")[0] or values["agency"]]
    at = 0
    for needle in needles:   # each found after the one before
        found = text.find(squash(needle), at)
        assert found >= 0, (needle, text[at:at + 200])
        at = found + len(squash(needle))


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.parent.name)
def test_layout_log(spec):
    """Each example's layout log, reviewed line by line against its form (regenerate with
    SARABAN_UPDATE_GOLDEN=1 and review again before committing)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmblemWarning)
        loaded = load_spec(spec)
        _, [plan], _ = compose_letters(loaded, LetterComposer(typesetter_for(loaded)))
    log = plan.dump()
    path = GOLDEN / f"kind-{spec.parent.name}-layout.txt"
    if os.environ.get("SARABAN_UPDATE_GOLDEN"):
        path.write_text(log, encoding="utf-8")
    assert log == path.read_text(encoding="utf-8")


# -- the spec ----------------------------------------------------------------------------------------
ORDER = next((p for p in EXAMPLES if p.parent.name == "order-lpa-committee"), None)


def _order(tmp_path, replace=None) -> Path:
    return _variant(ORDER, tmp_path, replace)


def test_missing_agency_is_an_error(tmp_path):
    spec = _order(tmp_path, {'agency = "กรมส่งเสริมการปกครองท้องถิ่น"\n': ""})
    with pytest.raises(InputError, match="missing required key 'agency' for an order"):
        load_spec(spec)


def test_unknown_on_behalf_mode_names_the_line(tmp_path):
    spec = _order(tmp_path, {'mode = "delegated"': 'mode = "delegate"'})
    with pytest.raises(InputError) as caught:
        load_spec(spec)
    assert "did you mean 'delegated'" in caught.value.message
    assert caught.value.location.line == next(i for i, ln in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1)
                                              if ln.startswith("on_behalf"))


def test_two_level_on_behalf_and_acting(tmp_path):
    """Two steps print two lines, in order, under the position; Thai mode words are accepted."""
    spec = _order(tmp_path, {
        'on_behalf = { mode = "delegated", position = "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น" }':
        'on_behalf = [{ mode = "รักษาราชการแทน", position = "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น" },\n'
        '             { mode = "delegated", position = "ปลัดกระทรวงมหาดไทย" }]'})
    build_letters(spec, tmp_path / "o.pdf")
    lines = [squash(ln["text"]) for ln in pdf_lines(tmp_path / "o.pdf", 1)]
    k = lines.index("รองอธิบดีกรมส่งเสริมการปกครองท้องถิ่น")
    assert lines[k + 1:] == ["รักษาราชการแทนอธิบดีกรมส่งเสริมการปกครองท้องถิ่น", "ปฏิบัติราชการแทนปลัดกระทรวงมหาดไทย"]


def test_on_behalf_on_an_external_letter(tmp_path):
    from helpers import letter_variant

    spec = letter_variant(tmp_path, {'position = ["อธิบดีกรมส่งเสริมการปกครองท้องถิ่น"]':
                                     'position = ["รองอธิบดีกรมส่งเสริมการปกครองท้องถิ่น"], '
                                     'on_behalf = { mode = "delegated", position = "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น" }'})
    build_letters(spec, tmp_path / "l.pdf")
    from helpers import page_count

    lines = [ln for n in range(1, page_count(tmp_path / "l.pdf") + 1) for ln in pdf_lines(tmp_path / "l.pdf", n)
             if ln["text"].startswith(("รองอธิบดี", "ปฏิบัติราชการ"))]
    pos = find_line(lines, "รองอธิบดี")
    extra = find_line(lines, "ปฏิบัติราชการแทนอธิบดี")
    assert extra["baseline"] - pos["baseline"] == pytest.approx(PITCH, abs=0.01)
    assert (extra["x0"] + extra["x1"]) / 2 == pytest.approx(13.0, abs=TOL)


def test_head_line_with_empty_fields_is_left_out_and_unknown_field_is_an_error(tmp_path):
    from saraban.letters.kinds import head_texts
    from saraban.letters.render import render_letter

    spec = load_spec(_order(tmp_path, {'number = "1234/2564"\n': 'number = "1234/2564"\nissue = "2"\n'}))
    letter = render_letter(spec)

    class Ctx:
        def __init__(self, form):
            self.letter, self.form, self.digits = letter, form, lambda t: t

    assert head_texts(Ctx(letter.form)) == ["คำสั่งกรมส่งเสริมการปกครองท้องถิ่น", "ที่ ๑๒๓๔/๒๕๖๔",
                                            "เรื่อง " + letter.subject]
    from dataclasses import replace as dc_replace
    from saraban.letters.forms import Form

    values = {k: dict(v) for k, v in letter.form.values.items()}
    values["head"]["lines"] = ["ระเบียบ{agency}", "(ฉบับที่ {issue})", "พ.ศ. {year}", "{nope}"]
    with pytest.raises(InputError, match=r"unknown field \{nope\}"):
        head_texts(Ctx(Form("x", values)))
    values["head"]["lines"] = ["(ฉบับที่ {issue})", "พ.ศ. {year}"]
    assert head_texts(Ctx(Form("x", values))) == ["(ฉบับที่ ๒)", "พ.ศ. 2564"]
    letter2 = dc_replace(letter, issue="")
    ctx = Ctx(Form("x", values))
    ctx.letter = letter2
    assert head_texts(ctx) == ["พ.ศ. 2564"]


def test_form_extends_its_base():
    order, announcement = default_form("order"), default_form("announcement")
    assert announcement.get("dateline", "text") == "ประกาศ ณ วันที่ {date}"
    assert announcement.get("head", "first_baseline") == order.get("head", "first_baseline")
    assert announcement.values["page"] == order.values["page"]
    assert "extends" not in announcement.values


# -- letter check ------------------------------------------------------------------------------------
@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.parent.name)
def test_examples_pass_the_check(spec):
    from saraban.letters.lint import check_letter

    assert check_letter(spec) == []


def _example(folder_name: str) -> Path:
    return next(p for p in EXAMPLES if p.parent.name == folder_name)


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln)


def test_check_order_number_and_letter_keys(tmp_path):
    from saraban.letters.lint import WARNING, check_letter

    spec = _order(tmp_path, {'number = "1234/2564"': 'number = "1234/2563"\nrecipient = "ผู้ว่าราชการจังหวัด"'})
    found = {(f.level, f.location.line, f.message.split(":")[0]) for f in check_letter(spec)}
    assert (WARNING, _line_of(spec, "1234/2563"),
            "the order's number '1234/2563' is of the year 2563 but it is dated 2564 (numbers start again each year)") in found
    assert any(line == _line_of(spec, "recipient =") and "not printed" in m for _, line, m in
               {(f.level, f.location.line, f.message) for f in check_letter(spec)})
    spec = _order(tmp_path, {'number = "1234/2564"': 'number = "มท 0810/1234"'})
    [finding] = check_letter(spec)
    assert "'<running number>/<B.E. year>'" in finding.message


def test_check_regulation_clauses_in_sequence(tmp_path):
    from saraban.letters.lint import check_letter

    spec = _variant(_example("regulation-lpa"), tmp_path, {"ข้อ 5 ให้มีคณะกรรมการ": "ข้อ 6 ให้มีคณะกรรมการ"})
    [finding] = check_letter(spec)
    assert finding.message.startswith("clause 'ข้อ 6' where 'ข้อ ๕' comes next")
    assert finding.location.line == _line_of(spec, "ข้อ 6 ให้มีคณะกรรมการ")
    spec = _variant(_example("regulation-lpa"), tmp_path, {"ข้อ 1 ": "", "ข้อ 2 ": "", "ข้อ 3 ": "", "ข้อ 4 ": "",
                                                           "ข้อ 5 ": "", "ข้อ 6 ": "", "ข้อ 7 ": "", "ข้อ 8 ": "",
                                                           "ข้อ 9 ": ""})
    assert [f.message for f in check_letter(spec)] == [
        "a regulation (ระเบียบ) is made of numbered clauses: start them 'ข้อ ๑', 'ข้อ ๒', …"]


def test_check_signatory_of_a_statement(tmp_path):
    from saraban.letters.lint import check_letter

    spec = _variant(_example("statement-flood-relief"), tmp_path, {'issue = "1"': 'issue = "1"\nsignatory = { name = "นายประยูร รัตนเสนีย์" }'})
    [finding] = check_letter(spec)
    assert "is not signed" in finding.message and finding.location.line == _line_of(spec, "signatory =")


def test_agency_from_the_office_and_its_contact_block_unused(tmp_path):
    """In an office folder (office.toml with owner and contact), an order without 'agency' is
    issued by the office's owner; the office's contact block is not a finding."""
    from saraban.letters.lint import check_letter
    from saraban.letters.render import render_letter

    (tmp_path / "office.toml").write_text(
        'owner = { name = "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดน่าน" }\n'
        'contact = { unit = "กลุ่มงานส่งเสริมและพัฒนาท้องถิ่น", phone = "0 5471 0000" }\n', encoding="utf-8")
    letters = tmp_path / "letters"
    letters.mkdir()
    spec = _order(letters, {'agency = "กรมส่งเสริมการปกครองท้องถิ่น"\n': ""})
    assert check_letter(spec) == []
    letter = render_letter(load_spec(spec))
    assert letter.agency == "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดน่าน"
    assert letter.contact == ()


def test_merge_of_a_kind_without_recipient_writes_no_empty_distribution_list(tmp_path):
    """A merge of orders (one per appointee) writes the orders and the combined PDF — no
    distribution list of blank numbered lines and no circular — in PDF and in Word."""
    spec = _order(tmp_path, {'subject = "แต่งตั้ง': 'subject = "แต่งตั้ง{{ name }} '})
    (tmp_path / "people.csv").write_text("code,name\nA1,นายหนึ่ง ใจดี\nA2,นายสอง ใจงาม\n", encoding="utf-8")
    spec.write_text(spec.read_text(encoding="utf-8") + '\n[merge]\ndata = "people.csv"\nfilename = "{{ code }}"\n',
                    encoding="utf-8")
    result = build_letters(spec, tmp_path / "out", format="both")
    assert sorted(p.name for p in result.files) == ["A1.docx", "A1.pdf", "A2.docx", "A2.pdf", "combined.pdf"]
    pages = pdftotext_pages(tmp_path / "out" / "combined.pdf")
    assert len(pages) == 2
    assert "นายหนึ่ง" in squash("".join(pages[0])) and "นายสอง" in squash("".join(pages[1]))
