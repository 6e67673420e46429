"""The rules of handling deputies' suggestions: periods, windows and limits.

Every period is a named setting ``RENDA_SUGGESTION_<NAME>`` read **at call
time** (never at import), so that a congress whose rules differ can override
it, and a test's ``override_settings`` changes every surface at once: the
services, the daily job, the pages and the API. The defaults follow the
committee's rules quoted in docs/suggestions.md.

Services, selectors, pages, the API and the daily job ask these functions; no
other module reads a ``RENDA_SUGGESTION_*`` period or restates its number in
text (use the ``describe_*`` helpers).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.legal_calendar.calendar import DueDate, due_date

from .choices import (
    AssignmentRole,
    AssignmentStatus,
    Channel,
    ExtensionStatus,
    SuggestionStatus,
)

# The settings and their defaults live in rule_settings.py (which imports no
# other module of this app, so that choices.py may read them too); rules.setting,
# rules.DEFAULTS and rules.SETTING_PREFIX are theirs.
from .rule_settings import DEFAULTS, SETTING_PREFIX, setting  # noqa: F401

# Periods, by name ----------------------------------------------------------------


def formal_reply_months() -> int:
    return setting("FORMAL_REPLY_MONTHS")


def voice_reply_days() -> int:
    return setting("VOICE_REPLY_DAYS")


def hotline_reply_days() -> int:
    return setting("HOTLINE_REPLY_DAYS")


def joint_opinion_months() -> int:
    return setting("JOINT_OPINION_MONTHS")


def rehandling_months() -> int:
    return setting("REHANDLING_MONTHS")


def return_window_working_days() -> int:
    return setting("RETURN_WINDOW_WORKING_DAYS")


def rating_window_working_days() -> int:
    return setting("RATING_WINDOW_WORKING_DAYS")


def max_extension_months() -> int:
    return setting("MAX_EXTENSION_MONTHS")


def max_extensions() -> int:
    return setting("MAX_EXTENSIONS")


def due_soon_days() -> int:
    return setting("DUE_SOON_DAYS")


def category_unit_keywords() -> dict[str, tuple[str, ...]]:
    return setting("CATEGORY_UNIT_KEYWORDS")


def similar_years() -> int:
    return setting("SIMILAR_YEARS")


def similar_scan_limit() -> int:
    return setting("SIMILAR_SCAN_LIMIT")


def routing_units_per_term() -> int:
    return setting("ROUTING_UNITS_PER_TERM")


def routing_max_df_share() -> float:
    return setting("ROUTING_MAX_DF_SHARE")


def duplicate_scan_limit() -> int:
    return setting("DUPLICATE_SCAN_LIMIT")


def duplicate_days() -> int:
    return setting("DUPLICATE_DAYS")


def duplicate_min_score() -> float:
    return setting("DUPLICATE_MIN_SCORE")


def similar_min_shared_bigrams() -> int:
    return setting("SIMILAR_MIN_SHARED_BIGRAMS")


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


# Deadlines -----------------------------------------------------------------------


def answer_due(channel: str, start: dt.date) -> DueDate:
    """Return the deadline of a unit answering the deputy, by channel."""
    if channel == Channel.VOICE:
        return due_date(start, days=voice_reply_days())
    if channel == Channel.HOTLINE:
        return due_date(start, days=hotline_reply_days())
    return due_date(start, months=formal_reply_months())


def assignment_due(channel: str, role: str, start: dt.date) -> DueDate:
    """Return an assignment's deadline: the channel's, or the joint unit's shorter one."""
    answer = answer_due(channel, start)
    if role != AssignmentRole.JOINT:
        return answer
    joint = due_date(start, months=joint_opinion_months())
    # A joint opinion is due before the lead's answer, never after.
    return joint if joint.due <= answer.due else answer


def rehandling_due(start: dt.date) -> DueDate:
    """Return the deadline of handling an item again after a 不满意 rating."""
    return due_date(start, months=rehandling_months())


def extended_due(due: dt.date, months: int) -> DueDate:
    """Return the deadline after an extension: counted from the deadline in force."""
    return due_date(due, months=months)


# The misrouted-return window ----------------------------------------------------------


def return_deadline(assignment) -> dt.date:
    """Return the last day on which a unit may return a misrouted assignment."""
    return return_deadline_from(timezone.localdate(assignment.assigned_at))


def return_deadline_from(assigned_on: dt.date) -> dt.date:
    """Return the last day to return an assignment made on ``assigned_on``."""
    return due_date(assigned_on, working_days=return_window_working_days()).due


def return_window_open(assignment, today: dt.date | None = None) -> bool:
    """Tell whether the unit may still return the assignment as misrouted (date only)."""
    return _today(today) <= return_deadline(assignment)


# The rating window -------------------------------------------------------------------


def rating_deadline(suggestion) -> dt.date:
    """Return the last day on which the deputy may rate the replies."""
    start = timezone.localdate(suggestion.replied_at)
    return due_date(start, working_days=rating_window_working_days()).due


def rating_window_open(suggestion, today: dt.date | None = None) -> bool:
    """Tell whether the rating period after the last reply still runs.

    Only a replied suggestion's window can pass; while an item is being handled
    again (重新办理) the deputy rates each new reply without a window. A passed
    window means the item is to be closed, even before the daily job ran.
    """
    if suggestion.status != SuggestionStatus.REPLIED or suggestion.replied_at is None:
        return True
    return _today(today) <= rating_deadline(suggestion)


def rating_window_earliest_reply(today: dt.date) -> dt.date:
    """Return a date before which every replied item's rating window has passed.

    The window is at least as many calendar days as working days, so items
    replied before this day are the only candidates for closing.
    """
    return today - dt.timedelta(days=rating_window_working_days())


# Extensions --------------------------------------------------------------------------


def extension_allowed_for_channel(channel: str) -> bool:
    """Tell whether items of this channel may be extended (代表建议 only)."""
    return channel == Channel.FORMAL


def extension_months_valid(months: object) -> bool:
    """Tell whether ``months`` is a whole number of months within the limit."""
    return (
        isinstance(months, int)
        and not isinstance(months, bool)
        and 1 <= months <= max_extension_months()
    )


def extensions_used(assignment) -> int:
    """Return how many extensions of this assignment were approved."""
    return assignment.extension_requests.filter(status=ExtensionStatus.APPROVED).count()


def assignment_may_extend(assignment) -> bool:
    """Tell whether the assignment may still be extended (formal, open, within the limit).

    The limit is ``max_extensions()`` extensions (once), of at most
    ``max_extension_months()`` months each, counted from the deadline in force.
    """
    return (
        extension_allowed_for_channel(assignment.suggestion.channel)
        and assignment.status == AssignmentStatus.ASSIGNED
        and extensions_used(assignment) < max_extensions()
    )


# Due soon ----------------------------------------------------------------------------


def due_soon_last_day(today: dt.date | None = None) -> dt.date:
    """Return the last deadline that counts as due soon from ``today``."""
    return _today(today) + dt.timedelta(days=due_soon_days())


def due_soon_working_last_day(today: dt.date | None = None) -> dt.date:
    """Return the last deadline due within ``due_soon_days()`` working days of ``today``.

    The unit's queue counts working days on the legal calendar (a deadline
    after a holiday is not "due in 3 days" on the eve of a week off).
    """
    return due_date(_today(today), working_days=due_soon_days()).due


def due_soon(assignment_or_date, today: dt.date | None = None) -> bool:
    """Tell whether a deadline is due soon: from today to ``due_soon_days()`` ahead.

    Given an assignment, it must also be open (办理中 or 重新办理): a replied or
    returned assignment is never due soon. An overdue deadline is not due soon.
    """
    if isinstance(assignment_or_date, dt.date):
        due = assignment_or_date
    else:
        if assignment_or_date.status not in (
            AssignmentStatus.ASSIGNED,
            AssignmentStatus.REHANDLING,
        ):
            return False
        due = assignment_or_date.due_at
    day = _today(today)
    return day <= due <= due_soon_last_day(day)


# Words for pages and the API ---------------------------------------------------------


def describe_channel_period(channel: str) -> str:
    """Return the answer period of a channel in words, e.g. "3 个月" or "15 日"."""
    if channel == Channel.VOICE:
        return f"{voice_reply_days()} 日"
    if channel == Channel.HOTLINE:
        return f"{hotline_reply_days()} 日"
    return f"{formal_reply_months()} 个月"


def describe_return_window() -> str:
    """Return the misrouted-return window in words."""
    days = return_window_working_days()
    return f"交办后 {days} 个工作日内（含第 {days} 日）"


def describe_rating_window() -> str:
    """Return the rating window in words."""
    return f"全部答复后 {rating_window_working_days()} 个工作日内"


def describe_extension_limit() -> str:
    """Return the extension limit in words, e.g. "延期一次，最多 3 个月"."""
    count = max_extensions()
    times = "一次" if count == 1 else f"{count} 次"
    return f"延期{times}，最多 {max_extension_months()} 个月"
