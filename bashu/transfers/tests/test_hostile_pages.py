"""Hostile form fields on the transfer pages: a clear answer, never a 500."""

from __future__ import annotations

import pytest

from bashu.core.models import Role
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("move_id", ["abc", "", str(2**70), "-3"])
def test_a_dispatch_with_a_move_id_that_is_not_one_is_refused(make_account, move_id: str) -> None:  # type: ignore[no-untyped-def]
    worker = make_account("cw", Role.CASEWORKER, "510100")
    response = client_for(worker).post(
        "/cases/1/", {"action": "dispatch", "move_id": move_id, "tracking": "JY1"}
    )
    assert response.status_code in (200, 302, 404)


def test_a_nul_byte_in_the_queue_filter_is_a_400(make_account) -> None:  # type: ignore[no-untyped-def]
    worker = make_account("cw", Role.CASEWORKER, "510100")
    assert client_for(worker).get("/cases/", {"state": "new\x00"}).status_code == 400


@pytest.mark.parametrize("page", [str(2**70), "abc", "-1"])
def test_queue_pages_out_of_range_are_answered(make_account, page: str) -> None:  # type: ignore[no-untyped-def]
    worker = make_account("cw", Role.CASEWORKER, "510100")
    assert client_for(worker).get("/cases/", {"page": page}).status_code == 200
