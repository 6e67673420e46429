"""Reads of deputy group activities (代表小组活动) and who joined them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from renda.accounts.permissions import get_scope
from renda.congresses.models import CommitteeMember
from renda.deputies.models import Deputy, DeputyGroup

from ..models import (
    GroupActivity,
)
from .common import _any, _get, _query_id, _query_year


def group_activities_visible_to(user) -> QuerySet[GroupActivity]:
    """Return the group activities the user may see."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return GroupActivity.objects.none()
    if scope.is_admin:
        return GroupActivity.objects.all()
    conditions = [
        Q(
            pk__in=GroupActivity.objects.filter(committee_members__user=user).values(
                "pk"
            )
        )
    ]
    if scope.congress_ids:
        conditions.append(Q(group__congress_id__in=scope.congress_ids))
    if scope.station_ids:
        conditions.append(Q(group__station_id__in=scope.station_ids))
    if scope.deputy_id is not None:
        attended = GroupActivity.objects.filter(attendees__id=scope.deputy_id)
        conditions.append(Q(pk__in=attended.values("pk")))
        conditions.append(Q(group__leader_id=scope.deputy_id))
    return _any(conditions, GroupActivity)


def get_group_activity_for_user(user, pk) -> GroupActivity:
    """Return one group activity the user may see, or raise 404."""
    return _get(
        group_activities_visible_to(user)
        .select_related("group__congress", "group__station", "recorded_by")
        .prefetch_related(
            Prefetch("attendees", queryset=Deputy.objects.order_by("stroke_key")),
            Prefetch(
                "committee_members",
                queryset=CommitteeMember.objects.select_related("deputy").order_by(
                    "rank", "id"
                ),
            ),
        ),
        pk,
    )


def groups_recordable_by(user) -> QuerySet[DeputyGroup]:
    """Return the groups whose activities the user may record."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return DeputyGroup.objects.none()
    if scope.is_admin:
        return DeputyGroup.objects.all()
    conditions = []
    if scope.staff_congress_ids:
        conditions.append(Q(congress_id__in=scope.staff_congress_ids))
    if scope.station_ids:
        conditions.append(Q(station_id__in=scope.station_ids))
    if scope.deputy_id is not None:
        conditions.append(Q(leader_id=scope.deputy_id))
    return _any(conditions, DeputyGroup)


def activities_joined_by(member_ids) -> QuerySet[GroupActivity]:
    """Return the activities the given committee members joined, newest first."""
    return (
        GroupActivity.objects.filter(committee_members__in=member_ids)
        .distinct()
        .select_related("group")
        .order_by("-date", "-id")
    )


@dataclass(frozen=True)
class ActivityFilters:
    """The filters of the group-activity list (page and ``GET /group-activities``)."""

    group: int | None = None
    member: int | None = None
    year: int | None = None

    @classmethod
    def from_query(cls, query) -> ActivityFilters:
        return cls(
            group=_query_id(query, "group"),
            member=_query_id(query, "member"),
            year=_query_year(query),
        )


def group_activity_list(user, filters: ActivityFilters) -> QuerySet[GroupActivity]:
    """Return the group activities the user may see that match the filters, newest
    first, with their attendees and committee members."""
    queryset = group_activities_visible_to(user)
    if filters.group:
        queryset = queryset.filter(group_id=filters.group)
    if filters.member:
        queryset = queryset.filter(
            pk__in=GroupActivity.objects.filter(
                committee_members__id=filters.member
            ).values("pk")
        )
    if filters.year:
        queryset = queryset.filter(date__year=filters.year)
    return (
        queryset.select_related("group__station")
        .annotate(attendee_count=Count("attendees", distinct=True))
        .prefetch_related("attendees", "committee_members")
        .order_by("-date", "-id")
    )


def activities_attended_by(user) -> QuerySet[GroupActivity]:
    """Return the group activities the user's deputy record attended, newest first."""
    deputy_id = get_scope(user).deputy_id
    if deputy_id is None:
        return GroupActivity.objects.none()
    return (
        GroupActivity.objects.filter(attendees__id=deputy_id)
        .select_related("group")
        .order_by("-date", "-id")
    )
