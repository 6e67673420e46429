"""Who may see and do what with suggestions: the one place for these checks.

Every check reads the user's scope from ``accounts.get_scope`` (computed once
per request). Services raise ``PermissionDenied`` when these answer False;
pages (through ``renda.core.decorators.permission_required``), the navigation
and the API ask the same functions to decide what to show.
"""

from __future__ import annotations

from renda.accounts.choices import Role
from renda.accounts.permissions import get_scope
from renda.congresses.choices import LEADERSHIP_ROLES
from renda.congresses.selectors import seat_roles

from .choices import AssignmentRole, Channel

# hotline's PartnerChannel.HOTLINE (suggestions never import hotline).
PARTNER_CHANNEL_HOTLINE = "HOTLINE"

# Pages ----------------------------------------------------------------------------


def can_write_suggestions(user) -> bool:
    """The deputy's own suggestion pages (my suggestions, write one): deputies."""
    return get_scope(user).deputy_id is not None


def can_handle_assignments(user) -> bool:
    """The unit's pages (inbox, reply, return, extension): staff of a handling unit."""
    scope = get_scope(user)
    return scope.has(Role.UNIT_STAFF) and bool(scope.unit_ids)


def can_review_suggestions(user) -> bool:
    """Review, route, decide extensions, print documents: a congress's staff, admins."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.staff_congress_ids)


def can_read_suggestion_lists(user) -> bool:
    """The congress's list, the overdue board and statistics: staff, leaders, admins."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.congress_ids)


def is_leadership_member(user) -> bool:
    """Whether the account is a 班子成员's (主任, 副主任, 秘书长), whatever its roles.

    The seat roles are read once per user object (that is, per request) and
    shared with the 双联 checks the navigation asks too.
    """
    return bool(seat_roles(user) & set(LEADERSHIP_ROLES))


def can_see_key_suggestions(user) -> bool:
    """The key suggestions one oversees: leaders, leadership members' accounts, admins.

    The page and its navigation link both ask this.
    """
    scope = get_scope(user)
    if scope.is_admin or scope.has(Role.LEADER):
        return True
    return is_leadership_member(user)


# Actions on one suggestion ----------------------------------------------------------


def can_draft_any(user) -> bool:
    """Whether the user may draft suggestions at all: deputies, staff, administrators."""
    scope = get_scope(user)
    return (
        scope.is_admin or bool(scope.staff_congress_ids) or scope.deputy_id is not None
    )


def can_draft_for(user, lead_deputy, congress) -> bool:
    """Create a draft: the deputy for themselves, or the congress's staff entering it."""
    scope = get_scope(user)
    if scope.is_admin or congress.pk in scope.staff_congress_ids:
        return True
    return scope.deputy_id is not None and scope.deputy_id == lead_deputy.pk


def can_edit_suggestion(user, suggestion) -> bool:
    """Edit and submit a draft: its lead deputy, or the staff who entered it."""
    scope = get_scope(user)
    if scope.deputy_id is not None and scope.deputy_id == suggestion.lead_deputy_id:
        return True
    if suggestion.created_by_id is not None and suggestion.created_by_id == getattr(
        user, "pk", None
    ):
        return scope.is_admin or suggestion.congress_id in scope.staff_congress_ids
    return False


def _partner_account(user):
    """The partner system a service account stands for, else None.

    Suggestions never import hotline: the account is recognised by the
    reverse one-to-one ``hotline_partner`` of hotline's ``Partner.user``.
    """
    if not getattr(user, "is_active", False):
        return None
    partner = getattr(user, "hotline_partner", None)
    if partner is None or not partner.is_active or partner.revoked_at is not None:
        return None
    return partner


def can_draft_for_partner(user, congress) -> bool:
    """Record a deputy's 12345 item as a partner system (Open311, 12345 直通车).

    Only the service account of an active HOTLINE partner of ``congress``;
    asked by the intake services when called ``on_behalf_of_partner``.
    """
    partner = _partner_account(user)
    return (
        partner is not None
        and partner.channel == PARTNER_CHANNEL_HOTLINE
        and partner.congress_id == getattr(congress, "pk", congress)
    )


def can_submit_for_partner(user, suggestion) -> bool:
    """Submit the HOTLINE draft that partner's service account itself recorded."""
    return (
        suggestion.channel == Channel.HOTLINE
        and suggestion.created_by_id is not None
        and suggestion.created_by_id == getattr(user, "pk", None)
        and can_draft_for_partner(user, suggestion.congress_id)
    )


def can_prepare_draft_at(user, station) -> bool:
    """Prepare a draft for a deputy (代拟): the station's own chief or liaison officer.

    Which deputies a station may prepare for, and from which request, is the
    receptions app's check; the draft is still the deputy's to submit.
    """
    scope = get_scope(user)
    return station.pk in scope.station_ids and (
        scope.has(Role.STATION_CHIEF) or scope.has(Role.LIAISON_OFFICER)
    )


def can_review_suggestion(user, suggestion) -> bool:
    """Accept, return, reject, assign, merge, extend: the congress's staff and admins."""
    scope = get_scope(user)
    return scope.is_admin or suggestion.congress_id in scope.staff_congress_ids


def can_mark_key(user, suggestion) -> bool:
    """Record a key suggestion: staff, or a leader (for the chairpersons' meeting)."""
    scope = get_scope(user)
    return scope.is_admin or suggestion.congress_id in scope.congress_ids


def can_handle_assignment(user, assignment) -> bool:
    """Return, reply to, or ask to extend an assignment: the unit's own staff."""
    scope = get_scope(user)
    return scope.has(Role.UNIT_STAFF) and assignment.handling_unit_id in scope.unit_ids


def can_rate_reply(user, suggestion) -> bool:
    """Rate the replies of a suggestion: its lead deputy."""
    scope = get_scope(user)
    return scope.deputy_id is not None and scope.deputy_id == suggestion.lead_deputy_id


def can_close_expired(user) -> bool:
    """Run the daily closing by hand: administrators (the scheduler passes no user)."""
    return user is None or get_scope(user).is_admin


# The government's sign-off (docs/suggestions-government.md) --------------------------


def can_manage_government_route(user, congress) -> bool:
    """Set which channels go through the government's sign-off: the congress's staff."""
    scope = get_scope(user)
    return scope.is_admin or congress.pk in scope.staff_congress_ids


def can_manage_government_routes(user) -> bool:
    """The settings page at all: any congress's staff, admins."""
    return can_review_suggestions(user)


def can_coordinate_assignment(user, assignment) -> bool:
    """Record the leader's instruction and pass the item on: the office's own staff."""
    return assignment.role == AssignmentRole.COORDINATING and can_handle_assignment(
        user, assignment
    )


def can_read_instruction_text(user, suggestion, unit_ids=None) -> bool:
    """Read the text of the leader's instruction (领导批示, an internal document).

    The congress's staff, leaders and admins, and the staff of a unit that holds
    (or held) an assignment of the item. The deputies see that and when the item
    was signed, never the text (docs/decisions/0015-government-sign-off.md).
    ``unit_ids`` are the item's assigned units when the caller has them.
    """
    scope = get_scope(user)
    if scope.is_admin or suggestion.congress_id in scope.congress_ids:
        return True
    if not (scope.has(Role.UNIT_STAFF) and scope.unit_ids):
        return False
    if unit_ids is None:
        unit_ids = suggestion.assignments.values_list("handling_unit_id", flat=True)
    return bool(set(scope.unit_ids) & set(unit_ids))
