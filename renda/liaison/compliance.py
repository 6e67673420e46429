"""The rules dashboard: for one congress's area, one year and one half-year, who
keeps the rules of the 126 model and of 双联 and who breaks them.

The thresholds, periods and predicates are in ``rules.py``; this module counts
the records against them, as seen on ``today``:

- **Reception days** (yearly, ``rules.min_reception_days``): once the year is
  over (``today`` after 31 December), a station with fewer reception days HELD in
  the year breaks the rule. While the year runs, nobody has broken it yet; a
  station is *on track to miss* (at risk) when the days held so far plus the
  days still PLANNED from ``today`` to the end of the year are fewer than the
  threshold: even if every planned day is held, it will fall short. Postponed
  days count only once re-planned with a new date; cancelled days never count.
- **Leaders' contacts** (``rules.min_leader_contacts``): a contact counts for the
  half-year only if it is active on the reference day (the half-year's last day,
  or ``today`` while it runs) and at least one contact was logged in the
  half-year up to that day (保持经常性联系). A leader with fewer assigned contacts
  than the threshold breaks the rule at once; one with enough assigned but too
  few kept breaks it once the half-year is over, and is at risk while it runs.
- **Group activities** (``rules.min_group_activities``): a leadership member who
  joined fewer group activities dated in the half-year breaks the rule once the
  half-year is over; while it runs, they are at risk.
- **Meeting observers** (``rules.min_meeting_observers``): a committee meeting
  dated in the half-year with fewer invited observers breaks the rule once it has
  taken place (dated before ``today``); a coming meeting is at risk.
- **Coordination meetings** (``rules.min_coordination_meetings_per_quarter``): a
  congress with a standing committee convenes one each quarter; a quarter of the
  half-year that is over without one breaks the rule, the running quarter is at
  risk.
- **Overdue requests**: a request routed to a unit whose due date has passed on
  the reference day while it is still unanswered on that day. Requests due in the
  half-year count towards the total, and so does any older one still overdue.

Late entries (补录) count only once confirmed; each rule lists the late entries of
its period, pending or confirmed, so that nobody mistakes them for records kept
on time.

The leadership members are those of the standing committee of the congress's
term in force in the half-year (the latest term begun by its last day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from renda.congresses.choices import LEADERSHIP_ROLES
from renda.congresses.models import CommitteeMember, Congress, StandingCommittee, Term
from renda.meetings.choices import MeetingKind
from renda.meetings.models import CommitteeMeeting
from renda.receptions.choices import ReceptionDayStatus
from renda.receptions.models import PublicRequest, ReceptionDay
from renda.receptions.selectors import counted_q
from renda.stations.models import LiaisonStation

from . import rules
from .choices import LateEntryKind
from .models import (
    ContactLog,
    CoordinationMeeting,
    DeputyContact,
    GroupActivity,
    MeetingObserver,
    counted,
)
from .rules import (
    COORDINATION_MEETINGS,
    GROUP_ACTIVITIES,
    HALF_LABELS,
    LEADER_CONTACTS,
    MEETING_OBSERVERS,
    OVERDUE_REQUESTS,
    QUARTER_LABELS,
    RECEPTION_DAYS,
    RULE_KEYS,
    Period,
)

__all__ = [
    "COORDINATION_MEETINGS",
    "GROUP_ACTIVITIES",
    "HALF_LABELS",
    "LEADER_CONTACTS",
    "MEETING_OBSERVERS",
    "OVERDUE_REQUESTS",
    "RECEPTION_DAYS",
    "RULE_KEYS",
    "Period",
    "liaison_rules_report",
]


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
            ("meetings:detail", [meeting_id]),
            ("liaison:meeting_detail", [meeting_id]),
            ("liaison:meeting", [meeting_id]),
            ("admin:meetings_committeemeeting_change", [meeting_id]),
        ]
    )


def coordination_url(congress_id: int, year: int) -> str:
    url = url_or([("liaison:coordination", [])])
    return f"{url}?congress={congress_id}&year={year}" if url else ""


def late_entries_url() -> str:
    return url_or([("liaison:late_entries", [])])


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

    @property
    def object_id(self) -> int:
        return self.subject.pk


@dataclass
class LateItem:
    """A late entry (补录) of a rule's period: pending confirmation or confirmed."""

    kind: str
    entry: object
    label: str
    date: dt.date
    confirmed: bool
    reason: str
    url: str

    @property
    def object_id(self) -> int:
        return self.entry.pk

    @property
    def note(self) -> str:
        if self.confirmed:
            return f"补录，已确认：{self.reason}"
        return "补录，待工作人员确认，确认前不计入"


@dataclass(frozen=True)
class QuarterSubject:
    """A quarter of a year, the subject of the coordination rule (pk: 1 to 4)."""

    year: int
    quarter: int

    @property
    def pk(self) -> int:
        return self.quarter

    @property
    def label(self) -> str:
        return f"{self.year}年{QUARTER_LABELS[self.quarter]}"


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
    # Late entries of the period: shown as such, counted only once confirmed.
    late: list[LateItem] = field(default_factory=list)
    # The page that lists every record the rule counts.
    url: str = ""

    @property
    def kept(self) -> int:
        return self.total - len(self.broken) - len(self.at_risk)

    @property
    def late_pending(self) -> int:
        return sum(1 for item in self.late if not item.confirmed)

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

    @property
    def late_pending(self) -> int:
        return sum(rule.late_pending for rule in self.rules)


# Records of the area ------------------------------------------------------------


def area_stations(congress: Congress) -> QuerySet[LiaisonStation]:
    """Return the liaison stations in the congress's area (its region and below)."""
    return LiaisonStation.objects.filter(
        region__path__startswith=congress.region.path
    ).order_by("region__code")


def term_in_force(congress: Congress, period: Period) -> Term | None:
    """Return the congress's term in force in the half-year: the latest begun by its
    end, annotated with whether it has a standing committee."""
    return (
        congress.terms.filter(start_date__lte=period.end)
        .annotate(
            has_committee=Exists(StandingCommittee.objects.filter(term=OuterRef("pk")))
        )
        .order_by("-number")
        .first()
    )


_TERM_UNSET = object()


def leadership_members(
    congress: Congress, period: Period, term=_TERM_UNSET
) -> list[CommitteeMember]:
    """Return the leadership members of the standing committee in force, by rank."""
    if term is _TERM_UNSET:
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


def _late_item(kind: str, entry, label: str, date: dt.date) -> LateItem:
    return LateItem(
        kind=kind,
        entry=entry,
        label=label,
        date=date,
        confirmed=entry.late_confirmed_at is not None,
        reason=entry.late_reason,
        url=late_entries_url(),
    )


# The rules ----------------------------------------------------------------------


def reception_day_rule(congress: Congress, period: Period) -> RuleResult:
    """Return the stations behind on reception days held in the year."""
    threshold = rules.min_reception_days()
    stations = list(area_stations(congress))
    # Held and still planned, per station, in one pass over the year's days.
    rows = (
        ReceptionDay.objects.filter(
            station__in=[s.pk for s in stations], date__year=period.year
        )
        .values("station")
        .annotate(
            held=Count("id", filter=counted_q()),
            planned=Count(
                "id",
                filter=Q(status=ReceptionDayStatus.PLANNED, date__gte=period.today),
            ),
        )
    )
    counts = {row["station"]: row for row in rows}
    result = RuleResult(
        key=RECEPTION_DAYS,
        title="联络站代表接待日",
        description=f"每个联络站每年至少举行{threshold}次代表接待日",
        threshold=threshold,
        period_label=f"{period.year}年",
        total=len(stations),
    )
    for station in stations:
        row = counts.get(station.pk, {})
        n_held = row.get("held", 0)
        n_planned = row.get("planned", 0) if not period.year_is_over else 0
        if period.year_is_over:
            if n_held >= threshold:
                continue
            note = f"全年举行{n_held}次，少于{threshold}次"
            kept_in = result.broken
        elif n_held + n_planned < threshold:
            note = f"已举行{n_held}次，另有计划{n_planned}次，全年将少于{threshold}次"
            kept_in = result.at_risk
        else:
            continue
        # Only the stations listed need their page's address.
        kept_in.append(
            Item(
                subject=station,
                label=station.name,
                value=n_held,
                extra=n_planned,
                url=station_days_url(station.pk),
                note=note,
            )
        )
    return result


def leader_contact_rule(
    congress: Congress, period: Period, leaders: list[CommitteeMember]
) -> RuleResult:
    """Return the leadership members with too few deputies in steady contact:
    active on the reference day and contacted (logged) in the half-year."""
    threshold = rules.min_leader_contacts()
    day = period.as_of
    active = (
        DeputyContact.objects.filter(leader__in=[m.pk for m in leaders])
        .filter(since__lte=day)
        .filter(Q(until__isnull=True) | Q(until__gte=day))
    )
    counts = {
        row["leader"]: row
        for row in active.values("leader").annotate(
            assigned=Count("deputy", distinct=True)
        )
    }
    # The half's logs only (index contact, date): joined to the contacts, the
    # logs of every earlier year were read and filtered (bench/figures.py).
    kept = (
        ContactLog.objects.filter(
            counted(),
            contact__in=active,
            date__gte=period.start,
            date__lte=day,
        )
        .values("contact__leader")
        .annotate(kept=Count("contact__deputy", distinct=True))
    )
    for row in kept:
        counts.setdefault(row["contact__leader"], {})["kept"] = row["kept"]
    result = RuleResult(
        key=LEADER_CONTACTS,
        title="班子成员联系代表",
        description=(
            f"常委会班子成员每人固定联系{threshold}名以上代表，"
            "半年内每名至少联系一次方计入"
        ),
        threshold=threshold,
        period_label=f"{period.label}（截至{day.year}年{day.month}月{day.day}日）",
        total=len(leaders),
    )
    for member in leaders:
        row = counts.get(member.pk, {})
        assigned, kept = row.get("assigned", 0), row.get("kept", 0)
        if rules.leader_has_enough_contacts(kept):
            continue
        item = Item(
            subject=member,
            label=member.deputy.name,
            value=kept,
            extra=assigned,
            url=leader_url(member.pk),
            note=(
                f"{member.get_role_display()}，联系代表{assigned}名，"
                f"{period.label}有联系记录的{kept}名"
            ),
        )
        if period.is_over or not rules.leader_has_enough_contacts(assigned):
            result.broken.append(item)
        else:
            result.at_risk.append(item)
    late = (
        ContactLog.objects.filter(
            contact__leader__in=[m.pk for m in leaders],
            date__gte=period.start,
            date__lte=period.end,
            late=True,
        )
        .select_related("contact__leader__deputy", "contact__deputy")
        .order_by("date", "pk")
    )
    result.late = [
        _late_item(
            LateEntryKind.CONTACT_LOG,
            log,
            f"{log.contact.leader.deputy.name} 联系 {log.contact.deputy.name}",
            log.date,
        )
        for log in late
    ]
    return result


def group_activity_rule(
    congress: Congress, period: Period, leaders: list[CommitteeMember]
) -> RuleResult:
    """Return the leadership members who joined too few group activities in the half-year."""
    threshold = rules.min_group_activities()
    joined = GroupActivity.committee_members.through.objects.filter(
        committeemember_id__in=[m.pk for m in leaders],
        groupactivity__date__gte=period.start,
        groupactivity__date__lte=period.end,
    )
    counts = dict(
        joined.filter(counted("groupactivity__"))
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
        if rules.leader_joined_enough_activities(n):
            continue
        item = Item(
            subject=member,
            label=member.deputy.name,
            value=n,
            url=leader_url(member.pk),
            note=f"{member.get_role_display()}，{period.label}参加{n}次",
        )
        (result.broken if period.is_over else result.at_risk).append(item)
    late = (
        GroupActivity.objects.filter(
            pk__in=joined.values("groupactivity_id"), late=True
        )
        .select_related("group")
        .order_by("date", "pk")
    )
    result.late = [
        _late_item(
            LateEntryKind.GROUP_ACTIVITY,
            activity,
            f"{activity.group.name} {activity.topic}",
            activity.date,
        )
        for activity in late
    ]
    return result


def meeting_observer_rule(congress: Congress, period: Period) -> RuleResult:
    """Return the committee meetings of the half-year with too few invited observers."""
    threshold = rules.min_meeting_observers()
    meetings = list(
        CommitteeMeeting.objects.filter(
            standing_committee__term__congress=congress,
            # Deputies observe the standing committee's meetings, not the
            # chairpersons' (renda.meetings records those too).
            kind=MeetingKind.STANDING,
            date__gte=period.start,
            date__lte=period.end,
        )
        .select_related("standing_committee__term__congress")
        .annotate(
            invited=Count("observers", filter=counted("observers__"), distinct=True),
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
        if rules.meeting_has_enough_observers(meeting.invited):
            continue
        item = Item(
            subject=meeting,
            label=f"第{meeting.number}次会议",
            value=meeting.invited,
            url=meeting_url(meeting.pk),
            note=f"{meeting.date:%Y-%m-%d}，邀请列席代表{meeting.invited}名",
        )
        (result.broken if meeting.date < period.today else result.at_risk).append(item)
    late = (
        MeetingObserver.objects.filter(meeting__in=[m.pk for m in meetings], late=True)
        .select_related("meeting", "deputy")
        .order_by("meeting__date", "pk")
    )
    result.late = [
        _late_item(
            LateEntryKind.OBSERVER,
            observer,
            f"第{observer.meeting.number}次会议 列席 {observer.deputy.name}",
            observer.meeting.date,
        )
        for observer in late
    ]
    return result


def convenes_coordination(term: Term | None) -> bool:
    """Whether a congress convenes quarterly coordination meetings: those whose term
    in force (``term_in_force``) has a standing committee (its 代表工作部门 convenes
    them)."""
    return term is not None and term.has_committee


def coordination_rule(
    congress: Congress, period: Period, term=_TERM_UNSET
) -> RuleResult:
    """Return the quarters of the half-year without the congress's coordination meeting."""
    if term is _TERM_UNSET:
        term = term_in_force(congress, period)
    threshold = rules.min_coordination_meetings_per_quarter()
    result = RuleResult(
        key=COORDINATION_MEETINGS,
        title="代表工作调度会",
        description=f"每个季度召开{threshold}次代表工作调度会",
        threshold=threshold,
        period_label=period.label,
        total=0,
        url=coordination_url(congress.pk, period.year),
    )
    if not convenes_coordination(term):
        return result
    meetings = list(
        CoordinationMeeting.objects.filter(
            congress=congress, year=period.year, quarter__in=period.quarters
        )
        .select_related("congress")
        .order_by("date", "pk")
    )
    counts: dict[int, int] = {}
    for meeting in meetings:
        if meeting.counts:
            counts[meeting.quarter] = counts.get(meeting.quarter, 0) + 1
    for quarter in period.quarters:
        if period.today < rules.quarter_start(period.year, quarter):
            continue
        result.total += 1
        n = counts.get(quarter, 0)
        if rules.quarter_has_coordination(n):
            continue
        subject = QuarterSubject(year=period.year, quarter=quarter)
        over = period.today > rules.quarter_end(period.year, quarter)
        item = Item(
            subject=subject,
            label=subject.label,
            value=n,
            url=result.url,
            note=(
                f"{subject.label}未召开代表工作调度会"
                if over
                else f"{subject.label}尚未召开代表工作调度会"
            ),
        )
        (result.broken if over else result.at_risk).append(item)
    result.late = [
        _late_item(LateEntryKind.COORDINATION, meeting, str(meeting), meeting.date)
        for meeting in meetings
        if meeting.late
    ]
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
    overdue = list(
        overdue_requests(congress, day)
        .select_related("station", "handling_unit")
        .order_by("due_at", "pk")
    )
    # Every overdue request, and those due in the half-year even if answered.
    counted_requests = routed_past_due(congress, day).filter(
        Q(due_at__gte=period.start) | ~_answered_by(day)
    )
    result = RuleResult(
        key=OVERDUE_REQUESTS,
        title="民意诉求按期办理",
        description="转街道/乡镇办理的群众诉求应在办理期限内答复",
        threshold=None,
        period_label=f"截至{day.year}年{day.month}月{day.day}日",
        total=counted_requests.count(),
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
    term = term_in_force(congress, period)
    leaders = leadership_members(congress, period, term)
    results = [
        reception_day_rule(congress, period),
        leader_contact_rule(congress, period, leaders),
        group_activity_rule(congress, period, leaders),
        meeting_observer_rule(congress, period),
        coordination_rule(congress, period, term),
        overdue_request_rule(congress, period),
    ]
    return RulesReport(congress=congress, period=period, rules=results)
