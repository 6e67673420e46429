"""The shared machinery of supervision timelines: one registry of event kinds.

Each area module (``plan``, ``items``, ``followup``, ``filing``) declares its
kinds with ``register(kind, label, keys, describe)`` and writes events through
``record()``: the payload is checked against the kind's keys, the sentence the
timeline shows is made by the kind's ``describe`` and stored as the summary,
and an audit row is written. Pages and the API show an event through
``describe_event()``, so they say the same thing (Saleor's order events).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from renda.core.services import action_log_record

SUMMARY_MAX_LENGTH = 500


@dataclass(frozen=True)
class EventKind:
    kind: str
    label: str
    keys: frozenset
    describe: Callable[[dict], str]


KINDS: dict[str, EventKind] = {}


def register(kind: str, label: str, keys, describe: Callable[[dict], str]) -> str:
    """Declare an event kind with its payload keys and its sentence; return the kind."""
    if kind in KINDS:
        raise ValueError(f"Event kind {kind!r} is declared twice")
    KINDS[kind] = EventKind(kind, label, frozenset(keys), describe)
    return kind


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def record(
    model, *, kind: str, actor, data: dict, at: dt.datetime | None = None, **subject
):
    """Write one event of ``kind`` on ``model`` (ItemEvent, PlanEvent, FilingEvent).

    ``subject`` names the object(s) the event belongs to (``item=``,
    ``plan=``/``proposal=``, ``filing=``/``case=``); the first is the audit
    row's target.
    """
    declared = KINDS[kind]
    if set(data) != set(declared.keys):
        raise ValueError(
            f"Payload of {kind} must have keys {sorted(declared.keys)}, got {sorted(data)}"
        )
    event = model(
        kind=kind,
        actor=_user(actor),
        at=at or timezone.now(),
        data=dict(data),
        **subject,
    )
    event.summary = describe_event(event)[:SUMMARY_MAX_LENGTH]
    event.save()
    target = next(value for value in subject.values() if value is not None)
    action_log_record(
        actor=actor,
        action=f"supervision.{kind.lower()}",
        target=target,
        summary=event.summary,
        data={**data, "event": event.pk},
    )
    return event


def describe_event(event) -> str:
    """Return the sentence a timeline shows for an event, on pages and in the API."""
    declared = KINDS.get(event.kind)
    if declared is None:
        return event.summary or event.kind
    try:
        return declared.describe(event.data or {})
    except (KeyError, ValueError, TypeError):
        return event.summary or declared.label


def label_of(kind: str) -> str:
    declared = KINDS.get(kind)
    return declared.label if declared else kind
