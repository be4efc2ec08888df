"""Typed inputs of the account writes (注册、改密、重置), one model each, shared by the pages
and the API. Unknown fields are refused (a forged ``role`` is a 422, never a role)."""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import ConfigDict

from bashu.core.bounds import Code


class _Input(Schema):
    # Blank values pass the schema and are judged by the services, so that a page lists
    # every problem at once; a field left out of a JSON body is still ``required`` here.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class SeekerSignupIn(_Input):
    """A job seeker's sign-up (求职者注册)."""

    name: str = Field(..., max_length=64, description="姓名（与身份证一致）")
    resident_id: Code = Field(..., description="公民身份号码，18 位")
    phone: str = Field(..., max_length=20, description="手机号，11 位")
    password: str = Field(..., max_length=128)
    region: Code | None = Field(
        None, description="所在城市区划代码；仅当户籍地不在川渝时需要（地级或重庆市）"
    )


class EmployerSignupIn(_Input):
    """An employer's sign-up (用人单位注册). Industry and size are needed only for an
    employer not yet in the registry."""

    uscc: Code = Field(..., description="统一社会信用代码，18 位")
    name: str = Field(..., max_length=128, description="单位名称")
    contact_name: str = Field(..., max_length=64, description="联系人姓名")
    phone: str = Field(..., max_length=20, description="联系人手机号")
    password: str = Field(..., max_length=128)
    industry: Code | None = Field(None, description="行业大类代码（两位）")
    size: Code | None = Field(None, description="企业规模：micro / small / medium / large")
    region: Code | None = Field(None, description="所在城市区划代码；代码中的登记地不在川渝时需要")


class PasswordChangeIn(_Input):
    old_password: str = Field(..., max_length=128)
    new_password: str = Field(..., max_length=128)


class ResetCodeIn(_Input):
    """Ask for a reset code: the username, phone or resident ID of the account."""

    identifier: str = Field(..., min_length=1, max_length=150)


class PasswordResetIn(_Input):
    identifier: str = Field(..., min_length=1, max_length=150)
    code: str = Field(..., min_length=1, max_length=16)
    new_password: str = Field(..., min_length=1, max_length=128)
