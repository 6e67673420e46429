"""Reads of 联系 records (a leader's contacts with deputies and their logs)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet

from renda.accounts.permissions import get_scope
from renda.congresses.models import CommitteeMember, Congress, StandingCommittee
from renda.deputies.models import Deputy, Mandate

from .. import rules
from ..models import (
    ContactLog,
    DeputyContact,
    counted,
)
from ..permissions import can_log_contact, can_manage_contacts_of
from .common import MEMBER_CONGRESS, _any, _get, _query_id
from .leaders import current_standing_committee, leadership_members_visible_to
from .timeline import TimelineEntry, timeline


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


CONTACT_LOG = "log"
CONTACT_END = "end"


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
