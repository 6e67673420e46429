"""Forms of the deputy's and the handling unit's suggestion pages.

Forms check input at the edge and say what is wrong in plain Chinese, naming the
field; the rules themselves live in the services, whose errors the views put
back on these forms. Other areas keep their own forms in ``forms_<area>.py``.
"""

from __future__ import annotations

import uuid

from django import forms
from django.db.models import QuerySet

from renda.deputies.models import Deputy, Mandate
from renda.regions.models import Region

from . import rules
from .attachments import ACCEPT_ATTRIBUTE, ALLOWED_TEXT, check_uploads, max_files
from .choices import (
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Category,
    Channel,
    Period,
    Rating,
    ReplyOutcome,
)

# Regions offered as "the place concerned": the congress's own area and two
# levels below it (a city: its districts and their 街道/乡镇).
REGION_DEPTH = 2
COSIGNER_PAGE = 20
BODY_MAX_LENGTH = 20000


def channel_help() -> dict[str, str]:
    """Return one plain sentence per channel, with the reply periods in force."""
    return {
        Channel.FORMAL: (
            f"较大的事项，需要研究办理；承办单位一般在 {rules.formal_reply_months()} "
            "个月内答复。"
        ),
        Channel.VOICE: (
            f"群众身边的小事、急事，编入《代表之声》简报；{rules.voice_reply_days()} "
            "天内答复。"
        ),
        Channel.HOTLINE: (
            f"通过 12345 市民热线直接转给部门办理；{rules.hotline_reply_days()} 天内答复。"
        ),
    }


# Files ------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the form checks them together (``check_uploads``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [item for item in items if item]


class AttachmentsMixin:
    """Check the files of a form against the type and size limits, naming each file."""

    existing_attachments = 0
    # The files that passed the checks, even when others did not: a refused
    # post keeps them (``pending_uploads``) so the user need not choose again.
    checked_uploads: list = []

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        removed = len(self.cleaned_data.get("remove_attachments") or [])
        checked, errors = check_uploads(
            files, existing=max(self.existing_attachments - removed, 0)
        )
        self.checked_uploads = checked
        if errors:
            raise forms.ValidationError(errors)
        return checked


def attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label="附件",
        help_text=(
            f"可上传{ALLOWED_TEXT}，每个文件不超过 20 MB，每件最多 {max_files()} 个。"
        ),
    )


class IdempotencyMixin:
    """A hidden key made when the form is shown: a double tap is handled only once."""

    def clean_idempotency_key(self):
        value = (self.cleaned_data.get("idempotency_key") or "").strip()
        try:
            return str(uuid.UUID(value))
        except ValueError:
            raise forms.ValidationError("页面已过期，请刷新页面后重新提交。") from None


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def _required(label: str, verb: str = "填写") -> dict:
    return {"required": f"请{verb}{label}。"}


# The deputy's suggestion ---------------------------------------------------------------


def regions_for(congress) -> list[tuple[int, str]]:
    """Return the regions of a congress's area (two levels down), indented by level."""
    base = congress.region
    base_depth = base.path.count("/")
    regions = Region.objects.filter(path__startswith=base.path).order_by("path")
    options = []
    for region in regions:
        depth = region.path.count("/") - base_depth
        if depth > REGION_DEPTH:
            continue
        options.append((region.pk, "\u3000" * depth + region.name))
    return options


def cosigner_candidates(*, term, lead_deputy) -> QuerySet[Deputy]:
    """Return the deputies who may cosign: a sitting mandate in the same term."""
    sitting = Mandate.objects.filter(term=term, end_date__isnull=True).values(
        "deputy_id"
    )
    return (
        Deputy.objects.filter(pk__in=sitting)
        .exclude(pk=lead_deputy.pk)
        .order_by("stroke_key", "id")
    )


class SuggestionForm(AttachmentsMixin, IdempotencyMixin, forms.Form):
    """Write or change a suggestion: the deputy's draft, saved or submitted."""

    channel = forms.ChoiceField(
        label="渠道",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages=_required("渠道", "选择"),
    )
    period = forms.ChoiceField(
        label="提出时间",
        choices=Period.choices,
        widget=forms.RadioSelect,
        initial=Period.RECESS,
        error_messages=_required("提出时间", "选择"),
    )
    title = forms.CharField(
        label="标题",
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            **_required("标题"),
            "max_length": "标题不能超过 %(limit_value)d 个字。",
        },
    )
    body = forms.CharField(
        label="建议内容",
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="写明现状、问题和具体建议。提交前必须填写，保存草稿时可以先空着。",
        error_messages={"max_length": "建议内容不能超过 %(limit_value)d 个字。"},
    )
    category = forms.ChoiceField(
        label="类别",
        choices=Category.choices,
        initial=Category.OTHER,
        error_messages=_required("类别", "选择"),
    )
    region = forms.TypedChoiceField(
        label="涉及地区",
        coerce=int,
        help_text="建议所说的事情发生在哪里。",
        error_messages=_required("涉及地区", "选择"),
    )
    cosigners = forms.TypedMultipleChoiceField(
        label="附议代表",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_attachments = forms.TypedMultipleChoiceField(
        label="删除附件", coerce=int, required=False
    )
    hotline_consent = forms.BooleanField(
        label="同意将我的姓名和电话提供给12345热线，以便回访",
        required=False,
        help_text="仅用于“12345直通车”。不同意时，建议照常转交，但不附您的联系方式。",
    )
    attachments = attachments_field()
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data=None,
        files=None,
        *,
        congress,
        term,
        lead_deputy,
        suggestion=None,
        **kwargs,
    ):
        if suggestion is not None and data is None:
            kwargs.setdefault(
                "initial",
                {
                    "channel": suggestion.channel,
                    "period": suggestion.period,
                    "title": suggestion.title,
                    "body": suggestion.body,
                    "category": suggestion.category,
                    "region": suggestion.region_id,
                    "cosigners": list(
                        suggestion.cosigners.values_list("pk", flat=True)
                    ),
                    "hotline_consent": suggestion.hotline_consent_at is not None,
                },
            )
        super().__init__(data, files, **kwargs)
        self.congress = congress
        self.term = term
        self.lead_deputy = lead_deputy
        self.suggestion = suggestion
        self.channel_help = channel_help()
        self.fields["region"].choices = [("", "请选择"), *regions_for(congress)]
        if not self.is_bound and suggestion is None:
            self.initial.setdefault("region", congress.region_id)
        self.candidates = cosigner_candidates(term=term, lead_deputy=lead_deputy)
        self.fields["cosigners"].choices = [
            (pk, name) for pk, name in self.candidates.values_list("pk", "name")
        ]
        self.fields["cosigners"].error_messages["invalid_choice"] = (
            "所选附议代表不是本届代表，请重新选择。"
        )
        self.fields["region"].error_messages["invalid_choice"] = (
            f"所选涉及地区不在{congress.short_name}的行政区域内，请重新选择。"
        )
        self.current_attachments = (
            list(suggestion.attachments.all()) if suggestion is not None else []
        )
        self.existing_attachments = len(self.current_attachments)
        self.fields["remove_attachments"].choices = [
            (item.pk, item.original_name) for item in self.current_attachments
        ]

    def channel_options(self) -> list[dict]:
        """Return the channels with their plain explanations, for the template."""
        chosen = self["channel"].value() or ""
        return [
            {
                "value": value,
                "label": label,
                "help": self.channel_help[value],
                "checked": chosen == value,
            }
            for value, label in Channel.choices
        ]

    def selected_cosigners(self) -> list[Deputy]:
        chosen = {str(value) for value in (self["cosigners"].value() or [])}
        if not chosen:
            return []
        return list(self.candidates.filter(pk__in=chosen))

    def clean_region(self) -> Region:
        return Region.objects.get(pk=self.cleaned_data["region"])

    def clean(self):
        data = super().clean()
        # The submit service's own rule, asked here too so that every problem
        # is reported in one round rather than after the others are fixed.
        body = (data.get("body") or "").strip()
        if "submit" in self.data and not body and "body" not in self.errors:
            self.add_error("body", "请填写建议内容后再提交。")
        return data

    def error_summary(self) -> list[dict]:
        """Return each field's first error with the anchor of its field, in form order."""
        anchors = {
            "channel": "field-channel",
            "period": "field-period",
            "cosigners": "cosigner-box",
            "remove_attachments": "field-attachments",
        }
        rows = []
        for field in self:
            if field.errors:
                rows.append(
                    {
                        "anchor": None
                        if field.is_hidden
                        else anchors.get(field.name, field.auto_id),
                        "label": field.label,
                        "message": field.errors[0],
                    }
                )
        return rows

    def clean_cosigners(self) -> list[Deputy]:
        chosen = self.cleaned_data.get("cosigners") or []
        by_pk = {d.pk: d for d in self.candidates.filter(pk__in=chosen)}
        return [by_pk[pk] for pk in dict.fromkeys(chosen) if pk in by_pk]

    def draft_fields(self) -> dict:
        """Return the cleaned values the draft services take."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data.get("body") or "",
            "category": data["category"],
            "channel": data["channel"],
            "period": data["period"],
            "region": data["region"],
            "cosigners": data.get("cosigners") or [],
            "hotline_consent": bool(data.get("hotline_consent")),
        }


class RatingForm(forms.Form):
    """The lead deputy's rating of one reply."""

    rating = forms.ChoiceField(
        label="您对这份答复是否满意",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages=_required("满意、基本满意或不满意中的一项", "选择"),
    )
    reason = forms.CharField(
        label="意见或理由",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="选择“不满意”时必须写明理由，承办单位将重新办理。",
        error_messages={"max_length": "理由不能超过 %(limit_value)d 个字。"},
    )
    # A rating is final: the first post shows "确认提交评价？", the second records it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    awaiting_confirmation = False

    def clean(self):
        data = super().clean()
        if (
            data.get("rating") == Rating.UNSATISFIED
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "选择“不满意”时，请写明不满意的理由。")
        return data


# The unit's forms ------------------------------------------------------------------------


MET_CHOICES = [("yes", "是，已先与代表见面沟通"), ("no", "否")]


class ReplyForm(AttachmentsMixin, IdempotencyMixin, forms.Form):
    """A unit's reply to its assignment; a 会办 unit's opinion needs no outcome."""

    text = forms.CharField(
        label="答复内容",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages=_required("答复内容"),
    )
    outcome = forms.ChoiceField(
        label="答复分类",
        choices=ReplyOutcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    signed_by = forms.CharField(
        label="签发人",
        max_length=50,
        help_text="签发这份答复的单位负责人姓名。",
        error_messages={
            **_required("签发人"),
            "max_length": "签发人姓名不能超过 %(limit_value)d 个字。",
        },
    )
    met_deputy_first = forms.ChoiceField(
        label="答复前是否与代表见面沟通",
        choices=MET_CHOICES,
        widget=forms.RadioSelect,
        error_messages=_required("是否与代表见面沟通", "选择"),
    )
    attachments = attachments_field()
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, files=None, *, answering: bool, **kwargs):
        super().__init__(data, files, **kwargs)
        self.answering = answering
        if answering:
            self.fields["outcome"].required = True
            self.fields["outcome"].error_messages["required"] = (
                "请选择答复分类（A、B 或 C）。"
            )
        else:
            self.fields["outcome"].label = "答复分类（会办意见可不选）"

    def clean_met_deputy_first(self) -> bool:
        return self.cleaned_data["met_deputy_first"] == "yes"


class ReturnForm(forms.Form):
    """Return a misrouted assignment to staff."""

    reason = forms.CharField(
        label="退回理由",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请写明为什么不属于本单位职责，最好写出应当由哪个单位办理。",
        error_messages={
            **_required("退回理由"),
            "max_length": "退回理由不能超过 %(limit_value)d 个字。",
        },
    )


class ExtensionForm(forms.Form):
    """Ask staff for more time on a formal suggestion."""

    months = forms.TypedChoiceField(
        label="延期时间",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            **_required("延期时间", "选择"),
        },
    )
    reason = forms.CharField(
        label="延期理由",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            **_required("延期理由"),
            "max_length": "延期理由不能超过 %(limit_value)d 个字。",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is read now, not at import: a changed setting applies.
        limit = rules.max_extension_months()
        months = self.fields["months"]
        months.choices = [(value, f"{value} 个月") for value in range(1, limit + 1)]
        months.error_messages["invalid_choice"] = f"延期时间须为 1 到 {limit} 个月。"
