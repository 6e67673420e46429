"""Forms of the duty archive's pages (checks at the edge; services decide)."""

from __future__ import annotations

from django import forms

from renda.core.forms import IsoDateInput

from .choices import RECORD_KINDS


class RecordForm(forms.Form):
    deputy = forms.IntegerField(label="代表", required=False, widget=forms.Select)
    kind = forms.ChoiceField(
        label="类别", choices=[(k.value, k.label) for k in RECORD_KINDS]
    )
    date = forms.DateField(label="日期", widget=IsoDateInput)
    title = forms.CharField(label="活动名称", max_length=200)
    place = forms.CharField(label="地点", max_length=200, required=False)
    organiser = forms.CharField(label="组织单位", max_length=200, required=False)
    description = forms.CharField(
        label="情况说明", max_length=2000, required=False, widget=forms.Textarea
    )
    evidence = forms.FileField(label="证明材料（图片或 PDF）", required=False)

    def __init__(self, *args, deputies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if deputies is None:
            del self.fields["deputy"]
        else:
            self.fields["deputy"].required = True
            self.fields["deputy"].widget.choices = [("", "请选择代表")] + [
                (d.pk, d.name) for d in deputies
            ]
