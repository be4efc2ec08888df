"""Typed inputs of the job zone's writes: one model per write, declared once.

``PostingInput`` (岗位信息) is what ``posting_create`` and ``posting_update`` take; the API's
body derives from it (``api.PostingIn`` adds the employer), the portal's form cleans into it
(``forms.PostingForm``) and the feed import parses each row into it (``services.feed``).
``SeekerProfileInput`` (求职档案) is a partial update: only the fields set change
(``model_fields_set``). ``FairInput`` is a fair as announced. Bounds are the project's (``bashu.core.bounds``); a broken bound is
``bashu.core.errors.schema_errors``' ``FieldError(field, rule)``, the rule named as the API names it.
Salaries are whole yuan a month (``int``), never a float.

The rules that need the database (codes that must exist, a county-level region) and the
fair-hiring screen are the services' (``services.postings``, ``services.profiles``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from bashu.core.bounds import MAX_SALARY, Code, Line, Name, Salary, Text, omitted


class PostingInput(Schema):
    """A posting's fields (岗位信息), as every channel submits them."""

    title: str = Field(..., min_length=1, max_length=128)
    description: Text = ""
    occupation: Code = Field("", description="职业细类代码；不填则按岗位名称、描述和技能推断")
    industry: Code
    region: Code = Field(..., description="工作地县级区划代码")
    salary_min: Salary
    salary_max: Salary
    education: Code | None = None
    experience_years: int = Field(0, ge=0, le=50)
    skills: list[Name] = Field([], max_length=50)
    headcount: int = Field(1, ge=1, le=100000)
    open_date: dt.date
    close_date: dt.date


class SeekerProfileInput(Schema):
    """A seeker's changes to their profile (求职档案). Only the fields set change; none may be
    set to null (422), except ``education``, which null clears."""

    region: Code = omitted()
    desired_occupations: list[Code] = omitted(max_length=20)
    desired_regions: list[Code] = omitted(max_length=20)
    salary_expectation: int = omitted(ge=0, le=MAX_SALARY)
    skills: list[Name] = omitted(max_length=50)
    education: Code | None = None
    experience_years: int = omitted(ge=0, le=60)
    cv: Text = omitted()
    discoverable: bool = omitted()


class FairInput(Schema):
    """A job fair as announced (招聘会): online or on site, hosted by a region."""

    name: str = Field(..., min_length=1, max_length=128)
    kind: Literal["online", "onsite"]
    region: Code
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: Line = ""
    description: Text = ""
    cross_region: bool = False
