"""Who may see and do what with deputies, groups and rosters: the deputies app's checks.

Roles and scopes come from ``renda.accounts.permissions.get_scope``; the
querysets these checks ask are the deputies app's selectors. Pages, the API and
the navigation ask these same functions.
"""

from __future__ import annotations

from renda.accounts.choices import Role
from renda.accounts.permissions import get_scope

from .selectors import deputies_with_full_phone_for, deputies_with_id_number_for


def can_browse_deputies(user) -> bool:
    """The deputy list: everyone who works with deputies; not unit staff or the public."""
    scope = get_scope(user)
    return scope.is_admin or scope.has(
        Role.COMMITTEE_STAFF,
        Role.LEADER,
        Role.DEPUTY,
        Role.STATION_CHIEF,
        Role.LIAISON_OFFICER,
    )


def can_view_statistics(user) -> bool:
    """The composition statistics: committee staff, leaders, administrators."""
    scope = get_scope(user)
    return scope.is_admin or scope.has(Role.COMMITTEE_STAFF, Role.LEADER)


def can_export_deputies(user) -> bool:
    """The roster's .xlsx export: committee staff, leaders, administrators."""
    scope = get_scope(user)
    return scope.is_admin or scope.has(Role.COMMITTEE_STAFF, Role.LEADER)


def can_manage_roster(user, congress) -> bool:
    """Import and edit a congress's roster: its committee staff and administrators."""
    scope = get_scope(user)
    return scope.is_admin or congress.pk in scope.staff_congress_ids


def can_import_roster(user) -> bool:
    """Whether the user manages the roster of at least one congress (staff or admin)."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.staff_congress_ids)


def can_view_full_phone(user, deputy) -> bool:
    """Full phone numbers: the deputy, staff and leaders over them, their station's staff.

    Only the roles that carry the right count: a user who is also a deputy does
    not see fellow deputies' numbers through their deputy role.
    """
    return deputies_with_full_phone_for(user).filter(pk=deputy.pk).exists()


def can_view_id_number(user, deputy) -> bool:
    """ID numbers: the deputy, the committee staff over them, administrators."""
    return deputies_with_id_number_for(user).filter(pk=deputy.pk).exists()
