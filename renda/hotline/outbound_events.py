"""The timeline of a ticket sent to a partner: one constructor per kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .choices import OutboundEventKind as Kind
from .models import OutboundEvent, OutboundTicket

PAYLOAD_KEYS: dict[str, set[str]] = {
    Kind.CREATED: {"service_code", "consent"},
    Kind.ATTEMPT_FAILED: {"attempt", "error", "next_attempt_at"},
    Kind.FOUND_EXISTING: {"service_request_id"},
    Kind.SENT: {"service_request_id", "token"},
    Kind.TOKEN_RESOLVED: {"service_request_id"},
    Kind.GAVE_UP: {"attempt", "error"},
    Kind.RETRIED: set(),
    Kind.STATUS: {"status", "status_notes", "source"},
    Kind.ANSWERED: {"status_notes", "source", "reply"},
    Kind.LATE_ANSWER: {"status_notes", "source", "reason"},
    Kind.CANCELLED: {"reason"},
}


def _event(ticket, kind, *, at, actor=None, **data) -> OutboundEvent:
    if set(data) != PAYLOAD_KEYS[kind]:
        raise ValueError(f"Payload of {kind} must have {sorted(PAYLOAD_KEYS[kind])}")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return OutboundEvent.objects.create(
        ticket=ticket, kind=kind, at=at, actor=actor, data=data
    )


def created_event(*, ticket: OutboundTicket, at, actor, consent: bool):
    return _event(
        ticket,
        Kind.CREATED,
        at=at,
        actor=actor,
        service_code=ticket.service_code,
        consent=consent,
    )


def attempt_failed_event(*, ticket, at, attempt, error, next_attempt_at):
    return _event(
        ticket,
        Kind.ATTEMPT_FAILED,
        at=at,
        attempt=attempt,
        error=error,
        next_attempt_at=next_attempt_at.isoformat() if next_attempt_at else None,
    )


def found_existing_event(*, ticket, at, service_request_id):
    return _event(
        ticket, Kind.FOUND_EXISTING, at=at, service_request_id=service_request_id
    )


def sent_event(*, ticket, at):
    return _event(
        ticket,
        Kind.SENT,
        at=at,
        service_request_id=ticket.service_request_id,
        token=ticket.token,
    )


def token_resolved_event(*, ticket, at):
    return _event(
        ticket, Kind.TOKEN_RESOLVED, at=at, service_request_id=ticket.service_request_id
    )


def gave_up_event(*, ticket, at, attempt, error):
    return _event(ticket, Kind.GAVE_UP, at=at, attempt=attempt, error=error)


def retried_event(*, ticket, at, actor):
    return _event(ticket, Kind.RETRIED, at=at, actor=actor)


def status_event(*, ticket, at, status, status_notes, source):
    return _event(
        ticket,
        Kind.STATUS,
        at=at,
        status=status,
        status_notes=status_notes,
        source=source,
    )


def answered_event(*, ticket, at, status_notes, source, reply):
    return _event(
        ticket,
        Kind.ANSWERED,
        at=at,
        status_notes=status_notes,
        source=source,
        reply=reply.pk,
    )


def late_answer_event(*, ticket, at, status_notes, source, reason):
    return _event(
        ticket,
        Kind.LATE_ANSWER,
        at=at,
        status_notes=status_notes,
        source=source,
        reason=reason,
    )


def cancelled_event(*, ticket, at, actor, reason):
    return _event(ticket, Kind.CANCELLED, at=at, actor=actor, reason=reason)


SOURCES = {"poll": "定时查询", "push": "对方推送"}


@dataclass(frozen=True)
class EventDescription:
    title: str
    lines: list[str]
    actor: str
    at: dt.datetime


def describe_event(event: OutboundEvent) -> EventDescription:
    """Return what the timeline shows of one event (page and API alike)."""
    data = event.data or {}
    lines: list[str] = []
    kind = event.kind
    if kind == Kind.CREATED:
        lines.append(f"服务代码：{data.get('service_code')}")
        lines.append(
            "附代表姓名和电话（代表已同意）"
            if data.get("consent")
            else "不附代表联系方式（代表未同意）"
        )
    elif kind in (Kind.ATTEMPT_FAILED, Kind.GAVE_UP):
        lines.append(f"第 {data.get('attempt')} 次：{data.get('error')}")
        if data.get("next_attempt_at"):
            lines.append(f"下次尝试：{data['next_attempt_at'][:16].replace('T', ' ')}")
    elif kind in (Kind.FOUND_EXISTING, Kind.SENT, Kind.TOKEN_RESOLVED):
        if data.get("service_request_id"):
            lines.append(f"对方工单号：{data['service_request_id']}")
        if data.get("token"):
            lines.append(f"受理凭证：{data['token']}")
    elif kind in (Kind.STATUS, Kind.ANSWERED, Kind.LATE_ANSWER):
        if data.get("status"):
            lines.append(f"状态：{data['status']}")
        if data.get("status_notes"):
            lines.append(data["status_notes"])
        lines.append(f"来源：{SOURCES.get(data.get('source'), data.get('source'))}")
        if data.get("reason"):
            lines.append(data["reason"])
    elif kind == Kind.CANCELLED and data.get("reason"):
        lines.append(data["reason"])
    actor = event.actor
    return EventDescription(
        title=str(Kind(kind).label),
        lines=lines,
        actor=str(actor) if actor else "系统",
        at=event.at,
    )
