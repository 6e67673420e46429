"""The choice of a chairpersons' meeting (主任会议) on the forms of the apps that
link its decisions (supervision, suggestions)."""

from __future__ import annotations

from django import forms

from renda.core.forms import IdChoiceField

from .choices import DecisionKind
from .models import AgendaItem, CommitteeMeeting
from .selectors.decisions import (
    chairpersons_meetings_for,
    held_chairpersons_meetings,
    meeting_label,
)


class ChairpersonsMeetingField(IdChoiceField):
    """A held chairpersons' meeting of the congress, labelled 第N次主任会议（日期）."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", CommitteeMeeting.objects.none())
        kwargs.setdefault("label", "主任会议")
        kwargs.setdefault("empty_label", "请选择主任会议")
        kwargs.setdefault(
            "error_messages",
            {
                "required": "请选择主任会议。",
                "invalid_choice": "所选主任会议无效，请选择本级已举行的主任会议。",
            },
        )
        kwargs.setdefault(
            "help_text", "没有可选的会议时，请先在“会议”中登记这次主任会议。"
        )
        super().__init__(**kwargs)

    def label_from_instance(self, obj) -> str:
        return meeting_label(obj)


def limit_to_congress(field: forms.Field, user, congress) -> None:
    """Offer the congress's held chairpersons' meetings the user may cite
    (any user: ``user`` None, where the page has already checked who may post)."""
    if congress is None:
        field.queryset = CommitteeMeeting.objects.none()
    elif user is None:
        field.queryset = held_chairpersons_meetings(congress)
    else:
        field.queryset = chairpersons_meetings_for(user, congress)


class DecisionForm(forms.Form):
    """A decision of a chairpersons' meeting recorded directly by the congress's
    staff (an agenda, or anything no other app records)."""

    kind = forms.ChoiceField(
        label="决定类别",
        choices=DecisionKind.choices,
        initial=DecisionKind.AGENDA,
        error_messages={
            "required": "请选择决定类别。",
            "invalid_choice": "所选决定类别无效。",
        },
    )
    title = forms.CharField(
        label="决定事项",
        max_length=200,
        error_messages={
            "required": "请填写决定事项。",
            "max_length": "决定事项最多200个字。",
        },
    )
    text = forms.CharField(
        label="决定内容",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "决定内容最多5000个字。"},
    )
    agenda_item = IdChoiceField(
        label="所属议程（可不选）",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="不关联议程",
        error_messages={"invalid_choice": "所选议程不属于该主任会议。"},
    )

    def __init__(self, *args, meeting: CommitteeMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(
            meeting=meeting
        ).order_by("position", "id")
