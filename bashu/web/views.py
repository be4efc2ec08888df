"""Portal pages: thin views over selectors."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from axes.helpers import get_client_username, get_cool_off
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from bashu.core import bounds
from bashu.core.errors import Forbidden
from bashu.core.throttling import client_address, last_failed_sign_in
from bashu.people.selectors import person_list, person_of_account
from bashu.recognition.selectors import credentials_of
from bashu.web.forms import PickerExampleForm
from bashu.web.selectors import headline_list


def home(request: HttpRequest) -> HttpResponse:
    """The portal's front page; its figures are stored by ``bashu headlines_refresh``."""
    headlines = headline_list()
    return render(
        request,
        "web/home.html",
        {"headlines": headlines.rows, "counted_at": headlines.counted_at},
    )


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The account, and for a person their own credentials with signed exports (我的证书)."""
    person = person_of_account(request.user.pk)
    credentials = credentials_of(person.pk) if person else []
    return render(request, "web/me.html", {"credentials": credentials})


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """Persons in the caseworker's region, masked, 50 a page."""
    q = bounds.text_param(request.GET.get("q"), max_length=64)
    try:
        queryset = person_list(user=request.user, q=q or None)
    except Forbidden as exc:
        return render(request, "web/forbidden.html", {"message": exc.message}, status=403)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, "web/people.html", {"page": page, "q": q})


def design(request: HttpRequest) -> HttpResponse:
    """The component gallery (样式与组件): the design system's partials and the reference
    pickers, for the people building pages (docs/adr/0012-design-system.md). A GET with the
    form's fields validates it: the error summary, or the check-answers list of names."""
    form = PickerExampleForm(request.GET or None)
    answers: list[dict[str, str]] = []
    if form.is_bound and form.is_valid():
        for name in ("county", "occupation", "industry"):
            field = form[name]
            code = form.cleaned_data[name]
            widget = form.fields[name].widget
            label = widget.name_of(code) if code and hasattr(widget, "name_of") else ""
            answers.append(
                {"label": str(field.label), "value": label, "change_url": f"#{field.auto_id}"}
            )
    next_steps = [_("经办人员将在 5 个工作日内审核。"), _("审核结果会显示在“我的求职”和办事大厅。")]
    return render(
        request, "web/design.html", {"form": form, "answers": answers, "next_steps": next_steps}
    )


def login_locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE), for the portal and the admin sign-in:
    the sign-in page again, 429 with ``Retry-After``, saying in words how long to wait.

    The words are the same whether the account exists or not: the count is kept per name
    typed and address, never looked up against the accounts."""
    cool_off = get_cool_off(request) or dt.timedelta(minutes=15)
    username = get_client_username(request, credentials) or ""
    last = last_failed_sign_in(username, client_address(request))
    remaining = cool_off if last is None else last + cool_off - timezone.now()
    seconds = max(1, math.ceil(remaining.total_seconds()))
    message = _(
        "登录失败次数过多，此账号在您的网络地址上暂停登录。请 %(minutes)s 分钟后再试，"
        "或联系管理员。"
    ) % {"minutes": math.ceil(seconds / 60)}
    locked = render(
        request,
        "registration/login.html",
        {"locked_out": message, "form": AuthenticationForm(request)},
        status=429,
    )
    locked["Retry-After"] = str(seconds)
    return locked
