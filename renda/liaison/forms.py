"""Forms of the 双联 record pages: input shape only; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from renda.core.dates import BoundedDateField
from renda.core.forms import IdMultipleChoiceField, IsoDateInput
from renda.core.parsing import parse_pk

from .choices import ContactKind, Quarter
from .services import (
    AGENDA_MAX_LENGTH,
    MAX_MEETING_NUMBER,
    MINUTES_MAX_LENGTH,
    PLACE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TOPIC_MAX_LENGTH,
)

SEARCH_MAX_LENGTH = 30
MAX_PICKED = 200


def _date_field(label: str, *, required: bool = True) -> forms.DateField:
    return BoundedDateField(
        label=label,
        required=required,
        widget=IsoDateInput(),
        error_messages={
            "required": f"请填写{label}。",
            "invalid": f"{label}格式应为 YYYY-MM-DD。",
        },
    )


def _text_field(label: str, max_length: int, *, required=False, rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={
            "required": f"请填写{label}。",
            "max_length": f"{label}不能超过 %(limit_value)d 个字。",
        },
    )


def picked_ids(values, *, limit: int = MAX_PICKED) -> list[int] | None:
    """Parse ids chosen with checkboxes; None when any is not an id or too many."""
    if len(values) > limit:
        return None
    ids = [parse_pk(value) for value in values]
    if any(pk is None for pk in ids):
        return None
    return list(dict.fromkeys(ids))


class PickedIdsField(forms.Field):
    """Rows ticked with checkboxes of one name: their ids, checked before any query."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        ids = picked_ids(list(value or []))
        if ids is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return ids

    def ticked(self, bound_field) -> set[int]:
        """The valid ids of what was posted, to show them ticked again."""
        return {pk for pk in map(parse_pk, bound_field.data or []) if pk}


class MeetingInviteForm(forms.Form):
    """The deputies ticked to be invited as observers (列席) of a meeting."""

    deputies = PickedIdsField(
        error_messages={
            "required": "请先查找并勾选要邀请列席的代表。",
            "invalid": "所选代表中有无效的选择，请重新查找后勾选。",
        }
    )


class MeetingAttendanceForm(forms.Form):
    """The invited observers ticked as present after the meeting."""

    attended = PickedIdsField(
        required=False,
        error_messages={"invalid": "出席名单中有无效的选择，请重新勾选。"},
    )


class SearchForm(forms.Form):
    q = _text_field("查找代表", SEARCH_MAX_LENGTH)

    def search(self) -> str:
        return (self.cleaned_data.get("q") or "") if self.is_valid() else ""


class ContactAssignForm(forms.Form):
    """Add a deputy to a leader's contacts: the deputy chosen from a search."""

    deputy = forms.CharField(
        label="联系代表",
        error_messages={"required": "请先查找并选择一名代表。"},
    )
    since = _date_field("开始联系日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["since"].initial = timezone.localdate()

    def clean_deputy(self):
        pk = parse_pk(self.cleaned_data["deputy"])
        if pk is None:
            raise forms.ValidationError("请从查找结果中选择一名代表。")
        return pk


class ContactEndForm(forms.Form):
    until = _date_field("结束联系日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].initial = timezone.localdate()


class ContactLogForm(forms.Form):
    """Log a contact from a phone: the way, the day, what was heard."""

    kind = forms.ChoiceField(
        label="联系方式",
        choices=ContactKind.choices,
        initial=ContactKind.VISIT,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择联系方式。",
            "invalid_choice": "联系方式无效，请重新选择。",
        },
    )
    date = _date_field("联系日期")
    opinions = _text_field("征集的意见建议", TEXT_MAX_LENGTH, rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class GroupActivityForm(forms.Form):
    date = _date_field("活动日期")
    topic = _text_field("活动主题", TOPIC_MAX_LENGTH, required=True)
    place = _text_field("地点", PLACE_MAX_LENGTH)
    attendees = IdMultipleChoiceField(
        label="参加代表",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "所选代表不是本小组成员，请重新选择。",
            "invalid_pk_value": "参加代表的选择无效。",
        },
    )
    committee_members = IdMultipleChoiceField(
        label="参加的常委会组成人员",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "所选人员不是本级常委会组成人员，请重新选择。",
            "invalid_pk_value": "常委会组成人员的选择无效。",
        },
    )
    summary = _text_field("活动情况", TEXT_MAX_LENGTH, rows=5)

    def __init__(self, *args, members, committee_members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["attendees"].queryset = members
        self.fields["attendees"].label_from_instance = lambda d: d.name
        self.fields["committee_members"].queryset = committee_members
        self.fields["committee_members"].label_from_instance = lambda m: (
            f"{m.deputy.name}（{m.get_role_display()}）"
        )


class CommitteeMeetingForm(forms.Form):
    number = forms.IntegerField(
        label="会次（第几次会议）",
        min_value=1,
        max_value=MAX_MEETING_NUMBER,
        error_messages={
            "required": "请填写会次。",
            "invalid": "会次必须是正整数。",
            "min_value": "会次必须是正整数。",
            "max_value": "会次过大，请核对。",
        },
    )
    date = _date_field("会议日期")
    agenda = _text_field("会议议程", AGENDA_MAX_LENGTH, required=True, rows=5)


class CoordinationMeetingForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        min_value=1949,
        max_value=9999,
        error_messages={
            "required": "请填写年度。",
            "invalid": "年度必须是四位数字。",
            "min_value": "年度不能早于 %(limit_value)s 年。",
            "max_value": "年度必须是四位数字。",
        },
    )
    quarter = forms.TypedChoiceField(
        label="季度",
        coerce=int,
        choices=Quarter.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择季度。",
            "invalid_choice": "季度无效，请重新选择。",
        },
    )
    date = _date_field("会议日期")
    participants = IdMultipleChoiceField(
        label="参会的其他级别人大",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "所选人大不能参加本调度会，请重新选择。",
            "invalid_pk_value": "参会人大的选择无效。",
        },
    )
    minutes = _text_field("会议纪要", MINUTES_MAX_LENGTH, rows=6)

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1
        self.fields["participants"].queryset = participants
        self.fields["participants"].label_from_instance = lambda c: c.name
