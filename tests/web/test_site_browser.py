"""The catalogue site in a real browser: headless Chromium (Debian's ``chromium``, driven by
Playwright with the system browser) opens the site from a local server, at phone and desktop
widths; Thai is set in the site's Sarabun; search finds an LAO and its link leads to the right
booklet and row; every link and image resolves; no console errors; without JavaScript the list is
all there.  Screenshots go to ``SARABAN_SCREENSHOTS`` when set (to look at them)."""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from saraban.reports.build import MANIFEST_NAME, build_booklets
from saraban.reports.publish import publish
from saraban.reports.sample import write_sample

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Phone (a common Android width) and desktop viewports, CSS pixels.
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102 - no request log in the test output
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    write_sample(data, seed=11, provinces_filter=["TH-50", "TH-83", "TH-58"])
    booklets = tmp_path_factory.mktemp("booklets")
    build_booklets([data], booklets, all_provinces=True, imposition="saddle")
    folder = tmp_path_factory.mktemp("site") / "site"
    publish(booklets, folder)
    manifest = json.loads((booklets / MANIFEST_NAME).read_text(encoding="utf-8"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder, manifest
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is required for the site tests (Debian package chromium; .ci/run installs it)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


def open_page(browser, url: str, size: tuple[int, int], js: bool = True):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, java_script_enabled=js)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    page.on("response", lambda r: errors.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    return context, page, errors


def shoot(page, name: str) -> None:
    folder = os.environ.get("SARABAN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def check_links_and_images(page, base: str) -> int:
    """Every link within the site answers 200, every image is loaded; returns how many links."""
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    checked = 0
    for link in sorted(set(links)):
        if not link.startswith(base):
            continue
        response = page.request.get(link.split("#")[0])
        assert response.status == 200, link
        checked += 1
    broken = page.eval_on_selector_all("img", "els => els.filter(e => !e.complete || e.naturalWidth === 0)"
                                              ".map(e => e.src)")
    assert broken == []
    return checked


def thai_font_in_use(page) -> bool:
    """The page's Thai text is set in the site's own Sarabun (loaded from the site)."""
    page.evaluate("document.fonts.ready.then(() => true)")
    return page.evaluate("""() => [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Sarabun'
                                                        && f.status === 'loaded')
                                 && document.fonts.check('16px Sarabun', 'ภาษาไทย')""")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_index_and_booklet_page(browser, site, width):
    base, folder, manifest = site
    context, page, errors = open_page(browser, f"{base}/index.html", WIDTHS[width])
    try:
        assert page.get_attribute("html", "lang") == "th"
        assert page.title() == "รายงานผลการประเมิน LPA ประจำปี พ.ศ. 2563"
        assert page.locator(".card:visible").count() == 4
        assert thai_font_in_use(page)
        # nothing wider than a phone's screen
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert check_links_and_images(page, base) >= 2 + len(manifest["booklets"])  # home, sitemap, pages
        shoot(page, f"index-{width}")
        page.click("text=จังหวัดเชียงใหม่")
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/lpa-2563-th-50-chiang-mai.html")
        assert page.get_attribute("html", "lang") == "th"
        assert page.locator("h1").inner_text().endswith("จังหวัดเชียงใหม่ ประจำปี ๒๕๖๓")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert thai_font_in_use(page)
        check_links_and_images(page, base)
        shoot(page, f"booklet-{width}")
        assert errors == []
    finally:
        context.close()


def test_search_for_an_lao_leads_to_its_booklet(browser, site):
    base, folder, manifest = site
    entry = next(b for b in manifest["booklets"] if b["province"] == "TH-58")
    code, name, district, overall, band = entry["lao_rows"][len(entry["lao_rows"]) // 2]
    context, page, errors = open_page(browser, f"{base}/index.html", WIDTHS["desktop"])
    try:
        page.fill("#q", name)
        results = page.locator("#results a")
        results.first.wait_for()
        assert name in results.all_inner_texts()
        page.locator("#results a", has_text=name).first.click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith(f"/lpa-2563-th-58-mae-hong-son.html#lao-{code}")
        row = page.locator(f"#lao-{code}")
        assert row.locator("th").inner_text() == name
        assert row.is_visible()
        shoot(page, "search-result")
        # a province's name filters the cards
        page.goto(f"{base}/index.html", wait_until="networkidle")
        page.fill("#q", "ภูเก็ต")
        page.wait_for_function("document.querySelectorAll('.card:not([hidden])').length === 1")
        assert page.locator(".card:visible .name").all_inner_texts() == ["จังหวัดภูเก็ต"]
        assert "พบ 1 จังหวัด" in page.locator("#status").inner_text()
        assert errors == []
    finally:
        context.close()


def test_without_javascript_everything_is_listed(browser, site):
    base, folder, manifest = site
    context, page, errors = open_page(browser, f"{base}/index.html", WIDTHS["phone"], js=False)
    try:
        assert page.locator("#search").is_hidden()
        assert page.locator(".card:visible").count() == len(manifest["booklets"])
        assert errors == []
    finally:
        context.close()
