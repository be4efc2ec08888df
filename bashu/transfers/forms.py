"""Forms of the service hall (办事大厅) and the case pages (一窗受理): regions are picked by
name (``RegionPicker``), never typed as codes; every message is a plain sentence."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bashu.core.errors import BashuError, InvalidInput
from bashu.core.models import Region
from bashu.core.models.reference import RegionLevel, zone_region
from bashu.core.widgets import RegionPicker
from bashu.transfers.models import CaseState

#: Plain sentences for the rules the case engine may break (the rule code stays in the API).
RULE_MESSAGES: dict[str, Any] = {
    "unknown_region": _("请选择川渝范围内的区（县）"),
    "same_region": _("转入地与您现在的参保地相同，不需要转移"),
    "same_custodian": _("您的档案已经存放在这个机构"),
    "no_periods": _("没有查到您的参保缴费记录，请先到参保地经办机构核实"),
    "no_archive": _("没有查到您的档案，请联系存档机构核实"),
    "required": _("请填写此项"),
}


class _CountyField(forms.CharField):
    """A county (区县) of Sichuan or Chongqing, picked by name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=6, widget=RegionPicker(level="county"), **kwargs)

    def clean(self, value: Any) -> str:
        code = str(super().clean(value) or "")
        if not code:
            return code
        region = zone_region(code)
        if region is None or region.level != RegionLevel.COUNTY:
            raise forms.ValidationError(RULE_MESSAGES["unknown_region"], code="unknown_region")
        return code


class _ServiceForm(forms.Form):
    """A service request: where to, and at which window it is received."""

    to_region = _CountyField(label=_("转入地"), help_text=_("输入区（县）名称，如 锦江区"))
    window_region = _CountyField(
        label=_("受理窗口"),
        help_text=_("在川渝任一区（县）的窗口受理都可以，一般选您现在所在的区（县）"),
    )

    def answers(self) -> list[dict[str, str]]:
        """The check-your-answers rows: each question with the name picked."""
        names = dict(
            Region.objects.filter(
                code__in=[self.cleaned_data.get(n, "") for n in self.fields]
            ).values_list("code", "name")
        )
        return [
            {
                "label": str(field.label),
                "value": names.get(str(self.cleaned_data.get(name, "")), "")
                or str(self.cleaned_data.get(name, "")),
                "name": name,
            }
            for name, field in self.fields.items()
        ]

    def details(self) -> dict[str, str]:
        return {"to_region": self.cleaned_data["to_region"]}

    def add_service_error(self, exc: BashuError) -> None:
        """A refusal of the case engine on the field it names, in plain words."""
        if isinstance(exc, InvalidInput) and exc.errors:
            for error in exc.errors:
                field = error.field.removeprefix("details.")
                message = RULE_MESSAGES.get(error.rule, error.message)
                self.add_error(field if field in self.fields else None, str(message))
            return
        self.add_error(None, exc.message)


class InsuranceTransferForm(_ServiceForm):
    """失业保险关系转移接续: the county the relationship moves to."""


class ArchiveTransferForm(_ServiceForm):
    """流动人员人事档案转递: the county and the agency that will keep the file."""

    to_custodian = forms.CharField(
        label=_("接收机构"),
        max_length=128,
        help_text=_("接收您档案的人才服务机构或单位，如 成都市人才服务中心"),
    )
    field_order = ["to_region", "to_custodian", "window_region"]

    def answers(self) -> list[dict[str, str]]:
        rows = super().answers()
        for row in rows:
            if row["name"] == "to_custodian":
                row["value"] = self.cleaned_data["to_custodian"]
        return rows

    def details(self) -> dict[str, str]:
        return {**super().details(), "to_custodian": self.cleaned_data["to_custodian"]}


class DispatchForm(forms.Form):
    """转出档案: the confidential-post tracking number (机要编号)."""

    tracking = forms.CharField(
        label=_("机要编号"),
        max_length=32,
        help_text=_("机要通信的编号，接收地凭它查收档案"),
    )


class ReasonForm(forms.Form):
    """Why a case is not approved, or a file refused (不予批准理由)."""

    reason = forms.CharField(
        label=_("不予批准的理由"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("申请人会看到这条理由"),
    )


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the URL (so back, reload and a shared link agree)."""

    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("未办结")), *CaseState.choices],
    )
    kind = forms.ChoiceField(label=_("事项"), required=False)
    overdue = forms.BooleanField(label=_("仅看已超时"), required=False)

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101 - declared above
        kind.choices = [("", _("全部事项")), *kinds]
