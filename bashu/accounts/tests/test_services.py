"""Sign-up, password change and reset by code, through the services (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from bashu.accounts import services
from bashu.accounts.messaging import Message
from bashu.accounts.models import AccountContact, ResetCode
from bashu.accounts.schemas import (
    EmployerSignupIn,
    PasswordChangeIn,
    PasswordResetIn,
    ResetCodeIn,
    SeekerSignupIn,
)
from bashu.core.audit import AuditEntry
from bashu.core.errors import Conflict, Forbidden, InvalidInput
from bashu.core.identity import uscc_complete
from bashu.core.models import Role
from bashu.people.models import Employer, Person
from bashu.people.tests.factories import EmployerFactory, PersonFactory, resident_id_for

pytestmark = pytest.mark.django_db

PASSWORD = "Shu-dao-nan-2024"
NEW_PASSWORD = "Qing-cheng-shan-9"
NEW_ID = resident_id_for("510113", dt.date(1995, 6, 1), 21)


def seeker(**changes: Any) -> SeekerSignupIn:
    data = {"name": "王小明", "resident_id": NEW_ID, "phone": "13900001111", "password": PASSWORD}
    return SeekerSignupIn.model_validate({**data, **changes})


def employer(**changes: Any) -> EmployerSignupIn:
    data = {
        "uscc": uscc_complete("91510113MA6C12345"),
        "name": "成都青白江焊接有限公司",
        "contact_name": "李会计",
        "phone": "13700002222",
        "password": PASSWORD,
        "industry": "33",
        "size": "small",
    }
    return EmployerSignupIn.model_validate({**data, **changes})


def rules(exc: Any) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in exc.value.errors}


# --- seekers --------------------------------------------------------------------------------


def test_a_new_person_is_registered_by_the_system_and_bound_to_the_account() -> None:
    user = services.seeker_register(data=seeker())
    person = Person.objects.get(resident_id=NEW_ID)
    assert (user.role, person.account, person.region_id) == (Role.SEEKER, user, "510113")
    assert person.household_region_id == "510113"
    assert user.contact.phone == "13900001111"
    assert user.check_password(PASSWORD)
    actions = set(AuditEntry.objects.values_list("action", "actor_username"))
    assert {("person.create", "system"), ("account.signup", "system")} <= actions


def test_an_existing_person_without_account_is_linked_when_the_name_matches() -> None:
    person = PersonFactory(area="510104", name="赵六")
    user = services.seeker_register(data=seeker(name="赵六", resident_id=person.resident_id))
    person.refresh_from_db()
    assert person.account == user
    assert Person.objects.count() == 1


def test_a_name_that_does_not_match_reads_as_a_taken_id() -> None:
    person = PersonFactory(area="510104", name="赵六")
    taken = PersonFactory(area="510104", name="钱七")
    services.seeker_register(data=seeker(name="钱七", resident_id=taken.resident_id))
    with pytest.raises(Conflict) as mismatch:
        services.seeker_register(
            data=seeker(name="孙八", resident_id=person.resident_id, phone="13900002222")
        )
    with pytest.raises(Conflict) as already:
        services.seeker_register(
            data=seeker(name="钱七", resident_id=taken.resident_id, phone="13900003333")
        )
    assert mismatch.value.message == already.value.message
    assert rules(mismatch) == rules(already) == {("resident_id", "unavailable")}
    assert "赵" not in mismatch.value.message and "钱" not in already.value.message


def test_a_taken_phone_is_a_conflict() -> None:
    services.seeker_register(data=seeker())
    other = resident_id_for("510104", dt.date(1990, 1, 1), 7)
    with pytest.raises(Conflict) as refused:
        services.seeker_register(data=seeker(resident_id=other, name="周九"))
    assert rules(refused) == {("phone", "taken")}


def test_broken_rules_are_named_together() -> None:
    with pytest.raises(InvalidInput) as refused:
        services.seeker_register(
            data=seeker(resident_id=NEW_ID[:-1] + "0", phone="1234", password="12345678")
        )
    found = rules(refused)
    assert ("resident_id", "checksum") in found
    assert ("phone", "phone_format") in found
    assert {r for f, r in found if f == "password"} >= {"password_entirely_numeric"}
    assert not Person.objects.exists()


def test_a_person_from_outside_the_zone_names_a_city() -> None:
    beijing = resident_id_for("110105", dt.date(1992, 2, 2), 5)
    with pytest.raises(InvalidInput) as refused:
        services.seeker_register(data=seeker(resident_id=beijing))
    assert rules(refused) == {("region", "required")}
    user = services.seeker_register(data=seeker(resident_id=beijing, region="500000"))
    person = user.person
    assert (person.household_region_id, person.region_id) == ("110000", "500000")


def test_a_role_cannot_be_chosen() -> None:
    with pytest.raises(ValueError, match="role"):
        SeekerSignupIn.model_validate({**seeker().model_dump(), "role": "administrator"})


# --- employers ------------------------------------------------------------------------------


def test_a_new_employer_is_created_through_people() -> None:
    user = services.employer_register(data=employer())
    company = Employer.objects.get()
    assert (user.role, company.region_id, company.industry_id) == (Role.EMPLOYER, "510113", "33")
    assert list(company.accounts.all()) == [user]
    assert user.contact.contact_name == "李会计"
    assert AuditEntry.objects.filter(action="employer.create", actor_username="system").exists()


def test_a_registered_employer_is_linked_once_and_by_its_name() -> None:
    company = EmployerFactory(area="510104")
    with pytest.raises(Conflict) as wrong_name:
        services.employer_register(data=employer(uscc=company.uscc, industry=None, size=None))
    user = services.employer_register(
        data=employer(uscc=company.uscc, name=company.name, industry=None, size=None)
    )
    assert list(company.accounts.all()) == [user]
    with pytest.raises(Conflict) as taken:
        services.employer_register(
            data=employer(uscc=company.uscc, name=company.name, phone="13700003333")
        )
    assert wrong_name.value.message == taken.value.message
    assert rules(taken) == {("uscc", "unavailable")}


def test_a_new_employer_needs_industry_and_size_and_a_valid_code() -> None:
    with pytest.raises(InvalidInput) as missing:
        services.employer_register(data=employer(industry=None, size=None))
    assert rules(missing) == {("industry", "required"), ("size", "required")}
    with pytest.raises(InvalidInput) as bad:
        services.employer_register(data=employer(uscc="91510113MA6C12345I"))
    assert {f for f, _r in rules(bad)} == {"uscc"}


# --- passwords ------------------------------------------------------------------------------


def test_password_change_needs_the_current_password() -> None:
    user = services.seeker_register(data=seeker())
    with pytest.raises(InvalidInput) as wrong:
        services.password_change(
            by=user, data=PasswordChangeIn(old_password="nope", new_password=NEW_PASSWORD)
        )
    assert rules(wrong) == {("old_password", "wrong_password")}
    services.password_change(
        by=user, data=PasswordChangeIn(old_password=PASSWORD, new_password=NEW_PASSWORD)
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_change_refuses_the_public() -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Forbidden):
        services.password_change(
            by=AnonymousUser(),  # type: ignore[arg-type]
            data=PasswordChangeIn(old_password=PASSWORD, new_password=NEW_PASSWORD),
        )


def _code(outbox: list[Message]) -> str:
    match = re.search(r"\d{6}", outbox[-1].text)
    assert match
    return match.group()


def _reset(identifier: str, code: str) -> None:
    services.password_reset(
        data=PasswordResetIn(identifier=identifier, code=code, new_password=NEW_PASSWORD)
    )


def test_a_reset_code_is_sent_hashed_and_works_once(
    outbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    user = services.seeker_register(data=seeker())
    with django_capture_on_commit_callbacks(execute=True):
        services.reset_code_send(data=ResetCodeIn(identifier=NEW_ID))
    assert [m.phone for m in outbox] == ["13900001111"]
    code = _code(outbox)
    row = ResetCode.objects.get(user=user)
    assert code not in row.code_hash
    _reset("13900001111", code)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    with pytest.raises(InvalidInput) as again:
        _reset("13900001111", code)
    assert rules(again) == {("code", "invalid_code")}


def test_a_reset_code_expires_after_ten_minutes(outbox, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    user = services.seeker_register(data=seeker())
    with django_capture_on_commit_callbacks(execute=True):
        services.reset_code_send(data=ResetCodeIn(identifier=user.username))
    ResetCode.objects.filter(user=user).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(InvalidInput):
        _reset(user.username, _code(outbox))
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_five_wrong_tries_spend_the_code(outbox, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    user = services.seeker_register(data=seeker())
    with django_capture_on_commit_callbacks(execute=True):
        services.reset_code_send(data=ResetCodeIn(identifier=user.username))
    code = _code(outbox)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _n in range(5):
        with pytest.raises(InvalidInput):
            _reset(user.username, wrong)
    assert ResetCode.objects.get(user=user).tries == 5
    with pytest.raises(InvalidInput):
        _reset(user.username, code)  # the right code, too late


def test_one_active_code_per_account(outbox, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    user = services.seeker_register(data=seeker())
    with django_capture_on_commit_callbacks(execute=True):
        services.reset_code_send(data=ResetCodeIn(identifier=user.username))
    first = _code(outbox)
    ResetCode.objects.filter(user=user).update(issued_at=timezone.now() - dt.timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        services.reset_code_send(data=ResetCodeIn(identifier=user.username))
    second = _code(outbox)
    assert ResetCode.objects.filter(user=user).count() == 1
    if first != second:
        with pytest.raises(InvalidInput):
            _reset(user.username, first)
    _reset(user.username, second)


def test_no_enumeration_a_code_for_nobody_answers_alike(
    outbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reset_code_send(data=ResetCodeIn(identifier="13999999999")) is None
    assert outbox == []
    with pytest.raises(InvalidInput) as unknown:
        _reset("13999999999", "123456")
    user = services.seeker_register(data=seeker())
    with pytest.raises(InvalidInput) as known:
        _reset(user.username, "123456")  # no code was ever sent
    assert rules(unknown) == rules(known)
    assert unknown.value.errors[0].message == known.value.errors[0].message


def test_contacts_are_masked_in_str() -> None:
    user = services.seeker_register(data=seeker())
    assert str(AccountContact.objects.get(user=user)) == "139******11"
