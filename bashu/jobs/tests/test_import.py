"""Feeds from the provinces' sites: JSON Lines, CSV and xlsx; bad rows reported; idempotent."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

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


def run(path: Path, source: str = "chongqing") -> str:
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
    assert sheet is not None
    sheet.append(header)
    sheet.append([", ".join(v) if isinstance(v, list) else v for v in row("x1").values()])
    xlsx = tmp_path / "sc.xlsx"
    book.save(xlsx)
    assert "新增 created 1" in run(xlsx, source="sichuan")


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


SITE_HEADER = [
    "岗位编号",
    "岗位名称",
    "岗位描述",
    "统一社会信用代码",
    "单位名称",
    "工作地点",
    "行业代码",
    "职业代码",
    "薪资",
    "学历要求",
    "技能要求",
    "招聘人数",
    "发布日期",
    "截止日期",
]


def site_row(source_id: str, **overrides: str) -> list[str]:
    """A row as a province's site writes it: names, not codes (the occupation and industry
    codes aside, which the sites' own classifications give)."""
    today = timezone.localdate()
    data = {
        "岗位编号": source_id,
        "岗位名称": "仓库管理员",
        "岗位描述": "负责武侯区仓库收发货",
        "统一社会信用代码": USCC,
        "单位名称": "武侯仓储有限公司",
        "工作地点": "成都市武侯区",
        "行业代码": "59",
        "职业代码": "4-02-06-02",
        "薪资": "8-12K",
        "学历要求": "本科",
        "技能要求": "仓储管理、叉车证",
        "招聘人数": "3",
        "发布日期": today.strftime("%Y/%m/%d"),
        "截止日期": chinese_date(today + dt.timedelta(days=30)),
    }
    data.update(overrides)
    return [data[name] for name in SITE_HEADER]


def test_a_feed_written_like_the_sites_imports_every_good_row_with_its_warnings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = [
        site_row("s1"),
        site_row("s2", 工作地点="武侯区", 薪资="1.2万-2万", 学历要求="大学本科"),
        site_row("s3", 工作地点="重庆市渝北区", 薪资="200元/天", 学历要求="技校"),
        site_row("s4", 工作地点="渝北区", 薪资="6000-8000", 学历要求="初中及以下"),
        site_row("s5", 工作地点="510107", 薪资="7000", 学历要求="不限"),
        site_row("s6", 薪资="年薪15万", 学历要求="大专"),
    ]
    path = tmp_path / "site.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SITE_HEADER)
        writer.writerows(rows)
    output = run(path, source="sichuan")
    assert "新增 created 6" in output and "拒绝 rejected 0" in output and "提示 warned 6" in output
    assert "salary: salary_thousands 8-12K → 8000-12000" in output
    assert "county_code: county_name 成都市武侯区 → 510107" in output
    postings = {p.source_id: p for p in JobPosting.objects.all()}
    first = postings["s1"]
    assert (first.region_id, first.salary_min, first.salary_max, first.education_id) == (
        "510107",
        8000,
        12000,
        "bachelor",
    )
    assert first.close_date == timezone.localdate() + dt.timedelta(days=30)
    assert (postings["s3"].region_id, postings["s3"].salary_min) == ("500112", 4350)
    assert postings["s3"].education_id == "secondary_vocational"
    assert postings["s4"].education_id == "junior_secondary"
    assert postings["s5"].education_id is None and postings["s5"].salary_max == 7000
    assert (postings["s6"].salary_min, postings["s6"].education_id) == (12500, "junior_college")
    # Read again: nothing changes, and the normalisations are reported again.
    again = run(path, source="sichuan")
    assert "未变 unchanged 6" in again and "提示 warned 6" in again


def test_the_report_lists_each_normalisation_and_refuses_what_no_rule_reads() -> None:
    from bashu.core.permissions import SYSTEM
    from bashu.jobs.services.feed import ALIASES, postings_import

    def named(source_id: str, **overrides: str) -> dict[str, str]:
        return {
            ALIASES.get(k, k): v
            for k, v in zip(SITE_HEADER, site_row(source_id, **overrides), strict=True)
        }

    report = postings_import(
        [
            (2, named("ok")),
            (3, named("huge", 薪资="99999999K")),
            (4, named("talk", 薪资="面议")),
            (5, named("twice", 工作地点="市中区")),
            (6, named("nowhere", 工作地点="北京市朝阳区")),
            (7, named("odd", 截止日期="2026年13月1日", 学历要求="幼儿园")),
            (8, named("junk", 薪资="8" * 1999)),
        ],
        source="sichuan",
        by=SYSTEM,
    )
    assert (report.created, report.rejected_count) == (1, 6)
    assert report.warned == [
        {
            "line": 2,
            "warnings": [
                {"field": "education", "rule": "education_name", "from": "本科", "to": "bachelor"},
                {
                    "field": "salary",
                    "rule": "salary_thousands",
                    "from": "8-12K",
                    "to": "8000-12000",
                },
                {
                    "field": "open_date",
                    "rule": "date_written",
                    "from": timezone.localdate().strftime("%Y/%m/%d"),
                    "to": timezone.localdate().isoformat(),
                },
                {
                    "field": "close_date",
                    "rule": "date_written",
                    "from": chinese_date(timezone.localdate() + dt.timedelta(days=30)),
                    "to": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
                },
                {
                    "field": "county_code",
                    "rule": "county_name",
                    "from": "成都市武侯区",
                    "to": "510107",
                },
            ],
        }
    ]
    errors = {r["line"]: r["errors"] for r in report.rejected}
    assert errors[3] == [{"field": "salary", "rule": "maximum"}]
    assert errors[4] == [{"field": "salary", "rule": "salary_negotiable"}]
    assert errors[5] == [
        {"field": "county_code", "rule": "ambiguous_region", "candidates": ["511002", "511102"]}
    ]
    assert errors[6] == [{"field": "county_code", "rule": "unknown_region"}]
    assert {(e["field"], e["rule"]) for e in errors[7]} == {
        ("close_date", "date_format"),
    }
    assert errors[8] == [{"field": "salary", "rule": "salary_format"}]
    # A row without an occupation code is coded: bashu/jobs/tests/test_coding.py.


def test_the_report_page_lists_the_warnings() -> None:
    from django.template.loader import render_to_string

    from bashu.core.tabular import ImportReport

    report = ImportReport()
    report.warn(
        4, [{"field": "salary", "rule": "salary_daily", "from": "200元/天", "to": "4350-4350"}]
    )
    page = render_to_string("recognition/_import_report.html", {"report": report})
    assert "salary_daily" in page and "200元/天 → 4350-4350" in page
    assert "salary_daily" not in render_to_string(
        "recognition/_import_report.html", {"report": ImportReport()}
    )
