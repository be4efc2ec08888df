"""Seeker profiles (求职档案): a seeker keeps their own."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from bashu.core.audit import audit_record
from bashu.core.errors import FieldError, Forbidden, InvalidInput
from bashu.core.models import EducationLevel, Occupation, Region, Role
from bashu.core.permissions import Actor, has_role
from bashu.jobs.models import (
    SeekerProfile,
)
from bashu.jobs.schemas import SeekerProfileInput
from bashu.jobs.services.codes import codes_check
from bashu.jobs.services.occupations import profile_occupation_infer

#: The input's fields stored as they are, and the profile's attribute each one sets.
_PROFILE_ATTRIBUTES = {
    "region": "region_id",
    "desired_occupations": "desired_occupations",
    "desired_regions": "desired_regions",
    "salary_expectation": "salary_expectation",
    "skills": "skills",
    "experience_years": "experience_years",
    "cv": "cv",
    "discoverable": "discoverable",
}


@transaction.atomic
def seeker_profile_save(*, by: Actor, data: SeekerProfileInput) -> SeekerProfile:
    """A seeker keeps their own profile (created on first save). Only the fields set in
    ``data`` change (``education`` set to ``None`` clears it); codes must exist and the
    region be a county (422 naming the field)."""
    if not has_role(by, Role.SEEKER) or not hasattr(by, "person"):
        raise Forbidden(_("只有关联了人员信息的求职者账户可维护档案"))
    person = by.person
    profile = SeekerProfile.objects.select_for_update().filter(person=person).first()
    sent = data.model_fields_set
    errors: list[FieldError] = []
    if "desired_occupations" in sent:
        codes_check(
            errors,
            "desired_occupations",
            data.desired_occupations,
            Occupation,
            _("未知职业代码 %(code)s"),
        )
    if "desired_regions" in sent:
        codes_check(
            errors,
            "desired_regions",
            data.desired_regions,
            Region,
            _("未知区划代码 %(code)s"),
            rule="unknown_region",
        )
    if "region" in sent and not Region.objects.filter(code=data.region, level="county").exists():
        errors.append(FieldError("region", "county_required", _("现居地须为县级区划代码")))
    if data.education and not EducationLevel.objects.filter(code=data.education).exists():
        errors.append(FieldError("education", "unknown_code", _("未知学历代码")))
    if errors:
        raise InvalidInput(errors)
    if profile is None:
        profile = SeekerProfile(
            person=person,
            region_id=data.region if "region" in sent else person.region_id,
            education_id=person.education_id,
        )
    for name, attribute in _PROFILE_ATTRIBUTES.items():
        if name in sent:
            setattr(profile, attribute, getattr(data, name))
    if "education" in sent:
        profile.education_id = data.education or None
    detail: dict[str, object] = {"fields": sorted(sent)}
    if not profile.desired_occupations and "desired_occupations" not in sent:
        # 职业自动编码: a profile saved without desired occupations, coded from CV and skills
        # when the classifier is sure; a seeker who clears them ([]) is left as they chose.
        answer = profile_occupation_infer(cv=profile.cv, skills=list(profile.skills))
        if answer is not None and answer.best is not None:
            profile.desired_occupations = [answer.best.code]
            detail["occupation_inferred"] = answer.best.code
            detail["confidence"] = answer.confidence
    profile.save()
    audit_record(
        actor=by,
        action="seeker.save",
        target_type="seeker",
        target_id=profile.pk,
        detail=detail,
    )
    return profile
