"""The year's figures of a congress's suggestions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate

from renda.core.db_router import replica_reads
from renda.legal_calendar.calendar import due_date

from .. import rules
from ..choices import (
    ANSWERING_ROLES,
    LIVE_ASSIGNMENT_STATUSES,
    OPEN_ASSIGNMENT_STATUSES,
    SATISFACTORY_RATINGS,
    Category,
    Channel,
    Period,
    ReplyOutcome,
    SuggestionStatus,
)
from ..models import Assignment, Reply, Suggestion
from .state import _today
from .visibility import suggestions_visible_to

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


def _rating_deadline(replied_on: dt.date) -> dt.date:
    return due_date(replied_on, working_days=rules.rating_window_working_days()).due


def rating_window_cutoff(before: dt.date) -> dt.date:
    """Return the last reply day whose rating window ended before ``before``.

    Windows end later for later reply days, so the items replied on or before
    this day are exactly those whose window had passed. A window is at least
    as many calendar days as working days; the walk back covers the holidays.
    """
    day = before - dt.timedelta(days=rules.rating_window_working_days() + 1)
    while _rating_deadline(day) >= before:
        day -= dt.timedelta(days=1)
    return day


def _closing_in_year_q(*, year: int, today: dt.date) -> Q | None:
    """Match the replied items whose rating window passed and that close in ``year``.

    The daily job closes them on the first day after the window; until it
    runs, the figures count them closed as of that day all the same (a merged
    item with its primary). No query: a few dates from the calendar. None
    when no reply day qualifies.
    """
    last = min(rating_window_cutoff(today), rating_window_cutoff(dt.date(year, 12, 31)))
    first_after = rating_window_cutoff(dt.date(year - 1, 12, 31))
    if last <= first_after:
        return None
    window = {"replied_at__date__gt": first_after, "replied_at__date__lte": last}
    own = Q(merged_into__isnull=True, status=SuggestionStatus.REPLIED, **window)
    followed = Q(
        merged_into__status=SuggestionStatus.REPLIED,
        **{f"merged_into__{key}": value for key, value in window.items()},
    )
    return own | followed


def _stats(
    base: QuerySet[Suggestion],
    *,
    year: int,
    unit_id: int | None,
    today: dt.date,
) -> SuggestionStats:
    """Count one set's figures in four set-based queries, whatever its size.

    Each query reads only the rows of the year through the indexes (a
    congress's items by submission and acceptance, an assignment's replies
    newest first), never a subquery per row.
    """
    # A merged item without an acceptance of its own counts from its primary's.
    merged_late = list(
        base.filter(
            merged_into__isnull=False,
            accepted_at__isnull=True,
            merged_into__accepted_at__year=year,
        ).values_list("pk", flat=True)
    )
    in_year = (
        Q(submitted_at__year=year) | Q(accepted_at__year=year) | Q(pk__in=merged_late)
    )
    accepted_in_year = Q(effective_accepted_at__year=year)
    # Items whose rating window has passed are closed, whether or not the
    # daily job has run yet.
    closed_in_year = Q(effective_closed_at__year=year)
    closing = _closing_in_year_q(year=year, today=today)
    if closing is not None:
        closed_in_year |= closing
    counts = (
        base.filter(in_year)
        .alias(
            effective_accepted_at=Coalesce("accepted_at", "merged_into__accepted_at"),
            effective_closed_at=Coalesce("merged_into__closed_at", "closed_at"),
        )
        .aggregate(
            submitted=Count("pk", filter=Q(submitted_at__year=year)),
            accepted=Count("pk", filter=accepted_in_year),
            closed=Count("pk", filter=accepted_in_year & closed_in_year),
        )
    )
    submitted, accepted, closed = (
        counts["submitted"],
        counts["accepted"],
        counts["closed"],
    )

    # Handling is counted once, on the primary of merged items (whose own
    # acceptance is then the effective one).
    handled = base.filter(merged_into__isnull=True, accepted_at__year=year)
    replies = Reply.objects.filter(
        assignment__suggestion__in=handled.values("pk"),
        assignment__role__in=ANSWERING_ROLES,
    )
    if unit_id is not None:
        replies = replies.filter(assignment__handling_unit_id=unit_id)
    reply_counts = replies.alias(replied_on=TruncDate("replied_at")).aggregate(
        replies=Count("pk"),
        on_time=Count("pk", filter=Q(replied_on__lte=F("due_at"))),
    )
    reply_count, on_time = reply_counts["replies"], reply_counts["on_time"]

    # Each live answering assignment's latest reply: none came after it.
    later = Reply.objects.filter(assignment_id=OuterRef("assignment_id")).filter(
        Q(replied_at__gt=OuterRef("replied_at"))
        | Q(replied_at=OuterRef("replied_at"), pk__gt=OuterRef("pk"))
    )
    final = (
        replies.filter(assignment__status__in=LIVE_ASSIGNMENT_STATUSES)
        .filter(~Exists(later))
        .aggregate(
            rated=Count("pk", filter=Q(feedback__rating__gt="")),
            satisfied=Count("pk", filter=Q(feedback__rating__in=SATISFACTORY_RATINGS)),
            **{
                f"outcome_{value}": Count("pk", filter=Q(outcome=value))
                for value in ReplyOutcome.values
            },
        )
    )
    outcomes = {value: final[f"outcome_{value}"] for value in ReplyOutcome.values}
    rated, satisfied = final["rated"], final["satisfied"]
    answered = sum(outcomes.values())

    overdue_assignments = Assignment.objects.filter(
        suggestion_id=OuterRef("pk"),
        status__in=OPEN_ASSIGNMENT_STATUSES,
        due_at__lt=today,
    )
    if unit_id is not None:
        overdue_assignments = overdue_assignments.filter(handling_unit_id=unit_id)
    # The year's items only (those accepted in it, counted on the primary).
    overdue_now = handled.filter(Exists(overdue_assignments)).count()
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
    # Items the unit returned as misrouted are not the unit's to count.
    handled = Assignment.objects.filter(
        handling_unit_id=unit_id, status__in=LIVE_ASSIGNMENT_STATUSES
    ).values("suggestion_id")
    return queryset.filter(Q(pk__in=handled) | Q(merged_into_id__in=handled))


def suggestion_stats_live(
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
    """Compute the year's figures of a congress's suggestions the user may see,
    from the records (the reference the summary rows are checked against).

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
    # The figures may read a replica (renda/core/db_router.py); the scope above
    # was read on the primary.
    with replica_reads():
        total = _stats(base, year=year, unit_id=unit_id, today=today)
        groups: list[StatsGroup] = []
        if group_by in ("channel", "category", "period"):
            labels = {"channel": Channel, "category": Category, "period": Period}[
                group_by
            ]
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

            unit_ids = Assignment.objects.filter(
                suggestion__in=base, status__in=LIVE_ASSIGNMENT_STATUSES
            ).values("handling_unit_id")
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


# The summary rows (decision record 0019) -----------------------------------------


def _whole_congress_visible(user, congress) -> bool:
    """Whether the user sees every submitted item of the congress (staff,
    leaders, admins): then the summary rows, which count exactly those, apply."""
    from renda.accounts.permissions import get_scope

    scope = get_scope(user)
    congress_id = getattr(congress, "pk", congress)
    return scope.is_authenticated and (
        scope.is_admin
        or congress_id in scope.staff_congress_ids
        or congress_id in scope.leader_congress_ids
    )


def _row_sums(rows, *, year: int, today: dt.date, by: str | None = None):
    """Sum the counters of ``rows`` (one congress and year), the day-bucketed
    ones against today's cutoffs; grouped by ``by`` when given."""
    from django.db.models import Sum

    from ..models_stats import COUNTERS

    low = rating_window_cutoff(dt.date(year - 1, 12, 31))
    high = min(rating_window_cutoff(today), rating_window_cutoff(dt.date(year, 12, 31)))
    sums = {
        name: Coalesce(Sum(name), 0)
        for name in COUNTERS
        if name not in ("closing", "overdue", "items", "direct")
    }
    sums["closing"] = Coalesce(Sum("closing", filter=Q(day__gt=low, day__lte=high)), 0)
    sums["overdue"] = Coalesce(Sum("overdue", filter=Q(day__lt=today)), 0)
    if by is None:
        return rows.aggregate(**sums)
    return {row[by]: row for row in rows.values(by).order_by(by).annotate(**sums)}


def _from_sums(sums: dict | None) -> SuggestionStats:
    from ..stats_rows import OUTCOME_COUNTERS

    sums = sums or {}
    get = lambda name: sums.get(name) or 0  # noqa: E731
    accepted = get("accepted")
    closed = get("closed") + get("closing")
    replies, on_time = get("replies"), get("on_time")
    outcomes = {value: get(OUTCOME_COUNTERS[value]) for value in ReplyOutcome.values}
    answered = sum(outcomes.values())
    rated, satisfied = get("rated"), get("satisfied")
    return SuggestionStats(
        submitted=get("submitted"),
        accepted=accepted,
        closed=closed,
        completion_rate=rate(closed, accepted),
        replies=replies,
        on_time_replies=on_time,
        on_time_rate=rate(on_time, replies),
        outcomes=outcomes,
        outcome_shares={key: rate(value, answered) for key, value in outcomes.items()},
        rated=rated,
        satisfied=satisfied,
        satisfaction_rate=rate(satisfied, rated),
        overdue_now=get("overdue"),
    )


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
    """The year's figures (see ``suggestion_stats_live`` for their definitions),
    read from the summary rows in at most three queries.

    Users who see only part of a congress (none of today's readers of the
    figures), and a unit filter grouped by unit (the units handling items
    together with it), are counted from the records instead.
    """
    if group_by is not None and group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}")
    unit_id = _unit_id(unit)
    arguments = {
        "user": user,
        "congress": congress,
        "year": year,
        "channel": channel,
        "period": period,
        "unit": unit,
        "category": category,
        "group_by": group_by,
        "today": today,
    }
    if not _whole_congress_visible(user, congress) or (
        group_by == "unit" and unit_id is not None
    ):
        return suggestion_stats_live(**arguments)
    # The figures may read a replica (renda/core/db_router.py); the scope
    # checks above were read on the primary.
    with replica_reads():
        return _stats_from_rows(
            user=user,
            congress=congress,
            year=year,
            channel=channel,
            period=period,
            category=category,
            unit_id=unit_id,
            group_by=group_by,
            today=today,
        )


def _stats_from_rows(
    *, user, congress, year, channel, period, category, unit_id, group_by, today
) -> StatsReport:
    from ..models_stats import ALL_UNITS, PRESENCE_YEAR, SuggestionStatsRow

    today = _today(today)
    rows = SuggestionStatsRow.objects.filter(congress=congress)
    filters = {
        name: value
        for name, value in (
            ("channel", channel),
            ("period", period),
            ("category", category),
        )
        if value
    }
    rows = rows.filter(**filters)
    scoped = rows.filter(unit_id=unit_id or ALL_UNITS)
    total = _from_sums(_row_sums(scoped.filter(year=year), year=year, today=today))
    groups: list[StatsGroup] = []
    if group_by in ("channel", "category", "period"):
        labels = {"channel": Channel, "category": Category, "period": Period}[group_by]
        present = set(
            scoped.filter(year=PRESENCE_YEAR, items__gt=0)
            .values_list(group_by, flat=True)
            .distinct()
        )
        if unit_id is None:
            # Drafts count in no figure, but a group of drafts alone is shown.
            drafts = suggestions_visible_to(user).filter(
                congress=congress, status=SuggestionStatus.DRAFT, **filters
            )
            present |= set(drafts.values_list(group_by, flat=True).distinct())
        sums = _row_sums(scoped.filter(year=year), year=year, today=today, by=group_by)
        for value, label in labels.choices:
            if value in present:
                groups.append(
                    StatsGroup(
                        key=value, label=str(label), stats=_from_sums(sums.get(value))
                    )
                )
    elif group_by == "unit":
        from renda.units.models import HandlingUnit

        units = rows.filter(year=PRESENCE_YEAR, direct__gt=0).exclude(unit_id=ALL_UNITS)
        sums = _row_sums(
            rows.filter(year=year).exclude(unit_id=ALL_UNITS),
            year=year,
            today=today,
            by="unit_id",
        )
        for handling_unit in HandlingUnit.objects.filter(
            pk__in=units.values("unit_id")
        ).order_by("name", "pk"):
            groups.append(
                StatsGroup(
                    key=handling_unit.pk,
                    label=handling_unit.name,
                    stats=_from_sums(sums.get(handling_unit.pk)),
                )
            )
    return StatsReport(total=total, groups=groups)
