"""The workbench's reads: one section of tiles per role, each tile a list's count.

Every tile counts the queryset (or list) of the page it links to, built by that
page's own selector from the same filters its URL encodes, so the tile's number
and the list's length cannot disagree (``tests/demo_city/test_tiles_match_lists.py``).
A section's ``tiles`` is a plain list: another app's tile (the notices' unread
count) is one more entry.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.accounts.choices import Role
from renda.accounts.permissions import get_scope
from renda.liaison.permissions import is_leadership_user
from renda.receptions.permissions import can_use_station_work_pages
from renda.suggestions.permissions import (
    can_handle_assignments,
    can_review_suggestions,
    can_write_suggestions,
)
from renda.supervision.permissions import can_use_supervision

from .deputy import deputy_section
from .leader import leader_section
from .staff import staff_sections
from .stations import station_sections
from .system import admin_section, member_section
from .tiles import URGENCY_RANK, Section, Tile, TileItem
from .unit import unit_section

__all__ = [
    "URGENCY_RANK",
    "Section",
    "Tile",
    "TileItem",
    "admin_section",
    "deputy_section",
    "leader_section",
    "member_section",
    "staff_sections",
    "station_sections",
    "unit_section",
    "workbench_sections",
]

# The workbench --------------------------------------------------------------------------


def workbench_sections(user, *, today: dt.date | None = None) -> list[Section]:
    """Return the user's sections, one per role they hold, in the order of their work."""
    today = today or timezone.localdate()
    scope = get_scope(user)
    sections: list[Section] = []
    if can_write_suggestions(user):
        sections.append(deputy_section(user, today=today))
    if can_handle_assignments(user):
        sections.append(unit_section(user, today=today))
    if scope.station_ids and can_use_station_work_pages(user):
        sections += station_sections(user, today=today)
    if can_review_suggestions(user) and not scope.is_admin:
        sections += staff_sections(user, today=today)
    is_member = scope.has(Role.COMMITTEE_MEMBER)
    if is_leadership_user(user):
        # A leader who is not also a member gets the member's meeting tiles here.
        sections.append(leader_section(user, today=today, meetings=not is_member))
    if is_member:
        section = member_section(
            user, today=today, supervision=can_use_supervision(user)
        )
        if section.tiles:
            sections.append(section)
    if scope.is_admin:
        sections.append(admin_section(user))
    return sections
