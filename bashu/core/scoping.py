"""Region scoping (区划权限): which records an account may see and change.

A caseworker acts for one region and everything below it (by code prefix). An
administrator sees everything. Other roles see only what is theirs; the owning
app says what that is (see ``people.selectors``).
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from bashu.core.errors import Forbidden
from bashu.core.models import User
from bashu.core.permissions import acts_for_all, caseworker_prefix, may_act_for

M = TypeVar("M", bound=Model)


__all__ = [
    "account_of",
    "caseworker_prefix",
    "in_scope",
    "is_full_access",
    "region_filter",
    "signed_in",
]


def region_filter(
    queryset: QuerySet[M], user: object, *, field: str = "region"
) -> QuerySet[M] | None:
    """Restrict ``queryset`` to the account's regions.

    Returns the queryset unchanged for an administrator, filtered for a caseworker, and
    ``None`` for roles that region scoping does not cover (the caller decides those).
    """
    if acts_for_all(user):
        return queryset
    prefix = caseworker_prefix(user)
    if prefix is not None:
        return queryset.filter(**{f"{field}__code__startswith": prefix})
    return None


def in_scope(user: object, region_code: str | None) -> bool:
    """May this account act on a record owned by ``region_code``? (see ``core.permissions``)"""
    return may_act_for(user, region_code)


def account_of(request: HttpRequest) -> User | None:
    """The signed-in account of a request, or ``None`` for the public."""
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


def signed_in(request: HttpRequest) -> User:
    """The request's account; ``Forbidden`` for the public."""
    user = account_of(request)
    if user is None:
        raise Forbidden(_("请先登录"))
    return user


#: Administrators and the system see every region (kept for the callers of the old name).
is_full_access = acts_for_all
