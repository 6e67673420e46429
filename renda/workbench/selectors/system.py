"""The committee member's and the administrator's sections."""

from __future__ import annotations

from django.urls import reverse

from renda.accounts.models import User
from renda.accounts.permissions import can_view_audit_log

from .deputy import supervision_tile
from .meetings import member_meeting_tiles
from .tiles import (
    INFO,
    Section,
    Tile,
    TileItem,
)

# Committee member and administrator -----------------------------------------------------


def member_section(user, *, today=None, supervision: bool = True) -> Section:
    """Return the committee member's meetings, votes and supervision work."""
    section = Section(key="member", title="常委会组成人员")
    section.tiles += member_meeting_tiles(user, today=today)
    if supervision:
        section.tiles.append(supervision_tile(user))
    return section


def admin_section(user) -> Section:
    """Return the administrator's system tiles: accounts and the audit log."""
    section = Section(key="admin", title="系统管理")
    section.tiles.append(
        Tile(
            key="users",
            label="用户账号",
            count=User.objects.count(),
            url=reverse("admin:accounts_user_changelist"),
            urgency=INFO,
        )
    )
    if can_view_audit_log(user):
        section.action = TileItem(title="审计日志", url=reverse("accounts:audit"))
    return section
