"""Forms of the kind-specific steps (pages under /supervision/items/<id>/...)."""

from __future__ import annotations

from django import forms

from renda.core.dates import BoundedDateField
from renda.core.forms import IdChoiceField, IdMultipleChoiceField
from renda.deputies.models import Deputy
from renda.meetings.forms_decisions import ChairpersonsMeetingField, limit_to_congress
from renda.units.models import HandlingUnit

from .choices import AnswerMode, InspectionMethod, InvestigationProposer, LawKind
from .selectors.kinds import current_members

TEXTAREA = forms.Textarea(attrs={"rows": 5})


def _member_label(member) -> str:
    return f"{member.get_role_display()} {member.deputy.name}"


class KindForm(forms.Form):
    """A form of one item's step: ``item`` builds the choices."""

    def __init__(self, *args, item, **kwargs):
        self.item = item
        super().__init__(*args, **kwargs)

    def members(self):
        return (
            current_members(self.item.congress)
            .select_related("deputy")
            .order_by("rank", "id")
        )


class MembersField(IdMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return _member_label(obj)


class LawsForm(KindForm):
    laws = forms.CharField(
        label="法律", required=False, widget=TEXTAREA, help_text="每行一部。"
    )
    administrative = forms.CharField(
        label="行政法规", required=False, widget=TEXTAREA, help_text="每行一部。"
    )
    local = forms.CharField(
        label="地方性法规", required=False, widget=TEXTAREA, help_text="每行一部。"
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        by_kind = {"laws": [], "administrative": [], "local": []}
        names = {
            LawKind.LAW: "laws",
            LawKind.ADMINISTRATIVE_REGULATION: "administrative",
            LawKind.LOCAL_REGULATION: "local",
        }
        for law in item.laws.all():
            by_kind[names[law.law_kind]].append(law.name)
        for name, rows in by_kind.items():
            self.fields[name].initial = "\n".join(rows)

    def law_rows(self) -> list[dict]:
        rows = []
        for name, kind in [
            ("laws", LawKind.LAW),
            ("administrative", LawKind.ADMINISTRATIVE_REGULATION),
            ("local", LawKind.LOCAL_REGULATION),
        ]:
            for line in self.cleaned_data[name].splitlines():
                if line.strip():
                    rows.append({"name": line.strip(), "law_kind": kind.value})
        return rows


class MethodsForm(KindForm):
    methods = forms.MultipleChoiceField(
        label="检查方式",
        choices=InspectionMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.fields["methods"].initial = item.methods


class InspectionReportForm(KindForm):
    implementation = forms.CharField(label="法律法规实施的基本情况", widget=TEXTAREA)
    problems = forms.CharField(label="存在的问题", widget=TEXTAREA)
    recommendations = forms.CharField(label="改进执法工作的建议", widget=TEXTAREA)
    amendments = forms.CharField(
        label="修改完善法律法规的建议", required=False, widget=TEXTAREA
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        report = getattr(item, "inspection_report", None)
        if report is not None:
            for name in self.fields:
                self.fields[name].initial = getattr(report, name)


class QuestionForm(KindForm):
    question = forms.CharField(label="问题", widget=TEXTAREA)
    order = forms.IntegerField(
        label="序号",
        required=False,
        min_value=1,
        max_value=200,
        help_text="留空则排在最后。",
    )
    asked_by_member = IdChoiceField(
        label="提问的常委会组成人员", queryset=None, required=False
    )
    asked_by_deputy = IdChoiceField(
        label="提问的人大代表", queryset=None, required=False
    )
    answering_unit = IdChoiceField(label="应询单位", queryset=None, required=False)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.fields["asked_by_member"].queryset = self.members()
        self.fields["asked_by_member"].label_from_instance = _member_label
        self.fields["asked_by_deputy"].queryset = Deputy.objects.order_by("name", "id")
        self.fields["answering_unit"].queryset = HandlingUnit.objects.order_by("name")


class AnswerForm(KindForm):
    answered_by = forms.CharField(label="应询人（姓名、职务）", max_length=100)
    answer = forms.CharField(label="回答", widget=TEXTAREA)
    answered_on = BoundedDateField(label="回答日期")


class LodgeForm(KindForm):
    filers = MembersField(label="联名提出的常委会组成人员", queryset=None)
    text = forms.CharField(label="质询案内容", widget=TEXTAREA)
    lodged_on = BoundedDateField(label="提出日期")

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.fields["filers"].queryset = self.members()


class DecideForm(KindForm):
    units = IdMultipleChoiceField(
        label="受质询机关", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    mode = forms.ChoiceField(
        label="答复方式", choices=AnswerMode.choices, widget=forms.RadioSelect
    )
    chairpersons_meeting = ChairpersonsMeetingField(label="决定答复的主任会议")

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.fields["units"].queryset = HandlingUnit.objects.order_by("name")
        # The page lets only the congress's staff post (the service checks again).
        limit_to_congress(self.fields["chairpersons_meeting"], None, item.congress)


class InterpellationAnswerForm(KindForm):
    round = forms.TypedChoiceField(
        label="答复轮次",
        coerce=int,
        choices=[(1, "第一次答复"), (2, "再次答复")],
        widget=forms.RadioSelect,
    )
    answered_by = forms.CharField(
        label="答复人（姓名、职务）", max_length=100, required=False
    )
    answer = forms.CharField(label="答复内容", widget=TEXTAREA)
    answered_on = BoundedDateField(label="答复日期")


class SatisfactionForm(KindForm):
    """One choice per filer: 满意 or 不满意."""

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.filers = list(item.filers.select_related("member__deputy").order_by("id"))
        for filer in self.filers:
            self.fields[f"filer_{filer.member_id}"] = forms.TypedChoiceField(
                label=filer.member.deputy.name,
                choices=[("1", "满意"), ("0", "不满意")],
                coerce=lambda v: v == "1",
                widget=forms.RadioSelect,
            )

    def satisfaction(self) -> dict:
        return {
            f.member_id: self.cleaned_data[f"filer_{f.member_id}"] for f in self.filers
        }


class ProposeForm(KindForm):
    proposer = forms.ChoiceField(
        label="提议方式",
        choices=InvestigationProposer.choices,
        widget=forms.RadioSelect,
    )
    members = MembersField(label="联名提议的组成人员", queryset=None, required=False)
    chairpersons_meeting = ChairpersonsMeetingField(
        label="提议调查的主任会议（主任会议提议时选择）", required=False
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.fields["members"].queryset = self.members()
        limit_to_congress(self.fields["chairpersons_meeting"], None, item.congress)


class ExclusionsForm(KindForm):
    members = MembersField(label="回避的组成人员", queryset=None, required=False)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.fields["members"].queryset = self.members()
        self.fields["members"].initial = list(
            item.excluded_members.values_list("pk", flat=True)
        )


class ResolutionForm(KindForm):
    text = forms.CharField(label="决议决定文本", widget=TEXTAREA)
    meeting_name = forms.CharField(label="通过会议", max_length=100)
    adopted_on = BoundedDateField(label="表决日期")
    online_vote = forms.BooleanField(label="网络表决", required=False)
    members_total = forms.IntegerField(
        label="常委会组成人员总数", min_value=1, max_value=500
    )
    votes_for = forms.IntegerField(label="赞成", min_value=0, max_value=500)
    votes_against = forms.IntegerField(label="反对", min_value=0, max_value=500)
    votes_abstain = forms.IntegerField(label="弃权", min_value=0, max_value=500)
    not_voting = forms.IntegerField(label="未表决", min_value=0, max_value=500)
    execution_report_due = BoundedDateField(
        label="执行情况报告期限", required=False, help_text="留空则按规则计算。"
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.fields["members_total"].initial = current_members(item.congress).count()


class ExecutionForm(KindForm):
    reported_on = BoundedDateField(label="执行情况报告日期")
