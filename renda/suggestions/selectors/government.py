"""Reads of the government's sign-off: the setting, the instruction, step times, figures.

Step times are counted in working days on the legal calendar (法定工作日: the
working days after the start day up to and including the end day, make-up
workdays counting), from the records at read time; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from renda.core.db_router import replica_ok
from renda.legal_calendar.calendar import is_working_day

from ..choices import (
    ANSWERING_ROLES,
    AssignmentRole,
    AssignmentStatus,
    Channel,
)
from ..models import Assignment, GovernmentRoute, Instruction, Reply
from ..permissions import can_read_instruction_text
from .visibility import suggestions_visible_to

UNIT_LABEL = "个工作日"


def route_for(congress) -> GovernmentRoute | None:
    """Return a congress's sign-off setting, active or not (None if never set)."""
    return (
        GovernmentRoute.objects.select_related("coordinating_unit", "set_by")
        .filter(congress=congress)
        .first()
    )


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def working_days_between(start: dt.datetime, end: dt.datetime, _cache=None) -> int:
    """Return the working days after ``start``'s day up to ``end``'s day (0 if same day)."""
    first, last = _local_date(start), _local_date(end)
    cache = _cache if _cache is not None else {}
    count = 0
    day = first
    while day < last:
        day += dt.timedelta(days=1)
        if day not in cache:
            cache[day] = is_working_day(day).working
        count += cache[day]
    return count


@dataclass(frozen=True)
class GovernmentSteps:
    """When each step of the sign-off happened, and the working days in between."""

    sent_at: dt.datetime
    signed_at: dt.datetime | None
    dispatched_at: dt.datetime | None
    replied_at: dt.datetime | None
    sign_off_days: int | None
    dispatch_days: int | None
    department_days: int | None
    unit_label: str = UNIT_LABEL


def coordinating_assignment(suggestion_id: int) -> Assignment | None:
    """Return the item's latest coordinating assignment that was not returned/withdrawn."""
    return (
        Assignment.objects.filter(
            suggestion_id=suggestion_id,
            role=AssignmentRole.COORDINATING,
            status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.DISPATCHED],
        )
        .select_related("handling_unit")
        .order_by("-assigned_at", "-pk")
        .first()
    )


def government_steps(assignment: Assignment, _cache=None) -> GovernmentSteps:
    """Return the step times of one coordinating assignment."""
    instruction = Instruction.objects.filter(assignment=assignment).first()
    signed_at = instruction.signed_at if instruction else None
    replied_at = None
    if assignment.dispatched_at is not None:
        last = (
            Reply.objects.filter(
                assignment__via=assignment, assignment__role__in=ANSWERING_ROLES
            )
            .order_by("-replied_at")
            .values_list("replied_at", flat=True)
            .first()
        )
        replied_at = last
    return _steps(
        assignment.assigned_at, signed_at, assignment.dispatched_at, replied_at, _cache
    )


def _steps(
    sent_at, signed_at, dispatched_at, replied_at, cache=None
) -> GovernmentSteps:
    cache = cache if cache is not None else {}

    def between(a, b):
        return working_days_between(a, b, cache) if a and b else None

    return GovernmentSteps(
        sent_at=sent_at,
        signed_at=signed_at,
        dispatched_at=dispatched_at,
        replied_at=replied_at,
        sign_off_days=between(sent_at, signed_at),
        dispatch_days=between(signed_at, dispatched_at),
        department_days=between(dispatched_at, replied_at),
    )


@dataclass(frozen=True)
class InstructionView:
    """The 领导批示 block: who signed and when for all; the text only if allowed."""

    leader_name: str
    leader_title: str
    signed_at: dt.datetime
    text: str | None
    may_read_text: bool


def instruction_for(user, suggestion) -> InstructionView | None:
    """Return the item's latest instruction as this user may see it (None if none)."""
    handling_id = suggestion.merged_into_id or suggestion.pk
    instruction = (
        Instruction.objects.filter(suggestion_id=handling_id)
        .order_by("-signed_at", "-pk")
        .first()
    )
    if instruction is None:
        return None
    may = can_read_instruction_text(user, suggestion)
    return InstructionView(
        leader_name=instruction.leader_name,
        leader_title=instruction.leader_title,
        signed_at=instruction.signed_at,
        text=instruction.text if may else None,
        may_read_text=may,
    )


# Figures ---------------------------------------------------------------------------


def _half_up(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class GovernmentChannelStats:
    channel: str
    label: str
    count: int
    sign_off_average: Decimal | None
    sign_off_median: Decimal | None
    dispatched: int
    dispatch_average: Decimal | None
    dispatch_median: Decimal | None


def government_stats(*, user, congress, year: int) -> list[GovernmentChannelStats]:
    """Per channel, for items accepted in ``year`` that went through the sign-off.

    ``count`` = items with a recorded instruction; sign-off time = congress's
    dispatch → signed; dispatch time = signed → passed on (those passed on).
    Working days on the legal calendar; average and median to one decimal.
    """
    if not GovernmentRoute.objects.filter(congress=congress).exists():
        # Never set up: nothing went through the government (one cheap query).
        return []
    visible = suggestions_visible_to(user).filter(
        congress=congress, accepted_at__year=year, merged_into__isnull=True
    )
    # Figures may read a replica (renda/core/db_router.py).
    rows = replica_ok(
        Instruction.objects.filter(suggestion__in=visible.values("pk"))
        .select_related("assignment", "suggestion")
        .order_by("pk")
    )
    cache: dict = {}
    sign_off: dict[str, list[int]] = {}
    dispatch: dict[str, list[int]] = {}
    counted: dict[str, set[int]] = {}
    for instruction in rows:
        assignment = instruction.assignment
        if assignment.status not in (
            AssignmentStatus.ASSIGNED,
            AssignmentStatus.DISPATCHED,
        ):
            continue
        channel = instruction.suggestion.channel
        counted.setdefault(channel, set()).add(instruction.suggestion_id)
        steps = _steps(
            assignment.assigned_at,
            instruction.signed_at,
            assignment.dispatched_at,
            None,
            cache,
        )
        sign_off.setdefault(channel, []).append(steps.sign_off_days)
        if steps.dispatch_days is not None:
            dispatch.setdefault(channel, []).append(steps.dispatch_days)
    result = []
    for value, label in Channel.choices:
        if value not in counted:
            continue
        signs = sign_off.get(value, [])
        sends = dispatch.get(value, [])
        result.append(
            GovernmentChannelStats(
                channel=value,
                label=str(label),
                count=len(counted[value]),
                sign_off_average=_half_up(statistics.fmean(signs)) if signs else None,
                sign_off_median=_half_up(statistics.median(signs)) if signs else None,
                dispatched=len(sends),
                dispatch_average=_half_up(statistics.fmean(sends)) if sends else None,
                dispatch_median=_half_up(statistics.median(sends)) if sends else None,
            )
        )
    return result
