"""The station chief's and liaison officer's queues, one section per station."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.receptions.choices import ReceptionDayStatus
from renda.receptions.selectors import (
    PublicRequestFilters,
    ReceptionDayFilters,
    public_request_list,
    reception_day_list,
)

from .tiles import (
    INFO,
    SOON,
    TODO,
    URGENT,
    Section,
    Tile,
    TileItem,
    cn_date,
    tile_of,
    url_for,
)

# Station chief and liaison officer ------------------------------------------------------


def station_sections(user, *, today: dt.date | None = None) -> list[Section]:
    """Return one section per station the user serves: requests to route, reception days."""
    today = today or timezone.localdate()
    scope = get_scope(user)
    sections = []
    for station_id in sorted(scope.station_ids):
        year = reception_day_list(
            user, ReceptionDayFilters(station_id=station_id, year=today.year)
        )
        station = year.station
        section = Section(key=f"station-{station_id}", title=station.name)
        section.tiles.append(
            tile_of(
                "new_requests",
                "新的群众诉求待分流",
                public_request_list(
                    user,
                    PublicRequestFilters(station_id=station_id, status="RECEIVED"),
                    station=station,
                ),
                url_for("stations:requests", station_id, status="RECEIVED"),
                item=lambda r: TileItem(
                    title=r.content[:40],
                    url=reverse("stations:request_detail", args=[r.pk]),
                    note=f"{cn_date(timezone.localdate(r.created_at))}受理",
                ),
            )
        )
        summary = year.summary
        days_url = url_for("stations:reception_days", station_id, year=year.year)
        section.tiles.append(
            Tile(
                key="reception_days_held",
                label=f"{year.year}年已举行接待日（每年至少 {summary['minimum']} 次）",
                count=summary["held"],
                url=days_url,
                urgency=INFO
                if summary["met"]
                else (SOON if summary["on_track"] else URGENT),
                note="已达到要求"
                if summary["met"]
                else f"还差 {summary['missing']} 次，已安排 {summary['planned']} 次",
            )
        )
        upcoming = [
            day
            for day in year.days
            if day.status == ReceptionDayStatus.PLANNED and day.date >= today
        ]
        section.tiles.append(
            tile_of(
                "reception_days_planned",
                "待举行的接待日",
                upcoming,
                days_url,
                urgency=TODO,
                item=lambda day, url=days_url: TileItem(
                    title=f"{cn_date(day.date)} {day.place or ''}".strip(),
                    url=url,
                    note="值班："
                    + ("、".join(d.name for d in day.deputies.all()) or "未安排"),
                ),
            )
        )
        sections.append(section)
    return sections
