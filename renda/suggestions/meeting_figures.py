"""A handling unit's figures for the committee's 票决评议 (renda.meetings), from
the suggestions it was assigned in a year.

Registered in ``SuggestionsConfig.ready`` through
``renda.meetings.hooks.register_unit_figures``; meetings never imports this app.

The items are the unit's assignments of the congress's suggestions accepted in
``year`` (merged items are counted on their primary, which holds the
assignments), leaving out those the staff withdrew. Every value is JSON-safe
(the evaluation keeps a snapshot):

- ``assignments``: items the unit handles (not returned as misrouted);
- ``returned``: items it returned as misrouted;
- 签收 (sign-off): Renda has no separate receipt step; a unit signs for an
  assignment by keeping it through the return window (or returning it within
  the window). ``signed_on_time`` counts those, over ``assignments + returned``;
- 答复: the first answer of each item, on time when made by the deadline in
  force then (``Reply.due_at``); ``answered``, ``answered_on_time``;
- ``ratings``: the deputies' rating of each item's latest answer (满意 /
  基本满意 / 不满意), ``items_unsatisfied`` the 不满意 ones;
- ``late_by_months``: for m = 1..12, the items first answered more than m
  months after assignment, or still unanswered m months after it (as of today);
  ``answered_after_6_months`` is the m = 6 figure.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from . import rules
from .choices import AssignmentStatus, Rating
from .models import Assignment

MONTHS = range(1, 13)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (the month's last day if shorter)."""
    year, index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _rate(part: int, whole: int) -> str | None:
    if not whole:
        return None
    return str(
        (Decimal(part) * 100 / Decimal(whole)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    )


def unit_figures(*, handling_unit, year: int, congress, today=None) -> dict:
    """Return a unit's handling figures for a year's suggestions of a congress."""
    today = today or timezone.localdate()
    assignments = list(
        Assignment.objects.filter(
            handling_unit=handling_unit,
            suggestion__congress=congress,
            suggestion__accepted_at__year=year,
        )
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .prefetch_related("replies__feedback")
    )
    handled = [a for a in assignments if a.status != AssignmentStatus.RETURNED]
    returned = [a for a in assignments if a.status == AssignmentStatus.RETURNED]
    signed_on_time = 0
    for assignment in assignments:
        if assignment.status == AssignmentStatus.RETURNED:
            on_time = assignment.returned_at is not None and timezone.localdate(
                assignment.returned_at
            ) <= rules.return_deadline(assignment)
        else:
            on_time = True
        signed_on_time += int(on_time)
    ratings = dict.fromkeys(Rating.values, 0)
    answered = answered_on_time = 0
    late = {str(m): 0 for m in MONTHS}
    for assignment in handled:
        replies = sorted(assignment.replies.all(), key=lambda r: (r.replied_at, r.pk))
        assigned_on = timezone.localdate(assignment.assigned_at)
        if replies:
            answered += 1
            first = replies[0]
            answered_on_time += int(first.on_time)
            answered_on = timezone.localdate(first.replied_at)
            feedback = getattr(replies[-1], "feedback", None)
            if feedback is not None:
                ratings[feedback.rating] = ratings.get(feedback.rating, 0) + 1
        else:
            answered_on = None
        for months in MONTHS:
            limit = add_months(assigned_on, months)
            if (answered_on is not None and answered_on > limit) or (
                answered_on is None and today > limit
            ):
                late[str(months)] += 1
    return {
        "assignments": len(handled),
        "returned": len(returned),
        "signed_on_time": signed_on_time,
        "sign_off_on_time_rate": _rate(signed_on_time, len(assignments)),
        "answered": answered,
        "answered_on_time": answered_on_time,
        "answer_on_time_rate": _rate(answered_on_time, answered),
        "ratings": ratings,
        "items_unsatisfied": ratings.get(Rating.UNSATISFIED, 0),
        "late_by_months": late,
        "answered_after_6_months": late["6"],
    }
