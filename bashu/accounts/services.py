"""Account writes (账号服务): sign-up, password change, reset by a one-time code.

Sign-up is a public door: the services take no actor, and create registry records only
through their owner's services, as :data:`SYSTEM` (audited). An account is always a seeker's
or an employer's: caseworker, analyst and administrator accounts are opened by an
administrator (``core.accounts.account_ensure``), never here.

Nothing here tells a caller whether someone else has an account: a taken resident ID and a
name that does not match it get one sentence; a reset code is "sent" alike for any name.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bashu.accounts import messaging
from bashu.accounts.models import AccountContact, ResetCode
from bashu.accounts.schemas import (
    EmployerSignupIn,
    PasswordChangeIn,
    PasswordResetIn,
    ResetCodeIn,
    SeekerSignupIn,
)
from bashu.accounts.selectors import account_by_identifier, phone_normalize
from bashu.core.accounts import account_ensure
from bashu.core.audit import audit_record
from bashu.core.errors import Conflict, FieldError, InvalidInput
from bashu.core.identity import ResidentIdCheck, UsccCheck, resident_id_check, uscc_check
from bashu.core.models import Industry, Region, Role, User
from bashu.core.models.reference import ZONE_PROVINCES
from bashu.core.permissions import SYSTEM, Actor, require_account
from bashu.core.selectors import current_area_codes
from bashu.people import services as people
from bashu.people.models import Employer, EmployerSize, Person

logger = logging.getLogger(__name__)

CODE_LIFETIME = dt.timedelta(minutes=10)
#: A new code is not sent while the last one is younger than this (one message a minute).
CODE_RESEND_AFTER = dt.timedelta(seconds=60)


# --- shared checks --------------------------------------------------------------------------


def _phone(errors: list[FieldError], raw: str) -> str | None:
    phone = phone_normalize(raw)
    if not (raw or "").strip():
        errors.append(FieldError("phone", "required", _("请输入手机号码。")))
    elif phone is None:
        errors.append(
            FieldError("phone", "phone_format", _("请输入 11 位手机号码，如 13812345678。"))
        )
    return phone


def _new_password(errors: list[FieldError], password: str, user: User, field: str) -> None:
    if not password:
        errors.append(FieldError(field, "required", _("请设置密码。")))
        return
    try:
        validate_password(password, user)
    except ValidationError as exc:
        for error in exc.error_list:
            message = error.message % error.params if error.params else error.message
            errors.append(FieldError(field, error.code or "password", str(message)))


def _required(errors: list[FieldError], field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors.append(FieldError(field, "required", message))
    return value


def _region_of_area(area: str | None) -> Region | None:
    """The region an area code names, or its prefecture or province (other provinces are
    kept at province level only; a re-zoned county falls back to its prefecture)."""
    if not area or not area.isdigit() or len(area) != 6:
        return None
    for code in (area, area[:4] + "00", area[:2] + "0000"):
        region = Region.objects.filter(code=code).first()
        if region is not None:
            return region
    return None


def _zone_city(errors: list[FieldError], code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None or code[:2] not in ZONE_PROVINCES:
        errors.append(FieldError("region", "choice", _("请从列表中选择所在城市。")))
        return None
    return region


def _new_username(prefix: str) -> str:
    """A sign-in name nobody chose (``sk48213377``): it says nothing about the person."""
    while True:
        username = f"{prefix}{secrets.randbelow(10**8):08d}"
        if not User.objects.filter(username=username).exists():
            return username


def _phone_taken() -> Conflict:
    message = _("该手机号已注册账号。请直接登录，或使用“忘记密码”重置。")
    return Conflict(message, [FieldError("phone", "taken", message)])


def _code(
    errors: list[FieldError],
    field: str,
    raw: str,
    check: ResidentIdCheck | UsccCheck,
    *,
    required: str,
    invalid: str,
) -> None:
    """The sign-up's identifying number: asked for, then valid (the check's first rule)."""
    if not raw.strip():
        errors.append(FieldError(field, "required", required))
    elif not check.valid:
        errors.append(
            FieldError(field, check.errors[0].rule if check.errors else "invalid", invalid)
        )


def _signup_checked(
    errors: list[FieldError], data: SeekerSignupIn | EmployerSignupIn, *, first_name: str
) -> tuple[str, Region | None]:
    """What both sign-ups check after their own fields: the phone, the city and the password.
    Raises every field error found so far at once (422), then 409 for a phone that is already
    an account's; else the normalised phone and the chosen city."""
    phone = _phone(errors, data.phone)
    city = _zone_city(errors, data.region)
    _new_password(errors, data.password, User(username="", first_name=first_name), "password")
    if errors:
        raise InvalidInput(errors)
    assert phone  # noqa: S101 - established above
    if AccountContact.objects.filter(phone=phone).exists():
        raise _phone_taken()
    return phone, city


def _unavailable(field: str, message: str) -> Conflict:
    """The one sentence for a number that has an account or whose name does not match."""
    return Conflict(message, [FieldError(field, "unavailable", message)])


def _account_open(*, role: str, password: str, phone: str, contact_name: str = "") -> User:
    username = _new_username("sk" if role == Role.SEEKER else "em")
    user = account_ensure(username=username, password=password, role=role, by=SYSTEM)
    try:
        with transaction.atomic():
            AccountContact.objects.create(user=user, phone=phone, contact_name=contact_name)
    except IntegrityError as exc:  # a concurrent sign-up with the same phone won the race
        raise _phone_taken() from exc
    return user


# --- sign-up --------------------------------------------------------------------------------


@transaction.atomic
def seeker_register(*, data: SeekerSignupIn) -> User:
    """Open a seeker's account (求职者注册) for the person the resident ID names.

    Links the existing person record when it has no account and the name matches; else
    creates the person through ``people.person_create`` as the system. Refuses (409) an ID
    that already has an account or whose registered name differs — one sentence for both —
    and a phone that is already an account's; 422 for a broken rule, naming the field."""
    errors: list[FieldError] = []
    name = _required(errors, "name", data.name, _("请输入姓名。"))
    check = resident_id_check(
        data.resident_id, today=timezone.localdate(), current_areas=current_area_codes()
    )
    _code(
        errors,
        "resident_id",
        data.resident_id,
        check,
        required=_("请输入身份证号码。"),
        invalid=_("身份证号码不正确，请核对后重新输入。"),
    )
    phone, city = _signup_checked(errors, data, first_name=name)
    assert check.normalized  # noqa: S101 - established above
    conflict = _unavailable(
        "resident_id",
        _(
            "该身份证号码无法用此姓名注册：可能已有账号，或与登记的姓名不一致。如有疑问，请到就近的人社服务窗口办理。"
        ),
    )
    person = Person.objects.select_for_update().filter(resident_id=check.normalized).first()
    linked = person is not None
    if person is not None:
        if person.account_id is not None or person.name.strip() != name:
            raise conflict
    else:
        household = _region_of_area(check.area_code)
        if household is not None and household.code[:2] in ZONE_PROVINCES:
            owning = household
        elif city is not None:
            owning = city
        else:
            raise InvalidInput.one(
                "region", "required", _("您的户籍地不在川渝，请选择现在所在的城市。")
            )
        try:
            person, _warnings = people.person_create(
                by=SYSTEM,
                resident_id=check.normalized,
                name=name,
                household_region=(household or owning).code,
                region=owning.code,
                phone=phone,
            )
        except Conflict as exc:  # registered meanwhile by someone else
            raise conflict from exc
    user = _account_open(role=Role.SEEKER, password=data.password, phone=phone)
    # people has no service that binds an account to an existing record; binding is the
    # one field this write changes on the person, audited below.
    person.account = user
    person.save(update_fields=["account", "updated_at"])
    audit_record(
        actor=SYSTEM,
        action="account.signup",
        target_type="user",
        target_id=user.pk,
        detail={"role": Role.SEEKER, "person": person.pk, "linked": linked},
    )
    return user


@transaction.atomic
def employer_register(*, data: EmployerSignupIn) -> User:
    """Open an employer's account (用人单位注册) for the employer the USCC names.

    Links the registered employer when it has no account yet and its name matches; else
    creates it through ``people.employer_create`` as the system (industry and size are then
    required, the region is read from the code's registration area). 409 for a code that
    already has an account or whose name differs (one sentence) and for a taken phone."""
    errors: list[FieldError] = []
    company = _required(errors, "name", data.name, _("请输入单位名称。"))
    contact_name = _required(errors, "contact_name", data.contact_name, _("请输入联系人姓名。"))
    check = uscc_check(data.uscc)
    _code(
        errors,
        "uscc",
        data.uscc,
        check,
        required=_("请输入统一社会信用代码。"),
        invalid=_("统一社会信用代码不正确，请核对营业执照上的 18 位代码。"),
    )
    phone, city = _signup_checked(errors, data, first_name=contact_name)
    assert check.normalized  # noqa: S101 - established above
    conflict = _unavailable(
        "uscc",
        _(
            "该统一社会信用代码无法用此单位名称注册：可能已有账号，或与登记的名称不一致。如有疑问，请到就近的人社服务窗口办理。"
        ),
    )
    employer = Employer.objects.select_for_update().filter(uscc=check.normalized).first()
    linked = employer is not None
    if employer is not None:
        if employer.accounts.exists() or employer.name.strip() != company:
            raise conflict
    else:
        employer = _employer_new(data, check.normalized, check.area_code, company, city)
    user = _account_open(
        role=Role.EMPLOYER, password=data.password, phone=phone, contact_name=contact_name
    )
    # As for persons: no owner's service binds an account; the binding is audited here.
    employer.accounts.add(user)
    audit_record(
        actor=SYSTEM,
        action="account.signup",
        target_type="user",
        target_id=user.pk,
        detail={"role": Role.EMPLOYER, "employer": employer.pk, "linked": linked},
    )
    return user


def _employer_new(
    data: EmployerSignupIn, uscc: str, area: str | None, company: str, city: Region | None
) -> Employer:
    errors: list[FieldError] = []
    if (
        not data.industry
        or not Industry.objects.filter(code=data.industry, level=Industry.Level.DIVISION).exists()
    ):
        errors.append(FieldError("industry", "required", _("请选择所属行业。")))
    if data.size not in EmployerSize.values:
        errors.append(FieldError("size", "required", _("请选择企业规模。")))
    registered = _region_of_area(area)
    owning = registered if registered and registered.code[:2] in ZONE_PROVINCES else city
    if owning is None:
        errors.append(
            FieldError("region", "required", _("该代码的登记地不在川渝，请选择单位所在的城市。"))
        )
    if errors:
        raise InvalidInput(errors)
    assert owning is not None and data.industry and data.size  # noqa: S101
    try:
        employer, _warnings = people.employer_create(
            by=SYSTEM,
            uscc=uscc,
            name=company,
            region=owning.code,
            industry=data.industry,
            size=data.size,
        )
    except Conflict as exc:
        raise Conflict(exc.message, [FieldError("uscc", "unavailable", exc.message)]) from exc
    return employer


# --- passwords ------------------------------------------------------------------------------


@transaction.atomic
def password_change(*, by: Actor, data: PasswordChangeIn) -> User:
    """Change the signed-in account's own password (修改密码): the current one must be right
    and the new one pass Django's validators. Changes no other account."""
    user = require_account(by)
    user = User.objects.select_for_update().get(pk=user.pk)
    errors: list[FieldError] = []
    if not user.check_password(data.old_password):
        errors.append(FieldError("old_password", "wrong_password", _("当前密码不正确。")))
    _new_password(errors, data.new_password, user, "new_password")
    if errors:
        raise InvalidInput(errors)
    user.set_password(data.new_password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user, action="account.password_change", target_type="user", target_id=user.pk
    )
    return user


def reset_code_send(*, data: ResetCodeIn) -> None:
    """Send a six-digit reset code (重置验证码) to the account's phone.

    Answers alike whether or not the name is an account's (no enumeration): nothing is
    returned, nothing raised. The code is stored hashed, replaces any earlier one (one
    active code per account), lives 10 minutes, and is not re-sent within a minute."""
    user = account_by_identifier(data.identifier)
    contact = AccountContact.objects.filter(user=user).first() if user is not None else None
    if user is None or contact is None or not user.is_active:
        make_password("000000")  # about the same work as a real request
        return
    now = timezone.now()
    with transaction.atomic():
        current = ResetCode.objects.select_for_update().filter(user=user).first()
        if current and current.used_at is None and now - current.issued_at < CODE_RESEND_AFTER:
            return
        code = f"{secrets.randbelow(10**6):06d}"
        ResetCode.objects.update_or_create(
            user=user,
            defaults={
                "code_hash": make_password(code),
                "issued_at": now,
                "expires_at": now + CODE_LIFETIME,
                "tries": 0,
                "used_at": None,
            },
        )
        audit_record(
            actor=SYSTEM, action="account.reset_code_send", target_type="user", target_id=user.pk
        )
        text = _("【巴蜀】您的验证码为 %(code)s，10 分钟内有效，用于重置密码。请勿告诉他人。") % {
            "code": code
        }
        phone = contact.phone
        transaction.on_commit(lambda: messaging.message_send(phone, text))


def _code_refused() -> InvalidInput:
    return InvalidInput.one(
        "code", "invalid_code", _("验证码不正确或已失效。请检查，或重新获取验证码。")
    )


def password_reset(*, data: PasswordResetIn) -> None:
    """Set a new password with a reset code (重置密码). The code must be the account's
    current one, unused, unexpired, and guessed within five tries; every wrong guess counts
    (committed even though the call fails). One answer for an unknown name, a wrong, used or
    expired code. Success spends the code and lifts a sign-in lockout of the account."""
    user = account_by_identifier(data.identifier)
    errors: list[FieldError] = []
    _new_password(errors, data.new_password, user or User(username=""), "new_password")
    if errors:
        raise InvalidInput(errors)
    if user is None:
        check_password(data.code, make_password("000000"))
        raise _code_refused()
    now = timezone.now()
    with transaction.atomic():
        row = ResetCode.objects.select_for_update().filter(user=user).first()
        usable = (
            row is not None
            and row.used_at is None
            and row.expires_at > now
            and row.tries < ResetCode.MAX_TRIES
        )
        if row is None or not usable:
            ok = False
        elif not check_password(data.code.strip(), row.code_hash):
            row.tries += 1
            row.save(update_fields=["tries"])
            ok = False
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
            user.set_password(data.new_password)
            user.save(update_fields=["password"])
            audit_record(
                actor=SYSTEM, action="account.password_reset", target_type="user", target_id=user.pk
            )
            ok = True
    if not ok:
        raise _code_refused()
    axes_reset(username=user.get_username())
