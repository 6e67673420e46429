"""Forms of the meetings' pages: a meeting, an agenda item, attendance, a guest,
a paper. The services check the rules again; the forms report what they can
at the edge, so every problem is shown in one round."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from renda.congresses.choices import BodyKind
from renda.core.forms import IsoDateInput

from .choices import AgendaKind, Attendance, MeetingKind
from .hooks import agenda_subject_choices
from .services.papers import ALLOWED_TEXT, KINDS


def kinds_for(standing_committee) -> list[tuple[str, str]]:
    """The kinds of meeting a committee holds: a presidium holds presidium meetings."""
    if standing_committee is not None and standing_committee.kind == BodyKind.PRESIDIUM:
        return [(MeetingKind.PRESIDIUM.value, MeetingKind.PRESIDIUM.label)]
    return [
        (MeetingKind.STANDING.value, MeetingKind.STANDING.label),
        (MeetingKind.CHAIRPERSONS.value, MeetingKind.CHAIRPERSONS.label),
    ]


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="会议类别", choices=MeetingKind.choices)
    number = forms.IntegerField(
        label="会次",
        min_value=1,
        max_value=999,
        required=False,
        help_text="不填则自动取下一次。",
    )
    date = forms.DateField(label="日期", widget=IsoDateInput)
    starts_at = forms.TimeField(
        label="开始时间",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label="地点", max_length=100, required=False)
    agenda = forms.CharField(
        label="议程说明",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="议程逐项在会议页面添加；此处可填补充说明。",
    )

    def __init__(self, *args, standing_committee=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds_for(standing_committee)
        if editing:
            del self.fields["kind"]
            del self.fields["number"]


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=AgendaKind.choices)
    title = forms.CharField(label="议题", max_length=200)
    reporter = forms.CharField(
        label="报告人",
        max_length=100,
        required=False,
        help_text="如：市政府 副市长 王某",
    )
    description = forms.CharField(
        label="说明",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    subject = forms.ChoiceField(
        label="关联事项",
        required=False,
        help_text="本议程听取、审议或决定的事项（随类别变化）",
        error_messages={
            "invalid_choice": "请选择有效的关联事项：该事项不属于本会议的人大或与议程类别不符。"
        },
    )

    def __init__(self, *args, meeting=None, current=None, **kwargs):
        """``meeting``: whose congress's candidates are offered, for the posted
        kind (or the initial one); ``current``: the item's (value, label) now,
        kept among the choices even if no longer offered."""
        super().__init__(*args, **kwargs)
        kind = (
            self.data.get("kind")
            if self.is_bound
            else self.initial.get("kind") or AgendaKind.WORK_REPORT
        )
        choices = [("", "（无）")]
        if meeting is not None and kind in AgendaKind.values:
            choices += agenda_subject_choices(meeting=meeting, kind=kind)
        if current and current[0] not in {value for value, _ in choices}:
            choices.append(current)
        self.fields["subject"].choices = choices
        if meeting is not None:
            self.fields["kind"].widget.attrs.update(
                {
                    "hx-get": reverse("meetings:agenda_subjects", args=[meeting.pk]),
                    "hx-target": "#agenda-subject-field",
                    "hx-select": "#agenda-subject-field",
                    "hx-swap": "outerHTML",
                    "hx-trigger": "change",
                }
            )


class AttendanceForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(label="出席情况", choices=Attendance.choices)
    reason = forms.CharField(label="请假事由", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == Attendance.LEAVE and not data.get("reason"):
            self.add_error("reason", "请填写请假事由。")
        return data


class GuestForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    organisation = forms.CharField(label="单位", max_length=100)
    post = forms.CharField(label="职务", max_length=100, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="取消理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class PaperForm(forms.Form):
    item = forms.IntegerField(label="议程", min_value=1)
    title = forms.CharField(label="标题", max_length=200, required=False)
    file = forms.FileField(
        label="文件",
        help_text=f"可上传{ALLOWED_TEXT}。",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(KINDS)}),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.fields["item"].widget = forms.Select(
            choices=[(item.pk, f"{item.position}. {item.title}") for item in items]
        )

    def clean_item(self):
        item = self.items.get(self.cleaned_data["item"])
        if item is None:
            raise forms.ValidationError("请选择议程。")
        return item
