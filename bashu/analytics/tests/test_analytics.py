"""Extracts, refresh runs, the stored results and what the API and exports make of them."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from django.test import Client
from openpyxl import load_workbook

from bashu.analytics.extract import extract_month
from bashu.analytics.models import ExtractFile, IndexRun, IndexValue, RunStatus
from bashu.analytics.refresh import indices_refresh
from bashu.datagen.generate import generate
from bashu.jobs.models import JobPosting
from indices.compute import INDICES
from indices.schema import month_path

pytestmark = pytest.mark.django_db

YEAR_2021 = [f"2021-{m:02d}" for m in range(1, 13)]


@pytest.fixture
def generated() -> None:
    # 6,700 persons; the job zone at 1/1000 of its size: Chongqing's 2021 demand is 2,420
    generate(scale=0.0001, seed=21, chunk_size=5_000, jobs_scale=0.001)


def test_extract_writes_the_month_and_a_rerun_replaces_it(generated: None, tmp_path: Path) -> None:
    counts = extract_month(month="2021-05", root=tmp_path)
    assert counts["persons"] == 6_700
    assert counts["postings"] > 0
    persons = pq.read_table(month_path(tmp_path, "persons", "2021-05"))
    assert persons.num_rows == 6_700
    assert set(persons.column("month").to_pylist()) == {"2021-05"}
    assert not {"name", "resident_id", "phone"} & set(persons.column_names)
    # insured months carry an industry: the period's employer or the job held that month
    industries = pq.read_table(month_path(tmp_path, "insurance", "2021-05")).column("industry")
    assert counts["insurance"] > 0 and industries.null_count < len(industries)

    posting = JobPosting.objects.filter(open_date__year=2021, open_date__month=5).first()
    assert posting is not None
    posting.delete()
    again = extract_month(month="2021-05", root=tmp_path, tables=["postings"])
    assert again["postings"] == counts["postings"] - 1
    assert pq.read_table(month_path(tmp_path, "postings", "2021-05")).num_rows == again["postings"]
    assert ExtractFile.objects.filter(month="2021-05", table="postings").count() == 1
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("month", ["2021-13", "21-05", "2021-5", "2099-01"])
def test_extract_refuses_a_bad_month(month: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="month:"):
        extract_month(month=month, root=tmp_path)


def test_job_demand_reproduces_chongqing_2021(generated: None, tmp_path: Path) -> None:
    """Seed 002: 2021年重庆岗位需求总数242万人；制造业 47.89%，居民服务 16.45%，批发零售 6.59%."""
    for month in YEAR_2021:
        extract_month(month=month, root=tmp_path, tables=["postings", "seekers", "persons"])
    run = indices_refresh(period="2021-12", root=tmp_path)
    assert run.status == RunStatus.DONE

    def cell(key: str) -> IndexValue:
        return IndexValue.objects.get(
            index="job_demand",
            period="2021",
            level="province",
            region="500000",
            dimension="industry" if key else "total",
            key=key,
        )

    assert cell("").values["demand"] == 2_420
    for section, published in (("C", 0.4789), ("O", 0.1645), ("F", 0.0659)):
        assert abs(cell(section).values["share"] - published) <= 0.01, section

    client = Client()
    answer = client.get(
        "/api/v1/indices/job-demand",
        {"year": "2021", "region": "500000", "level": "province", "dimension": "industry"},
    ).json()
    shares = {item["key"]: item["share"] for item in answer["items"]}
    assert abs(shares["C"] - 0.4789) <= 0.01
    assert answer["items"][0]["region_name"] == "重庆市"


def test_a_failed_refresh_resumes_with_the_indices_not_yet_done(
    generated: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extract_month(month="2025-06", root=tmp_path)
    real = INDICES["heat"]

    def broken(*args: object) -> object:
        raise RuntimeError("disk full")

    monkeypatch.setitem(INDICES, "heat", broken)
    with pytest.raises(RuntimeError):
        indices_refresh(period="2025-06", root=tmp_path)
    run = IndexRun.objects.get(period="2025-06")
    assert run.status == RunStatus.FAILED and "disk full" in run.error
    assert run.done == ["talent_flow", "job_demand", "vacancy_ratio", "shortage", "unemployment"]
    assert not IndexValue.objects.filter(index="heat").exists()
    stored = IndexValue.objects.filter(index="talent_flow").count()

    monkeypatch.setitem(INDICES, "heat", real)
    computed: list[str] = []
    run = indices_refresh(
        period="2025-06", root=tmp_path, progress=lambda name, *_: computed.append(name)
    )
    assert computed == ["heat", "sentiment", "full_employment"]
    assert run.status == RunStatus.DONE and run.attempts == 2
    assert IndexValue.objects.filter(index="talent_flow").count() == stored
    assert IndexValue.objects.filter(index="heat", period="2025-06").exists()

    # a finished month computed again replaces its cells, it does not add to them
    indices_refresh(period="2025-06", root=tmp_path)
    assert IndexValue.objects.filter(index="talent_flow").count() == stored


def test_refresh_of_a_month_not_extracted_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bashu extract --month 2025-01"):
        indices_refresh(period="2025-01", root=tmp_path)
    assert not IndexRun.objects.exists()


@pytest.fixture
def refreshed(generated: None, tmp_path: Path) -> str:
    extract_month(month="2025-05", root=tmp_path)
    extract_month(month="2025-06", root=tmp_path)
    indices_refresh(period="2025-06", root=tmp_path)
    return "2025-06"


@pytest.mark.parametrize(
    ("url", "field", "rule"),
    [
        ("/api/v1/indices/talent-flow?period=2025-6", "period", "format"),
        ("/api/v1/indices/talent-flow?period=2025-06&region=110101", "region", "unknown_region"),
        ("/api/v1/indices/vacancy-ratio?quarter=2025-06", "quarter", "format"),
        ("/api/v1/indices/shortage?year=2025&region=510104", "region", "level"),
        ("/api/v1/indices/heat?period=2025-06&limit=0", "limit", "minimum"),
    ],
)
def test_bad_queries_name_the_field_and_the_rule(
    refreshed: str, url: str, field: str, rule: str
) -> None:
    response = Client().get(url)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(e["field"].endswith(field) and e["rule"] == rule for e in errors), errors


def test_the_api_reads_stored_cells_with_names_and_pages(refreshed: str) -> None:
    client = Client()
    heat = client.get("/api/v1/indices/heat", {"period": refreshed, "limit": 5}).json()
    assert heat["count"] > 5 and len(heat["items"]) == 5
    assert heat["items"][0]["region_name"]
    flow = client.get(
        "/api/v1/indices/talent-flow", {"period": refreshed, "level": "county"}
    ).json()
    for item in flow["items"]:
        assert (item["inflow"] is None) == item["suppressed"]
    missing = client.get("/api/v1/indices/talent-flow", {"period": "2019-01"})
    assert missing.status_code == 404 and "indices_refresh" in missing.json()["detail"]
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("talent-flow", "job-demand", "vacancy-ratio", "shortage", "heat", "sentiment"):
        assert f"/api/v1/indices/{path}" in paths


def test_every_chart_exports_csv_xlsx_and_parquet(refreshed: str) -> None:
    client = Client()
    query = {"period": refreshed, "level": "county"}
    csv = client.get("/indices/export/heat.csv", query)
    assert csv.status_code == 200
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeffperiod,level,region,region_name")
    lines = text.strip().splitlines()
    assert len(lines) - 1 == IndexValue.objects.filter(index="heat", period=refreshed).count()

    xlsx = client.get("/indices/export/heat.xlsx", query)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row == len(lines)
    parquet = client.get("/indices/export/heat.parquet", query)
    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == len(lines) - 1

    bad = client.get("/indices/export/heat.csv", {"period": "June"})
    assert bad.status_code == 422 and "period" in bad.content.decode()


def test_dashboard_and_bulletin_render_stored_results(refreshed: str) -> None:
    client = Client()
    page = client.get("/indices/", {"period": refreshed, "region": "510000"})
    assert page.status_code == 200
    assert "indices-data" in page.content.decode()
    bulletin = client.get(f"/indices/bulletin/{refreshed}/")
    assert bulletin.status_code == 200 and "月度简报" in bulletin.content.decode()
    assert client.get("/indices/bulletin/2019-01/").status_code == 404


def test_a_prefectures_page_draws_its_province_beside_it(refreshed: str) -> None:
    from django.utils import translation

    from bashu.analytics.views import dashboard_data

    # Given a prefecture whose cells are small (德阳 in a 6,700-person population)
    with translation.override("zh-hans"):
        data = dashboard_data(refreshed, "510600")
    # Then the talent flow is drawn for 德阳 and, as the reference, for 四川省
    assert [(r["region"], r["name"]) for r in data["flow"]] == [
        ("510600", "德阳市"),
        ("510000", "四川省（参照）"),
    ]
    # and the vacancy ratio over every occupation for both, the province's labelled as such
    labels = {row["region"]: row["label"] for row in data["vacancy_total"]}
    assert labels == {"510600": "全部职业", "510000": "四川省（参照）"}
    # a province's own page has no reference, nor has the zone's
    assert [r["region"] for r in dashboard_data(refreshed, "510000")["flow"]] == ["510000"]
    assert [r["region"] for r in dashboard_data(refreshed, "510000")["vacancy_total"]] == ["510000"]
    # and the page says why the province is there, in the reader's language
    page = Client().get("/indices/", {"period": refreshed, "region": "510600"})
    assert "同时给出四川省作为参照" in page.content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        "/indices/", {"period": refreshed, "region": "510600"}
    )
    assert "also show Sichuan for reference" in english.content.decode()
