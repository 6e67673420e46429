"""Chairpersons' meetings (主任会议) for tests, created through meetings' services,
for the apps that link their decisions (supervision, suggestions)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.congresses.models import StandingCommittee, Term
from renda.meetings import services
from renda.meetings.choices import MeetingKind, MeetingStatus
from renda.meetings.models import CommitteeMeeting


def committee_of_congress(congress) -> StandingCommittee:
    """The standing committee of the congress's current (else latest) term."""
    term = Term.objects.filter(congress=congress).order_by("-number").first()
    committee, _ = StandingCommittee.objects.get_or_create(term=term)
    return committee


def chairpersons_meeting(congress, *, actor, date: dt.date | None = None, **fields):
    """A chairpersons' meeting of the congress, held on ``date`` (default today)."""
    return services.meeting_create(
        standing_committee=committee_of_congress(congress),
        kind=MeetingKind.CHAIRPERSONS,
        date=date or timezone.localdate(),
        place=fields.pop("place", "常委会主任会议室"),
        actor=actor,
        **fields,
    )


def chairpersons_meeting_on(congress, date: dt.date, *, actor):
    """The congress's chairpersons' meeting held on ``date`` (created once)."""
    existing = (
        CommitteeMeeting.objects.filter(
            kind=MeetingKind.CHAIRPERSONS,
            standing_committee=committee_of_congress(congress),
            date=date,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .first()
    )
    return existing or chairpersons_meeting(congress, actor=actor, date=date)
