"""The catalogue site (saraban publish): every booklet with its page, PDF, print file and
thumbnail; names from one place; the QR code on each cover leads to the booklet's page; summary
numbers as HTML text; markup in names escaped; sitemap and Open Graph; the base URL agreed with
the booklets; restyling with a templates folder; identical bytes on a rerun; errors with the file."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from saraban.errors import InputError
from saraban.reports.build import MANIFEST_NAME, build_booklets
from saraban.reports.publish import THUMB_WIDTH, links_of, publish
from saraban.reports.sample import write_sample

BASE = "https://ebook.example.go.th/lpa"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def booklets(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    write_sample(data, seed=7, provinces_filter=["TH-83", "TH-58"])
    laos = (data / "laos.csv").read_text(encoding="utf-8").splitlines()
    first = laos[3].split(",")
    laos[3] = ",".join(first[:1] + ['"บ้าน<b>&amp;""ทดสอบ"""'] + first[2:])
    (data / "laos.csv").write_text("\n".join(laos) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("booklets")
    build_booklets([data], out, all_provinces=True, imposition="saddle", base_url=BASE)
    return out


@pytest.fixture(scope="module")
def site(booklets, tmp_path_factory):
    folder = tmp_path_factory.mktemp("site") / "site"
    publish(booklets, folder)
    return folder


def test_every_booklet_has_its_files_and_every_link_resolves(booklets, site):
    manifest = json.loads((booklets / MANIFEST_NAME).read_text(encoding="utf-8"))
    names = {"TH-83": "lpa-2563-th-83-phuket", "TH-58": "lpa-2563-th-58-mae-hong-son", "TH": "lpa-2563-national"}
    assert {b["province"] for b in manifest["booklets"]} == set(names)
    for entry in manifest["booklets"]:
        stem = names[entry["province"]]
        for suffix in (".html", ".pdf", "-print.pdf", ".png"):
            assert (site / f"{stem}{suffix}").is_file(), stem + suffix
        assert (site / f"{stem}.pdf").read_bytes() == (booklets / entry["file"]).read_bytes()
    pages = sorted(site.glob("*.html"))
    assert len(pages) == 4
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert '<html lang="th">' in text
        for link in links_of(text):
            if link.startswith(("https://", "http://")):
                assert link.startswith(BASE), (page.name, link)
                continue
            if link == "data:,":  # the empty icon (no favicon.ico request)
                continue
            target = link.split("#")[0] or page.name
            assert (site / target).is_file(), (page.name, link)
            if "#" in link:
                anchor = link.split("#")[1]
                assert f'id="{anchor}"' in (site / target).read_text(encoding="utf-8")


def test_booklet_page_has_the_numbers_as_text_and_open_graph(booklets, site):
    manifest = json.loads((booklets / MANIFEST_NAME).read_text(encoding="utf-8"))
    entry = next(b for b in manifest["booklets"] if b["province"] == "TH-58")
    page = (site / "lpa-2563-th-58-mae-hong-son.html").read_text(encoding="utf-8")
    f = entry["figures"]
    assert f"<title>{html.escape(entry['title'], quote=False)}</title>" in page
    assert f"{f['passed']:,} แห่ง (ร้อยละ {f['pass_percent']:.2f})" in page
    assert f"<td>{f['mean_overall']:.2f}</td>" in page
    assert f"{f['rank']} จาก {f['ranked_provinces']} จังหวัด" in page
    for value in f["dimension_means"]:
        assert f"<td>{value:.2f}</td>" in page
    assert f"{entry['pages']} หน้า" in page
    assert f'<meta property="og:url" content="{BASE}/lpa-2563-th-58-mae-hong-son.html">' in page
    assert f'<meta property="og:image" content="{BASE}/lpa-2563-th-58-mae-hong-son.png">' in page
    assert '<link rel="canonical"' in page
    for code, name, district, overall, band in entry["lao_rows"]:
        assert f'id="lao-{code}"' in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") == 4 and f"<loc>{BASE}/lpa-2563-th-83-phuket.html</loc>" in sitemap


def test_markup_in_a_name_is_escaped(site):
    pages = "".join(p.read_text(encoding="utf-8") for p in site.glob("*.html"))
    assert "บ้าน&lt;b&gt;&amp;amp;&#34;ทดสอบ&#34;" in pages
    assert "<b>&amp;" not in pages
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    assert any('บ้าน<b>&amp;"ทดสอบ"' in lao[0] for lao in index["laos"])


def test_thumbnails_are_the_covers(site):
    from PIL import Image

    image = Image.open(site / "lpa-2563-th-83-phuket.png")
    assert image.size[0] == THUMB_WIDTH and 1.40 < image.size[1] / image.size[0] < 1.43
    top = image.convert("RGB").getpixel((5, 5))
    assert abs(top[2] - 0x8a) < 8 and top[0] < 60  # the cover's colour band


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is needed")
def test_cover_qr_leads_to_the_booklets_page(booklets, site, tmp_path):
    """The code on the front cover and the one on the back cover (the last page) of every booklet."""
    import pypdf

    for pdf in sorted(p for p in booklets.glob("*.pdf") if not p.name.endswith("-print.pdf")):
        last = len(pypdf.PdfReader(pdf).pages)
        for number in (1, last):
            png = tmp_path / f"{pdf.stem}-{number}"
            subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", str(number), "-l", str(number), "-singlefile",
                            str(pdf), str(png)], check=True)
            url = subprocess.run(["zbarimg", "-q", "--raw", f"{png}.png"], capture_output=True,
                                 check=True).stdout.decode().strip()
            assert url.startswith(BASE + "/"), (pdf.name, number, url)
            page = site / url[len(BASE) + 1:]
            assert page.is_file(), url
            # the page it leads to offers this very booklet
            pdf_link = re.search(r'<a class="button" href="([^"]+)"', page.read_text(encoding="utf-8"))[1]
            assert (site / pdf_link).read_bytes() == pdf.read_bytes()


def test_rerun_gives_identical_bytes(booklets, site, tmp_path):
    again = tmp_path / "again"
    publish(booklets, again, base_url=BASE + "/")
    for path in sorted(site.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_base_url_is_one_setting(booklets, tmp_path):
    with pytest.raises(InputError, match="QR codes point at https://ebook.example.go.th/lpa"):
        publish(booklets, tmp_path / "s", base_url="https://elsewhere.example/lpa")
    assert not (tmp_path / "s").exists()


def test_restyled_with_a_templates_folder(booklets, tmp_path):
    theirs = tmp_path / "theirs"
    shutil.copytree(ROOT / "reports" / "site", theirs)
    (theirs / "style.css").write_text("body { background: #ffe; }\n", encoding="utf-8")
    page = (theirs / "booklet.html.j2").read_text(encoding="utf-8")
    (theirs / "booklet.html.j2").write_text(page.replace("<h1>{{ b.title }}</h1>",
                                                         "<h1 class=\"mine\">{{ b.title }}</h1>"), encoding="utf-8")
    out = tmp_path / "site"
    publish(booklets, out, templates=theirs)
    assert (out / "style.css").read_text(encoding="utf-8") == "body { background: #ffe; }\n"
    assert '<h1 class="mine">' in (out / "lpa-2563-th-83-phuket.html").read_text(encoding="utf-8")
    (theirs / "index.html.j2").write_text("{% extends 'base.html.j2' %}\n{% block main %}{{ nope }}{% endblock %}\n",
                                          encoding="utf-8")
    with pytest.raises(InputError, match="nope") as err:
        publish(booklets, tmp_path / "site2", templates=theirs)
    assert "index.html.j2, line 2" in str(err.value)
    (theirs / "index.html.j2").write_text("\n{% if %}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        publish(booklets, tmp_path / "site3", templates=theirs)
    assert "index.html.j2, line 2" in str(err.value)


@pytest.mark.parametrize("body, words", [
    ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
     "ran for more than 1 seconds"),
    ("{{ 'x' * 10**9 }}", "'*' would make 1,000,000,000 characters; a template may make at most 10,000,000"),
    ("{% for i in range(99999) %}{{ 'ก' * 99999 }}{% endfor %}", "the template's text is over 10,000,000"),
])
def test_a_restyled_template_has_the_rendering_budget(booklets, tmp_path, monkeypatch, body, words):
    """A site template from --templates runs in the same budget as letters' templates (ten times
    the text, for whole pages): an error at its line, not hours or gigabytes; nothing written."""
    import saraban.template_budget as budget

    monkeypatch.setattr(budget, "TEMPLATE_SECONDS", 1.0)
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "index.html.j2").write_text("<!doctype html>\n" + body + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        publish(booklets, tmp_path / "site", templates=theirs)
    assert words in str(err.value) and "index.html.j2, line 2" in str(err.value)
    assert not (tmp_path / "site").exists()


def test_repository_copy_of_the_templates_is_the_bundled_one():
    bundled = ROOT / "src" / "saraban" / "reports" / "site"
    copy = ROOT / "reports" / "site"
    assert sorted(p.name for p in copy.iterdir()) == sorted(p.name for p in bundled.iterdir())
    for path in bundled.iterdir():
        assert (copy / path.name).read_bytes() == path.read_bytes(), path.name


def test_errors_name_the_file(booklets, tmp_path):
    with pytest.raises(InputError, match="no booklet manifest") as err:
        publish(tmp_path, tmp_path / "s")
    assert MANIFEST_NAME in str(err.value)
    changed = tmp_path / "changed"
    shutil.copytree(booklets, changed)
    with (changed / "TH-83.pdf").open("ab") as f:
        f.write(b"%")
    with pytest.raises(InputError, match="differs from the manifest") as err:
        publish(changed, tmp_path / "s")
    assert "TH-83.pdf" in str(err.value)


def test_cli(booklets, tmp_path):
    done = subprocess.run([sys.executable, "-m", "saraban.cli", "publish", str(booklets), "-o",
                           str(tmp_path / "site")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wrote a site of 3 booklets")
    bad = subprocess.run([sys.executable, "-m", "saraban.cli", "publish", str(tmp_path), "-o",
                          str(tmp_path / "site2")], capture_output=True, text=True)
    assert bad.returncode == 1 and "manifest.json" in bad.stderr


LETTER = """\
kind = "external"
number = "มท 0810.7/ว 4419"
date = 2021-11-25
subject = "เผยแพร่รายงานผลการประเมินประสิทธิภาพขององค์กรปกครองส่วนท้องถิ่น ประจำปี 2563"
recipient = "ผู้ว่าราชการจังหวัด ทุกจังหวัด"
emblem = "{emblem}"
owner = {{ name = "กรมส่งเสริมการปกครองท้องถิ่น", address = ["ถนนนครราชสีมา เขตดุสิต กทม. 10300"] }}
body = "กรมส่งเสริมการปกครองท้องถิ่นได้เผยแพร่รายงานผลการประเมินของจังหวัดทางเว็บไซต์ รายละเอียดตามคิวอาร์โค้ดที่ส่งมาด้วย"
signatory = {{ name = "นายประยูร  รัตนเสนีย์", position = ["อธิบดีกรมส่งเสริมการปกครองท้องถิ่น"] }}
contact = {{ unit = "กลุ่มงานส่งเสริมการบริหารกิจการบ้านเมืองที่ดีท้องถิ่น", phone = "0 2241 9000 ต่อ 2322" }}

[[enclosures]]
text = "QR Code รายงานผลการประเมินของจังหวัด"
booklet = "{booklet}"
booklets = "{booklets}"

[merge]
data = "provinces.csv"
filename = "{{{{ code }}}}"
recipient = "ผู้ว่าราชการจังหวัด{{{{ name_th }}}}"
"""


def _letters(folder: Path, booklets: Path, booklet: str, rows: list[tuple[str, str]]) -> Path:
    folder.mkdir()
    (folder / "provinces.csv").write_text("code,name_th\n" + "".join(f"{c},{n}\n" for c, n in rows),
                                          encoding="utf-8")
    spec = folder / "letter.toml"
    emblem = (ROOT / "letters" / "dla-lpa-2563" / "emblem.svg").as_posix()
    spec.write_text(LETTER.format(booklet=booklet, booklets=booklets.as_posix(), emblem=emblem), encoding="utf-8")
    return spec


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is needed")
def test_letter_enclosure_qr_leads_to_the_provinces_page(booklets, site, tmp_path):
    """The circular's QR enclosure (``booklet = "{{ code }}"``) encodes each governor's province
    page on the site that publish wrote: base URL and year from the booklets' manifest, the page
    name from the same naming as the covers' codes."""
    import pypdf

    from saraban.letters.build import build_letters

    # the province given by code in one row and by its Thai name in the other
    spec = _letters(tmp_path / "letter", booklets, "{{ code }}", [("TH-83", "ภูเก็ต"), ("แม่ฮ่องสอน", "แม่ฮ่องสอน")])
    out = tmp_path / "out"
    build_letters(spec, out)
    manifest = json.loads((booklets / MANIFEST_NAME).read_text(encoding="utf-8"))
    files = {"TH-83": "TH-83.pdf", "TH-58": "TH-58.pdf"}
    for letter, province in (("TH-83.pdf", "TH-83"), ("แม่ฮ่องสอน.pdf", "TH-58")):
        pdf = out / letter
        last = len(pypdf.PdfReader(pdf).pages)
        png = tmp_path / pdf.stem
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", str(last), "-l", str(last), "-singlefile",
                        str(pdf), str(png)], check=True)
        url = subprocess.run(["zbarimg", "-q", "--raw", f"{png}.png"], capture_output=True,
                             check=True).stdout.decode().strip()
        assert url.startswith(BASE + "/"), url
        page = site / url[len(BASE) + 1:]
        assert page.is_file(), url
        pdf_link = re.search(r'<a class="button" href="([^"]+)"', page.read_text(encoding="utf-8"))[1]
        assert (site / pdf_link).read_bytes() == (booklets / files[province]).read_bytes()
        assert any(b["province"] == province for b in manifest["booklets"])


def test_letter_enclosure_of_a_booklet_not_built_is_an_error(booklets, tmp_path):
    from saraban.letters.build import build_letters

    spec = _letters(tmp_path / "letter", booklets, "{{ code }}", [("TH-83", "ภูเก็ต"), ("TH-50", "เชียงใหม่")])
    with pytest.raises(InputError, match=r"line 1[0-9]: .*lists no booklet of TH-50 \(เชียงใหม่\).*provinces.csv line 3"):
        build_letters(spec, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    spec = _letters(tmp_path / "nowhere", tmp_path / "missing", "TH", [("TH-83", "ภูเก็ต")])
    with pytest.raises(InputError, match="no manifest.json at .*missing"):
        build_letters(spec, tmp_path / "out")
