"""Hostile query parameters on the recognition pages: a clear answer, never a 500."""

from __future__ import annotations

import pytest

from bashu.core.models import Role
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_the_certificate_check_is_a_400() -> None:
    response = client_for(None).get(
        "/recognition/certificate/", {"number": "51T\x00", "name": "张三"}
    )
    assert response.status_code == 400


def test_an_over_long_certificate_number_is_cut_not_a_500() -> None:
    response = client_for(None).get(
        "/recognition/certificate/", {"number": "5" * 100_000, "name": "张" * 10_000}
    )
    assert response.status_code == 200
    assert len(response.context["number"]) == 40


def test_a_nul_byte_posted_to_the_desk_is_a_400(make_account) -> None:  # type: ignore[no-untyped-def]
    worker = make_account("cw", Role.CASEWORKER, "510100")
    response = client_for(worker).post(
        "/recognition/desk/", {"number": "51T\x00", "host_region": "500000"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("page", [str(2**70), "abc", "-1", "9" * 5000])
def test_desk_pages_out_of_range_are_answered(make_account, page: str) -> None:  # type: ignore[no-untyped-def]
    worker = make_account("cw", Role.CASEWORKER, "510100")
    assert client_for(worker).get("/recognition/desk/", {"page": page}).status_code == 200
