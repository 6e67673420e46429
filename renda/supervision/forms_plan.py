"""Forms of the plan area's pages: the services check again and name the field."""

from __future__ import annotations

from django import forms

from renda.congresses.models import Committee, CommitteeMember
from renda.core import receipts
from renda.core.dates import BoundedDateField
from renda.core.forms import IdChoiceField, IdMultipleChoiceField
from renda.meetings.forms_decisions import ChairpersonsMeetingField, limit_to_congress
from renda.units.models import HandlingUnit

from .choices import SupervisionKind
from .models import PlanEntry, Theme, TopicProposal


def _date(label: str) -> BoundedDateField:
    return BoundedDateField(label=label)


class TopicCallForm(forms.Form):
    year = forms.IntegerField(
        label="计划年度",
        min_value=1979,
        max_value=2100,
        error_messages={
            "required": "请填写计划年度。",
            "invalid": "计划年度应为年份。",
        },
    )
    title = forms.CharField(label="标题", max_length=200)
    description = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    opens_on = _date("开始日期")
    closes_on = _date("截止日期")


class TopicProposeForm(forms.Form):
    title = forms.CharField(label="议题", max_length=200)
    reason = forms.CharField(
        label="理由和建议", max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )
    suggested_kind = forms.ChoiceField(
        label="建议的监督方式",
        required=False,
        choices=[("", "（不限）"), *SupervisionKind.choices],
    )
    unit = IdChoiceField(
        label="申请报告的机关",
        queryset=HandlingUnit.objects.none(),
        required=False,
        empty_label=None,
    )

    def __init__(self, *args, unit_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        if unit_ids:
            self.fields["unit"].queryset = HandlingUnit.objects.filter(pk__in=unit_ids)
        else:
            del self.fields["unit"]


class PublicTopicForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(
        label="联系电话",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text="只有常委会工作人员可以看到，用于联系您。",
    )
    title = forms.CharField(label="建议的议题", max_length=200)
    reason = forms.CharField(
        label="理由和建议", max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )
    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_answer = forms.CharField(
        label="验证题",
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ReceiptLookupForm(forms.Form):
    number = forms.CharField(
        label="回执编号",
        max_length=30,
        error_messages={"required": "请填写回执编号。"},
    )

    def clean_number(self) -> str:
        # A mistyped digit of a new number is told apart from an unknown number.
        number = receipts.normalize_receipt_number(self.cleaned_data["number"])
        problem = receipts.receipt_number_problem(number)
        if problem:
            raise forms.ValidationError(problem)
        return number


class ProposalAdoptForm(forms.Form):
    entry = IdChoiceField(
        label="列入计划的议题（可不选）",
        queryset=None,
        required=False,
        empty_label="（暂不指定）",
    )

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = PlanEntry.objects.filter(
            pk__in=[e.pk for e in entries]
        )


class ProposalMergeForm(forms.Form):
    into = IdChoiceField(
        label="合并到", queryset=TopicProposal.objects.none(), empty_label=None
    )
    reason = forms.CharField(label="合并说明", max_length=500)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = TopicProposal.objects.filter(
            pk__in=[o.pk for o in options]
        )


class ProposalDeclineForm(forms.Form):
    reason = forms.CharField(
        label="不予采纳的理由（提出人可以看到）",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写不予采纳的理由。"},
    )


class PlanForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        min_value=1979,
        max_value=2100,
        error_messages={"required": "请填写年度。", "invalid": "年度应为年份。"},
    )
    title = forms.CharField(label="标题", max_length=200)


class PlanEntryForm(forms.Form):
    kind = forms.ChoiceField(label="监督方式", choices=SupervisionKind.choices)
    title = forms.CharField(label="议题名称", max_length=200)
    themes = IdMultipleChoiceField(
        label="主题",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_committee = IdChoiceField(
        label="牵头委员会", queryset=Committee.objects.none(), required=False
    )
    leader = IdChoiceField(
        label="分管领导", queryset=CommitteeMember.objects.none(), required=False
    )
    planned_month = forms.TypedChoiceField(
        label="计划月份",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "（未定）")] + [(m, f"{m}月") for m in range(1, 13)],
    )
    planned_meeting = forms.CharField(
        label="计划审议会议", max_length=100, required=False
    )
    target_units = IdMultipleChoiceField(
        label="被监督机关（一府一委两院）",
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.CharField(label="参加人员", max_length=300, required=False)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(congress=congress)
        self.fields["lead_committee"].queryset = Committee.objects.filter(
            congress=congress
        )
        self.fields["leader"].queryset = CommitteeMember.objects.filter(
            standing_committee__term__congress=congress
        ).select_related("deputy")
        self.fields["leader"].label_from_instance = lambda m: (
            f"{m.deputy.name}（{m.get_role_display()}）"
        )
        self.fields["target_units"].queryset = HandlingUnit.objects.filter(
            is_active=True
        ).order_by("name")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "theme_ids": [t.pk for t in data["themes"]],
            "lead_committee_id": data["lead_committee"].pk
            if data["lead_committee"]
            else None,
            "leader_id": data["leader"].pk if data["leader"] else None,
            "planned_month": data["planned_month"],
            "planned_meeting": data["planned_meeting"],
            "target_unit_ids": [u.pk for u in data["target_units"]],
            "participants": data["participants"],
        }


class VersionAdoptForm(forms.Form):
    chairpersons_meeting = ChairpersonsMeetingField(label="通过计划的主任会议")

    def __init__(self, *args, user=None, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_congress(self.fields["chairpersons_meeting"], user, congress)


class PlanAdjustForm(forms.Form):
    reason = forms.CharField(
        label="调整理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写调整理由。"},
    )
