"""The unit's assignments (交办事项) by queue, and the other work lists a tile counts.

One read path for the unit's inbox page and the workbench's unit tiles: the
page's ``?show=`` names a queue of ``UNIT_QUEUES``; the workbench counts the
same queryset the page pages through.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from renda.accounts.permissions import get_scope

from .. import rules
from ..choices import (
    LIVE_ASSIGNMENT_STATUSES,
    OPEN_ASSIGNMENT_STATUSES,
    AssignmentStatus,
    ExtensionStatus,
)
from ..models import Assignment, ExtensionRequest, Suggestion
from .state import with_assignment_overdue, with_effective_state
from .visibility import assignments_visible_to, suggestions_visible_to

# The queues of the unit's inbox: the page's tabs, in order (key -> label).
UNIT_QUEUES = {
    "open": "待办理",
    "new": "新交办",
    "due_soon": "即将到期",
    "overdue": "已超期",
    "rehandling": "不满意重办",
    "replied": "已答复",
    "all": "全部",
}


@dataclass(frozen=True)
class AssignmentFilters:
    """Which of the unit's assignments to list: one queue of ``UNIT_QUEUES``."""

    show: str = "open"

    @classmethod
    def from_query(cls, query: Mapping) -> AssignmentFilters:
        """Parse ``show`` from a query string; an unknown queue is "open"."""
        show = str(query.get("show") or "open")
        return cls(show=show if show in UNIT_QUEUES else "open")


def new_assignment_first_day(today: dt.date) -> dt.date:
    """Return the earliest assignment day whose return window is still open today.

    A new assignment is one the unit may still return as misrouted: the first
    thing to do with it is to check it is the unit's.
    """
    start = today
    # The window is a few working days: a month back is always past it.
    for _ in range(31):
        previous = start - dt.timedelta(days=1)
        if rules.return_deadline_from(previous) < today:
            break
        start = previous
    return start


def unit_assignment_list(
    user, filters: AssignmentFilters, *, today: dt.date | None = None
) -> QuerySet[Assignment]:
    """Return the user's units' assignments in the queue, overdue first, then by due date."""
    today = today or timezone.localdate()
    scope = get_scope(user)
    # The unit's own assignments, all of them visible to its staff (a unit sees
    # every suggestion assigned to it: suggestions_visible_to), so read
    # directly: the visibility subquery made PostgreSQL expect a handful of
    # rows and sort the whole queue instead of reading it in index order.
    queryset = with_assignment_overdue(
        Assignment.objects.filter(handling_unit_id__in=scope.unit_ids), today=today
    )
    show = filters.show
    if show == "open":
        queryset = queryset.filter(status__in=OPEN_ASSIGNMENT_STATUSES)
    elif show == "new":
        queryset = queryset.filter(
            status=AssignmentStatus.ASSIGNED,
            assigned_at__date__gte=new_assignment_first_day(today),
        )
    elif show == "due_soon":
        queryset = queryset.filter(
            status__in=OPEN_ASSIGNMENT_STATUSES,
            due_at__gte=today,
            due_at__lte=rules.due_soon_working_last_day(today),
        )
    elif show == "overdue":
        queryset = queryset.filter(
            status__in=OPEN_ASSIGNMENT_STATUSES, due_at__lt=today
        )
    elif show == "rehandling":
        queryset = queryset.filter(status=AssignmentStatus.REHANDLING)
    elif show == "replied":
        queryset = queryset.filter(status=AssignmentStatus.REPLIED)
    if show in ("replied", "all"):
        ordering = ("-is_overdue", "due_at", "pk")
    else:
        # Only open assignments: overdue is "due before today", so the deadline
        # alone puts them first, and the unit's open rows are read in the order
        # of their index (assignment_unit_open_due) up to the page, not all
        # sorted (2,485 rows for one unit at 1M items, issue 13 §3).
        ordering = ("due_at", "pk")
    return queryset.select_related(
        "suggestion", "suggestion__lead_deputy", "handling_unit"
    ).order_by(*ordering)


def pending_extension_list(user, congress) -> QuerySet[ExtensionRequest]:
    """Return the congress's extension requests awaiting a decision, oldest first."""
    return (
        ExtensionRequest.objects.filter(
            status=ExtensionStatus.PENDING,
            assignment__in=assignments_visible_to(user).filter(
                suggestion__congress=congress
            ),
        )
        .select_related(
            "assignment__handling_unit", "assignment__suggestion", "requested_by"
        )
        .order_by("requested_at", "pk")
    )


def key_suggestions_overseen(
    user, *, today: dt.date | None = None
) -> QuerySet[Suggestion]:
    """Return the key suggestions the user oversees (重点督办), newest submitted first."""
    return (
        with_effective_state(
            suggestions_visible_to(user).filter(
                is_key=True, oversight__user_id=user.pk
            ),
            today=today,
        )
        .select_related("lead_deputy", "congress", "oversight__deputy")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=with_assignment_overdue(
                    Assignment.objects.filter(status__in=LIVE_ASSIGNMENT_STATUSES),
                    today=today,
                ).select_related("handling_unit"),
                to_attr="live_assignments",
            )
        )
        .order_by("-submitted_at", "-pk")
    )
