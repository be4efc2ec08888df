"""The audit log (审计日志): append-only, hash-chained.

Each entry stores the SHA-256 of its own content and its predecessor's hash, so altering or
deleting a row breaks the chain at that point; ``bashu audit_verify`` finds the first break,
and checks the chain against the signed checkpoints kept outside the database
(``bashu.core.chain``, ADR 0009). Entries are written only through
``bashu.core.audit.audit_record``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bashu.core.chain import GENESIS_HASH

__all__ = ["GENESIS_HASH", "AuditChainHead", "AuditEntry"]


class AuditEntry(models.Model):
    """One audited act: who, in which role and region, did what to which record, why, when."""

    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(_("操作人账号"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=16, blank=True)
    region_code = models.CharField(_("区划"), max_length=6, blank=True)
    action = models.CharField(_("操作"), max_length=64)
    target_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    target_id = models.CharField(_("对象标识"), max_length=64, blank=True)
    purpose = models.CharField(_("目的"), max_length=255, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(_("前序哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["seq"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("审计记录只能追加，不能修改 (audit entries are append-only)")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计记录不能删除 (audit entries cannot be deleted)")


class AuditChainHead(models.Model):
    """The single row holding the chain's last sequence number and hash.

    Writers lock it (``select_for_update``), so concurrent writers extend the chain one
    after another instead of forking it, and a truncated tail is detectable.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
