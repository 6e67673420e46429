"""Forms of the followup pages: one per action of an opinion, a point, an item."""

from __future__ import annotations

from django import forms

from renda.core.dates import BoundedDateField
from renda.core.forms import IdChoiceField
from renda.meetings.forms_decisions import ChairpersonsMeetingField, limit_to_congress
from renda.units.models import HandlingUnit

from .choices import ReviewMode, SupervisionKind
from .widgets import DOCUMENT_INPUT


def _units():
    return HandlingUnit.objects.filter(is_active=True).order_by("name")


class UnitChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _text(label, required=True, rows=4):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


def _count(label, required=True):
    return forms.IntegerField(
        label=label, min_value=0, max_value=10000, required=required
    )


class OpinionForm(forms.Form):
    unit = UnitChoiceField(label="交办机关", queryset=HandlingUnit.objects.none())
    text = _text("审议意见", rows=8)
    compiled_on = BoundedDateField(label="整理完成日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()


class OpinionEditForm(forms.Form):
    text = _text("审议意见", rows=8)
    compiled_on = BoundedDateField(label="整理完成日期")


class ApproveForm(forms.Form):
    chairpersons_meeting = ChairpersonsMeetingField(label="通过审议意见的主任会议")

    def __init__(self, *args, user=None, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_congress(self.fields["chairpersons_meeting"], user, congress)


class SendForm(forms.Form):
    sent_on = BoundedDateField(label="交办日期")


class ExtendForm(forms.Form):
    months = forms.IntegerField(label="延期月数", min_value=1, max_value=120)
    reason = forms.CharField(label="延期理由", max_length=500)
    chairpersons_meeting = ChairpersonsMeetingField(label="同意延期的主任会议")

    def __init__(self, *args, user=None, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_congress(self.fields["chairpersons_meeting"], user, congress)


class PointForm(forms.Form):
    text = _text("整改事项", rows=3)
    unit = UnitChoiceField(label="责任单位", queryset=HandlingUnit.objects.none())
    due_on = BoundedDateField(label="整改期限", kind="filter")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()


class HandlingReportForm(forms.Form):
    text = _text("研究处理情况", required=False, rows=8)
    file = forms.FileField(label="报告文件", required=False, widget=DOCUMENT_INPUT)
    filed_on = BoundedDateField(label="报送日期", required=False)


class CommentForm(forms.Form):
    comment = _text("专门委员会意见")
    commented_on = BoundedDateField(label="提出意见日期", required=False)


class ReviewForm(forms.Form):
    mode = forms.ChoiceField(label="审议方式", choices=ReviewMode.choices)
    reviewed_on = BoundedDateField(label="审议日期")


class TestForm(forms.Form):
    held_on = BoundedDateField(label="测评日期")
    meeting_name = forms.CharField(label="会议", max_length=100, required=False)
    members_total = _count("组成人员总数（不填按本届常委会组成人员数）", required=False)
    present = _count("出席人数")
    satisfied = _count("满意")
    basically_satisfied = _count("基本满意")
    unsatisfied = _count("不满意")


class ItemTestForm(TestForm):
    unit = UnitChoiceField(label="测评对象", queryset=HandlingUnit.objects.none())

    field_order = ["unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()


class ConcludeForm(forms.Form):
    concluded_on = BoundedDateField(label="办结日期")


class ProgressForm(forms.Form):
    text = _text("进展情况", rows=4)
    evidence = forms.FileField(label="佐证材料", required=False, widget=DOCUMENT_INPUT)
    reported_on = BoundedDateField(label="报告日期", required=False)


class FinishForm(forms.Form):
    done_on = BoundedDateField(label="完成日期", required=False)


class EmptyForm(forms.Form):
    pass


class FollowUpItemForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1979, max_value=2100)
    kind = forms.ChoiceField(label="监督方式", choices=SupervisionKind.choices)
    title = forms.CharField(label="议题名称", max_length=200)


OPINION_FORMS = {
    "edit": OpinionEditForm,
    "approve": ApproveForm,
    "send": SendForm,
    "extend": ExtendForm,
    "add_point": PointForm,
    "file_report": HandlingReportForm,
    "comment": CommentForm,
    "review": ReviewForm,
    "test": TestForm,
    "conclude": ConcludeForm,
}

POINT_FORMS = {
    "report_progress": ProgressForm,
    "finish": FinishForm,
    "reopen": EmptyForm,
}
