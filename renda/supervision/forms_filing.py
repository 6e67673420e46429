"""Forms of the filing area: the unit's filing, staff checks and review steps,
and the public 审查建议 form with its captcha and the receipt look-up."""

from __future__ import annotations

from django import forms

from renda.congresses.models import Congress
from renda.core import receipts
from renda.core.captcha import ANSWER_MAX_LENGTH
from renda.core.dates import BoundedDateField
from renda.core.forms import IdChoiceField, IdMultipleChoiceField
from renda.units.models import HandlingUnit

from .choices import (
    DocumentType,
    RequestKind,
    ReviewKind,
    ReviewOutcome,
    Standard,
)
from .models import NormativeDocument
from .widgets import DOCUMENT_INPUT

TEXTAREA = {"rows": 4}


class DocumentFileForm(forms.Form):
    unit = IdChoiceField(
        label="制定机关",
        queryset=HandlingUnit.objects.none(),
        required=False,
        empty_label="（本单位）",
    )
    issuing_congress = IdChoiceField(
        label="制定机关（下级人大）",
        queryset=Congress.objects.none(),
        required=False,
        empty_label="（不适用）",
    )
    congress = IdChoiceField(
        label="备案机关（人大常委会）",
        queryset=Congress.objects.select_related("region").order_by("region__code"),
        required=False,
        empty_label="（同级人大常委会）",
    )
    document_type = forms.ChoiceField(label="文件类别", choices=DocumentType.choices)
    title = forms.CharField(label="文件名称", max_length=200)
    document_number = forms.CharField(label="文号", max_length=100)
    published_on = BoundedDateField(label="公布日期")
    text = forms.CharField(
        label="正文", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    file = forms.FileField(
        label="文件（PDF 或 Word）", required=False, widget=DOCUMENT_INPUT
    )
    filing_report = forms.CharField(
        label="备案报告", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    explanation = forms.CharField(
        label="起草说明", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, units=None, congresses=None, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["congress"].queryset = targets
        self.fields["unit"].queryset = (
            units if units is not None else HandlingUnit.objects.none()
        )
        self.fields["issuing_congress"].queryset = (
            congresses if congresses is not None else Congress.objects.none()
        )


class RefileForm(forms.Form):
    text = forms.CharField(
        label="正文（修改后）", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    file = forms.FileField(
        label="文件（重新上传）", required=False, widget=DOCUMENT_INPUT
    )
    filing_report = forms.CharField(
        label="备案报告", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    explanation = forms.CharField(
        label="起草说明", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewOpenForm(forms.Form):
    congress = IdChoiceField(label="人大", queryset=Congress.objects.none())
    kind = forms.ChoiceField(label="审查方式", choices=ReviewKind.choices)
    subject = forms.CharField(label="审查事项", max_length=200)
    documents = IdMultipleChoiceField(
        label="审查的文件",
        queryset=NormativeDocument.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    request_kind = forms.ChoiceField(
        label="申请类别",
        choices=[("", "（不适用）"), *RequestKind.choices],
        required=False,
    )
    proposer_organisation = forms.CharField(
        label="提出机关或单位", max_length=100, required=False
    )
    proposer_name = forms.CharField(label="提出人", max_length=100, required=False)
    proposer_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    proposer_address = forms.CharField(label="通信地址", max_length=200, required=False)
    request_text = forms.CharField(
        label="审查理由", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    received_on = BoundedDateField(label="收到日期", required=False)

    def __init__(self, *args, congresses=None, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if congresses is not None:
            self.fields["congress"].queryset = congresses
        if documents is not None:
            self.fields["documents"].queryset = documents


PASSED_CHOICES = [("yes", "符合"), ("no", "不符合")]


class ReviewCheckForm(forms.Form):
    opinion = forms.CharField(
        label="审查意见", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Standard.choices:
            key = value.lower()
            self.fields[f"{key}_passed"] = forms.ChoiceField(
                label=label,
                choices=PASSED_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{key}_note"] = forms.CharField(
                label=f"{label}说明", required=False, max_length=2000
            )

    def checks(self) -> list[dict]:
        data = self.cleaned_data
        result = []
        for value in Standard.values:
            key = value.lower()
            passed = data.get(f"{key}_passed")
            if not passed:
                continue
            result.append(
                {
                    "standard": value,
                    "passed": passed == "yes",
                    "note": data.get(f"{key}_note", ""),
                }
            )
        return result


class SuspendForm(forms.Form):
    note = forms.CharField(label="说明", max_length=500, required=False)


class CorrectionForm(forms.Form):
    opinion = forms.CharField(
        label="审查意见（要求纠正的内容）", widget=forms.Textarea(attrs=TEXTAREA)
    )


CONCLUDE_OUTCOMES = [
    (value, label)
    for value, label in ReviewOutcome.choices
    if value != ReviewOutcome.REFERRED
]


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label="审查结果", choices=CONCLUDE_OUTCOMES)
    opinion = forms.CharField(
        label="审查意见", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class ReferForm(forms.Form):
    organ = forms.CharField(label="移送机关", max_length=100)


class TellForm(forms.Form):
    reply = forms.CharField(
        label="告知内容", widget=forms.Textarea(attrs=TEXTAREA), max_length=20000
    )


class PublicSuggestionForm(forms.Form):
    congress = IdChoiceField(
        label="向哪一级人大常委会提出",
        queryset=Congress.objects.select_related("region").order_by("region__code"),
        empty_label="请选择",
        error_messages={
            "required": "请选择人大常委会。",
            "invalid_choice": "请选择人大常委会。",
        },
    )
    subject = forms.CharField(
        label="建议审查的文件（名称和文号）",
        max_length=200,
        error_messages={"required": "请填写建议审查的文件。"},
    )
    request_text = forms.CharField(
        label="审查理由",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写审查理由。"},
    )
    proposer_name = forms.CharField(
        label="您的姓名",
        max_length=100,
        error_messages={"required": "请填写您的姓名。"},
    )
    proposer_organisation = forms.CharField(
        label="工作单位或组织（可不填）", max_length=100, required=False
    )
    proposer_phone = forms.CharField(
        label="联系电话",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    proposer_address = forms.CharField(label="通信地址", max_length=200, required=False)
    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_answer = forms.CharField(
        label="验证题",
        required=False,
        max_length=ANSWER_MAX_LENGTH * 4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ReceiptLookupForm(forms.Form):
    number = forms.CharField(
        label="回执编号",
        max_length=20,
        error_messages={"required": "请填写回执编号。"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )

    def clean_number(self) -> str:
        # A mistyped digit of a new number is told apart from an unknown number.
        number = receipts.normalize_receipt_number(self.cleaned_data["number"])
        problem = receipts.receipt_number_problem(number)
        if problem:
            raise forms.ValidationError(problem)
        return number
