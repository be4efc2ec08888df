"""Side doors into people's records, each closed (issue: trust)."""

from __future__ import annotations

import pytest

from bashu.people.models import EmploymentRegistration
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for


@pytest.mark.django_db
def test_chengdu_cannot_register_a_hire_with_a_chongqing_employer(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="510104")
    employer = EmployerFactory(area="500103")
    answer = client_for(chengdu_caseworker).post(
        "/api/v1/registrations",
        {
            "person_id": person.pk,
            "employer_id": employer.pk,
            "region": "510104",
            "start_date": "2024-03-01",
        },
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert EmploymentRegistration.objects.count() == 0


@pytest.mark.django_db
def test_no_birth_date_beside_a_masked_id_in_the_api_or_the_admin(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    """Finding: the mask hid exactly the birth date, and the same answer carried it."""
    person = PersonFactory(area="510104")
    client = client_for(chengdu_caseworker)
    body = client.get(f"/api/v1/people/{person.pk}").json()
    assert body["masked"] is True and body["birth_date"] is None
    listing = client.get("/admin/people/person/").content.decode()
    assert person.resident_id_masked in listing
    for spelling in (person.birth_date.isoformat(), f"{person.birth_date:%Y%m%d}", "1990年3月15日"):
        assert spelling not in listing
        assert spelling not in str(body)
