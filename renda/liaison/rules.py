"""The rules of the 126 model and of 双联 as a dashboard: who keeps them, who breaks them.

Every rule is computed from the records for one congress (and the stations of
its area), one year and one half-year, as seen on ``today``:

- **Reception days** (yearly, ``MIN_RECEPTION_DAYS_PER_YEAR``): once the year is
  over (``today`` after 31 December), a station with fewer reception days HELD in
  the year breaks the rule. While the year runs, nobody has broken it yet; a
  station is *on track to miss* (at risk) when the days held so far plus the
  days still PLANNED from ``today`` to the end of the year are fewer than the
  threshold: even if every planned day is held, it will fall short. Postponed
  days count only once re-planned with a new date; cancelled days never count.
- **Leaders' contacts** (``MIN_LEADER_CONTACTS``): a leadership member of the
  standing committee with fewer deputies in steady contact on the reference day
  (the half-year's last day, or ``today`` while it runs) breaks the rule.
- **Group activities** (``MIN_LEADER_GROUP_ACTIVITIES_PER_HALF_YEAR``): a
  leadership member who joined fewer group activities dated in the half-year
  breaks the rule once the half-year is over; while it runs, they are at risk.
- **Meeting observers** (``MIN_MEETING_OBSERVERS``): a committee meeting dated in
  the half-year with fewer invited observers breaks the rule once it has taken
  place (dated before ``today``); a coming meeting is at risk.
- **Overdue requests**: a request routed to a unit whose due date has passed on
  the reference day while it is still unanswered on that day. Requests due in the
  half-year count towards the total, and so does any older one still overdue.

The leadership members are those of the standing committee of the congress's
term in force in the half-year (the latest term begun by its last day).
Thresholds are read at call time from settings (``RENDA_MIN_*``), with the
choices' constants as defaults, so tests and deployments can change them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.congresses.choices import LEADERSHIP_ROLES
from renda.congresses.models import CommitteeMember, Congress, Term
from renda.receptions import rules as station_choices
from renda.receptions.choices import ReceptionDayStatus
from renda.receptions.models import PublicRequest, ReceptionDay
from renda.stations.models import LiaisonStation

from . import choices as liaison_choices
from .models import CommitteeMeeting, DeputyContact, GroupActivity

H1 = "H1"
H2 = "H2"
HALF_LABELS = {H1: "上半年", H2: "下半年"}

RECEPTION_DAYS = "reception_days"
LEADER_CONTACTS = "leader_contacts"
GROUP_ACTIVITIES = "group_activities"
MEETING_OBSERVERS = "meeting_observers"
OVERDUE_REQUESTS = "overdue_requests"
RULE_KEYS = [
    RECEPTION_DAYS,
    LEADER_CONTACTS,
    GROUP_ACTIVITIES,
    MEETING_OBSERVERS,
    OVERDUE_REQUESTS,
]


# Thresholds ---------------------------------------------------------------------


def min_reception_days() -> int:
    return getattr(
        settings,
        "RENDA_MIN_RECEPTION_DAYS_PER_YEAR",
        station_choices.MIN_RECEPTION_DAYS_PER_YEAR,
    )


def min_leader_contacts() -> int:
    return getattr(
        settings, "RENDA_MIN_LEADER_CONTACTS", liaison_choices.MIN_LEADER_CONTACTS
    )


def min_group_activities() -> int:
    return getattr(
        settings,
        "RENDA_MIN_LEADER_GROUP_ACTIVITIES_PER_HALF_YEAR",
        liaison_choices.MIN_LEADER_GROUP_ACTIVITIES_PER_HALF_YEAR,
    )


def min_meeting_observers() -> int:
    return getattr(
        settings, "RENDA_MIN_MEETING_OBSERVERS", liaison_choices.MIN_MEETING_OBSERVERS
    )


# Periods ------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A half-year of a year, seen on ``today``."""

    year: int
    half: str
    today: dt.date

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == H1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return (
            dt.date(self.year, 6, 30) if self.half == H1 else dt.date(self.year, 12, 31)
        )

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def as_of(self) -> dt.date:
        """The reference day: the half-year's last day, or today while it runs."""
        return min(self.end, self.today)

    @property
    def is_over(self) -> bool:
        return self.today > self.end

    @property
    def year_is_over(self) -> bool:
        return self.today > self.year_end

    @property
    def has_started(self) -> bool:
        return self.today >= self.start

    @property
    def label(self) -> str:
        return f"{self.year}年{HALF_LABELS[self.half]}"

    @property
    def key(self) -> str:
        return f"{self.year}{self.half}"


def half_of(day: dt.date) -> str:
    return H1 if day.month <= 6 else H2


def current_period(today: dt.date | None = None) -> Period:
    """Return the half-year that contains ``today`` (default: the site's date)."""
    today = today or timezone.localdate()
    return Period(year=today.year, half=half_of(today), today=today)


# Links --------------------------------------------------------------------------


def url_or(candidates: list[tuple[str, list]], default: str = "") -> str:
    """Reverse the first URL name that exists (pages other areas are still building)."""
    for name, args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return default


def station_days_url(station_id: int) -> str:
    return url_or(
        [
            ("stations:reception_days", [station_id]),
            ("stations:detail", [station_id]),
        ]
    )


def station_requests_url(station_id: int) -> str:
    return url_or(
        [("stations:requests", [station_id]), ("stations:detail", [station_id])]
    )


def leader_url(member_id: int) -> str:
    url = url_or([("liaison:leader_contacts", [member_id])])
    if url:
        return url
    url = url_or([("liaison:contacts", [])])
    if url:
        return f"{url}?leader={member_id}"
    return url_or([("admin:congresses_committeemember_change", [member_id])])


def request_url(request_id: int, station_id: int) -> str:
    return url_or([("stations:request_detail", [request_id])]) or station_requests_url(
        station_id
    )


def meeting_url(meeting_id: int) -> str:
    return url_or(
        [
            ("liaison:meeting_detail", [meeting_id]),
            ("liaison:meeting", [meeting_id]),
            ("admin:liaison_committeemeeting_change", [meeting_id]),
        ]
    )


# Results ------------------------------------------------------------------------


@dataclass
class Item:
    """One subject of a rule (a station, a leader, a meeting, a request) and its figure."""

    subject: object
    label: str
    value: int
    url: str
    note: str = ""
    # The planned days still to come (reception days) or similar second figure.
    extra: int | None = None


@dataclass
class RuleResult:
    key: str
    title: str
    description: str
    threshold: int | None
    period_label: str
    total: int
    broken: list[Item] = field(default_factory=list)
    at_risk: list[Item] = field(default_factory=list)
    # The page that lists every record the rule counts.
    url: str = ""

    @property
    def kept(self) -> int:
        return self.total - len(self.broken) - len(self.at_risk)

    def broken_subjects(self) -> list:
        return [item.subject for item in self.broken]

    def broken_ids(self) -> set[int]:
        return {item.subject.pk for item in self.broken}

    def at_risk_ids(self) -> set[int]:
        return {item.subject.pk for item in self.at_risk}

    def broken_labels(self) -> set[str]:
        return {item.label for item in self.broken}

    def at_risk_labels(self) -> set[str]:
        return {item.label for item in self.at_risk}


@dataclass
class RulesReport:
    congress: Congress
    period: Period
    rules: list[RuleResult]

    def rule(self, key: str) -> RuleResult:
        return next(rule for rule in self.rules if rule.key == key)

    @property
    def broken_count(self) -> int:
        return sum(len(rule.broken) for rule in self.rules)


# Scope --------------------------------------------------------------------------


def dashboard_congresses_for(user) -> QuerySet[Congress]:
    """Return the congresses whose dashboard the user may read: staff, leaders, admins."""
    scope = get_scope(user)
    congresses = Congress.objects.select_related("region").order_by("region__code")
    if scope.is_admin:
        return congresses
    return congresses.filter(pk__in=scope.congress_ids)


def can_view_dashboard(user) -> bool:
    """The rules dashboard and statistics: committee staff and leaders, administrators."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.congress_ids)


def area_stations(congress: Congress) -> QuerySet[LiaisonStation]:
    """Return the liaison stations in the congress's area (its region and below)."""
    return LiaisonStation.objects.filter(
        region__path__startswith=congress.region.path
    ).order_by("region__code")


def term_in_force(congress: Congress, period: Period) -> Term | None:
    """Return the congress's term in force in the half-year: the latest begun by its end."""
    return congress.terms.filter(start_date__lte=period.end).order_by("-number").first()


def leadership_members(congress: Congress, period: Period) -> list[CommitteeMember]:
    """Return the leadership members of the standing committee in force, by rank."""
    term = term_in_force(congress, period)
    if term is None:
        return []
    return list(
        CommitteeMember.objects.filter(
            standing_committee__term=term, role__in=LEADERSHIP_ROLES
        )
        .select_related("deputy", "user")
        .order_by("rank", "pk")
    )


# The rules ----------------------------------------------------------------------


def reception_day_rule(congress: Congress, period: Period) -> RuleResult:
    """Return the stations behind on reception days held in the year."""
    threshold = min_reception_days()
    stations = list(area_stations(congress))
    days = ReceptionDay.objects.filter(
        station__in=[s.pk for s in stations], date__year=period.year
    )
    held = dict(
        days.filter(status=ReceptionDayStatus.HELD)
        .values("station")
        .annotate(n=Count("id"))
        .values_list("station", "n")
    )
    planned = dict(
        days.filter(status=ReceptionDayStatus.PLANNED, date__gte=period.today)
        .values("station")
        .annotate(n=Count("id"))
        .values_list("station", "n")
    )
    result = RuleResult(
        key=RECEPTION_DAYS,
        title="联络站代表接待日",
        description=f"每个联络站每年至少举行{threshold}次代表接待日",
        threshold=threshold,
        period_label=f"{period.year}年",
        total=len(stations),
    )
    for station in stations:
        n_held = held.get(station.pk, 0)
        n_planned = planned.get(station.pk, 0) if not period.year_is_over else 0
        item = Item(
            subject=station,
            label=station.name,
            value=n_held,
            extra=n_planned,
            url=station_days_url(station.pk),
        )
        if period.year_is_over:
            if n_held < threshold:
                item.note = f"全年举行{n_held}次，少于{threshold}次"
                result.broken.append(item)
        elif n_held + n_planned < threshold:
            item.note = (
                f"已举行{n_held}次，另有计划{n_planned}次，全年将少于{threshold}次"
            )
            result.at_risk.append(item)
    return result


def leader_contact_rule(
    congress: Congress, period: Period, leaders: list[CommitteeMember]
) -> RuleResult:
    """Return the leadership members with too few deputies in steady contact."""
    threshold = min_leader_contacts()
    day = period.as_of
    counts = dict(
        DeputyContact.objects.filter(leader__in=[m.pk for m in leaders])
        .filter(since__lte=day)
        .filter(Q(until__isnull=True) | Q(until__gte=day))
        .values("leader")
        .annotate(n=Count("deputy", distinct=True))
        .values_list("leader", "n")
    )
    result = RuleResult(
        key=LEADER_CONTACTS,
        title="班子成员联系代表",
        description=f"常委会班子成员每人固定联系{threshold}名以上代表",
        threshold=threshold,
        period_label=f"截至{day.year}年{day.month}月{day.day}日",
        total=len(leaders),
    )
    for member in leaders:
        n = counts.get(member.pk, 0)
        if n < threshold:
            result.broken.append(
                Item(
                    subject=member,
                    label=member.deputy.name,
                    value=n,
                    url=leader_url(member.pk),
                    note=f"{member.get_role_display()}，联系代表{n}名",
                )
            )
    return result


def group_activity_rule(
    congress: Congress, period: Period, leaders: list[CommitteeMember]
) -> RuleResult:
    """Return the leadership members who joined too few group activities in the half-year."""
    threshold = min_group_activities()
    counts = dict(
        GroupActivity.committee_members.through.objects.filter(
            committeemember_id__in=[m.pk for m in leaders],
            groupactivity__date__gte=period.start,
            groupactivity__date__lte=period.end,
        )
        .values("committeemember_id")
        .annotate(n=Count("groupactivity_id", distinct=True))
        .values_list("committeemember_id", "n")
    )
    result = RuleResult(
        key=GROUP_ACTIVITIES,
        title="班子成员参加代表小组活动",
        description=f"常委会班子成员每半年至少参加{threshold}次代表小组活动",
        threshold=threshold,
        period_label=period.label,
        total=len(leaders),
    )
    for member in leaders:
        n = counts.get(member.pk, 0)
        if n >= threshold:
            continue
        item = Item(
            subject=member,
            label=member.deputy.name,
            value=n,
            url=leader_url(member.pk),
            note=f"{member.get_role_display()}，{period.label}参加{n}次",
        )
        (result.broken if period.is_over else result.at_risk).append(item)
    return result


def meeting_observer_rule(congress: Congress, period: Period) -> RuleResult:
    """Return the committee meetings of the half-year with too few invited observers."""
    threshold = min_meeting_observers()
    meetings = list(
        CommitteeMeeting.objects.filter(
            standing_committee__term__congress=congress,
            date__gte=period.start,
            date__lte=period.end,
        )
        .select_related("standing_committee__term__congress")
        .annotate(
            invited=Count("observers", distinct=True),
            attended_count=Count(
                "observers", filter=Q(observers__attended=True), distinct=True
            ),
        )
        .order_by("date", "number")
    )
    result = RuleResult(
        key=MEETING_OBSERVERS,
        title="常委会会议邀请代表列席",
        description=f"每次常委会会议邀请{threshold}名以上代表列席",
        threshold=threshold,
        period_label=period.label,
        total=len(meetings),
    )
    for meeting in meetings:
        if meeting.invited >= threshold:
            continue
        item = Item(
            subject=meeting,
            label=f"第{meeting.number}次会议",
            value=meeting.invited,
            url=meeting_url(meeting.pk),
            note=f"{meeting.date:%Y-%m-%d}，邀请列席代表{meeting.invited}名",
        )
        (result.broken if meeting.date < period.today else result.at_risk).append(item)
    return result


def _answered_by(day: dt.date) -> Q:
    """Requests answered on or before ``day`` (in the site's zone)."""
    start_next = dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    return Q(answered_at__isnull=False, answered_at__lt=start_next)


def routed_past_due(congress: Congress, day: dt.date) -> QuerySet[PublicRequest]:
    """Return the area's requests routed to a unit whose due date is before ``day``."""
    return PublicRequest.objects.filter(
        station__region__path__startswith=congress.region.path,
        handling_unit__isnull=False,
        due_at__isnull=False,
        due_at__lt=day,
    )


def overdue_requests(congress: Congress, day: dt.date) -> QuerySet[PublicRequest]:
    """Return the routed requests of the area past due and still unanswered on ``day``."""
    return routed_past_due(congress, day).exclude(_answered_by(day))


def overdue_request_rule(congress: Congress, period: Period) -> RuleResult:
    """Return the requests routed to units past due and unanswered on the reference day."""
    day = period.as_of
    routed = routed_past_due(congress, day)
    overdue = list(
        overdue_requests(congress, day)
        .select_related("station", "handling_unit")
        .order_by("due_at", "pk")
    )
    due_in_half = routed.filter(due_at__gte=period.start).exclude(
        pk__in=[r.pk for r in overdue]
    )
    result = RuleResult(
        key=OVERDUE_REQUESTS,
        title="民意诉求按期办理",
        description="转街道/乡镇办理的群众诉求应在办理期限内答复",
        threshold=None,
        period_label=f"截至{day.year}年{day.month}月{day.day}日",
        total=len(overdue) + due_in_half.count(),
    )
    for request in overdue:
        days = (day - request.due_at).days
        result.broken.append(
            Item(
                subject=request,
                label=request.receipt_number,
                value=days,
                url=request_url(request.pk, request.station_id),
                note=(
                    f"{request.station.name} → {request.handling_unit.name}，"
                    f"期限{request.due_at:%Y-%m-%d}，已超期{days}天"
                ),
            )
        )
    return result


def liaison_rules_report(
    *, congress: Congress, year: int, half: str, today: dt.date | None = None
) -> RulesReport:
    """Compute every rule for the congress's area in the year and half-year, seen on ``today``."""
    period = Period(year=year, half=half, today=today or timezone.localdate())
    leaders = leadership_members(congress, period)
    rules = [
        reception_day_rule(congress, period),
        leader_contact_rule(congress, period, leaders),
        group_activity_rule(congress, period, leaders),
        meeting_observer_rule(congress, period),
        overdue_request_rule(congress, period),
    ]
    return RulesReport(congress=congress, period=period, rules=rules)
