"""Notifications (消息通知): the in-portal inbox, each person's choice of channels, and the log
of outbound deliveries. The machinery is ``bashu.core.notifications``
(docs/adr/0015-notifications.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message in a person's inbox (站内消息). Always written, whatever the channels and
    the daily cap; at most one per ``(recipient, dedupe_key)`` when a key is given."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    #: What it is about, dotted (``jobs.alert``, ``jobs.application``): for filtering, not shown.
    kind = models.CharField(_("类型"), max_length=64)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), max_length=2000, blank=True)
    #: A path inside the portal (``/jobs/12/``), never another site.
    link = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    #: What makes it the same message twice (``jobs.alert:7:123``); empty: no de-duplication.
    dedupe_key = models.CharField(_("去重键"), max_length=128, blank=True)
    #: Title and body in the portal's other languages, written with the message
    #: (``{"en": {"title": …, "body": …}}``); ``title``/``body`` are in ``LANGUAGE_CODE``.
    translations = models.JSONField(_("译文"), default=dict, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once_per_key",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # The header's unread count: an index of the unread rows only.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def text_in(self, language: str) -> tuple[str, str]:
        """Title and body in ``language`` if written in it, else as written."""
        other = (self.translations or {}).get(language) or {}
        return other.get("title") or self.title, other.get("body", self.body)


class Channel(models.TextChoices):
    """Outbound channels (发送渠道); the inbox is not one: it is always written."""

    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class NotificationPreference(models.Model):
    """A person's choice (通知设置): which outbound channels, and how many outbound messages a
    day at most. Without a row: inbox only."""

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    channels = models.JSONField(_("发送渠道"), default=list, blank=True)
    daily_cap = models.PositiveSmallIntegerField(_("每日上限"), default=10)
    #: Where SMS go (the account's e-mail is where e-mail goes).
    phone = models.CharField(_("接收短信的手机号码"), max_length=20, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(daily_cap__lte=100), name="notification_cap_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {', '.join(self.channels) or 'inbox'}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    #: Not sent: the day's cap was reached.
    CAPPED = "capped", _("超出每日上限")
    #: Not sent: no address for the channel (no e-mail, no phone).
    NO_ADDRESS = "no_address", _("无接收地址")


class Delivery(models.Model):
    """One outbound send of one notification on one channel (发送记录): at most one per
    channel, so a message is never sent twice on the same channel."""

    notification = models.ForeignKey(
        Notification, verbose_name=_("消息"), on_delete=models.CASCADE, related_name="deliveries"
    )
    #: Denormalised from the notification: the daily cap counts a person's rows by day.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    #: The address as logged: masked (``138****5678``, ``z***@example.com``).
    address_masked = models.CharField(_("接收地址（脱敏）"), max_length=120, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "created_at"], name="delivery_by_day")]

    def __str__(self) -> str:
        return f"{self.channel} #{self.notification_id}: {self.status}"
