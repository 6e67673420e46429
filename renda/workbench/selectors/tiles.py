"""The workbench's shapes (tile, row, section) and the helpers every section uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

# How many of a tile's rows the workbench shows (the rest are one tap away).
TOP_ITEMS = 3

# Urgency, most urgent first: the order of a section's tiles.
URGENT = "urgent"  # past a deadline, a rule broken
SOON = "soon"  # a deadline within days
TODO = "todo"  # waiting for this user
INFO = "info"  # to know, nothing due
NONE = "none"  # an empty queue
URGENCY_RANK = {URGENT: 0, SOON: 1, TODO: 2, INFO: 3, NONE: 4}


@dataclass(frozen=True)
class TileItem:
    """One row of a tile: what it is, where its action is, and a short note."""

    title: str
    url: str
    note: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Tile:
    """A queue: its label, how many rows its list holds, where the list is, the top rows."""

    key: str
    label: str
    count: int
    url: str
    urgency: str = TODO
    items: tuple[TileItem, ...] = ()
    note: str = ""


@dataclass
class Section:
    """One role's part of the workbench."""

    key: str
    title: str
    tiles: list[Tile] = field(default_factory=list)
    # The section's main action (the deputy's 写建议), shown above its tiles.
    action: TileItem | None = None

    def ordered(self) -> list[Tile]:
        """Return the tiles, most urgent first, empty queues last (stable otherwise)."""
        return sorted(self.tiles, key=lambda tile: URGENCY_RANK[tile.urgency])


def url_for(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def url_if_built(name: str, *args, **query) -> str:
    """Return ``url_for(...)``, or "" while the page does not exist yet (a tile
    whose list is another part's page is left out until that page is there)."""
    try:
        return url_for(name, *args, **query)
    except NoReverseMatch:
        return ""


def tile_of(key, label, rows, url, *, urgency=TODO, item, note="", count=None) -> Tile:
    """Count ``rows`` (a queryset or a list) and describe its first ``TOP_ITEMS``."""
    if count is None:
        count = len(rows) if isinstance(rows, list) else rows.count()
    top = list(rows[:TOP_ITEMS]) if count else []
    return Tile(
        key=key,
        label=label,
        count=count,
        url=url,
        urgency=urgency if count else NONE,
        items=tuple(item(row) for row in top),
        note=note,
    )


def cn_date(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def days_left(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days < 0:
        return f"已超期 {-days} 天"
    if days == 0:
        return "今天到期"
    return f"还剩 {days} 天"
