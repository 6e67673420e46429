"""Forms of the station's working side: reception days, requests, answers.

Forms only parse input; the services check the rules and their errors are put
back on the form's fields (``apply_error``).
"""

from __future__ import annotations

from django import forms

from renda.core.dates import BoundedDateField
from renda.core.errors import ApplicationError
from renda.suggestions.choices import Category, Channel

from .choices import PUBLIC_TEXT_MAX_LENGTH, PublicRequestStatus, RequestTier
from .services import PHOTO_MAX_COUNT, REASON_MAX_LENGTH

CONSENT_TEXT = (
    "本人同意联络站记录本人的姓名和联系电话，仅用于办理本诉求和回访；"
    "除联络站和承办单位外，系统中对他人隐去姓名和电话。"
)


def _max(limit: int) -> dict:
    return {"max_length": f"不能超过 {limit} 个字（现有 %(show_value)d 个）。"}


REQUIRED = {"required": "请填写此项。"}


def apply_error(form: forms.Form, error: ApplicationError, aliases=None) -> None:
    """Show a service's error on the form field it names, or above the form."""
    field = (aliases or {}).get(error.field, error.field)
    if field and field in form.fields:
        form.add_error(field, error.message)
    else:
        form.add_error(None, error.message)


def _deputy_choices(deputies) -> list:
    return [(d.pk, d.name) for d in deputies]


class ReceptionDayForm(forms.Form):
    date = BoundedDateField(
        label="日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={**REQUIRED, "invalid": "日期格式应为 2025-06-10。"},
    )
    start_time = forms.TimeField(
        label="开始时间",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={**REQUIRED, "invalid": "时间格式应为 09:00。"},
    )
    end_time = forms.TimeField(
        label="结束时间",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={**REQUIRED, "invalid": "时间格式应为 11:30。"},
    )
    place = forms.CharField(
        label="地点", max_length=200, error_messages={**REQUIRED, **_max(200)}
    )
    topic = forms.CharField(
        label="主题（可不填）",
        max_length=200,
        required=False,
        error_messages=_max(200),
    )
    deputies = forms.TypedMultipleChoiceField(
        label="值班代表",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "所选代表“%(value)s”不能在本站值班。"},
    )

    def __init__(self, data=None, *, eligible, **kwargs):
        super().__init__(data, **kwargs)
        self.eligible = {d.pk: d for d in eligible}
        self.fields["deputies"].choices = _deputy_choices(self.eligible.values())

    def chosen_deputies(self) -> list:
        return [self.eligible[pk] for pk in self.cleaned_data.get("deputies") or []]


class HoldForm(forms.Form):
    attendees = forms.TypedMultipleChoiceField(
        label="实到代表",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "请选择实到代表。",
            "invalid_choice": "所选代表“%(value)s”不能在本站值班。",
        },
    )

    def __init__(self, data=None, *, eligible, **kwargs):
        super().__init__(data, **kwargs)
        self.eligible = {d.pk: d for d in eligible}
        self.fields["attendees"].choices = _deputy_choices(self.eligible.values())

    def chosen(self) -> list:
        return [self.eligible[pk] for pk in self.cleaned_data.get("attendees") or []]


class PostponeForm(forms.Form):
    new_date = BoundedDateField(
        label="改到哪一天",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={**REQUIRED, "invalid": "日期格式应为 2025-06-10。"},
    )
    reason = forms.CharField(
        label="延期原因",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={**REQUIRED, **_max(REASON_MAX_LENGTH)},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="取消原因",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={**REQUIRED, **_max(REASON_MAX_LENGTH)},
    )


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        if not data:
            return []
        if not isinstance(data, list | tuple):
            data = [data]
        return [item for item in data if item]


class RequestRecordForm(forms.Form):
    reception_day = forms.TypedChoiceField(
        label="接待日",
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "所选接待日无效。"},
    )
    received_by = forms.TypedChoiceField(
        label="接待代表",
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "所选代表不能在本站接待群众。"},
    )
    resident_name = forms.CharField(
        label="群众姓名", max_length=50, error_messages={**REQUIRED, **_max(50)}
    )
    resident_phone = forms.CharField(
        label="联系电话",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        error_messages={**REQUIRED, **_max(20)},
    )
    content = forms.CharField(
        label="诉求内容",
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={**REQUIRED, **_max(PUBLIC_TEXT_MAX_LENGTH)},
    )
    location = forms.CharField(
        label="涉及地点（可不填）",
        max_length=200,
        required=False,
        error_messages=_max(200),
    )
    photos = MultiplePhotoField(
        label="照片（可不传）",
        required=False,
        help_text=f"JPEG 或 PNG，每张不超过 5 MB，最多 {PHOTO_MAX_COUNT} 张。",
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": "须经群众同意后才能记录其姓名和联系电话。"},
    )

    def __init__(self, data=None, files=None, *, days, deputies, as_deputy, **kwargs):
        super().__init__(data, files, **kwargs)
        self.days = {d.pk: d for d in days}
        self.deputies = {d.pk: d for d in deputies}
        self.as_deputy = as_deputy
        self.fields["reception_day"].choices = [("", "不是在接待日（代表走访）")] + [
            (d.pk, f"{d.date:%Y-%m-%d} {d.place}") for d in self.days.values()
        ]
        if as_deputy:
            # A deputy records what they received themselves, outside a day's list.
            del self.fields["received_by"]
            del self.fields["reception_day"]
        else:
            self.fields["received_by"].choices = [("", "请选择")] + _deputy_choices(
                self.deputies.values()
            )

    def chosen_day(self):
        if self.as_deputy:
            return None
        return self.days.get(self.cleaned_data.get("reception_day"))

    def chosen_deputy(self):
        if self.as_deputy:
            return None
        return self.deputies.get(self.cleaned_data.get("received_by"))


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部")] + list(PublicRequestStatus.choices),
    )
    tier = forms.ChoiceField(
        label="分级处理",
        required=False,
        choices=[("", "全部")] + list(RequestTier.choices),
    )
    q = forms.CharField(
        label="搜索内容或回执编号",
        required=False,
        max_length=50,
        error_messages={"max_length": "搜索内容过长，最多 %(limit_value)d 个字。"},
    )

    def value(self, name: str) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return self.cleaned_data.get(name) or ""


class ConvertForm(forms.Form):
    channel = forms.ChoiceField(
        label="渠道",
        choices=[
            (Channel.VOICE, Channel.VOICE.label),
            (Channel.HOTLINE, Channel.HOTLINE.label),
        ],
        initial=Channel.VOICE,
        widget=forms.RadioSelect,
        error_messages={**REQUIRED, "invalid_choice": "渠道无效，请从列表中选择。"},
    )
    category = forms.ChoiceField(
        label="类别",
        choices=Category.choices,
        initial=Category.OTHER,
        error_messages={**REQUIRED, "invalid_choice": "类别无效，请从列表中选择。"},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="答复内容",
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={**REQUIRED, **_max(PUBLIC_TEXT_MAX_LENGTH)},
    )
