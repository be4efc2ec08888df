"""Hostile input on the indices API: bounded by schema, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("offset", [str(2**63), "100001"])
def test_an_offset_past_the_bound_is_a_422(offset: str) -> None:
    response = Client().get("/api/v1/indices/heat", {"period": "2025-06", "offset": offset})
    assert response.status_code == 422
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [("offset", "maximum")]


def test_an_over_long_period_is_a_422() -> None:
    response = Client().get("/api/v1/indices/heat", {"period": "2" * 100})
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "max_length"


@pytest.mark.parametrize(
    ("query", "field", "rule"),
    [
        ({"quarter": "5"}, "quarter", "maximum"),
        ({"quarter": "0"}, "quarter", "minimum"),
        ({"limit": "5001"}, "limit", "maximum"),
        ({"limit": "0"}, "limit", "minimum"),
    ],
)
def test_a_quarter_or_page_out_of_bounds_is_a_422(query: dict, field: str, rule: str) -> None:
    response = Client().get("/api/v1/indices/job-demand", {"year": "2025", **query})
    assert response.status_code == 422
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [(field, rule)]
