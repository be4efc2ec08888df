"""Sign-up by API (账号注册): ``POST /api/v1/accounts/seekers`` and ``/accounts/employers``.

Public (no account needed, so no CSRF: nothing rides on a session), rate-limited per
address. 201 with the new account; 422 naming the field and the rule; 409 for a resident
ID, a USCC or a phone that is already an account's. Personal numbers come back masked."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from bashu.accounts import services
from bashu.accounts.schemas import EmployerSignupIn, SeekerSignupIn
from bashu.core.identity import mask_name, mask_phone, mask_resident_id
from bashu.core.models import User
from bashu.core.throttling import retry_after, too_many_requests

router = Router(tags=["accounts 账号"])


class AccountOut(Schema):
    id: int
    username: str = Field(..., description="系统分配的用户名；也可用手机号或身份证号登录")
    role: str
    phone: str = Field(..., description="脱敏 (masked)")
    name: str = Field(..., description="姓名或联系人，脱敏 (masked)")
    resident_id: str | None = Field(None, description="求职者：脱敏的身份号码 (masked)")
    uscc: str | None = Field(None, description="用人单位：统一社会信用代码")
    employer: str | None = Field(None, description="用人单位名称")


def _out(user: User) -> AccountOut:
    contact = getattr(user, "contact", None)
    person = getattr(user, "person", None)
    employer = user.employers.first()
    return AccountOut(
        id=user.pk,
        username=user.get_username(),
        role=user.role,
        phone=mask_phone(contact.phone) if contact else "",
        name=mask_name(person.name if person else (contact.contact_name if contact else "")),
        resident_id=mask_resident_id(person.resident_id) if person else None,
        uscc=employer.uscc if employer else None,
        employer=employer.name if employer else None,
    )


@router.post("/accounts/seekers", response={201: AccountOut}, auth=None, url_name="account_seekers")
def seeker_signup(
    request: HttpRequest, payload: SeekerSignupIn
) -> HttpResponse | Status[AccountOut]:
    return _signup(request, lambda: services.seeker_register(data=payload))


@router.post(
    "/accounts/employers", response={201: AccountOut}, auth=None, url_name="account_employers"
)
def employer_signup(
    request: HttpRequest, payload: EmployerSignupIn
) -> HttpResponse | Status[AccountOut]:
    return _signup(request, lambda: services.employer_register(data=payload))


def _signup(
    request: HttpRequest, register: Callable[[], User]
) -> HttpResponse | Status[AccountOut]:
    """Both sign-ups: 429 past the per-address rate, else 201 with the account opened."""
    seconds = retry_after(request, "signup")
    if seconds is not None:
        return too_many_requests(request, seconds)
    return Status(201, _out(register()))
