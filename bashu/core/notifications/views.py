"""Inbox pages (消息): the list with mark read, and the preferences form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bashu.core import bounds
from bashu.core.errors import InvalidInput, NotFound
from bashu.core.models import Channel
from bashu.core.notifications import selectors, services
from bashu.core.notifications.channels import channels_available
from bashu.core.scoping import signed_in

PAGE_SIZE = 20


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The signed-in person's messages, 20 a page, unread first marked."""
    user = signed_in(request)
    unread = request.GET.get("unread") == "1"
    rows = selectors.notification_list(by=user, unread=unread)
    page = Paginator(rows, PAGE_SIZE).get_page(bounds.page_number(request.GET.get("page")))
    return render(
        request,
        "core/messages.html",
        {"page": page, "unread_only": unread, "unread_total": selectors.unread_count(user)},
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one read, then follow its link (``open``) or come back to the list."""
    try:
        notification = services.notification_mark_read(
            by=signed_in(request), notification_id=notification_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if request.POST.get("open") and notification.link:
        return redirect(notification.link)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return redirect(back)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(by=signed_in(request))
    messages.success(request, _("已将 %(n)d 条消息标为已读") % {"n": count})
    return redirect("notifications:inbox")


class PreferenceForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("除站内消息外，还通过"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    daily_cap = forms.IntegerField(
        label=gettext_lazy("每天最多发送（条）"),
        min_value=0,
        max_value=services.CAP_MAX,
        help_text=gettext_lazy("站内消息不受限制；短信和邮件达到上限后当天不再发送。"),
    )
    phone = forms.CharField(label=gettext_lazy("接收短信的手机号码"), max_length=20, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        available = channels_available()
        field = self.fields["channels"]
        if isinstance(field, forms.MultipleChoiceField):
            field.choices = [(v, label) for v, label in Channel.choices if v in available]


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """通知设置: channels, the daily cap, the phone for SMS."""
    user = signed_in(request)
    current = selectors.notification_preference_get(user)
    form = PreferenceForm(
        request.POST or None,
        initial={"channels": current.channels, "daily_cap": current.daily_cap,
                 "phone": current.phone},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_preference_update(
                by=user,
                channels=form.cleaned_data["channels"],
                daily_cap=form.cleaned_data["daily_cap"],
                phone=form.cleaned_data["phone"],
            )
        except InvalidInput as exc:
            for error in exc.errors:
                form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("通知设置已保存"))
            return redirect("notifications:preferences")
    trail = [(_("消息"), reverse("notifications:inbox"))]
    return render(request, "core/notification_preferences.html", {"form": form, "trail": trail})
