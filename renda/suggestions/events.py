"""The suggestion's timeline: one constructor per event kind, one payload per kind.

Services append events only through these constructors (Saleor's
``saleor/order/events.py`` is the model), so each kind's ``data`` has one shape,
listed in ``PAYLOAD_KEYS``; ``describe_event()`` turns an event into the words
the page timeline and the API both show. A kind whose payload changes gets a
data migration for the rows already written.

Payload words: ``reason`` is always the free text a person gave for the step
(a return, a refusal, an extension request or decision, a rating); codes have
names of their own (``close_reason``, ``role``, ``rating``, ``source``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from .choices import (
    AssignmentRole,
    CloseReason,
    EventKind,
    ExtensionStatus,
    KeySource,
    Rating,
    ReplyOutcome,
)
from .models import (
    Assignment,
    ExtensionRequest,
    Feedback,
    Reply,
    Suggestion,
    SuggestionEvent,
)

K = EventKind

# kind → the keys of its ``data``; a constructor writing other keys is a bug.
PAYLOAD_KEYS: dict[str, frozenset[str]] = {
    K.CREATED: frozenset(),
    K.PREPARED: frozenset({"station", "station_name", "prepared_by_name", "request"}),
    K.SUBMITTED: frozenset(),
    K.RESUBMITTED: frozenset(),
    K.ACCEPTED: frozenset(),
    K.RETURNED_FOR_CLARIFICATION: frozenset({"reason"}),
    K.REJECTED: frozenset({"reason"}),
    K.ASSIGNED: frozenset({"unit", "unit_name", "role", "due_at", "due_provisional"}),
    K.ASSIGNMENT_RETURNED: frozenset({"unit", "reason", "back_to_staff"}),
    K.ASSIGNMENT_WITHDRAWN: frozenset({"unit", "reason", "back_to_staff"}),
    K.EXTENSION_REQUESTED: frozenset({"extension", "months", "reason"}),
    K.EXTENSION_APPROVED: frozenset({"extension", "months", "reason", "due_at"}),
    K.EXTENSION_DECLINED: frozenset({"extension", "months", "reason", "due_at"}),
    K.REPLIED: frozenset({"reply", "unit", "role", "outcome", "on_time"}),
    K.ALL_REPLIED: frozenset(),
    K.RATED: frozenset({"reply", "rating", "reason"}),
    K.REOPENED: frozenset({"reason", "due_at"}),
    K.CLOSED: frozenset({"close_reason", "rating_deadline"}),
    K.MERGED: frozenset({"primary", "primary_title", "merged"}),
    K.MARKED_KEY: frozenset({"oversight", "source"}),
    # The government's sign-off (docs/suggestions-government.md). The text of
    # the instruction stays in the Instruction row: the timeline is the deputy's too.
    K.INSTRUCTED: frozenset(
        {"instruction", "unit", "leader_name", "leader_title", "signed_at"}
    ),
    K.DISPATCHED: frozenset({"unit", "units", "due_at"}),
}


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _event(
    *,
    suggestion: Suggestion,
    kind: str,
    actor,
    at: dt.datetime,
    data: dict | None = None,
    assignment: Assignment | None = None,
) -> SuggestionEvent:
    data = data or {}
    if set(data) != PAYLOAD_KEYS[kind]:
        raise ValueError(
            f"{kind} carries {sorted(PAYLOAD_KEYS[kind])}, not {sorted(data)}"
        )
    return SuggestionEvent.objects.create(
        suggestion=suggestion,
        kind=kind,
        actor=_actor(actor),
        at=at,
        data=data,
        assignment=assignment,
    )


# Intake ----------------------------------------------------------------------------


def draft_created_event(*, suggestion: Suggestion, actor, at: dt.datetime):
    return _event(suggestion=suggestion, kind=K.CREATED, actor=actor, at=at)


def draft_prepared_event(
    *, suggestion: Suggestion, actor, at: dt.datetime, station, request_id
):
    """A station's chief or officer prepared the draft for its lead deputy."""
    return _event(
        suggestion=suggestion,
        kind=K.PREPARED,
        actor=actor,
        at=at,
        data={
            "station": station.pk,
            "station_name": station.name,
            "prepared_by_name": prepared_by_label(actor),
            "request": request_id,
        },
    )


def prepared_by_label(user) -> str:
    """Return how a draft names who prepared it: the person's name, else the login."""
    return str(user) if user is not None else ""


def submitted_event(
    *, suggestion: Suggestion, actor, at: dt.datetime, resubmitted: bool = False
):
    kind = K.RESUBMITTED if resubmitted else K.SUBMITTED
    return _event(suggestion=suggestion, kind=kind, actor=actor, at=at)


def accepted_event(*, suggestion: Suggestion, actor, at: dt.datetime):
    return _event(suggestion=suggestion, kind=K.ACCEPTED, actor=actor, at=at)


def returned_for_clarification_event(
    *, suggestion: Suggestion, actor, at: dt.datetime, reason: str
):
    return _event(
        suggestion=suggestion,
        kind=K.RETURNED_FOR_CLARIFICATION,
        actor=actor,
        at=at,
        data={"reason": reason},
    )


def rejected_event(*, suggestion: Suggestion, actor, at: dt.datetime, reason: str):
    return _event(
        suggestion=suggestion,
        kind=K.REJECTED,
        actor=actor,
        at=at,
        data={"reason": reason},
    )


# Assignment ------------------------------------------------------------------------


def assigned_event(*, assignment: Assignment, actor, at: dt.datetime):
    unit = assignment.handling_unit
    return _event(
        suggestion=assignment.suggestion,
        kind=K.ASSIGNED,
        actor=actor,
        at=at,
        data={
            "unit": unit.pk,
            "unit_name": unit.name,
            "role": str(assignment.role),
            "due_at": assignment.due_at.isoformat(),
            "due_provisional": assignment.due_provisional,
        },
        assignment=assignment,
    )


def assignment_returned_event(
    *, assignment: Assignment, actor, at: dt.datetime, reason: str, back_to_staff: bool
):
    return _event(
        suggestion=assignment.suggestion,
        kind=K.ASSIGNMENT_RETURNED,
        actor=actor,
        at=at,
        data={
            "unit": assignment.handling_unit_id,
            "reason": reason,
            "back_to_staff": back_to_staff,
        },
        assignment=assignment,
    )


def assignment_withdrawn_event(
    *, assignment: Assignment, actor, at: dt.datetime, reason: str, back_to_staff: bool
):
    return _event(
        suggestion=assignment.suggestion,
        kind=K.ASSIGNMENT_WITHDRAWN,
        actor=actor,
        at=at,
        data={
            "unit": assignment.handling_unit_id,
            "reason": reason,
            "back_to_staff": back_to_staff,
        },
        assignment=assignment,
    )


# The government's sign-off ----------------------------------------------------------


def instructed_event(*, instruction, actor, at: dt.datetime):
    """The government's office recorded the leader's instruction (签批)."""
    assignment = instruction.assignment
    return _event(
        suggestion=assignment.suggestion,
        kind=K.INSTRUCTED,
        actor=actor,
        at=at,
        data={
            "instruction": instruction.pk,
            "unit": assignment.handling_unit_id,
            "leader_name": instruction.leader_name,
            "leader_title": instruction.leader_title,
            "signed_at": timezone.localtime(instruction.signed_at).isoformat(),
        },
        assignment=assignment,
    )


def dispatched_event(
    *, assignment: Assignment, dispatched: Sequence[Assignment], actor, at: dt.datetime
):
    """The government's office passed the item on to departments (转办)."""
    return _event(
        suggestion=assignment.suggestion,
        kind=K.DISPATCHED,
        actor=actor,
        at=at,
        data={
            "unit": assignment.handling_unit_id,
            "units": [
                {
                    "unit": a.handling_unit_id,
                    "unit_name": a.handling_unit.name,
                    "role": str(a.role),
                }
                for a in dispatched
            ],
            "due_at": assignment.due_at.isoformat(),
        },
        assignment=assignment,
    )


# Extensions ------------------------------------------------------------------------


def extension_requested_event(*, extension: ExtensionRequest, actor, at: dt.datetime):
    assignment = extension.assignment
    return _event(
        suggestion=assignment.suggestion,
        kind=K.EXTENSION_REQUESTED,
        actor=actor,
        at=at,
        data={
            "extension": extension.pk,
            "months": extension.months,
            "reason": extension.reason,
        },
        assignment=assignment,
    )


def extension_decided_event(
    *, extension: ExtensionRequest, actor, at: dt.datetime, reason: str
):
    """Record staff's decision; ``reason`` is staff's words (the note, or the grant's reason)."""
    assignment = extension.assignment
    approved = extension.status == ExtensionStatus.APPROVED
    return _event(
        suggestion=assignment.suggestion,
        kind=K.EXTENSION_APPROVED if approved else K.EXTENSION_DECLINED,
        actor=actor,
        at=at,
        data={
            "extension": extension.pk,
            "months": extension.months,
            "reason": reason,
            "due_at": assignment.due_at.isoformat(),
        },
        assignment=assignment,
    )


# Replies, rating, closing ----------------------------------------------------------


def replied_event(*, reply: Reply, actor, at: dt.datetime):
    assignment = reply.assignment
    return _event(
        suggestion=assignment.suggestion,
        kind=K.REPLIED,
        actor=actor,
        at=at,
        data={
            "reply": reply.pk,
            "unit": assignment.handling_unit_id,
            "role": str(assignment.role),
            "outcome": reply.outcome,
            "on_time": reply.on_time,
        },
        assignment=assignment,
    )


def all_replied_event(*, suggestion: Suggestion, actor, at: dt.datetime):
    return _event(suggestion=suggestion, kind=K.ALL_REPLIED, actor=actor, at=at)


def rated_event(*, feedback: Feedback, assignment: Assignment, actor, at: dt.datetime):
    return _event(
        suggestion=assignment.suggestion,
        kind=K.RATED,
        actor=actor,
        at=at,
        data={
            "reply": feedback.reply_id,
            "rating": str(feedback.rating),
            "reason": feedback.reason,
        },
        assignment=assignment,
    )


def reopened_event(*, assignment: Assignment, actor, at: dt.datetime, reason: str):
    return _event(
        suggestion=assignment.suggestion,
        kind=K.REOPENED,
        actor=actor,
        at=at,
        data={"reason": reason, "due_at": assignment.due_at.isoformat()},
        assignment=assignment,
    )


def closed_event(
    *,
    suggestion: Suggestion,
    actor,
    at: dt.datetime,
    close_reason: str,
    rating_deadline: dt.date | None = None,
):
    return _event(
        suggestion=suggestion,
        kind=K.CLOSED,
        actor=actor,
        at=at,
        data={
            "close_reason": str(close_reason),
            "rating_deadline": rating_deadline.isoformat() if rating_deadline else None,
        },
    )


# Merging and key suggestions -------------------------------------------------------


def merged_event(
    *,
    suggestion: Suggestion,
    primary: Suggestion,
    merged: Sequence[int],
    actor,
    at: dt.datetime,
):
    """Record a merge on one of its items: the primary, or one merged into it."""
    return _event(
        suggestion=suggestion,
        kind=K.MERGED,
        actor=actor,
        at=at,
        data={
            "primary": primary.pk,
            "primary_title": primary.title,
            "merged": list(merged),
        },
    )


def marked_key_event(*, suggestion: Suggestion, actor, at: dt.datetime):
    return _event(
        suggestion=suggestion,
        kind=K.MARKED_KEY,
        actor=actor,
        at=at,
        data={
            "oversight": suggestion.oversight_id,
            "source": str(suggestion.key_source),
        },
    )


# Words -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EventDescription:
    """What a timeline shows of one event, on a page or in the API."""

    kind: str
    title: str
    detail: tuple[str, ...]
    actor_label: str
    at: dt.datetime

    @property
    def detail_text(self) -> str:
        """Return the detail lines as one line ("" when none)."""
        return "；".join(self.detail)


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _date(value) -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def _unit_name(event: SuggestionEvent) -> str:
    name = (event.data or {}).get("unit_name")
    if name:
        return name
    if event.assignment_id is not None:
        return event.assignment.handling_unit.name
    return ""


def _detail(event: SuggestionEvent) -> list[str]:
    data = event.data or {}
    kind = event.kind
    reason = data.get("reason") or ""
    if kind == K.PREPARED:
        return [
            f"由{data.get('station_name', '')} {data.get('prepared_by_name', '')}代拟，待代表确认"
        ]
    if kind == K.RETURNED_FOR_CLARIFICATION:
        return [f"说明：{reason}"]
    if kind == K.REJECTED:
        return [f"理由：{reason}"]
    if kind == K.ASSIGNED:
        text = f"{_unit_name(event)}（{_label(AssignmentRole, data.get('role'))}）"
        if data.get("due_at"):
            text += f"，办理期限 {_date(data['due_at'])}"
            if data.get("due_provisional"):
                text += "（暂定）"
        return [text]
    if kind == K.ASSIGNMENT_RETURNED:
        lines = [f"{_unit_name(event)}：{reason}"]
        if data.get("back_to_staff"):
            lines.append("交回工作机构重新交办")
        return lines
    if kind == K.ASSIGNMENT_WITHDRAWN:
        lines = [f"撤回{_unit_name(event)}的交办：{reason}"]
        if data.get("back_to_staff"):
            lines.append("交回工作机构重新交办")
        return lines
    if kind == K.EXTENSION_REQUESTED:
        return [f"{_unit_name(event)}申请延期 {data.get('months', '')} 个月：{reason}"]
    if kind == K.EXTENSION_APPROVED:
        text = f"{_unit_name(event)}延期 {data.get('months', '')} 个月"
        if data.get("due_at"):
            text += f"，新期限 {_date(data['due_at'])}"
        return [text, f"意见：{reason}"] if reason else [text]
    if kind == K.EXTENSION_DECLINED:
        unit = _unit_name(event)
        return [f"{unit}：{reason}" if reason else unit]
    if kind == K.REPLIED:
        outcome = data.get("outcome")
        unit = _unit_name(event)
        return [f"{unit}（{_label(ReplyOutcome, outcome)}）" if outcome else unit]
    if kind == K.RATED:
        text = f"{_unit_name(event)}：{_label(Rating, data.get('rating'))}"
        if reason:
            text += f"，意见：{reason}"
        return [text]
    if kind == K.REOPENED:
        text = f"{_unit_name(event)}重新办理"
        if data.get("due_at"):
            text += f"，期限 {_date(data['due_at'])}"
        return [text]
    if kind == K.CLOSED:
        close_reason = data.get("close_reason")
        return [_label(CloseReason, close_reason)] if close_reason else []
    if kind == K.MERGED:
        if data.get("primary") == event.suggestion_id:
            return [f"{len(data.get('merged') or [])} 件建议并入本件"]
        return [f"并入《{data.get('primary_title', '')}》"]
    if kind == K.MARKED_KEY:
        source = data.get("source")
        return [_label(KeySource, source)] if source else []
    if kind == K.INSTRUCTED:
        text = f"{data.get('leader_title', '')}{data.get('leader_name', '')}签批"
        if data.get("signed_at"):
            text += f"（{_date(data['signed_at'])}）"
        return [text]
    if kind == K.DISPATCHED:
        units = "、".join(
            f"{u.get('unit_name', '')}（{_label(AssignmentRole, u.get('role'))}）"
            for u in data.get("units") or []
        )
        text = f"{_unit_name(event)}转交{units}"
        if data.get("due_at"):
            text += f"，办理期限 {_date(data['due_at'])}"
        return [text]
    return []


def describe_event(event: SuggestionEvent) -> EventDescription:
    """Describe an event in the words the timeline shows (pages and API alike).

    Reads ``event.actor`` and, for unit steps without a stored unit name,
    ``event.assignment.handling_unit``: select them with the events.
    """
    return EventDescription(
        kind=str(event.kind),
        title=_label(EventKind, event.kind),
        detail=tuple(line for line in _detail(event) if line),
        actor_label=str(event.actor) if event.actor_id else "",
        at=event.at,
    )
