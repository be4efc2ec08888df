"""Seeker profiles (求职档案): a seeker keeps their own."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from bashu.core.audit import audit_record
from bashu.core.errors import FieldError, Forbidden, InvalidInput
from bashu.core.models import EducationLevel, Occupation, Region, Role
from bashu.core.permissions import Actor, has_role
from bashu.jobs.models import (
    SeekerProfile,
)


@transaction.atomic
def seeker_profile_save(*, by: Actor, changes: dict[str, Any]) -> SeekerProfile:
    """A seeker keeps their own profile (created on first save)."""
    if not has_role(by, Role.SEEKER) or not hasattr(by, "person"):
        raise Forbidden(
            "只有关联了人员信息的求职者账户可维护档案 (a seeker account linked to a person)"
        )
    person = by.person
    profile = SeekerProfile.objects.select_for_update().filter(person=person).first()
    errors: list[FieldError] = []
    for code in changes.get("desired_occupations") or []:
        if not Occupation.objects.filter(code=code).exists():
            errors.append(FieldError("desired_occupations", "unknown_code", f"未知职业代码 {code}"))
    for code in changes.get("desired_regions") or []:
        if not Region.objects.filter(code=code).exists():
            errors.append(FieldError("desired_regions", "unknown_region", f"未知区划代码 {code}"))
    if (
        "region" in changes
        and not Region.objects.filter(code=changes["region"], level="county").exists()
    ):
        errors.append(
            FieldError("region", "county_required", "现居地须为县级区划代码 (a county code)")
        )
    if (
        changes.get("education")
        and not EducationLevel.objects.filter(code=changes["education"]).exists()
    ):
        errors.append(
            FieldError("education", "unknown_code", "未知学历代码 (unknown education code)")
        )
    if errors:
        raise InvalidInput(errors)
    if profile is None:
        profile = SeekerProfile(
            person=person,
            region_id=changes.get("region") or person.region_id,
            education_id=person.education_id,
        )
    for name, value in changes.items():
        setattr(profile, f"{name}_id" if name in ("region", "education") else name, value)
    profile.save()
    audit_record(
        actor=by,
        action="seeker.save",
        target_type="seeker",
        target_id=profile.pk,
        detail={"fields": sorted(changes)},
    )
    return profile
