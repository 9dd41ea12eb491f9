"""The data a booklet embeds (public): its rows as CSV, a PDF/A-3 associated file.

A reader of the e-book can take the numbers out of the file itself: a province booklet carries
its LAO table (one row per LAO: code, name, type, district, the five dimension scores, the
overall score, band, rank in the province, citizens' satisfaction), the national booklet the
league of provinces.  UTF-8 with a header row, numbers with a full stop and Arabic digits (for
spreadsheets, not for print), empty where the booklet prints "–".
"""

from __future__ import annotations

import csv
import io
from typing import Iterable, Sequence

from ..pdf.archive import Attachment
from .model import provinces

LAO_COLUMNS = ("dla_code", "name_th", "lao_type", "district_th", "year_be", "dimension_1", "dimension_2",
               "dimension_3", "dimension_4", "dimension_5", "overall", "band", "rank_in_province",
               "satisfaction_mean")
PROVINCE_COLUMNS = ("province_code", "name_th", "laos", "assessed", "passed", "pass_percent", "mean_overall",
                    "rank", "satisfaction_mean", "respondents")


def _number(value, decimals: int = 2) -> str:
    return "" if value is None else f"{value:.{decimals}f}"


def _csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def province_csv(report) -> bytes:
    """A province's LAO rows (:class:`saraban.reports.stats.Report`) as CSV."""
    rows = []
    for r in report.rows:
        s = r.score
        rows.append([r.lao.dla_code, r.lao.display_name, r.lao.lao_type, r.lao.district_th,
                     s.year_be if s else "", *([_number(d) for d in s.dimensions] if s else [""] * 5),
                     _number(s.overall if s else None), s.band if s else "", r.rank or "",
                     _number(r.satisfaction)])
    return _csv(LAO_COLUMNS, rows)


def national_csv(table) -> bytes:
    """The league of provinces (:class:`saraban.reports.stats.League`) as CSV."""
    names = provinces()
    rows = [[code, names[code].name_th, f.laos, f.assessed, f.passed, _number(f.pass_percent),
             _number(f.mean_overall), table.ranks.get(code, ""), _number(f.satisfaction_mean), f.respondents]
            for code, f in table.provinces.items()]
    return _csv(PROVINCE_COLUMNS, rows)


def data_attachment(name: str, data: bytes, what: str) -> Attachment:
    """The CSV as the booklet's associated file (``AFRelationship /Data``)."""
    return Attachment(name=name, data=data, mime="text/csv", description=what, relationship="Data")
