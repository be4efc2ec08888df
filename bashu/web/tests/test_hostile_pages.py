"""Hostile query parameters on the portal pages: a clear answer, never a 500."""

from __future__ import annotations

import pytest

from bashu.core.models import Role
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_the_people_search_is_a_400(make_account) -> None:  # type: ignore[no-untyped-def]
    worker = make_account("cw", Role.CASEWORKER, "510100")
    assert client_for(worker).get("/people/", {"q": "张\x00"}).status_code == 400


def test_a_long_people_search_is_cut(make_account) -> None:  # type: ignore[no-untyped-def]
    worker = make_account("cw", Role.CASEWORKER, "510100")
    response = client_for(worker).get("/people/", {"q": "张" * 10_000, "page": str(2**70)})
    assert response.status_code == 200
    assert len(response.context["q"]) == 64


def test_a_nul_byte_in_the_admin_search_is_a_400(administrator) -> None:  # type: ignore[no-untyped-def]
    response = client_for(administrator).get("/admin/people/person/", {"q": "张\x00"})
    assert response.status_code == 400


def test_a_nul_byte_in_a_page_path_is_a_400() -> None:
    assert client_for(None).get("/jobs/%00/").status_code in (400, 404)
