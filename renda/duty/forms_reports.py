"""Forms of the reports pages (述职) and of the voters' public rating form."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.core.forms import IdChoiceField, IsoDateInput
from renda.deputies.models import Mandate

from .choices import Rating, RatingDimension
from .permissions import managed_congress_ids
from .services.reports import COMMENT_MAX, PLACE_MAX, REASON_MAX, SUMMARY_MAX


def mandates_for(user):
    """Active mandates a report may be planned for: the deputy's own, or those of
    the congresses the user manages."""
    scope = get_scope(user)
    mandates = Mandate.objects.filter(end_date__isnull=True).select_related(
        "deputy", "term__congress"
    )
    managed = managed_congress_ids(user)
    if managed is None:
        return mandates.order_by("deputy__name")
    own = mandates.filter(deputy_id=scope.deputy_id) if scope.deputy_id else None
    staff = mandates.filter(term__congress_id__in=managed)
    if own is not None:
        staff = staff | own
    return staff.order_by("deputy__name")


class MandateChoice(IdChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.deputy.name}（{obj.term.congress.name}）"


class ReportForm(forms.Form):
    mandate = MandateChoice(queryset=Mandate.objects.none(), label="述职代表")
    date = forms.DateField(label="述职日期", widget=IsoDateInput)
    start_time = forms.TimeField(
        label="开始时间", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label="地点", max_length=PLACE_MAX)
    expected_audience = forms.IntegerField(
        label="预计参加选民人数", min_value=1, max_value=100_000
    )
    year = forms.IntegerField(label="述职年度", min_value=2000, max_value=2100)

    def __init__(self, *args, user=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["mandate"]
        else:
            mandates = mandates_for(user)
            self.fields["mandate"].queryset = mandates
            # A deputy planning their own report has one mandate to choose.
            only = list(mandates[:2])
            if len(only) == 1:
                self.fields["mandate"].initial = only[0].pk
        self.fields["year"].initial = timezone.localdate().year


class HoldForm(forms.Form):
    audience = forms.IntegerField(label="实到选民人数", min_value=1, max_value=100_000)
    summary = forms.CharField(
        label="述职情况",
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=REASON_MAX)


class RatingForm(forms.Form):
    """Every dimension as three large tap targets, a comment, the captcha."""

    comment = forms.CharField(
        label="意见建议（可不填）",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX}),
    )
    captcha_token = forms.CharField(widget=forms.HiddenInput)
    captcha_answer = forms.CharField(
        label="验证题",
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension, label in RatingDimension.choices:
            self.fields[f"r_{dimension}"] = forms.ChoiceField(
                label=str(label),
                choices=Rating.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"请对“{label}”作出评价。"},
            )

    def dimension_fields(self):
        return [self[f"r_{d}"] for d in RatingDimension.values]

    def ratings(self) -> dict[str, str]:
        return {d: self.cleaned_data[f"r_{d}"] for d in RatingDimension.values}
