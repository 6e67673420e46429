"""Forms of the station pages."""

from __future__ import annotations

from django import forms

from .selectors import station_regions_for


class StationFilterForm(forms.Form):
    """The station list's filters: an area within the user's scope and a search."""

    region = forms.TypedChoiceField(label="所在区县", required=False, coerce=int)
    q = forms.CharField(
        label="搜索名称或地址",
        required=False,
        max_length=50,
        error_messages={"max_length": "搜索内容过长，最多 %(limit_value)d 个字。"},
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.regions = {r.pk: r for r in station_regions_for(user)}
        self.fields["region"].choices = [("", "全部")] + [
            (r.pk, r.name) for r in self.regions.values()
        ]
        self.fields["region"].error_messages["invalid_choice"] = (
            "所选区县“%(value)s”无效或不在您的工作范围内，已忽略此条件。"
        )

    def chosen_region(self):
        """Return the chosen area, or None when none (or an invalid one) was chosen."""
        value = self.cleaned_data.get("region") if self.is_bound else None
        return self.regions.get(value) if value else None

    def search(self) -> str:
        return (self.cleaned_data.get("q") or "") if self.is_bound else ""
