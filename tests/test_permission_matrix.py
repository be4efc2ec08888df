"""The permission matrix: every write service and every import, tried by the public, by the
wrong role and by a caseworker of the wrong region — and, as the control that keeps the
matrix honest, by the actor the record belongs to, who must succeed.

Every function of a service module that takes ``by`` must appear here (or in ``EXEMPT`` with
its reason): a new service without a row fails ``test_every_write_service_is_in_the_matrix``.

The world: everything belongs to Chengdu (510104, within the caseworker's 510100); the
wrong-region caseworker acts for Chongqing (500000).
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from bashu.accounts import services as account_services
from bashu.core import accounts
from bashu.core.errors import Forbidden, InvalidInput, NotFound
from bashu.core.identity import uscc_complete
from bashu.core.models import Role, TitleLevel, TitleSeries
from bashu.core.notifications import notify
from bashu.core.notifications import services as notifications
from bashu.core.permissions import SYSTEM
from bashu.core.tabular import rows_read
from bashu.jobs import alerts as job_alerts
from bashu.jobs.models import JobFair, PostingStatus, SeekerProfile
from bashu.jobs.schemas import FairInput, SeekerProfileInput
from bashu.jobs.services import applications as job_applications
from bashu.jobs.services import fairs as job_fairs
from bashu.jobs.services import feed as job_feed
from bashu.jobs.services import postings as job_postings
from bashu.jobs.services import profiles as job_profiles
from bashu.jobs.tests.factories import make_posting, posting_input
from bashu.people import services as people
from bashu.people.schemas import EmployerChanges, PersonChanges
from bashu.people.tests.factories import EmployerFactory, PersonFactory, RegistrationFactory
from bashu.recognition import imports as credential_imports
from bashu.recognition import keys
from bashu.recognition import services as recognition
from bashu.recognition.models import CardService, Expert, ProfessionalTitle, TalentCard
from bashu.transfers import cases as transfer_cases
from bashu.transfers import services as transfers
from bashu.transfers.models import Archive, ArchiveMove, Case, InsurancePeriod

SERVICE_MODULES = (
    people,
    job_postings,
    job_feed,
    job_profiles,
    job_applications,
    job_fairs,
    recognition,
    transfers,
    transfer_cases,
    credential_imports,
    accounts,
    keys,
    account_services,
    notifications,
    job_alerts,
)

#: Functions that take ``by`` but are not writes with an owner to check, and why.
EXEMPT: dict[str, str] = {
    # Changes only the caller's own password (there is no record of another owner to try);
    # the public is refused and a wrong current password is a 422, tested in
    # bashu/accounts/tests. Sign-up and reset by code take no actor: they are public doors.
    "password_change": "acts on the caller's own account only",
    # The inbox's own-only writes: the public is refused, anyone else marks or sets only
    # their own (bashu/core/tests/test_notifications.py tries another's id: 404).
    "notifications_mark_all_read": "acts on the caller's own messages only",
    "notification_preference_update": "acts on the caller's own preference only",
    "alert_list": "a read of the caller's own alerts (seekers only)",
}

ACTORS = ("anonymous", "wrong_role", "wrong_region")


@pytest.fixture
def world(make_account, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    cd = make_account("cw_cd", Role.CASEWORKER, "510100")
    cq = make_account("cw_cq", Role.CASEWORKER, "500000")
    analyst = make_account("an", Role.ANALYST)
    employer_account = make_account("boss", Role.EMPLOYER)
    seeker_account = make_account("xiaoming", Role.SEEKER)
    person = PersonFactory(area="510104", account=seeker_account)
    SeekerProfile.objects.create(person=person, region_id="510104")
    other = PersonFactory(area="510104")
    employer = EmployerFactory(area="510104")
    employer.accounts.add(employer_account)
    RegistrationFactory(person=person, employer=employer, region_id="510104")
    posting = make_posting(employer)
    second = make_posting(employer, title="焊工", occupation="6-18-02-04")
    held = make_posting(employer, title="电工")
    held.status = PostingStatus.REVIEW
    held.save(update_fields=["status"])
    application = job_applications.application_create(by=seeker_account, posting_id=posting.pk)
    now = timezone.now()
    fair = JobFair.objects.create(
        name="川渝合作专场",
        kind="online",
        region_id="510104",
        starts_at=now,
        ends_at=now + dt.timedelta(days=2),
    )
    title = ProfessionalTitle.objects.create(
        person=person,
        series=TitleSeries.objects.order_by("pk").first(),
        level=TitleLevel.objects.get(name="中级"),
        region_id="510104",
        issued_on=dt.date(2020, 1, 1),
        certificate_number="CD-T-1",
    )
    service = CardService.objects.filter(region_id="510000").first()
    assert service is not None
    card = TalentCard.objects.create(
        person=person,
        programme="tianfu",
        card_class=service.classes.split(";")[0],
        region_id="510000",
        number="TF-1",
        issued_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2030, 1, 1),
    )
    for _n in range(3):
        Expert.objects.create(
            person=PersonFactory(area="510104"), region_id="510104", fields=["机械"]
        )
    InsurancePeriod.objects.create(
        person=person,
        region_id="510104",
        first_month=dt.date(2020, 1, 1),
        last_month=dt.date(2021, 12, 1),
        base=Decimal("5000"),
    )
    flagged = InsurancePeriod.objects.create(
        person=person,
        region_id="510104",
        first_month=dt.date(2021, 6, 1),
        last_month=dt.date(2022, 3, 1),
        base=Decimal("5000"),
        source=InsurancePeriod.Source.IMPORTED,
        flagged=True,
        flag_reason="重叠",
    )
    case, _ = transfer_cases.case_submit(
        by=seeker_account,
        kind="policy_claim",
        applicant_id=person.pk,
        window_region="510104",
        details={"region": "510104"},
    )
    Archive.objects.create(person=person, region_id="510104", custodian="成都市人才交流中心")
    archive_case, _ = transfer_cases.case_submit(
        by=seeker_account,
        kind="archive_transfer",
        applicant_id=person.pk,
        window_region="510104",
        details={"to_region": "500103", "to_custodian": "重庆市渝中区人才交流服务中心"},
    )
    return {
        "owner_caseworker": cd,
        "wrong_region": cq,
        "analyst": analyst,
        "employer_account": employer_account,
        "seeker": seeker_account,
        "person": person,
        "other": other,
        "employer": employer,
        "posting": posting,
        "second": second,
        "held": held,
        "application": application,
        "fair": fair,
        "title": title,
        "card": card,
        "service": service,
        "flagged": flagged,
        "case": case,
        "move": ArchiveMove.objects.get(case=archive_case),
    }


def _csv(header: str, row: str) -> Any:
    return rows_read(
        io.BytesIO(f"{header}\n{row}\n".encode()),
        suffix=".csv",
        aliases=credential_imports.ALIASES,
    )


def _title_import(w: dict[str, Any], by: Any) -> Any:
    p = w["person"]
    series = w["title"].series.name
    rows = _csv(
        "证书编号,姓名,公民身份号码,系列,层级,专业,发证区划,评审委员会,取得日期,状态,撤销原因",
        f"CD-T-1,{p.name},{p.resident_id},{series},正高级,机械,510104,成都市评委会,2020-01-01,有效,",
    )
    return credential_imports.credentials_import(rows, kind="title", by=by)


def _feed(w: dict[str, Any], by: Any) -> Any:
    row = {
        "source_id": "feed-1",
        "title": "数控车工",
        "description": "操作数控车床，加工轴类零件，三班倒。",
        "employer_uscc": w["employer"].uscc,
        "employer_name": w["employer"].name,
        "county_code": "510104",
        "industry_code": "39",
        "occupation_code": "6-18-01-01",
        "salary_min": 6000,
        "salary_max": 9000,
        "open_date": timezone.localdate().isoformat(),
        "close_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    return job_feed.postings_import([(1, row)], source="sc-feed", by=by)


@dataclass(frozen=True)
class Row:
    """One write: who owns it, how to call it, and which refusals count as refusals."""

    owner: str  # the key in ``world`` of the actor who may do it
    call: Callable[[dict[str, Any], Any], Any]
    refusals: tuple[type[Exception], ...] = (Forbidden,)
    #: For imports, which report success instead of raising: did the call change anything?
    changed: Callable[[Any], bool] | None = None


def _loaded(report: Any) -> bool:
    data = report.as_dict() if hasattr(report, "as_dict") else vars(report)
    return bool(data.get("created") or data.get("updated") or data.get("revoked"))


MATRIX: dict[str, Row] = {
    # people
    "person_create": Row(
        "owner_caseworker",
        lambda w, by: people.person_create(
            by=by,
            resident_id="11010519491231002X",
            name="李四",
            household_region="510104",
            region="510104",
        ),
    ),
    "person_update": Row(
        "owner_caseworker",
        lambda w, by: people.person_update(
            by=by, person_id=w["other"].pk, data=PersonChanges(phone="13900000000")
        ),
    ),
    "person_reveal": Row(
        "owner_caseworker",
        lambda w, by: people.person_reveal(by=by, person_id=w["other"].pk, purpose="核对身份"),
    ),
    "employer_create": Row(
        "owner_caseworker",
        lambda w, by: people.employer_create(
            by=by,
            uscc=uscc_complete("91510104MA6123456"),
            name="锦江测试有限公司",
            region="510104",
            industry="39",
            size="small",
        ),
    ),
    "employer_update": Row(
        "owner_caseworker",
        lambda w, by: people.employer_update(
            by=by, employer_id=w["employer"].pk, data=EmployerChanges(name="改名有限公司")
        ),
    ),
    "registration_create": Row(
        "owner_caseworker",
        lambda w, by: people.registration_create(
            by=by,
            person_id=w["other"].pk,
            employer_id=w["employer"].pk,
            region="510104",
            start_date=dt.date(2024, 5, 1),
        ),
    ),
    # jobs
    "posting_create": Row(
        "employer_account",
        lambda w, by: job_postings.posting_create(
            by=by, employer_id=w["employer"].pk, data=posting_input(title="会计")
        ),
    ),
    "posting_update": Row(
        "employer_account",
        lambda w, by: job_postings.posting_update(
            by=by, posting_id=w["posting"].pk, data=posting_input(title="高级Java开发工程师")
        ),
    ),
    "posting_review": Row(
        "owner_caseworker",
        lambda w, by: job_postings.posting_review(by=by, posting_id=w["held"].pk, approve=True),
    ),
    "posting_close": Row(
        "employer_account",
        lambda w, by: job_postings.posting_close(by=by, posting_id=w["posting"].pk),
    ),
    "postings_import": Row("owner_caseworker", _feed, changed=_loaded),
    "seeker_profile_save": Row(
        "seeker",
        lambda w, by: job_profiles.seeker_profile_save(
            by=by, data=SeekerProfileInput.model_validate({"skills": ["焊接"]})
        ),
    ),
    "application_create": Row(
        "seeker",
        lambda w, by: job_applications.application_create(by=by, posting_id=w["second"].pk),
    ),
    "application_advance": Row(
        "employer_account",
        lambda w, by: job_applications.application_advance(
            by=by, application_id=w["application"].pk, status="viewed"
        ),
    ),
    "applications_mark_viewed": Row(
        "employer_account",
        lambda w, by: job_applications.applications_mark_viewed(
            by=by, application_ids=[w["application"].pk]
        ),
    ),
    "fair_create": Row(
        "owner_caseworker",
        lambda w, by: job_fairs.fair_create(
            by=by,
            data=FairInput(
                name="春风行动",
                kind="onsite",
                region="510104",
                starts_at=timezone.now(),
                ends_at=timezone.now() + dt.timedelta(hours=6),
            ),
        ),
    ),
    "fair_join": Row(
        "employer_account",
        lambda w, by: job_fairs.fair_join(
            by=by,
            fair_id=w["fair"].pk,
            employer_id=w["employer"].pk,
            posting_ids=[w["posting"].pk],
        ),
    ),
    "fair_register": Row(
        "seeker", lambda w, by: job_fairs.fair_register(by=by, fair_id=w["fair"].pk)
    ),
    # recognition
    "decision_record": Row(
        "owner_caseworker",
        lambda w, by: recognition.decision_record(by=by, number="CD-T-1", host_region="510104"),
    ),
    "credential_revoke": Row(
        "owner_caseworker",
        lambda w, by: recognition.credential_revoke(by=by, number="CD-T-1", reason="证书造假"),
    ),
    "delivery_record": Row(
        "owner_caseworker",
        lambda w, by: recognition.delivery_record(
            by=by,
            number="TF-1",
            service_code=w["service"].code,
            host_region="510104",
            delivered_on=timezone.localdate(),
        ),
    ),
    "experts_draw": Row(
        "owner_caseworker",
        lambda w, by: recognition.experts_draw(
            by=by, applicant_id=w["employer"].pk, field="机械", count=2
        ),
    ),
    "credentials_import": Row("owner_caseworker", _title_import, changed=_loaded),
    "key_rotate": Row("system", lambda w, by: keys.key_rotate(region="510000", by=by)),
    # transfers
    "period_add": Row(
        "owner_caseworker",
        lambda w, by: transfers.period_add(
            by=by,
            person_id=w["other"].pk,
            region="510104",
            first_month="2023-01",
            last_month="2023-06",
            base=Decimal("4000"),
        ),
    ),
    "period_review": Row(
        "owner_caseworker",
        lambda w, by: transfers.period_review(by=by, period_id=w["flagged"].pk, keep=True),
    ),
    "case_submit": Row(
        "seeker",
        lambda w, by: transfer_cases.case_submit(
            by=by,
            kind="unemployment_benefit",
            applicant_id=w["person"].pk,
            window_region=(getattr(by, "region_id", None) or "510104"),
            details={"region": "510104"},
        ),
        # A caseworker at their own window without the person's ID card: no consent.
        refusals=(Forbidden, InvalidInput),
    ),
    "case_transition": Row(
        "owner_caseworker",
        lambda w, by: transfer_cases.case_transition(by=by, case_id=w["case"].pk, action="take"),
    ),
    "archive_dispatch": Row(
        "owner_caseworker",
        lambda w, by: transfers.archive_dispatch(by=by, move_id=w["move"].pk, tracking="JY-001"),
    ),
    # notifications and job alerts (ADR 0015): one's own only
    "notification_mark_read": Row(
        "seeker",
        lambda w, by: notifications.notification_mark_read(
            by=by,
            notification_id=notify(recipient=w["seeker"], kind="test", title="t").pk,  # type: ignore[union-attr]
        ),
        refusals=(Forbidden, NotFound),
    ),
    "alert_create": Row(
        "seeker", lambda w, by: job_alerts.alert_create(by=by, params={"q": "焊工"})
    ),
    "alert_delete": Row(
        "seeker",
        lambda w, by: job_alerts.alert_delete(
            by=by,
            alert_id=job_alerts.alert_create(by=w["seeker"], params={"q": "电工"}).pk,
        ),
        refusals=(Forbidden, NotFound),
    ),
    "recommendations_subscribe": Row(
        "seeker", lambda w, by: job_alerts.recommendations_subscribe(by=by, on=True)
    ),
    # core
    "account_ensure": Row(
        "system",
        lambda w, by: accounts.account_ensure(
            username="new_account", password="pw-for-tests-only", role=Role.SEEKER, by=by
        ),
    ),
}


def _actor(world: dict[str, Any], name: str) -> Any:
    return {
        "anonymous": AnonymousUser(),
        "system": SYSTEM,
        "wrong_role": world["analyst"],
    }.get(name) or world[name]


def test_every_write_service_is_in_the_matrix() -> None:
    takes_by = {
        name
        for module in SERVICE_MODULES
        for name, fn in vars(module).items()
        if inspect.isfunction(fn)
        and fn.__module__ == module.__name__
        and not name.startswith("_")
        and "by" in inspect.signature(fn).parameters
    }
    assert takes_by - set(MATRIX) - set(EXEMPT) == set(), "add these services to MATRIX"
    assert set(MATRIX) - takes_by == set(), "MATRIX names services that no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("service", sorted(MATRIX))
def test_the_owner_may(world, service: str) -> None:  # type: ignore[no-untyped-def]
    """The control: the matrix's setup is one where the write is allowed to its owner."""
    row = MATRIX[service]
    result = row.call(world, _actor(world, row.owner))
    if row.changed is not None:
        assert row.changed(result), result


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("service", sorted(MATRIX))
def test_nobody_else_may(world, service: str, actor: str) -> None:  # type: ignore[no-untyped-def]
    row = MATRIX[service]
    who = _actor(world, actor)
    if actor == "wrong_role" and row.owner == "owner_caseworker":
        who = world["employer_account"] if service != "person_reveal" else world["analyst"]
    if row.changed is not None:
        try:
            result = row.call(world, who)
        except Forbidden:
            return
        assert not row.changed(result), f"{actor} changed something through {service}"
        rejected = result.rejected if hasattr(result, "rejected") else result["rejected"]
        rules = {e["rule"] for r in rejected for e in r["errors"]}
        assert rules & {"out_of_region"}, rules
        return
    with pytest.raises(row.refusals):
        row.call(world, who)


@pytest.mark.django_db
def test_a_refused_import_row_leaves_another_regions_credential_as_it_was(world) -> None:  # type: ignore[no-untyped-def]
    """The finding: a Chengdu import rewrote a Chongqing-issued title (level, region, status)."""
    title = world["title"]
    ProfessionalTitle.objects.filter(pk=title.pk).update(region_id="500103")
    report = _title_import(world, world["owner_caseworker"])
    assert report.as_dict()["rejected"][0]["errors"][0]["rule"] == "out_of_region"
    title.refresh_from_db()
    assert (title.region_id, title.level.name, title.status) == ("500103", "中级", "valid")


@pytest.mark.django_db
def test_a_case_can_never_point_at_another_persons_workflow(world) -> None:  # type: ignore[no-untyped-def]
    """Details are checked per kind: a forged transfer id inside the JSON is refused, and the
    case page reads the workflow by foreign key only."""
    with pytest.raises(InvalidInput) as refused:
        transfer_cases.case_submit(
            by=world["seeker"],
            kind="policy_claim",
            applicant_id=world["person"].pk,
            window_region="510104",
            details={"region": "510104", "transfer_id": 1},
        )
    assert refused.value.errors[0].field == "details.transfer_id"
    assert Case.objects.filter(details__has_key="transfer_id").count() == 0
