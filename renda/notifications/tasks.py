"""Entry points the task queue (django-q2) runs: thin wrappers over the services.

Queued by dotted path (``renda.notifications.tasks.<name>``) from
``delivery.py`` and from the schedules in ``settings.RENDA_SCHEDULES``.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command

from . import delivery


def delivery_attempt(delivery_id: int, now: dt.datetime | None = None) -> str:
    """Make one attempt at a delivery (the task queued per delivery and per retry)."""
    return delivery.delivery_attempt(delivery_id=delivery_id, now=now)


def deliveries_retry_due(now: dt.datetime | None = None) -> int:
    """Queue the deliveries whose retry is due (scheduled every minute)."""
    return delivery.deliveries_retry_due(now=now)


def command_run(name: str, *args: str) -> str:
    """Run a management command (a daily job) and return what it printed.

    The output becomes the task's result, shown in the admin's 成功任务 list.
    """
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()
