"""Forms of the personnel (任免) and 票决评议 pages."""

from __future__ import annotations

from django import forms

from renda.core.forms import IdMultipleChoiceField, IsoDateTimeInput
from renda.units.models import HandlingUnit

from .choices import PersonnelKind, VoteMode
from .models import Appointment


class AppointmentForm(forms.Form):
    kind = forms.ChoiceField(label="任免类别", choices=PersonnelKind.choices)
    person_name = forms.CharField(label="姓名", max_length=50)
    post = forms.CharField(label="职务", max_length=100)
    organisation = forms.CharField(label="单位", max_length=100, required=False)
    proposed_by = forms.CharField(label="提请人", max_length=100, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", max_length=500)


class PutToVoteForm(forms.Form):
    appointments = IdMultipleChoiceField(
        label="提付表决的任免事项",
        queryset=Appointment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    mode = forms.ChoiceField(label="表决方式", choices=VoteMode.choices)
    merged = forms.BooleanField(label="合并表决（无争议的同类事项）", required=False)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["appointments"].queryset = meeting.appointments.all()


class OathForm(forms.Form):
    appointments = IdMultipleChoiceField(
        label="宣誓人",
        queryset=Appointment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    taken_at = forms.DateTimeField(label="宣誓时间", widget=IsoDateTimeInput)
    place = forms.CharField(label="地点", max_length=100, required=False)
    supervised_by = forms.CharField(label="监誓人", max_length=50)
    led_by = forms.CharField(label="领誓人", max_length=50, required=False)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["appointments"].queryset = meeting.appointments.all()


class EvaluationForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    year = forms.TypedChoiceField(label="评议年度", coerce=int, choices=[])
    units = IdMultipleChoiceField(
        label="参加评议的承办单位",
        queryset=HandlingUnit.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        last = meeting.date.year if meeting is not None and meeting.date else 2100
        # The year rated: usually the one before the meeting's, or its own.
        self.fields["year"].choices = [
            (year, f"{year}年") for year in range(last, max(last - 6, 1999), -1)
        ]


class EvaluationStartForm(forms.Form):
    mode = forms.ChoiceField(label="表决方式", choices=VoteMode.choices)
