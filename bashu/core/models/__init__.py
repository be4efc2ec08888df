"""Core models: reference data, accounts and roles, the audit log."""

from bashu.core.models.accounts import Role, User
from bashu.core.models.audit import AuditChainHead, AuditEntry
from bashu.core.models.reference import (
    EducationLevel,
    Industry,
    Occupation,
    Region,
    SkillLevel,
    TitleLevel,
    TitleSeries,
)

__all__ = [
    "AuditChainHead",
    "AuditEntry",
    "EducationLevel",
    "Industry",
    "Occupation",
    "Region",
    "Role",
    "SkillLevel",
    "TitleLevel",
    "TitleSeries",
    "User",
]
