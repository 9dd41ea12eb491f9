"""The Word documents as Word reads them: opened with python-docx and read as XML — the
Thai-named styles and what they carry (from the form), Thai written the Word way, the page set-up,
headers, pictures, stamps — and the files themselves: deterministic, the right set per format."""

from __future__ import annotations

import io
import subprocess
import zipfile

import docx
import pytest

from saraban.letters.forms import default_form
from saraban.thai.fonts import FontLibrary

from docx_checks import MEMO_SPEC, W, build, part
from helpers import EXAMPLE_LETTER, FIXTURES, SEED_SPEC, letter_variant

TWIPS_PER_CM = 1440 / 2.54

#: The paragraph style of each part of the seed letter, by what the clerk sees.
SEED_STYLES = {"ที่": "ที่ มท", "ส่วนราชการเจ้าของหนังสือ": "ถนนนครราชสีมา", "วันที่": "๒๕ พฤศจิกายน ๒๕๖๔",
               "เรื่อง": "เรื่อง\tเผยแพร่", "เรียน": "เรียน\tผู้ว่าราชการจังหวัด", "อ้างถึง": "อ้างถึง\t๑.\tหนังสือ",
               "สิ่งที่ส่งมาด้วย": "สิ่งที่ส่งมาด้วย\tQR Code", "ข้อความ": "ตามที่กรมส่งเสริม",
               "คำลงท้าย": "ขอแสดงความนับถือ", "ชื่อผู้ลงนาม": "(นายประยูร", "ตำแหน่ง": "อธิบดี",
               "ส่วนราชการเจ้าของเรื่อง": "กลุ่มงานส่งเสริม", "หัวข้อสิ่งที่ส่งมาด้วย": "สิ่งที่ส่งมาด้วย"}


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    out = tmp_path_factory.mktemp("docx") / "seed.docx"
    build(SEED_SPEC, out)
    return out


@pytest.fixture(scope="module")
def memo(tmp_path_factory):
    out = tmp_path_factory.mktemp("docx") / "memo.docx"
    build(MEMO_SPEC, out)
    return out


def _paragraphs(path):
    return docx.Document(str(path)).paragraphs


def test_paragraph_styles_are_named_in_thai_office_terms(seed):
    paragraphs = _paragraphs(seed)
    for style, start in SEED_STYLES.items():
        found = [p for p in paragraphs if p.style.name == style]
        assert found, style
        assert any(p.text.startswith(start) for p in found), (style, [p.text[:20] for p in found])
    body = [p for p in paragraphs if p.style.name == "ข้อความ"]
    assert len(body) == 3


def test_styles_carry_the_form(seed):
    form = default_form("external")
    styles = {s.name: s for s in docx.Document(str(seed)).styles if s.type == 1}
    body = styles["ข้อความ"].paragraph_format
    assert round(body.first_line_indent.cm, 2) == form.get("body", "first_indent")
    assert round(body.space_before.pt, 1) == form.get("body", "space_before_pt")
    root = part(seed, "word/styles.xml")
    body_xml = root.find(f"{W}style[@{W}styleId='Body']")
    assert body_xml.find(f"{W}pPr/{W}jc").get(f"{W}val") == "thaiDistribute"
    date = styles["วันที่"].paragraph_format
    assert round(date.left_indent.cm, 2) == form.get("date", "x") - form.get("page", "left")
    closing = styles["คำลงท้าย"].paragraph_format
    assert round(closing.left_indent.cm, 2) == form.get("closing", "x") - form.get("page", "left")
    assert closing.keep_with_next
    # the signature block is centred on its axis: equal room left and right of the axis
    sig = styles["ชื่อผู้ลงนาม"].paragraph_format
    axis = form.get("signature", "axis") - form.get("page", "left")
    right = 16.0 - sig.right_indent.cm
    assert abs((axis - sig.left_indent.cm) - (right - axis)) < 0.1
    assert sig.alignment == 1  # centred
    # every line has the office pitch, 1.1 em of 16 TH pt
    assert root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing").get(f"{W}line") == str(round(17.6 * 20))


def test_thai_the_word_way(seed):
    styles = part(seed, "word/styles.xml")
    rpr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts = rpr.find(f"{W}rFonts")
    assert fonts.get(f"{W}cs") == "Sarabun" and fonts.get(f"{W}ascii") == "Sarabun"
    assert rpr.find(f"{W}lang").get(f"{W}bidi") == "th-TH"
    family = FontLibrary().family("Sarabun")
    half_points = round(family.point_size(16) * 2)
    assert rpr.find(f"{W}sz").get(f"{W}val") == str(half_points) == rpr.find(f"{W}szCs").get(f"{W}val")
    assert half_points == 21  # 16 TH pt of Sarabun = 10.46 pt, stored as 10.5
    document = part(seed, "word/document.xml")
    runs = document.findall(f".//{W}body//{W}r")
    thai = [r for r in runs if any("\u0e00" <= c <= "\u0e7f" for t in r.findall(f"{W}t") for c in t.text or "")]
    latin = [r for r in runs if "Local Performance Assessment" in "".join(t.text or "" for t in r.findall(f"{W}t"))]
    assert thai and latin
    assert all(r.find(f"{W}rPr/{W}cs") is not None for r in thai)
    assert all(r.find(f"{W}rPr/{W}cs") is None for r in latin)
    text = "".join(t.text for t in document.iter(f"{W}t"))
    assert "๒๕๖๓" in text and "2563" not in text       # Thai digits as characters
    assert "saraban@dla.go.th" in text                  # e-mail as typed
    with zipfile.ZipFile(seed) as z:                    # the font is named, not embedded
        assert not [n for n in z.namelist() if "font" in n.lower()]


def test_page_setup_and_page_numbers(seed):
    form = default_form("external")
    document = part(seed, "word/document.xml")
    sect = document.findall(f".//{W}sectPr")[0]
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert int(size.get(f"{W}w")) == round(form.get("page", "width") * TWIPS_PER_CM)
    assert int(margins.get(f"{W}left")) == round(form.get("page", "left") * TWIPS_PER_CM)
    assert int(margins.get(f"{W}top")) == round(form.get("page", "continuation_top") * TWIPS_PER_CM)
    assert sect.find(f"{W}titlePg") is not None                       # page 1 has no number
    assert sect.find(f"{W}pgNumType").get(f"{W}fmt") == "thaiNumbers"
    d = docx.Document(str(seed)).sections[0]
    assert d.different_first_page_header_footer
    assert d.first_page_header.paragraphs[0].text == ""
    header = d.header._element
    assert "PAGE" in "".join(t.text for t in header.iter(f"{W}instrText"))
    assert "".join(t.text for t in header.iter(f"{W}t")) == "- ๒ -"   # "- " field "๒" " -"
    # the QR page is a section of its own: no page number there
    qr = docx.Document(str(seed)).sections[1]
    assert "PAGE" not in "".join(t.text or "" for t in qr.header._element.iter(f"{W}instrText"))


def test_emblem_floats_at_the_form_box(seed):
    form = default_form("external")
    document = part(seed, "word/document.xml")
    anchor = document.find(f".//{{*}}anchor")
    assert anchor is not None
    ext = anchor.find("{*}extent")
    assert abs(int(ext.get("cy")) / 360000 - form.get("emblem", "height")) < 0.01
    top = int(anchor.find("{*}positionV/{*}posOffset").text) / 360000
    assert abs(top - form.get("emblem", "top")) < 0.01


def test_qr_code_is_a_600_dpi_png_that_decodes(seed, tmp_path):
    from PIL import Image

    with zipfile.ZipFile(seed) as z:
        pngs = [n for n in z.namelist() if n.startswith("word/media/")]
        images = {n: z.read(n) for n in pngs}
    qr = [data for data in images.values() if Image.open(io.BytesIO(data)).mode == "1"]
    assert len(qr) == 1
    image = Image.open(io.BytesIO(qr[0]))
    assert round(image.info["dpi"][0]) == 600
    assert abs(image.width / 600 * 2.54 - 5.0) < 0.2     # 5 cm at 600 dpi
    (tmp_path / "qr.png").write_bytes(qr[0])
    out = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "qr.png")], capture_output=True, text=True)
    assert out.stdout.strip() == "https://www.dla.go.th/servlet/EbookServlet"


def test_memo_head_and_red_urgency(memo):
    paragraphs = _paragraphs(memo)
    title = [p for p in paragraphs if p.style.name == "บันทึกข้อความ"]
    assert title and title[0].text == "บันทึกข้อความ"
    fields = [p.text for p in paragraphs if p.style.name == "หัวบันทึก"]
    assert fields[0].startswith("ส่วนราชการ\tกองพัฒนา")
    assert fields[1].startswith("ที่\tมท") and "\tวันที่\t๒๐ พฤศจิกายน ๒๕๖๔" in fields[1]
    assert fields[2].startswith("เรื่อง\tขออนุมัติ")
    urgency = [p for p in paragraphs if p.style.name == "ชั้นความเร็ว"]
    assert urgency and urgency[0].text == "ด่วน"
    styles = part(memo, "word/styles.xml")
    red = styles.find(f"{W}style[@{W}styleId='Urgency']/{W}rPr/{W}color").get(f"{W}val")
    assert red == "D90000"
    # the leaders of the header lines are dotted tab stops
    tabs = [t.get(f"{W}leader") for t in part(memo, "word/document.xml").iter(f"{W}tab") if t.get(f"{W}pos")]
    assert tabs.count("dot") >= 4


def test_secrecy_copies_and_typed_signature(tmp_path):
    spec = letter_variant(tmp_path, {
        'kind = "external"': 'kind = "external"\nsecrecy = "ลับ"\ncopies = ["ผู้ว่าราชการจังหวัดน่าน"]',
        'position = ["อธิบดี': 'typed = true, position = ["อธิบดี'})
    build(spec, tmp_path / "x.docx")
    d = docx.Document(str(tmp_path / "x.docx"))
    styles = {p.style.name for p in d.paragraphs}
    assert {"ลายมือชื่อ", "สำเนาส่ง"} <= styles
    stamps = [p for s in d.sections for h in (s.header, s.first_page_header, s.footer)
              for p in h.paragraphs if p.style.name == "ชั้นความลับ"]
    assert {p.text for p in stamps} == {"ลับ"} and len(stamps) >= 4  # top and bottom, every page


def test_same_bytes_every_run_and_source_date_epoch(tmp_path, monkeypatch):
    build(SEED_SPEC, tmp_path / "a.docx")
    build(SEED_SPEC, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1637798400")  # 2021-11-25
    build(SEED_SPEC, tmp_path / "c.docx")
    with zipfile.ZipFile(tmp_path / "c.docx") as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(2021, 11, 25)}
    assert docx.Document(str(tmp_path / "c.docx")).core_properties.created.year == 2021


def test_merge_writes_a_docx_per_row_and_the_list(tmp_path):
    result = build(EXAMPLE_LETTER, tmp_path / "out", "docx")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len([n for n in names if n.startswith("TH-")]) == 76 == result.letters
    assert "distribution-list.docx" in names and "circular.docx" in names
    assert not [n for n in names if n.endswith(".pdf")]
    one = docx.Document(str(tmp_path / "out" / "TH-50.docx"))
    assert any(p.text.endswith("ผู้ว่าราชการจังหวัดเชียงใหม่") for p in one.paragraphs if p.style.name == "เรียน")
    listed = [p.text for p in docx.Document(str(tmp_path / "out" / "distribution-list.docx")).paragraphs
              if p.style.name == "รายชื่อ"]
    assert len(listed) == 76 and listed[0].startswith("\t๑.\tผู้ว่าราชการจังหวัด")


def test_format_both_for_a_single_letter(tmp_path):
    result = build(SEED_SPEC, tmp_path / "out", "both")
    assert sorted(p.name for p in result.files) == ["letters-seed.docx", "letters-seed.pdf"]
    assert (tmp_path / "out" / "letters-seed.docx").exists()


def test_fixtures_are_here():
    assert (FIXTURES / "letters-emblem.png").exists()


def test_items_and_tables(tmp_path):
    from docx_checks import BODY_SPEC

    (tmp_path / "body.toml").write_text(BODY_SPEC, encoding="utf-8")
    build(tmp_path / "body.toml", tmp_path / "body.docx")
    document = part(tmp_path / "body.docx", "word/document.xml")
    body = [p for p in document.iter(f"{W}p")
            if p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Body"]
    texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in body]
    item, sub = body[texts.index("๑. องค์กรที่ประเมิน ครบทุกแห่ง แล้ว")], body[[t.startswith("๑.๑") for t in texts].index(True)]
    indent = lambda p: int(p.find(f"{W}pPr/{W}ind").get(f"{W}firstLine")) / TWIPS_PER_CM
    assert abs(indent(item) - 2.5) < 0.01 and 2.7 < indent(sub) < 3.2  # where "๑. " ends
    runs = [r for p in body for r in p.iter(f"{W}r")]
    assert any(r.find(f"{W}rPr/{W}i") is not None for r in runs)
    assert any(r.find(f"{W}rPr/{W}b") is not None and r.find(f"{W}rPr/{W}bCs") is not None for r in runs)
    assert any(r.find(f"{W}rPr/{W}u") is not None for r in runs)
    [table] = document.iter(f"{W}tbl")
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None           # repeated on every page
    number = rows[1].findall(f"{W}tc")[1].find(f"{W}p")
    assert "".join(t.text for t in number.iter(f"{W}t")) == "๒๑๑"
    assert number.find(f"{W}pPr/{W}jc").get(f"{W}val") == "right"


def test_svg_emblem_is_drawn_as_png(tmp_path):
    from PIL import Image

    build(MEMO_SPEC, tmp_path / "memo.docx")       # the memo names the neutral emblem.svg
    with zipfile.ZipFile(tmp_path / "memo.docx") as z:
        images = [Image.open(io.BytesIO(z.read(n))) for n in z.namelist() if n.startswith("word/media/")]
    emblem = max(images, key=lambda im: im.width)
    assert emblem.mode == "RGBA" and round(emblem.info["dpi"][0]) == 600
    alpha = emblem.getchannel("A")
    w, h = emblem.size
    assert alpha.getpixel((w // 2, h // 2)) == 0              # the middle of the star is empty
    assert max(alpha.getpixel((x, h // 2)) for x in range(0, w // 8)) > 0   # the outer circle is drawn



def test_geometry_follows_the_form_not_numbers_of_its_own(tmp_path):
    from docx_checks import form_override

    spec = form_override(tmp_path)
    build(spec, tmp_path / "x.docx")
    d = docx.Document(str(tmp_path / "x.docx"))
    assert round(d.sections[0].left_margin.cm, 2) == 2.5
    styles = {s.name: s.paragraph_format for s in d.styles if s.type == 1}
    assert round(styles["ข้อความ"].first_line_indent.cm, 2) == 2.0
    assert round(styles["ข้อความ"].space_before.pt, 1) == 9.0
    assert round(styles["วันที่"].left_indent.cm, 2) == 11.0 - 2.5
    assert round(styles["คำลงท้าย"].left_indent.cm, 2) == 10.5 - 2.5
    sig = styles["ชื่อผู้ลงนาม"]
    centre = (sig.left_indent.cm + (21.0 - 2.5 - 2.0 - sig.right_indent.cm)) / 2 + 2.5
    assert abs(centre - 12.0) < 0.1


@pytest.mark.parametrize("stamp,style", [("urgency", "Urgency"), ("secrecy", "Secrecy")])
def test_stamps_in_the_pdfs_red(tmp_path, stamp, style):
    """Urgency and secrecy are red in Word, the very red saraban's PDF prints them in."""
    import pdfplumber

    spec = letter_variant(tmp_path, {'kind = "external"': 'kind = "external"\nurgency = "ด่วนที่สุด"\nsecrecy = "ลับ"'})
    build(spec, tmp_path / "x.pdf")
    build(spec, tmp_path / "x.docx")
    word = part(tmp_path / "x.docx", "word/styles.xml").find(f"{W}style[@{W}styleId='{style}']/{W}rPr/{W}color")
    text = "ด่วนที่สุด" if stamp == "urgency" else "ลับ"
    with pdfplumber.open(str(tmp_path / "x.pdf")) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"] in text and c["non_stroking_color"] not in ((0,), (0, 0, 0))]
    assert chars
    printed = {"".join(f"{round(v * 255):02X}" for v in c["non_stroking_color"]) for c in chars}
    assert printed == {word.get(f"{W}val")}
    assert int(word.get(f"{W}val")[:2], 16) > 180 and word.get(f"{W}val")[2:] == "0000"   # red


def test_the_offices_font_at_its_own_points(tmp_path):
    """A letter in an office's font (here Laksaman with private-use glyphs, as TH SarabunIT๙ has
    them, in the letter's fonts/ folder): Word gets that family named for Thai and Latin, and 16 TH
    points in that family's own scale (11 pt here; Sarabun's is 10.5 pt, a TH font's 16 pt)."""
    import shutil

    from conftest import pua_font_dir

    (tmp_path / "fonts").mkdir()
    shutil.copy(pua_font_dir() / "LaksamanPUA.ttf", tmp_path / "fonts")
    spec = letter_variant(tmp_path, {'kind = "external"': 'kind = "external"\nfont = "Laksaman PUA"'})
    build(spec, tmp_path / "x.docx")
    rpr = part(tmp_path / "x.docx", "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts = rpr.find(f"{W}rFonts")
    assert fonts.get(f"{W}cs") == fonts.get(f"{W}ascii") == "Laksaman PUA"
    family = FontLibrary([tmp_path / "fonts"]).family("Laksaman PUA")
    size = int(rpr.find(f"{W}szCs").get(f"{W}val"))
    assert size == round(family.point_size(16) * 2) == int(rpr.find(f"{W}sz").get(f"{W}val"))
    assert size != round(FontLibrary().family("Sarabun").point_size(16) * 2)   # not Sarabun's size
    with zipfile.ZipFile(tmp_path / "x.docx") as z:
        assert not [n for n in z.namelist() if "font" in n.lower()]


def test_dated_as_the_pdf(tmp_path, monkeypatch):
    """Without SOURCE_DATE_EPOCH the DOCX is dated when it is built, as the PDF of the same run is
    (not a fixed date of its own); a SOURCE_DATE_EPOCH that is not a number is an error naming it."""
    import datetime as dt

    import pypdf

    from saraban.errors import SarabanError

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    spec = letter_variant(tmp_path)
    build(spec, tmp_path / "out", "both")
    created = docx.Document(str(tmp_path / "out" / "letter.docx")).core_properties.created
    created = created.astimezone(dt.timezone.utc).replace(tzinfo=None) if created.tzinfo else created
    pdf = pypdf.PdfReader(str(tmp_path / "out" / "letter.pdf")).metadata.creation_date
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    assert abs((now - created).total_seconds()) < 120
    assert abs((pdf.astimezone(dt.timezone.utc).replace(tzinfo=None) - created).total_seconds()) < 60
    with zipfile.ZipFile(tmp_path / "out" / "letter.docx") as z:
        assert {i.date_time[:3] for i in z.infolist()} == {created.timetuple()[:3]}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(SarabanError, match="SOURCE_DATE_EPOCH='yesterday' is not a number"):
        build(spec, tmp_path / "x.docx")
