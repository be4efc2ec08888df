"""The indices as Ibis expressions (指数计算).

Every index returns one long table with the columns ``period, level, region, dimension,
key, suppressed`` followed by its measures. ``level`` is ``zone`` (川渝 together, region
``zone``), ``province``, ``prefecture`` (Sichuan only: Chongqing's districts hang directly
under the municipality) or ``county``. A cell about people with fewer than
``min_cell`` people is kept with ``suppressed = true`` and its measures set to null.

The expressions use only what both DuckDB and PySpark compile (unions, group-bys,
window sums and lags, left joins), so the same code answers on either backend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis import _

from indices.methodology import Methodology, load
from indices.schema import TABLES, table_glob

INDEX_NAMES = (
    "talent_flow",
    "job_demand",
    "vacancy_ratio",
    "shortage",
    "unemployment",
    "heat",
    "sentiment",
    "full_employment",
)
KEYS = ["period", "level", "region", "dimension", "key"]

Tables = dict[str, ir.Table]


def connect(backend: str = "duckdb", **options: Any) -> Any:
    """An Ibis backend: ``duckdb`` (in memory) or ``pyspark`` (a local session)."""
    if backend == "duckdb":
        return ibis.duckdb.connect(**options)
    if backend == "pyspark":
        from pyspark.sql import SparkSession

        session = (
            SparkSession.builder.master(options.pop("master", "local[2]"))
            .appName("bashu-indices")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", str(options.pop("partitions", 4)))
            .config("spark.driver.memory", options.pop("memory", "4g"))
            .getOrCreate()
        )
        return ibis.pyspark.connect(session, **options)
    raise ValueError(f"backend: unknown backend {backend!r} (duckdb or pyspark)")


def months_of_year(year: int, *, through: str | None = None) -> list[str]:
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    return [m for m in months if through is None or m <= through]


def tables_open(con: Any, root: Path) -> Tables:
    """Register every extract table found under ``root`` (empty tables for missing ones)."""
    tables: Tables = {}
    for name, schema in TABLES.items():
        if any((root / name).glob("*/part.parquet")):
            tables[name] = con.read_parquet(table_glob(root, name))
        else:
            tables[name] = ibis.memtable(schema.empty_table())
    return tables


# --- regions and periods -------------------------------------------------------------------


def _zone(code: ir.StringValue) -> ir.StringValue:
    return ibis.ifelse(code.isnull(), ibis.null("string"), ibis.literal("zone"))


def _province(code: ir.StringValue) -> ir.StringValue:
    return code.substr(0, 2) + "0000"


def _prefecture(code: ir.StringValue) -> ir.StringValue:
    return ibis.ifelse(code.startswith("51"), code.substr(0, 4) + "00", ibis.null("string"))


def _county(code: ir.StringValue) -> ir.StringValue:
    return code


LEVELS: dict[str, Callable[[ir.StringValue], ir.StringValue]] = {
    "zone": _zone,
    "province": _province,
    "prefecture": _prefecture,
    "county": _county,
}


def _quarter(month: ir.StringValue) -> ir.StringValue:
    number = (month.substr(5, 2).cast("int32") + 2) // 3
    return month.substr(0, 4) + "Q" + number.cast("string")


def _year(month: ir.StringValue) -> ir.StringValue:
    return month.substr(0, 4)


def quarter_of(month: str) -> str:
    """``2025-05`` → ``2025Q2`` (the same rule as the ``_quarter`` expression)."""
    return f"{month[:4]}Q{(int(month[5:7]) + 2) // 3}"


def quarter_ends(months: Sequence[str]) -> list[str]:
    """The last month present of each quarter: the stock at which a quarter is measured."""
    ends: dict[str, str] = {}
    for month in sorted(months):
        ends[quarter_of(month)] = month
    return sorted(ends.values())


def _n(value: int = 0) -> ir.IntegerScalar:
    return ibis.literal(value, "int64")


def _int(flag: ir.BooleanValue) -> ir.IntegerValue:
    return flag.cast("int64")


def _ratio(num: ir.NumericValue, den: ir.NumericValue) -> ir.FloatingValue:
    return ibis.ifelse(den > 0, num.cast("float64") / den, ibis.null("float64"))


def _balance(a: ir.NumericValue, b: ir.NumericValue) -> ir.FloatingValue:
    """(a − b) / (a + b), 0 when both are 0: a net rate between −1 and 1."""
    return ibis.ifelse((a + b) > 0, (a - b).cast("float64") / (a + b), 0.0)


def _clip(x: ir.NumericValue, low: float, high: float) -> ir.FloatingValue:
    """x bounded to [low, high]; null stays null (LEAST/GREATEST skip nulls on both backends)."""
    value = x.cast("float64")
    return ibis.ifelse(
        value.isnull(), ibis.null("float64"), ibis.greatest(ibis.least(value, high), low)
    )


def _suppress(t: ir.Table, measures: Iterable[str]) -> ir.Table:
    """Null the measures of suppressed cells and put the columns in their published order."""
    measures = list(measures)
    return t.select(
        *KEYS,
        "suppressed",
        *[ibis.ifelse(t.suppressed, ibis.null(t[m].type()), t[m]).name(m) for m in measures],
    )


def _plain(t: ir.Table, measures: Iterable[str]) -> ir.Table:
    return t.select(*KEYS, ibis.literal(False).name("suppressed"), *measures)


def _union(parts: list[ir.Table]) -> ir.Table:
    return parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)


# --- 人才流动综合指数 ---------------------------------------------------------------------


def talent_flow(t: Tables, m: Methodology, months: Sequence[str]) -> ir.Table:
    """Monthly inflow, outflow and net flow of people, talent and graduates; a composite."""
    r = t["registrations"]
    r = r.filter(r.month.isin(list(months)), r.prev_region.notnull())
    talent = _int(r.bachelor | r.title_mid | r.card)
    graduate = _int(r.graduate)
    parts = []
    for level in ("province", "prefecture", "county"):
        to = LEVELS[level](r.region).fill_null("")
        since = LEVELS[level](r.prev_region).fill_null("")
        moved = r.mutate(to=to, since=since, talent=talent, grad=graduate).filter(_.to != _.since)
        for region, sign in (("to", 1), ("since", 0)):
            side = moved.filter(moved[region] != "")
            parts.append(
                side.select(
                    period=side.month,
                    level=ibis.literal(level),
                    region=side[region],
                    person_id=side.person_id,
                    inflow=_n(sign),
                    outflow=_n(1 - sign),
                    talent_in=side.talent * sign,
                    talent_out=side.talent * (1 - sign),
                    graduate_in=side.grad * sign,
                    graduate_out=side.grad * (1 - sign),
                )
            )
    cells = (
        _union(parts)
        .group_by(["period", "level", "region"])
        .agg(
            people=_.person_id.nunique(),
            inflow=_.inflow.sum(),
            outflow=_.outflow.sum(),
            talent_in=_.talent_in.sum(),
            talent_out=_.talent_out.sum(),
            graduate_in=_.graduate_in.sum(),
            graduate_out=_.graduate_out.sum(),
        )
    )
    w = m["talent_flow"]["weights"]
    cells = cells.mutate(
        dimension=ibis.literal("total"),
        key=ibis.literal(""),
        net=_.inflow - _.outflow,
        talent_net=_.talent_in - _.talent_out,
        graduate_net=_.graduate_in - _.graduate_out,
        net_rate=_balance(_.inflow, _.outflow),
        talent_net_rate=_balance(_.talent_in, _.talent_out),
        graduate_net_rate=_balance(_.graduate_in, _.graduate_out),
        suppressed=_.people < m.min_cell,
    )
    cells = cells.mutate(
        composite=(
            100
            * (
                1
                + w["net_rate"] * cells.net_rate
                + w["talent_net_rate"] * cells.talent_net_rate
                + w["graduate_net_rate"] * cells.graduate_net_rate
            )
        ).round(2),
        net_rate=cells.net_rate.round(4),
        talent_net_rate=cells.talent_net_rate.round(4),
        graduate_net_rate=cells.graduate_net_rate.round(4),
    )
    return _suppress(
        cells,
        [
            "people",
            "inflow",
            "outflow",
            "net",
            "talent_in",
            "talent_out",
            "talent_net",
            "graduate_in",
            "graduate_out",
            "graduate_net",
            "net_rate",
            "talent_net_rate",
            "graduate_net_rate",
            "composite",
        ],
    )


# --- 公共人力资源市场岗位需求 --------------------------------------------------------------


def _postings(t: Tables, m: Methodology, months: Sequence[str]) -> ir.Table:
    p = t["postings"]
    p = p.filter(p.month.isin(list(months)))
    if m["job_demand"]["exclude_duplicates"]:
        p = p.filter(~p.duplicate)
    return p


def job_demand(t: Tables, m: Methodology, months: Sequence[str]) -> ir.Table:
    """Headcount demanded by postings opened in each year and quarter, with shares by
    industry (GB/T 4754 section) and occupation (大类)."""
    p = _postings(t, m, months)
    dims = {
        "total": ibis.literal(""),
        "industry": p.industry.fill_null("?"),
        "occupation": p.occupation.substr(0, 1).fill_null("?"),
    }
    parts = []
    for grain in (_year, _quarter):
        for level, at in LEVELS.items():
            for dimension, key in dims.items():
                parts.append(
                    p.select(
                        period=grain(p.month),
                        level=ibis.literal(level),
                        region=at(p.region),
                        dimension=ibis.literal(dimension),
                        key=key,
                        headcount=p.headcount.cast("int64"),
                    )
                )
    cells = (
        _union(parts)
        .filter(_.region.notnull())
        .group_by(KEYS)
        .agg(demand=_.headcount.sum(), postings=_.count())
    )
    share = cells.demand.cast("float64") / cells.demand.sum().over(
        group_by=["period", "level", "region", "dimension"]
    )
    cells = cells.mutate(share=share.round(6))
    return _plain(cells, ["demand", "postings", "share"])


# --- 求人倍率 ------------------------------------------------------------------------------


def vacancy_ratio(t: Tables, m: Methodology, months: Sequence[str]) -> ir.Table:
    """Demand ÷ job seekers per quarter, region and occupation group (大类)."""
    p = _postings(t, m, months)
    s = t["seekers"]
    s = s.filter(s.month.isin(list(months)))
    parts = []
    for level in ("zone", "province", "prefecture"):
        for dimension in ("total", "occupation"):
            parts.append(
                p.select(
                    period=_quarter(p.month),
                    level=ibis.literal(level),
                    region=LEVELS[level](p.region),
                    dimension=ibis.literal(dimension),
                    key=ibis.literal("")
                    if dimension == "total"
                    else p.occupation.substr(0, 1).fill_null("?"),
                    demand=p.headcount.cast("int64"),
                    seekers=_n(0),
                )
            )
            parts.append(
                s.select(
                    period=_quarter(s.month),
                    level=ibis.literal(level),
                    region=LEVELS[level](s.region),
                    dimension=ibis.literal(dimension),
                    key=ibis.literal("")
                    if dimension == "total"
                    else s.occupation_group.substr(0, 1).fill_null("?"),
                    demand=_n(0),
                    seekers=_n(1),
                )
            )
    cells = (
        _union(parts)
        .filter(_.region.notnull())
        .group_by(KEYS)
        .agg(demand=_.demand.sum(), seekers=_.seekers.sum())
    )
    floor = m["vacancy_ratio"]["suppress_seekers_below"]
    cells = cells.mutate(
        ratio=_ratio(_.demand, _.seekers).round(3),
        suppressed=_.seekers < floor,
    )
    return cells.select(
        *KEYS,
        "suppressed",
        "demand",
        ibis.ifelse(cells.suppressed, ibis.null("int64"), cells.seekers).name("seekers"),
        ibis.ifelse(cells.suppressed, ibis.null("float64"), cells.ratio).name("ratio"),
    )


# --- 急需紧缺人才目录 ----------------------------------------------------------------------


def shortage(t: Tables, m: Methodology, months: Sequence[str]) -> ir.Table:
    """The yearly catalogue of occupations (中类) short of people, ranked by score.

    ``months`` should reach back to the previous year so that growth can be measured;
    only years whose every month is present... are the caller's to choose.
    """
    cfg = m["shortage"]
    p = _postings(t, m, months)
    s = t["seekers"]
    s = s.filter(s.month.isin(list(months)))
    parts = []
    for level in ("zone", "province"):
        parts.append(
            p.select(
                period=_year(p.month),
                level=ibis.literal(level),
                region=LEVELS[level](p.region),
                key=p.occupation.substr(0, 4),
                demand=p.headcount.cast("int64"),
                days=(p.days_open * p.headcount).cast("int64"),
                seekers=_n(0),
            )
        )
        parts.append(
            s.select(
                period=_year(s.month),
                level=ibis.literal(level),
                region=LEVELS[level](s.region),
                key=s.occupation_group.substr(0, 4),
                demand=_n(0),
                days=_n(0),
                seekers=_n(1),
            )
        )
    cells = (
        _union(parts)
        .filter(_.key.notnull(), _.key != "")
        .group_by(["period", "level", "region", "key"])
        .agg(demand=_.demand.sum(), days=_.days.sum(), seekers=_.seekers.sum())
    )
    # Growth compares like with like: the previous year's same months (January to the
    # latest month of ``months``), so a year-to-date catalogue is not set against a whole year.
    through = max(months)[5:7] if months else "12"
    earlier = p.filter(p.month.substr(5, 2) <= through)
    before = (
        _union(
            [
                earlier.select(
                    period=(_year(earlier.month).cast("int32") + 1).cast("string"),
                    level=ibis.literal(level),
                    region=LEVELS[level](earlier.region),
                    key=earlier.occupation.substr(0, 4),
                    headcount=earlier.headcount.cast("int64"),
                )
                for level in ("zone", "province")
            ]
        )
        .group_by(["period", "level", "region", "key"])
        .agg(demand_before=_.headcount.sum())
    )
    joined = cells.left_join(before, ["period", "level", "region", "key"]).select(
        cells.period,
        cells.level,
        cells.region,
        cells.key,
        cells.demand,
        cells.days,
        cells.seekers,
        _.demand_before,
    )
    floor = m.min_cell
    joined = joined.mutate(
        suppressed=joined.seekers < floor,
        ratio=(joined.demand.cast("float64") / ibis.greatest(joined.seekers, floor)).round(3),
        vacancy_days=_ratio(joined.days, joined.demand).round(1),
        growth=_ratio(joined.demand - joined.demand_before, joined.demand_before).round(4),
    )
    w = cfg["weights"]
    score = 100 * (
        w["ratio"] * ibis.least(joined.ratio / cfg["ratio_cap"], 1.0)
        + w["duration"]
        * ibis.least(joined.vacancy_days.fill_null(0) / cfg["duration_cap_days"], 1.0)
        + w["growth"] * _clip(joined.growth.fill_null(0), 0, cfg["growth_cap"]) / cfg["growth_cap"]
    )
    listed = joined.mutate(score=score.round(2)).filter(
        _.demand >= cfg["min_demand"], _.ratio >= cfg["ratio_listed"]
    )
    ranked = listed.mutate(
        dimension=ibis.literal("occupation"),
        rank=ibis.row_number().over(
            group_by=["period", "level", "region"], order_by=[ibis.desc("score"), "key"]
        )
        + 1,
        grade=ibis.ifelse(_.ratio >= cfg["ratio_acute"], "紧缺", "较紧缺"),
    )
    return ranked.select(
        *KEYS,
        "suppressed",
        "rank",
        "grade",
        "score",
        "demand",
        ibis.ifelse(ranked.suppressed, ibis.null("int64"), ranked.seekers).name("seekers"),
        "ratio",
        "vacancy_days",
        "demand_before",
        "growth",
    )


# --- 区县登记失业率（代理，非调查失业率）与区县就业工作热力指数 ------------------------------------------------


def _labour(t: Tables, m: Methodology, months: Sequence[str], section: str) -> ir.Table:
    low, high = m[section]["labour_age"]
    p = t["persons"]
    return p.filter(p.month.isin(list(months)), p.age.between(low, high))


def unemployment(t: Tables, m: Methodology, months: Sequence[str]) -> ir.Table:
    """Quarterly registered-unemployment proxy per region: working-age residents without an
    employment registration who are seeking work ÷ (employed + those)."""
    p = _labour(t, m, quarter_ends(months), "heat")
    # Count per county first (counts add up), then roll the few county rows up the levels.
    county = p.group_by(["month", "region"]).agg(
        labour_force=_.count(),
        employed=_int(_.employed).sum(),
        unemployed=_int(~_.employed & _.seeking).sum(),
    )
    parts = [
        county.select(
            period=_quarter(county.month),
            level=ibis.literal(level),
            region=LEVELS[level](county.region),
            labour_force=county.labour_force,
            employed=county.employed,
            unemployed=county.unemployed,
        )
        for level in LEVELS
    ]
    cells = (
        _union(parts)
        .filter(_.region.notnull())
        .group_by(["period", "level", "region"])
        .agg(
            labour_force=_.labour_force.sum(),
            employed=_.employed.sum(),
            unemployed=_.unemployed.sum(),
        )
    )
    cells = cells.mutate(
        dimension=ibis.literal("total"),
        key=ibis.literal(""),
        rate=_ratio(_.unemployed, _.employed + _.unemployed).round(4),
        suppressed=_.labour_force < m.min_cell,
    )
    return _suppress(cells, ["labour_force", "employed", "unemployed", "rate"])


def heat(t: Tables, m: Methodology, months: Sequence[str]) -> ir.Table:
    """District employment heat index (区县就业工作热力指数), monthly per county: five
    components scaled 0–100 across the counties of the month, weighted."""
    cfg = m["heat"]
    months = list(months)
    p = _labour(t, m, months, "heat")
    r = t["registrations"].filter(_.month.isin(months))
    post = _postings(t, m, months)
    s = t["seekers"].filter(_.month.isin(months))
    zero = {
        "labour": _n(),
        "employed": _n(),
        "hires": _n(),
        "demand": _n(),
        "seekers": _n(),
        "inflow": _n(),
        "outflow": _n(),
    }

    def part(table: ir.Table, region: ir.StringValue, **values: Any) -> ir.Table:
        return table.select(
            period=table.month, region=region, **{k: values.get(k, v) for k, v in zero.items()}
        )

    moved = r.filter(r.prev_region.notnull(), r.prev_region != r.region)
    parts = [
        part(p, p.region, labour=_n(1), employed=_int(p.employed)),
        part(r, r.region, hires=_n(1)),
        part(post, post.region, demand=post.headcount.cast("int64")),
        part(s, s.region, seekers=_n(1)),
        part(moved, moved.region, inflow=_n(1)),
        part(moved, moved.prev_region, outflow=_n(1)),
    ]
    cells = (
        _union(parts)
        .group_by(["period", "region"])
        .agg(**{k: getattr(_, k).sum() for k in zero})
        .filter(_.labour > 0)
    )
    cells = cells.mutate(
        employment_rate=_ratio(_.employed, _.labour),
        hires_per_thousand=_ratio(_.hires * 1000, _.labour),
        demand_per_thousand=_ratio(_.demand * 1000, _.labour),
        # no demand: 0; demand but no seekers: the cap
        vacancy_ratio=ibis.least(
            ibis.ifelse(
                _.demand == 0, 0.0, _ratio(_.demand, _.seekers).fill_null(cfg["vacancy_ratio_cap"])
            ),
            cfg["vacancy_ratio_cap"],
        ),
        net_inflow_per_thousand=_ratio((_.inflow - _.outflow) * 1000, _.labour),
        suppressed=_.labour < m.min_cell,
    )
    shown = cells.filter(~cells.suppressed)
    weights = cfg["weights"]
    scaled = {}
    for component in weights:
        x = shown[component]
        low = x.min().over(group_by="period")
        high = x.max().over(group_by="period")
        scaled[component] = ibis.ifelse(high > low, (x - low) / (high - low), 0.5)
    shown = shown.mutate(
        heat=(100 * sum(weights[c] * scaled[c] for c in weights)).round(2),
        **{f"{c}_score": (100 * scaled[c]).round(1) for c in weights},
    )
    hidden = cells.filter(cells.suppressed).mutate(
        heat=ibis.null("float64"),
        **{f"{c}_score": ibis.null("float64") for c in weights},
    )
    both = _union([shown, hidden]).mutate(
        level=ibis.literal("county"), dimension=ibis.literal("total"), key=ibis.literal("")
    )
    both = both.mutate(
        employment_rate=both.employment_rate.round(4),
        hires_per_thousand=both.hires_per_thousand.round(2),
        demand_per_thousand=both.demand_per_thousand.round(2),
        vacancy_ratio=both.vacancy_ratio.round(3),
        net_inflow_per_thousand=both.net_inflow_per_thousand.round(2),
    )
    return _suppress(
        both,
        [
            "heat",
            "labour",
            *weights,
            *[f"{c}_score" for c in weights],
        ],
    )


# --- 重点行业景气指数 ----------------------------------------------------------------------


def sentiment(t: Tables, m: Methodology, months: Sequence[str]) -> ir.Table:
    """Key-industry sentiment index (重点行业景气指数), monthly per section: 100 plus the
    weighted month-on-month growth of demand, hires and insured employment (each clipped to
    ±100 %). The first month of ``months`` only serves as the base of the second."""
    cfg = m["sentiment"]
    months = sorted(months)
    keys = list(cfg["key_industries"])
    post = _postings(t, m, months).filter(_.industry.isin(keys))
    r = t["registrations"].filter(_.month.isin(months), _.industry.isin(keys))
    ins = t["insurance"].filter(_.month.isin(months), _.industry.isin(keys))
    zero = {"demand": _n(), "hires": _n(), "insured": _n()}
    parts = []
    for level in ("zone", "province"):
        for table, values in (
            (post, {"demand": post.headcount.cast("int64")}),
            (r, {"hires": _n(1)}),
            (ins, {"insured": _n(1)}),
        ):
            parts.append(
                table.select(
                    period=table.month,
                    level=ibis.literal(level),
                    region=LEVELS[level](table.region),
                    key=table.industry,
                    **{k: values.get(k, v) for k, v in zero.items()},
                )
            )
    cells = (
        _union(parts)
        .group_by(["period", "level", "region", "key"])
        .agg(demand=_.demand.sum(), hires=_.hires.sum(), insured=_.insured.sum())
    )
    window = ibis.window(group_by=["level", "region", "key"], order_by="period")
    growth = {}
    for measure in ("demand", "hires", "insured"):
        before = cells[measure].lag().over(window)
        growth[f"{measure}_growth"] = _clip(_ratio(cells[measure] - before, before), -1, 1)
    cells = cells.mutate(base=cells.period.lag().over(window), **growth)
    w = cfg["weights"]
    cells = cells.filter(_.base.notnull()).mutate(
        dimension=ibis.literal("industry"),
        suppressed=(_.hires < m.min_cell) | (_.insured < m.min_cell),
    )
    cells = cells.mutate(
        index=(
            100
            + 100
            * (
                w["demand_growth"] * cells.demand_growth.fill_null(0)
                + w["hires_growth"] * cells.hires_growth.fill_null(0)
                + w["insured_growth"] * cells.insured_growth.fill_null(0)
            )
        ).round(2),
        demand_growth=cells.demand_growth.round(4),
        hires_growth=cells.hires_growth.round(4),
        insured_growth=cells.insured_growth.round(4),
    )
    return _suppress(
        cells,
        ["index", "demand", "hires", "insured", "demand_growth", "hires_growth", "insured_growth"],
    )


# --- 高质量充分就业指标体系 -----------------------------------------------------------------


def full_employment(t: Tables, m: Methodology, months: Sequence[str]) -> ir.Table:
    """The indicator system for high-quality full employment, monthly per province and
    prefecture: each indicator scored 0–100 between its floor and target, then weighted."""
    cfg = m["full_employment"]
    months = list(months)
    p = _labour(t, m, months, "full_employment")
    post = _postings(t, m, months)
    s = t["seekers"].filter(_.month.isin(months))
    r = t["registrations"].filter(_.month.isin(months), _.prev_region.notnull(), _.graduate)
    names = [
        "labour",
        "employed",
        "unemployed",
        "insured",
        "talent",
        "skilled",
        "demand",
        "seekers",
        "graduate_in",
        "graduate_out",
    ]
    # Count per county first (counts add up), then roll the few county rows up the levels.
    employed = p.employed
    county = p.group_by(["month", "region"]).agg(
        labour=_.count(),
        employed=_int(employed).sum(),
        unemployed=_int(~employed & p.seeking).sum(),
        insured=_int(employed & p.insured).sum(),
        talent=_int(employed & (p.education_rank >= 5)).sum(),
        skilled=_int(employed & p.skilled).sum(),
    )
    parts = []
    for level in ("zone", "province", "prefecture"):
        at = LEVELS[level]

        def part(
            table: ir.Table, region: ir.StringValue, level: str = level, **values: Any
        ) -> ir.Table:
            return table.select(
                period=table.month,
                level=ibis.literal(level),
                region=region,
                **{k: values.get(k, _n()) for k in names},
            )

        parts += [
            part(
                county,
                at(county.region),
                **{k: county[k] for k in ("labour", "employed", "unemployed", "insured")},
                **{k: county[k] for k in ("talent", "skilled")},
            ),
            part(post, at(post.region), demand=post.headcount.cast("int64")),
            part(s, at(s.region), seekers=_n(1)),
        ]
        moved = r.mutate(to=at(r.region).fill_null(""), since=at(r.prev_region).fill_null(""))
        moved = moved.filter(moved.to != moved.since)
        parts += [
            part(moved.filter(moved.to != ""), moved.to, graduate_in=_n(1)),
            part(moved.filter(moved.since != ""), moved.since, graduate_out=_n(1)),
        ]
    cells = (
        _union(parts)
        .filter(_.region.notnull())
        .group_by(["period", "level", "region"])
        .agg(**{k: getattr(_, k).sum() for k in names})
    )
    values = {
        "employment_rate": _ratio(cells.employed, cells.labour),
        "unemployment_rate": _ratio(cells.unemployed, cells.employed + cells.unemployed),
        "insured_share": _ratio(cells.insured, cells.employed),
        "vacancy_ratio": _ratio(cells.demand, cells.seekers),
        "talent_share": _ratio(cells.talent, cells.employed),
        "skilled_share": _ratio(cells.skilled, cells.employed),
        "graduate_net_rate": _balance(cells.graduate_in, cells.graduate_out),
    }
    scores = {}
    for indicator in cfg["indicators"]:
        x = values[indicator["id"]].fill_null(indicator["floor"])
        floor, target = indicator["floor"], indicator["target"]
        scores[indicator["id"]] = 100 * _clip((x - floor) / (target - floor), 0, 1)
    composite = sum(i["weight"] * scores[i["id"]] for i in cfg["indicators"])
    cells = cells.mutate(
        dimension=ibis.literal("total"),
        key=ibis.literal(""),
        suppressed=cells.labour < m.min_cell,
        composite=composite.round(2),
        **{k: v.round(4) for k, v in values.items()},
        **{f"{k}_score": v.round(1) for k, v in scores.items()},
    )
    return _suppress(
        cells,
        [
            "composite",
            "labour",
            *values,
            *[f"{k}_score" for k in values],
        ],
    )


INDICES: dict[str, Callable[[Tables, Methodology, Sequence[str]], ir.Table]] = {
    "talent_flow": talent_flow,
    "job_demand": job_demand,
    "vacancy_ratio": vacancy_ratio,
    "shortage": shortage,
    "unemployment": unemployment,
    "heat": heat,
    "sentiment": sentiment,
    "full_employment": full_employment,
}


def compute(
    con: Any,
    root: Path,
    months: Sequence[str],
    *,
    names: Iterable[str] = INDEX_NAMES,
    methodology: Methodology | None = None,
) -> dict[str, pa.Table]:
    """Compute the named indices over ``months`` of the extracts in ``root``.

    Results are sorted by their key columns, so that two backends' answers compare equal.
    """
    m = methodology or load()
    tables = tables_open(con, root)
    results = {}
    for name in names:
        if name not in INDICES:
            raise ValueError(f"names: unknown index {name!r}")
        expr = INDICES[name](tables, m, list(months))
        results[name] = con.to_pyarrow(expr.order_by(KEYS)).combine_chunks()
    return results
