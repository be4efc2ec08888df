"""Reference pickers (地区 / 职业 / 行业选择): a form field shows a name and submits a code.

An app form switches a code field to a picker with one line::

    county = forms.CharField(label=_("现居地"), widget=RegionPicker(level="county"))

The widget renders a ``<select>`` holding the current code (its option shows the name) and
``web/picker.js`` turns it into Tom Select's accessible combobox (ARIA 1.2), searching the
reference API (``GET /api/v1/regions?q=…``; occupations and industries alike) by Chinese name
or code prefix. A region picker adds a province → prefecture → county cascade for people who
would rather browse. Without JavaScript the select keeps its current value. The scripts and
the style sheet are loaded by ``web/base.html`` on every page, so ``form.media`` is not needed.

The widgets live in ``core`` (not ``web``) because the apps' own forms use them and the
import-linter layers put ``web`` above every app.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from bashu.core.models import Industry, Occupation, Region
from bashu.core.selectors import localized_name

API_ROOT = "/api/v1/"


class ReferencePicker(forms.Widget):
    """A code field picked by name. ``level`` restricts the answers to one level of the
    classification (``county``, ``detailed``, ``division``…)."""

    template_name = "core/widgets/picker.html"
    kind: ClassVar[str]
    model: ClassVar[type[Model]]
    placeholder: ClassVar[Any] = _("输入名称或代码搜索")

    def __init__(self, attrs: dict[str, Any] | None = None, *, level: str | None = None) -> None:
        super().__init__(attrs)
        self.level = level

    def name_of(self, code: str) -> str:
        """The row's name in the reader's language (an industry's English name on English
        pages), or the code when there is no such row."""
        row = self.model._default_manager.filter(pk=code).first()
        return localized_name(row) if row is not None else code

    def format_value(self, value: Any) -> str:
        return "" if value is None else str(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        code = self.format_value(value)
        widget = context["widget"]
        classes = widget["attrs"].get("class", "").split()
        if "form-select" not in classes and "form-control" not in classes:
            classes.append("form-select")
        widget["attrs"]["class"] = " ".join([*classes, "picker-select"])
        widget["code"] = code
        widget["label"] = self.name_of(code) if code else ""
        widget["kind"] = self.kind
        widget["source"] = f"{API_ROOT}{self.kind}"
        widget["level"] = self.level or ""
        widget["placeholder"] = self.placeholder
        widget["cascade"] = False
        return context


class RegionPicker(ReferencePicker):
    """行政区划: Sichuan and Chongqing only (``zone=true``), with the cascade."""

    kind = "regions"
    model = Region
    placeholder = _("输入地名，如 青白江")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["cascade"] = True
        context["widget"]["zone"] = "true"
        return context


class OccupationPicker(ReferencePicker):
    """职业分类大典 (2022)."""

    kind = "occupations"
    model = Occupation
    placeholder = _("输入职业名称，如 焊工")


class IndustryPicker(ReferencePicker):
    """国民经济行业分类 GB/T 4754-2017."""

    kind = "industries"
    model = Industry
    placeholder = _("输入行业名称，如 制造业")
