"""Forms of the 12345 直通车's staff pages."""

from __future__ import annotations

from django import forms

from .choices import PartnerChannel


class PartnerForm(forms.Form):
    congress = forms.TypedChoiceField(label="所属人大", coerce=int)
    name = forms.CharField(
        label="名称",
        max_length=100,
        help_text="如“辽源市12345政务服务便民热线”",
    )
    channel = forms.ChoiceField(
        label="受理渠道",
        choices=PartnerChannel.choices,
        help_text="群众诉求：转到本级人大的代表联络站；12345直通车：代表的直通车建议",
    )

    def __init__(self, *args, congresses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].choices = [(c.pk, c.name) for c in congresses]
