"""Forms of the items pages: the item's particulars and one form per action."""

from __future__ import annotations

from django import forms

from renda.congresses.models import Committee, CommitteeMember
from renda.core.dates import BoundedDateField
from renda.core.forms import IdChoiceField, IdMultipleChoiceField
from renda.regions.models import Region
from renda.units.models import HandlingUnit

from .choices import (
    Attendance,
    DocumentKind,
    ParticipantRole,
    SupervisionKind,
    WorkReportStep,
    WorkReportSubtype,
)
from .models import Participant, Theme, WorkingGroup
from .widgets import DOCUMENT_INPUT

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _members_of(congress):
    return CommitteeMember.objects.filter(
        standing_committee__term__congress=congress
    ).select_related("deputy")


class _Labelled(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        deputy = getattr(obj, "deputy", None)
        return deputy.name if deputy is not None else str(obj)


class _LabelledOne(IdChoiceField):
    def label_from_instance(self, obj):
        deputy = getattr(obj, "deputy", None)
        return deputy.name if deputy is not None else str(obj)


class ItemParticularsForm(forms.Form):
    """The particulars of an item (create and edit share them)."""

    title = forms.CharField(label="议题名称", max_length=200)
    subtype = forms.ChoiceField(
        label="报告类别（专项工作报告）",
        choices=[("", "——")] + list(WorkReportSubtype.choices),
        required=False,
    )
    summary = forms.CharField(
        label="内容摘要", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    themes = IdMultipleChoiceField(
        label="主题",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_units = IdMultipleChoiceField(
        label="被监督机关",
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_committee = IdChoiceField(
        label="牵头委员会", queryset=Committee.objects.none(), required=False
    )
    leaders = _Labelled(
        label="分管领导",
        queryset=CommitteeMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_month = forms.IntegerField(
        label="计划月份", min_value=1, max_value=12, required=False
    )
    meeting_date = BoundedDateField(label="审议会议日期", kind="filter", required=False)
    meeting_name = forms.CharField(label="审议会议", max_length=100, required=False)
    written_review = forms.BooleanField(label="书面审议", required=False)

    def __init__(self, *args, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        if congress is not None:
            self.fields["themes"].queryset = Theme.objects.filter(congress=congress)
            path = getattr(congress.region, "path", "") or "/"
            self.fields["target_units"].queryset = HandlingUnit.objects.filter(
                region__path__startswith=path
            ).order_by("level", "name")
            self.fields["lead_committee"].queryset = Committee.objects.filter(
                congress=congress
            )
            self.fields["leaders"].queryset = _members_of(congress)

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "subtype": data.get("subtype") or "",
            "summary": data.get("summary") or "",
            "themes": [t.pk for t in data.get("themes") or []],
            "target_units": [u.pk for u in data.get("target_units") or []],
            "lead_committee": data["lead_committee"].pk
            if data.get("lead_committee")
            else None,
            "leaders": [m.pk for m in data.get("leaders") or []],
            "planned_month": data.get("planned_month"),
            "meeting_date": data.get("meeting_date"),
            "meeting_name": data.get("meeting_name") or "",
            "written_review": bool(data.get("written_review")),
        }


class ItemCreateForm(ItemParticularsForm):
    year = forms.IntegerField(label="年度", min_value=1979, max_value=2100)
    kind = forms.ChoiceField(label="监督方式", choices=SupervisionKind.choices)
    field_order = ["year", "kind", "title"]


class ThemeForm(forms.Form):
    name = forms.CharField(label="主题名称", max_length=60)
    rank = forms.IntegerField(label="排序", min_value=0, max_value=1000, initial=100)


class CompleteForm(forms.Form):
    done_on = BoundedDateField(label="完成日期")
    meeting_name = forms.CharField(label="审议会议", max_length=100, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=500)


class InviteForm(forms.Form):
    members = _Labelled(
        label="常委会组成人员",
        queryset=CommitteeMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    person_role = forms.ChoiceField(
        label="其他人员身份",
        choices=[("", "——")]
        + [
            c
            for c in ParticipantRole.choices
            if c[0] not in (ParticipantRole.MEMBER, ParticipantRole.DEPUTY)
        ],
        required=False,
    )
    person_name = forms.CharField(label="姓名", max_length=50, required=False)
    person_title = forms.CharField(label="单位职务", max_length=100, required=False)
    working_group = IdChoiceField(
        label="工作组", queryset=WorkingGroup.objects.none(), required=False
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["members"].queryset = _members_of(item.congress)
            self.fields["working_group"].queryset = item.working_groups.all()

    def clean(self):
        data = super().clean()
        if data.get("person_name") and not data.get("person_role"):
            self.add_error("person_role", "请选择其他人员的身份。")
        return data


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label="出席情况",
        choices=[c for c in Attendance.choices if c[0] != Attendance.INVITED],
    )
    reason = forms.CharField(label="请假事由", max_length=200, required=False)


class WorkingGroupForm(forms.Form):
    name = forms.CharField(label="工作组名称", max_length=100)
    leader = _LabelledOne(
        label="带队领导", queryset=CommitteeMember.objects.none(), required=False
    )
    regions = IdMultipleChoiceField(
        label="前往地区",
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["leader"].queryset = _members_of(item.congress)
            region = item.congress.region
            self.fields["regions"].queryset = Region.objects.filter(
                parent=region
            ).order_by("code")


class SiteVisitForm(forms.Form):
    date = BoundedDateField(label="日期")
    place = forms.CharField(label="地点", max_length=200)
    summary = forms.CharField(
        label="情况", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    working_group = IdChoiceField(
        label="工作组", queryset=WorkingGroup.objects.none(), required=False
    )
    participants = IdMultipleChoiceField(
        label="参加人员",
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["working_group"].queryset = item.working_groups.all()
            self.fields["participants"].queryset = item.participants.select_related(
                "member__deputy", "deputy"
            )
            self.fields["participants"].label_from_instance = _participant_label


def _participant_label(p) -> str:
    if p.member_id:
        return p.member.deputy.name
    if p.deputy_id:
        return p.deputy.name
    return p.name


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类别", choices=DocumentKind.choices)
    title = forms.CharField(label="标题", max_length=200)
    text = forms.CharField(
        label="正文", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    file = forms.FileField(label="附件", required=False, widget=DOCUMENT_INPUT)
    note = forms.CharField(label="版本说明", max_length=500, required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("附件不能超过 20MB。")
        return upload


class MilestoneForm(forms.Form):
    step = forms.ChoiceField(label="报告环节", choices=WorkReportStep.choices)
    done_on = BoundedDateField(label="完成日期")
    note = forms.CharField(label="说明", max_length=500, required=False)
