"""Account pages (注册、登录后去向、改密、找回密码): parse with the shared input model, call
one service, render. Sign-up and the reset steps are rate-limited per client."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from pydantic import BaseModel

from bashu.accounts import forms, services
from bashu.accounts.forms import FormField
from bashu.accounts.schemas import (
    EmployerSignupIn,
    PasswordChangeIn,
    PasswordResetIn,
    ResetCodeIn,
    SeekerSignupIn,
)
from bashu.core.errors import BashuError
from bashu.core.identity import mask_phone
from bashu.core.models import Role, User
from bashu.core.scoping import signed_in
from bashu.core.throttling import retry_after, too_many_requests

BACKEND = "bashu.accounts.backends.IdentifierBackend"
RESET_IDENTIFIER = "accounts_reset_identifier"

View = Callable[[HttpRequest], HttpResponse]

#: Where each role starts after signing in (URL names).
START_PAGES: dict[str, str] = {
    Role.SEEKER: "jobs:seeker",
    Role.EMPLOYER: "jobs:employer",
    Role.CASEWORKER: "transfers:queue",
    Role.ANALYST: "analytics:dashboard",
    Role.ADMINISTRATOR: "admin:index",
}


def start_page(user: User) -> str:
    if user.is_superuser:
        return reverse("admin:index")
    return reverse(START_PAGES.get(user.role, "web:home"))


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """``LOGIN_REDIRECT_URL``: each role lands on its own start page; a safe ``next`` wins."""
    wanted = request.GET.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(wanted)
    assert isinstance(request.user, User)  # noqa: S101 - login_required
    return redirect(start_page(request.user))


def _posts_throttled(scope: str) -> Callable[[View], View]:
    """The page's POSTs count against the per-client rate ``scope`` and get 429 past it,
    before anything is read; its GETs are not counted."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def throttled(request: HttpRequest) -> HttpResponse:
            if request.method == "POST":
                seconds = retry_after(request, scope)
                if seconds is not None:
                    return too_many_requests(request, seconds)
            return view(request)

        return throttled

    return decorate


def _page(
    request: HttpRequest,
    template: str,
    fields: list[FormField],
    values: Any,
    errors: dict[str, str],
    **context: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "fields": forms.form_context(fields, values, errors),
            "errors": errors,
            "error_links": [
                (f"#id_{name}" if name else "#main-form", message)
                for name, message in errors.items()
            ],
            **context,
        },
        status=422 if errors else 200,
    )


def _submit(
    request: HttpRequest,
    schema: type[BaseModel],
    fields: list[FormField],
    call: Any,
) -> tuple[Any, dict[str, str]]:
    data, errors = forms.form_parse(schema, fields, request.POST)
    if data is None:
        return None, errors
    try:
        return call(data), {}
    except BashuError as exc:
        return None, forms.form_errors(exc, fields)


def signup(request: HttpRequest) -> HttpResponse:
    """Choose who is signing up: a job seeker or an employer."""
    return render(request, "accounts/signup.html")


@require_http_methods(["GET", "POST"])
@_posts_throttled("signup")
def signup_seeker(request: HttpRequest) -> HttpResponse:
    return _signup(
        request,
        SeekerSignupIn,
        forms.SEEKER_FIELDS,
        lambda data: services.seeker_register(data=data),
        title=_("求职者注册"),
        intro=_("用身份证上的姓名和号码注册。已在人社部门登记过的，账号会关联到你的记录。"),
    )


@require_http_methods(["GET", "POST"])
@_posts_throttled("signup")
def signup_employer(request: HttpRequest) -> HttpResponse:
    return _signup(
        request,
        EmployerSignupIn,
        forms.EMPLOYER_FIELDS,
        lambda data: services.employer_register(data=data),
        title=_("用人单位注册"),
        intro=_("用营业执照上的统一社会信用代码和单位名称注册。"),
    )


def _signup(
    request: HttpRequest,
    schema: type[BaseModel],
    fields: list[FormField],
    call: Any,
    **context: Any,
) -> HttpResponse:
    if request.method == "POST":
        user, errors = _submit(request, schema, fields, call)
        if user is not None:
            login(request, user, backend=BACKEND)
            return redirect("accounts:created")
        return _page(request, "accounts/form.html", fields, request.POST, errors, **context)
    return _page(request, "accounts/form.html", fields, {}, {}, **context)


@login_required
def created(request: HttpRequest) -> HttpResponse:
    """The confirmation page: the account exists, and what to do next."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    contact = getattr(user, "contact", None)
    return render(
        request,
        "accounts/created.html",
        {
            "phone": mask_phone(contact.phone) if contact else "",
            # the button says 完善求职档案: it opens the profile form, not the dashboard
            "next_url": reverse("jobs:profile") if user.role == Role.SEEKER else start_page(user),
            "is_seeker": user.role == Role.SEEKER,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    fields = forms.PASSWORD_CHANGE_FIELDS
    context: dict[str, Any] = {"title": _("修改密码"), "intro": "", "submit": _("修改密码")}
    if request.method == "POST":
        user, errors = _submit(
            request,
            PasswordChangeIn,
            fields,
            lambda data: services.password_change(by=signed_in(request), data=data),
        )
        if user is not None:
            update_session_auth_hash(request, user)
            return render(
                request,
                "accounts/done.html",
                {
                    "title": _("密码已修改"),
                    "body": _("下次登录请使用新密码。"),
                    "next_url": start_page(user),
                    "next_label": _("返回我的首页"),
                },
            )
        return _page(request, "accounts/form.html", fields, {}, errors, **context)
    return _page(request, "accounts/form.html", fields, {}, {}, **context)


@require_http_methods(["GET", "POST"])
@_posts_throttled("reset_code")
def reset_request(request: HttpRequest) -> HttpResponse:
    """Step 1 of 2: ask for a code. The answer is the same whether or not the account exists."""
    fields = forms.RESET_CODE_FIELDS
    context: dict[str, Any] = {
        "title": _("找回密码"),
        "intro": _(
            "输入注册时用的手机号码、身份证号码或用户名，我们会向账号绑定的手机发送 6 位验证码。"
        ),
        "submit": _("发送验证码"),
    }
    if request.method == "POST":
        data, errors = forms.form_parse(ResetCodeIn, fields, request.POST)
        if data is not None:
            services.reset_code_send(data=data)
            request.session[RESET_IDENTIFIER] = data.identifier
            return redirect("accounts:reset_confirm")
        return _page(request, "accounts/form.html", fields, request.POST, errors, **context)
    return _page(request, "accounts/form.html", fields, {}, {}, **context)


def _reset_and_say_done(data: PasswordResetIn) -> bool:
    services.password_reset(data=data)
    return True


@require_http_methods(["GET", "POST"])
@_posts_throttled("reset_check")
def reset_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2 of 2: the code and a new password."""
    fields = forms.PASSWORD_RESET_FIELDS
    context: dict[str, Any] = {
        "title": _("输入验证码并设置新密码"),
        "intro": _(
            "如果该账号存在，验证码已发送到账号绑定的手机，10 分钟内有效。没有收到？可以在 1 分钟后重新获取。"
        ),
        "submit": _("重置密码"),
        "again": True,
    }
    if request.method == "POST":
        done, errors = _submit(
            request,
            PasswordResetIn,
            fields,
            _reset_and_say_done,
        )
        if done:
            request.session.pop(RESET_IDENTIFIER, None)
            return render(
                request,
                "accounts/done.html",
                {
                    "title": _("密码已重置"),
                    "body": _("请用新密码登录。可以用手机号码、身份证号码或用户名登录。"),
                    "next_url": reverse("web:login"),
                    "next_label": _("去登录"),
                },
            )
        values = {**request.POST.dict()}
        return _page(request, "accounts/form.html", fields, values, errors, **context)
    values = {"identifier": request.session.get(RESET_IDENTIFIER, "")}
    return _page(request, "accounts/form.html", fields, values, {}, **context)
