"""Who may see the station registry: the stations app's checks.

Roles and scopes come from ``renda.accounts.permissions.get_scope``. The checks
of reception days and residents' requests are the receptions app's.
"""

from __future__ import annotations

from renda.accounts.choices import Role
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
