"""Feeds from the provinces' sites: JSON Lines, CSV and xlsx; bad rows reported; idempotent."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from bashu.core.identity import uscc_complete
from bashu.core.tests.queue import drain
from bashu.jobs.models import JobPosting
from bashu.people.models import Employer
from conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)

USCC = uscc_complete("91500112MA5UXXXX0")


def row(source_id: str, **overrides):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    data = {
        "source_id": source_id,
        "title": "快递员",
        "description": "负责渝北区片区快递收派",
        "employer_uscc": USCC,
        "employer_name": "渝北速达物流有限公司",
        "county_code": "500112",
        "industry_code": "60",
        "occupation_code": "4-02-07-08",
        "salary_min": 6000,
        "salary_max": 9000,
        "education": "junior_secondary",
        "experience_years": 0,
        "skills": ["电动车驾驶", "快递收派"],
        "headcount": 10,
        "open_date": today.isoformat(),
        "close_date": (today + dt.timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def run(path, source="chongqing"):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("import_postings", str(path), "--source", source, stdout=out)
    return out.getvalue()


def test_jsonl_good_rows_load_bad_rows_reported_with_line_and_reason(tmp_path) -> None:  # type: ignore[no-untyped-def]
    feed = tmp_path / "cq.jsonl"
    lines = [
        json.dumps(row("a1"), ensure_ascii=False),
        json.dumps(row("a2", salary_max=100), ensure_ascii=False),
        "{not json",
        json.dumps(row("a3", county_code="999999"), ensure_ascii=False),
        json.dumps(row("a4", description="限男性，能吃苦"), ensure_ascii=False),
        json.dumps(row("a5", employer_uscc="123"), ensure_ascii=False),
        json.dumps(row("a6", title="分拣员", occupation_code="4-02-06-02"), ensure_ascii=False),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = run(feed)
    assert "新增 created 2" in output and "拒绝 rejected 5" in output
    for line, reason in (
        (2, "salary_max"),
        (3, "json"),
        (4, "region"),
        (5, "fair_hiring_sex"),
        (6, "employer_uscc"),
    ):
        assert (
            f"第 {line} 行" in output and reason in output.split(f"第 {line} 行")[1].split("\n")[0]
        )
    assert Employer.objects.filter(uscc=USCC).count() == 1
    # Searchable once the worker has applied the index updates the import enqueued.
    assert client_for(None).get("/api/v1/jobs/search", {"q": "分拣员"}).json()["count"] == 0
    drain()
    assert client_for(None).get("/api/v1/jobs/search", {"q": "分拣员"}).json()["count"] == 1


def test_reimport_is_idempotent_and_updates_changed_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    feed = tmp_path / "cq.jsonl"
    feed.write_text(
        "\n".join(json.dumps(row(f"b{i}"), ensure_ascii=False) for i in range(3)), encoding="utf-8"
    )
    run(feed)
    snapshot = list(JobPosting.objects.order_by("id").values_list("id", "title", "updated_at"))
    assert "未变 unchanged 3" in run(feed)
    assert (
        list(JobPosting.objects.order_by("id").values_list("id", "title", "updated_at")) == snapshot
    )
    feed.write_text(json.dumps(row("b1", salary_max=9500), ensure_ascii=False), encoding="utf-8")
    assert "更新 updated 1" in run(feed)
    assert JobPosting.objects.get(source="chongqing", source_id="b1").salary_max == 9500
    assert JobPosting.objects.count() == 3


def test_csv_and_xlsx(tmp_path) -> None:  # type: ignore[no-untyped-def]
    header = list(row("x"))
    path = tmp_path / "sc.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerow({**row("c1"), "skills": "电动车驾驶，快递收派"})
        writer.writerow({**row("c2"), "salary_min": "六千"})
    output = run(path, source="sichuan")
    assert "新增 created 1" in output and "第 3 行" in output and "salary_min: integer" in output
    assert JobPosting.objects.get(source_id="c1").skills == ["电动车驾驶", "快递收派"]
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append([", ".join(v) if isinstance(v, list) else v for v in row("x1").values()])
    xlsx = tmp_path / "sc.xlsx"
    book.save(xlsx)
    assert "新增 created 1" in run(xlsx, source="sichuan")
