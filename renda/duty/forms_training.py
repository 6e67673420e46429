"""Forms of the training pages. The services check the rules again; the forms
report what they can at the edge, so every problem is shown in one round."""

from __future__ import annotations

from django import forms

from renda.congresses.models import Term
from renda.core.forms import IdChoiceField, IdMultipleChoiceField, IsoDateInput
from renda.deputies.models import Deputy

from .choices import TrainingKind, TrainingTarget
from .services.training import ALLOWED_TEXT


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=TrainingKind.choices)
    title = forms.CharField(label="名称", max_length=200)
    topic = forms.CharField(label="主题", max_length=200, required=False)
    speaker = forms.CharField(label="主讲人", max_length=100, required=False)
    speaker_title = forms.CharField(
        label="主讲人单位职务", max_length=200, required=False
    )
    starts_on = forms.DateField(label="开始日期", widget=IsoDateInput)
    ends_on = forms.DateField(label="结束日期", widget=IsoDateInput)
    hours = forms.DecimalField(
        label="学时", min_value=0.1, max_digits=5, decimal_places=1
    )
    place = forms.CharField(label="地点", max_length=200, required=False)
    online = forms.BooleanField(label="线上举办", required=False)
    target = forms.ChoiceField(label="培训对象", choices=TrainingTarget.choices)
    term = IdChoiceField(
        label="届次（新任代表培训必填）", queryset=Term.objects.none(), required=False
    )
    description = forms.CharField(
        label="内容简介",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.filter(congress=congress)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "结束日期不能早于开始日期。")
        if not data.get("place") and not data.get("online"):
            self.add_error("place", "请填写地点，或选择线上举办。")
        if data.get("target") == TrainingTarget.NEW_DEPUTIES and not data.get("term"):
            self.add_error("term", "培训对象为本届新任代表时，请选择届次。")
        return data

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["place"] = data.get("place") or ""
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=500, required=False)


class EnrolForm(forms.Form):
    deputies = IdMultipleChoiceField(
        label="代表",
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = candidates


class MaterialForm(forms.Form):
    title = forms.CharField(label="材料名称", max_length=200, required=False)
    file = forms.FileField(label="文件", help_text=f"可上传{ALLOWED_TEXT}。")
