"""Who may see the station registry: the stations app's checks.

Roles and scopes come from ``renda.accounts.permissions.get_scope``. The checks
of reception days and residents' requests are the receptions app's.
"""

from __future__ import annotations

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment
from renda.accounts.permissions import get_scope


def can_browse_stations(user) -> bool:
    """The station list and pages: as the deputy list (not unit staff or the public)."""
    scope = get_scope(user)
    return scope.is_admin or scope.has(
        Role.COMMITTEE_STAFF,
        Role.LEADER,
        Role.DEPUTY,
        Role.STATION_CHIEF,
        Role.LIAISON_OFFICER,
    )


def _chief_station_ids(user) -> frozenset:
    """The stations the user is chief of (not liaison officer), read once per user."""
    cached = getattr(user, "_renda_chief_station_ids", None)
    if cached is None:
        cached = frozenset(
            RoleAssignment.objects.filter(
                user=user, role=Role.STATION_CHIEF, station__isnull=False
            ).values_list("station_id", flat=True)
        )
        user._renda_chief_station_ids = cached
    return cached


def can_edit_station(user, station) -> bool:
    """Edit a station's public details (address, opening hours, office phone).

    Committee staff over the station's area, the station's own chief, admins.
    The station's region must be loaded (``get_station_for_user`` does).
    """
    scope = get_scope(user)
    if scope.is_admin:
        return True
    if any(station.region.path.startswith(p) for p in scope.staff_region_paths):
        return True
    return (
        scope.has(Role.STATION_CHIEF)
        and station.pk in scope.station_ids
        and station.pk in _chief_station_ids(user)
    )
