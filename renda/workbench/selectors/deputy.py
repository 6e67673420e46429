"""The deputy's queues, and the supervision tile a member shares."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from renda.accounts.choices import Role
from renda.accounts.permissions import get_scope
from renda.liaison.selectors import (
    observations_of,
)
from renda.notices.selectors import InboxFilters, notice_inbox
from renda.notifications.selectors import unread_count
from renda.receptions.selectors import (
    reception_days_on_duty,
)
from renda.suggestions import rules as suggestion_rules
from renda.suggestions.choices import SuggestionStatus
from renda.suggestions.selectors import (
    MY_STATUS_GROUPS,
    SuggestionFilters,
    drafts_awaiting_confirmation,
    suggestion_list,
)
from renda.supervision.permissions import can_use_supervision
from renda.supervision.selectors.items import ItemFilters, item_list

from .tiles import (
    INFO,
    NONE,
    SOON,
    TODO,
    Section,
    Tile,
    TileItem,
    cn_date,
    days_left,
    tile_of,
    url_for,
)

# Deputy ---------------------------------------------------------------------------------


def deputy_section(user, *, today: dt.date | None = None) -> Section:
    """Return the deputy's queues: replies to rate, items in handling, duty days, meetings."""
    today = today or timezone.localdate()
    section = Section(
        key="deputy",
        title="代表履职",
        action=TileItem(title="写建议", url=reverse("suggestions:new")),
    )

    # A tile shows titles and states: no congress or lead deputy to fetch. The
    # deputy's scope and "mine" are read once (their id lists are queries of
    # their own), then each tile filters the states of its group.
    everything_mine = suggestion_list(
        user=user, filters=SuggestionFilters(mine=True, order="created"), today=today
    ).prefetch_related(None)

    # The three tiles' counts in one grouped query, as the 我的建议 tabs count.
    by_status = {
        row["effective_status"]: row["n"]
        for row in everything_mine.order_by()
        .values("effective_status")
        .annotate(n=Count("pk"))
    }

    def mine(group: str):
        return everything_mine.filter(effective_status__in=MY_STATUS_GROUPS[group][1])

    def count_of(group: str) -> int:
        return sum(by_status.get(status, 0) for status in MY_STATUS_GROUPS[group][1])

    def rating_item(suggestion) -> TileItem:
        note, urgent = "请评价答复", False
        if suggestion.replied_at is not None:
            deadline = suggestion_rules.rating_deadline(suggestion)
            note = f"评价{days_left(deadline, today)}（{cn_date(deadline)}截止）"
            urgent = (deadline - today).days <= suggestion_rules.due_soon_days()
        return TileItem(
            title=suggestion.title,
            url=reverse("suggestions:detail", args=[suggestion.pk]),
            note=note,
            urgent=urgent,
        )

    section.tiles.append(
        tile_of(
            "to_rate",
            "答复待我评价",
            mine("replied"),
            url_for("suggestions:my", status="replied"),
            count=count_of("replied"),
            urgency=SOON,
            item=rating_item,
        )
    )
    # Drafts a station prepared for the deputy (代拟) are drafts too: the tile
    # says how many wait for the deputy's confirmation, each line who wrote it.
    prepared = {s.pk: s for s in drafts_awaiting_confirmation(user)}
    section.tiles.append(
        tile_of(
            "drafts",
            "草稿和退回补充",
            mine("draft"),
            url_for("suggestions:my", status="draft"),
            count=count_of("draft"),
            item=lambda s: TileItem(
                title=s.title,
                url=reverse("suggestions:edit", args=[s.pk]),
                note=_prepared_note(prepared[s.pk])
                if s.pk in prepared
                else SuggestionStatus(s.effective_status).label,
                urgent=s.pk in prepared,
            ),
            note=f"其中{len(prepared)}件由联络站代拟，请确认后提交" if prepared else "",
        )
    )
    section.tiles.append(
        tile_of(
            "handling",
            "我的建议办理中",
            mine("handling"),
            url_for("suggestions:my", status="handling"),
            count=count_of("handling"),
            urgency=INFO,
            item=lambda s: TileItem(
                title=s.title,
                url=reverse("suggestions:detail", args=[s.pk]),
                note=SuggestionStatus(s.effective_status).label,
            ),
        )
    )
    duty_days = list(reception_days_on_duty(user, today=today))
    section.tiles.append(
        tile_of(
            "duty_days",
            "我值班的接待日",
            duty_days,
            # The days are listed here; the station's board shows the next one.
            url_for("public:board", duty_days[0].station_id) if duty_days else "",
            urgency=SOON,
            item=lambda day: TileItem(
                title=f"{cn_date(day.date)} {day.station.name}",
                url=url_for("public:board", day.station_id),
                note="值班：" + "、".join(deputy.name for deputy in day.deputies.all()),
                urgent=(day.date - today).days <= 3,
            ),
        )
    )
    section.tiles.append(
        tile_of(
            "meetings",
            "待列席的常委会会议",
            observations_of(user, upcoming_from=today),
            url_for("liaison:my_meetings", upcoming="1"),
            item=lambda o: TileItem(
                title=f"{o.meeting.standing_committee.term.congress.short_name}"
                f"常委会第{o.meeting.number}次会议",
                url=reverse("liaison:meeting_detail", args=[o.meeting_id]),
                note=cn_date(o.meeting.date),
            ),
        )
    )
    # A deputy who is also a committee member sees it in the member's section.
    if can_use_supervision(user) and not get_scope(user).has(Role.COMMITTEE_MEMBER):
        section.tiles.append(supervision_tile(user))
    # 通知公告 not yet read: the inbox's ``unread`` list, through its own selector.
    section.tiles.append(
        tile_of(
            "notices",
            "未读通知公告",
            notice_inbox(user, InboxFilters(unread=True)),
            url_for("notices:inbox", unread="1"),
            item=lambda receipt: TileItem(
                title=receipt.notice.title,
                url=reverse("notices:read", args=[receipt.notice_id]),
                note=(
                    f"请于{cn_date(timezone.localdate(receipt.notice.answer_deadline))}前回复"
                    if receipt.notice.answer_deadline
                    else cn_date(timezone.localdate(receipt.notice.published_at))
                ),
            ),
        )
    )
    unread = unread_count(user)
    section.tiles.append(
        Tile(
            key="messages",
            label="未读消息",
            count=unread,
            url=reverse("notifications:list"),
            urgency=TODO if unread else NONE,
        )
    )
    return section


def _prepared_note(suggestion) -> str:
    preparer = suggestion.prepared_by
    name = (preparer.display_name or preparer.get_username()) if preparer else ""
    station = (
        suggestion.prepared_at_station.name if suggestion.prepared_at_station else ""
    )
    return f"由{' '.join(part for part in (station, name) if part)} 代拟，待您确认"


def supervision_tile(user) -> Tile:
    return tile_of(
        "supervision_mine",
        "我参加的监督工作",
        item_list(user, ItemFilters(mine=True)),
        url_for("supervision:item_list", mine="1"),
        urgency=INFO,
        item=lambda item: TileItem(
            title=item.title,
            url=reverse("supervision:item_detail", args=[item.pk]),
            note=f"{item.year}年 · {item.get_status_display()}",
        ),
    )
