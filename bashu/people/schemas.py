"""Typed inputs of the people services (人员与用人单位), shared by the API and the admin.

An update is a partial model: only the fields set change (``model_fields_set``); a field
may be left out, never sent as null, except ``education``, which null clears.
"""

from __future__ import annotations

from typing import Literal

from ninja import Schema

from bashu.core.bounds import Code, omitted


class PersonChanges(Schema):
    """Changes to a person's record (修改人员信息); the ID number is not among them."""

    name: str = omitted(min_length=1, max_length=64)
    household_region: Code = omitted()
    household_type: Literal["urban", "rural"] = omitted()
    education: Code | None = None
    phone: str = omitted(max_length=20)
    region: Code = omitted()


class EmployerChanges(Schema):
    """Changes to an employer (修改用人单位); the code and the region stay."""

    name: str = omitted(min_length=1, max_length=128)
    industry: Code = omitted()
    size: Literal["micro", "small", "medium", "large"] = omitted()
