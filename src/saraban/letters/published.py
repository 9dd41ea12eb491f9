"""A letter's QR code to a published booklet (public): ``booklet = "TH-50"`` in an enclosure.

A circular that announces the result booklets encloses a QR code to each province's page on the
catalogue site (``saraban publish``).  The address is not typed in the letter: it comes from the
booklets' ``manifest.json`` — the base URL the booklets were built with (the definition's
``base_url`` or ``booklet --base-url``: one setting, which ``publish`` also takes from the
manifest) and the year — and the page's name from :mod:`saraban.reports.naming`, the module that
names the site's pages.  So the letter's code, the booklet's cover code and the site always agree.

    [[enclosures]]
    text = "QR Code รายงานผลการประเมินฯ ของจังหวัด"
    booklet = "{{ code }}"              # TH-50, 50, เชียงใหม่ or Chiang Mai; TH: the national booklet
    booklets = "../../out/booklets"     # where `saraban booklet` wrote them (or their manifest.json)
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError, Location

#: What ``booklet`` may say for the national summary booklet.
NATIONAL_NAMES = ("TH", "NATIONAL", "ประเทศไทย", "ระดับประเทศ")


def booklet_page_url(folder: Path, which: str, booklets: str | None, where: Location,
                     cache: dict | None = None) -> str:
    """The address of the page of booklet ``which`` (a province, or the national booklet) on the
    catalogue site of the booklets in ``booklets`` (a folder written by ``saraban booklet``, or its
    ``manifest.json``; relative to the letter's ``folder``).  Errors name the spec's line."""
    from ..reports.build import MANIFEST_NAME
    from ..reports.model import province_code, provinces
    from ..reports.naming import NATIONAL, page_url

    if not booklets:
        raise InputError(f"booklet = {which!r} needs booklets = the folder that saraban booklet wrote "
                         "(its manifest.json holds the catalogue site's address and the year)", where)
    path = (folder / booklets).resolve()
    manifest_path = path if path.suffix == ".json" else path / MANIFEST_NAME
    manifest = _manifest(manifest_path, where, cache)
    name = which.strip()
    code = NATIONAL if name.upper() in NATIONAL_NAMES else province_code(name)
    if code is None:
        raise InputError(f"booklet = {which!r}: not a province (give TH-50, 50, เชียงใหม่ or Chiang Mai; "
                         "TH for the national booklet)", where)
    if not any(b.get("province") == code for b in manifest["booklets"]):
        what = "national booklet" if code == NATIONAL else f"booklet of {code} ({provinces()[code].name_th})"
        raise InputError(f"{manifest_path} lists no {what}: build it with saraban booklet first", where)
    return page_url(manifest["base_url"], int(manifest["year_be"]), code)


def _manifest(path: Path, where: Location, cache: dict | None) -> dict:
    """The booklets' manifest (read once per build), checked for what the address needs."""
    key = ("manifest", str(path))
    if cache is not None and key in cache:
        return cache[key]
    if not path.is_file():
        raise InputError(f"booklets: no {path.name} at {str(path.parent)!r} — give the folder that "
                         "saraban booklet wrote", where)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not (manifest["base_url"] and isinstance(manifest["booklets"], list) and int(manifest["year_be"])):
            raise ValueError("empty")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"booklets: {str(path)!r} is not a manifest written by saraban booklet "
                         f"({type(exc).__name__}: {exc})", where) from exc
    if cache is not None:
        cache[key] = manifest
    return manifest
