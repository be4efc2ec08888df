"""The side doors a probe found in records that follow people, each closed (issue: trust).

A Chengdu caseworker (510100) and a person registered in Chongqing (500103) with periods in
Chongqing: Chengdu may not write that person's history, may not open a transfer for them
without them, and reads what it may read masked and audited.
"""

from __future__ import annotations

import pytest

from bashu.core.models import AuditEntry
from bashu.people.tests.factories import EmployerFactory, PersonFactory, RegistrationFactory
from bashu.transfers.models import Case, InsuranceTransfer
from conftest import client_for


def post(user, url, payload, **headers):  # type: ignore[no-untyped-def]
    return client_for(user).post(url, payload, content_type="application/json", **headers)


def period(person, **overrides):  # type: ignore[no-untyped-def]
    return {
        "person_id": person.pk,
        "region": "510104",
        "first_month": "2019-06",
        "last_month": "2020-03",
        "base": "4000",
        **overrides,
    }


@pytest.mark.django_db
def test_another_regions_person_gets_no_imported_history_from_chengdu(world) -> None:  # type: ignore[no-untyped-def]
    """Finding: imported: true answered 201 and blocked the person's own transfer."""
    answer = post(
        world["chengdu"], "/api/v1/insurance/periods", period(world["person"], imported=True)
    )
    assert answer.status_code == 403
    assert not world["person"].insurance_periods.filter(flagged=True).exists()


@pytest.mark.django_db
def test_months_paid_in_chengdu_need_the_paying_employer_and_a_registration(world) -> None:  # type: ignore[no-untyped-def]
    person = world["person"]
    payload = period(person, first_month="2024-01", last_month="2024-06")
    missing = post(world["chengdu"], "/api/v1/insurance/periods", payload)
    assert missing.status_code == 422
    assert missing.json()["errors"][0] == {
        "field": "employer_id",
        "rule": "required",
        "message": missing.json()["errors"][0]["message"],
    }
    employer = EmployerFactory(area="510104")
    unregistered = post(
        world["chengdu"], "/api/v1/insurance/periods", {**payload, "employer_id": employer.pk}
    )
    assert unregistered.json()["errors"][0]["rule"] == "not_employed"
    chongqing_employer = EmployerFactory(area="500103")
    theirs = post(
        world["chengdu"],
        "/api/v1/insurance/periods",
        {**payload, "employer_id": chongqing_employer.pk},
    )
    assert theirs.json()["errors"][0]["rule"] == "out_of_region"
    RegistrationFactory(person=person, employer=employer, region_id="510104")
    recorded = post(
        world["chengdu"], "/api/v1/insurance/periods", {**payload, "employer_id": employer.pk}
    )
    assert recorded.status_code == 201, recorded.json()


@pytest.mark.django_db
def test_an_overlap_names_only_the_periods_the_caseworker_may_see(world) -> None:  # type: ignore[no-untyped-def]
    """Finding: the 422 for an overlap listed every period of another region."""
    person = world["person"]
    employer = EmployerFactory(area="510104")
    RegistrationFactory(person=person, employer=employer, region_id="510104")
    answer = post(
        world["chengdu"],
        "/api/v1/insurance/periods",
        period(person, employer_id=employer.pk),
    )
    assert answer.status_code == 422
    message = answer.json()["errors"][0]["message"]
    assert "500103" not in message and "500112" not in message and "2015" not in message
    assert "其他地区" in message
    own = post(
        world["chongqing"],
        "/api/v1/insurance/periods",
        period(person, region="500103", first_month="2019-06", last_month="2019-08"),
    )
    assert "500103 2015-01..2019-12" in own.json()["errors"][0]["message"]


@pytest.mark.django_db
def test_a_destination_caseworker_cannot_open_a_transfer_without_the_person(world) -> None:  # type: ignore[no-untyped-def]
    """Finding: Chengdu opened a transfer for anyone with window_region = its own region."""
    case = {
        "kind": "insurance_transfer",
        "applicant_id": world["person"].pk,
        "window_region": "510104",
        "details": {"to_region": "510104"},
    }
    absent = post(world["chengdu"], "/api/v1/cases", case)
    assert absent.status_code == 422
    assert absent.json()["errors"][0]["rule"] == "consent_required"
    wrong = post(
        world["chengdu"], "/api/v1/cases", {**case, "applicant_id_number": "510104199001011237"}
    )
    assert wrong.json()["errors"][0]["rule"] == "id_mismatch"
    other_person = post(world["intruder"], "/api/v1/cases", {**case, "window_region": "500103"})
    assert other_person.status_code == 403
    assert InsuranceTransfer.objects.count() == 0 and Case.objects.count() == 0
    present = post(
        world["chengdu"],
        "/api/v1/cases",
        {**case, "applicant_id_number": world["person"].resident_id.lower()},
    )
    assert present.status_code == 201 and present.json()["consent"] == "window"


@pytest.mark.django_db
def test_transfer_detail_is_masked_and_a_caseworkers_read_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    """Finding: the detail returned the full resident ID and every period, unaudited."""
    created = post(
        world["citizen"],
        "/api/v1/cases",
        {
            "kind": "insurance_transfer",
            "applicant_id": world["person"].pk,
            "window_region": "500103",
            "details": {"to_region": "510104"},
        },
    )
    assert created.status_code == 201 and created.json()["consent"] == "online"
    transfer_id = created.json()["transfer_id"]
    url = f"/api/v1/insurance/transfers/{transfer_id}"
    reads = AuditEntry.objects.filter(action="insurance.transfer.read")
    answer = client_for(world["chengdu"]).get(url)
    assert answer.status_code == 200
    assert world["person"].resident_id not in answer.content.decode()
    assert isinstance(answer.json()["funds"], str)
    assert reads.count() == 1 and reads.get().region_code == "510100"
    assert client_for(world["citizen"]).get(url).status_code == 200
    assert reads.count() == 1  # the person reading their own transfer is not an audit event
    assert client_for(world["intruder"]).get(url).status_code == 404


@pytest.mark.django_db
def test_case_details_are_checked_per_kind_and_never_point_at_a_workflow(world) -> None:  # type: ignore[no-untyped-def]
    """Findings: transfer_id="x'" answered 500; a forged details.transfer_id showed another
    person's transfer on the case page; a decoy case made the resubmission 500."""
    victim = post(
        world["citizen"],
        "/api/v1/cases",
        {
            "kind": "insurance_transfer",
            "applicant_id": world["person"].pk,
            "window_region": "500103",
            "details": {"to_region": "510104"},
        },
    ).json()
    intruder_person = PersonFactory(area="510104", account=world["intruder"])
    for forged in (
        {"region": "510104", "transfer_id": "x'"},
        {"region": "510104", "transfer_id": victim["transfer_id"]},
    ):
        answer = post(
            world["intruder"],
            "/api/v1/cases",
            {
                "kind": "policy_claim",
                "applicant_id": intruder_person.pk,
                "window_region": "510104",
                "details": forged,
            },
        )
        assert answer.status_code == 422
        assert answer.json()["errors"][0] == {
            "field": "details.transfer_id",
            "rule": "not_allowed",
            "message": answer.json()["errors"][0]["message"],
        }
    # The same Idempotency-Key from another person never finds the victim's case.
    key = {"HTTP_IDEMPOTENCY_KEY": "same-key"}
    mine = post(
        world["intruder"],
        "/api/v1/cases",
        {
            "kind": "policy_claim",
            "applicant_id": intruder_person.pk,
            "window_region": "510104",
            "details": {"region": "510104"},
        },
        **key,
    )
    assert mine.status_code == 201
    again = post(
        world["citizen"],
        "/api/v1/cases",
        {
            "kind": "insurance_transfer",
            "applicant_id": world["person"].pk,
            "window_region": "500103",
            "details": {"to_region": "510104"},
        },
    )
    assert again.status_code == 200 and again.json()["id"] == victim["id"]
    page = client_for(world["intruder"]).get(f"/cases/{mine.json()['id']}/")
    assert page.status_code == 200 and "510104" in page.content.decode()
    assert Case.objects.get(pk=mine.json()["id"]).transfer_id is None


@pytest.mark.django_db
def test_case_details_errors_use_the_apis_rule_names(world) -> None:  # type: ignore[no-untyped-def]
    answer = post(
        world["citizen"],
        "/api/v1/cases",
        {
            "kind": "archive_transfer",
            "applicant_id": world["person"].pk,
            "window_region": "500103",
            "details": {"to_region": "510104", "to_custodian": "档" * 200},
        },
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "details.to_custodian"
    assert answer.json()["errors"][0]["rule"] == "max_length"
