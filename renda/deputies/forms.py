"""Forms of the deputy pages: the list's filters, offered only within the user's scope."""

from __future__ import annotations

from django import forms

from renda.congresses.choices import LEVEL_ORDER
from renda.congresses.models import Delegation
from renda.congresses.selectors import congresses_visible_to
from renda.stations.selectors import stations_visible_to

from .choices import Gender, OccupationCategory, Party
from .selectors import DeputyFilters, deputies_visible_to, groups_visible_to

ORDER_CHOICES = [
    ("stroke", "按姓氏笔画"),
    ("pinyin", "按拼音"),
    ("birth", "按年龄（年长在前）"),
]
ANY = ("", "全部")
MAX_QUERY_LENGTH = 50


class DeputyFilterForm(forms.Form):
    """The deputy list's filters; a bad value is reported and left out, never fatal."""

    q = forms.CharField(
        label="姓名或拼音",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": "搜索内容过长，最多 %(limit_value)d 个字。"},
    )
    congress = forms.TypedChoiceField(label="人大", required=False, coerce=int)
    level = forms.ChoiceField(label="级别", required=False)
    delegation = forms.TypedChoiceField(label="代表团", required=False, coerce=int)
    group = forms.TypedChoiceField(label="代表小组", required=False, coerce=int)
    station = forms.TypedChoiceField(label="联络站", required=False, coerce=int)
    party = forms.ChoiceField(label="党派", required=False)
    gender = forms.ChoiceField(label="性别", required=False)
    ethnicity = forms.ChoiceField(label="民族", required=False)
    occupation_category = forms.ChoiceField(label="代表构成", required=False)
    order = forms.ChoiceField(label="排序", required=False, choices=ORDER_CHOICES)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        congresses = list(
            congresses_visible_to(user)
            .select_related("region")
            .order_by("region__code")
        )
        self.fields["congress"].choices = [ANY] + [
            (c.pk, c.short_name) for c in congresses
        ]
        levels = {c.level for c in congresses}
        self.fields["level"].choices = [ANY] + [
            (level.value, level.label) for level in LEVEL_ORDER if level in levels
        ]
        congress_ids = [c.pk for c in congresses]
        chosen = self._chosen_congress(congress_ids)
        if chosen is not None:
            congress_ids = [chosen]
        delegations = (
            Delegation.objects.filter(term__congress_id__in=congress_ids)
            .select_related("term__congress")
            .order_by("term__congress__region__code", "-term__number", "id")
        )
        self.fields["delegation"].choices = [ANY] + [
            (d.pk, f"{d.name}（{d.term.short_name}）") for d in delegations
        ]
        groups = groups_visible_to(user).filter(congress_id__in=congress_ids)
        self.fields["group"].choices = [ANY] + [
            (g.pk, g.name) for g in groups.order_by("congress__region__code", "name")
        ]
        self.fields["station"].choices = [ANY] + [
            (s.pk, s.name) for s in stations_visible_to(user).order_by("region__code")
        ]
        self.fields["party"].choices = [ANY, *Party.choices]
        self.fields["gender"].choices = [ANY, *Gender.choices]
        ethnicities = (
            deputies_visible_to(user)
            .order_by("ethnicity")
            .values_list("ethnicity", flat=True)
            .distinct()
        )
        self.fields["ethnicity"].choices = [ANY] + [(e, e) for e in ethnicities if e]
        self.fields["occupation_category"].choices = [ANY, *OccupationCategory.choices]

    def _chosen_congress(self, congress_ids: list[int]) -> int | None:
        raw = (self.data or {}).get("congress") if self.is_bound else None
        try:
            value = int(raw)
        except (TypeError, ValueError):
            return None
        return value if value in congress_ids else None

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        # Say which filter was wrong and what was typed; the rest still applies.
        for name in list(self._errors):
            field = self.fields.get(name)
            if field is None or isinstance(field, forms.CharField):
                continue
            value = str(self.data.get(name, ""))[:20]
            self._errors[name] = self.error_class(
                [f"筛选条件「{field.label}」的值“{value}”无效，已忽略此条件。"]
            )

    def problems(self) -> list[str]:
        """Return every error message, for the summary above the results."""
        return [message for errors in self.errors.values() for message in errors]

    def to_filters(self) -> DeputyFilters:
        """Return the valid filters; invalid ones are left out."""
        data = self.cleaned_data if self.is_bound else {}

        def get(name):
            value = data.get(name)
            return value if value not in ("", None) else None

        return DeputyFilters(
            congress=get("congress"),
            level=get("level"),
            delegation=get("delegation"),
            group=get("group"),
            station=get("station"),
            party=get("party"),
            gender=get("gender"),
            ethnicity=get("ethnicity"),
            occupation_category=get("occupation_category"),
            q=get("q"),
            order=get("order") or "stroke",
        )

    def active_count(self) -> int:
        """Return how many filters (besides search and order) are in use."""
        filters = self.to_filters()
        names = (
            "congress",
            "level",
            "delegation",
            "group",
            "station",
            "party",
            "gender",
            "ethnicity",
            "occupation_category",
        )
        return sum(1 for name in names if getattr(filters, name))
