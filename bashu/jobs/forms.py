"""Portal forms: they collect input; the services validate it and name the broken rules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashu.core.models import EducationLevel


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

    def skills_list(self) -> list[str]:
        raw = self.cleaned_data.get("skills") or ""
        return [
            s.strip() for s in raw.replace("，", ",").replace("、", ",").split(",") if s.strip()
        ]


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

    def changes(self) -> dict[str, object]:
        data = self.cleaned_data

        def split(value: str) -> list[str]:
            return [
                s.strip()
                for s in (value or "").replace("，", ",").replace("、", ",").split(",")
                if s.strip()
            ]

        return {
            "region": data["region"],
            "desired_occupations": split(data["desired_occupations"]),
            "desired_regions": split(data["desired_regions"]),
            "salary_expectation": data["salary_expectation"],
            "skills": split(data["skills"]),
            "education": data["education"] or None,
            "experience_years": data["experience_years"],
            "cv": data["cv"],
            "discoverable": data["discoverable"],
        }
