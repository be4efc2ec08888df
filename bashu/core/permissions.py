"""The one permission layer (权限): who is acting, and may they act on this record.

Every service takes ``by: Actor``. An actor is a signed-in account or :data:`SYSTEM`, the
platform itself (a command an operator runs, a scheduled job, the generator). ``None`` is
never an actor: the public is refused by the predicates below, and nothing silently means
"the system". Region ownership (区划权限) is decided here and nowhere else: a caseworker acts
for one region and everything below it (by code prefix, ADR 0001); an administrator and the
system act for every region; other roles act only on what is theirs, which the owning app
says (``people.selectors`` and the services).

Predicates (``may_*``) answer yes or no; ``require_*`` raise :class:`Forbidden` /
:class:`OutOfRegion` with a message that names what was refused.
"""

from __future__ import annotations

from typing import Final, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from bashu.core.codes import region_prefix
from bashu.core.errors import Forbidden, OutOfRegion
from bashu.core.models import Role, User


class SystemActor:
    """The platform acting on its own account (系统): never a person, never the public.

    Used by operators' commands (imports from the command line, key rotation), scheduled
    jobs and the synthetic-data generator. It acts for every region; its writes are audited
    under the name ``system``.
    """

    is_authenticated: Final = True
    is_superuser: Final = False
    is_staff: Final = False
    role: Final = "system"
    region_id: Final[str | None] = None
    pk: Final = None
    username: Final = "system"

    def get_username(self) -> str:
        return self.username

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemActor()

#: Who a service acts for: a signed-in account, or the platform itself.
Actor = User | SystemActor

#: What a request may carry: an actor or the anonymous public.
Requester = User | SystemActor | AnonymousUser | None


def is_system(actor: object) -> TypeGuard[SystemActor]:
    return actor is SYSTEM


def account(actor: object) -> User | None:
    """The signed-in account behind ``actor``, or ``None`` for the system and the public."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def is_administrator(actor: object) -> bool:
    user = account(actor)
    return bool(user and (user.is_superuser or user.role == Role.ADMINISTRATOR))


def has_role(actor: object, *roles: str) -> bool:
    user = account(actor)
    return bool(user and user.role in roles)


def is_officer(actor: object) -> bool:
    """A caseworker, an administrator or the system: those who write registry records."""
    return is_system(actor) or is_administrator(actor) or has_role(actor, Role.CASEWORKER)


def acts_for_all(actor: object) -> bool:
    """The system and administrators act for every region."""
    return is_system(actor) or is_administrator(actor)


def caseworker_prefix(actor: object) -> str | None:
    """The code prefix a caseworker acts for, or ``None`` for anyone else."""
    user = account(actor)
    if user and user.role == Role.CASEWORKER and user.region_id:
        return region_prefix(user.region_id)
    return None


def may_act_for(actor: object, region_code: str | None) -> bool:
    """May ``actor`` act on a record owned by ``region_code``?

    The system and administrators may; a caseworker may for their region and below; nobody
    else may (a record with no region is no caseworker's).
    """
    if acts_for_all(actor):
        return True
    prefix = caseworker_prefix(actor)
    return prefix is not None and bool(region_code) and str(region_code).startswith(prefix)


def require_actor(actor: Requester) -> Actor:
    """``actor`` as an :data:`Actor`; :class:`Forbidden` for the public."""
    if is_system(actor):
        return actor
    user = account(actor)
    if user is None:
        raise Forbidden(_("请先登录"))
    return user


def require_account(actor: Requester) -> User:
    """A signed-in person's account (not the system): for what only a person can do."""
    user = account(actor)
    if user is None:
        raise Forbidden(_("请先登录"))
    return user


def require_officer(actor: Requester, region_code: str | None = None, *, what: str = "") -> Actor:
    """A caseworker, administrator or the system, and — when ``region_code`` is given — one
    who acts for that region. ``what`` names the act in the refusal."""
    checked = require_actor(actor)
    if not is_officer(checked):
        raise Forbidden(_("只有经办人员可以%(what)s") % {"what": what or _("办理")})
    if region_code is not None:
        require_region(checked, region_code, what=what)
    return checked


def require_region(actor: Requester, region_code: str | None, *, what: str = "") -> None:
    """Refuse unless ``actor`` acts for ``region_code`` (the region of the record changed)."""
    if not may_act_for(actor, region_code):
        raise OutOfRegion(
            _("区划 %(region)s 的记录不在您的管辖范围内，不能%(what)s")
            % {"region": region_code or "—", "what": what or _("办理")}
        )
