"""The leadership member's contacts, group activities and key items."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from renda.liaison import rules as liaison_rules
from renda.liaison.permissions import (
    leadership_memberships_of,
)
from renda.liaison.selectors import (
    ActivityFilters,
    group_activity_list,
    leader_contacts,
)
from renda.suggestions.choices import SuggestionStatus
from renda.suggestions.permissions import (
    can_see_key_suggestions,
)
from renda.suggestions.selectors import (
    key_suggestions_overseen,
)

from .meetings import member_meeting_tiles
from .tiles import (
    INFO,
    SOON,
    TOP_ITEMS,
    URGENT,
    Section,
    Tile,
    TileItem,
    cn_date,
    tile_of,
    url_for,
)

# Leadership member ----------------------------------------------------------------------


def leader_section(
    user, *, today: dt.date | None = None, meetings: bool = True
) -> Section:
    """Return the leader's meetings and votes, contacts and group activities
    against the rules, key items."""
    today = today or timezone.localdate()
    section = Section(key="leader", title="常委会班子成员")
    if meetings:
        section.tiles += member_meeting_tiles(user, today=today)
    seats = list(
        leadership_memberships_of(user).select_related(
            "deputy", "standing_committee__term__congress"
        )
    )
    period = liaison_rules.current_period(today)
    for seat in seats:
        summary = leader_contacts(seat, on_date=today)
        enough = liaison_rules.leader_has_enough_contacts(summary.kept)
        section.tiles.append(
            Tile(
                key=f"contacts-{seat.pk}",
                label="我联系的代表",
                count=summary.count,
                url=reverse("liaison:my_contacts"),
                urgency=INFO if enough else URGENT,
                note=f"本半年已联系 {summary.kept} 名"
                f"（要求至少 {liaison_rules.min_leader_contacts()} 名）",
                items=tuple(
                    TileItem(
                        title=contact.deputy.name,
                        url=reverse("liaison:contact_detail", args=[contact.pk]),
                        note="本半年未联系",
                        urgent=True,
                    )
                    for contact in summary.contacts
                    if not liaison_rules.contact_is_kept(contact.logs_in_half)
                )[:TOP_ITEMS],
            )
        )
        activities = list(
            group_activity_list(user, ActivityFilters(member=seat.pk, year=period.year))
        )
        in_half = sum(
            1 for activity in activities if period.start <= activity.date <= period.end
        )
        joined = liaison_rules.leader_joined_enough_activities(in_half)
        section.tiles.append(
            tile_of(
                f"activities-{seat.pk}",
                f"{period.year}年参加的代表小组活动",
                activities,
                url_for("liaison:activities", member=seat.pk, year=period.year),
                urgency=INFO if joined else SOON,
                note=f"本半年 {in_half} 次"
                f"（要求至少 {liaison_rules.min_group_activities()} 次）",
                item=lambda a: TileItem(
                    title=str(a.group),
                    url=reverse("liaison:activity_detail", args=[a.pk]),
                    note=cn_date(a.date),
                ),
            )
        )
    if can_see_key_suggestions(user):
        key_items = list(key_suggestions_overseen(user, today=today))
        late = sum(1 for item in key_items if item.is_overdue)
        section.tiles.append(
            tile_of(
                "key_suggestions",
                "我督办的重点建议",
                key_items,
                reverse("suggestions:leader_key"),
                urgency=URGENT if late else INFO,
                note=f"其中 {late} 件超期" if late else "",
                item=lambda s: TileItem(
                    title=s.title,
                    url=reverse("suggestions:detail", args=[s.pk]),
                    note=SuggestionStatus(s.effective_status).label,
                    urgent=s.is_overdue,
                ),
            )
        )
    return section
