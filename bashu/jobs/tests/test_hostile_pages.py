"""Hostile query parameters on the job-zone pages: bounded, never a crash or a 500.

``/jobs/?page=999999999999`` once made tantivy allocate ~960 TB and the process exit."""

from __future__ import annotations

import pytest

from bashu.core import bounds
from bashu.core.models import Role
from bashu.jobs import search as index
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["999999999999", "9" * 5000])
def test_a_huge_page_is_the_last_allowed_page(page: str) -> None:
    response = client_for(None).get("/jobs/", {"page": page})
    assert response.status_code == 200
    assert response.context["page"] == bounds.MAX_PAGE


@pytest.mark.parametrize("page", ["abc", "-5", "0", "1e9", " ", "٣"])
def test_a_page_that_is_not_a_positive_number_is_the_first(page: str) -> None:
    response = client_for(None).get("/jobs/", {"page": page})
    assert response.status_code == 200
    assert response.context["page"] == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("salary_min", str(2**64)),
        ("salary_min", str(2**63)),
        ("salary_min", "-1"),
        ("posted_within_days", str(10**30)),
        ("posted_within_days", "x"),
    ],
)
def test_numbers_out_of_range_are_clamped_not_a_500(name: str, value: str) -> None:
    response = client_for(None).get("/jobs/", {name: value})
    assert response.status_code == 200


def test_a_long_query_is_cut() -> None:
    response = client_for(None).get("/jobs/", {"q": "焊工" * 5000})
    assert response.status_code == 200
    assert len(response.context["q"]) == bounds.MAX_QUERY


@pytest.mark.parametrize("name", ["q", "region", "industry", "education", "page"])
def test_a_nul_byte_in_any_parameter_is_a_400(name: str) -> None:
    response = client_for(None).get("/jobs/", {name: "51\x00"})
    assert response.status_code == 400


def test_the_index_itself_bounds_the_offset() -> None:
    hits = index.search("", index.SearchFilters(), offset=10**12, limit=20)
    assert hits.hits == []


def test_the_employer_dashboard_bounds_the_posting_parameter(make_account) -> None:  # type: ignore[no-untyped-def]
    boss = make_account("boss", Role.EMPLOYER)
    for value in (str(2**70), "abc", "-1"):
        assert client_for(boss).get("/employer/", {"posting": value}).status_code in (200, 403)


@pytest.mark.parametrize("path", ["/jobs/{n}/", "/jobs/{n}/apply/", "/applications/{n}/status/"])
def test_ids_past_bigint_in_page_paths_are_not_found(make_account, path: str) -> None:  # type: ignore[no-untyped-def]
    seeker = make_account("seeker", Role.SEEKER)
    url = path.format(n=2**70)
    client = client_for(seeker)
    response = client.post(url, {"status": "viewed"}) if "status" in url else client.get(url)
    if "apply" in url:
        response = client.post(url)
    assert response.status_code in (302, 404, 405)
