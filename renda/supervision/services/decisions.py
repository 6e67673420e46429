"""The chairpersons' decisions (主任会议决定事项) supervision links: each step the
chairpersons' meeting approves (a plan version adopted, review opinions
approved) records a decision through meetings' services and keeps its date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from renda.meetings.models import ChairpersonsDecision, CommitteeMeeting
from renda.meetings.services.decisions import (
    check_chairpersons_meeting,
    decision_record,
)

from .common import invalid

FIELD = "chairpersons_meeting"


@dataclass(frozen=True)
class Decided:
    decision: ChairpersonsDecision
    meeting_name: str
    decided_on: dt.date


def check_meeting(meeting, *, congress, today: dt.date | None = None):
    """Refuse anything but a held chairpersons' meeting of the congress."""
    if meeting is None:
        raise invalid("请选择主任会议。", FIELD)
    if not isinstance(meeting, CommitteeMeeting):
        raise invalid("所选主任会议无效。", FIELD)
    return check_chairpersons_meeting(
        meeting, congress=congress, today=today, field=FIELD
    )


def decide(
    *,
    meeting,
    congress,
    kind: str,
    title: str,
    subject,
    actor,
    text: str = "",
    today: dt.date | None = None,
) -> Decided:
    """Record the chairpersons' decision about ``subject``; return it with the
    meeting's name and date for the subject's own fields."""
    check_meeting(meeting, congress=congress, today=today)
    decision = decision_record(
        meeting=meeting,
        kind=kind,
        title=title[:200],
        text=text,
        subject=subject,
        congress=congress,
        actor=actor,
        today=today,
    )
    return Decided(
        decision=decision,
        meeting_name=f"第{meeting.number}次主任会议",
        decided_on=meeting.date,
    )


def chairpersons_meeting_by_id(meeting_id) -> CommitteeMeeting:
    """The meeting an API payload names (chairpersons_meeting_id); the service
    then checks that it is a held chairpersons' meeting of the congress."""
    meeting = (
        CommitteeMeeting.objects.select_related("standing_committee__term")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise invalid("所选主任会议不存在。", "chairpersons_meeting_id")
    return meeting
