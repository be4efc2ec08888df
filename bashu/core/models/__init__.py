"""Core models: reference data, accounts and roles, the audit log, background runs, notifications."""

from bashu.core.models.accounts import Role, User
from bashu.core.models.audit import AuditChainHead, AuditEntry
from bashu.core.models.notifications import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    NotificationPreference,
)
from bashu.core.models.reference import (
    EducationLevel,
    Industry,
    Occupation,
    Region,
    SkillLevel,
    TitleLevel,
    TitleSeries,
)
from bashu.core.models.tasks import TaskRun, TaskRunStatus

__all__ = [
    "AuditChainHead",
    "AuditEntry",
    "Channel",
    "Delivery",
    "DeliveryStatus",
    "EducationLevel",
    "Industry",
    "Notification",
    "NotificationPreference",
    "Occupation",
    "Region",
    "Role",
    "SkillLevel",
    "TaskRun",
    "TaskRunStatus",
    "TitleLevel",
    "TitleSeries",
    "User",
]
