"""The indices on small extracts: hand-checked figures, suppression, and Spark = DuckDB."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import indices
from indices.compute import quarter_ends
from indices.sample import sample_write, write_table

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


def _registration(i: int, person: int, region: str, before: str | None, **flags: bool) -> dict:
    return {
        "id": i,
        "person_id": person,
        "month": "2025-03",
        "start_date": dt.date(2025, 3, 5),
        "region": region,
        "prev_region": before,
        "industry": "C",
        "occupation": "6-18-01-01",
        "bachelor": flags.get("bachelor", False),
        "title_mid": False,
        "card": False,
        "graduate": flags.get("graduate", False),
    }


@pytest.fixture
def moves(tmp_path: Path) -> Path:
    """60 people move from 郫都区 (Chengdu) to 渝北区 (Chongqing), 20 of them graduates and 30
    with a bachelor's degree; 10 move inside Chengdu; 5 are first jobs (no previous county)."""
    rows = [
        _registration(i, i, "500112", "510117", bachelor=i < 30, graduate=i < 20) for i in range(60)
    ]
    rows += [_registration(100 + i, 100 + i, "510104", "510117") for i in range(10)]
    rows += [_registration(200 + i, 200 + i, "510104", None) for i in range(5)]
    write_table(tmp_path, "registrations", "2025-03", rows)
    return tmp_path


def test_talent_flow_counts_moves_between_regions_at_each_level(moves: Path) -> None:
    result = indices.compute(indices.connect(), moves, ["2025-03"], names=["talent_flow"])
    cells = {(r["level"], r["region"]): r for r in result["talent_flow"].to_pylist()}

    chongqing = cells[("province", "500000")]
    assert (chongqing["inflow"], chongqing["outflow"], chongqing["net"]) == (60, 0, 60)
    assert (chongqing["talent_in"], chongqing["graduate_in"]) == (30, 20)
    # all rates +1: 100 × (1 + 0.4 + 0.35 + 0.25)
    assert chongqing["composite"] == 200.0
    sichuan = cells[("province", "510000")]
    assert (sichuan["inflow"], sichuan["outflow"], sichuan["composite"]) == (0, 60, 0.0)
    # 70 people left 郫都区 (60 to Chongqing, 10 inside Chengdu)
    assert cells[("county", "510117")]["outflow"] == 70
    # moving inside Chengdu is no flow for the prefecture; Chongqing has no prefecture level
    assert cells[("prefecture", "510100")]["outflow"] == 60
    assert not any(level == "prefecture" and code.startswith("50") for level, code in cells)
    # 10 people into 锦江区 is fewer than 50: kept, flagged, emptied
    small = cells[("county", "510104")]
    assert small["suppressed"] is True
    assert small["inflow"] is None and small["composite"] is None
    # first jobs are no move
    assert sum(c["inflow"] or 0 for (lvl, _), c in cells.items() if lvl == "county") == 60


def test_weights_and_min_cell_come_from_the_methodology(moves: Path, tmp_path: Path) -> None:
    m = indices.load()
    assert m.min_cell == 50
    assert abs(sum(m["talent_flow"]["weights"].values()) - 1) < 1e-12
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"version": "x", "effective_from": "2026-01-01", "source": "", "min_cell": 5,'
        ' "talent_flow": {"weights": {"net_rate": 0.5, "talent_net_rate": 0.6}}}',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="talent_flow: weights add up to"):
        indices.load(bad)


def test_job_demand_shares_add_up_and_duplicates_do_not_count(tmp_path: Path) -> None:
    rows = []
    for i, (industry, headcount, duplicate) in enumerate(
        [("C", 6, False), ("C", 3, False), ("F", 1, False), ("C", 50, True)]
    ):
        rows.append(
            {
                "id": i,
                "month": "2025-02",
                "open_date": dt.date(2025, 2, 1),
                "close_date": dt.date(2025, 3, 3),
                "days_open": 30,
                "region": "500103",
                "industry": industry,
                "occupation": "2-02-10-03",
                "headcount": headcount,
                "duplicate": duplicate,
                "status": "open",
            }
        )
    write_table(tmp_path, "postings", "2025-02", rows)
    result = indices.compute(indices.connect(), tmp_path, ["2025-02"], names=["job_demand"])
    cells = {
        (r["period"], r["level"], r["region"], r["dimension"], r["key"]): r
        for r in result["job_demand"].to_pylist()
    }
    assert cells[("2025", "province", "500000", "total", "")]["demand"] == 10
    assert cells[("2025", "province", "500000", "industry", "C")]["share"] == 0.9
    assert cells[("2025Q1", "zone", "zone", "industry", "F")]["share"] == 0.1
    assert ("2025", "prefecture", "500000", "total", "") not in cells


def test_quarter_ends_take_the_last_month_present() -> None:
    assert quarter_ends(["2025-01", "2025-02", "2025-04"]) == ["2025-02", "2025-04"]


def test_every_index_answers_and_no_suppressed_cell_leaks_a_figure(tmp_path: Path) -> None:
    sample_write(tmp_path, ["2024-12", *MONTHS], persons=1500)
    results = indices.compute(indices.connect(), tmp_path, ["2024-12", *MONTHS])
    assert set(results) == set(indices.INDEX_NAMES)
    for name, table in results.items():
        assert table.num_rows > 0, name
        keys = {"period", "level", "region", "dimension", "key", "suppressed"}
        person_measures = {
            "people",
            "inflow",
            "labour",
            "labour_force",
            "seekers",
            "hires",
            "insured",
            "composite",
        }
        for row in table.to_pylist():
            if row["suppressed"]:
                leaked = {k for k in person_measures & set(row) if row[k] is not None}
                assert not leaked, (name, row)
            assert keys <= set(row)
    heat = [r["heat"] for r in results["heat"].to_pylist() if r["heat"] is not None]
    assert heat and min(heat) >= 0 and max(heat) <= 100
    ranks = [
        r["rank"]
        for r in results["shortage"].to_pylist()
        if r["level"] == "zone" and r["period"] == "2025"
    ]
    assert sorted(ranks) == list(range(1, len(ranks) + 1))


def test_the_same_extracts_give_the_same_indices_on_spark_and_duckdb(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    sample_write(tmp_path, ["2024-12", *MONTHS[:3]], persons=1200)
    months = ["2024-12", *MONTHS[:3]]
    names = ["talent_flow", "vacancy_ratio", "shortage", "sentiment"]
    duck = indices.compute(indices.connect(), tmp_path, months, names=names)
    con = indices.connect("pyspark", memory="1g")
    try:
        spark = indices.compute(con, tmp_path, months, names=names)
    finally:
        con._session.stop()
    for name in names:
        assert duck[name].num_rows > 0
        assert duck[name].to_pylist() == spark[name].to_pylist(), name


def test_clipping_keeps_null_growth_null() -> None:
    """LEAST/GREATEST skip nulls; growth from a zero base must stay null, not become +100 %."""
    import ibis

    from indices.compute import _clip

    t = ibis.memtable({"x": [None, 2.5, -3.0, 0.25]}, schema={"x": "float64"})
    out = indices.connect().to_pyarrow(t.select(y=_clip(t.x, -1, 1))).column("y").to_pylist()
    assert out == [None, 1.0, -1.0, 0.25]
