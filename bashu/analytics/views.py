"""Dashboards, exports and the printable monthly bulletin (指数看板、导出与月度简报).

They read only stored results; nothing here computes an index.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bashu.analytics import selectors
from bashu.core.errors import InvalidInput
from bashu.core.selectors import county_centres, prefectures_of
from indices.compute import quarter_of

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


def _region_choices() -> list[tuple[str, str]]:
    """Every region the dashboard shows, by name: the zone, the provinces, then Sichuan's
    prefectures (Chongqing's districts hang directly under the municipality)."""
    choices = [(code, selectors.region_name(code)) for code in (selectors.ZONE, "510000", "500000")]
    return choices + [(r.code, r.name) for r in prefectures_of("51")]


def _region_groups(choices: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The region select's option groups: the zone and provinces, then the prefectures."""
    return [(_("川渝与省市"), choices[:3]), (_("四川省各市州"), choices[3:])]


def period_label(period: str) -> str:
    """``2026-11`` as the page's language writes a month (2026年11月, November 2026)."""
    month = dt.date(int(period[:4]), int(period[5:7]), 1)
    return date_format(month, "YEAR_MONTH_FORMAT")


def quarter_label(quarter: str) -> str:
    """``2026Q4`` as 2026年第4季度 / Q4 2026."""
    return _("%(year)s年第%(q)s季度") % {"year": quarter[:4], "q": quarter[5:]}


def chart_labels() -> dict[str, str]:
    """The words the charts draw (titles of axes and series), in the page's language."""
    return {
        "no_data": _("暂无可公布的数据：样本不足 50 人的格已隐去"),
        "index": _("指数"),
        "net": _("净流入（人）"),
        "composite": _("综合指数"),
        "net_series": _("净流入"),
        "share": _("占比"),
        "people": _("人"),
        "ratio": _("求人倍率"),
        "longitude": _("经度"),
        "latitude": _("纬度"),
        "heat": _("热力指数"),
        "sentiment": _("景气指数"),
        "score": _("得分"),
        "composite_score": _("综合得分"),
        "employment_rate_score": _("就业率"),
        "unemployment_rate_score": _("失业率"),
        "insured_share_score": _("参保率"),
        "vacancy_ratio_score": _("求人倍率"),
        "talent_share_score": _("本科及以上"),
        "skilled_share_score": _("技能人才"),
        "graduate_net_rate_score": _("毕业生净流入"),
    }


def _province_of(region: str) -> str:
    return region if region in (selectors.ZONE, "510000", "500000") else region[:2] + "0000"


def dashboard_data(period: str, region: str) -> dict[str, Any]:
    """Everything the charts draw, for one month and one region."""
    year, quarter = period[:4], quarter_of(period)
    province = _province_of(region)
    # A prefecture's cells are often under the publication threshold (most of all in the small
    # demo): its province is drawn beside it as the reference, never a lowered threshold.
    prefecture = region != province
    if region == selectors.ZONE:
        flow_regions = ["510000", "500000"]
    else:
        flow_regions = [region, province] if prefecture else [region]
    counties = selectors.cells(index="heat", period=period, level="county")
    if region != selectors.ZONE:
        prefix = region[:2] if region.endswith("0000") else region[:4]
        counties = counties.filter(region__startswith=prefix)
    coordinates = county_centres()
    heat = []
    for row in selectors.rows(counties):
        lon_lat = coordinates.get(row["region"])
        if lon_lat:
            heat.append({**row, "lon": lon_lat[0], "lat": lon_lat[1]})
    return _with_percentages(
        {
            "period": period,
            "year": year,
            "quarter": quarter,
            "region": region,
            "region_name": selectors.region_name(region),
            # a list, so the region comes before its reference (a JSON object's numeric keys
            # would be read back in numeric order)
            "flow": [
                {
                    "region": code,
                    "name": (
                        _("%(region)s（参照）") % {"region": selectors.region_name(code)}
                        if prefecture and code == province
                        else selectors.region_name(code)
                    ),
                    "reference": prefecture and code == province,
                    **selectors.series(
                        index="talent_flow", measures=("composite", "net"), region=code
                    ),
                }
                for code in flow_regions
            ],
            "demand": selectors.rows(
                selectors.cells(
                    index="job_demand", period=year, region=region, dimension="industry"
                )
            ),
            "vacancy": selectors.rows(
                selectors.cells(
                    index="vacancy_ratio", period=quarter, region=region, dimension="occupation"
                )
            ),
            # The region's ratio over every occupation: published where the groups are too
            # small; a prefecture's province's beside it.
            "vacancy_total": _vacancy_totals(quarter, region, province if prefecture else None),
            "heat": heat,
            "sentiment": selectors.rows(
                selectors.cells(index="sentiment", period=period, region=province)
            ),
            "full_employment": selectors.rows(
                selectors.cells(index="full_employment", period=period, region=region)
            ),
            "unemployment": selectors.rows(
                selectors.cells(index="unemployment", period=quarter, region=region)
            ),
        }
    )


def _vacancy_totals(quarter: str, region: str, reference: str | None) -> list[dict[str, Any]]:
    """The ratio over every occupation of ``region`` (labelled 全部职业) and, for a prefecture,
    of its province (labelled 四川省（参照）)."""
    totals = []
    for code in [region, reference] if reference else [region]:
        for row in selectors.rows(
            selectors.cells(index="vacancy_ratio", period=quarter, region=code, dimension="total")
        ):
            row["label"] = (
                _("全部职业")
                if code == region
                else _("%(region)s（参照）") % {"region": row["region_name"]}
            )
            totals.append(row)
    return totals


PERCENTAGES = {
    "demand": ("share",),
    "unemployment": ("rate",),
    "full_employment": (
        "employment_rate",
        "unemployment_rate",
        "insured_share",
        "talent_share",
        "skilled_share",
    ),
}


def _with_percentages(data: dict[str, Any]) -> dict[str, Any]:
    """Shares beside themselves as percentages with one decimal (``share_pct``), for tables."""
    for part, measures in PERCENTAGES.items():
        for row in data[part]:
            for measure in measures:
                value = row.get(measure)
                row[f"{measure}_pct"] = None if value is None else round(100 * value, 1)
    return data


def dashboard(request: HttpRequest) -> HttpResponse:
    periods = selectors.periods_done()
    choices = _region_choices()
    period = request.GET.get("period") or (periods[0] if periods else "")
    region = request.GET.get("region") or selectors.ZONE
    if period and period not in periods:
        raise Http404(_("该月尚未计算指数"))
    if region not in {code for code, _name in choices}:
        region = selectors.ZONE
    context: dict[str, Any] = {
        "periods": [(p, period_label(p)) for p in periods],
        "period": period,
        "region": region,
        "region_name": dict(choices)[region],
        "regions": choices,
        "region_groups": _region_groups(choices),
    }
    if period:
        data = dashboard_data(period, region)
        catalogue_region = _province_of(region)
        context |= {
            "data": data,
            "labels": chart_labels(),
            "period_label": period_label(period),
            "quarter_label": quarter_label(data["quarter"]),
            "shortage": selectors.shortage_catalogue(year=data["year"], region=catalogue_region),
            "catalogue_region": catalogue_region,
            # a prefecture's page draws its province beside it (dashboard_data)
            "reference_name": (
                selectors.region_name(catalogue_region) if catalogue_region != region else ""
            ),
            "run": selectors.index_run(period),
        }
    return render(request, "analytics/dashboard.html", context)


def bulletin(request: HttpRequest, period: str) -> HttpResponse:
    """The printable monthly bulletin (月度简报)."""
    if period not in selectors.periods_done():
        raise Http404(_("该月尚未计算指数"))
    year, quarter = period[:4], quarter_of(period)

    def top(qs: Any, measure: str, n: int = 10) -> list[dict[str, Any]]:
        rows = [r for r in selectors.rows(qs) if r.get(measure) is not None]
        return sorted(rows, key=lambda r: r[measure], reverse=True)[:n]

    context = {
        "period": period,
        "period_label": period_label(period),
        "quarter_label": quarter_label(quarter),
        "year": year,
        "quarter": quarter,
        "run": selectors.index_run(period),
        "flow": selectors.rows(
            selectors.cells(index="talent_flow", period=period).filter(
                level__in=["province", "prefecture"]
            )
        ),
        "demand": top(
            selectors.cells(
                index="job_demand", period=year, region=selectors.ZONE, dimension="industry"
            ),
            "demand",
        ),
        "vacancy": selectors.rows(
            selectors.cells(
                index="vacancy_ratio", period=quarter, level="province", dimension="total"
            )
        )
        + selectors.rows(
            selectors.cells(
                index="vacancy_ratio", period=quarter, region=selectors.ZONE, dimension="total"
            )
        ),
        "heat": top(selectors.cells(index="heat", period=period), "heat"),
        "sentiment": selectors.rows(
            selectors.cells(index="sentiment", period=period, region=selectors.ZONE)
        ),
        "full_employment": selectors.rows(
            selectors.cells(index="full_employment", period=period).exclude(level="prefecture")
        ),
        "unemployment": selectors.rows(
            selectors.cells(index="unemployment", period=quarter).filter(
                level__in=["zone", "province"]
            )
        ),
        "shortage": selectors.shortage_catalogue(year=year, region=selectors.ZONE),
    }
    _with_percentages({"demand": context["demand"], "unemployment": [], "full_employment": []})
    return render(request, "analytics/bulletin.html", context)


def export(request: HttpRequest, index: str, fmt: str) -> HttpResponse:
    """A chart's data as CSV, Excel or Parquet, with the same filters as the API."""
    if index not in selectors.GRAINS or fmt not in FORMATS:
        raise Http404
    period = request.GET.get("period", "")
    try:
        selectors.period_check(index, "period", period)
        region = selectors.region_check("region", request.GET.get("region"))
    except InvalidInput as error:
        return HttpResponse(
            "; ".join(e.message for e in error.errors),
            status=422,
            content_type="text/plain; charset=utf-8",
        )
    qs = selectors.cells(
        index=index,
        period=period,
        region=region,
        level=request.GET.get("level") or None,
        dimension=request.GET.get("dimension") or None,
    )
    rows = selectors.rows(qs, limit=10**6)
    columns = list(dict.fromkeys(k for row in rows for k in row)) or [
        "period",
        "level",
        "region",
        "dimension",
        "key",
        "suppressed",
    ]
    name = f"{index}-{period}{'-' + region if region else ''}.{fmt}"
    response = HttpResponse(content=_encode(fmt, columns, rows), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _encode(fmt: str, columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return ("\ufeff" + text.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("data")
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows])
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()
