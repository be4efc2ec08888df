"""Portal forms: they collect input and clean it into the writes' typed inputs
(``bashu.jobs.schemas``), whose bounds they share; a broken bound shows on its field as the
API names it (``message [rule]``). The services check the rest and name the broken rules."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ValidationError

from bashu.core.errors import FieldError, schema_errors
from bashu.core.models import EducationLevel
from bashu.jobs.schemas import PostingInput, SeekerProfileInput

M = TypeVar("M", bound=BaseModel)


def _split(value: str | None) -> list[str]:
    """A list typed into one field, separated by commas (either width) or 、."""
    return [
        s.strip()
        for s in (value or "").replace("，", ",").replace("、", ",").split(",")
        if s.strip()
    ]


def field_errors_add(form: forms.Form, errors: list[FieldError]) -> None:
    """Field errors on the form's fields (``message [rule]``); one it has no field for, or a
    nested one (``skills.3``) on its top field or the form."""
    for error in errors:
        name = error.field.split(".")[0]
        form.add_error(name if name in form.fields else None, f"{error.message} [{error.rule}]")


def _clean_into(form: forms.Form, model: type[M], values: dict[str, object]) -> M | None:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        field_errors_add(form, schema_errors(exc))
        return None


def _education_choices() -> list[tuple[str, str]]:
    return [("", "不限"), *EducationLevel.objects.values_list("code", "name")]


class PostingForm(forms.Form):
    title = forms.CharField(label=_("岗位名称"), max_length=128)
    occupation = forms.CharField(label=_("职业代码"), help_text=_("如 6-18-02-04（焊工）"))
    industry = forms.CharField(
        label=_("行业大类代码"), max_length=2, help_text=_("如 36（汽车制造业）")
    )
    region = forms.CharField(
        label=_("工作地县级区划代码"), max_length=6, help_text=_("如 500112（渝北区）")
    )
    salary_min = forms.IntegerField(label=_("月薪下限（元）"), min_value=0)
    salary_max = forms.IntegerField(label=_("月薪上限（元）"), min_value=0)
    education = forms.ChoiceField(label=_("学历要求"), required=False, choices=())
    experience_years = forms.IntegerField(label=_("经验要求（年）"), min_value=0, initial=0)
    skills = forms.CharField(label=_("技能要求"), required=False, help_text=_("以逗号或顿号分隔"))
    headcount = forms.IntegerField(label=_("招聘人数"), min_value=1, initial=1)
    close_date = forms.DateField(
        label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("岗位描述"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["education"].choices = _education_choices()  # type: ignore[attr-defined]
        self.fields["close_date"].initial = timezone.localdate() + dt.timedelta(days=30)

    def posting_input(self, *, open_date: dt.date) -> PostingInput | None:
        """The cleaned form as the posting's input (opening on ``open_date``), or None with
        the broken bounds on their fields. Call after ``is_valid()``."""
        data = self.cleaned_data
        return _clean_into(
            self,
            PostingInput,
            {
                "title": data["title"],
                "description": data["description"],
                "occupation": data["occupation"].strip(),
                "industry": data["industry"].strip(),
                "region": data["region"].strip(),
                "salary_min": data["salary_min"],
                "salary_max": data["salary_max"],
                "education": data["education"] or None,
                "experience_years": data["experience_years"],
                "skills": _split(data["skills"]),
                "headcount": data["headcount"],
                "open_date": open_date,
                "close_date": data["close_date"],
            },
        )


class ProfileForm(forms.Form):
    region = forms.CharField(label=_("现居地县级区划代码"), max_length=6)
    desired_occupations = forms.CharField(
        label=_("期望职业代码"), help_text=_("以逗号分隔，如 2-02-10-03")
    )
    desired_regions = forms.CharField(
        label=_("期望工作地区划代码"), required=False, help_text=_("以逗号分隔，如 5101, 500000")
    )
    salary_expectation = forms.IntegerField(label=_("期望月薪（元）"), min_value=0)
    skills = forms.CharField(label=_("技能"), required=False, help_text=_("以逗号或顿号分隔"))
    education = forms.ChoiceField(label=_("学历"), required=False, choices=())
    experience_years = forms.IntegerField(label=_("工作年限"), min_value=0, initial=0)
    cv = forms.CharField(label=_("简历"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    discoverable = forms.BooleanField(label=_("允许单位查找"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["education"].choices = _education_choices()  # type: ignore[attr-defined]

    def profile_input(self) -> SeekerProfileInput | None:
        """The cleaned form as the profile's input (every field set), or None with the broken
        bounds on their fields. Call after ``is_valid()``."""
        data = self.cleaned_data
        return _clean_into(
            self,
            SeekerProfileInput,
            {
                "region": data["region"],
                "desired_occupations": _split(data["desired_occupations"]),
                "desired_regions": _split(data["desired_regions"]),
                "salary_expectation": data["salary_expectation"],
                "skills": _split(data["skills"]),
                "education": data["education"] or None,
                "experience_years": data["experience_years"],
                "cv": data["cv"],
                "discoverable": data["discoverable"],
            },
        )
