"""Portal forms: they collect input and clean it into the writes' typed inputs
(``bashu.jobs.schemas``), whose bounds they share. Codes are picked by name (the reference
pickers of ``bashu.core.widgets``); a broken rule shows on its field as a plain sentence
(the rule code stays in the API's JSON). The services check the rest and name the broken
rules."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypeVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ValidationError

from bashu.core.errors import FieldError, schema_errors
from bashu.core.widgets import IndustryPicker, OccupationPicker, RegionPicker
from bashu.jobs.schemas import PostingInput, SeekerProfileInput
from bashu.jobs.selectors import education_choices

M = TypeVar("M", bound=BaseModel)


def _split(value: str | None) -> list[str]:
    """A list typed into one field, separated by commas (either width) or 、."""
    return [
        s.strip()
        for s in (value or "").replace("，", ",").replace("、", ",").split(",")
        if s.strip()
    ]


#: A broken rule as a plain sentence for a page (the API keeps the rule code and its own
#: message). Keyed by (field, rule), then by rule alone.
_SENTENCES: dict[tuple[str, str] | str, Any] = {
    ("occupation", "unknown_code"): _("请从列表中选择一个职业。"),
    ("desired_occupations", "unknown_code"): _("请从列表中选择期望职业。"),
    ("industry", "unknown_code"): _("请从列表中选择一个行业（大类）。"),
    ("education", "unknown_code"): _("请从列表中选择学历。"),
    ("region", "unknown_region"): _("请从列表中选择川渝两地的一个区（县）。"),
    ("desired_regions", "unknown_region"): _("请从列表中选择期望工作地。"),
    ("region", "county_required"): _("请选择到区（县）一级。"),
    ("title", "required"): _("请填写岗位名称。"),
    ("occupation", "required"): _("无法从岗位名称、描述和技能推断职业，请从列表中选择一个职业。"),
    ("salary_min", "minimum"): _("月薪下限须大于 0。"),
    ("salary_max", "below_minimum"): _("月薪上限不能低于下限。"),
    ("salary_max", "maximum"): _("月薪上限过高，请核对。"),
    ("close_date", "before_open"): _("截止日期不能早于今天。"),
    ("headcount", "minimum"): _("招聘人数至少为 1。"),
    "required": _("此项必填。"),
    "missing": _("此项必填。"),
    "minimum": _("数值过小。"),
    "maximum": _("数值过大。"),
    "max_length": _("内容过长。"),
    "too_long": _("内容过长。"),
}

_QUOTED = re.compile(r"“([^”]+)”")


def error_sentence(error: FieldError) -> str:
    """A field error as a page shows it: a plain sentence in the reader's language."""
    field = error.field.split(".")[0]
    if error.rule.startswith("fair_hiring_"):
        quoted = _QUOTED.search(error.message)
        phrase = quoted.group(1) if quoted else ""
        return gettext("含有歧视性限制“%(phrase)s”，违反公平就业的规定，请删去后再提交。") % {
            "phrase": phrase
        }
    sentence = _SENTENCES.get((field, error.rule)) or _SENTENCES.get(error.rule)
    return str(sentence) if sentence is not None else gettext("此项填写有误，请核对。")


def field_errors_add(form: forms.Form, errors: list[FieldError]) -> None:
    """Field errors on the form's fields as plain sentences; one it has no field for, or a
    nested one (``skills.3``) on its top field or the form."""
    for error in errors:
        name = error.field.split(".")[0]
        form.add_error(name if name in form.fields else None, error_sentence(error))


def _clean_into(form: forms.Form, model: type[M], values: dict[str, object]) -> M | None:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        field_errors_add(form, schema_errors(exc))
        return None


def _education_choices(empty: Any) -> list[tuple[str, Any]]:
    return list(education_choices(empty))


class _Several:
    """A picker holding several codes (``<select multiple>``; Tom Select lets a person pick
    more than one name). The options shown are the current codes with their names."""

    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False

    def format_value(self, value: Any) -> Any:
        if value is None or value == "":
            return []
        items = value if isinstance(value, list | tuple) else _split(str(value))
        return [str(v) for v in items]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        codes = self.format_value(value)
        context: dict[str, Any] = super().get_context(name, None, attrs)  # type: ignore[misc]
        names = dict(self.model._default_manager.filter(pk__in=codes).values_list("pk", "name"))  # type: ignore[attr-defined]
        widget = context["widget"]
        widget["options"] = [(code, names.get(code, code)) for code in codes]
        widget["cascade"] = False
        return context


class OccupationsPicker(_Several, OccupationPicker):
    """Several occupations (期望职业)."""

    template_name = "jobs/widgets/picker_multiple.html"


class RegionsPicker(_Several, RegionPicker):
    """Several regions of any level (期望工作地: a province, a city or a county)."""

    template_name = "jobs/widgets/picker_multiple.html"


class CodesField(forms.Field):
    """The codes of a several-picker, as a list (a value typed with commas is split)."""

    def to_python(self, value: Any) -> list[str]:
        items = value if isinstance(value, list | tuple) else [value or ""]
        return [code for item in items for code in _split(str(item))]

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class PostingForm(forms.Form):
    title = forms.CharField(label=_("岗位名称"), max_length=128)
    occupation = forms.CharField(
        label=_("职业"),
        required=False,  # 职业自动编码: inferred from title, description and skills
        widget=OccupationPicker(level="detailed"),
        help_text=_("输入职业名称搜索，如 焊工；不填则按岗位名称、描述和技能推断"),
    )
    industry = forms.CharField(
        label=_("行业"),
        max_length=2,
        widget=IndustryPicker(level="division"),
        help_text=_("输入行业名称搜索，如 汽车制造业"),
    )
    region = forms.CharField(
        label=_("工作地点"),
        max_length=6,
        widget=RegionPicker(level="county"),
        help_text=_("选到区（县），如 渝北区"),
    )
    salary_min = forms.IntegerField(label=_("月薪下限（元）"), min_value=0)
    salary_max = forms.IntegerField(label=_("月薪上限（元）"), min_value=0)
    education = forms.ChoiceField(label=_("学历要求"), required=False, choices=())
    experience_years = forms.IntegerField(label=_("经验要求（年）"), min_value=0, initial=0)
    skills = forms.CharField(label=_("技能要求"), required=False, help_text=_("以逗号或顿号分隔"))
    headcount = forms.IntegerField(label=_("招聘人数"), min_value=1, initial=1)
    close_date = forms.DateField(
        label=_("截止日期"),
        # A date input reads and writes ISO dates only: the default must be 2026-12-31,
        # not the language's display format, or the first save fails.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    description = forms.CharField(
        label=_("岗位描述"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["education"].choices = _education_choices(_("不限"))  # type: ignore[attr-defined]
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
    region = forms.CharField(
        label=_("现居地"),
        max_length=6,
        widget=RegionPicker(level="county"),
        help_text=_("选到区（县），如 青白江区"),
    )
    desired_occupations = CodesField(
        label=_("期望职业"),
        widget=OccupationsPicker(level="detailed"),
        help_text=_("可选多个，输入职业名称搜索，如 快递员"),
    )
    desired_regions = CodesField(
        label=_("期望工作地"),
        required=False,
        widget=RegionsPicker(),
        help_text=_("可选多个：省（市）、市（州）或区（县），如 成都市、重庆市"),
    )
    salary_expectation = forms.IntegerField(label=_("期望月薪（元）"), min_value=0)
    skills = forms.CharField(label=_("技能"), required=False, help_text=_("以逗号或顿号分隔"))
    education = forms.ChoiceField(label=_("学历"), required=False, choices=())
    experience_years = forms.IntegerField(label=_("工作年限"), min_value=0, initial=0)
    cv = forms.CharField(label=_("简历"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    discoverable = forms.BooleanField(label=_("允许单位查找"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["education"].choices = _education_choices(_("请选择"))  # type: ignore[attr-defined]

    def profile_input(self) -> SeekerProfileInput | None:
        """The cleaned form as the profile's input (every field set), or None with the broken
        bounds on their fields. Call after ``is_valid()``."""
        data = self.cleaned_data
        return _clean_into(
            self,
            SeekerProfileInput,
            {
                "region": data["region"],
                "desired_occupations": data["desired_occupations"],
                "desired_regions": data["desired_regions"],
                "salary_expectation": data["salary_expectation"],
                "skills": _split(data["skills"]),
                "education": data["education"] or None,
                "experience_years": data["experience_years"],
                "cv": data["cv"],
                "discoverable": data["discoverable"],
            },
        )


class ReviewForm(forms.Form):
    """A caseworker's decision on a posting held for review (岗位审核)."""

    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("approve", _("通过，发布岗位")), ("reject", _("不通过，撤回岗位"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不通过时请写明理由，单位会看到"),
    )
