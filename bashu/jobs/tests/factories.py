"""Factories and helpers for job-zone tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from bashu.core.permissions import SYSTEM
from bashu.jobs.models import JobPosting
from bashu.jobs.schemas import PostingInput
from bashu.jobs.services import postings as posting_services
from bashu.people.models import Employer


def posting_input(**overrides: Any) -> PostingInput:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": "Java开发工程师",
        "description": "负责后端系统开发，熟悉Spring Boot和MySQL，有微服务经验者优先。",
        "occupation": "2-02-10-03",
        "industry": "65",
        "region": "510107",
        "salary_min": 9000,
        "salary_max": 16000,
        "education": "bachelor",
        "experience_years": 2,
        "skills": ["Java", "Spring Boot", "MySQL"],
        "headcount": 2,
        "open_date": today - dt.timedelta(days=3),
        "close_date": today + dt.timedelta(days=30),
    }
    values.update(overrides)
    return PostingInput(**values)


def make_posting(employer: Employer, **overrides: Any) -> JobPosting:
    source = overrides.pop("source", "portal")
    source_id = overrides.pop("source_id", "")
    return posting_services.posting_create(
        by=SYSTEM,
        employer_id=employer.pk,
        data=posting_input(**overrides),
        source=source,
        source_id=source_id,
    )


def posting_form(**overrides: Any) -> dict[str, Any]:
    """A posting as the employer's form posts it: a forklift driver, closing in 20 days."""
    data: dict[str, Any] = {
        "title": "叉车司机",
        "occupation": "6-30-05-01",
        "industry": "59",
        "region": "510116",
        "salary_min": 6000,
        "salary_max": 8000,
        "education": "",
        "experience_years": 1,
        "skills": "叉车证、仓储",
        "headcount": 3,
        "close_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "description": "负责仓库叉车作业",
    }
    data.update(overrides)
    return data
