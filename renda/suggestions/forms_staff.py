"""Forms of the committee staff's suggestion pages and of the statistics page.

Forms only check the shape of the input (a choice from the list, a number in
range, a reason not too long); the services enforce the rules and their
errors are shown on the same forms.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Subquery
from django.utils import timezone

from renda.congresses.choices import LEADERSHIP_ROLES
from renda.congresses.forms import CongressFilterForm
from renda.congresses.models import CommitteeMember, Term
from renda.core.parsing import parse_pk
from renda.meetings.forms_decisions import ChairpersonsMeetingField, limit_to_congress

from . import rules
from .choices import (
    DIRECT_ROLES,
    REASON_MAX_LENGTH,
    AssignmentRole,
    Category,
    Channel,
    KeySource,
    Period,
    SuggestionStatus,
)
from .selectors import GROUP_BY, SuggestionFilters

YEAR_MIN = 2000
YEAR_MAX = 2100
SEARCH_MAX_LENGTH = 50

GROUP_BY_LABELS = {
    "channel": "渠道",
    "period": "提出时间",
    "unit": "承办单位",
    "category": "类别",
}


def _blank(choices_class, label: str = "全部") -> list[tuple[str, str]]:
    return [("", label), *choices_class.choices]


class SearchMixin(forms.Form):
    q = forms.CharField(
        label="搜索标题或代表姓名（可输入拼音首字母）",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": f"搜索内容不能超过 {SEARCH_MAX_LENGTH} 个字。"},
    )


INBOX_STATES = [
    ("submitted", "待审查"),
    ("accepted", "待交办"),
]


class InboxFilterForm(SearchMixin, CongressFilterForm):
    state = forms.ChoiceField(label="事项", choices=INBOX_STATES, required=False)
    channel = forms.ChoiceField(label="渠道", choices=_blank(Channel), required=False)
    period = forms.ChoiceField(label="提出时间", choices=_blank(Period), required=False)
    category = forms.ChoiceField(label="类别", choices=_blank(Category), required=False)


def _year_field(required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label="年度",
        required=required,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={
            "invalid": "请输入四位数的年份，如 2025。",
            "min_value": f"年度不能早于 {YEAR_MIN} 年。",
            "max_value": f"年度不能晚于 {YEAR_MAX} 年。",
        },
    )


class UnitField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": "所选承办单位无效或不在该人大的行政区域内。",
    }


class ListFilterForm(SearchMixin, CongressFilterForm):
    year = _year_field()
    channel = forms.ChoiceField(label="渠道", choices=_blank(Channel), required=False)
    period = forms.ChoiceField(label="提出时间", choices=_blank(Period), required=False)
    status = forms.ChoiceField(
        label="状态", choices=_blank(SuggestionStatus), required=False
    )
    category = forms.ChoiceField(label="类别", choices=_blank(Category), required=False)
    unit = UnitField(queryset=None, label="承办单位", required=False)
    key_only = forms.BooleanField(label="只看重点建议", required=False)
    overdue_only = forms.BooleanField(label="只看超期", required=False)
    returned_only = forms.BooleanField(label="只看单位退回待重新交办", required=False)

    def __init__(self, data=None, *, congresses, units, **kwargs):
        super().__init__(data, congresses=congresses, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "全部"
        self.offer_years(blank="全部年度")

    def to_filters(self, congress) -> SuggestionFilters:
        """Return the list's filters for the chosen congress; invalid ones are left out."""
        return SuggestionFilters.from_values(
            {
                "congress": congress,
                **{
                    name: self.value(name)
                    for name in ("year", "channel", "period", "status", "category")
                },
                "unit": self.value("unit"),
                "is_key": True if self.value("key_only") else None,
                "overdue": True if self.value("overdue_only") else None,
                "returned": True if self.value("returned_only") else None,
                "q": self.value("q"),
            }
        )


class StatsFilterForm(CongressFilterForm):
    year = _year_field()
    channel = forms.ChoiceField(label="渠道", choices=_blank(Channel), required=False)
    period = forms.ChoiceField(label="提出时间", choices=_blank(Period), required=False)
    unit = UnitField(queryset=None, label="承办单位", required=False)
    category = forms.ChoiceField(label="类别", choices=_blank(Category), required=False)
    group_by = forms.ChoiceField(
        label="分组统计",
        choices=[("", "不分组"), *((key, GROUP_BY_LABELS[key]) for key in GROUP_BY)],
        required=False,
    )

    def __init__(self, data=None, *, congresses, units, **kwargs):
        super().__init__(data, congresses=congresses, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "全部"
        self.offer_years()

    def chosen_year(self) -> int:
        return self.value("year") or timezone.localdate().year


class OverdueSortForm(CongressFilterForm):
    sort = forms.ChoiceField(
        label="排序",
        choices=[("due", "期限由早到晚"), ("-due", "期限由晚到早")],
        required=False,
    )


# Review actions -------------------------------------------------------------


def _reason_field(label: str, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": f"请填写{label}。",
            "max_length": f"{label}不能超过 {REASON_MAX_LENGTH} 个字。",
        },
    )


class ReturnForm(forms.Form):
    reason = _reason_field("退回修改的说明", required=True)


class RejectForm(forms.Form):
    reason = _reason_field("不予立案的理由", required=True)


class WithdrawForm(forms.Form):
    reason = _reason_field("撤回理由", required=True)


class MergeForm(forms.Form):
    primary = forms.ModelChoiceField(
        queryset=None,
        label="并入的主建议",
        error_messages={
            "required": "请先搜索并选择要并入的主建议。",
            "invalid_choice": "所选主建议无效，请重新搜索选择。",
        },
    )

    def __init__(self, data=None, *, candidates, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["primary"].queryset = candidates


class OverseerField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_role_display()} {obj.deputy.name}"


def leadership_members(congress):
    """Return the leadership members (主任, 副主任, 秘书长) of the congress's current term."""
    # The current term as a subquery: one query, not one for the term first.
    current_term = (
        Term.objects.filter(congress_id=congress.pk).order_by("-number").values("pk")
    )[:1]
    return (
        CommitteeMember.objects.filter(
            standing_committee__term_id=Subquery(current_term),
            role__in=LEADERSHIP_ROLES,
        )
        .select_related("deputy")
        .order_by("rank", "id")
    )


class KeyForm(forms.Form):
    overseer = OverseerField(
        queryset=None,
        label="督办领导",
        error_messages={
            "required": "请选择督办领导。",
            "invalid_choice": "所选督办领导无效，须为本级人大常委会班子成员。",
        },
    )
    source = forms.ChoiceField(
        label="确定方式",
        choices=KeySource.choices,
        initial=KeySource.STAFF,
        error_messages={"invalid_choice": "确定方式无效，请从列表中选择。"},
    )
    chairpersons_meeting = ChairpersonsMeetingField(
        label="主任会议（主任会议确定时选择）", required=False
    )

    def __init__(self, data=None, *, members, user=None, congress=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["overseer"].queryset = members
        self.fields["overseer"].empty_label = "请选择"
        limit_to_congress(self.fields["chairpersons_meeting"], user, congress)

    def clean(self):
        data = super().clean()
        if data.get("source") == KeySource.CHAIRPERSONS_MEETING:
            if not data.get("chairpersons_meeting") and not self.has_error(
                "chairpersons_meeting"
            ):
                self.add_error("chairpersons_meeting", "请选择确定重点建议的主任会议。")
        else:
            data["chairpersons_meeting"] = None
        return data


# Assignment -------------------------------------------------------------------

ROLE_PREFIX = "role_"
ROLE_ORDER = {AssignmentRole.LEAD: 0, AssignmentRole.SPLIT: 1, AssignmentRole.JOINT: 2}


def parse_unit_roles(data, units: dict) -> tuple[list[tuple], list[str], dict]:
    """Read the ``role_<unit id>`` fields of the assignment form.

    Return the (unit, role) pairs (answering units first), the errors, and the
    roles picked per unit id so that a refused form shows the staff's picks again.
    """
    pairs: list[tuple] = []
    errors: list[str] = []
    picked: dict[int, str] = {}
    for name, value in data.items():
        if not name.startswith(ROLE_PREFIX) or not value:
            continue
        raw = name.removeprefix(ROLE_PREFIX)
        pk = parse_pk(raw)
        unit = units.get(pk) if pk else None
        if unit is None:
            errors.append(
                "所选承办单位无效或不在该人大的行政区域内，请刷新页面后重选。"
            )
            continue
        if value not in DIRECT_ROLES:
            errors.append(
                f"承办单位“{unit.name}”的承办方式无效，请选择主办、会办或分办。"
            )
            continue
        picked[unit.pk] = value
        pairs.append((unit, AssignmentRole(value)))
    pairs.sort(key=lambda pair: (ROLE_ORDER[pair[1]], pair[0].name))
    return pairs, errors, picked


# Extensions --------------------------------------------------------------------


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "批准"), ("refuse", "不批准")],
        error_messages={
            "required": "请选择批准或不批准。",
            "invalid_choice": "请选择批准或不批准。",
        },
    )
    months = forms.IntegerField(
        label="批准延期月数",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "批准延期月数须为整数。",
            "min_value": "批准延期月数至少为 1 个月。",
        },
    )
    note = _reason_field("审批意见", required=False)

    def __init__(self, data=None, *, requested: int, **kwargs):
        super().__init__(data, **kwargs)
        self.requested = requested
        # The limit is read now, not at import: a changed setting applies.
        limit = rules.max_extension_months()
        months = self.fields["months"]
        months.max_value = limit
        months.validators.append(MaxValueValidator(limit))
        months.widget.attrs["max"] = limit
        months.error_messages["max_value"] = f"批准延期月数不能超过 {limit} 个月。"

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        months = cleaned.get("months")
        if decision == "approve" and months and months > self.requested:
            self.add_error(
                "months", f"批准的延期月数不能超过申请的 {self.requested} 个月。"
            )
        if decision == "refuse" and not (cleaned.get("note") or "").strip():
            self.add_error("note", "不批准延期时请填写理由。")
        return cleaned
