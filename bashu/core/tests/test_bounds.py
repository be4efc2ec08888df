"""bashu.core.bounds: the page helpers and the middleware that refuses NUL bytes and
oversize bodies before any view runs."""

from __future__ import annotations

import pytest
from django.test import Client

from bashu.core import bounds

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("abc", None),
        ("1e5", None),
        ("12", 12),
        (" 12 ", 12),
        ("-4", 0),
        (str(2**80), bounds.INT_MAX),
        ("9" * 5000, bounds.INT_MAX),  # past int()'s digit limit, and no ValueError
        ("-" + "9" * 30, 0),
        ("٣", None),  # a digit, but not an ASCII one
    ],
)
def test_int_param_falls_back_or_clamps(value: str | None, expected: int | None) -> None:
    assert bounds.int_param(value) == expected


def test_page_number_is_between_one_and_the_maximum() -> None:
    assert bounds.page_number(None) == 1
    assert bounds.page_number("0") == 1
    assert bounds.page_number("999999999999") == bounds.MAX_PAGE
    assert bounds.page_number("7", maximum=5) == 5


def test_text_param_strips_and_cuts() -> None:
    assert bounds.text_param("  焊工  ") == "焊工"
    assert bounds.text_param(None) == ""
    assert len(bounds.text_param("x" * 1000, max_length=10)) == 10


def test_nul_paths_name_every_string_holding_a_nul() -> None:
    value = {"a": "ok", "b": ["x", "y\x00"], "c": {"d\x00": 1}, "e": {"f": "\x00"}}
    assert list(bounds.nul_paths(value)) == ["b.1", "c.d\x00", "e.f"]
    assert list(bounds.nul_paths("\x00")) == ["body"]
    assert list(bounds.nul_paths({"n": 1, "t": True, "z": None})) == []


def test_a_nul_in_an_api_query_parameter_is_a_422_naming_it() -> None:
    response = Client().get("/api/v1/regions", {"q": "成都\x00"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "q", "rule": "nul_byte", "message": response.json()["errors"][0]["message"]}
    ]


def test_a_nul_in_an_api_path_is_a_422() -> None:
    response = Client().get("/api/v1/regions/51%00")
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "nul_byte"


def test_a_nul_in_a_form_field_is_a_400_on_pages() -> None:
    response = Client().post("/recognition/verify/", {"document": "{}\x00"})
    assert response.status_code == 400


def test_a_body_over_the_limit_is_a_413_before_it_is_read(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post(
        "/api/v1/recognition/precheck", "x" * 5000, content_type="application/json"
    )
    assert response.status_code == 413
    body = response.json()
    assert body["errors"][0]["rule"] == "max_body_size" and "detail" in body


def test_an_upload_over_the_limit_is_a_413(settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 1000
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("register.csv", b"a,b\n" + b"1,2\n" * 1000)
    response = Client().post("/api/v1/recognition/imports?kind=title", {"file": upload})
    assert response.status_code == 413
    assert response.json()["errors"][0]["rule"] == "max_body_size"


def test_a_page_body_over_the_limit_is_a_413(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post("/recognition/verify/", {"document": "x" * 5000})
    assert response.status_code == 413
