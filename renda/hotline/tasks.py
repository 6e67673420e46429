"""Entry points the task queue (django-q2) runs: thin wrappers over the services."""

from __future__ import annotations

import datetime as dt

from .services import outbound


def ticket_send(ticket_id: int, **_ignored) -> str:
    """Make one attempt at sending a ticket (queued per ticket and per retry).

    Runs by the clock of the moment it runs (tasks queued by an older release
    may still carry a ``now``: it is ignored).
    """
    return outbound.ticket_send(ticket_id=ticket_id)


def tickets_send_due(now: dt.datetime | None = None) -> int:
    """Queue the tickets whose attempt is due (scheduled every minute)."""
    return outbound.tickets_send_due(now=now)
