"""The chairpersons' meetings (主任会议) of the demo committee whose decisions the
supervision and suggestions demos link, created through meetings' services."""

from __future__ import annotations

import datetime as dt

from renda.meetings.choices import MeetingKind, MeetingStatus
from renda.meetings.models import CommitteeMeeting
from renda.meetings.services import meeting_create

PLACE = "市人大常委会机关第一会议室"


def chairpersons_meeting_on(*, standing_committee, date: dt.date, actor):
    """The committee's chairpersons' meeting held on ``date``: the one already
    recorded (by another part of the demo) or a new one, numbered next."""
    held = (
        CommitteeMeeting.objects.filter(
            standing_committee=standing_committee,
            kind=MeetingKind.CHAIRPERSONS,
            date=date,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .first()
    )
    return held or meeting_create(
        standing_committee=standing_committee,
        kind=MeetingKind.CHAIRPERSONS,
        date=date,
        place=PLACE,
        actor=actor,
    )
