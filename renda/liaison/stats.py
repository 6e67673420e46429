"""The figures the source reports, from the records: per year, per station, per level.

- Reception days held, and the deputies who took part (distinct attendees of
  held days) against the deputies of the area, per level, with the biggest
  single day ("9月27日 230 / 269 名市人大代表到站接待").
- Residents' requests received in the year (by the day they were recorded), how
  they were routed (街道/乡镇 government, converted to suggestions, answered on
  the spot) and how many have an answer.
- Leadership members' visits (contact logs of kind VISIT) and all contacts.
- Deputies invited to committee meetings as observers, and their attendance.
- Quarterly coordination meetings held.
- Late entries (补录) of the year by kind, pending and confirmed. A late entry
  counts in the figures above only once confirmed, as on the dashboard.

The deputies of the area at a level are those with a mandate in force at some
time in the year in a congress of that level whose region lies in the congress's
area (the congress's own level and the levels below it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from renda.congresses.choices import LEVEL_ORDER, Level
from renda.congresses.models import Congress
from renda.core.db_router import replica_reads
from renda.deputies.models import Mandate
from renda.meetings.choices import MeetingKind
from renda.meetings.models import CommitteeMeeting
from renda.receptions.choices import (
    PublicRequestStatus,
    RequestTier,
)
from renda.receptions.models import PublicRequest, ReceptionDay
from renda.receptions.selectors import counted_q

from . import rules
from .choices import ContactKind, LateEntryKind
from .compliance import area_stations, leadership_members, station_days_url
from .models import (
    ContactLog,
    CoordinationMeeting,
    GroupActivity,
    MeetingObserver,
    counted,
)
from .rules import Period

DEPUTY_LABELS = {
    Level.NATIONAL: "全国人大代表",
    Level.PROVINCIAL: "省人大代表",
    Level.MUNICIPAL: "市人大代表",
    Level.COUNTY: "县（区）人大代表",
    Level.TOWNSHIP: "乡镇人大代表",
}


@dataclass
class RequestFigures:
    received: int = 0
    grassroots: int = 0
    converted: int = 0
    on_the_spot: int = 0
    answered: int = 0

    @property
    def routed(self) -> int:
        return self.grassroots + self.converted + self.on_the_spot

    def add(self, other: RequestFigures) -> None:
        self.received += other.received
        self.grassroots += other.grassroots
        self.converted += other.converted
        self.on_the_spot += other.on_the_spot
        self.answered += other.answered


@dataclass
class StationRow:
    station: object
    url: str
    days_held: int
    attendees: int
    requests: RequestFigures


@dataclass
class LevelRow:
    level: str
    label: str
    deputies: int
    attendees: int
    best_day: dt.date | None
    best_day_count: int

    @property
    def best_day_text(self) -> str:
        """ "9月27日 230 / 269 名市人大代表到站接待"."""
        if self.best_day is None:
            return ""
        return (
            f"{self.best_day.month}月{self.best_day.day}日 "
            f"{self.best_day_count} / {self.deputies} 名{self.label}到站接待"
        )


@dataclass
class LeaderRow:
    member: object
    visits: int
    contacts: int
    opinions: int


@dataclass
class MeetingRow:
    meeting: object
    invited: int
    attended: int
    # Late invitations (补录), pending or confirmed; ``invited`` counts only
    # those the rules count.
    late: int = 0

    @property
    def meets_rule(self) -> bool:
        return rules.meeting_has_enough_observers(self.invited)


@dataclass
class LateRow:
    kind: str
    label: str
    pending: int
    confirmed: int


@dataclass
class LiaisonStats:
    congress: Congress
    year: int
    stations: list[StationRow] = field(default_factory=list)
    levels: list[LevelRow] = field(default_factory=list)
    leaders: list[LeaderRow] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    coordination_meetings: int = 0
    requests: RequestFigures = field(default_factory=RequestFigures)
    late_entries: list[LateRow] = field(default_factory=list)
    min_meeting_observers: int = field(default_factory=rules.min_meeting_observers)

    @property
    def meetings_short_of_observers(self) -> int:
        return sum(1 for row in self.meetings if not row.meets_rule)

    @property
    def late_pending(self) -> int:
        return sum(row.pending for row in self.late_entries)

    @property
    def days_held(self) -> int:
        return sum(row.days_held for row in self.stations)

    @property
    def visits(self) -> int:
        return sum(row.visits for row in self.leaders)

    @property
    def contacts(self) -> int:
        return sum(row.contacts for row in self.leaders)

    @property
    def observers_invited(self) -> int:
        return sum(row.invited for row in self.meetings)

    @property
    def observers_attended(self) -> int:
        return sum(row.attended for row in self.meetings)

    def level(self, level: str) -> LevelRow | None:
        return next((row for row in self.levels if row.level == level), None)


def area_levels(congress: Congress) -> list[str]:
    """Return the congress's level and those below it, from the top down."""
    index = LEVEL_ORDER.index(congress.level)
    return [str(level) for level in LEVEL_ORDER[index:]]


def _request_figures(requests) -> dict[int, RequestFigures]:
    rows = requests.values("station").annotate(
        received=Count("id"),
        grassroots=Count("id", filter=Q(handling_unit__isnull=False)),
        converted=Count(
            "id",
            filter=Q(suggestion__isnull=False)
            | Q(status=PublicRequestStatus.CONVERTED),
        ),
        on_the_spot=Count(
            "id",
            filter=Q(tier=RequestTier.ON_THE_SPOT, handling_unit__isnull=True),
        ),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
    )
    return {
        row["station"]: RequestFigures(
            received=row["received"],
            grassroots=row["grassroots"],
            converted=row["converted"],
            on_the_spot=row["on_the_spot"],
            answered=row["answered"],
        )
        for row in rows
    }


def _level_rows(congress: Congress, year: int, held) -> list[LevelRow]:
    """Return each level's deputies, attendees and biggest day in three grouped
    queries, whatever the number of levels."""
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    levels = area_levels(congress)

    def in_force(prefix: str = "") -> Q:
        # One mandate meets every condition: one filter() joins it once.
        return Q(
            **{
                f"{prefix}term__congress__level__in": levels,
                f"{prefix}term__congress__region__path__startswith": (
                    congress.region.path
                ),
                f"{prefix}start_date__lte": year_end,
            }
        ) & (
            Q(**{f"{prefix}end_date__isnull": True})
            | Q(**{f"{prefix}end_date__gte": year_start})
        )

    deputies = dict(
        Mandate.objects.filter(in_force())
        .values_list("term__congress__level")
        .annotate(n=Count("deputy_id", distinct=True))
        .order_by()
    )
    level = "deputy__mandates__term__congress__level"
    attendance = ReceptionDay.attendees.through.objects.filter(
        in_force("deputy__mandates__"), receptionday__in=held
    )
    attendees = dict(
        attendance.values_list(level)
        .annotate(n=Count("deputy_id", distinct=True))
        .order_by()
    )
    best: dict[str, tuple[int, dt.date]] = {}
    for row_level, date, n in (
        attendance.values_list(level, "receptionday__date")
        .annotate(n=Count("deputy_id", distinct=True))
        .order_by()
    ):
        # The most deputies; on a tie, the earliest day.
        if row_level not in best or (-n, date) < (
            -best[row_level][0],
            best[row_level][1],
        ):
            best[row_level] = (n, date)
    rows = []
    for level_key in levels:
        best_count, best_day = best.get(level_key, (0, None))
        rows.append(
            LevelRow(
                level=level_key,
                label=DEPUTY_LABELS[level_key],
                deputies=deputies.get(level_key, 0),
                attendees=attendees.get(level_key, 0),
                best_day=best_day,
                best_day_count=best_count,
            )
        )
    return rows


@replica_reads()
def liaison_stats(*, congress: Congress, year: int) -> LiaisonStats:
    """Return the year's liaison figures of the congress's area.

    Its queries may read a replica (renda/core/db_router.py).
    """
    stats = LiaisonStats(congress=congress, year=year)
    stations = list(area_stations(congress).select_related("region"))
    station_ids = [s.pk for s in stations]
    # The held days' ids, read once: a literal list lets the planner read the
    # attendees of these days by index. Filtered by station and year instead, it
    # expects every year of the area's stations and scans the whole attendance
    # table (bench/figures.py, docs/performance.md "双联, supervision and duty").
    held_ids = list(
        ReceptionDay.objects.filter(
            counted_q(), station__in=station_ids, date__year=year
        )
        .order_by()
        .values_list("pk", flat=True)
    )
    held = ReceptionDay.objects.filter(pk__in=held_ids)
    # Joining the attendees repeats a day once per attendee: count days distinct.
    per_station = {
        row["station"]: row
        for row in held.values("station").annotate(
            days=Count("id", distinct=True),
            attendees=Count("attendees", distinct=True),
        )
    }
    requests = _request_figures(
        PublicRequest.objects.filter(station__in=station_ids, created_at__year=year)
    )
    for station in stations:
        figures = requests.get(station.pk, RequestFigures())
        stats.requests.add(figures)
        stats.stations.append(
            StationRow(
                station=station,
                url=station_days_url(station.pk),
                days_held=per_station.get(station.pk, {}).get("days", 0),
                attendees=per_station.get(station.pk, {}).get("attendees", 0),
                requests=figures,
            )
        )
    stats.levels = _level_rows(congress, year, held_ids)

    period = Period(year=year, half="H2", today=dt.date(year, 12, 31))
    leaders = leadership_members(congress, period)
    logs = (
        ContactLog.objects.filter(
            counted(), contact__leader__in=[m.pk for m in leaders], date__year=year
        )
        .values("contact__leader")
        .annotate(
            visits=Count("id", filter=Q(kind=ContactKind.VISIT)),
            contacts=Count("id"),
            opinions=Count("id", filter=~Q(opinions="")),
        )
    )
    by_leader = {row["contact__leader"]: row for row in logs}
    for member in leaders:
        row = by_leader.get(member.pk, {})
        stats.leaders.append(
            LeaderRow(
                member=member,
                visits=row.get("visits", 0),
                contacts=row.get("contacts", 0),
                opinions=row.get("opinions", 0),
            )
        )

    meetings = (
        CommitteeMeeting.objects.filter(
            standing_committee__term__congress=congress,
            kind=MeetingKind.STANDING,
            date__year=year,
        )
        .annotate(
            invited=Count("observers", filter=counted("observers__"), distinct=True),
            attended=Count(
                "observers",
                filter=Q(observers__attended=True) & counted("observers__"),
                distinct=True,
            ),
            late=Count("observers", filter=Q(observers__late=True), distinct=True),
        )
        .order_by("date", "number")
    )
    stats.meetings = [
        MeetingRow(meeting=m, invited=m.invited, attended=m.attended, late=m.late)
        for m in meetings
    ]
    stats.coordination_meetings = CoordinationMeeting.objects.filter(
        counted(), congress=congress, year=year
    ).count()
    stats.late_entries = _late_rows(congress, year, leaders)
    return stats


def _late_rows(congress: Congress, year: int, leaders) -> list[LateRow]:
    sources = [
        (
            LateEntryKind.CONTACT_LOG,
            ContactLog.objects.filter(
                contact__leader__in=[m.pk for m in leaders], date__year=year
            ),
        ),
        (
            LateEntryKind.GROUP_ACTIVITY,
            GroupActivity.objects.filter(group__congress=congress, date__year=year),
        ),
        (
            LateEntryKind.OBSERVER,
            MeetingObserver.objects.filter(
                meeting__standing_committee__term__congress=congress,
                meeting__date__year=year,
            ),
        ),
        (
            LateEntryKind.COORDINATION,
            CoordinationMeeting.objects.filter(congress=congress, year=year),
        ),
    ]
    rows = []
    for kind, queryset in sources:
        figures = queryset.filter(late=True).aggregate(
            pending=Count("id", filter=Q(late_confirmed_at__isnull=True)),
            confirmed=Count("id", filter=Q(late_confirmed_at__isnull=False)),
        )
        rows.append(
            LateRow(
                kind=kind,
                label=str(kind.label),
                pending=figures["pending"],
                confirmed=figures["confirmed"],
            )
        )
    return rows


def distinct_observers(congress: Congress, year: int) -> int:
    """Return how many different deputies were invited to the year's meetings."""
    return (
        MeetingObserver.objects.filter(
            meeting__standing_committee__term__congress=congress,
            meeting__date__year=year,
        )
        .values("deputy_id")
        .distinct()
        .count()
    )
