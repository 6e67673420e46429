"""Reads of 双联 records, always through the user's scope.

Staff and leaders of a congress see the records of that congress; a
leadership member also sees their own contacts and the activities they
joined; a deputy sees their own (the leaders in contact with them, the
activities they attended or whose group they lead, the meetings they were
invited to); station staff see the activities of their station's groups.
Unit staff and the public see nothing. One object outside scope is a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.congresses.choices import LEADERSHIP_ROLES
from renda.congresses.models import CommitteeMember, Congress, StandingCommittee
from renda.core.parsing import parse_pk
from renda.deputies.models import Deputy, DeputyGroup, Mandate

from . import rules
from .choices import LateEntryKind, Quarter
from .models import (
    CommitteeMeeting,
    ContactLog,
    CoordinationMeeting,
    DeputyContact,
    GroupActivity,
    MeetingObserver,
    counted,
)
from .permissions import can_log_contact, can_manage_congress, can_manage_contacts_of

MEMBER_CONGRESS = "standing_committee__term__congress_id"


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _any(conditions: list[Q], model) -> QuerySet:
    if not conditions:
        return model.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return model.objects.filter(combined)


# Congresses and leaders ----------------------------------------------------------


def dashboard_congresses_for(user) -> QuerySet[Congress]:
    """Return the congresses whose dashboard the user may read: staff, leaders, admins."""
    scope = get_scope(user)
    congresses = Congress.objects.select_related("region").order_by("region__code")
    if scope.is_admin:
        return congresses
    return congresses.filter(pk__in=scope.congress_ids)


def congresses_managed_by(user) -> QuerySet[Congress]:
    """Return the congresses whose 双联 records the user manages (staff; admins: all)."""
    scope = get_scope(user)
    if scope.is_admin:
        return Congress.objects.all()
    return Congress.objects.filter(pk__in=scope.staff_congress_ids)


def congresses_read_by(user) -> QuerySet[Congress]:
    """Return the congresses whose 双联 records the user reads (staff, leaders, admins)."""
    scope = get_scope(user)
    if scope.is_admin:
        return Congress.objects.all()
    return Congress.objects.filter(pk__in=scope.congress_ids)


def current_standing_committee(congress: Congress) -> StandingCommittee | None:
    """Return the standing committee of the congress's latest term, if it has one."""
    return (
        StandingCommittee.objects.filter(term__congress=congress)
        .select_related("term__congress")
        .order_by("-term__number")
        .first()
    )


def leadership_members_visible_to(user) -> QuerySet[CommitteeMember]:
    """Return the leadership members (主任, 副主任, 秘书长) the user may see."""
    scope = get_scope(user)
    base = CommitteeMember.objects.filter(role__in=LEADERSHIP_ROLES)
    if not scope.is_authenticated:
        return base.none()
    if scope.is_admin:
        return base
    conditions = [Q(**{f"{MEMBER_CONGRESS}__in": scope.congress_ids}), Q(user=user)]
    return base.filter(conditions[0] | conditions[1])


def committee_members_visible_to(user) -> QuerySet[CommitteeMember]:
    """Return the committee members of any role the user may see."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return CommitteeMember.objects.none()
    if scope.is_admin:
        return CommitteeMember.objects.all()
    return CommitteeMember.objects.filter(
        Q(**{f"{MEMBER_CONGRESS}__in": scope.congress_ids}) | Q(user=user)
    )


def get_leadership_member_for_user(user, pk) -> CommitteeMember:
    """Return one leadership member the user may see, or raise 404."""
    return _get(
        leadership_members_visible_to(user).select_related(
            "deputy", "standing_committee__term__congress"
        ),
        pk,
    )


def members_for_activity(group: DeputyGroup) -> QuerySet[CommitteeMember]:
    """Return the committee members who may join a group's activity: those of the
    group's congress's current standing committee, leadership first."""
    committee = current_standing_committee(group.congress)
    if committee is None:
        return CommitteeMember.objects.none()
    return committee.members.select_related("deputy").order_by("rank", "id")


# Contacts ------------------------------------------------------------------------


def contacts_visible_to(user) -> QuerySet[DeputyContact]:
    """Return the contacts (联系代表) the user may see."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return DeputyContact.objects.none()
    if scope.is_admin:
        return DeputyContact.objects.all()
    conditions = [Q(leader__user=user)]
    if scope.congress_ids:
        conditions.append(Q(**{f"leader__{MEMBER_CONGRESS}__in": scope.congress_ids}))
    if scope.deputy_id is not None:
        conditions.append(Q(deputy_id=scope.deputy_id))
    return _any(conditions, DeputyContact)


def get_contact_for_user(user, pk) -> DeputyContact:
    """Return one contact the user may see, or raise 404."""
    return _get(
        contacts_visible_to(user).select_related(
            "deputy", "leader__deputy", "leader__standing_committee__term__congress"
        ),
        pk,
    )


def contact_logs_visible_to(user) -> QuerySet[ContactLog]:
    """Return the logs of the contacts the user may see."""
    return ContactLog.objects.filter(contact__in=contacts_visible_to(user))


def active_contacts(member: CommitteeMember, *, on_date: dt.date) -> QuerySet:
    """Return the member's contacts active on the date, with the last contact date."""
    return (
        member.deputy_contacts.filter(since__lte=on_date)
        .filter(Q(until__isnull=True) | Q(until__gte=on_date))
        .select_related("deputy")
        .annotate(last_contact=Max("logs__date"), log_count=Count("logs"))
        .order_by("deputy__stroke_key", "id")
    )


@dataclass
class LeaderContacts:
    """A leader's contacts against the rule: ``count`` assigned and active, ``kept``
    of them contacted (logged) in the half-year so far (保持经常性联系)."""

    member: CommitteeMember
    contacts: list
    count: int
    kept: int = 0
    minimum: int = field(default_factory=rules.min_leader_contacts)

    @property
    def meets_rule(self) -> bool:
        return self.count >= self.minimum

    @property
    def keeps_rule(self) -> bool:
        """Enough contacts assigned and contacted in the half-year, as the dashboard counts."""
        return self.meets_rule and rules.leader_has_enough_contacts(self.kept)

    @property
    def label(self) -> str:
        """5/5 ✓ or 3/5 未达到."""
        mark = "✓" if self.meets_rule else "未达到"
        return f"{self.count}/{self.minimum} {mark}"

    @property
    def kept_label(self) -> str:
        """本半年有联系记录 4/5 未达到."""
        mark = "✓" if rules.leader_has_enough_contacts(self.kept) else "未达到"
        return f"本半年有联系记录 {self.kept}/{self.minimum} {mark}"


def _logged_in_half(on_date: dt.date, prefix: str = "") -> Q:
    start = dt.date(on_date.year, 1 if on_date.month <= 6 else 7, 1)
    return Q(
        **{f"{prefix}logs__date__gte": start, f"{prefix}logs__date__lte": on_date}
    ) & counted(f"{prefix}logs__")


def leader_contacts(member: CommitteeMember, *, on_date: dt.date) -> LeaderContacts:
    """Return a leader's active contacts on the date, counted against the rule."""
    contacts = list(
        active_contacts(member, on_date=on_date).annotate(
            logs_in_half=Count("logs", filter=_logged_in_half(on_date))
        )
    )
    kept = sum(1 for c in contacts if rules.contact_is_kept(c.logs_in_half))
    return LeaderContacts(
        member=member, contacts=contacts, count=len(contacts), kept=kept
    )


def leaders_with_counts(
    *,
    user,
    congress: Congress,
    on_date: dt.date,
    committee: StandingCommittee | None = None,
) -> list[LeaderContacts]:
    """Return every leadership member of the congress's current standing committee
    (``committee`` when the caller has it) the user may see, with the number of
    active contacts and of those contacted in the half-year, against the rule."""
    committee = committee or current_standing_committee(congress)
    if committee is None:
        return []
    active = Q(deputy_contacts__since__lte=on_date) & (
        Q(deputy_contacts__until__isnull=True) | Q(deputy_contacts__until__gte=on_date)
    )
    members = (
        leadership_members_visible_to(user)
        .filter(standing_committee=committee)
        .select_related("deputy")
        .annotate(
            active_count=Count("deputy_contacts", filter=active, distinct=True),
            kept_count=Count(
                "deputy_contacts",
                filter=active & _logged_in_half(on_date, "deputy_contacts__"),
                distinct=True,
            ),
        )
        .order_by("rank", "id")
    )
    return [
        LeaderContacts(
            member=member,
            contacts=[],
            count=member.active_count,
            kept=member.kept_count,
        )
        for member in members
    ]


def eligible_contact_deputies(member: CommitteeMember) -> QuerySet[Deputy]:
    """Return the deputies a leader may keep in contact: sitting deputies of the
    leader's congress or of a congress in its area."""
    congress = member.standing_committee.term.congress
    return Deputy.objects.filter(
        pk__in=Mandate.objects.filter(
            end_date__isnull=True,
            term__congress__region__path__startswith=congress.region.path,
        ).values("deputy_id")
    )


# Group activities --------------------------------------------------------------


def group_activities_visible_to(user) -> QuerySet[GroupActivity]:
    """Return the group activities the user may see."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return GroupActivity.objects.none()
    if scope.is_admin:
        return GroupActivity.objects.all()
    conditions = [
        Q(
            pk__in=GroupActivity.objects.filter(committee_members__user=user).values(
                "pk"
            )
        )
    ]
    if scope.congress_ids:
        conditions.append(Q(group__congress_id__in=scope.congress_ids))
    if scope.station_ids:
        conditions.append(Q(group__station_id__in=scope.station_ids))
    if scope.deputy_id is not None:
        attended = GroupActivity.objects.filter(attendees__id=scope.deputy_id)
        conditions.append(Q(pk__in=attended.values("pk")))
        conditions.append(Q(group__leader_id=scope.deputy_id))
    return _any(conditions, GroupActivity)


def get_group_activity_for_user(user, pk) -> GroupActivity:
    """Return one group activity the user may see, or raise 404."""
    return _get(
        group_activities_visible_to(user)
        .select_related("group__congress", "group__station", "recorded_by")
        .prefetch_related(
            Prefetch("attendees", queryset=Deputy.objects.order_by("stroke_key")),
            Prefetch(
                "committee_members",
                queryset=CommitteeMember.objects.select_related("deputy").order_by(
                    "rank", "id"
                ),
            ),
        ),
        pk,
    )


def groups_recordable_by(user) -> QuerySet[DeputyGroup]:
    """Return the groups whose activities the user may record."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return DeputyGroup.objects.none()
    if scope.is_admin:
        return DeputyGroup.objects.all()
    conditions = []
    if scope.staff_congress_ids:
        conditions.append(Q(congress_id__in=scope.staff_congress_ids))
    if scope.station_ids:
        conditions.append(Q(station_id__in=scope.station_ids))
    if scope.deputy_id is not None:
        conditions.append(Q(leader_id=scope.deputy_id))
    return _any(conditions, DeputyGroup)


def activities_joined_by(member_ids) -> QuerySet[GroupActivity]:
    """Return the activities the given committee members joined, newest first."""
    return (
        GroupActivity.objects.filter(committee_members__in=member_ids)
        .distinct()
        .select_related("group")
        .order_by("-date", "-id")
    )


# Committee meetings ----------------------------------------------------------------


def committee_meetings_visible_to(user) -> QuerySet[CommitteeMeeting]:
    """Return the committee meetings the user may see: staff and leaders those of
    their congress; a deputy those they were invited to."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return CommitteeMeeting.objects.none()
    if scope.is_admin:
        return CommitteeMeeting.objects.all()
    conditions = []
    if scope.congress_ids:
        conditions.append(
            Q(standing_committee__term__congress_id__in=scope.congress_ids)
        )
    if scope.deputy_id is not None:
        invited = MeetingObserver.objects.filter(deputy_id=scope.deputy_id)
        conditions.append(Q(pk__in=invited.values("meeting_id")))
    return _any(conditions, CommitteeMeeting)


def with_observer_counts(queryset: QuerySet[CommitteeMeeting]) -> QuerySet:
    """Annotate invited and attended observers, and whether the rule is met."""
    return queryset.annotate(
        observer_count=Count("observers", distinct=True),
        attended_count=Count(
            "observers", filter=Q(observers__attended=True), distinct=True
        ),
    ).select_related("standing_committee__term__congress")


def get_committee_meeting_for_user(user, pk) -> CommitteeMeeting:
    """Return one committee meeting the user may see, or raise 404."""
    return _get(with_observer_counts(committee_meetings_visible_to(user)), pk)


def meeting_observers(meeting: CommitteeMeeting) -> QuerySet[MeetingObserver]:
    """Return a meeting's observers in stroke order."""
    return meeting.observers.select_related("deputy").order_by(
        "deputy__stroke_key", "id"
    )


def observers_short_of_rule(count: int) -> bool:
    return not rules.meeting_has_enough_observers(count)


def eligible_observer_deputies(meeting: CommitteeMeeting) -> QuerySet[Deputy]:
    """Return the deputies who may observe a meeting: sitting deputies of its congress."""
    return Deputy.objects.filter(
        pk__in=Mandate.objects.filter(
            end_date__isnull=True,
            term__congress_id=meeting.standing_committee.term.congress_id,
        ).values("deputy_id")
    )


# Coordination meetings ----------------------------------------------------------


def coordination_meetings_visible_to(user) -> QuerySet[CoordinationMeeting]:
    """Return the coordination meetings the user may see: those their congress
    convened or took part in."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return CoordinationMeeting.objects.none()
    if scope.is_admin:
        return CoordinationMeeting.objects.all()
    if not scope.congress_ids:
        return CoordinationMeeting.objects.none()
    attended = CoordinationMeeting.objects.filter(
        participants__in=scope.congress_ids
    ).values("pk")
    return CoordinationMeeting.objects.filter(
        Q(congress_id__in=scope.congress_ids) | Q(pk__in=attended)
    )


def coordination_year(*, user, congress: Congress, year: int) -> list[dict]:
    """Return the four quarters of a year for a congress: each with its meetings
    (those the user may see) or none, so that missing quarters show."""
    meetings = (
        coordination_meetings_visible_to(user)
        .filter(congress=congress, year=year)
        .prefetch_related("participants")
        .order_by("quarter", "date", "id")
    )
    by_quarter: dict[int, list] = {q.value: [] for q in Quarter}
    for meeting in meetings:
        by_quarter.setdefault(meeting.quarter, []).append(meeting)
    return [
        {"quarter": q.value, "label": q.label, "meetings": by_quarter[q.value]}
        for q in Quarter
    ]


def coordination_participant_choices(congress: Congress) -> QuerySet[Congress]:
    """Return the congresses that may join a congress's coordination meeting: those
    of other levels in its area or above it."""
    path = congress.region.path
    ancestors = [p for p in path.strip("/").split("/") if p]
    above = Q(region__code__in=ancestors)
    below = Q(region__path__startswith=path)
    return (
        Congress.objects.filter(above | below)
        .exclude(pk=congress.pk)
        .exclude(level=congress.level)
        .select_related("region")
        .order_by("region__path")
    )


# One read path: filters, lists and details shared by pages, API and exports -----


def _query_id(query, name: str) -> int | None:
    raw = query.get(name)
    return parse_pk(raw) if raw not in (None, "") else None


def _query_year(query) -> int | None:
    year = _query_id(query, "year")
    return year if year and 1949 <= year <= 9999 else None


@dataclass(frozen=True)
class ContactFilters:
    """The filters of the contact list: the leader's page and ``GET /contacts``."""

    leader: int | None = None
    deputy: int | None = None
    active: bool = True

    @classmethod
    def from_query(cls, query) -> ContactFilters:
        active = str(query.get("active", "true")).lower() not in ("false", "0", "")
        return cls(
            leader=_query_id(query, "leader"),
            deputy=_query_id(query, "deputy"),
            active=active,
        )


def contact_list(user, filters: ContactFilters) -> QuerySet[DeputyContact]:
    """Return the contacts the user may see that match the filters, in leader and
    stroke order, with the last contact date and the number of logs."""
    queryset = contacts_visible_to(user)
    if filters.leader:
        queryset = queryset.filter(leader_id=filters.leader)
    if filters.deputy:
        queryset = queryset.filter(deputy_id=filters.deputy)
    if filters.active:
        queryset = queryset.filter(until__isnull=True)
    return (
        queryset.select_related("leader__deputy", "deputy")
        .annotate(last_contact=Max("logs__date"), log_count=Count("logs"))
        .order_by("leader_id", "deputy__stroke_key", "id")
    )


@dataclass(frozen=True)
class ActivityFilters:
    """The filters of the group-activity list (page and ``GET /group-activities``)."""

    group: int | None = None
    member: int | None = None
    year: int | None = None

    @classmethod
    def from_query(cls, query) -> ActivityFilters:
        return cls(
            group=_query_id(query, "group"),
            member=_query_id(query, "member"),
            year=_query_year(query),
        )


def group_activity_list(user, filters: ActivityFilters) -> QuerySet[GroupActivity]:
    """Return the group activities the user may see that match the filters, newest
    first, with their attendees and committee members."""
    queryset = group_activities_visible_to(user)
    if filters.group:
        queryset = queryset.filter(group_id=filters.group)
    if filters.member:
        queryset = queryset.filter(
            pk__in=GroupActivity.objects.filter(
                committee_members__id=filters.member
            ).values("pk")
        )
    if filters.year:
        queryset = queryset.filter(date__year=filters.year)
    return (
        queryset.select_related("group__station")
        .annotate(attendee_count=Count("attendees", distinct=True))
        .prefetch_related("attendees", "committee_members")
        .order_by("-date", "-id")
    )


@dataclass(frozen=True)
class MeetingFilters:
    """The filters of the committee-meeting list (page and ``GET /committee-meetings``)."""

    congress: int | None = None

    @classmethod
    def from_query(cls, query) -> MeetingFilters:
        return cls(congress=_query_id(query, "congress"))


def _observers_prefetch() -> Prefetch:
    return Prefetch(
        "observers",
        queryset=MeetingObserver.objects.select_related("deputy").order_by(
            "deputy__stroke_key", "id"
        ),
    )


def committee_meeting_list(user, filters: MeetingFilters) -> QuerySet[CommitteeMeeting]:
    """Return the committee meetings the user may see that match the filters, newest
    first, with observer counts and the observers."""
    queryset = committee_meetings_visible_to(user)
    if filters.congress:
        queryset = queryset.filter(
            standing_committee__term__congress_id=filters.congress
        )
    return (
        with_observer_counts(queryset)
        .prefetch_related(_observers_prefetch())
        .order_by("-date", "-id")
    )


@dataclass(frozen=True)
class CoordinationFilters:
    """The filters of the coordination-meeting list (page and API)."""

    congress: int | None = None
    year: int | None = None

    @classmethod
    def from_query(cls, query) -> CoordinationFilters:
        return cls(congress=_query_id(query, "congress"), year=_query_year(query))


def coordination_meeting_list(
    user, filters: CoordinationFilters
) -> QuerySet[CoordinationMeeting]:
    """Return the coordination meetings the user may see that match the filters."""
    queryset = coordination_meetings_visible_to(user)
    if filters.congress:
        queryset = queryset.filter(congress_id=filters.congress)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    return (
        queryset.select_related("congress__region")
        .prefetch_related("participants")
        .order_by("-year", "-quarter", "-id")
    )


# Details, with the actions the user may take now ---------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a record's timeline, described once for the page and the API."""

    kind: str
    at: dt.datetime
    actor: str
    text: str


def timeline(events) -> list[TimelineEntry]:
    """Return the events in order, each described by ``events.describe_event``."""
    from .events import describe_event

    return [
        TimelineEntry(
            kind=event.kind,
            at=event.created_at,
            actor=(event.actor.get_full_name() or event.actor.username)
            if event.actor
            else "",
            text=describe_event(event),
        )
        for event in events.select_related("actor").order_by("created_at", "id")
    ]


CONTACT_LOG = "log"
CONTACT_END = "end"
MEETING_INVITE = "invite"
MEETING_ATTENDANCE = "record_attendance"
MEETING_REMOVE_OBSERVER = "remove_observer"
LATE_CONFIRM = "confirm_late"


@dataclass
class ContactDetail:
    contact: DeputyContact
    logs: list[ContactLog]
    actions: list[str]
    events: list[TimelineEntry] = field(default_factory=list)

    def may(self, action: str) -> bool:
        return action in self.actions


def contact_detail(user, pk) -> ContactDetail:
    """Return one contact the user may see, its logs and what the user may do now."""
    contact = get_contact_for_user(user, pk)
    actions = []
    if contact.until is None and can_log_contact(user, contact):
        actions.append(CONTACT_LOG)
    if contact.until is None and can_manage_contacts_of(user, contact.leader):
        actions.append(CONTACT_END)
    logs = list(contact.logs.select_related("recorded_by").order_by("-date", "-id"))
    return ContactDetail(
        contact=contact,
        logs=logs,
        actions=actions,
        events=timeline(contact.events.all()),
    )


@dataclass
class MeetingDetail:
    meeting: CommitteeMeeting
    observers: list[MeetingObserver]
    actions: list[str]
    events: list[TimelineEntry] = field(default_factory=list)

    def may(self, action: str) -> bool:
        return action in self.actions


def committee_meeting_detail(
    user, pk, *, today: dt.date | None = None
) -> MeetingDetail:
    """Return one committee meeting the user may see, its observers and what the
    user may do now (invite, record attendance once held, withdraw invitations)."""
    today = today or timezone.localdate()
    meeting = _get(
        with_observer_counts(committee_meetings_visible_to(user)).prefetch_related(
            _observers_prefetch()
        ),
        pk,
    )
    actions = []
    if can_manage_congress(user, meeting.standing_committee.term.congress):
        actions += [MEETING_INVITE, MEETING_REMOVE_OBSERVER]
        if meeting.date <= today:
            actions.append(MEETING_ATTENDANCE)
    return MeetingDetail(
        meeting=meeting,
        observers=list(meeting.observers.all()),
        actions=actions,
        events=timeline(meeting.events.all()),
    )


# Late entries (补录) ---------------------------------------------------------------

LATE_MODELS = {
    LateEntryKind.CONTACT_LOG: ContactLog,
    LateEntryKind.GROUP_ACTIVITY: GroupActivity,
    LateEntryKind.OBSERVER: MeetingObserver,
    LateEntryKind.COORDINATION: CoordinationMeeting,
}
# The path from each late record to the congress whose staff confirm it.
LATE_CONGRESS = {
    LateEntryKind.CONTACT_LOG: "contact__leader__standing_committee__term__congress",
    LateEntryKind.GROUP_ACTIVITY: "group__congress",
    LateEntryKind.OBSERVER: "meeting__standing_committee__term__congress",
    LateEntryKind.COORDINATION: "congress",
}


@dataclass
class LateEntryRow:
    kind: str
    entry: object
    congress: Congress
    date: dt.date
    label: str
    actions: list[str]

    @property
    def kind_label(self) -> str:
        return LateEntryKind(self.kind).label

    @property
    def confirmed(self) -> bool:
        return self.entry.late_confirmed_at is not None


def _late_label(kind: str, entry) -> tuple[dt.date, str]:
    if kind == LateEntryKind.CONTACT_LOG:
        contact = entry.contact
        return entry.date, f"{contact.leader.deputy.name} 联系 {contact.deputy.name}"
    if kind == LateEntryKind.GROUP_ACTIVITY:
        return entry.date, f"{entry.group.name} {entry.topic}"
    if kind == LateEntryKind.OBSERVER:
        meeting = entry.meeting
        return meeting.date, f"第{meeting.number}次会议 列席 {entry.deputy.name}"
    return entry.date, str(entry)


LATE_RELATED = {
    LateEntryKind.CONTACT_LOG: ["contact__leader__deputy", "contact__deputy"],
    LateEntryKind.GROUP_ACTIVITY: ["group"],
    LateEntryKind.OBSERVER: ["meeting", "deputy"],
    LateEntryKind.COORDINATION: [],
}


def late_entry_list(user, *, pending_only: bool = True) -> list[LateEntryRow]:
    """Return the late entries (补录) of the congresses the user manages, oldest
    first, with the actions the user may take (confirm while pending)."""
    congress_ids = set(congresses_managed_by(user).values_list("pk", flat=True))
    rows: list[LateEntryRow] = []
    for kind, model in LATE_MODELS.items():
        path = LATE_CONGRESS[kind]
        queryset = model.objects.filter(
            late=True, **{f"{path}__in": congress_ids}
        ).select_related(path, *LATE_RELATED[kind])
        if pending_only:
            queryset = queryset.filter(late_confirmed_at__isnull=True)
        for entry in queryset:
            congress = entry
            for part in path.split("__"):
                congress = getattr(congress, part)
            date, label = _late_label(kind, entry)
            actions = [] if entry.late_confirmed_at else [LATE_CONFIRM]
            rows.append(
                LateEntryRow(
                    kind=kind,
                    entry=entry,
                    congress=congress,
                    date=date,
                    label=label,
                    actions=actions,
                )
            )
    rows.sort(key=lambda row: (row.date, row.kind, row.entry.pk))
    return rows


def get_late_entry_for_user(user, kind: str, pk):
    """Return one late entry of a congress the user manages, or raise 404."""
    if kind not in LATE_MODELS:
        raise Http404
    path = LATE_CONGRESS[kind]
    return _get(
        LATE_MODELS[kind]
        .objects.filter(late=True, **{f"{path}__in": congresses_managed_by(user)})
        .select_related(path, *LATE_RELATED[kind]),
        pk,
    )


# A deputy's own records ----------------------------------------------------------


def leaders_in_contact_with(user) -> QuerySet[DeputyContact]:
    """Return the active contacts of the user's deputy record (联系我的班子成员)."""
    deputy_id = get_scope(user).deputy_id
    if deputy_id is None:
        return DeputyContact.objects.none()
    return (
        DeputyContact.objects.filter(deputy_id=deputy_id, until__isnull=True)
        .select_related("leader__deputy", "leader__standing_committee__term__congress")
        .annotate(last_contact=Max("logs__date"))
        .order_by("leader__rank", "id")
    )


def activities_attended_by(user) -> QuerySet[GroupActivity]:
    """Return the group activities the user's deputy record attended, newest first."""
    deputy_id = get_scope(user).deputy_id
    if deputy_id is None:
        return GroupActivity.objects.none()
    return (
        GroupActivity.objects.filter(attendees__id=deputy_id)
        .select_related("group")
        .order_by("-date", "-id")
    )


def observations_of(user) -> QuerySet[MeetingObserver]:
    """Return the invitations to observe committee meetings of the user's deputy
    record (我列席的会议), newest meeting first."""
    deputy_id = get_scope(user).deputy_id
    if deputy_id is None:
        return MeetingObserver.objects.none()
    return (
        MeetingObserver.objects.filter(deputy_id=deputy_id)
        .select_related("meeting__standing_committee__term__congress")
        .order_by("-meeting__date", "-id")
    )


def get_observer_for_user(user, meeting: CommitteeMeeting, pk) -> MeetingObserver:
    """Return one observer of a meeting the user may see, or raise 404."""
    observer = _get(
        MeetingObserver.objects.filter(
            meeting__in=committee_meetings_visible_to(user), meeting=meeting
        ).select_related("deputy"),
        pk,
    )
    observer.meeting = meeting
    return observer


def get_coordination_meeting_for_user(user, pk) -> CoordinationMeeting:
    """Return one coordination meeting the user may see, or raise 404."""
    return _get(
        coordination_meetings_visible_to(user)
        .select_related("congress__region")
        .prefetch_related("participants"),
        pk,
    )
