"""Reads of the chairpersons' meetings and their decisions (主任会议决定事项)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ..choices import MeetingKind, MeetingStatus
from ..models import ChairpersonsDecision, CommitteeMeeting
from ..permissions import manages_congress, meeting_congress_q, reads_congress


def meeting_label(meeting: CommitteeMeeting) -> str:
    """第N次主任会议（YYYY-MM-DD）."""
    return f"第{meeting.number}次主任会议（{meeting.date:%Y-%m-%d}）"


def held_chairpersons_meetings(congress, *, held_only: bool = True):
    """Return the congress's chairpersons' meetings a decision may cite: most
    recent first, not cancelled, held by today when ``held_only``."""
    meetings = (
        CommitteeMeeting.objects.filter(
            kind=MeetingKind.CHAIRPERSONS,
            standing_committee__term__congress=congress,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("standing_committee__term")
        .order_by("-date", "-number", "-id")
    )
    if held_only:
        meetings = meetings.filter(date__lte=timezone.localdate())
    return meetings


def chairpersons_meetings_for(user, congress, *, held_only: bool = True):
    """Return ``held_chairpersons_meetings`` (the choices of the forms) for a
    user who reads the congress's meetings (its staff, leaders and members);
    none for anyone else."""
    if not reads_congress(user, congress):
        return CommitteeMeeting.objects.none()
    return held_chairpersons_meetings(congress, held_only=held_only)


def chairpersons_meeting_choices(user, congress) -> list[tuple[int, str]]:
    """The (id, label) pairs of ``chairpersons_meetings_for``."""
    return [(m.pk, meeting_label(m)) for m in chairpersons_meetings_for(user, congress)]


def get_chairpersons_meeting_for_user(user, pk) -> CommitteeMeeting:
    """Return a chairpersons' meeting the user may read, or raise 404."""
    meeting = (
        CommitteeMeeting.objects.filter(meeting_congress_q(user))
        .filter(kind=MeetingKind.CHAIRPERSONS, pk=pk)
        .select_related("standing_committee__term__congress")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def decisions_of_meeting(meeting: CommitteeMeeting) -> QuerySet[ChairpersonsDecision]:
    """Return a meeting's decisions in the order recorded."""
    return meeting.decisions.select_related(
        "subject_type", "agenda_item", "recorded_by"
    ).order_by("id")


def decision_for_subject(subject, kind: str | None = None):
    """Return the latest decision about ``subject`` (of ``kind`` when given), or None."""
    if subject is None or subject.pk is None:
        return None
    decisions = ChairpersonsDecision.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
    )
    if kind:
        decisions = decisions.filter(kind=kind)
    return decisions.select_related("meeting").order_by("-id").first()


def subject_url(decision: ChairpersonsDecision) -> str:
    """The page of the decision's subject: its ``get_absolute_url`` or its
    ``decision_subject_url`` (a method the subject's app defines), else ""."""
    subject = decision.subject if decision.subject_type_id else None
    if subject is None:
        return ""
    for name in ("decision_subject_url", "get_absolute_url"):
        method = getattr(subject, name, None)
        if callable(method):
            try:
                return method() or ""
            except NoReverseMatch:
                return ""
    return ""


@dataclass(frozen=True)
class DecisionRow:
    decision: ChairpersonsDecision
    subject_label: str
    subject_url: str


@dataclass(frozen=True)
class MeetingDecisions:
    meeting: CommitteeMeeting
    label: str
    rows: list[DecisionRow]
    manages: bool


def meeting_decisions_detail(user, pk) -> MeetingDecisions:
    """What the decisions page of a chairpersons' meeting shows."""
    meeting = get_chairpersons_meeting_for_user(user, pk)
    rows = []
    for decision in decisions_of_meeting(meeting):
        subject = decision.subject if decision.subject_type_id else None
        rows.append(
            DecisionRow(
                decision=decision,
                subject_label=str(subject) if subject is not None else "",
                subject_url=subject_url(decision),
            )
        )
    return MeetingDecisions(
        meeting=meeting,
        label=meeting_label(meeting),
        rows=rows,
        manages=manages_congress(user, meeting.standing_committee.term.congress_id),
    )


def decisions_url(meeting_or_decision) -> str:
    """The decisions page of a chairpersons' meeting (or of a decision's meeting)."""
    meeting_id = getattr(meeting_or_decision, "meeting_id", None) or getattr(
        meeting_or_decision, "pk", None
    )
    return reverse("meetings:decisions", args=[meeting_id]) if meeting_id else ""


__all__ = [
    "chairpersons_meeting_choices",
    "chairpersons_meetings_for",
    "decision_for_subject",
    "decisions_of_meeting",
    "decisions_url",
    "get_chairpersons_meeting_for_user",
    "held_chairpersons_meetings",
    "meeting_decisions_detail",
    "meeting_label",
    "subject_url",
]
