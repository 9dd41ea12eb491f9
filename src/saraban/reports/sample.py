"""Synthetic sample data (public): ``saraban sample-data`` — a deterministic dataset in the format
of the booklet data contract, built from the real number of LAOs per province and type.

The recipe is the one of ``docs/lpa-data.md``: DLA codes ``T PP AA NN``; names from common
place-name parts, unique per district; the อบจ. is ``2PP0101`` in อำเภอเมือง; an LPA ability per LAO
(type, region, province and LAO effects, 3 % weak LAOs) from which each dimension draws its
indicator points; 4–6 surveyed services per LAO.  The dataset says it is synthetic
(``dataset.json``), and every booklet built from it says so on its cover and in its footer.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import InputError
from ..pdf.document import atomic_output
from .model import BANGKOK, DIMENSION_COLUMNS, LAO_TYPES, lao_counts, provinces

#: Recipe constants (lpa-data.md, "Realistic synthetic data").
BASE_ABILITY = 78.0
TYPE_EFFECT = {"pao": 3.0, "thesaban_nakhon": 4.0, "thesaban_mueang": 2.0, "thesaban_tambon": 0.0,
               "tao": -1.0, "pattaya": 4.0}
REGION_EFFECT = {"North": 1.5, "Northeast": 1.0, "Central": -0.5, "East": -0.5, "West": -1.0, "South": -1.5}
PROVINCE_SD = 3.0
LAO_SD = 8.5
WEAK_SHARE = 0.03
WEAK_PENALTY = 15.0
DIMENSION_OFFSETS = (-1.5, 4.0, -2.5, -1.0, 1.0)
#: Spread of a dimension around the LAO's ability, in % points.
DIMENSION_SD = 3.0
#: The ability scale above has mean 78 and SD ≈ 9; published results have a national mean ≈ 85,
#: SD ≈ 6.6 and ≈ 98 % passing (2564).  Dimension % = SCORE_CENTRE + SCORE_SPREAD × (ability − 78),
#: measured on the generated data to land on those figures.
SCORE_CENTRE = 86.0
SCORE_SPREAD = 0.70
#: Indicators per dimension (each worth 5 points): maxima differ by type, as in the real forms.
INDICATORS = {"pao": (14, 9, 11, 16, 7), "thesaban_nakhon": (15, 9, 12, 18, 7),
              "thesaban_mueang": (14, 9, 12, 17, 7), "thesaban_tambon": (13, 8, 11, 15, 6),
              "tao": (12, 8, 10, 14, 6), "pattaya": (15, 9, 12, 18, 7)}

SERVICES = ("งานด้านโยธา", "งานด้านการศึกษา", "งานด้านสาธารณสุข", "งานด้านสวัสดิการสังคม",
            "งานด้านรายได้หรือภาษี", "งานด้านป้องกันและบรรเทาสาธารณภัย", "งานด้านสิ่งแวดล้อม",
            "งานด้านพัฒนาชุมชน")
SATISFACTION_MEAN, SATISFACTION_SD, SATISFACTION_RANGE = 4.45, 0.15, (3.8, 4.9)
#: How much an LAO's satisfaction follows its LPA ability (weak, per the spec).
SATISFACTION_LPA_WEIGHT = 0.004

NAME_FIRST = ("หนอง", "บ้าน", "นา", "ดอน", "โคก", "ท่า", "บึง", "วัง", "ห้วย", "ทุ่ง", "โนน", "คลอง",
              "บาง", "สระ", "เขา", "ป่า", "ลำ", "ศรี", "แม่", "เวียง")
NAME_SECOND = ("บัว", "ใหม่", "ทอง", "ยาง", "แก้ว", "หลวง", "กลาง", "สูง", "แดง", "ขาม", "ไผ่", "จันทร์",
               "สวรรค์", "งาม", "ดี", "เจริญ", "สะแก", "โพธิ์", "ม่วง", "ตาล", "มะขาม", "ทราย", "เหล็ก",
               "พระ", "ช้าง")
NAME_THIRD = ("", "", "", "เหนือ", "ใต้", "ตะวันออก", "ตะวันตก", "พัฒนา")
DISTRICT_FIRST = ("บ้าน", "นา", "โพธิ์", "ศรี", "วัง", "ท่า", "บาง", "หนอง", "เขา", "ลาน", "พระ", "ดอน")
DISTRICT_SECOND = ("ไร่", "แพง", "ทอง", "สงคราม", "ชัย", "สะพุง", "กระบือ", "ม่วง", "คำ", "ตะโก", "กรวด",
                   "แก้ว", "หลวง", "เสือ", "ใหญ่", "ยาว")

#: What the booklets say about data from this generator.
SYNTHETIC_NOTE = "ข้อมูลสังเคราะห์เพื่อการทดสอบ ไม่ใช่ผลการประเมินจริง"


@dataclass(frozen=True)
class SampleResult:
    folder: Path
    laos: int
    provinces: int


def _district_names(rng, province_name: str, count: int) -> list[str]:
    names = [f"เมือง{province_name}"]
    pool = [a + b for a in DISTRICT_FIRST for b in DISTRICT_SECOND]
    picks = rng.choice(len(pool), size=count - 1, replace=False) if count > 1 else []
    return names + [pool[i] for i in picks]


def _lao_names(rng, count: int, taken: set[str]) -> list[str]:
    out = []
    while len(out) < count:
        name = (NAME_FIRST[rng.integers(len(NAME_FIRST))] + NAME_SECOND[rng.integers(len(NAME_SECOND))]
                + NAME_THIRD[rng.integers(len(NAME_THIRD))])
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def _scaled(count: int, scale: float, minimum: int = 0) -> int:
    return max(minimum, int(count * scale + 0.5)) if count else 0  # half up, not to even


def generate(seed: int = 2563, provinces_filter: Sequence[str] | None = None, scale: float = 1.0,
             year_be: int = 2563) -> tuple[list[dict], list[dict], list[dict]]:
    """The three tables as lists of rows (strings), deterministic for ``seed``."""
    import numpy as np   # here, not with the module: a booklet run needs only SYNTHETIC_NOTE from it

    table = provinces()
    counts = lao_counts()
    wanted = [c for c in table if c != BANGKOK]
    if provinces_filter:
        unknown = [c for c in provinces_filter if c not in table]
        if unknown:
            raise InputError(f"unknown province code(s): {', '.join(unknown)} (use TH-NN, e.g. TH-50)")
        if BANGKOK in provinces_filter:
            raise InputError("Bangkok (TH-10) is outside the LPA: it has no LAOs to generate")
    laos, lpa, surveys = [], [], []
    for code in wanted:
        # every province draws its random numbers, filtered or not, so a province's data does not
        # depend on which others were asked for
        prov = table[code]
        prov_rng = np.random.default_rng([seed, int(prov.number)])
        province_effect = prov_rng.normal(0, PROVINCE_SD)
        if provinces_filter and code not in provinces_filter:
            continue
        c = counts[code]
        n_districts = max(1, prov.districts)
        districts = _district_names(prov_rng, prov.name_th, n_districts)
        plan: list[tuple[str, int]] = []  # (type, district index)
        plan.append(("pao", 0))
        for k in range(_scaled(c["thesaban_nakhon"], scale)):
            plan.append(("thesaban_nakhon", 0 if k == 0 else int(prov_rng.integers(n_districts))))
        if c["special"] and code == "TH-20":
            plan.append(("pattaya", min(3, n_districts - 1)))
        for k in range(_scaled(c["thesaban_mueang"], scale)):
            plan.append(("thesaban_mueang", int(prov_rng.integers(n_districts))))
        rest = ["thesaban_tambon"] * _scaled(c["thesaban_tambon"], scale) + ["tao"] * _scaled(c["tao"], scale)
        order = prov_rng.permutation(len(rest))
        for j, idx in enumerate(order):
            district = j if j < n_districts else int(prov_rng.integers(n_districts))
            plan.append((rest[idx], district))
        sequence = [0] * n_districts
        taken: dict[int, set[str]] = {d: set() for d in range(n_districts)}
        region = prov.region_en
        for lao_type, d in plan:
            sequence[d] += 1
            dla = f"{LAO_TYPES[lao_type].code_digit}{prov.number}{d + 1:02d}{sequence[d]:02d}"
            if lao_type == "pao":
                name = prov.name_th
            elif lao_type == "pattaya":
                name = "พัทยา"
            elif lao_type == "thesaban_nakhon" and not any(r["lao_type"] == "thesaban_nakhon" for r in laos
                                                           if r["province_code"] == code):
                name = prov.name_th
            else:
                name = _lao_names(prov_rng, 1, taken[d])[0]
            laos.append({"dla_code": dla, "name_th": name, "lao_type": lao_type, "province_code": code,
                         "district_th": districts[d]})
            ability = (BASE_ABILITY + TYPE_EFFECT[lao_type] + REGION_EFFECT.get(region, 0.0)
                       + province_effect + prov_rng.normal(0, LAO_SD))
            if prov_rng.random() < WEAK_SHARE:
                ability -= WEAK_PENALTY
            dims = []
            for offset, k in zip(DIMENSION_OFFSETS, INDICATORS[lao_type]):
                score = SCORE_CENTRE + SCORE_SPREAD * (ability - BASE_ABILITY) + offset
                target = min(100.0, max(0.0, score + prov_rng.normal(0, DIMENSION_SD)))
                points = int(round(target / 100 * 5 * k))
                dims.append(round(points / (5 * k) * 100, 2))
            overall = round(sum(dims) / 5, 2)
            lpa.append({"year_be": str(year_be), "dla_code": dla,
                        **{col: f"{v:.2f}" for col, v in zip(DIMENSION_COLUMNS, dims)},
                        "overall": f"{overall:.2f}"})
            lao_mean = min(SATISFACTION_RANGE[1], max(SATISFACTION_RANGE[0], prov_rng.normal(
                SATISFACTION_MEAN + SATISFACTION_LPA_WEIGHT * (ability - BASE_ABILITY), SATISFACTION_SD)))
            n_services = int(prov_rng.integers(4, 7))
            for s in sorted(prov_rng.choice(len(SERVICES), size=n_services, replace=False)):
                mean = min(5.0, max(1.0, lao_mean + prov_rng.normal(0, 0.08)))
                respondents = int(prov_rng.integers(380, 401)) if prov_rng.random() < 0.85 else \
                    int(prov_rng.integers(100, 1151))
                surveys.append({"year_be": str(year_be), "dla_code": dla, "service_th": SERVICES[s],
                                "mean": f"{mean:.2f}", "sd": f"{prov_rng.uniform(0.45, 0.75):.2f}",
                                "n_respondents": str(respondents)})
    return laos, lpa, surveys


def _csv(rows: list[dict], columns: Sequence[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


LAO_COLUMNS = ("dla_code", "name_th", "lao_type", "province_code", "district_th")
LPA_COLUMNS = ("year_be", "dla_code", *DIMENSION_COLUMNS, "overall")
SURVEY_COLUMNS = ("year_be", "dla_code", "service_th", "mean", "sd", "n_respondents")


def write_sample(folder: Path | str, seed: int = 2563, provinces_filter: Sequence[str] | None = None,
                 scale: float = 1.0, year_be: int = 2563) -> SampleResult:
    """Write ``laos.csv``, ``lpa.csv``, ``satisfaction.csv`` and ``dataset.json`` into ``folder``."""
    if not 0 < scale <= 10:
        raise InputError(f"--scale must be in (0, 10], not {scale}")
    folder = Path(folder)
    laos, lpa, surveys = generate(seed, provinces_filter, scale, year_be)
    meta = {"synthetic": True, "note": SYNTHETIC_NOTE, "generator": "saraban sample-data", "seed": seed,
            "scale": scale, "year_be": year_be, "provinces": sorted({r["province_code"] for r in laos}),
            "data_date": f"{year_be - 543}-09-30"}
    files = {"laos.csv": _csv(laos, LAO_COLUMNS), "lpa.csv": _csv(lpa, LPA_COLUMNS),
             "satisfaction.csv": _csv(surveys, SURVEY_COLUMNS),
             "dataset.json": (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")}
    for name, data in files.items():
        with atomic_output(folder / name) as tmp:
            tmp.write_bytes(data)
    return SampleResult(folder, len(laos), len(meta["provinces"]))
