"""Typed events of 双联 records: the timelines of a contact and of a committee meeting.

One constructor per kind, one payload shape per kind (a dataclass), and one
``describe_event()`` that the pages and the API both use. Services call the
constructors inside their transaction; nothing else writes ``LiaisonEvent``.
(The shape follows Saleor's ``saleor/order/events.py``.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from renda.meetings.models import CommitteeMeeting

from .choices import ContactKind, LateEntryKind, LiaisonEventKind
from .models import ContactLog, DeputyContact, LiaisonEvent

Kind = LiaisonEventKind


# Payloads ---------------------------------------------------------------------


@dataclass(frozen=True)
class ContactAssigned:
    leader: str
    deputy: str
    since: str


@dataclass(frozen=True)
class ContactLogged:
    log: int
    date: str
    kind: str
    late: bool


@dataclass(frozen=True)
class ContactEnded:
    until: str


@dataclass(frozen=True)
class MeetingCreated:
    number: int
    date: str


@dataclass(frozen=True)
class ObserversInvited:
    deputies: list[str] = field(default_factory=list)
    late: bool = False


@dataclass(frozen=True)
class ObserverRemoved:
    deputy: str


@dataclass(frozen=True)
class AttendanceRecorded:
    attended: int
    invited: int


@dataclass(frozen=True)
class LateEntryConfirmed:
    entry_kind: str
    entry: int
    reason: str


PAYLOADS = {
    Kind.CONTACT_ASSIGNED: ContactAssigned,
    Kind.CONTACT_LOGGED: ContactLogged,
    Kind.CONTACT_ENDED: ContactEnded,
    Kind.MEETING_CREATED: MeetingCreated,
    Kind.OBSERVERS_INVITED: ObserversInvited,
    Kind.OBSERVER_REMOVED: ObserverRemoved,
    Kind.ATTENDANCE_RECORDED: AttendanceRecorded,
    Kind.LATE_ENTRY_CONFIRMED: LateEntryConfirmed,
}


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def _record(kind: str, payload, *, actor, contact=None, meeting=None) -> LiaisonEvent:
    if not isinstance(payload, PAYLOADS[kind]):
        raise TypeError(f"{kind} takes a {PAYLOADS[kind].__name__} payload")
    return LiaisonEvent.objects.create(
        kind=kind,
        contact=contact,
        meeting=meeting,
        actor=_actor(actor),
        payload=asdict(payload),
    )


# Constructors -------------------------------------------------------------------


def contact_assigned_event(*, contact: DeputyContact, actor) -> LiaisonEvent:
    return _record(
        Kind.CONTACT_ASSIGNED,
        ContactAssigned(
            leader=contact.leader.deputy.name,
            deputy=contact.deputy.name,
            since=contact.since.isoformat(),
        ),
        actor=actor,
        contact=contact,
    )


def contact_logged_event(*, log: ContactLog, actor) -> LiaisonEvent:
    return _record(
        Kind.CONTACT_LOGGED,
        ContactLogged(
            log=log.pk, date=log.date.isoformat(), kind=log.kind, late=log.late
        ),
        actor=actor,
        contact=log.contact,
    )


def contact_ended_event(*, contact: DeputyContact, until: dt.date, actor):
    return _record(
        Kind.CONTACT_ENDED,
        ContactEnded(until=until.isoformat()),
        actor=actor,
        contact=contact,
    )


def meeting_created_event(*, meeting: CommitteeMeeting, actor) -> LiaisonEvent:
    return _record(
        Kind.MEETING_CREATED,
        MeetingCreated(number=meeting.number, date=meeting.date.isoformat()),
        actor=actor,
        meeting=meeting,
    )


def observers_invited_event(
    *, meeting: CommitteeMeeting, deputies, late: bool, actor
) -> LiaisonEvent:
    return _record(
        Kind.OBSERVERS_INVITED,
        ObserversInvited(deputies=[d.name for d in deputies], late=late),
        actor=actor,
        meeting=meeting,
    )


def observer_removed_event(*, meeting: CommitteeMeeting, deputy, actor):
    return _record(
        Kind.OBSERVER_REMOVED,
        ObserverRemoved(deputy=deputy.name),
        actor=actor,
        meeting=meeting,
    )


def attendance_recorded_event(
    *, meeting: CommitteeMeeting, attended: int, invited: int, actor
) -> LiaisonEvent:
    return _record(
        Kind.ATTENDANCE_RECORDED,
        AttendanceRecorded(attended=attended, invited=invited),
        actor=actor,
        meeting=meeting,
    )


def late_entry_confirmed_event(*, kind: str, entry, reason: str, actor):
    """On the timeline the entry belongs to: a contact's (log) or a meeting's
    (observer); group activities and coordination meetings have none."""
    payload = LateEntryConfirmed(entry_kind=str(kind), entry=entry.pk, reason=reason)
    if kind == LateEntryKind.CONTACT_LOG:
        return _record(
            Kind.LATE_ENTRY_CONFIRMED, payload, actor=actor, contact=entry.contact
        )
    if kind == LateEntryKind.OBSERVER:
        return _record(
            Kind.LATE_ENTRY_CONFIRMED, payload, actor=actor, meeting=entry.meeting
        )
    return None


# Reading ------------------------------------------------------------------------


def payload_of(event: LiaisonEvent):
    """Return the event's payload as its kind's dataclass."""
    return PAYLOADS[event.kind](**event.payload)


def describe_event(event: LiaisonEvent) -> str:
    """Return the event as one line of Chinese, for the page timeline and the API."""
    payload = payload_of(event)
    match payload:
        case ContactAssigned():
            return f"{payload.leader}自 {payload.since} 起联系{payload.deputy}"
        case ContactLogged():
            text = f"记录{payload.date}的联系（{ContactKind(payload.kind).label}）"
            return text + ("，补录" if payload.late else "")
        case ContactEnded():
            return f"联系于 {payload.until} 结束"
        case MeetingCreated():
            return f"登记第{payload.number}次会议，{payload.date}召开"
        case ObserversInvited():
            text = f"邀请{'、'.join(payload.deputies)}列席"
            return text + ("（会后补录）" if payload.late else "")
        case ObserverRemoved():
            return f"撤销对{payload.deputy}的列席邀请"
        case AttendanceRecorded():
            return (
                f"登记出席情况：出席 {payload.attended} 名，共邀请 {payload.invited} 名"
            )
        case LateEntryConfirmed():
            label = LateEntryKind(payload.entry_kind).label
            return f"确认补录的{label}，理由：{payload.reason}"
    return event.get_kind_display()
