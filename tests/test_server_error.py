"""A failure outside a view's own error handling (a middleware, say) never shows a
traceback: the API answers in its error shape, a page in plain words."""

from __future__ import annotations

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
