"""Occupation coding of postings (职业自动编码): a posting sent without an occupation gets
the one ``bashu.jobs.coding`` infers; below ``coding.CONFIRM_BELOW`` it is published all the
same and waits for a caseworker of the employer's region to confirm it (职业待确认).

``occupation_fill`` runs inside ``posting_create`` / ``posting_update``; ``occupation_record``
writes the posting's ``OccupationCoding`` row; ``occupation_confirm`` is the caseworker's step.
``profile_occupation_infer`` codes a seeker's profile saved without desired occupations, from
the CV and skills, only when sure (a seeker's wish is not guessed at for a caseworker).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bashu.core.audit import audit_record
from bashu.core.errors import Conflict, FieldError, InvalidInput, NotFound
from bashu.core.models import Occupation
from bashu.core.permissions import Actor, require_officer
from bashu.jobs import coding
from bashu.jobs.models import CodingStatus, JobPosting, OccupationCoding
from bashu.jobs.schemas import PostingInput
from bashu.jobs.tasks import postings_reindex_later


def occupation_fill(
    data: PostingInput, posting: JobPosting | None = None
) -> tuple[PostingInput, coding.Coding | None]:
    """The input with its occupation: as sent, or inferred from title, description and
    skills (with the ``Coding`` that says how sure). A posting whose occupation a caseworker
    confirmed keeps it when resent without one. Refuses (``required``) a posting whose text
    names no occupation at all."""
    if data.occupation.strip():
        return data, None
    if (
        posting is not None
        and OccupationCoding.objects.filter(
            posting=posting, status=CodingStatus.CONFIRMED, inferred_id=posting.occupation_id
        ).exists()
    ):
        return data.model_copy(update={"occupation": posting.occupation_id}), None
    answer = coding.occupation_infer(
        title=data.title, description=data.description, skills=data.skills
    )
    if answer.best is None:
        raise InvalidInput(
            [FieldError("occupation", "required", _("请填写职业：无法从岗位名称和描述推断"))]
        )
    return data.model_copy(update={"occupation": answer.best.code}), answer


def occupation_record(posting: JobPosting, answer: coding.Coding | None) -> None:
    """Write (or, when the occupation was sent, drop) the posting's coding row. A posting
    whose code a caseworker confirmed keeps that row while its occupation stays the same."""
    if answer is None or answer.best is None:
        OccupationCoding.objects.filter(posting=posting).exclude(
            status=CodingStatus.CONFIRMED, inferred_id=posting.occupation_id
        ).delete()
        return
    OccupationCoding.objects.update_or_create(
        posting=posting,
        defaults={
            "inferred_id": answer.best.code,
            "confidence": answer.confidence,
            "alternatives": [
                {"code": c.code, "name": c.name, "confidence": c.confidence}
                for c in answer.alternatives
            ],
            "status": CodingStatus.PENDING if answer.needs_confirmation else CodingStatus.AUTOMATIC,
            "decided_by": None,
            "decided_at": None,
        },
    )


@transaction.atomic
def occupation_confirm(*, by: Actor, posting_id: int, code: str) -> JobPosting:
    """A caseworker of the employer's region confirms a pending inferred occupation or picks
    another detailed one. Refuses: anyone else (``Forbidden``), a posting not pending
    (``Conflict``), a code that is no detailed occupation (``InvalidInput``)."""
    posting = (
        JobPosting.objects.select_for_update()
        .select_related("employer")
        .filter(pk=posting_id)
        .first()
    )
    if posting is None:
        raise NotFound(_("未找到该岗位"))
    require_officer(by, posting.employer.region_id, what=_("确认该单位岗位的职业"))
    row = OccupationCoding.objects.select_for_update().filter(posting=posting).first()
    if row is None or row.status != CodingStatus.PENDING:
        raise Conflict(_("该岗位的职业不在待确认状态"))
    code = code.strip()[:32]
    if not Occupation.objects.filter(code=code, level="detailed").exists():
        raise InvalidInput.one(
            "occupation", "unknown", _("须为职业细类代码：%(code)s") % {"code": code}
        )
    before = posting.occupation_id
    posting.occupation_id = code
    posting.save(update_fields=["occupation", "updated_at"])
    row.status = CodingStatus.CONFIRMED
    row.inferred_id = code
    row.decided_by_id = getattr(by, "pk", None)
    row.decided_at = timezone.now()
    row.save(update_fields=["status", "inferred", "decided_by", "decided_at"])
    audit_record(
        actor=by,
        action="posting.occupation_confirm",
        target_type="posting",
        target_id=posting.pk,
        detail={"from": before, "to": code},
    )
    postings_reindex_later([posting.pk])
    return posting


def profile_occupation_infer(*, cv: str, skills: list[str]) -> coding.Coding | None:
    """The occupation a seeker's CV and skills point to, when the classifier is sure
    (``not needs_confirmation``); ``None`` otherwise. The CV's first line is read as the
    title (求职意向 is usually written first)."""
    text = (cv or "").strip()
    if not text and not skills:
        return None
    first, _sep, rest = text.partition("\n")
    answer = coding.occupation_infer(title=first, description=rest, skills=skills)
    return None if answer.needs_confirmation else answer
