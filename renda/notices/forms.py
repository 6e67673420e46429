"""Forms of the notice pages: the draft with its target picker, withdrawal, answer."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Count

from renda.core.forms import IdMultipleChoiceField, IsoDateTimeInput
from renda.suggestions.attachments import ACCEPT_ATTRIBUTE

from .choices import (
    BODY_MAX_LENGTH,
    CATEGORY_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AnswerForm,
    TargetKind,
)
from .targets import (
    TargetChoice,
    delegations_in_area,
    deputies_in_area,
    groups_in_area,
    levels_in_area,
    stations_in_area,
    users_in_area,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
NAMES_SPLIT = re.compile(r"[\s,，、;；]+")
NAMES_MAX_LENGTH = 4000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [
                super(MultipleFileField, self).clean(item, initial) for item in data
            ]
        return [super().clean(data, initial)] if data else []


def _names(raw: str) -> list[str]:
    return list(dict.fromkeys(part for part in NAMES_SPLIT.split(raw or "") if part))


class NoticeForm(forms.Form):
    """A draft notice of one congress; the target choices come from its area."""

    title = forms.CharField(
        label="标题",
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "required": "请填写标题。",
            "max_length": f"标题不能超过{TITLE_MAX_LENGTH}个字。",
        },
    )
    category = forms.CharField(
        label="类别（可不填）",
        max_length=CATEGORY_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：会议通知、学习资料"}),
    )
    body = forms.CharField(
        label="正文",
        max_length=BODY_MAX_LENGTH,
        error_messages={
            "required": "请填写正文。",
            "max_length": f"正文不能超过{BODY_MAX_LENGTH}个字。",
        },
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    answer_form = forms.ChoiceField(
        label="回复方式",
        choices=AnswerForm.choices,
        initial=AnswerForm.RECEIVED,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择回复方式。",
            "invalid_choice": "回复方式无效，请重新选择。",
        },
    )
    answer_options = forms.CharField(
        label="自定义回复选项",
        required=False,
        max_length=200,
        help_text="仅“自定义选项”时填写，用顿号或逗号分隔，如：参加、不参加、请假",
    )
    answer_deadline = forms.DateTimeField(
        label="回复截止时间（可不填）",
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        error_messages={
            "invalid": "回复截止时间格式不对，请按“2020-02-10 17:00”填写。"
        },
        widget=IsoDateTimeInput(format=DATETIME_FORMAT),
    )
    whole_congress = forms.BooleanField(label="本级人大全体代表", required=False)
    levels = forms.MultipleChoiceField(
        label="按级别（区域内该级人大的全体代表）",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    delegations = IdMultipleChoiceField(
        label="代表团",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groups = IdMultipleChoiceField(
        label="代表小组",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stations = IdMultipleChoiceField(
        label="联络站（站内代表小组的代表）",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deputy_names = forms.CharField(
        label="指定代表（姓名）",
        required=False,
        max_length=NAMES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "如：丁照民、白玉晶"}),
        help_text="填写代表姓名，用顿号、逗号或空格分隔",
    )
    usernames = forms.CharField(
        label="指定人员（登录账号）",
        required=False,
        max_length=NAMES_MAX_LENGTH,
        help_text="如需通知工作人员、联络站站长等，填写其登录账号",
    )
    attachments = MultipleFileField(label="附件（可多选）", required=False)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress
        self.fields["whole_congress"].label = f"{congress.name}全体代表"
        self.fields["levels"].choices = [
            (level.value, f"{level.label}级人大代表")
            for level in levels_in_area(congress)
        ]
        self.fields["delegations"].queryset = delegations_in_area(congress)
        self.fields["groups"].queryset = groups_in_area(congress).annotate(
            member_count=Count("members")
        )
        self.fields["groups"].label_from_instance = lambda group: (
            f"{group.name}（{group.member_count}人）"
        )
        self.fields["stations"].queryset = stations_in_area(congress)
        self._targets: list[TargetChoice] = []

    def clean(self):
        data = super().clean()
        # "保存并发布" without any target: say so now rather than after saving.
        if (
            self.data.get("then") == "publish"
            and not self.errors
            and not self.targets()
        ):
            self.add_error(None, "请至少选择一个通知对象（发给谁）。")
        return data

    def clean_deputy_names(self):
        names = _names(self.cleaned_data.get("deputy_names", ""))
        if not names:
            return []
        found: dict[str, list] = {}
        for deputy in deputies_in_area(self.congress).filter(name__in=names):
            found.setdefault(deputy.name, []).append(deputy)
        missing = [name for name in names if name not in found]
        if missing:
            raise forms.ValidationError(
                f"在{self.congress.name}的代表中没有找到：{'、'.join(missing[:5])}。"
            )
        twins = [name for name in names if len(found[name]) > 1]
        if twins:
            raise forms.ValidationError(
                f"同名代表“{'、'.join(twins)}”不止一位，请改按代表小组或联络站选择。"
            )
        return [found[name][0] for name in names]

    def clean_usernames(self):
        names = _names(self.cleaned_data.get("usernames", ""))
        if not names:
            return []
        users = {
            user.username: user
            for user in users_in_area(self.congress).filter(username__in=names)
        }
        missing = [name for name in names if name not in users]
        if missing:
            raise forms.ValidationError(
                f"没有找到以下账号，或不在{self.congress.name}的工作范围内："
                f"{'、'.join(missing[:5])}。"
            )
        return [users[name] for name in names]

    def clean_answer_options(self):
        return [
            part
            for part in NAMES_SPLIT.split(self.cleaned_data.get("answer_options", ""))
            if part
        ]

    def targets(self) -> list[TargetChoice]:
        """Return the chosen targets (after ``is_valid()``)."""
        data = self.cleaned_data
        chosen: list[TargetChoice] = []
        if data.get("whole_congress"):
            chosen.append(TargetChoice(TargetKind.CONGRESS, self.congress))
        chosen += [
            TargetChoice(TargetKind.LEVEL, level=level)
            for level in data.get("levels", [])
        ]
        chosen += [
            TargetChoice(TargetKind.DELEGATION, d) for d in data.get("delegations", [])
        ]
        chosen += [TargetChoice(TargetKind.GROUP, g) for g in data.get("groups", [])]
        chosen += [
            TargetChoice(TargetKind.STATION, s) for s in data.get("stations", [])
        ]
        chosen += [
            TargetChoice(TargetKind.DEPUTY, d) for d in data.get("deputy_names", [])
        ]
        chosen += [TargetChoice(TargetKind.USER, u) for u in data.get("usernames", [])]
        return chosen

    @classmethod
    def initial_from(cls, notice) -> dict:
        """The form's initial data from a saved draft."""
        targets = list(notice.targets.select_related("deputy", "user"))
        by_kind: dict[str, list] = {}
        for target in targets:
            by_kind.setdefault(target.kind, []).append(target)
        return {
            "title": notice.title,
            "category": notice.category,
            "body": notice.body,
            "answer_form": notice.answer_form,
            "answer_options": "、".join(notice.answer_options)
            if notice.answer_form == AnswerForm.CUSTOM
            else "",
            "answer_deadline": notice.answer_deadline,
            "whole_congress": TargetKind.CONGRESS in by_kind,
            "levels": [t.level for t in by_kind.get(TargetKind.LEVEL, [])],
            "delegations": [
                t.delegation_id for t in by_kind.get(TargetKind.DELEGATION, [])
            ],
            "groups": [t.group_id for t in by_kind.get(TargetKind.GROUP, [])],
            "stations": [t.station_id for t in by_kind.get(TargetKind.STATION, [])],
            "deputy_names": "、".join(
                t.deputy.name for t in by_kind.get(TargetKind.DEPUTY, [])
            ),
            "usernames": " ".join(
                t.user.username for t in by_kind.get(TargetKind.USER, [])
            ),
        }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回理由",
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": "请填写撤回理由。"},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


for _name, _label in [
    ("levels", "级别"),
    ("delegations", "代表团"),
    ("groups", "代表小组"),
    ("stations", "联络站"),
]:
    NoticeForm.base_fields[_name].error_messages.update(
        {
            "invalid_choice": f"所选{_label}无效，请重新选择。",
            "invalid_pk_value": f"所选{_label}无效，请重新选择。",
            "invalid_list": f"所选{_label}无效，请重新选择。",
        }
    )
