"""The pre-check's signed estimate is its own kind of document, built from reference data.

Before, ``POST /recognition/precheck/document`` (anonymous) signed with a province key a
document of the same type as recorded decisions, echoing fields such as ``series`` that
were never checked for a talent card: a public oracle for official-looking statements
("持卡人：张三 身份证 …").
"""

from __future__ import annotations

import datetime as dt

import pytest

from bashu.core.errors import InvalidInput
from bashu.core.models import Region, TitleLevel, TitleSeries
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.documents import DECISION_TYPE, decision_verify, document_sign
from bashu.recognition.models import ProfessionalTitle
from conftest import client_for

pytestmark = pytest.mark.django_db

FREE_TEXT = "持卡人：张三 身份证 110101190001011234 特此证明"

TITLE = {
    "kind": "title",
    "series": "工程",
    "level": "中级",
    "issuing_region": "511002",
    "host_region": "510302",
    "on_date": "2026-06-01",
}


def signed(body: dict):  # type: ignore[no-untyped-def, type-arg]
    return client_for(None).post(
        "/api/v1/recognition/precheck/document", body, content_type="application/json"
    )


def errors_of(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.content
    return [(e["field"], e["rule"]) for e in response.json()["errors"]]


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        # a field the kind does not take: before, signed as given
        (
            {
                "kind": "talent_card",
                "card_class": "A",
                "issuing_region": "510100",
                "host_region": "500112",
                "series": FREE_TEXT[:32],
            },
            "series",
            "not_applicable",
        ),
        (
            {
                "kind": "agency_licence",
                "issuing_region": "510104",
                "host_region": "510603",
                "level": FREE_TEXT[:16],
            },
            "level",
            "not_applicable",
        ),
        ({**TITLE, "series": FREE_TEXT[:32]}, "series", "unknown_series"),
        ({**TITLE, "level": "持卡人张三"}, "level", "unknown_level"),
        # a field not in the schema at all: a name, an ID number, a remark
        ({**TITLE, "holder": FREE_TEXT}, "holder", "not_allowed"),
        ({**TITLE, "remark": FREE_TEXT}, "remark", "not_allowed"),
        ({**TITLE, "series": "工" * 33}, "series", "max_length"),
        ({**TITLE, "issuing_region": "张三"}, "issuing_region", "pattern"),
        (
            {**TITLE, "kind": "skill", "series": None, "purpose": "level2_post"},
            "purpose",
            "not_applicable",
        ),
    ],
)
def test_free_text_is_refused_naming_the_field(settings, tmp_path, body, field, rule) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    assert (field, rule) in errors_of(signed(body))
    unsigned = client_for(None).post(
        "/api/v1/recognition/precheck", body, content_type="application/json"
    )
    assert (field, rule) in errors_of(unsigned)


def test_the_signed_estimate_has_its_own_type_and_only_reference_values(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    response = signed(TITLE)
    assert response.status_code == 200, response.content
    document = response.json()
    payload = document["payload"]
    assert payload["type"] == "bashu.recognition.precheck/v1"
    assert payload["unofficial"] is True and "不是互认认定" in payload["notice"]
    assert payload["credential"] == {
        "kind": "title",
        "issuing_region": "511002",
        "series": "工程技术人员",  # the reference table's name, not what was typed
        "level": "中级",
    }
    assert payload["outcome"] == "recognised"
    assert "decision_id" not in payload
    result = client_for(None).post(
        "/api/v1/recognition/verify", document, content_type="application/json"
    )
    assert result.json()["valid"] is True
    assert result.json()["document_type"] == "bashu.recognition.precheck/v1"
    assert result.json()["status"] == "estimate"
    page = client_for(None).post("/recognition/verify/", {"document": response.content.decode()})
    assert "预查估算（非认定）" in page.content.decode()


def test_a_decision_verifier_refuses_a_precheck_document(settings, tmp_path, make_account) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    estimate = signed(TITLE).json()
    with pytest.raises(InvalidInput) as refused:
        decision_verify(estimate)
    assert (refused.value.errors[0].field, refused.value.errors[0].rule) == (
        "payload.type",
        "not_a_decision",
    )
    # A pre-check signed the old way, as a decision, is not a recorded decision either.
    legacy = document_sign(
        {**estimate["payload"], "type": DECISION_TYPE}, region=TITLE["host_region"]
    )
    with pytest.raises(InvalidInput):
        decision_verify(legacy)
    answer = client_for(None).post(
        "/api/v1/recognition/verify", legacy, content_type="application/json"
    )
    assert answer.json()["valid"] is True and answer.json()["status"] == "unknown"
    # … while a decision a caseworker recorded passes.
    person = PersonFactory(area="511002", name="刘建国", account=make_account("liu", "seeker"))
    ProfessionalTitle.objects.create(
        person=person,
        series=TitleSeries.objects.get(name="工程技术人员"),
        level=TitleLevel.objects.get(name="中级"),
        region=Region.objects.get(code="511000"),
        issued_on=dt.date(2021, 6, 1),
        certificate_number="NJ-2021-0001",
    )
    zigong = make_account("cw_zigong", "caseworker", "510300")
    recorded = client_for(zigong).post(
        "/api/v1/recognition/decisions",
        {"certificate_number": "NJ-2021-0001", "host_region": "510302"},
        content_type="application/json",
    )
    assert recorded.status_code == 201, recorded.content
    document = (
        client_for(zigong)
        .get(f"/api/v1/recognition/decisions/{recorded.json()['id']}/document")
        .json()
    )
    assert decision_verify(document).pk == recorded.json()["id"]
