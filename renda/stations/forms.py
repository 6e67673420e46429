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


class StationPublicInfoForm(forms.Form):
    """What a station's notice board tells residents (the service checks the values)."""

    address = forms.CharField(
        label="地址",
        required=False,
        max_length=200,
        error_messages={"max_length": "地址不能超过 %(limit_value)d 个字。"},
    )
    opening_hours = forms.CharField(
        label="开放时间",
        required=False,
        max_length=100,
        help_text="如：工作日 8:30–11:30，13:30–17:00",
        error_messages={"max_length": "开放时间不能超过 %(limit_value)d 个字。"},
    )
    office_phone = forms.CharField(
        label="办公电话（公开）",
        required=False,
        max_length=40,
        help_text=(
            "在公示板上完整显示，群众可一键拨打。带区号的固定电话（如 0437-3221234）、"
            "手机号码或 12345 等服务号码；站长、联络员的个人电话不会公开。"
        ),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        error_messages={"max_length": "办公电话不能超过 %(limit_value)d 个字符。"},
    )
