"""The statistics page's pickers: a congress the user reads and a year."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from renda.congresses.forms import CongressFilterForm

YEAR_MIN = 1979


class SupervisionStatsForm(CongressFilterForm):
    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=YEAR_MIN,
        error_messages={
            "invalid": "请输入四位数的年份，如 2020。",
            "min_value": f"年度不能早于 {YEAR_MIN} 年。",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_years()

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and year > timezone.localdate().year + 1:
            raise forms.ValidationError("年度不能晚于明年。")
        return year

    def chosen_year(self) -> int:
        return self.value("year") or timezone.localdate().year
