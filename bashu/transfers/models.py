"""Records that follow people (随人走的记录): insurance periods and their transfer, personnel
archives, one-window cases, and the log of documents exchanged between regions."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InsurancePeriod(models.Model):
    """A period of unemployment-insurance contributions (失业保险参保缴费期间) in one region."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("经办录入")
        IMPORTED = "imported", _("历史导入")

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("参保人"),
        on_delete=models.PROTECT,
        related_name="insurance_periods",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("参保地"), on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        "people.Employer",
        verbose_name=_("缴费单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_month = models.DateField(_("起始月份"), help_text=_("当月1日"))
    last_month = models.DateField(_("终止月份"), help_text=_("当月1日"))
    base = models.DecimalField(_("缴费基数（元/月）"), max_digits=10, decimal_places=2)
    source = models.CharField(
        _("来源"), max_length=8, choices=Source.choices, default=Source.ENTERED
    )
    flagged = models.BooleanField(_("待核查"), default=False)
    flag_reason = models.CharField(_("核查原因"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("失业保险缴费期间")
        verbose_name_plural = _("失业保险缴费期间")
        ordering = ["person", "first_month"]
        indexes = [models.Index(fields=["person", "first_month"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_month__gte=models.F("first_month")), name="period_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.first_month:%Y-%m}..{self.last_month:%Y-%m}"


class ExchangeDocument(models.Model):
    """A document exchanged between regions (跨区域交换文书): signed by the sender, kept in an
    append-only hash-chained log. ``body`` is the signed document exactly as received."""

    seq = models.BigIntegerField(_("序号"), unique=True)
    uuid = models.UUIDField(_("文书标识"), unique=True)
    type = models.CharField(_("文书类型"), max_length=48)
    version = models.PositiveSmallIntegerField(_("版本"))
    sender = models.ForeignKey(
        "core.Region", verbose_name=_("发文地区"), on_delete=models.PROTECT, related_name="+"
    )
    receiver = models.ForeignKey(
        "core.Region", verbose_name=_("收文地区"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("涉及人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exchange_documents",
    )
    purpose = models.CharField(_("用途"), max_length=128)
    body = models.JSONField(_("文书"))
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)

    class Meta:
        verbose_name = _("交换文书")
        verbose_name_plural = _("交换文书")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.type} {self.uuid}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(str(_("交换文书只能追加，不能修改")))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(str(_("交换文书不能删除")))


class ExchangeChainHead(models.Model):
    """The exchange log's last sequence number and hash; locking it orders the appends."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("交换日志链头")
        verbose_name_plural = _("交换日志链头")

    def __str__(self) -> str:
        return f"#{self.seq}"


class InsuranceTransfer(models.Model):
    """Moving a person's unemployment-insurance relationship (失业保险关系转移接续) from one
    region to another: requested, certified by the origin (like the EU's U1), then accepted or
    returned by the destination."""

    class Status(models.TextChoices):
        CERTIFIED = "certified", _("转出地已核定")
        ACCEPTED = "accepted", _("转入地已接收")
        RETURNED = "returned", _("转入地已退回")

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("参保人"),
        on_delete=models.PROTECT,
        related_name="insurance_transfers",
    )
    from_region = models.ForeignKey(
        "core.Region", verbose_name=_("转出地"), on_delete=models.PROTECT, related_name="+"
    )
    to_region = models.ForeignKey(
        "core.Region", verbose_name=_("转入地"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    contribution_months = models.PositiveIntegerField(_("累计缴费月数"))
    funds_kind = models.CharField(_("划转方式"), max_length=20)
    funds = models.DecimalField(_("划转金额（元）"), max_digits=12, decimal_places=2)
    certificate = models.ForeignKey(
        ExchangeDocument,
        verbose_name=_("缴费期间核定文书"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.ForeignKey(
        ExchangeDocument,
        verbose_name=_("接收/退回文书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = models.CharField(_("退回原因"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("失业保险关系转移")
        verbose_name_plural = _("失业保险关系转移")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="certified"), name="one_open_transfer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_region_id} → {self.to_region_id}"


class Archive(models.Model):
    """A personnel file (流动人员人事档案) and who holds it. The person never carries it."""

    person = models.OneToOneField(
        "people.Person", verbose_name=_("本人"), on_delete=models.PROTECT, related_name="archive"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("存档地"), on_delete=models.PROTECT, related_name="+"
    )
    custodian = models.CharField(_("存档机构"), max_length=128)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("人事档案")
        verbose_name_plural = _("人事档案")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"档案 #{self.pk}"


class ArchiveMove(models.Model):
    """A file's journey between custodians (档案转递): requested, dispatched, received."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("已申请")
        DISPATCHED = "dispatched", _("已转出")
        RECEIVED = "received", _("已接收")
        RETURNED = "returned", _("已退回")

    archive = models.ForeignKey(
        Archive, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="moves"
    )
    from_region = models.ForeignKey(
        "core.Region", verbose_name=_("转出地"), on_delete=models.PROTECT, related_name="+"
    )
    from_custodian = models.CharField(_("转出机构"), max_length=128)
    to_region = models.ForeignKey(
        "core.Region", verbose_name=_("转入地"), on_delete=models.PROTECT, related_name="+"
    )
    to_custodian = models.CharField(_("接收机构"), max_length=128)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    tracking = models.CharField(_("机要编号"), max_length=32, blank=True)
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("转出时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    dispatch_document = models.ForeignKey(
        ExchangeDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receipt_document = models.ForeignKey(
        ExchangeDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("档案转递")
        verbose_name_plural = _("档案转递")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["archive"],
                condition=Q(status__in=["requested", "dispatched"]),
                name="one_open_archive_move",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_custodian} → {self.to_custodian}"


class CaseState(models.TextChoices):
    RECEIVED = "received", _("已受理")
    ROUTED = "routed", _("已转办")
    IN_REVIEW = "in_review", _("审查中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("不予批准")
    DONE = "done", _("已办结")


class Consent(models.TextChoices):
    """How the person asked for a case that moves their records (本人意愿)."""

    ONLINE = "online", _("本人在线申请")
    WINDOW = "window", _("本人持证到窗口申请")


class Case(models.Model):
    """A one-window case (一窗受理案件): received at any member region's window, handled by the
    competent region, with a service-time clock."""

    kind = models.CharField(_("事项"), max_length=32)
    applicant = models.ForeignKey(
        "people.Person", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="cases"
    )
    window_region = models.ForeignKey(
        "core.Region", verbose_name=_("受理窗口"), on_delete=models.PROTECT, related_name="+"
    )
    competent_region = models.ForeignKey(
        "core.Region", verbose_name=_("承办地区"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=CaseState.choices, default=CaseState.RECEIVED
    )
    details = models.JSONField(_("申请事项"), default=dict)
    # The workflow a case drives, by foreign key (never looked up through ``details``).
    transfer = models.OneToOneField(
        "transfers.InsuranceTransfer",
        verbose_name=_("失业保险关系转移"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    archive_move = models.OneToOneField(
        "transfers.ArchiveMove",
        verbose_name=_("档案转递"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    consent = models.CharField(
        _("本人意愿"),
        max_length=8,
        choices=Consent.choices,
        blank=True,
        help_text=_("本人在线申请，或本人持证到窗口办理"),
    )
    client_key = models.CharField(_("提交标识"), max_length=64, unique=True)
    reason = models.CharField(_("理由"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("受理时间"), auto_now_add=True)
    due_at = models.DateTimeField(_("办理时限"))
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    handler = models.ForeignKey(
        "core.User",
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("一窗受理案件")
        verbose_name_plural = _("一窗受理案件")
        ordering = ["due_at"]
        indexes = [models.Index(fields=["competent_region", "state", "due_at"])]

    def __str__(self) -> str:
        return f"案件 {self.pk}"


class CaseEvent(models.Model):
    """One step of a case (办理记录), timestamped, with who and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("原状态"), max_length=12, blank=True)
    to_state = models.CharField(_("新状态"), max_length=12)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("办理地区"), on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=255, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("案件办理记录")
        verbose_name_plural = _("案件办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"
