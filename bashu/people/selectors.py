"""Reads of persons, employers and registrations, always through region scoping."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from bashu.core.codes import region_prefix
from bashu.core.errors import Forbidden, NotFound, OutOfRegion
from bashu.core.models import Role
from bashu.core.permissions import Actor, Requester, require_account, require_actor
from bashu.core.scoping import in_scope, region_filter
from bashu.people.models import Employer, EmploymentRegistration, Person


def _require_account(user: Requester) -> Actor:
    return require_actor(user)


def person_list(
    *, user: Requester, region: str | None = None, q: str | None = None
) -> QuerySet[Person]:
    """Persons the account may see: a caseworker's region, everything for an administrator,
    one's own record for a seeker. ``q`` matches a full resident ID or the start of a name."""
    user = _require_account(user)
    base = Person.objects.select_related("region", "household_region", "education")
    scoped = region_filter(base, user)
    if scoped is None:
        user = require_account(user)  # the system and administrators are never unscoped
        if user.role == Role.SEEKER:
            scoped = base.filter(account=user)
        else:
            raise Forbidden(_("此角色不能查看人员名单"))
    if region:
        scoped = scoped.filter(region__code__startswith=region_prefix(region))
    if q:
        scoped = scoped.filter(Q(resident_id=q.upper()) | Q(name__startswith=q))
    return scoped.order_by("id")


def person_of_account(user_id: int | None) -> Person | None:
    """The person an account signs in as (本人), if any: a person's own record, no scoping."""
    return Person.objects.filter(account_id=user_id).first() if user_id else None


def _person_visible(user: Actor, person: Person) -> bool:
    return in_scope(user, person.region_id) or (
        user.role == Role.SEEKER and person.account_id == user.pk
    )


def person_get(*, user: Requester, person_id: int) -> Person:
    """One person, if the account may see it; ``OutOfRegion`` for another region's record."""
    user = _require_account(user)
    person = (
        Person.objects.select_related("region", "household_region", "education")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise NotFound(_("未找到该人员"))
    if not _person_visible(user, person):
        if user.role == Role.CASEWORKER:
            raise OutOfRegion()
        raise Forbidden()
    return person


def employer_list(
    *, user: Requester, region: str | None = None, q: str | None = None
) -> QuerySet[Employer]:
    """Employers the account may see: by region for caseworkers, its own for an employer account."""
    user = _require_account(user)
    base = Employer.objects.select_related("region", "industry")
    scoped = region_filter(base, user)
    if scoped is None:
        user = require_account(user)  # the system and administrators are never unscoped
        if user.role == Role.EMPLOYER:
            scoped = base.filter(accounts=user)
        else:
            raise Forbidden(_("此角色不能查看用人单位名单"))
    if region:
        scoped = scoped.filter(region__code__startswith=region_prefix(region))
    if q:
        scoped = scoped.filter(Q(uscc=q.upper()) | Q(name__contains=q))
    return scoped.order_by("id")


def employer_get(*, user: Requester, employer_id: int) -> Employer:
    user = _require_account(user)
    employer = Employer.objects.select_related("region", "industry").filter(pk=employer_id).first()
    if employer is None:
        raise NotFound(_("未找到该用人单位"))
    if in_scope(user, employer.region_id):
        return employer
    user = require_account(user)
    if user.role == Role.EMPLOYER and employer.accounts.filter(pk=user.pk).exists():
        return employer
    if user.role == Role.CASEWORKER:
        raise OutOfRegion()
    raise Forbidden()


def registration_list(
    *, user: Requester, person_id: int | None = None, employer_id: int | None = None
) -> QuerySet[EmploymentRegistration]:
    """Registrations owned (by county of work) by the account's region."""
    user = _require_account(user)
    base = EmploymentRegistration.objects.select_related("person", "employer", "region")
    scoped = region_filter(base, user)
    if scoped is None:
        user = require_account(user)  # the system and administrators are never unscoped
        if user.role == Role.EMPLOYER:
            scoped = base.filter(employer__accounts=user)
        elif user.role == Role.SEEKER:
            scoped = base.filter(person__account=user)
        else:
            raise Forbidden()
    if person_id:
        scoped = scoped.filter(person_id=person_id)
    if employer_id:
        scoped = scoped.filter(employer_id=employer_id)
    return scoped.order_by("id")


def person_data(person: Person, *, reveal: bool = False) -> dict[str, Any]:
    """The person as the API and pages show it: masked unless ``reveal`` (already audited)."""
    return {
        "id": person.pk,
        "resident_id": person.resident_id if reveal else person.resident_id_masked,
        "name": person.name if reveal else person.name_masked,
        "sex": person.sex,
        # A birth date beside a masked ID would give back the digits the mask hides: a masked
        # answer carries the age only.
        "birth_date": person.birth_date if reveal else None,
        "age": person.age,
        "household_region": person.household_region_id,
        "household_type": person.household_type,
        "education": person.education_id,
        "phone": person.phone if reveal else person.phone_masked,
        "region": person.region_id,
        "masked": not reveal,
    }


def employer_data(employer: Employer) -> dict[str, Any]:
    """Employers are legal persons: their code and name are public registry data."""
    return {
        "id": employer.pk,
        "uscc": employer.uscc,
        "name": employer.name,
        "region": employer.region_id,
        "industry": employer.industry_id,
        "size": employer.size,
    }
