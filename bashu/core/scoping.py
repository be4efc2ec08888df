"""Region scoping (区划权限): which records an account may see and change.

A caseworker acts for one region and everything below it (by code prefix). An
administrator sees everything. Other roles see only what is theirs; the owning
app says what that is (see ``people.selectors``).
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from bashu.core.errors import Forbidden
from bashu.core.models import Role, User
from bashu.core.models.reference import region_prefix

M = TypeVar("M", bound=Model)


def is_full_access(user: User | None) -> bool:
    return bool(
        user and user.is_authenticated and (user.is_superuser or user.role == Role.ADMINISTRATOR)
    )


def caseworker_prefix(user: User | None) -> str | None:
    """The code prefix a caseworker acts for, or ``None`` for anyone else."""
    if user and user.is_authenticated and user.role == Role.CASEWORKER and user.region_id:
        return region_prefix(user.region_id)
    return None


def region_filter(
    queryset: QuerySet[M], user: User | None, *, field: str = "region"
) -> QuerySet[M] | None:
    """Restrict ``queryset`` to the account's regions.

    Returns the queryset unchanged for an administrator, filtered for a caseworker, and
    ``None`` for roles that region scoping does not cover (the caller decides those).
    """
    if is_full_access(user):
        return queryset
    prefix = caseworker_prefix(user)
    if prefix is not None:
        return queryset.filter(**{f"{field}__code__startswith": prefix})
    return None


def in_scope(user: User | None, region_code: str | None) -> bool:
    """May this account act on a record owned by ``region_code``?"""
    if is_full_access(user):
        return True
    prefix = caseworker_prefix(user)
    return prefix is not None and bool(region_code) and str(region_code).startswith(prefix)


def account_of(request: HttpRequest) -> User | None:
    """The signed-in account of a request, or ``None`` for the public."""
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


def signed_in(request: HttpRequest) -> User:
    """The request's account; ``Forbidden`` for the public."""
    user = account_of(request)
    if user is None:
        raise Forbidden("请先登录 (sign in first)")
    return user
