"""Limits of notices, read from settings at call time (``RENDA_NOTICES_*``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

# A reminder round at most once an hour: a recipient who was just told is not
# told again minutes later because staff tapped twice or two staff both did.
DEFAULT_REMIND_INTERVAL_MINUTES = 60
DEFAULT_MAX_ATTACHMENTS = 9
# A named list is typed on a phone: more than this is a group's job.
DEFAULT_MAX_NAMED = 200


def remind_interval() -> dt.timedelta:
    """Return the least time between two reminder rounds of one notice."""
    minutes = getattr(
        settings,
        "RENDA_NOTICES_REMIND_INTERVAL_MINUTES",
        DEFAULT_REMIND_INTERVAL_MINUTES,
    )
    return dt.timedelta(minutes=int(minutes))


def remind_interval_text() -> str:
    """Return the interval in words: "1 小时", "30 分钟"."""
    minutes = int(remind_interval().total_seconds() // 60)
    if minutes and minutes % 60 == 0:
        return f"{minutes // 60} 小时"
    return f"{minutes} 分钟"


def may_remind_at(last_reminded_at, now) -> bool:
    """Tell whether a new reminder round may start at ``now``."""
    return last_reminded_at is None or now - last_reminded_at >= remind_interval()


def max_attachments() -> int:
    """Return how many files a notice may carry (``RENDA_NOTICES_MAX_ATTACHMENTS``)."""
    return int(
        getattr(settings, "RENDA_NOTICES_MAX_ATTACHMENTS", DEFAULT_MAX_ATTACHMENTS)
    )


def max_named() -> int:
    """Return how many named deputies or users one notice may list."""
    return int(getattr(settings, "RENDA_NOTICES_MAX_NAMED", DEFAULT_MAX_NAMED))


def answer_open(notice, now) -> bool:
    """Tell whether a recipient may still answer (or change the answer) at ``now``."""
    return notice.answer_deadline is None or now <= notice.answer_deadline
