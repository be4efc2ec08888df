"""Forms of the recognition pages: the public pre-check (互认预查), the certificate check
(证书核验), the verify page (文书验证) and the caseworkers' desk (互认办理).

Names, not codes: a series or level is a select of the reference table's names, a region is a
``RegionPicker`` (typed by name, submitted as its code). The pre-check form cleans into the
API's ``PrecheckIn`` and the service's refusals land on the fields they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise
from pydantic import ValidationError

from bashu.core.errors import InvalidInput
from bashu.core.models import SkillLevel, TitleLevel, TitleSeries
from bashu.core.widgets import RegionPicker
from bashu.recognition.precheck import PrecheckIn, precheck_credential
from bashu.recognition.signing import MAX_DOCUMENT_BYTES

#: 证书类型, as people name them.
KIND_CHOICES = [
    ("title", _("职称")),
    ("skill", _("职业技能等级证书")),
    ("talent_card", _("人才卡")),
    ("agency_licence", _("人力资源服务许可证")),
]
CARD_CLASSES = [("", _("请选择")), ("A", _("A 卡")), ("B", _("B 卡")), ("C", _("C 卡"))]

#: The API's field → this form's field (the level depends on the kind).
_FIELDS = {"series": "series", "card_class": "card_class", "purpose": "purpose"}


def _names(model: Any, order: str) -> list[tuple[str, str]]:
    """A select of the table's names (the value is the name, never a code); levels show their
    English name in English."""
    english = (get_language() or "").startswith("en") and hasattr(model, "name_en")
    rows = model.objects.order_by(order).values_list("name", "name_en" if english else "name")
    return [("", _("请选择"))] + [(name, label) for name, label in rows]


def _region_field(label: StrPromise, help_text: StrPromise) -> forms.CharField:
    """A region, typed by name and submitted as its 6-digit code."""
    return forms.CharField(label=label, max_length=6, widget=RegionPicker(), help_text=help_text)


class PrecheckForm(forms.Form):
    """互认预查: which credential, issued where, used where. Nothing is stored."""

    #: chosen on the page's tabs (one kind's questions at a time), carried as a hidden field
    kind = forms.ChoiceField(
        label=_("证书类型"), choices=KIND_CHOICES, widget=forms.HiddenInput, initial="title"
    )
    series = forms.ChoiceField(
        label=_("职称系列"), required=False, help_text=_("如 工程技术人员、卫生技术人员")
    )
    title_level = forms.ChoiceField(label=_("职称层级"), required=False, help_text=_("如 中级"))
    skill_level = forms.ChoiceField(label=_("技能等级"), required=False, help_text=_("如 高级工"))
    card_class = forms.ChoiceField(
        label=_("人才卡类别"), choices=CARD_CLASSES, required=False, help_text=_("卡面上标注的类别")
    )
    purpose = forms.BooleanField(
        label=_("用于事业单位专业技术二级岗位聘用"),
        required=False,
        help_text=_("仅正高级职称适用"),
    )
    issuing_region = _region_field(_("发证地"), _("证书在哪里评审或颁发，如 绵阳市"))
    host_region = _region_field(_("使用地"), _("您要到哪里使用这本证书，如 重庆市"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].choices = _names(TitleSeries, "code")  # type: ignore[attr-defined]
        self.fields["title_level"].choices = _names(TitleLevel, "rank")  # type: ignore[attr-defined]
        self.fields["skill_level"].choices = _names(SkillLevel, "rank")  # type: ignore[attr-defined]
        self.question: PrecheckIn | None = None

    def _level_field(self, kind: str) -> str:
        return "title_level" if kind == "title" else "skill_level"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if self.errors or not kind:
            return data
        takes_level = kind in ("title", "skill")
        try:
            question = PrecheckIn(
                kind=kind,
                issuing_region=data["issuing_region"],
                host_region=data["host_region"],
                series=(data.get("series") or None) if kind == "title" else None,
                level=(data.get(self._level_field(kind)) or None) if takes_level else None,
                card_class=(data.get("card_class") or None) if kind == "talent_card" else None,
                purpose="level2_post" if kind == "title" and data.get("purpose") else None,
                issued_on=None,
                expires_on=None,
                on_date=None,
            )
        except ValidationError as exc:
            for detail in exc.errors(include_url=False):
                where = str(detail["loc"][0]) if detail["loc"] else ""
                if where in ("issuing_region", "host_region"):
                    self.add_error(where, _("请从列表中选择一个川渝地区"))
                else:
                    self.add_error(None, _("请检查填写的内容"))
            return data
        try:
            precheck_credential(question)
        except InvalidInput as exc:
            for error in exc.errors:
                field = (
                    self._level_field(kind)
                    if error.field == "level"
                    else _FIELDS.get(error.field, error.field)
                )
                self.add_error(field if field in self.fields else None, error.message)
            return data
        self.question = question
        return data


class DocumentForm(forms.Form):
    """文书验证: a downloaded document, as its file or pasted."""

    file = forms.FileField(
        label=_("选择文书文件"),
        required=False,
        help_text=_("下载得到的 .json 文件"),
    )
    document = forms.CharField(
        label=_("或粘贴文书内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_DOCUMENT_BYTES:
                raise forms.ValidationError(
                    _("文书不超过 %(n)d 字节") % {"n": MAX_DOCUMENT_BYTES}, code="too_large"
                )
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("file", _("这不是下载得到的文书文件（须为 UTF-8 编码的 JSON）"))
                return data
        else:
            data["text"] = data.get("document") or ""
        if not data["text"].strip():
            raise forms.ValidationError(_("请选择文书文件，或粘贴文书内容"), code="required")
        return data


class CertificateForm(forms.Form):
    """证书核验: a number and its holder's name."""

    number = forms.CharField(label=_("证书编号"), max_length=40)
    name = forms.CharField(
        label=_("持有人姓名"), max_length=64, help_text=_("须与证书上的姓名一致")
    )


class DecisionForm(forms.Form):
    """互认办理: which registered credential, used where."""

    number = forms.CharField(
        label=_("证书编号 / 卡号 / 许可证编号"),
        max_length=40,
        help_text=_("已在发证地登记的证书、人才卡或许可证"),
    )
    host_region = _region_field(_("使用地"), _("证书在哪里使用，须在您的管辖范围内"))
