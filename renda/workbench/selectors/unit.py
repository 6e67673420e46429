"""The handling unit's queues."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from renda.receptions.selectors import (
    public_requests_for_unit,
)
from renda.suggestions import rules as suggestion_rules
from renda.suggestions.selectors import (
    AssignmentFilters,
    unit_assignment_list,
)
from renda.supervision.selectors.followup import unit_queue

from .tiles import (
    NONE,
    SOON,
    TODO,
    TOP_ITEMS,
    URGENT,
    Section,
    Tile,
    TileItem,
    cn_date,
    days_left,
    tile_of,
    url_for,
)

# Unit staff -----------------------------------------------------------------------------


UNIT_TILES = (
    # (queue, label, urgency, the row's action)
    ("overdue", "已超期", URGENT, "suggestions:unit_reply"),
    ("due_soon", None, SOON, "suggestions:unit_reply"),
    ("rehandling", "不满意，重新办理", SOON, "suggestions:unit_reply"),
    ("new", "新交办（可申请退回）", TODO, "suggestions:detail"),
)


def unit_section(user, *, today: dt.date | None = None) -> Section:
    """Return the unit's queues: overdue, due soon, re-handling, new; routed requests."""
    today = today or timezone.localdate()
    section = Section(key="unit", title="承办单位")
    for show, label, urgency, action in UNIT_TILES:
        if label is None:
            label = f"{suggestion_rules.due_soon_days()}个工作日内到期"

        def item(assignment, action=action) -> TileItem:
            target = (
                assignment.pk
                if action == "suggestions:unit_reply"
                else assignment.suggestion_id
            )
            return TileItem(
                title=assignment.suggestion.title,
                url=reverse(action, args=[target]),
                note=f"期限 {cn_date(assignment.due_at)} · "
                + days_left(assignment.due_at, today),
                urgent=assignment.due_at < today,
            )

        section.tiles.append(
            tile_of(
                f"assignments_{show}",
                label,
                unit_assignment_list(user, AssignmentFilters(show=show), today=today),
                url_for("suggestions:unit_inbox", show=show),
                urgency=urgency,
                item=item,
            )
        )
    section.tiles.append(
        tile_of(
            "requests",
            "转来的群众诉求待答复",
            public_requests_for_unit(user, open_only=True),
            url_for("stations:unit_requests", show="open"),
            urgency=TODO,
            item=lambda r: TileItem(
                title=r.content[:40],
                url=reverse("stations:unit_request_answer", args=[r.pk]),
                note=f"{r.station.name}"
                + (f" · 限 {cn_date(r.due_at)}" if r.due_at else ""),
                urgent=bool(r.due_at and r.due_at < today),
            ),
        )
    )
    queue = unit_queue(user, today=today)
    rows = [
        TileItem(
            title=opinion.item.title,
            url=reverse("supervision:opinion_detail", args=[opinion.pk]),
            note="审议意见待报告办理情况",
        )
        for opinion in queue.opinions
    ] + [
        TileItem(
            title=point.opinion.item.title,
            url=reverse("supervision:opinion_detail", args=[point.opinion_id]),
            note=f"整改事项 · 期限 {cn_date(point.due_on)}"
            if point.due_on
            else "整改事项",
            urgent=bool(point.overdue),
        )
        for point in queue.points
    ]
    section.tiles.append(
        Tile(
            key="supervision_unit",
            label="监督交办待落实",
            count=len(rows),
            url=reverse("supervision:followup_unit"),
            urgency=TODO if rows else NONE,
            items=tuple(rows[:TOP_ITEMS]),
        )
    )
    return section
