"""Job fairs (招聘会): announced by a caseworker, joined by employers, registered for by
seekers."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bashu.core.audit import audit_record
from bashu.core.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from bashu.core.models import Region
from bashu.core.permissions import Actor, require_officer
from bashu.jobs.models import (
    FairRegistration,
    JobFair,
    JobPosting,
)
from bashu.jobs.schemas import FairInput
from bashu.jobs.selectors import (
    employer_actor,
    seeker_for,
)
from bashu.people.models import Employer


@transaction.atomic
def fair_create(*, by: Actor, data: FairInput) -> JobFair:
    """A caseworker (of the hosting region) or an administrator announces a fair. Refuses
    (422) a blank name, an unknown region and an end not after the start."""
    require_officer(by, data.region, what=_("在该地区发布招聘会"))
    errors = []
    if not data.name.strip():
        errors.append(FieldError("name", "required", _("名称必填")))
    if not Region.objects.filter(code=data.region).exists():
        errors.append(FieldError("region", "unknown_region", _("未知区划代码")))
    if data.ends_at <= data.starts_at:
        errors.append(FieldError("ends_at", "before_start", _("结束时间须晚于开始时间")))
    if errors:
        raise InvalidInput(errors)
    fair = JobFair.objects.create(
        name=data.name.strip(),
        kind=data.kind,
        region_id=data.region,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        venue=data.venue,
        description=data.description,
        cross_region=data.cross_region,
    )
    audit_record(actor=by, action="fair.create", target_type="fair", target_id=fair.pk)
    return fair


@transaction.atomic
def fair_join(*, by: Actor, fair_id: int, employer_id: int, posting_ids: list[int]) -> JobFair:
    """An employer takes part in a fair with some of its open postings."""
    fair = JobFair.objects.filter(pk=fair_id).first()
    employer = Employer.objects.filter(pk=employer_id).first()
    if fair is None or employer is None:
        raise NotFound(_("招聘会或单位不存在"))
    if not employer_actor(by, employer):
        raise Forbidden(_("只能为本单位发布岗位"))
    postings = list(JobPosting.objects.filter(pk__in=posting_ids, employer=employer))
    if len(postings) != len(set(posting_ids)):
        raise InvalidInput.one("posting_ids", "not_yours", _("只能带本单位的岗位参会"))
    fair.employers.add(employer)
    fair.postings.add(*postings)
    audit_record(
        actor=by,
        action="fair.join",
        target_type="fair",
        target_id=fair.pk,
        detail={"employer": employer.pk, "postings": posting_ids},
    )
    return fair


@transaction.atomic
def fair_register(*, by: Actor, fair_id: int) -> FairRegistration:
    seeker = seeker_for(by)
    if seeker is None:
        raise Forbidden(_("请以求职者身份登录"))
    fair = JobFair.objects.filter(pk=fair_id).first()
    if fair is None:
        raise NotFound(_("招聘会不存在"))
    if fair.ends_at < timezone.now():
        raise Conflict(_("招聘会已结束"))
    registration, created = FairRegistration.objects.get_or_create(fair=fair, seeker=seeker)
    if created:
        audit_record(actor=by, action="fair.register", target_type="fair", target_id=fair.pk)
    return registration
