"""``saraban sample-data``: the real counts, the published distribution, determinism."""

from __future__ import annotations

import csv
import statistics

import pytest

from saraban.cli import main
from saraban.errors import InputError
from saraban.reports.model import lao_counts
from saraban.reports.sample import generate, write_sample


@pytest.fixture(scope="module")
def full():
    return generate(seed=2563)


def test_real_counts_by_province_and_type(full):
    laos, lpa, surveys = full
    assert len(laos) == 7849 == len(lpa)
    counts = lao_counts()
    for code, row in counts.items():
        mine = [l for l in laos if l["province_code"] == code]
        for t in ("pao", "thesaban_nakhon", "thesaban_mueang", "thesaban_tambon", "tao"):
            assert sum(l["lao_type"] == t for l in mine) == row[t], (code, t)
    assert [l["province_code"] for l in laos if l["lao_type"] == "pattaya"] == ["TH-20"]
    assert not any(l["province_code"] == "TH-10" for l in laos)


def test_codes_and_names(full):
    laos, _, _ = full
    codes = [l["dla_code"] for l in laos]
    assert len(set(codes)) == len(codes)
    for l in laos:
        assert len(l["dla_code"]) == 7 and l["dla_code"].isdigit()
        assert l["dla_code"][1:3] == l["province_code"][3:]
        if l["lao_type"] == "pao":
            assert l["dla_code"][3:] == "0101" and l["district_th"].startswith("เมือง")
    seen = set()
    for l in laos:
        key = (l["province_code"], l["district_th"], l["lao_type"], l["name_th"])
        assert key not in seen  # unique per district
        seen.add(key)


def test_distribution_as_published(full):
    _, lpa, surveys = full
    overall = [float(r["overall"]) for r in lpa]
    assert 83.5 <= statistics.fmean(overall) <= 86.5          # national mean ≈ 85
    assert 5.5 <= statistics.stdev(overall) <= 7.5            # SD ≈ 6.6
    assert sum(o >= 70 for o in overall) / len(overall) >= 0.96   # ≈ 98 % passing
    bands = [o for o in overall if 80 <= o < 90]
    assert len(bands) > len(overall) / 2                         # most in ดีมาก
    for r in lpa:  # overall is the mean of d1–d5
        dims = [float(r[f"d{i}"]) for i in range(1, 6)]
        assert abs(sum(dims) / 5 - float(r["overall"])) <= 0.011
    per_lao: dict[str, int] = {}
    for s in surveys:
        per_lao[s["dla_code"]] = per_lao.get(s["dla_code"], 0) + 1
        assert 1 <= float(s["mean"]) <= 5 and int(s["n_respondents"]) >= 100
    assert set(per_lao.values()) <= {4, 5, 6}


def test_deterministic_and_independent_of_the_other_provinces(tmp_path):
    a = write_sample(tmp_path / "a", seed=7, provinces_filter=["TH-83"])
    write_sample(tmp_path / "b", seed=7, provinces_filter=["TH-83", "TH-50"])
    write_sample(tmp_path / "c", seed=8, provinces_filter=["TH-83"])
    assert a.laos == 19  # Phuket, the smallest province
    text_a = (tmp_path / "a" / "lpa.csv").read_text(encoding="utf-8")
    assert text_a == (write_sample(tmp_path / "a2", seed=7, provinces_filter=["TH-83"]).folder / "lpa.csv").read_text(encoding="utf-8")
    with (tmp_path / "b" / "lpa.csv").open(encoding="utf-8") as fh:
        phuket_b = [r for r in csv.DictReader(fh) if r["dla_code"][1:3] == "83"]
    with (tmp_path / "a" / "lpa.csv").open(encoding="utf-8") as fh:
        assert list(csv.DictReader(fh)) == phuket_b
    assert (tmp_path / "c" / "lpa.csv").read_text(encoding="utf-8") != text_a


def test_scale_and_bad_arguments(tmp_path, capsys):
    assert main(["sample-data", "-o", str(tmp_path / "s"), "--provinces", "TH-30", "--scale", "0.1"]) == 0
    with (tmp_path / "s" / "laos.csv").open(encoding="utf-8") as fh:
        n = sum(1 for _ in csv.DictReader(fh))
    assert n == pytest.approx(334 * 0.1, abs=3)
    with pytest.raises(InputError, match="Bangkok"):
        generate(provinces_filter=["TH-10"])
    assert main(["sample-data", "-o", str(tmp_path / "x"), "--provinces", "TH-99"]) == 1
    assert "unknown province" in capsys.readouterr().err
