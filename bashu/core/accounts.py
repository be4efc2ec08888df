"""Creating accounts with their role's permissions (账户开设)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from bashu.core.audit import audit_record
from bashu.core.errors import Forbidden, InvalidInput
from bashu.core.models import Region, Role, User
from bashu.core.permissions import SYSTEM, Actor, acts_for_all, require_actor


@transaction.atomic
def account_ensure(
    *, username: str, password: str, role: str, region: str | None = None, by: Actor = SYSTEM
) -> User:
    """Create or update an account for ``role``; a caseworker must be bound to a region.

    Caseworkers get staff access to the admin (region-scoped); administrators are superusers.
    """
    by = require_actor(by)
    if not acts_for_all(by):
        raise Forbidden(_("只有系统管理员可以开设账户"))
    if role not in Role.values:
        raise InvalidInput.one("role", "choice", _("未知角色 %(role)s") % {"role": role})
    if role == Role.CASEWORKER and not Region.objects.filter(code=region or "").exists():
        raise InvalidInput.one("region", "required", _("经办人员须绑定有效区划"))
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = User(username=username)
    user.role = role
    user.region_id = region if role == Role.CASEWORKER else None
    user.is_staff = role in (Role.CASEWORKER, Role.ADMINISTRATOR)
    user.is_superuser = role == Role.ADMINISTRATOR
    user.set_password(password)
    user.save()
    group = Group.objects.filter(name=role).first()
    user.groups.set([group] if group else [])
    audit_record(
        actor=by,
        action="account.create" if created else "account.update",
        target_type="user",
        target_id=user.pk,
        detail={"role": role, "region": user.region_id or ""},
    )
    return user
