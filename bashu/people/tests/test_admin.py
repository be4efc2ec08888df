"""The admin is region-scoped like the API, and writes through the same services."""

from __future__ import annotations

import pytest

from bashu.core.identity import resident_id_complete
from bashu.core.models import AuditEntry
from bashu.people.models import Person
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_changelist_shows_only_own_region_masked(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    chengdu = PersonFactory(area="510117", name="郫都人")
    chongqing = PersonFactory(area="500105", name="江北人")
    page = client_for(chengdu_caseworker).get("/admin/people/person/").content.decode()
    assert chengdu.resident_id_masked in page and chengdu.resident_id not in page
    assert chongqing.resident_id_masked not in page


def test_other_regions_records_cannot_be_opened_or_changed(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    chongqing = PersonFactory(area="500105")
    client = client_for(chengdu_caseworker)
    response = client.get(f"/admin/people/person/{chongqing.pk}/change/")
    assert response.status_code in (
        302,
        404,
    )  # Django admin redirects "does not exist" to the index
    response = client.post(f"/admin/people/person/{chongqing.pk}/change/", {"name": "改"})
    assert response.status_code in (302, 403, 404)
    chongqing.refresh_from_db()
    assert chongqing.name != "改"
    employer = EmployerFactory(area="500112")
    assert client.get(f"/admin/people/employer/{employer.pk}/change/").status_code in (302, 404)
    assert (
        EmployerFactory(area="510104").name
        in client.get("/admin/people/employer/").content.decode()
    )


def test_opening_a_person_in_full_is_audited(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="510104")
    response = client_for(chengdu_caseworker).get(f"/admin/people/person/{person.pk}/change/")
    assert response.status_code == 200
    assert AuditEntry.objects.filter(
        action="person.reveal", target_id=str(person.pk), purpose="admin change form"
    ).exists()


def _add_form(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "resident_id": resident_id_complete("51010419900101123"),
        "name": "赵六",
        "household_region": "510104",
        "household_type": "urban",
        "education": "",
        "phone": "",
        "region": "510104",
    }
    data.update(overrides)
    return data


def test_admin_add_checks_the_id_and_the_region(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    client = client_for(chengdu_caseworker)
    valid = resident_id_complete("51010419900101123")
    wrong = valid[:-1] + ("1" if valid[-1] != "1" else "2")
    bad = client.post("/admin/people/person/add/", _add_form(resident_id=wrong))
    assert bad.status_code == 200 and "checksum" in bad.content.decode()
    elsewhere = client.post("/admin/people/person/add/", _add_form(region="500105"))
    assert elsewhere.status_code == 200 and "out_of_region" in elsewhere.content.decode()
    assert not Person.objects.exists()
    ok = client.post("/admin/people/person/add/", _add_form())
    assert ok.status_code == 302, ok.content.decode()[:2000]
    person = Person.objects.get()
    assert (
        person.sex == "M"
        and AuditEntry.objects.filter(action="person.create", target_id=str(person.pk)).exists()
    )


def test_non_staff_roles_have_no_admin(analyst) -> None:  # type: ignore[no-untyped-def]
    assert client_for(analyst).get("/admin/people/person/").status_code == 302


def test_admin_employer_add_goes_through_the_service(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    from bashu.core.identity import uscc_complete
    from bashu.people.models import Employer

    client = client_for(chengdu_caseworker)
    code = uscc_complete("91510104MA6CXXXX0")
    form = {
        "uscc": code[:-1] + ("1" if code[-1] != "1" else "2"),
        "name": "蓉城机械有限公司",
        "region": "510104",
        "industry": "34",
        "size": "small",
    }
    bad = client.post("/admin/people/employer/add/", form)
    assert bad.status_code == 200 and "checksum" in bad.content.decode()
    elsewhere = client.post(
        "/admin/people/employer/add/", {**form, "uscc": code, "region": "500105"}
    )
    assert "out_of_region" in elsewhere.content.decode()
    ok = client.post("/admin/people/employer/add/", {**form, "uscc": code})
    assert ok.status_code == 302
    employer = Employer.objects.get()
    assert AuditEntry.objects.filter(action="employer.create", target_id=str(employer.pk)).exists()
    changed = client.post(
        f"/admin/people/employer/{employer.pk}/change/",
        {"name": "蓉城重工有限公司", "industry": "34", "size": "medium"},
    )
    assert changed.status_code == 302
    employer.refresh_from_db()
    assert (employer.name, employer.size) == ("蓉城重工有限公司", "medium")
    assert AuditEntry.objects.filter(action="employer.update").exists()


def test_registrations_are_not_edited_in_the_admin(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    assert (
        client_for(chengdu_caseworker).get("/admin/people/employmentregistration/add/").status_code
        == 403
    )
