"""State derived at read time, never stored: effective status, overdue."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..choices import OPEN_ASSIGNMENT_STATUSES
from ..models import Assignment, Suggestion


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


def with_effective_state(
    queryset: QuerySet[Suggestion], *, today: dt.date | None = None
) -> QuerySet[Suggestion]:
    """Annotate ``effective_status`` (a merged item follows its primary) and ``is_overdue``."""
    handled_by = Coalesce(OuterRef("merged_into_id"), OuterRef("pk"))
    overdue = Assignment.objects.filter(
        suggestion_id=handled_by,
        status__in=OPEN_ASSIGNMENT_STATUSES,
        due_at__lt=_today(today),
    )
    return queryset.annotate(
        effective_status=Coalesce("merged_into__status", "status"),
        is_overdue=Exists(overdue),
    )


def with_assignment_overdue(
    queryset: QuerySet[Assignment], *, today: dt.date | None = None
) -> QuerySet[Assignment]:
    """Annotate ``is_overdue``: the assignment is open and its deadline has passed."""
    return queryset.annotate(
        is_overdue=Case(
            When(
                status__in=OPEN_ASSIGNMENT_STATUSES,
                due_at__lt=_today(today),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _handled_by():
    # A merged item follows its primary's handling.
    return Coalesce(OuterRef("merged_into_id"), OuterRef("pk"))


def with_row_state(
    queryset: QuerySet[Suggestion], *, today: dt.date | None = None
) -> QuerySet[Suggestion]:
    """Annotate what every row shows: effective status, next deadline, overdue.

    A merged item follows its primary. Overdue is "the next open deadline has
    passed", which is the same as "an open assignment is past its deadline";
    it is read as a subquery with LIMIT 1 per shown row: PostgreSQL would
    evaluate an EXISTS column by hashing every open assignment of the
    database, even for a page of 20.
    """
    next_open = Assignment.objects.filter(
        suggestion_id=_handled_by(), status__in=OPEN_ASSIGNMENT_STATUSES
    ).order_by("due_at", "id")
    return queryset.annotate(
        effective_status=Coalesce("merged_into__status", "status"),
        next_due_at=Subquery(next_open.values("due_at")[:1]),
        next_due_provisional=Subquery(next_open.values("due_provisional")[:1]),
    ).annotate(
        is_overdue=Case(
            When(next_due_at__lt=_today(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def overdue_q(overdue: bool = True, *, today: dt.date | None = None) -> Q:
    """Match items with an open assignment past its deadline (or, False, without)."""
    late = Assignment.objects.filter(
        suggestion_id=_handled_by(),
        status__in=OPEN_ASSIGNMENT_STATUSES,
        due_at__lt=_today(today),
    )
    return Q(Exists(late)) if overdue else ~Q(Exists(late))
