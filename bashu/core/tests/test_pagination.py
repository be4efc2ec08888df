"""The one pagination of list APIs: bounds, shape, and the per-endpoint maximum."""

from __future__ import annotations

import pytest
from django.conf import settings
from ninja import Field, Router, Schema
from ninja.testing import TestClient
from pydantic import ValidationError

from bashu.core.bounds import MAX_OFFSET, Code
from bashu.core.pagination import MAX_LIMIT, Pagination, page_of, paginate


def test_the_default_limit_is_the_configured_one() -> None:
    page = Pagination.Input()
    assert (page.limit, page.offset) == (settings.NINJA_PAGINATION_PER_PAGE, 0)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": MAX_LIMIT + 1}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": MAX_OFFSET + 1}, "offset"),
        ({"offset": 2**63}, "offset"),
    ],
)
def test_a_bound_broken_is_refused_naming_the_field(query: dict, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Pagination.Input(**query)
    assert [e["loc"] for e in refused.value.errors()] == [(field,)]


def test_page_of_answers_items_and_count() -> None:
    page = Pagination.Input(limit=2, offset=3)
    assert page_of(list(range(10)), page, lambda n: n * 10) == {"items": [30, 40], "count": 10}
    assert page_of([], page) == {"items": [], "count": 0}


class BigPage(Pagination.Input):
    limit: int = Field(1000, ge=1, le=5000)


def test_an_endpoint_may_declare_a_larger_page_with_the_same_offset_bound() -> None:
    assert BigPage().limit == 1000 and BigPage(limit=5000).limit == 5000
    with pytest.raises(ValidationError):
        BigPage(limit=5001)
    with pytest.raises(ValidationError):
        BigPage(offset=MAX_OFFSET + 1)


def test_paginate_reads_bounded_types_in_a_module_with_future_annotations() -> None:
    class Out(Schema):
        n: int

    router = Router()

    @router.get("/numbers", response=list[Out])
    @paginate(convert=lambda n: {"n": n * 2})
    def numbers(request, prefix: Code = "") -> list[int]:  # type: ignore[no-untyped-def]
        return list(range(7))

    client = TestClient(router)
    body = client.get("/numbers?limit=3&offset=2&prefix=x").json()
    assert body == {"items": [{"n": 4}, {"n": 6}, {"n": 8}], "count": 7}
    assert client.get("/numbers?prefix=" + "x" * 33).status_code == 422
    assert client.get("/numbers?offset=100001").status_code == 422
