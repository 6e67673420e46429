"""Periods and thresholds of sending tickets, read from settings at call time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def max_attempts() -> int:
    """How many attempts a ticket gets before it fails (staff may send it again)."""
    return int(settings.RENDA_HOTLINE_MAX_ATTEMPTS)


def retry_delay(attempts: int) -> dt.timedelta:
    """Return the wait after ``attempts`` failed attempts (base x 1, 2, 4..., capped)."""
    base = settings.RENDA_HOTLINE_RETRY_BASE_SECONDS
    seconds = min(
        base * 2 ** max(attempts - 1, 0), settings.RENDA_HOTLINE_RETRY_MAX_SECONDS
    )
    return dt.timedelta(seconds=seconds)


def poll_batch() -> int:
    """How many service_request_ids one GET requests.json asks about."""
    return int(settings.RENDA_HOTLINE_POLL_BATCH)


def lookup_margin() -> dt.timedelta:
    """The search window around the first attempt, for the key after a lost answer."""
    return dt.timedelta(minutes=settings.RENDA_HOTLINE_LOOKUP_MARGIN_MINUTES)


def reply_outcome() -> str:
    """The outcome class (A/B/C) a 12345 answer is recorded with."""
    return settings.RENDA_HOTLINE_REPLY_OUTCOME


def claim_lease() -> dt.timedelta:
    """How long a claimed ticket is kept from other workers: twice the task
    queue's timeout (a task running longer is killed), so a live attempt is
    never overtaken."""
    timeout = int(settings.Q_CLUSTER.get("timeout") or 300)
    return dt.timedelta(seconds=2 * timeout)
