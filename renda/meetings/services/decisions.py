"""Writes of the chairpersons' decisions (主任会议决定事项): the records that the
supervision and suggestions apps link instead of a typed meeting name and date.

Those apps call ``decision_record`` from their own services (they import this
app; this app never imports them) with the subject the decision is about: a
plan version, review opinions, a suggestion...
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from renda.core.errors import Conflict
from renda.core.services import action_log_record

from .. import events
from ..choices import DecisionKind, MeetingKind, MeetingStatus
from ..models import AgendaItem, ChairpersonsDecision, CommitteeMeeting
from ..permissions import manages_congress
from .common import clean_choice, clean_text, denied, invalid

Kind = events.Kind


def _congress_id(congress) -> int | None:
    return getattr(congress, "pk", congress)


def check_chairpersons_meeting(
    meeting, *, congress=None, today: dt.date | None = None, field="meeting"
) -> CommitteeMeeting:
    """Refuse a meeting that cannot have decided: not a chairpersons' meeting,
    of another congress, cancelled, or dated in the future."""
    if not isinstance(meeting, CommitteeMeeting):
        raise invalid("请选择主任会议。", field)
    if meeting.kind != MeetingKind.CHAIRPERSONS:
        raise invalid("请选择一次主任会议。", field)
    if (
        congress is not None
        and meeting.standing_committee.term.congress_id != _congress_id(congress)
    ):
        raise invalid("该主任会议不属于本级人大常委会。", field)
    if meeting.status == MeetingStatus.CANCELLED:
        raise invalid("该主任会议已取消。", field)
    if meeting.date > (today or timezone.localdate()):
        raise invalid(
            f"该主任会议定于{meeting.date:%Y年%-m月%-d日}召开，尚未举行。", field
        )
    return meeting


@transaction.atomic
def decision_record(
    *,
    meeting: CommitteeMeeting,
    kind: str,
    title: str,
    text: str = "",
    subject=None,
    agenda_item: AgendaItem | None = None,
    congress=None,
    actor,
    authorized: bool = False,
    today: dt.date | None = None,
) -> ChairpersonsDecision:
    """Record what a chairpersons' meeting decided, about ``subject`` when given.

    ``congress`` (when given) is the subject's congress: the meeting must be its
    standing committee's. The decision's date is the meeting's. The congress's
    staff record decisions; ``authorized`` says the calling app's service has
    already checked the actor's right to record the step the decision is about
    (e.g. a leader choosing key suggestions).
    """
    meeting = CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)
    if not authorized and not manages_congress(
        actor, meeting.standing_committee.term.congress_id
    ):
        raise denied()
    check_chairpersons_meeting(meeting, congress=congress, today=today)
    kind = clean_choice(kind, DecisionKind, field="kind", label="决定类别")
    title = clean_text(title, field="title", label="决定事项", max_length=200)
    text = clean_text(
        text, field="text", label="决定内容", max_length=5000, required=False
    )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise invalid("议程不属于该主任会议。", "agenda_item")
    if subject is not None and subject.pk is None:
        raise invalid("决定事项尚未保存。", "subject")
    decision = ChairpersonsDecision(
        meeting=meeting,
        agenda_item=agenda_item,
        kind=kind,
        title=title,
        text=text,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if subject is not None:
        decision.subject = subject
    decision.save()
    events.record_event(
        Kind.DECISION,
        events.Note(text=f"{DecisionKind(kind).label}：{title}"),
        meeting=meeting,
        actor=actor,
    )
    action_log_record(
        actor=actor,
        action="meetings.decision_record",
        target=decision,
        summary=f"{meeting} {title}",
    )
    return decision


@transaction.atomic
def decision_remove(*, decision: ChairpersonsDecision, reason: str, actor) -> None:
    """Remove a decision recorded by mistake (its subject's step was undone)."""
    decision = (
        ChairpersonsDecision.objects.select_for_update()
        .select_related("meeting__standing_committee__term")
        .get(pk=decision.pk)
    )
    meeting = decision.meeting
    if not manages_congress(actor, meeting.standing_committee.term.congress_id):
        raise denied()
    reason = clean_text(reason, field="reason", label="撤销理由", max_length=500)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict("该主任会议已取消。", code="meetings.meeting_over")
    events.record_event(
        Kind.DECISION,
        events.Note(text=f"撤销决定：{decision.title}（{reason}）"),
        meeting=meeting,
        actor=actor,
    )
    action_log_record(
        actor=actor,
        action="meetings.decision_remove",
        target=decision,
        summary=f"{meeting} 撤销 {decision.title}：{reason}",
    )
    decision.delete()


__all__ = [
    "check_chairpersons_meeting",
    "decision_record",
    "decision_remove",
]
