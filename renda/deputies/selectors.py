"""Reads of deputies, mandates and groups, always through the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from renda.accounts.permissions import get_scope, region_subtree_q
from renda.core.db_router import replica_ok
from renda.stations.selectors import region_path_prefixes

from .choices import AGE_BANDS, Gender, OccupationCategory, Party
from .models import Deputy, DeputyGroup, Mandate


def _in_region_paths(paths):
    """Deputies with a mandate in a congress whose area lies in one of ``paths``."""
    return Exists(
        Mandate.objects.filter(
            region_subtree_q("term__congress__region__path", paths),
            deputy=OuterRef("pk"),
        )
    )


def _in_congresses_of(deputy_id: int):
    """Deputies of the congresses the given deputy sits in."""
    own_congresses = Mandate.objects.filter(deputy_id=deputy_id).values(
        "term__congress_id"
    )
    return Exists(
        Mandate.objects.filter(
            deputy=OuterRef("pk"), term__congress_id__in=own_congresses
        )
    )


def _in_stations(station_ids):
    """Deputies in the groups attached to the given stations."""
    return Exists(
        DeputyGroup.members.through.objects.filter(
            deputy_id=OuterRef("pk"), deputygroup__station_id__in=station_ids
        )
    )


def _deputies_where(conditions) -> QuerySet[Deputy]:
    if not conditions:
        return Deputy.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = combined | condition
    return Deputy.objects.filter(combined)


def deputies_visible_to(user) -> QuerySet[Deputy]:
    """Return the deputies the user may see.

    Staff and leaders of a congress: deputies holding a mandate in that
    congress or in a congress of an area below it. A deputy: the deputies of
    the congresses they sit in. Station staff: the deputies in the groups
    attached to their station. Unit staff and the public: none.
    """
    scope = get_scope(user)
    if not scope.is_authenticated:
        return Deputy.objects.none()
    if scope.is_admin:
        return Deputy.objects.all()
    conditions = []
    if scope.region_paths:
        conditions.append(_in_region_paths(scope.region_paths))
    if scope.deputy_id is not None:
        conditions.append(_in_congresses_of(scope.deputy_id))
    if scope.station_ids:
        conditions.append(_in_stations(scope.station_ids))
    return _deputies_where(conditions)


def deputies_with_full_phone_for(user) -> QuerySet[Deputy]:
    """Return the deputies whose full phone number the user may see.

    Only the roles that need the number give it: staff and leaders for the
    deputies in their area, station staff for their station's deputies, and a
    deputy for themself. Being a deputy gives no one else's number.
    """
    scope = get_scope(user)
    if not scope.is_authenticated:
        return Deputy.objects.none()
    if scope.is_admin:
        return Deputy.objects.all()
    conditions = []
    if scope.region_paths:
        conditions.append(_in_region_paths(scope.region_paths))
    if scope.station_ids:
        conditions.append(_in_stations(scope.station_ids))
    if scope.deputy_id is not None:
        conditions.append(Q(pk=scope.deputy_id))
    return _deputies_where(conditions)


def deputies_with_id_number_for(user) -> QuerySet[Deputy]:
    """Return the deputies whose ID number the user may see: the committee staff
    over them, the deputy themself, administrators."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return Deputy.objects.none()
    if scope.is_admin:
        return Deputy.objects.all()
    conditions = []
    if scope.staff_region_paths:
        conditions.append(_in_region_paths(scope.staff_region_paths))
    if scope.deputy_id is not None:
        conditions.append(Q(pk=scope.deputy_id))
    return _deputies_where(conditions)


def get_deputy_for_user(user, pk) -> Deputy:
    """Return one deputy the user may see, or raise 404 without saying whether it exists."""
    try:
        return deputies_visible_to(user).get(pk=pk)
    except (Deputy.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def groups_visible_to(user) -> QuerySet[DeputyGroup]:
    """Return the deputy groups the user may see."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return DeputyGroup.objects.none()
    if scope.is_admin:
        return DeputyGroup.objects.all()
    query = None
    if scope.region_paths:
        query = region_subtree_q("congress__region__path", scope.region_paths)
    if scope.station_ids:
        part = DeputyGroup.objects.filter(station_id__in=scope.station_ids).values("pk")
        query = (query | Q(pk__in=part)) if query is not None else Q(pk__in=part)
    if scope.deputy_id is not None:
        part = Q(members__id=scope.deputy_id)
        ids = DeputyGroup.objects.filter(part).values("pk")
        query = (query | Q(pk__in=ids)) if query is not None else Q(pk__in=ids)
    if query is None:
        return DeputyGroup.objects.none()
    return DeputyGroup.objects.filter(query).distinct()


def get_group_for_user(user, pk) -> DeputyGroup:
    """Return one group the user may see, or raise 404."""
    try:
        return groups_visible_to(user).get(pk=pk)
    except (DeputyGroup.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class DeputyFilters:
    """The filters of the deputy list, shared by the page, the export and the API."""

    congress: int | None = None
    level: str | None = None
    term: int | None = None
    delegation: int | None = None
    group: int | None = None
    station: int | None = None
    party: str | None = None
    gender: str | None = None
    ethnicity: str | None = None
    occupation_category: str | None = None
    q: str | None = None
    active_only: bool = True
    order: str = "stroke"


ORDERINGS = {
    "stroke": ("stroke_key", "id"),
    "pinyin": ("name_pinyin", "id"),
    "birth": ("birth_date", "id"),
    "recent": ("-created_at", "-id"),
}


# The digits a masked phone shows at its end (138****1234).
MASKED_PHONE_TAIL = 4


def _search_q(text: str, user) -> Q:
    """Match a name, its pinyin or initials, or a phone number's digits.

    Phone digits match in full only for deputies whose number the user may see;
    for the others only the last four digits, which the mask shows anyway, so
    a search can never be used to guess a hidden number digit by digit.
    """
    text = text.strip()
    if not text:
        return Q()
    if not text.isascii():
        return Q(name__contains=text)
    lowered = text.lower().replace(" ", "")
    by_name = Q(name_initials__startswith=lowered) | Q(name_pinyin__startswith=lowered)
    if not lowered.isdigit():
        return by_name
    by_phone = Q(
        phone__endswith=lowered,
        pk__in=deputies_with_full_phone_for(user).values("pk"),
    )
    if len(lowered) == MASKED_PHONE_TAIL:
        by_phone |= Q(phone__endswith=lowered)
    return by_name | by_phone


def deputy_list(*, user, filters: DeputyFilters) -> QuerySet[Deputy]:
    """Return the deputies the user may see that match the filters, in the chosen order.

    Mandate filters (congress, level, term, delegation) apply to one and the
    same mandate; ``active_only`` keeps mandates that have not ended.
    """
    queryset = deputies_visible_to(user)
    mandate_filter = {}
    if filters.congress:
        mandate_filter["term__congress_id"] = filters.congress
    if filters.level:
        mandate_filter["term__congress__level"] = filters.level
    if filters.term:
        mandate_filter["term_id"] = filters.term
    if filters.delegation:
        mandate_filter["delegation_id"] = filters.delegation
    if mandate_filter or filters.active_only:
        mandates = Mandate.objects.filter(deputy=OuterRef("pk"), **mandate_filter)
        if filters.active_only:
            mandates = mandates.filter(end_date__isnull=True)
        queryset = queryset.filter(Exists(mandates))
    if filters.group:
        queryset = queryset.filter(
            Exists(
                DeputyGroup.members.through.objects.filter(
                    deputy_id=OuterRef("pk"), deputygroup_id=filters.group
                )
            )
        )
    if filters.station:
        queryset = queryset.filter(
            Exists(
                DeputyGroup.members.through.objects.filter(
                    deputy_id=OuterRef("pk"), deputygroup__station_id=filters.station
                )
            )
        )
    for name in ("party", "gender", "ethnicity", "occupation_category"):
        value = getattr(filters, name)
        if value:
            queryset = queryset.filter(**{name: value})
    if filters.q:
        queryset = queryset.filter(_search_q(filters.q, user))
    # A list may read a replica (renda/core/db_router.py).
    return replica_ok(
        queryset.order_by(*ORDERINGS.get(filters.order, ORDERINGS["stroke"]))
    )


def composition_for(
    *, user, congress, term=None, on_date: dt.date | None = None
) -> dict:
    """Return the composition (代表结构) of a congress's sitting deputies, counted from records.

    Gender, ethnicity (汉族 / 少数民族 and each), party, age band on ``on_date``
    (default today) and occupation category; each as rows of label, count and
    share (percent, one decimal) in a fixed order.
    """
    on_date = on_date or timezone.localdate()
    term = term or congress.current_term()
    deputies = deputies_visible_to(user).filter(
        Exists(
            Mandate.objects.filter(
                deputy=OuterRef("pk"), term=term, end_date__isnull=True
            )
        )
    )
    total = deputies.count()

    def share(count: int) -> float:
        return round(count * 100.0 / total, 1) if total else 0.0

    def rows(field: str, choices=None) -> list[dict]:
        counts = dict(deputies.values_list(field).annotate(n=Count("id")).order_by())
        if choices is not None:
            keys = [value for value, _ in choices]
            labels = dict(choices)
        else:
            keys = sorted(counts, key=lambda k: (-counts[k], k))
            labels = {k: k for k in keys}
        return [
            {
                "key": k,
                "label": str(labels.get(k, k)),
                "count": counts.get(k, 0),
                "share": share(counts.get(k, 0)),
            }
            for k in keys
            if counts.get(k, 0) or choices is not None
        ]

    ethnic = rows("ethnicity")
    minority = sum(r["count"] for r in ethnic if r["key"] != "汉族")
    ages = []
    births = list(deputies.values_list("birth_date", flat=True))
    for low, high, label in AGE_BANDS:
        count = sum(
            1 for b in births if b is not None and low <= _age(b, on_date) < high
        )
        ages.append(
            {"key": label, "label": label, "count": count, "share": share(count)}
        )
    unknown_age = sum(1 for b in births if b is None)
    if unknown_age:
        ages.append(
            {
                "key": "unknown",
                "label": "未填写",
                "count": unknown_age,
                "share": share(unknown_age),
            }
        )
    return {
        "congress": congress,
        "term": term,
        "on_date": on_date,
        "total": total,
        "gender": rows("gender", Gender.choices),
        "ethnicity": ethnic,
        "minority": {"count": minority, "share": share(minority)},
        "party": rows("party", Party.choices),
        "age": ages,
        "occupation": rows("occupation_category", OccupationCategory.choices),
    }


def _age(birth: dt.date, on_date: dt.date) -> int:
    return (
        on_date.year
        - birth.year
        - ((on_date.month, on_date.day) < (birth.month, birth.day))
    )


def deputies_with_details(queryset: QuerySet[Deputy], *, user) -> QuerySet[Deputy]:
    """Attach each deputy's sitting mandates and the groups the user may see.

    Sets ``sitting_mandates`` (with congress and delegation) and
    ``visible_groups`` (with station) on every deputy, in two queries in all.
    """
    return queryset.prefetch_related(
        Prefetch(
            "mandates",
            queryset=Mandate.objects.filter(end_date__isnull=True)
            .select_related("term__congress", "delegation")
            .order_by("term__congress__region__code", "-term__number"),
            to_attr="sitting_mandates",
        ),
        Prefetch(
            "deputy_groups",
            queryset=groups_visible_to(user).select_related("station").order_by("name"),
            to_attr="visible_groups",
        ),
    )


def mandates_of(deputy: Deputy) -> QuerySet[Mandate]:
    """Return all of a deputy's mandates: sitting ones first, then the latest."""
    return deputy.mandates.select_related(
        "term__congress",
        "delegation",
        "electoral_unit",
        "constituency",
    ).order_by(F("end_date").asc(nulls_first=True), "-start_date")


def group_members(group: DeputyGroup) -> QuerySet[Deputy]:
    """Return a group's members in stroke order (按姓氏笔画)."""
    return group.members.order_by(*ORDERINGS["stroke"])


# Who may serve at a station ------------------------------------------------------


def deputies_eligible_for_station(station):
    """Return the deputies who may serve at a station.

    Members and leaders of the station's groups, and deputies with a current
    mandate in a congress whose area contains the station.
    """
    region_path = station.region.path
    ancestors = [
        prefix
        for prefix in region_path_prefixes(region_path)
        if prefix  # "/220000/", "/220000/220400/", ...
    ]
    return Deputy.objects.filter(
        Q(deputy_groups__station_id=station.pk)
        | Q(
            mandates__end_date__isnull=True,
            mandates__term__congress__region__path__in=ancestors,
        )
    ).distinct()
