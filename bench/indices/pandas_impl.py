"""The eight indices of :mod:`indices.compute` in plain pandas, for the benchmark.

Same inputs (the monthly Parquet extracts), same formulas, same output columns and order.
Written the way one would write it in pandas: ``read_parquet`` of the month files an index
needs (only the columns it uses), ``groupby``/``merge``/``transform``. SQL's ``UNION ALL``
followed by ``GROUP BY ... SUM`` is done as one ``groupby`` per part and a sum of the sums
(the same answer without materialising the union); like ``indices.compute``, the person
stock is counted per (month, county) first and then rolled up the levels (unemployment,
full_employment). Where SQL and pandas differ, the SQL meaning is kept: NULL group keys
form a group, NULL join keys do not match, ``ROUND`` rounds half away from zero,
``LEAST``/``GREATEST`` skip NULLs, ``SUM`` of only NULLs is NULL.

``compute(root, months, names=...)`` returns ``{name: DataFrame}`` sorted by the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from indices.compute import INDEX_NAMES, KEYS, quarter_ends
from indices.methodology import Methodology, load
from indices.schema import TABLES, month_path

# --- reading ---------------------------------------------------------------------------------


def read(root: Path, table: str, months: Sequence[str], columns: list[str]) -> pd.DataFrame:
    """The given columns of ``table`` for ``months`` (one Parquet file per month)."""
    paths = [month_path(root, table, m) for m in months]
    frames = [pd.read_parquet(p, columns=columns) for p in paths if p.exists()]
    if not frames:
        return TABLES[table].empty_table().select(columns).to_pandas()
    df = pd.concat(frames, ignore_index=True)
    return df[df["month"].isin(list(months))]


def postings(root: Path, m: Methodology, months: Sequence[str], columns: list[str]) -> pd.DataFrame:
    p = read(root, "postings", months, [*columns, "duplicate"])
    if m["job_demand"]["exclude_duplicates"]:
        p = p[p["duplicate"] == False]  # noqa: E712 — NULL is dropped, as in SQL
    return p


def labour(root: Path, m: Methodology, months: Sequence[str], section: str, columns: list[str]):
    low, high = m[section]["labour_age"]
    p = read(root, "persons", months, [*columns, "age"])
    return p[p["age"].between(low, high)]


# --- regions and periods ---------------------------------------------------------------------


def zone(code: pd.Series) -> pd.Series:
    return code.where(code.isna(), "zone")


def province(code: pd.Series) -> pd.Series:
    return code.str[:2] + "0000"


def prefecture(code: pd.Series) -> pd.Series:
    return (code.str[:4] + "00").where(code.str.startswith("51", na=False))


def county(code: pd.Series) -> pd.Series:
    return code


LEVELS: dict[str, Callable[[pd.Series], pd.Series]] = {
    "zone": zone,
    "province": province,
    "prefecture": prefecture,
    "county": county,
}


def quarter_of(month: str) -> str:
    return f"{month[:4]}Q{(int(month[5:7]) + 2) // 3}"


def year_of(month: str) -> str:
    return month[:4]


def period(months: pd.Series, grain: Callable[[str], str]) -> pd.Series:
    return months.map({m: grain(m) for m in months.unique()})


# --- SQL arithmetic --------------------------------------------------------------------------


def sql_round(x: pd.Series, digits: int) -> pd.Series:
    """DuckDB's ROUND(double, n): x·10ⁿ rounded half away from zero, ÷ 10ⁿ."""
    scale = 10.0**digits
    y = x.astype("float64") * scale
    whole = np.trunc(y)
    up = np.where(np.abs(y - whole) >= 0.5, np.sign(y), 0.0)
    return (whole + up) / scale


def ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return (num.astype("float64") / den).where(den > 0)


def balance(a: pd.Series, b: pd.Series) -> pd.Series:
    """(a − b) / (a + b), 0 when both are 0."""
    total = a + b
    return ((a - b).astype("float64") / total).where(total > 0, 0.0)


def clip(x: pd.Series, low: float, high: float) -> pd.Series:
    """x bounded to [low, high]; NULL stays NULL (as indices.compute._clip)."""
    return x.astype("float64").clip(low, high)


def least(x: pd.Series, value: float) -> pd.Series:
    return x.astype("float64").fillna(value).clip(upper=value)


# --- UNION ALL + GROUP BY + SUM --------------------------------------------------------------


def agg(
    keys: dict[str, pd.Series | str],
    sums: dict[str, pd.Series] | None = None,
    counts: Iterable[str] = (),
) -> pd.DataFrame:
    """One part of a union, grouped: ``sums`` are summed (NULL if all NULL), ``counts`` count
    rows. String values in ``keys`` are constants, added after grouping."""
    sums = sums or {}
    counts = list(counts)
    columns = {k: v for k, v in keys.items() if isinstance(v, pd.Series)}
    by = [v.rename(k) for k, v in columns.items()]
    if sums:
        frame = pd.DataFrame(sums)
        grouped = frame.groupby(by, dropna=False)
        out = grouped.sum(min_count=1)
        for name in counts:
            out[name] = grouped.size()
    else:
        ones = pd.Series(1, index=by[0].index, name="_n")
        out = ones.groupby(by, dropna=False).size().to_frame(counts[0])
        for name in counts[1:]:
            out[name] = out[counts[0]]
    out = out.reset_index()
    for k, v in keys.items():
        if isinstance(v, str):
            out[k] = v
    return out


def combine(parts: list[pd.DataFrame], keys: list[str], measures: list[str]) -> pd.DataFrame:
    """Sum the grouped parts; a measure a part does not carry counts as 0 (a literal in SQL)."""
    filled = []
    for part in parts:
        part = part.copy()
        for name in measures:
            if name not in part:
                part[name] = 0
        filled.append(part[[*keys, *measures]])
    both = pd.concat(filled, ignore_index=True)
    return both.groupby(keys, dropna=False)[measures].sum(min_count=1).reset_index()


def publish(
    cells: pd.DataFrame,
    measures: list[str],
    suppressed: pd.Series | bool,
    masked: Iterable[str] | None = None,
) -> pd.DataFrame:
    """KEYS, suppressed, then the measures, sorted by KEYS; the ``masked`` measures (all by
    default) are NULL in suppressed cells."""
    out = cells[KEYS].copy()
    out["suppressed"] = suppressed if isinstance(suppressed, bool) else suppressed.astype(bool)
    masked = set(measures if masked is None else masked)
    for name in measures:
        column = cells[name]
        if pd.api.types.is_integer_dtype(column) or pd.api.types.is_bool_dtype(column):
            column = column.astype("Int64")
        out[name] = column.mask(out["suppressed"]) if name in masked else column
    return out.sort_values(KEYS, na_position="last", kind="stable").reset_index(drop=True)


# --- 人才流动综合指数 -------------------------------------------------------------------------


def talent_flow(root: Path, m: Methodology, months: Sequence[str]) -> pd.DataFrame:
    r = read(
        root,
        "registrations",
        months,
        [
            "person_id",
            "month",
            "region",
            "prev_region",
            "bachelor",
            "title_mid",
            "card",
            "graduate",
        ],
    )
    r = r[r["prev_region"].notna()]
    r = r.assign(talent=r.bachelor | r.title_mid | r.card, grad=r.graduate)
    parts = []
    for level in ("province", "prefecture", "county"):
        at = LEVELS[level]
        moved = r.assign(to=at(r.region).fillna(""), since=at(r.prev_region).fillna(""))
        moved = moved[moved.to != moved.since]
        arriving = moved[moved.to != ""]
        leaving = moved[moved.since != ""]
        sides = pd.concat(
            [
                pd.DataFrame(
                    {
                        "period": arriving.month,
                        "region": arriving.to,
                        "person_id": arriving.person_id,
                        "inflow": 1,
                        "outflow": 0,
                        "talent_in": arriving.talent.astype("int64"),
                        "talent_out": 0,
                        "graduate_in": arriving.grad.astype("int64"),
                        "graduate_out": 0,
                    }
                ),
                pd.DataFrame(
                    {
                        "period": leaving.month,
                        "region": leaving.since,
                        "person_id": leaving.person_id,
                        "inflow": 0,
                        "outflow": 1,
                        "talent_in": 0,
                        "talent_out": leaving.talent.astype("int64"),
                        "graduate_in": 0,
                        "graduate_out": leaving.grad.astype("int64"),
                    }
                ),
            ],
            ignore_index=True,
        )
        cells = (
            sides.groupby(["period", "region"], dropna=False)
            .agg(
                people=("person_id", "nunique"),
                inflow=("inflow", "sum"),
                outflow=("outflow", "sum"),
                talent_in=("talent_in", "sum"),
                talent_out=("talent_out", "sum"),
                graduate_in=("graduate_in", "sum"),
                graduate_out=("graduate_out", "sum"),
            )
            .reset_index()
        )
        cells["level"] = level
        parts.append(cells)
    c = pd.concat(parts, ignore_index=True)
    w = m["talent_flow"]["weights"]
    c["dimension"] = "total"
    c["key"] = ""
    c["net"] = c.inflow - c.outflow
    c["talent_net"] = c.talent_in - c.talent_out
    c["graduate_net"] = c.graduate_in - c.graduate_out
    net_rate = balance(c.inflow, c.outflow)
    talent_net_rate = balance(c.talent_in, c.talent_out)
    graduate_net_rate = balance(c.graduate_in, c.graduate_out)
    c["composite"] = sql_round(
        100
        * (
            1
            + w["net_rate"] * net_rate
            + w["talent_net_rate"] * talent_net_rate
            + w["graduate_net_rate"] * graduate_net_rate
        ),
        2,
    )
    c["net_rate"] = sql_round(net_rate, 4)
    c["talent_net_rate"] = sql_round(talent_net_rate, 4)
    c["graduate_net_rate"] = sql_round(graduate_net_rate, 4)
    measures = [
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
    ]
    return publish(c, measures, c.people < m.min_cell)


# --- 公共人力资源市场岗位需求 ----------------------------------------------------------------


def job_demand(root: Path, m: Methodology, months: Sequence[str]) -> pd.DataFrame:
    p = postings(root, m, months, ["month", "region", "industry", "occupation", "headcount"])
    dims = {
        "total": "",
        "industry": p.industry.fillna("?"),
        "occupation": p.occupation.str[:1].fillna("?"),
    }
    parts = []
    for grain in (year_of, quarter_of):
        when = period(p.month, grain)
        for level, at in LEVELS.items():
            where = at(p.region)
            for dimension, key in dims.items():
                keys = {"period": when, "region": where, "key": key}
                part = agg(keys, {"demand": p.headcount.astype("int64")}, counts=["postings"])
                part = part[part.region.notna()]
                part["level"] = level
                part["dimension"] = dimension
                parts.append(part)
    cells = pd.concat(parts, ignore_index=True)
    total = cells.groupby(["period", "level", "region", "dimension"])["demand"].transform("sum")
    cells["share"] = sql_round(cells.demand.astype("float64") / total, 6)
    return publish(cells, ["demand", "postings", "share"], False)


# --- 求人倍率 --------------------------------------------------------------------------------


def vacancy_ratio(root: Path, m: Methodology, months: Sequence[str]) -> pd.DataFrame:
    p = postings(root, m, months, ["month", "region", "occupation", "headcount"])
    s = read(root, "seekers", months, ["month", "region", "occupation_group"])
    p_when, s_when = period(p.month, quarter_of), period(s.month, quarter_of)
    parts = []
    for level in ("zone", "province", "prefecture"):
        at = LEVELS[level]
        p_where, s_where = at(p.region), at(s.region)
        for dimension in ("total", "occupation"):
            p_key = "" if dimension == "total" else p.occupation.str[:1].fillna("?")
            s_key = "" if dimension == "total" else s.occupation_group.str[:1].fillna("?")
            for part in (
                agg(
                    {"period": p_when, "region": p_where, "key": p_key},
                    {"demand": p.headcount.astype("int64")},
                ),
                agg({"period": s_when, "region": s_where, "key": s_key}, counts=["seekers"]),
            ):
                part["level"] = level
                part["dimension"] = dimension
                parts.append(part)
    cells = combine(parts, KEYS, ["demand", "seekers"])
    cells = cells[cells.region.notna()].copy()
    suppressed = cells.seekers < m["vacancy_ratio"]["suppress_seekers_below"]
    cells["ratio"] = sql_round(ratio(cells.demand, cells.seekers), 3)
    return publish(cells, ["demand", "seekers", "ratio"], suppressed, ["seekers", "ratio"])


# --- 急需紧缺人才目录 ------------------------------------------------------------------------


def shortage(root: Path, m: Methodology, months: Sequence[str]) -> pd.DataFrame:
    cfg = m["shortage"]
    p = postings(root, m, months, ["month", "region", "occupation", "headcount", "days_open"])
    s = read(root, "seekers", months, ["month", "region", "occupation_group"])
    p_when, s_when = period(p.month, year_of), period(s.month, year_of)
    p_key, s_key = p.occupation.str[:4], s.occupation_group.str[:4]
    keys = ["period", "level", "region", "key"]
    parts = []
    for level in ("zone", "province"):
        at = LEVELS[level]
        for part in (
            agg(
                {"period": p_when, "region": at(p.region), "key": p_key},
                {
                    "demand": p.headcount.astype("int64"),
                    "days": (p.days_open * p.headcount).astype("Int64"),
                },
            ),
            agg({"period": s_when, "region": at(s.region), "key": s_key}, counts=["seekers"]),
        ):
            part["level"] = level
            parts.append(part[part.key.notna() & (part.key != "")])
    cells = combine(parts, keys, ["demand", "days", "seekers"])
    # the previous year's same months: January to the latest month of ``months``
    through = max(months)[5:7] if months else "12"
    earlier = p[p.month.str[5:7] <= through]
    after = period(earlier.month, year_of).astype("int32").add(1).astype(str)
    before = pd.concat(
        [
            agg(
                {"period": after, "region": at(earlier.region), "key": earlier.occupation.str[:4]},
                {"demand_before": earlier.headcount.astype("int64")},
            ).assign(level=level)
            for level, at in (("zone", zone), ("province", province))
        ],
        ignore_index=True,
    )
    before = before[before.region.notna() & before.key.notna()]  # NULL never equals NULL
    j = cells.merge(before, on=keys, how="left")
    j["demand_before"] = j.demand_before.astype("Int64")
    floor = m.min_cell
    j["suppressed"] = j.seekers < floor
    j["ratio"] = sql_round(j.demand.astype("float64") / j.seekers.clip(lower=floor), 3)
    j["vacancy_days"] = sql_round(ratio(j.days, j.demand), 1)
    j["growth"] = sql_round(ratio(j.demand - j.demand_before, j.demand_before), 4)
    w = cfg["weights"]
    score = 100 * (
        w["ratio"] * least(j.ratio / cfg["ratio_cap"], 1.0)
        + w["duration"] * least(j.vacancy_days.fillna(0) / cfg["duration_cap_days"], 1.0)
        + w["growth"] * clip(j.growth.fillna(0), 0, cfg["growth_cap"]) / cfg["growth_cap"]
    )
    j["score"] = sql_round(score, 2)
    j = j[(j.demand >= cfg["min_demand"]) & (j.ratio >= cfg["ratio_listed"])].copy()
    j["dimension"] = "occupation"
    j = j.sort_values(["score", "key"], ascending=[False, True], kind="stable")
    j["rank"] = j.groupby(["period", "level", "region"], dropna=False).cumcount() + 1
    j["grade"] = np.where(j.ratio >= cfg["ratio_acute"], "紧缺", "较紧缺")
    measures = [
        "rank",
        "grade",
        "score",
        "demand",
        "seekers",
        "ratio",
        "vacancy_days",
        "demand_before",
        "growth",
    ]
    return publish(j, measures, j.suppressed, ["seekers"])


# --- 区县调查失业（代理）与区县就业工作热力指数 ------------------------------------------------


def unemployment(root: Path, m: Methodology, months: Sequence[str]) -> pd.DataFrame:
    p = labour(root, m, quarter_ends(months), "heat", ["month", "region", "employed", "seeking"])
    # count per county first (counts add up), then roll the county rows up the levels
    county = agg(
        {"month": p.month, "region": p.region},
        {"employed": p.employed, "unemployed": ~p.employed & p.seeking},
        counts=["labour_force"],
    )
    when = period(county.month, quarter_of)
    measures = ["labour_force", "employed", "unemployed"]
    parts = []
    for level, at in LEVELS.items():
        part = agg({"period": when, "region": at(county.region)}, {k: county[k] for k in measures})
        part["level"] = level
        parts.append(part[part.region.notna()])
    c = pd.concat(parts, ignore_index=True)
    c["dimension"] = "total"
    c["key"] = ""
    c["rate"] = sql_round(ratio(c.unemployed, c.employed + c.unemployed), 4)
    return publish(c, [*measures, "rate"], c.labour_force < m.min_cell)


def heat(root: Path, m: Methodology, months: Sequence[str]) -> pd.DataFrame:
    cfg = m["heat"]
    p = labour(root, m, months, "heat", ["month", "region", "employed"])
    r = read(root, "registrations", months, ["month", "region", "prev_region"])
    post = postings(root, m, months, ["month", "region", "headcount"])
    s = read(root, "seekers", months, ["month", "region"])
    moved = r[r.prev_region.notna() & r.region.notna() & (r.prev_region != r.region)]
    measures = ["labour", "employed", "hires", "demand", "seekers", "inflow", "outflow"]
    parts = [
        agg({"period": p.month, "region": p.region}, {"employed": p.employed}, ["labour"]),
        agg({"period": r.month, "region": r.region}, counts=["hires"]),
        agg(
            {"period": post.month, "region": post.region},
            {"demand": post.headcount.astype("int64")},
        ),
        agg({"period": s.month, "region": s.region}, counts=["seekers"]),
        agg({"period": moved.month, "region": moved.region}, counts=["inflow"]),
        agg({"period": moved.month, "region": moved.prev_region}, counts=["outflow"]),
    ]
    c = combine(parts, ["period", "region"], measures)
    c = c[c.labour > 0].copy()
    cap = cfg["vacancy_ratio_cap"]
    c["employment_rate"] = ratio(c.employed, c.labour)
    c["hires_per_thousand"] = ratio(c.hires * 1000, c.labour)
    c["demand_per_thousand"] = ratio(c.demand * 1000, c.labour)
    # no demand: 0; demand but no seekers: the cap
    c["vacancy_ratio"] = least(ratio(c.demand, c.seekers).fillna(cap).mask(c.demand == 0, 0.0), cap)
    c["net_inflow_per_thousand"] = ratio((c.inflow - c.outflow) * 1000, c.labour)
    c["suppressed"] = c.labour < m.min_cell
    weights = cfg["weights"]
    shown = c[~c.suppressed].copy()
    scaled = {}
    for component in weights:
        x = shown[component]
        low = shown.groupby("period")[component].transform("min")
        high = shown.groupby("period")[component].transform("max")
        scaled[component] = ((x - low) / (high - low)).where(high > low, 0.5)
    shown["heat"] = sql_round(100 * sum(weights[k] * scaled[k] for k in weights), 2)
    for component in weights:
        shown[f"{component}_score"] = sql_round(100 * scaled[component], 1)
    hidden = c[c.suppressed].copy()
    for name in ["heat", *[f"{k}_score" for k in weights]]:
        hidden[name] = np.nan
    both = pd.concat([shown, hidden], ignore_index=True)
    both["level"] = "county"
    both["dimension"] = "total"
    both["key"] = ""
    for name, digits in (
        ("employment_rate", 4),
        ("hires_per_thousand", 2),
        ("demand_per_thousand", 2),
        ("vacancy_ratio", 3),
        ("net_inflow_per_thousand", 2),
    ):
        both[name] = sql_round(both[name], digits)
    measures = ["heat", "labour", *weights, *[f"{k}_score" for k in weights]]
    return publish(both, measures, both.suppressed)


# --- 重点行业景气指数 ------------------------------------------------------------------------


def sentiment(root: Path, m: Methodology, months: Sequence[str]) -> pd.DataFrame:
    cfg = m["sentiment"]
    months = sorted(months)
    keys = list(cfg["key_industries"])
    post = postings(root, m, months, ["month", "region", "industry", "headcount"])
    post = post[post.industry.isin(keys)]
    r = read(root, "registrations", months, ["month", "region", "industry"])
    r = r[r.industry.isin(keys)]
    ins = read(root, "insurance", months, ["month", "region", "industry"])
    ins = ins[ins.industry.isin(keys)]
    parts = []
    for level in ("zone", "province"):
        at = LEVELS[level]
        for part in (
            agg(
                {"period": post.month, "region": at(post.region), "key": post.industry},
                {"demand": post.headcount.astype("int64")},
            ),
            agg({"period": r.month, "region": at(r.region), "key": r.industry}, counts=["hires"]),
            agg(
                {"period": ins.month, "region": at(ins.region), "key": ins.industry},
                counts=["insured"],
            ),
        ):
            part["level"] = level
            parts.append(part)
    c = combine(parts, ["period", "level", "region", "key"], ["demand", "hires", "insured"])
    c = c.sort_values(["level", "region", "key", "period"], kind="stable")
    series = c.groupby(["level", "region", "key"], dropna=False)
    for measure in ("demand", "hires", "insured"):
        before = series[measure].shift()
        c[f"{measure}_growth"] = clip(ratio(c[measure] - before, before), -1, 1)
    c["base"] = series["period"].shift()
    c = c[c.base.notna()].copy()
    c["dimension"] = "industry"
    suppressed = (c.hires < m.min_cell) | (c.insured < m.min_cell)
    w = cfg["weights"]
    c["index"] = sql_round(
        100
        + 100
        * (
            w["demand_growth"] * c.demand_growth.fillna(0)
            + w["hires_growth"] * c.hires_growth.fillna(0)
            + w["insured_growth"] * c.insured_growth.fillna(0)
        ),
        2,
    )
    for name in ("demand_growth", "hires_growth", "insured_growth"):
        c[name] = sql_round(c[name], 4)
    measures = [
        "index",
        "demand",
        "hires",
        "insured",
        "demand_growth",
        "hires_growth",
        "insured_growth",
    ]
    return publish(c, measures, suppressed)


# --- 高质量充分就业指标体系 -------------------------------------------------------------------


def full_employment(root: Path, m: Methodology, months: Sequence[str]) -> pd.DataFrame:
    cfg = m["full_employment"]
    p = labour(
        root,
        m,
        months,
        "full_employment",
        ["month", "region", "employed", "seeking", "insured", "education_rank", "skilled"],
    )
    post = postings(root, m, months, ["month", "region", "headcount"])
    s = read(root, "seekers", months, ["month", "region"])
    r = read(root, "registrations", months, ["month", "region", "prev_region", "graduate"])
    r = r[r.prev_region.notna() & (r.graduate == True)]  # noqa: E712 — NULL is dropped
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
    employed = p.employed
    # count per county first (counts add up), then roll the county rows up the levels
    county = agg(
        {"month": p.month, "region": p.region},
        {
            "employed": employed,
            "unemployed": ~employed & p.seeking,
            "insured": employed & p.insured,
            "talent": employed & (p.education_rank >= 5),
            "skilled": employed & p.skilled,
        },
        counts=["labour"],
    )
    stock = ["labour", "employed", "unemployed", "insured", "talent", "skilled"]
    parts = []
    for level in ("zone", "province", "prefecture"):
        at = LEVELS[level]
        to, since = at(r.region).fillna(""), at(r.prev_region).fillna("")
        moved = r.assign(to=to, since=since)
        moved = moved[moved.to != moved.since]
        arriving, leaving = moved[moved.to != ""], moved[moved.since != ""]
        for part in (
            agg(
                {"period": county.month, "region": at(county.region)},
                {k: county[k] for k in stock},
            ),
            agg(
                {"period": post.month, "region": at(post.region)},
                {"demand": post.headcount.astype("int64")},
            ),
            agg({"period": s.month, "region": at(s.region)}, counts=["seekers"]),
            agg({"period": arriving.month, "region": arriving.to}, counts=["graduate_in"]),
            agg({"period": leaving.month, "region": leaving.since}, counts=["graduate_out"]),
        ):
            part["level"] = level
            parts.append(part)
    c = combine(parts, ["period", "level", "region"], names)
    c = c[c.region.notna()].copy()
    values = {
        "employment_rate": ratio(c.employed, c.labour),
        "unemployment_rate": ratio(c.unemployed, c.employed + c.unemployed),
        "insured_share": ratio(c.insured, c.employed),
        "vacancy_ratio": ratio(c.demand, c.seekers),
        "talent_share": ratio(c.talent, c.employed),
        "skilled_share": ratio(c.skilled, c.employed),
        "graduate_net_rate": balance(c.graduate_in, c.graduate_out),
    }
    scores = {}
    for indicator in cfg["indicators"]:
        x = values[indicator["id"]].fillna(indicator["floor"])
        floor, target = indicator["floor"], indicator["target"]
        scores[indicator["id"]] = 100 * clip((x - floor) / (target - floor), 0, 1)
    composite = sum(i["weight"] * scores[i["id"]] for i in cfg["indicators"])
    c["dimension"] = "total"
    c["key"] = ""
    c["composite"] = sql_round(composite, 2)
    for k, v in values.items():
        c[k] = sql_round(v, 4)
    for k, v in scores.items():
        c[f"{k}_score"] = sql_round(v, 1)
    measures = ["composite", "labour", *values, *[f"{k}_score" for k in values]]
    return publish(c, measures, c.labour < m.min_cell)


INDICES: dict[str, Callable[[Path, Methodology, Sequence[str]], pd.DataFrame]] = {
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
    root: Path,
    months: Sequence[str],
    *,
    names: Iterable[str] = INDEX_NAMES,
    methodology: Methodology | None = None,
    timings: dict[str, float] | None = None,
) -> dict[str, pd.DataFrame]:
    """The named indices over ``months`` of the extracts in ``root``, sorted by KEYS.
    ``timings``, if given, receives the seconds each index took."""
    import time

    m = methodology or load()
    results = {}
    for name in names:
        if name not in INDICES:
            raise ValueError(f"names: unknown index {name!r}")
        started = time.perf_counter()
        results[name] = INDICES[name](Path(root), m, list(months))
        if timings is not None:
            timings[name] = time.perf_counter() - started
    return results
