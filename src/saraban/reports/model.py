"""The booklet data model (public data): provinces, LAOs, LPA scores, satisfaction surveys.

Facts of ``docs/lpa-data.md``: the five dimensions, the LAO types with their Thai names and
the type digit of their DLA code, the pass mark and the bands.  Scores stay numbers (``float``,
two decimals as published) until a formatter prints them.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Mapping

from ..thai.numerals import to_arabic_digits

#: The five LPA dimensions (ด้าน), in their fixed order.
DIMENSIONS = (
    "ด้านการบริหารจัดการ",
    "ด้านการบริหารงานบุคคลและกิจการสภา",
    "ด้านการบริหารงานการเงินและการคลัง",
    "ด้านการบริการสาธารณะ",
    "ด้านธรรมาภิบาล",
)
DIMENSION_COLUMNS = ("d1", "d2", "d3", "d4", "d5")

#: Pass at overall ≥ 70 %.
PASS_MARK = 70.0

#: Bands by overall %: (lower bound, name).  90–100 ดีเด่น, 80–89.99 ดีมาก, 70–79.99 ดี, < 70.
BANDS = ((90.0, "ดีเด่น"), (80.0, "ดีมาก"), (70.0, "ดี"), (0.0, "ต่ำกว่าเกณฑ์"))

#: The overall % published is the mean of the five dimension % rounded to two decimals; a given
#: overall may differ from the recomputed one by rounding only.
OVERALL_TOLERANCE = 0.011


@dataclass(frozen=True)
class LaoType:
    key: str
    name_th: str
    short_th: str
    code_digit: str   # first digit of the DLA code at registration


LAO_TYPES: Mapping[str, LaoType] = {t.key: t for t in (
    LaoType("pao", "องค์การบริหารส่วนจังหวัด", "อบจ.", "2"),
    LaoType("thesaban_nakhon", "เทศบาลนคร", "ทน.", "3"),
    LaoType("thesaban_mueang", "เทศบาลเมือง", "ทม.", "4"),
    LaoType("thesaban_tambon", "เทศบาลตำบล", "ทต.", "5"),
    LaoType("tao", "องค์การบริหารส่วนตำบล", "อบต.", "6"),
    LaoType("pattaya", "เมืองพัทยา", "เมืองพัทยา", "3"),
)}


def band(overall: float) -> str:
    for lower, name in BANDS:
        if overall >= lower:
            return name
    return BANDS[-1][1]


@dataclass(frozen=True)
class Province:
    code: str        # TH-NN
    name_th: str
    name_en: str
    region_th: str
    region_en: str
    districts: int

    @property
    def number(self) -> str:
        return self.code[3:]

    @property
    def assessed(self) -> bool:
        """Bangkok (TH-10) is outside the LPA."""
        return self.code != BANGKOK


BANGKOK = "TH-10"


@functools.lru_cache(maxsize=None)
def provinces() -> Mapping[str, Province]:
    """The 77 rows of the bundled ``provinces.csv`` (76 provinces and Bangkok), by code."""
    text = resources.files("saraban.reports").joinpath("reference").joinpath("provinces.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return {r["code"]: Province(r["code"], r["name_th"], r["name_en"], r["region_th"], r["region_en"],
                                int(r["districts"])) for r in rows}


def province_code(text: str) -> str | None:
    """The code (``TH-50``) of a province given as its code, its number (``50``, ``๕๐``) or its
    Thai or English name (``เชียงใหม่``, ``จังหวัดเชียงใหม่``, ``Chiang Mai``); None if unknown."""
    text = to_arabic_digits(text.strip())
    table = provinces()
    if text.upper() in table:
        return text.upper()
    if text.isdigit() and f"TH-{int(text):02d}" in table:
        return f"TH-{int(text):02d}"
    name = text.removeprefix("จังหวัด").strip()
    for code, p in table.items():
        if name in (p.name_th, p.name_en):
            return code
    return None


@functools.lru_cache(maxsize=None)
def lao_counts() -> Mapping[str, Mapping[str, int]]:
    """LAOs per province and type (DLA registry), by province code."""
    text = resources.files("saraban.reports").joinpath("reference").joinpath(
        "lao_counts_by_province.csv").read_text("utf-8")
    out = {}
    for r in csv.DictReader(text.splitlines()):
        out[r["code"]] = {k: int(r[k]) for k in ("pao", "thesaban_nakhon", "thesaban_mueang",
                                                  "thesaban_tambon", "tao", "special")}
    return out


@dataclass(frozen=True)
class Lao:
    dla_code: str
    name_th: str
    lao_type: str
    province_code: str
    district_th: str

    @property
    def display_name(self) -> str:
        """Prefix + bare name: "องค์การบริหารส่วนตำบลคลองท่อมเหนือ"."""
        t = LAO_TYPES[self.lao_type]
        return t.name_th if self.lao_type == "pattaya" else f"{t.name_th}{self.name_th}"

    @property
    def short_name(self) -> str:
        t = LAO_TYPES[self.lao_type]
        return t.name_th if self.lao_type == "pattaya" else f"{t.short_th}{self.name_th}"


@dataclass(frozen=True)
class LpaScore:
    dla_code: str
    year_be: int
    dimensions: tuple[float, float, float, float, float]
    overall: float

    @property
    def passed(self) -> bool:
        return self.overall >= PASS_MARK

    @property
    def band(self) -> str:
        return band(self.overall)


@dataclass(frozen=True)
class Survey:
    """One surveyed service of one LAO."""

    dla_code: str
    year_be: int
    service_th: str
    mean: float
    sd: float
    respondents: int

    @property
    def percent(self) -> float:
        return self.mean * 20


@dataclass(frozen=True)
class Dataset:
    """Validated data of one year."""

    year_be: int
    laos: tuple[Lao, ...]
    lpa: Mapping[str, LpaScore]
    surveys: Mapping[str, tuple[Survey, ...]]
    synthetic: bool = False
    source: str = ""
    data_date: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)

    def laos_of(self, province_code: str) -> tuple[Lao, ...]:
        return self._by_province.get(province_code, ())

    @functools.cached_property
    def _by_province(self) -> dict[str, tuple[Lao, ...]]:
        """The LAOs of each province, in data order (made once: a national run asks for all 76)."""
        groups: dict[str, list[Lao]] = {}
        for lao in self.laos:
            groups.setdefault(lao.province_code, []).append(lao)
        return {code: tuple(laos) for code, laos in groups.items()}
