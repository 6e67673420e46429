"""Typed events of a meeting's timeline: one constructor per kind, one payload
shape per kind, and one ``describe_event()`` for the page and the API.

No event of a vote says what anyone chose or carries a ballot's tracker: a
vote's events are its creation, opening, closing (with the totals) and
withdrawal, each by the staff member who did it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from .choices import MeetingEventKind
from .models import CommitteeMeeting, MeetingEvent, Vote

Kind = MeetingEventKind


@dataclass(frozen=True)
class Created:
    title: str


@dataclass(frozen=True)
class Edited:
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AgendaChanged:
    title: str
    change: str  # "added", "removed", "moved", "edited"


@dataclass(frozen=True)
class PapersSent:
    papers: int
    members: int


@dataclass(frozen=True)
class AttendanceRecorded:
    member: str
    status: str
    method: str


@dataclass(frozen=True)
class Opened:
    present: int
    members: int


@dataclass(frozen=True)
class Closed:
    pass


@dataclass(frozen=True)
class Cancelled:
    reason: str


@dataclass(frozen=True)
class VoteCreated:
    title: str
    kind: str
    mode: str


@dataclass(frozen=True)
class VoteOpened:
    title: str
    electorate: int
    present: int | None = None


@dataclass(frozen=True)
class VoteClosed:
    title: str
    result: str
    counts: dict = field(default_factory=dict)
    not_voting: int = 0
    chain_head: str = ""


@dataclass(frozen=True)
class VoteWithdrawn:
    title: str
    reason: str


@dataclass(frozen=True)
class TallyEntered:
    title: str
    result: str
    counts: dict = field(default_factory=dict)
    tellers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Note:
    """A decision, an appointment step, an oath or a 票决评议 step: its text."""

    text: str


PAYLOADS = {
    Kind.CREATED: Created,
    Kind.EDITED: Edited,
    Kind.AGENDA_CHANGED: AgendaChanged,
    Kind.PAPERS_SENT: PapersSent,
    Kind.ATTENDANCE: AttendanceRecorded,
    Kind.OPENED: Opened,
    Kind.CLOSED: Closed,
    Kind.CANCELLED: Cancelled,
    Kind.VOTE_CREATED: VoteCreated,
    Kind.VOTE_OPENED: VoteOpened,
    Kind.VOTE_CLOSED: VoteClosed,
    Kind.VOTE_WITHDRAWN: VoteWithdrawn,
    Kind.TALLY_ENTERED: TallyEntered,
    Kind.DECISION: Note,
    Kind.PERSONNEL: Note,
    Kind.OATH: Note,
    Kind.EVALUATION: Note,
}


def record_event(
    kind: str,
    payload,
    *,
    meeting: CommitteeMeeting,
    actor,
    vote: Vote | None = None,
) -> MeetingEvent:
    """Append one event of the given kind; the payload must be the kind's shape."""
    if not isinstance(payload, PAYLOADS[kind]):
        raise TypeError(f"{kind} takes a {PAYLOADS[kind].__name__} payload")
    return MeetingEvent.objects.create(
        meeting=meeting,
        vote=vote,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        # Lazy labels (gettext_lazy) become their text.
        payload=json.loads(
            json.dumps(asdict(payload), default=str, ensure_ascii=False)
        ),
    )


@dataclass(frozen=True)
class EventDescription:
    kind: str
    title: str
    detail: str
    actor: str
    at: object


def _detail(event: MeetingEvent) -> str:
    data = event.payload or {}
    kind = event.kind
    if kind == Kind.OPENED:
        return f"出席{data.get('present')}人，组成人员{data.get('members')}人"
    if kind == Kind.ATTENDANCE:
        return f"{data.get('member')}：{data.get('status')}"
    if kind in (Kind.VOTE_CREATED, Kind.VOTE_OPENED, Kind.VOTE_WITHDRAWN):
        extra = data.get("reason") or ""
        return f"{data.get('title')}{'：' + extra if extra else ''}"
    if kind in (Kind.VOTE_CLOSED, Kind.TALLY_ENTERED):
        return f"{data.get('title')}：{data.get('result')}"
    if kind == Kind.AGENDA_CHANGED:
        return data.get("title", "")
    if kind == Kind.PAPERS_SENT:
        return f"材料{data.get('papers')}份，送{data.get('members')}人"
    if kind == Kind.CANCELLED:
        return data.get("reason", "")
    if kind == Kind.EDITED:
        return "、".join(data.get("fields", []))
    return data.get("text", "") or data.get("title", "")


def describe_event(event: MeetingEvent) -> EventDescription:
    """Describe one event for the timeline (page and API alike)."""
    actor = event.actor
    return EventDescription(
        kind=event.kind,
        title=event.get_kind_display(),
        detail=_detail(event),
        actor=(actor.get_full_name() or actor.get_username()) if actor else "",
        at=event.created_at,
    )
