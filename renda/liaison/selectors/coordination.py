"""Reads of coordination meetings (协调会) and their participants."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress

from ..choices import Quarter
from ..models import (
    CoordinationMeeting,
)
from .common import _get, _query_id, _query_year


def coordination_meetings_visible_to(user) -> QuerySet[CoordinationMeeting]:
    """Return the coordination meetings the user may see: those their congress
    convened or took part in."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return CoordinationMeeting.objects.none()
    if scope.is_admin:
        return CoordinationMeeting.objects.all()
    if not scope.congress_ids:
        return CoordinationMeeting.objects.none()
    attended = CoordinationMeeting.objects.filter(
        participants__in=scope.congress_ids
    ).values("pk")
    return CoordinationMeeting.objects.filter(
        Q(congress_id__in=scope.congress_ids) | Q(pk__in=attended)
    )


def coordination_year(*, user, congress: Congress, year: int) -> list[dict]:
    """Return the four quarters of a year for a congress: each with its meetings
    (those the user may see) or none, so that missing quarters show."""
    meetings = (
        coordination_meetings_visible_to(user)
        .filter(congress=congress, year=year)
        .prefetch_related("participants")
        .order_by("quarter", "date", "id")
    )
    by_quarter: dict[int, list] = {q.value: [] for q in Quarter}
    for meeting in meetings:
        by_quarter.setdefault(meeting.quarter, []).append(meeting)
    return [
        {"quarter": q.value, "label": q.label, "meetings": by_quarter[q.value]}
        for q in Quarter
    ]


def coordination_participant_choices(congress: Congress) -> QuerySet[Congress]:
    """Return the congresses that may join a congress's coordination meeting: those
    of other levels in its area or above it."""
    path = congress.region.path
    ancestors = [p for p in path.strip("/").split("/") if p]
    above = Q(region__code__in=ancestors)
    below = Q(region__path__startswith=path)
    return (
        Congress.objects.filter(above | below)
        .exclude(pk=congress.pk)
        .exclude(level=congress.level)
        .select_related("region")
        .order_by("region__path")
    )


@dataclass(frozen=True)
class CoordinationFilters:
    """The filters of the coordination-meeting list (page and API)."""

    congress: int | None = None
    year: int | None = None

    @classmethod
    def from_query(cls, query) -> CoordinationFilters:
        return cls(congress=_query_id(query, "congress"), year=_query_year(query))


def coordination_meeting_list(
    user, filters: CoordinationFilters
) -> QuerySet[CoordinationMeeting]:
    """Return the coordination meetings the user may see that match the filters."""
    queryset = coordination_meetings_visible_to(user)
    if filters.congress:
        queryset = queryset.filter(congress_id=filters.congress)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    return (
        queryset.select_related("congress__region")
        .prefetch_related("participants")
        .order_by("-year", "-quarter", "-id")
    )


def get_coordination_meeting_for_user(user, pk) -> CoordinationMeeting:
    """Return one coordination meeting the user may see, or raise 404."""
    return _get(
        coordination_meetings_visible_to(user)
        .select_related("congress__region")
        .prefetch_related("participants"),
        pk,
    )
