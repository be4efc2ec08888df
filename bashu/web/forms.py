"""Forms of the portal's own pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bashu.core.widgets import IndustryPicker, OccupationPicker, RegionPicker


class PickerExampleForm(forms.Form):
    """The component gallery's example (/design/): the three pickers, required, so that an
    empty submission shows the error summary and a filled one the check-answers list."""

    county = forms.CharField(label=_("现居地"), max_length=6, widget=RegionPicker(level="county"))
    occupation = forms.CharField(
        label=_("期望职业"), max_length=16, widget=OccupationPicker(level="detailed")
    )
    industry = forms.CharField(
        label=_("所在行业"), max_length=4, required=False, widget=IndustryPicker()
    )
