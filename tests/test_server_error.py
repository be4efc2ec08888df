"""A failure outside a view's own error handling (a middleware, say) never shows a
traceback: the API answers in its error shape, a page in plain words."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from config.urls import server_error


def test_api_failures_answer_in_the_error_shape() -> None:
    answer = server_error(RequestFactory().get("/api/v1/jobs/search"))
    assert answer.status_code == 500 and answer["Content-Type"] == "application/json"
    body = answer.content.decode()
    assert '"rule": "server_error"' in body and "Traceback" not in body


def test_page_failures_answer_in_words() -> None:
    answer = server_error(RequestFactory().get("/jobs/"))
    assert answer.status_code == 500 and b"<p>" in answer.content
    assert b"Traceback" not in answer.content


def _while_the_database_is_down(path: str):  # type: ignore[no-untyped-def]
    """handler500 as Django calls it: inside the ``except`` of the failure."""
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        return server_error(RequestFactory().get(path))


def test_the_database_out_of_reach_is_a_503_to_retry_not_a_500() -> None:
    page = _while_the_database_is_down("/jobs/")
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert "系统正在恢复".encode() in page.content and b"Traceback" not in page.content
    answer = _while_the_database_is_down("/api/v1/jobs/search")
    assert answer.status_code == 503 and answer["Retry-After"] == "5"
    assert '"rule": "unavailable"' in answer.content.decode()


@pytest.mark.django_db
def test_an_api_call_that_loses_the_database_answers_503(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bashu.core import api as core_api

    def refused(*args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(core_api, "region_list", refused, raising=True)
    answer = client.get("/api/v1/regions")
    assert answer.status_code == 503 and answer["Retry-After"] == "5"
    assert answer.json()["detail"]
