"""The joint job zone (川渝合作·职等你来): postings, seeker profiles, applications, fairs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PostingStatus(models.TextChoices):
    OPEN = "open", _("招聘中")
    REVIEW = "review", _("待审核")
    CLOSED = "closed", _("已关闭")
    WITHDRAWN = "withdrawn", _("已撤回")


class JobPosting(models.Model):
    """A job posting (招聘岗位) of an employer, for a county of either province.

    ``source`` + ``source_id`` identify a row of a province's feed, so re-importing is
    idempotent. A posting recognised as a near duplicate of one posted on the other site
    points at it (``duplicate_of``) and is shown once, with both sources.
    """

    employer = models.ForeignKey(
        "people.Employer",
        verbose_name=_("用人单位"),
        on_delete=models.PROTECT,
        related_name="postings",
    )
    title = models.CharField(_("岗位名称"), max_length=128)
    description = models.TextField(_("岗位描述"), blank=True)
    occupation = models.ForeignKey(
        "core.Occupation", verbose_name=_("职业"), on_delete=models.PROTECT, related_name="+"
    )
    industry = models.ForeignKey(
        "core.Industry", verbose_name=_("行业"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("工作地（县级）"), on_delete=models.PROTECT, related_name="+"
    )
    salary_min = models.PositiveIntegerField(_("月薪下限（元）"))
    salary_max = models.PositiveIntegerField(_("月薪上限（元）"))
    education = models.ForeignKey(
        "core.EducationLevel",
        verbose_name=_("学历要求"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    experience_years = models.PositiveSmallIntegerField(_("经验要求（年）"), default=0)
    skills = models.JSONField(_("技能要求"), default=list, blank=True)
    headcount = models.PositiveIntegerField(_("招聘人数"), default=1)
    open_date = models.DateField(_("发布日期"))
    close_date = models.DateField(_("截止日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=PostingStatus.choices, default=PostingStatus.OPEN
    )
    review_flags = models.JSONField(_("待审核事项"), default=list, blank=True)
    source = models.CharField(_("来源"), max_length=32, default="portal")
    source_id = models.CharField(_("来源编号"), max_length=64, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("重复于"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    shared_zone = models.BooleanField(_("川渝求职招聘专区"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("招聘岗位")
        verbose_name_plural = _("招聘岗位")
        ordering = ["-open_date", "-id"]
        indexes = [
            models.Index(fields=["region", "open_date"]),
            models.Index(fields=["employer", "status"]),
            models.Index(fields=["status", "close_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source_id=""),
                name="one_posting_per_feed_row",
            ),
            models.CheckConstraint(
                condition=Q(salary_max__gte=F("salary_min")), name="salary_range_ordered"
            ),
            models.CheckConstraint(
                condition=Q(close_date__gte=F("open_date")), name="posting_closes_after_open"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SeekerProfile(models.Model):
    """A job seeker's profile (求职者档案); employers find it only if ``discoverable``."""

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="seeker_profile",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("现居地（县级）"), on_delete=models.PROTECT, related_name="+"
    )
    desired_occupations = models.JSONField(_("期望职业"), default=list, blank=True)
    desired_regions = models.JSONField(_("期望工作地"), default=list, blank=True)
    occupation_groups = models.CharField(
        _("期望职业中类"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("由期望职业派生（如 “2-02 6-18”），用于按岗位查找人才"),
    )
    salary_expectation = models.PositiveIntegerField(_("期望月薪（元）"), default=0)
    skills = models.JSONField(_("技能"), default=list, blank=True)
    education = models.ForeignKey(
        "core.EducationLevel",
        verbose_name=_("学历"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    experience_years = models.PositiveSmallIntegerField(_("工作年限"), default=0)
    cv = models.TextField(_("简历"), blank=True)
    discoverable = models.BooleanField(_("允许单位查找"), default=False)
    registered_on = models.DateField(_("求职登记日期"), default=timezone.localdate, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("求职者档案")
        verbose_name_plural = _("求职者档案")
        ordering = ["id"]
        indexes = [models.Index(fields=["discoverable", "region"])]

    def __str__(self) -> str:
        return f"求职者 #{self.pk}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Derived, for finding seekers by a posting's medium occupation group.
        groups = sorted(
            {"-".join(code.split("-")[:2]) for code in self.desired_occupations if code}
        )
        self.occupation_groups = " ".join(groups)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        talent_rows_write(self)


def talent_place(county: str) -> str:
    """The place an employer searches talent by (人才检索地区): a Sichuan county's prefecture
    (510113 → 510100); a Chongqing district is its own (500112)."""
    return county[:4] + "00" if county.startswith("51") else county


class TalentRow(models.Model):
    """Where employers find a seeker (人才检索索引): one row per desired medium occupation
    group (职业中类) of a discoverable profile, with the seeker's place and last update.

    Derived from :class:`SeekerProfile` on every save (and written alongside it by the
    generator), so finding the seekers for a posting is one index range scan of
    ``(group, place, updated_at)`` whatever the number of profiles, instead of a text scan
    of every profile's ``occupation_groups``.
    """

    seeker = models.ForeignKey(
        SeekerProfile, verbose_name=_("求职者"), on_delete=models.CASCADE, related_name="+"
    )
    occupation_group = models.CharField(_("职业中类"), max_length=8)
    place = models.CharField(_("地区"), max_length=6)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("人才检索索引")
        verbose_name_plural = _("人才检索索引")
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "occupation_group"], name="talent_row_seeker_group"
            )
        ]
        indexes = [
            models.Index(
                fields=["occupation_group", "place", "-updated_at"], name="talent_row_near"
            ),
            models.Index(fields=["occupation_group", "-updated_at"], name="talent_row_any"),
        ]

    def __str__(self) -> str:
        return f"{self.occupation_group} · {self.place} · #{self.seeker_id}"


def talent_rows_write(profile: SeekerProfile) -> None:
    """Rewrite a profile's talent rows: none unless it is discoverable."""
    TalentRow.objects.filter(seeker=profile).delete()
    if profile.discoverable and profile.occupation_groups:
        TalentRow.objects.bulk_create(
            TalentRow(
                seeker=profile,
                occupation_group=group,
                place=talent_place(profile.region_id),
                updated_at=profile.updated_at,
            )
            for group in profile.occupation_groups.split()
        )


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("已投递")
    VIEWED = "viewed", _("已查看")
    INTERVIEW = "interview", _("邀请面试")
    OFFER = "offer", _("录用意向")
    HIRED = "hired", _("已录用")
    REJECTED = "rejected", _("不合适")


class Application(models.Model):
    """An application (求职申请) of a seeker to a posting, at most one per pair."""

    posting = models.ForeignKey(
        JobPosting, verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="applications"
    )
    seeker = models.ForeignKey(
        SeekerProfile,
        verbose_name=_("求职者"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    fair = models.ForeignKey(
        "jobs.JobFair",
        verbose_name=_("招聘会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.APPLIED,
    )
    created_at = models.DateTimeField(_("投递时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("求职申请")
        verbose_name_plural = _("求职申请")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "seeker"], name="one_application_per_posting"
            )
        ]

    def __str__(self) -> str:
        return f"申请 #{self.pk}"


class ApplicationEvent(models.Model):
    """One step of an application, timestamped (申请进度)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("状态"), max_length=12, choices=ApplicationStatus.choices)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("申请进度")
        verbose_name_plural = _("申请进度")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.status} @ {self.at:%Y-%m-%d}"


class EmploymentIntention(models.Model):
    """An employment intention (就业意向) reached between a seeker and an employer."""

    application = models.OneToOneField(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="intention"
    )
    posting = models.ForeignKey(
        JobPosting, verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="+"
    )
    fair = models.ForeignKey(
        "jobs.JobFair",
        verbose_name=_("招聘会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intentions",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("工作地"), on_delete=models.PROTECT, related_name="+"
    )
    seeker_region = models.ForeignKey(
        "core.Region", verbose_name=_("求职者所在地"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("达成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("就业意向")
        verbose_name_plural = _("就业意向")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"就业意向 #{self.pk}"


class FairKind(models.TextChoices):
    ONLINE = "online", _("线上")
    ONSITE = "onsite", _("线下")


class JobFair(models.Model):
    """A job fair (招聘会), online or on site, e.g. a 川渝合作专场."""

    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("形式"), max_length=8, choices=FairKind.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("主办地"), on_delete=models.PROTECT, related_name="+"
    )
    cross_region = models.BooleanField(_("川渝合作专场"), default=False)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    venue = models.CharField(_("地点或网址"), max_length=255, blank=True)
    description = models.TextField(_("简介"), blank=True)
    employers = models.ManyToManyField(
        "people.Employer", verbose_name=_("参会单位"), blank=True, related_name="fairs"
    )
    postings = models.ManyToManyField(
        JobPosting, verbose_name=_("参会岗位"), blank=True, related_name="fairs"
    )

    class Meta:
        verbose_name = _("招聘会")
        verbose_name_plural = _("招聘会")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="fair_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FairRegistration(models.Model):
    """A seeker's registration for a fair (招聘会报名)."""

    fair = models.ForeignKey(JobFair, on_delete=models.PROTECT, related_name="registrations")
    seeker = models.ForeignKey(
        SeekerProfile, on_delete=models.PROTECT, related_name="fair_registrations"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("招聘会报名")
        verbose_name_plural = _("招聘会报名")
        constraints = [
            models.UniqueConstraint(fields=["fair", "seeker"], name="one_registration_per_fair")
        ]

    def __str__(self) -> str:
        return f"报名 #{self.pk}"


class AlertKind(models.TextChoices):
    SEARCH = "search", _("订阅的搜索")
    RECOMMENDATIONS = "recommendations", _("岗位推荐")


class JobAlert(models.Model):
    """A seeker's job alert (职位订阅): a saved search of /jobs/ (its words and filters), or
    the opt-in to recommendations. ``bashu job_alerts_run`` sends new matches
    (``bashu.jobs.alerts``)."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        on_delete=models.CASCADE,
        related_name="job_alerts",
    )
    kind = models.CharField(
        _("类型"), max_length=16, choices=AlertKind.choices, default=AlertKind.SEARCH
    )
    #: The search page's parameters: q, region, industry, education, salary_min.
    query = models.JSONField(_("搜索条件"), default=dict, blank=True)
    label = models.CharField(_("名称"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    #: When the run last looked; the next run looks at postings opened since the day before.
    checked_at = models.DateTimeField(_("上次检查"), null=True, blank=True)

    class Meta:
        verbose_name = _("职位订阅")
        verbose_name_plural = _("职位订阅")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(kind="recommendations"),
                name="one_recommendations_alert",
            ),
        ]
        indexes = [models.Index(fields=["checked_at"], name="job_alert_due")]

    def __str__(self) -> str:
        return self.label or f"订阅 #{self.pk}"


class JobAlertSent(models.Model):
    """A posting sent to a person by an alert (已推送): once per person and posting, whichever
    of their alerts found it, however many runs see it."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="+")
    alert = models.ForeignKey(JobAlert, on_delete=models.SET_NULL, null=True, related_name="sent")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("已推送岗位")
        verbose_name_plural = _("已推送岗位")
        constraints = [
            models.UniqueConstraint(fields=["account", "posting"], name="job_alert_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} ← {self.posting_id}"


class CodingStatus(models.TextChoices):
    AUTOMATIC = "automatic", _("自动编码")
    PENDING = "pending", _("职业待确认")
    CONFIRMED = "confirmed", _("已确认")


class OccupationCoding(models.Model):
    """How a posting sent without an occupation got one (职业自动编码, ``bashu.jobs.coding``):
    the code inferred, its confidence and the alternatives. Below the threshold the posting is
    published with the inferred code and waits (``pending``) for a caseworker of the
    employer's region to confirm it or pick another (``confirmed``)."""

    posting = models.OneToOneField(
        JobPosting,
        verbose_name=_("岗位"),
        on_delete=models.CASCADE,
        related_name="occupation_coding",
    )
    inferred = models.ForeignKey(
        "core.Occupation", verbose_name=_("推断职业"), on_delete=models.PROTECT, related_name="+"
    )
    confidence = models.FloatField(_("置信度"))
    #: The next candidates, best first: [{"code", "name", "confidence"}].
    alternatives = models.JSONField(_("备选职业"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=CodingStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("职业自动编码")
        verbose_name_plural = _("职业自动编码")
        indexes = [models.Index(fields=["status"], name="occupation_coding_status")]

    def __str__(self) -> str:
        return f"{self.posting_id} → {self.inferred_id} ({self.status})"


class NightlyRanking(models.Model):
    """A seeker's postings ranked overnight (每晚推荐, ``bashu match_all``): one row per seeker
    holding the best ``NIGHTLY_LENGTH`` matches as one compact JSON document, replaced whole
    by each run (docs/adr/0016-nightly-matching.md). Read by the dashboards while it is from
    today and newer than the profile; postings applied to or closed since are left out then."""

    seeker = models.OneToOneField(
        SeekerProfile,
        verbose_name=_("求职者"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="nightly_ranking",
    )
    computed_at = models.DateTimeField(_("计算时间"))
    model_version = models.CharField(_("匹配模型版本"), max_length=32)
    #: {"signals": [names], "reasons": [names], "matches": [[posting, score, [signal values],
    #: [reason values]], ...]}, best first (``bashu.jobs.matching.nightly``).
    matches = models.JSONField(_("推荐岗位"), default=dict)

    class Meta:
        verbose_name = _("每晚推荐")
        verbose_name_plural = _("每晚推荐")

    def __str__(self) -> str:
        return f"每晚推荐 #{self.seeker_id}"
