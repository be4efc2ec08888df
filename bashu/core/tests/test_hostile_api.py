"""The API's answers to hostile bodies (config.api): one error shape, a 4xx naming the
field and rule, never a 500 or a traceback for bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from bashu.core import bounds

pytestmark = pytest.mark.django_db

PRECHECK = "/api/v1/recognition/precheck"


def good_precheck(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "kind": "title",
        "issuing_region": "510000",
        "host_region": "500000",
        "series": "工程",
        "level": "中级",
    }
    body.update(overrides)
    return body


def shape(response) -> dict:  # type: ignore[no-untyped-def]
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert all(set(e) == {"field", "rule", "message"} for e in body["errors"])
    return body


def test_a_body_that_is_not_utf8_is_a_400_naming_the_rule() -> None:
    response = Client().post(PRECHECK, b'{"kind": "\xff\xfe"}', content_type="application/json")
    assert response.status_code == 400
    assert shape(response)["errors"][0] == {
        "field": "body",
        "rule": "encoding",
        "message": shape(response)["errors"][0]["message"],
    }


@pytest.mark.parametrize("body", [b'{"kind": ', b"[1, 2", b'{"a": ' + b"9" * 5000 + b"}"])
def test_a_body_that_is_not_json_is_a_400(body: bytes) -> None:
    response = Client().post(PRECHECK, body, content_type="application/json")
    assert response.status_code == 400
    assert shape(response)["errors"][0]["rule"] == "json"


def test_a_nul_byte_in_a_body_field_is_a_422_naming_the_field() -> None:
    response = Client().post(
        PRECHECK, good_precheck(series="工\x00程"), content_type="application/json"
    )
    assert response.status_code == 422
    assert [(e["field"], e["rule"]) for e in shape(response)["errors"]] == [("series", "nul_byte")]


def test_a_nul_byte_deep_in_a_list_is_named_by_its_path() -> None:
    body = {
        "periods": [
            {"region": "510104", "start": "2020-01", "end": "2020-12"},
            {"region": "5001\x0001", "start": "2021-01", "end": "2021-06"},
        ],
        "claim_region": "510104",
        "claim_date": "2024-01-10",
        "separation": "involuntary",
        "registered_unemployed": True,
    }
    response = Client().post("/api/v1/insurance/entitlement", body, content_type="application/json")
    assert response.status_code == 422
    assert shape(response)["errors"][0]["field"] == "periods.1.region"


def test_a_nul_byte_in_a_free_form_document_is_a_422() -> None:
    response = Client().post(
        "/api/v1/recognition/verify",
        {"payload": {"holder\x00": "x"}, "signature": {}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert shape(response)["errors"][0]["rule"] == "nul_byte"


def test_a_body_over_the_default_limit_is_a_413_in_the_error_shape() -> None:
    response = Client().post(
        PRECHECK, '{"x": "' + "y" * 3_000_000 + '"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert shape(response)["errors"][0]["rule"] == "max_body_size"


@pytest.mark.parametrize("debug", [False, True])
def test_an_unforeseen_error_is_a_500_in_the_error_shape_without_traceback(  # type: ignore[no-untyped-def]
    settings, monkeypatch, debug: bool
) -> None:
    settings.DEBUG = debug

    def broken(**kwargs: object) -> object:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("bashu.core.api.region_list", broken)
    response = Client(raise_request_exception=False).get("/api/v1/regions")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    text = response.content.decode()
    assert "Traceback" not in text and "secret internals" not in text
    assert shape(response)["errors"] == []


def test_validate_refuses_an_over_long_number() -> None:
    response = Client().get("/api/v1/validate/resident-id/" + "5" * 500)
    assert response.status_code == 422
    assert shape(response)["errors"][0]["rule"] == "max_length"


def test_the_openapi_document_states_the_error_shape_and_the_nul_rule() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail", "errors"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "default" in operation["responses"], (method, path)
    regions = schema["paths"]["/api/v1/regions"]["get"]["parameters"]
    q = next(p for p in regions if p["name"] == "q")
    assert q["schema"]["anyOf"][0]["pattern"] == bounds.NO_NUL_PATTERN


def test_every_request_string_and_integer_is_bounded_in_the_schema() -> None:
    """No string without maxLength (or an enum, format or pattern that bounds it) and no
    integer without a maximum reaches a handler: the schema says every bound."""
    schema = Client().get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    unbounded: list[str] = []

    def walk(
        node: object, where: str, seen: frozenset[str] = frozenset(), decimal: bool = False
    ) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{where}[{i}]", seen, decimal)
            return
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                walk(components[name], f"{where}->{name}", seen | {name})
            return
        kind = node.get("type")
        # An anchored pattern of its own (``^\\d{6}$``) bounds a string as well as maxLength.
        own_pattern = node.get("pattern", bounds.NO_NUL_PATTERN) != bounds.NO_NUL_PATTERN
        if (
            kind == "string"
            and not ({"maxLength", "enum", "const", "format"} & set(node))
            and not own_pattern
            and not decimal
        ):
            unbounded.append(where)
        if kind == "integer" and "maximum" not in node and "enum" not in node:
            unbounded.append(where)
        for key, value in node.items():
            if key in ("properties",):
                for prop, sub in value.items():
                    walk(sub, f"{where}.{prop}", seen)
            elif key in ("items", "anyOf", "oneOf", "allOf", "additionalProperties"):
                # pydantic's Decimal is number-or-string; max_digits bounds the string.
                is_decimal = key == "anyOf" and {"number", "string"} <= {
                    v.get("type") for v in value if isinstance(v, dict)
                }
                walk(value, where, seen, is_decimal)

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                walk(parameter["schema"], f"{method} {path} {parameter['name']}")
            for media in operation.get("requestBody", {}).get("content", {}).values():
                walk(media.get("schema", {}), f"{method} {path} body")
    assert unbounded == [], "\n".join(unbounded)


def test_schemas_of_the_same_name_do_not_collide_in_the_openapi_document() -> None:
    """Found by schemathesis: ``title-series`` answered with core's ``SeriesOut`` but the
    document described the indices' ``SeriesOut`` (components are keyed by class name)."""
    schema = Client().get("/api/v1/openapi.json").json()
    ok = schema["paths"]["/api/v1/title-series"]["get"]["responses"]["200"]
    ref = ok["content"]["application/json"]["schema"]["items"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][ref]["properties"]) == {"code", "name", "name_en"}
