"""Who may read and record 双联 records; every check reads the user's scope.

Staff of a congress (and administrators) manage everything of that congress.
A leadership member manages their own contacts and logs and reads the
congress's records. Deputies read their own records. Station staff record the
activities of the groups at their station; a group's leader those of their
group. Services raise ``PermissionDenied`` when these answer False; pages and
the API ask the same functions.
"""

from __future__ import annotations

from renda.accounts.choices import Role
from renda.accounts.permissions import get_scope
from renda.congresses.choices import LEADERSHIP_ROLES
from renda.congresses.models import CommitteeMember
from renda.congresses.selectors import seat_roles
from renda.deputies.models import DeputyGroup


def _user_pk(user):
    return getattr(user, "pk", None)


def leadership_memberships_of(user):
    """Return the leadership seats (主任, 副主任, 秘书长) linked to the user's account."""
    if not get_scope(user).is_authenticated:
        return CommitteeMember.objects.none()
    return CommitteeMember.objects.filter(user_id=user.pk, role__in=LEADERSHIP_ROLES)


def committee_memberships_of(user):
    """Return every committee seat linked to the user's account."""
    if not get_scope(user).is_authenticated:
        return CommitteeMember.objects.none()
    return CommitteeMember.objects.filter(user_id=user.pk)


def _seat_roles(user) -> frozenset[str]:
    """The roles of the committee seats linked to the user, read once per user object
    (the navigation and a page ask several checks that need them)."""
    return seat_roles(user)


def _has_leadership_seat(user) -> bool:
    return bool(_seat_roles(user) & set(LEADERSHIP_ROLES))


def _leads_a_group(user) -> bool:
    deputy_id = get_scope(user).deputy_id
    if deputy_id is None:
        return False
    cached = getattr(user, "_liaison_leads_group", None)
    if cached is None:
        cached = DeputyGroup.objects.filter(leader_id=deputy_id).exists()
        user._liaison_leads_group = cached
    return cached


# Pages -------------------------------------------------------------------------


def can_manage_any(user) -> bool:
    """The staff pages (all leaders' contacts, new meetings, coordination): staff, admins."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.staff_congress_ids)


def can_read_records(user) -> bool:
    """The congress's lists of meetings and coordination: staff, leaders, admins."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.congress_ids)


def is_leadership_user(user) -> bool:
    """The leader's own pages: users with the leader role or a leadership seat."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return False
    return scope.has(Role.LEADER) or _has_leadership_seat(user)


def can_see_deputy_pages(user) -> bool:
    """The deputy's own pages (我列席的会议, 联系我的班子成员): deputies."""
    return get_scope(user).deputy_id is not None


def can_browse_activities(user) -> bool:
    """The list of group activities: everyone who works with deputies, not unit staff."""
    scope = get_scope(user)
    return (
        scope.is_admin
        or bool(scope.congress_ids)
        or bool(scope.station_ids)
        or scope.deputy_id is not None
        or bool(_seat_roles(user))
    )


def can_record_any_activity(user) -> bool:
    """Whether the user may record the activity of at least one group."""
    scope = get_scope(user)
    if scope.is_admin or scope.staff_congress_ids or scope.station_ids:
        return True
    return _leads_a_group(user)


# Objects -----------------------------------------------------------------------


def can_manage_congress(user, congress) -> bool:
    """Create and change any 双联 record of the congress: its staff, administrators."""
    scope = get_scope(user)
    return scope.is_admin or congress.pk in scope.staff_congress_ids


def can_manage_contacts_of(user, member) -> bool:
    """Assign and end a leader's contacts: the congress's staff, or the leader themself."""
    if member.user_id is not None and member.user_id == _user_pk(user):
        return get_scope(user).is_authenticated
    return can_manage_congress(user, member.standing_committee.term.congress)


def can_log_contact(user, contact) -> bool:
    """Log a contact made: the leader of the contact, or the congress's staff."""
    return can_manage_contacts_of(user, contact.leader)


def can_record_group_activity(user, group) -> bool:
    """Record an activity of a group: the congress's staff, the station's staff,
    the group's own leader."""
    scope = get_scope(user)
    if scope.is_admin or group.congress_id in scope.staff_congress_ids:
        return True
    if group.station_id is not None and group.station_id in scope.station_ids:
        return True
    return scope.deputy_id is not None and scope.deputy_id == group.leader_id


def can_open_contacts(user) -> bool:
    """One contact's page: staff, leaders, deputies (their own), leadership seats."""
    scope = get_scope(user)
    return (
        scope.is_admin
        or bool(scope.congress_ids)
        or scope.deputy_id is not None
        or _has_leadership_seat(user)
    )


def can_browse_leader_contacts(user) -> bool:
    """One leader's contacts: the congress's staff and leaders, the leader themself."""
    return can_read_records(user) or is_leadership_user(user)


def can_see_my_activities(user) -> bool:
    """我参加的代表小组活动: deputies, leaders and committee members."""
    return (
        get_scope(user).deputy_id is not None
        or is_leadership_user(user)
        or bool(_seat_roles(user))
    )


def can_open_meeting(user) -> bool:
    """One committee meeting: staff and leaders of its congress, invited deputies."""
    return can_read_records(user) or get_scope(user).deputy_id is not None


def can_view_dashboard(user) -> bool:
    """The rules dashboard and statistics: committee staff and leaders, administrators."""
    return can_read_records(user)


def can_confirm_late_entries(user) -> bool:
    """The list of late entries (补录) to confirm: committee staff, administrators."""
    return can_manage_any(user)


def can_confirm_late_entry_of(user, congress) -> bool:
    """Confirm a late entry of the congress: its committee staff, administrators."""
    return can_manage_congress(user, congress)


# Navigation --------------------------------------------------------------------


def liaison_navigation(user) -> dict[str, bool]:
    """The 双联 sub-navigation: which pages the user may open."""
    return {
        "my_contacts": is_leadership_user(user),
        "contacts": can_read_records(user),
        "activities": can_browse_activities(user),
        "my_activities": can_see_my_activities(user),
        "meetings": can_read_records(user),
        "my_meetings": can_see_deputy_pages(user),
        "my_leaders": can_see_deputy_pages(user),
        "coordination": can_read_records(user),
        "late_entries": can_confirm_late_entries(user),
    }
