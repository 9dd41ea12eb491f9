"""Figures of the booklets (public, pure): per-province and national aggregates and ranks.

Means are plain means over LAOs of the dimension and overall % (as the DLA publishes them); ranks
are competition ranks (1, 2, 2, 4) by overall % descending, ties broken by nothing — equal scores
share a rank.  The province league table ranks the 76 provinces by their mean overall %.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from statistics import fmean
from typing import Mapping, Sequence

from .model import BANDS, BANGKOK, LAO_TYPES, Dataset, Lao, LpaScore, provinces


@dataclass(frozen=True)
class ServiceFigure:
    service_th: str
    laos: int
    mean: float
    respondents: int

    @property
    def percent(self) -> float:
        return self.mean * 20


@dataclass(frozen=True)
class Figures:
    """The numbers of one province (or of the nation)."""

    code: str
    laos: int
    assessed: int
    by_type: Mapping[str, int]
    passed: int
    mean_overall: float | None
    dimension_means: tuple[float, ...]
    bands: Mapping[str, int]
    services: tuple[ServiceFigure, ...]
    satisfaction_mean: float | None
    respondents: int

    @property
    def pass_percent(self) -> float | None:
        return 100 * self.passed / self.assessed if self.assessed else None


def competition_ranks(values: Sequence[float]) -> list[int]:
    """1-based ranks, highest first; equal values share the better rank (1, 2, 2, 4)."""
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0] * len(values)
    for pos, i in enumerate(order):
        if pos and values[i] == values[order[pos - 1]]:
            ranks[i] = ranks[order[pos - 1]]
        else:
            ranks[i] = pos + 1
    return ranks


def figures(code: str, laos: Sequence[Lao], dataset: Dataset) -> Figures:
    scores = [dataset.lpa[l.dla_code] for l in laos if l.dla_code in dataset.lpa]
    by_type = Counter(l.lao_type for l in laos)
    bands = Counter(s.band for s in scores)
    per_service: dict[str, list] = defaultdict(list)
    lao_means, respondents = [], 0
    for lao in laos:
        surveys = dataset.surveys.get(lao.dla_code, ())
        if surveys:
            lao_means.append(fmean(s.mean for s in surveys))
        for s in surveys:
            per_service[s.service_th].append(s)
            respondents += s.respondents
    services = tuple(sorted((ServiceFigure(name, len(items), fmean(s.mean for s in items),
                                           sum(s.respondents for s in items))
                             for name, items in per_service.items()), key=lambda f: -f.mean))
    return Figures(
        code=code, laos=len(laos), assessed=len(scores),
        by_type={k: by_type.get(k, 0) for k in LAO_TYPES},
        passed=sum(s.passed for s in scores),
        mean_overall=fmean(s.overall for s in scores) if scores else None,
        dimension_means=tuple(fmean(s.dimensions[i] for s in scores) for i in range(5)) if scores else (),
        bands={name: bands.get(name, 0) for _, name in BANDS},
        services=services,
        satisfaction_mean=fmean(lao_means) if lao_means else None,
        respondents=respondents,
    )


@dataclass(frozen=True)
class LaoRow:
    """One line of a province's LAO table."""

    lao: Lao
    score: LpaScore | None
    rank: int | None
    satisfaction: float | None   # mean of its services' means (1–5)


@dataclass(frozen=True)
class Report:
    """Everything a province booklet prints."""

    province: str
    figures: Figures
    national: Figures
    rank: int | None             # among the provinces with results
    ranked_provinces: int
    rows: tuple[LaoRow, ...]     # grouped by district, then by code


def lao_rows(laos: Sequence[Lao], dataset: Dataset) -> tuple[LaoRow, ...]:
    scored = [l for l in laos if l.dla_code in dataset.lpa]
    ranks = dict(zip((l.dla_code for l in scored),
                     competition_ranks([dataset.lpa[l.dla_code].overall for l in scored])))
    rows = []
    for lao in laos:
        surveys = dataset.surveys.get(lao.dla_code, ())
        rows.append(LaoRow(lao, dataset.lpa.get(lao.dla_code), ranks.get(lao.dla_code),
                           fmean(s.mean for s in surveys) if surveys else None))
    return tuple(rows)


@dataclass(frozen=True)
class League:
    """The province league table and the national figures."""

    national: Figures
    provinces: Mapping[str, Figures]
    ranks: Mapping[str, int]


def league(dataset: Dataset) -> League:
    by_province: dict[str, list[Lao]] = defaultdict(list)
    for lao in dataset.laos:
        by_province[lao.province_code].append(lao)
    figs = {code: figures(code, by_province.get(code, []), dataset) for code in provinces() if code != BANGKOK}
    ranked = [c for c, f in figs.items() if f.mean_overall is not None]
    ranks = dict(zip(ranked, competition_ranks([round(figs[c].mean_overall, 2) for c in ranked])))
    return League(figures("TH", list(dataset.laos), dataset), figs, ranks)


def report(code: str, dataset: Dataset, table: League) -> Report:
    laos = dataset.laos_of(code)
    return Report(code, table.provinces[code], table.national, table.ranks.get(code), len(table.ranks),
                  lao_rows(laos, dataset))
