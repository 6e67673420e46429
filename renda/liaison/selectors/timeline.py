"""A record's events as one timeline, described once for the page and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a record's timeline, described once for the page and the API."""

    kind: str
    at: dt.datetime
    actor: str
    text: str


def timeline(events) -> list[TimelineEntry]:
    """Return the events in order, each described by ``events.describe_event``."""
    from ..events import describe_event

    return [
        TimelineEntry(
            kind=event.kind,
            at=event.created_at,
            actor=(event.actor.get_full_name() or event.actor.username)
            if event.actor
            else "",
            text=describe_event(event),
        )
        for event in events.select_related("actor").order_by("created_at", "id")
    ]
