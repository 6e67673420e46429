"""Reads of reception days: a station's year, one day, what counts, late entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.core.parsing import parse_pk
from renda.core.state import allowed
from renda.deputies.models import DeputyGroup
from renda.deputies.selectors import deputies_eligible_for_station
from renda.stations.selectors import (
    get_station_for_user,
    stations_visible_to,
)

from .. import rules
from ..choices import (
    ReceptionDayStatus,
)
from ..models import ReceptionDay
from ..permissions import (
    can_confirm_late_reception_day,
    can_manage_reception_days,
)

YEAR_MIN, YEAR_MAX = 2000, 2100


@dataclass(frozen=True)
class ReceptionDayFilters:
    """A station and a year of reception days."""

    station_id: int
    year: int

    @classmethod
    def from_query(cls, station_id: int, query: Mapping) -> ReceptionDayFilters:
        """Parse ``year`` from a query; a missing or bad year is this year."""
        year = parse_pk(query.get("year"))
        if year is None or not YEAR_MIN <= year <= YEAR_MAX:
            year = timezone.localdate().year
        return cls(station_id=station_id, year=year)


@dataclass
class ReceptionDayYear:
    """A station's reception days of one year, against the yearly rule."""

    station: object
    year: int
    days: list
    summary: dict
    may_manage: bool


# The verbs of a reception day, as the page's links and the API's actions name them.
DAY_ACTIONS = ("edit", "hold", "postpone", "cancel", "confirm_late")


def reception_days_visible_to(user) -> QuerySet[ReceptionDay]:
    """Return the reception days of the stations the user may see."""
    return ReceptionDay.objects.filter(station__in=stations_visible_to(user))


def get_reception_day_for_user(user, pk) -> ReceptionDay:
    """Return one reception day the user may see, or raise 404."""
    try:
        return (
            reception_days_visible_to(user)
            .select_related("station", "station__region")
            .get(pk=pk)
        )
    except (ReceptionDay.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def reception_days_of_year(station, year: int) -> QuerySet[ReceptionDay]:
    """Return a station's reception days in one year, by date, with their deputies."""
    return (
        station.reception_days.filter(date__year=year)
        .prefetch_related("deputies", "attendees")
        .order_by("date", "start_time", "id")
    )


def reception_days_on_duty(user, *, today: dt.date | None = None):
    """Return the planned reception days, from today on, where the user's deputy is on duty.

    Soonest first, with the station and the deputies on duty.
    """
    deputy_id = get_scope(user).deputy_id
    if deputy_id is None:
        return ReceptionDay.objects.none()
    return (
        ReceptionDay.objects.filter(
            deputies=deputy_id,
            status=ReceptionDayStatus.PLANNED,
            date__gte=today or timezone.localdate(),
        )
        .select_related("station")
        .prefetch_related("deputies")
        .order_by("date", "start_time", "id")
    )


# The record form offers a station's latest days that were held or are planned.
DAYS_TO_RECORD_AT = 20


def reception_days_to_record_at(station) -> list[ReceptionDay]:
    """Return the days a request may be recorded at: planned or held, latest first."""
    return list(
        station.reception_days.filter(
            status__in=[ReceptionDayStatus.PLANNED, ReceptionDayStatus.HELD]
        ).order_by("-date")[:DAYS_TO_RECORD_AT]
    )


def counted_q() -> Q:
    """Return the condition of a held day that counts towards its year.

    A day entered late (补录) counts once committee staff have confirmed it.
    """
    return Q(status=ReceptionDayStatus.HELD) & (
        Q(entered_late=False) | Q(late_confirmed_at__isnull=False)
    )


def reception_days_counted() -> QuerySet[ReceptionDay]:
    """Return the held reception days that count towards the yearly rule."""
    return ReceptionDay.objects.filter(counted_q())


def reception_day_late_counts(*, station_ids=None, year=None) -> dict:
    """Count late (补录) reception days per (station id, year): confirmed and not.

    For the rules dashboard: ``{(station_id, year): {"confirmed": n,
    "unconfirmed": n}}``, days entered late only.
    """
    queryset = ReceptionDay.objects.filter(entered_late=True)
    if station_ids is not None:
        queryset = queryset.filter(station_id__in=list(station_ids))
    if year is not None:
        queryset = queryset.filter(date__year=year)
    rows = queryset.values("station_id", "date__year").annotate(
        confirmed=Count("id", filter=Q(late_confirmed_at__isnull=False)),
        unconfirmed=Count("id", filter=Q(late_confirmed_at__isnull=True)),
    )
    return {
        (row["station_id"], row["date__year"]): {
            "confirmed": row["confirmed"],
            "unconfirmed": row["unconfirmed"],
        }
        for row in rows
    }


def _summary_of(days, year: int) -> dict:
    counts = dict.fromkeys(ReceptionDayStatus.values, 0)
    held = late_unconfirmed = late_confirmed = 0
    for day in days:
        counts[day.status] += 1
        if day.status != ReceptionDayStatus.HELD:
            continue
        if not day.entered_late:
            held += 1
        elif day.late_confirmed_at is not None:
            held += 1
            late_confirmed += 1
        else:
            late_unconfirmed += 1
    planned = counts[ReceptionDayStatus.PLANNED]
    minimum = rules.reception_days_required()
    return {
        "year": year,
        "held": held,
        "planned": planned,
        "cancelled": counts[ReceptionDayStatus.CANCELLED],
        "late_confirmed": late_confirmed,
        "late_unconfirmed": late_unconfirmed,
        "minimum": minimum,
        "met": held >= minimum,
        "on_track": held + planned >= minimum,
        "missing": max(minimum - held, 0),
        "closed": rules.reception_year_closed(year, timezone.localdate()),
    }


def reception_day_year_summary(station, year: int) -> dict:
    """Count a station's reception days in a year by status, against the yearly rule.

    Held days entered late count only once confirmed (``counted_q``).
    """
    days = station.reception_days.filter(date__year=year).only(
        "status", "entered_late", "late_confirmed_at"
    )
    return _summary_of(days, year)


def reception_day_actions(user, day, *, may_manage=None, may_confirm=None) -> list:
    """Return the verbs of ``DAY_ACTIONS`` the user may apply to a day now."""
    if may_manage is None:
        may_manage = can_manage_reception_days(user, day.station)
    if may_confirm is None:
        may_confirm = can_confirm_late_reception_day(user, day.station)
    actions = []
    if may_manage:
        actions += [
            verb
            for verb in ("edit", "hold", "postpone", "cancel")
            if allowed(day, verb)
            and (verb != "hold" or day.date <= timezone.localdate())
        ]
    if may_confirm and day.entered_late and day.late_confirmed_at is None:
        actions.append("confirm_late")
    return actions


def reception_day_list(user, filters: ReceptionDayFilters) -> ReceptionDayYear:
    """Return a station's reception days of a year with each day's actions (404 if out of scope)."""
    station = get_station_for_user(user, filters.station_id)
    may_manage = can_manage_reception_days(user, station)
    may_confirm = can_confirm_late_reception_day(user, station)
    days = list(reception_days_of_year(station, filters.year))
    for day in days:
        day.station = station
        day.actions = reception_day_actions(
            user, day, may_manage=may_manage, may_confirm=may_confirm
        )
    return ReceptionDayYear(
        station=station,
        year=filters.year,
        days=days,
        summary=_summary_of(days, filters.year),
        may_manage=may_manage,
    )


def reception_day_detail(user, pk) -> ReceptionDay:
    """Return one reception day with its deputies and ``actions`` (404 if out of scope)."""
    try:
        day = (
            reception_days_visible_to(user)
            .select_related("station", "station__region")
            .prefetch_related("deputies", "attendees")
            .get(pk=pk)
        )
    except (ReceptionDay.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    day.actions = reception_day_actions(user, day)
    return day


def duty_deputy_options(station) -> list:
    """Return the deputies who may be on duty at a station, its own deputies first.

    Each deputy carries ``is_own``: a member or leader of one of the station's
    groups (the others are deputies of a congress whose area holds the
    station). One query, ordered by pinyin within each part.
    """
    groups = DeputyGroup.objects.filter(station_id=station.pk)
    own = Exists(groups.filter(members=OuterRef("pk"))) | Exists(
        groups.filter(leader_id=OuterRef("pk"))
    )
    return list(
        deputies_eligible_for_station(station)
        .annotate(is_own=own)
        .order_by("-is_own", "name_pinyin", "name", "pk")
    )
