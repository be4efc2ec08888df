"""Applications (求职申请): a seeker applies, the employer moves the application forward;
an offer or a hire records the employment intention (就业意向)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bashu.core.audit import audit_record
from bashu.core.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from bashu.core.models import User
from bashu.core.notifications import Words, notify
from bashu.core.permissions import Actor
from bashu.jobs.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    EmploymentIntention,
    JobFair,
    JobPosting,
)
from bashu.jobs.selectors import (
    posting_editable_by,
    posting_is_open,
    seeker_for,
)
from bashu.jobs.services.postings import employer_notify


@transaction.atomic
def application_create(*, by: Actor, posting_id: int, fair_id: int | None = None) -> Application:
    """Apply to an open posting; a second application to the same posting is refused (409)."""
    seeker = seeker_for(by)
    if seeker is None:
        raise Forbidden(_("请先以求职者身份登录并完善档案"))
    posting = JobPosting.objects.select_for_update().filter(pk=posting_id).first()
    if posting is None:
        raise NotFound(_("未找到该岗位"))
    if not posting_is_open(posting):
        raise Conflict(_("该岗位已停止招聘"))
    fair = JobFair.objects.filter(pk=fair_id).first() if fair_id else None
    if fair_id and fair is None:
        raise InvalidInput.one("fair_id", "not_found", _("招聘会不存在"))
    if Application.objects.filter(posting=posting, seeker=seeker).exists():
        raise Conflict(
            _("您已投递过该岗位"),
            [FieldError("posting_id", "already_applied", _("已投递"))],
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(posting=posting, seeker=seeker, fair=fair)
    except IntegrityError as exc:
        raise Conflict(_("您已投递过该岗位")) from exc
    ApplicationEvent.objects.create(application=application, status=ApplicationStatus.APPLIED)
    _applied_notify(application)
    audit_record(
        actor=by, action="application.create", target_type="application", target_id=application.pk
    )
    return application


def applications_mark_viewed(*, by: Actor, application_ids: list[int]) -> int:
    """The employer opened the applicant's CV: each of ``application_ids`` still at
    投递 becomes 已查看 (through ``application_advance``: audited, the seeker told); others
    are left as they are. How many changed."""
    changed = 0
    for application_id in application_ids:
        status = (
            Application.objects.filter(pk=application_id).values_list("status", flat=True).first()
        )
        if status == ApplicationStatus.APPLIED:
            application_advance(
                by=by, application_id=application_id, status=ApplicationStatus.VIEWED
            )
            changed += 1
    return changed


def _applied_notify(application: Application) -> None:
    """Tell the employer's accounts that a seeker applied (no name in the message: the
    applicant list shows who, to those who may see it)."""
    posting = application.posting
    employer_notify(
        posting,
        kind="jobs.applied",
        title=Words(gettext_noop("“%(title)s”收到新的申请"), {"title": posting.title}),
        body=Words(gettext_noop("在“招聘管理”中查看应聘者的简历并更新申请状态。")),
        link=f"/employer/?posting={posting.pk}",
        dedupe_key=f"jobs.applied:{application.pk}",
    )


_ORDER = [
    ApplicationStatus.APPLIED,
    ApplicationStatus.VIEWED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.OFFER,
    ApplicationStatus.HIRED,
]

#: The ends of an application: nothing follows them.
_FINAL = (ApplicationStatus.HIRED, ApplicationStatus.REJECTED)


def application_next_states(status: str) -> list[ApplicationStatus]:
    """The states an application at ``status`` may move to (the transition table
    ``application_advance`` enforces): any later step of viewed → interview → offer → hired,
    or rejected; the next natural step first. None after hired or rejected."""
    if status in _FINAL or status not in ApplicationStatus.values:
        return []
    later = _ORDER[_ORDER.index(ApplicationStatus(status)) + 1 :]
    return [*later, ApplicationStatus.REJECTED]


@transaction.atomic
def application_advance(
    *, by: Actor, application_id: int, status: str, note: str = ""
) -> Application:
    """The employer moves an application forward (viewed → interview → offer → hired) or
    rejects it. An offer or a hire records the employment intention (就业意向) once."""
    application = (
        Application.objects.select_for_update()
        .select_related("posting", "posting__employer", "seeker")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound(_("未找到该申请"))
    if not posting_editable_by(by, application.posting):
        raise Forbidden(_("只有招聘单位可处理申请"))
    if status not in ApplicationStatus.values:
        raise InvalidInput.one(
            "status",
            "choice",
            _("须为以下之一：%(values)s") % {"values": ", ".join(ApplicationStatus.values)},
        )
    current = application.status
    if current in _FINAL:
        raise Conflict(_("申请已结束（%(status)s）") % {"status": application.get_status_display()})
    if status not in application_next_states(current):
        raise Conflict(
            _("不能从“%(status)s”退回") % {"status": application.get_status_display()},
            [FieldError("status", "backwards", f"{current} → {status}")],
        )
    application.status = status
    application.save(update_fields=["status", "updated_at"])
    ApplicationEvent.objects.create(application=application, status=status, note=note[:255])
    if (
        status in (ApplicationStatus.OFFER, ApplicationStatus.HIRED)
        and not EmploymentIntention.objects.filter(application=application).exists()
    ):
        EmploymentIntention.objects.create(
            application=application,
            posting=application.posting,
            fair=application.fair,
            region_id=application.posting.region_id,
            seeker_region_id=application.seeker.region_id,
        )
    _status_notify(application, note[:255])
    audit_record(
        actor=by,
        action="application.advance",
        target_type="application",
        target_id=application.pk,
        detail={"from": current, "to": status},
    )
    return application


def _status_notify(application: Application, note: str = "") -> None:
    """Tell the seeker their application moved (in this transaction: with the change or not
    at all); once per application and state."""
    recipient = User.objects.filter(person__pk=application.seeker.person_id).first()
    if recipient is None:
        return
    posting = application.posting
    notify(
        recipient=recipient,
        kind="jobs.application",
        title=Words(
            gettext_noop("“%(title)s”的申请状态：%(status)s"),
            {"title": posting.title, "status": ApplicationStatus(application.status).label},
        ),
        body=Words(
            gettext_noop("%(employer)s 已更新您的申请。%(note)s"),
            {"employer": posting.employer.name, "note": note},
        ),
        link="/seeker/",
        dedupe_key=f"jobs.application:{application.pk}:{application.status}",
    )
