"""Forms of the stories and donations pages (validation at the edge; the
services check the rules again)."""

from __future__ import annotations

from django import forms

from renda.core.forms import IsoDateInput

from .choices import DonationKind


class StoryForm(forms.Form):
    congress = forms.TypedChoiceField(label="人大", coerce=int)
    deputy = forms.IntegerField(label="代表", widget=forms.Select, required=False)
    title = forms.CharField(label="标题", max_length=200)
    happened_on = forms.DateField(label="事迹日期", widget=IsoDateInput)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, congresses=(), deputies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].choices = [(c.pk, c.name) for c in congresses]
        if deputies:
            self.fields["deputy"].widget.choices = [("", "请选择代表")] + [
                (d.pk, d.name) for d in deputies
            ]
            self.fields["deputy"].required = True
        else:
            del self.fields["deputy"]


class StoryEditForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    happened_on = forms.DateField(label="事迹日期", widget=IsoDateInput)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}))


class PhotoForm(forms.Form):
    image = forms.ImageField(
        label="照片",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    caption = forms.CharField(label="说明", max_length=200, required=False)


class DonationForm(forms.Form):
    congress = forms.TypedChoiceField(label="人大", coerce=int)
    deputy = forms.IntegerField(label="代表（编号）", widget=forms.Select)
    kind = forms.ChoiceField(label="方式", choices=DonationKind.choices)
    amount = forms.DecimalField(
        label="金额或折价（元）", max_digits=12, decimal_places=2, min_value=0.01
    )
    goods = forms.CharField(label="物资", max_length=200, required=False)
    recipient = forms.CharField(label="受赠方", max_length=200)
    date = forms.DateField(label="日期", widget=IsoDateInput)
    campaign = forms.CharField(label="活动", max_length=100, required=False)
    note = forms.CharField(label="备注", max_length=500, required=False)

    def __init__(self, *args, congresses=(), deputies=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].choices = [(c.pk, c.name) for c in congresses]
        self.fields["deputy"].widget.choices = [("", "请选择代表")] + [
            (d.pk, d.name) for d in deputies
        ]
        if editing:
            del self.fields["congress"]
            del self.fields["deputy"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == DonationKind.GOODS and not data.get("goods"):
            self.add_error("goods", "捐物请填写物资名称。")
        return data


class DonationDeleteForm(forms.Form):
    reason = forms.CharField(label="删除原因", max_length=500)


class DonationImportForm(forms.Form):
    congress = forms.TypedChoiceField(label="人大", coerce=int)
    file = forms.FileField(label="表格文件（.xlsx）")

    def __init__(self, *args, congresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].choices = [(c.pk, c.name) for c in congresses]
