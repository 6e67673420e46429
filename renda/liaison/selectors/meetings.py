"""Reads of standing committee meetings and the deputies invited to observe them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.deputies.models import Deputy, Mandate
from renda.meetings.choices import MeetingKind
from renda.meetings.models import CommitteeMeeting

from .. import rules
from ..models import (
    MeetingObserver,
)
from ..permissions import can_manage_congress
from .common import _any, _get, _query_id
from .timeline import TimelineEntry, timeline


def committee_meetings_visible_to(user) -> QuerySet[CommitteeMeeting]:
    """Return the committee meetings the user may see: staff and leaders those of
    their congress; a deputy those they were invited to."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return CommitteeMeeting.objects.none()
    if scope.is_admin:
        return CommitteeMeeting.objects.filter(kind=MeetingKind.STANDING)
    conditions = []
    if scope.congress_ids:
        conditions.append(
            Q(standing_committee__term__congress_id__in=scope.congress_ids)
        )
    if scope.deputy_id is not None:
        invited = MeetingObserver.objects.filter(deputy_id=scope.deputy_id)
        conditions.append(Q(pk__in=invited.values("meeting_id")))
    # Deputies observe the standing committee's meetings, not the chairpersons'.
    return _any(conditions, CommitteeMeeting).filter(kind=MeetingKind.STANDING)


def with_observer_counts(queryset: QuerySet[CommitteeMeeting]) -> QuerySet:
    """Annotate invited and attended observers, and whether the rule is met."""
    return queryset.annotate(
        observer_count=Count("observers", distinct=True),
        attended_count=Count(
            "observers", filter=Q(observers__attended=True), distinct=True
        ),
    ).select_related("standing_committee__term__congress")


def get_committee_meeting_for_user(user, pk) -> CommitteeMeeting:
    """Return one committee meeting the user may see, or raise 404."""
    return _get(with_observer_counts(committee_meetings_visible_to(user)), pk)


def meeting_observers(meeting: CommitteeMeeting) -> QuerySet[MeetingObserver]:
    """Return a meeting's observers in stroke order."""
    return meeting.observers.select_related("deputy").order_by(
        "deputy__stroke_key", "id"
    )


def observers_short_of_rule(count: int) -> bool:
    return not rules.meeting_has_enough_observers(count)


def eligible_observer_deputies(meeting: CommitteeMeeting) -> QuerySet[Deputy]:
    """Return the deputies who may observe a meeting: sitting deputies of its congress."""
    return Deputy.objects.filter(
        pk__in=Mandate.objects.filter(
            end_date__isnull=True,
            term__congress_id=meeting.standing_committee.term.congress_id,
        ).values("deputy_id")
    )


@dataclass(frozen=True)
class MeetingFilters:
    """The filters of the committee-meeting list (page and ``GET /committee-meetings``)."""

    congress: int | None = None

    @classmethod
    def from_query(cls, query) -> MeetingFilters:
        return cls(congress=_query_id(query, "congress"))


def _observers_prefetch() -> Prefetch:
    return Prefetch(
        "observers",
        queryset=MeetingObserver.objects.select_related("deputy").order_by(
            "deputy__stroke_key", "id"
        ),
    )


def committee_meeting_list(user, filters: MeetingFilters) -> QuerySet[CommitteeMeeting]:
    """Return the committee meetings the user may see that match the filters, newest
    first, with observer counts and the observers."""
    queryset = committee_meetings_visible_to(user)
    if filters.congress:
        queryset = queryset.filter(
            standing_committee__term__congress_id=filters.congress
        )
    return (
        with_observer_counts(queryset)
        .prefetch_related(_observers_prefetch())
        .order_by("-date", "-id")
    )


MEETING_INVITE = "invite"
MEETING_ATTENDANCE = "record_attendance"
MEETING_REMOVE_OBSERVER = "remove_observer"


@dataclass
class MeetingDetail:
    meeting: CommitteeMeeting
    observers: list[MeetingObserver]
    actions: list[str]
    events: list[TimelineEntry] = field(default_factory=list)

    def may(self, action: str) -> bool:
        return action in self.actions


def committee_meeting_detail(
    user, pk, *, today: dt.date | None = None
) -> MeetingDetail:
    """Return one committee meeting the user may see, its observers and what the
    user may do now (invite, record attendance once held, withdraw invitations)."""
    today = today or timezone.localdate()
    meeting = _get(
        with_observer_counts(committee_meetings_visible_to(user)).prefetch_related(
            _observers_prefetch()
        ),
        pk,
    )
    actions = []
    if can_manage_congress(user, meeting.standing_committee.term.congress):
        actions += [MEETING_INVITE, MEETING_REMOVE_OBSERVER]
        if meeting.date <= today:
            actions.append(MEETING_ATTENDANCE)
    return MeetingDetail(
        meeting=meeting,
        observers=list(meeting.observers.all()),
        actions=actions,
        events=timeline(meeting.events.all()),
    )


def observations_of(user, *, upcoming_from=None) -> QuerySet[MeetingObserver]:
    """Return the invitations to observe committee meetings of the user's deputy
    record (我列席的会议), newest meeting first; with ``upcoming_from`` (a date),
    only the meetings held on or after it."""
    deputy_id = get_scope(user).deputy_id
    if deputy_id is None:
        return MeetingObserver.objects.none()
    observers = MeetingObserver.objects.filter(deputy_id=deputy_id)
    if upcoming_from is not None:
        observers = observers.filter(meeting__date__gte=upcoming_from)
    return observers.select_related(
        "meeting__standing_committee__term__congress"
    ).order_by("-meeting__date", "-id")


def get_observer_for_user(user, meeting: CommitteeMeeting, pk) -> MeetingObserver:
    """Return one observer of a meeting the user may see, or raise 404."""
    observer = _get(
        MeetingObserver.objects.filter(
            meeting__in=committee_meetings_visible_to(user), meeting=meeting
        ).select_related("deputy"),
        pk,
    )
    observer.meeting = meeting
    return observer
