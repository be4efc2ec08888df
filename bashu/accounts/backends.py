"""Sign-in by username, mobile phone or resident ID (一个账号，三种登录名).

:class:`IdentifierBackend` replaces Django's ``ModelBackend`` (and keeps its permissions).
:func:`axes_username` is django-axes' ``AXES_USERNAME_CALLABLE``: failed sign-ins are counted
under the account's username whichever spelling was typed, so five wrong passwords typed
under the phone, the ID and the username lock the one account, not three strings.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from bashu.accounts.selectors import account_by_identifier
from bashu.core.models import User


class IdentifierBackend(ModelBackend):
    """Django's model backend, with the sign-in name resolved by
    :func:`~bashu.accounts.selectors.account_by_identifier`."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = account_by_identifier(username)
        if user is None:
            # As ModelBackend does: hash once, so that an unknown name takes as long.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The name axes counts failures under: the account's username when the typed name
    (username, phone or resident ID) resolves to one, else the typed name itself."""
    typed: Any = None
    if credentials:
        typed = credentials.get("username")
    elif request is not None:
        typed = getattr(request, "POST", {}).get("username")
    typed = str(typed or "").strip()
    user = account_by_identifier(typed)
    return user.get_username() if user is not None else typed
