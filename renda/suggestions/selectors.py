"""Reads of suggestions, always through the user's scope.

A merged item (``merged_into`` set) follows its primary: its effective status,
deadlines and replies are the primary's. Overdue is derived here, never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from renda.accounts.permissions import get_scope

from .choices import (
    ANSWERING_ROLES,
    LIVE_ASSIGNMENT_STATUSES,
    OPEN_ASSIGNMENT_STATUSES,
    SATISFACTORY_RATINGS,
    AssignmentStatus,
    Category,
    Channel,
    Period,
    ReplyOutcome,
    SuggestionStatus,
)
from .models import Assignment, Feedback, Reply, Suggestion, SuggestionEvent

# Visibility ------------------------------------------------------------------


def suggestions_visible_to(user) -> QuerySet[Suggestion]:
    """Return the suggestions the user may see.

    Deputies: the ones they lead (drafts too), cosign, or whose primary took
    in their merged item. Unit staff: the ones assigned to their unit. Staff:
    their congress's submitted items and the drafts they entered. Leaders:
    their congress's submitted items and the key items they oversee. Admins:
    all. Everyone else: none.
    """
    scope = get_scope(user)
    if not scope.is_authenticated:
        return Suggestion.objects.none()
    if scope.is_admin:
        return Suggestion.objects.all()
    submitted = ~Q(status=SuggestionStatus.DRAFT)
    query = Q(pk__in=[])
    if scope.staff_congress_ids:
        query |= Q(congress_id__in=scope.staff_congress_ids) & (
            submitted | Q(created_by_id=user.pk)
        )
    if scope.leader_congress_ids:
        query |= Q(congress_id__in=scope.leader_congress_ids) & submitted
    # Oversight belongs to a committee member's account, whatever its role rows.
    query |= Q(is_key=True, oversight__user_id=user.pk) & submitted
    if scope.deputy_id is not None:
        cosigned = Suggestion.cosigners.through.objects.filter(
            deputy_id=scope.deputy_id
        ).values("suggestion_id")
        primaries = Suggestion.objects.filter(
            lead_deputy_id=scope.deputy_id, merged_into__isnull=False
        ).values("merged_into_id")
        query |= (
            Q(lead_deputy_id=scope.deputy_id)
            | (Q(pk__in=cosigned) & submitted)
            | Q(pk__in=primaries)
        )
    if scope.unit_ids:
        assigned = Assignment.objects.filter(
            handling_unit_id__in=scope.unit_ids
        ).values("suggestion_id")
        query |= Q(pk__in=assigned)
    return Suggestion.objects.filter(query)


def get_suggestion_for_user(user, pk) -> Suggestion:
    """Return one suggestion the user may see, or raise 404 without saying whether it exists."""
    try:
        return suggestions_visible_to(user).get(pk=pk)
    except (Suggestion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def assignments_visible_to(user) -> QuerySet[Assignment]:
    """Return the assignments of the suggestions the user may see."""
    return Assignment.objects.filter(suggestion__in=suggestions_visible_to(user))


def get_assignment_for_user(user, pk) -> Assignment:
    """Return one assignment the user may see, or raise 404."""
    try:
        return assignments_visible_to(user).select_related("suggestion").get(pk=pk)
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# Derived state ---------------------------------------------------------------


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


def handling_suggestion(suggestion: Suggestion) -> Suggestion:
    """Return the suggestion whose handling applies: the primary of a merged item."""
    return suggestion.merged_into if suggestion.merged_into_id else suggestion


def suggestion_timeline(*, user, suggestion: Suggestion) -> QuerySet[SuggestionEvent]:
    """Return the events of a visible suggestion, and of its primary once merged."""
    suggestion = get_suggestion_for_user(user, suggestion.pk)
    query = Q(suggestion=suggestion)
    if suggestion.merged_into_id:
        query |= Q(suggestion_id=suggestion.merged_into_id)
    return SuggestionEvent.objects.filter(query).select_related("actor", "assignment")


def replies_for(*, user, suggestion: Suggestion) -> QuerySet[Reply]:
    """Return the replies a user may read; deputies see answers, not joint opinions."""
    suggestion = get_suggestion_for_user(user, suggestion.pk)
    replies = Reply.objects.filter(
        assignment__suggestion_id=suggestion.merged_into_id or suggestion.pk
    ).select_related("assignment__handling_unit")
    scope = get_scope(user)
    is_deputy_only = scope.deputy_id is not None and not (
        scope.is_admin or scope.congress_ids or scope.unit_ids
    )
    if is_deputy_only:
        replies = replies.filter(assignment__role__in=ANSWERING_ROLES)
    return replies


# Statistics ------------------------------------------------------------------

GROUP_BY = ("channel", "category", "period", "unit")


def rate(part: int, whole: int) -> Decimal | None:
    """Return ``part`` as a percentage of ``whole``, one decimal, half up; None if empty."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class SuggestionStats:
    """The committee's figures for a set of suggestions in one year."""

    submitted: int
    accepted: int
    closed: int
    completion_rate: Decimal | None
    replies: int
    on_time_replies: int
    on_time_rate: Decimal | None
    outcomes: dict[str, int]
    outcome_shares: dict[str, Decimal | None]
    rated: int
    satisfied: int
    satisfaction_rate: Decimal | None
    overdue_now: int


@dataclass(frozen=True)
class StatsGroup:
    key: object
    label: str
    stats: SuggestionStats


@dataclass(frozen=True)
class StatsReport:
    total: SuggestionStats
    groups: list[StatsGroup] = field(default_factory=list)


def _unit_id(unit) -> int | None:
    if unit is None:
        return None
    return getattr(unit, "pk", unit)


def _stats(
    base: QuerySet[Suggestion], *, year: int, unit_id: int | None, today: dt.date
) -> SuggestionStats:
    submitted = base.filter(submitted_at__year=year).count()
    accepted_set = base.annotate(
        effective_accepted_at=Coalesce("accepted_at", "merged_into__accepted_at"),
        effective_closed_at=Coalesce("merged_into__closed_at", "closed_at"),
    ).filter(effective_accepted_at__year=year)
    accepted = accepted_set.count()
    closed = accepted_set.filter(effective_closed_at__year=year).count()

    # Handling is counted once, on the primary of merged items.
    handled = accepted_set.filter(merged_into__isnull=True).values("pk")
    assignments = Assignment.objects.filter(
        suggestion_id__in=handled, role__in=ANSWERING_ROLES
    )
    if unit_id is not None:
        assignments = assignments.filter(handling_unit_id=unit_id)
    replies = Reply.objects.filter(assignment__in=assignments)
    reply_count = replies.count()
    on_time = (
        replies.annotate(replied_on=TruncDate("replied_at"))
        .filter(replied_on__lte=F("due_at"))
        .count()
    )

    def latest_reply(outer):
        return Reply.objects.filter(assignment_id=outer).order_by("-replied_at", "-id")

    final = assignments.filter(status__in=LIVE_ASSIGNMENT_STATUSES).annotate(
        final_outcome=Subquery(latest_reply(OuterRef("pk")).values("outcome")[:1]),
        final_rating=Subquery(
            Feedback.objects.filter(
                reply_id=Subquery(
                    latest_reply(OuterRef(OuterRef("pk"))).values("pk")[:1]
                )
            ).values("rating")[:1]
        ),
    )
    outcomes = dict.fromkeys(ReplyOutcome.values, 0)
    rated = satisfied = 0
    for outcome, rating in final.values_list("final_outcome", "final_rating"):
        if outcome in outcomes:
            outcomes[outcome] += 1
        if rating:
            rated += 1
            satisfied += rating in SATISFACTORY_RATINGS
    answered = sum(outcomes.values())

    overdue_assignments = Assignment.objects.filter(
        suggestion_id=OuterRef("pk"),
        status__in=OPEN_ASSIGNMENT_STATUSES,
        due_at__lt=today,
    )
    if unit_id is not None:
        overdue_assignments = overdue_assignments.filter(handling_unit_id=unit_id)
    overdue_now = (
        base.filter(merged_into__isnull=True)
        .filter(Exists(overdue_assignments))
        .count()
    )
    return SuggestionStats(
        submitted=submitted,
        accepted=accepted,
        closed=closed,
        completion_rate=rate(closed, accepted),
        replies=reply_count,
        on_time_replies=on_time,
        on_time_rate=rate(on_time, reply_count),
        outcomes=outcomes,
        outcome_shares={key: rate(value, answered) for key, value in outcomes.items()},
        rated=rated,
        satisfied=satisfied,
        satisfaction_rate=rate(satisfied, rated),
        overdue_now=overdue_now,
    )


def _for_unit(queryset: QuerySet[Suggestion], unit_id: int) -> QuerySet[Suggestion]:
    handled = Assignment.objects.filter(handling_unit_id=unit_id).values(
        "suggestion_id"
    )
    return queryset.filter(Q(pk__in=handled) | Q(merged_into_id__in=handled))


def suggestion_stats(
    *,
    user,
    congress,
    year: int,
    channel: str | None = None,
    period: str | None = None,
    unit=None,
    category: str | None = None,
    group_by: str | None = None,
    today: dt.date | None = None,
) -> StatsReport:
    """Compute the year's figures of a congress's suggestions the user may see.

    办结率 (completion) = closed within the year / accepted in the year; on-time
    rate = answering replies made by the deadline then in force / all answering
    replies; A/B/C shares and satisfaction use each answering unit's latest
    reply; overdue now = items with an open assignment past its deadline.
    """
    if group_by is not None and group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}")
    today = _today(today)
    base = suggestions_visible_to(user).filter(congress=congress)
    if channel:
        base = base.filter(channel=channel)
    if period:
        base = base.filter(period=period)
    if category:
        base = base.filter(category=category)
    unit_id = _unit_id(unit)
    if unit_id is not None:
        base = _for_unit(base, unit_id)
    total = _stats(base, year=year, unit_id=unit_id, today=today)
    groups: list[StatsGroup] = []
    if group_by in ("channel", "category", "period"):
        labels = {"channel": Channel, "category": Category, "period": Period}[group_by]
        present = set(base.values_list(group_by, flat=True).distinct())
        for value, label in labels.choices:
            if value in present:
                groups.append(
                    StatsGroup(
                        key=value,
                        label=str(label),
                        stats=_stats(
                            base.filter(**{group_by: value}),
                            year=year,
                            unit_id=unit_id,
                            today=today,
                        ),
                    )
                )
    elif group_by == "unit":
        from renda.units.models import HandlingUnit

        unit_ids = (
            Assignment.objects.filter(suggestion__in=base)
            .exclude(status=AssignmentStatus.WITHDRAWN)
            .values("handling_unit_id")
        )
        for handling_unit in HandlingUnit.objects.filter(pk__in=unit_ids).order_by(
            "name", "pk"
        ):
            groups.append(
                StatsGroup(
                    key=handling_unit.pk,
                    label=handling_unit.name,
                    stats=_stats(
                        _for_unit(base, handling_unit.pk),
                        year=year,
                        unit_id=handling_unit.pk,
                        today=today,
                    ),
                )
            )
    return StatsReport(total=total, groups=groups)
