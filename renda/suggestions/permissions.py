"""Who may act on a suggestion; every check reads the user's scope from accounts.

Services raise ``PermissionDenied`` when these answer False; pages and the API
ask the same functions to decide which buttons to show.
"""

from __future__ import annotations

from renda.accounts.choices import Role
from renda.accounts.permissions import get_scope


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
