"""The duty tiles of committee staff: records waiting for confirmation, score
corrections asked, alerts to handle. Each reads the list it opens with its
filters, so its number is that list's length:

- 待确认的履职记录: ``duty:records?congress=..&status=PENDING`` (records_list);
- 积分更正申请: ``duty:corrections?congress=..&status=PENDING`` (correction_list);
- 履职提示: ``duty:alerts?congress=..&status=OPEN`` (alert_list).
"""

from __future__ import annotations

from renda.duty.choices import AlertStatus, CorrectionStatus, RecordStatus
from renda.duty.permissions import manages_duty
from renda.duty.selectors.archive import RecordFilters, records_list
from renda.duty.selectors.scores import alert_list, correction_list

from .tiles import SOON, URGENT, Tile, TileItem, tile_of
from .tiles import url_if_built as _url


def staff_duty_tiles(user, congress) -> list[Tile]:
    """Return the staff's duty queues of one congress."""
    if not manages_duty(user, congress):
        return []
    tiles = []
    records = _url("duty:records", congress=congress.pk, status=RecordStatus.PENDING)
    if records:
        tiles.append(
            tile_of(
                "duty_records_pending",
                "待确认的履职记录",
                records_list(
                    user,
                    RecordFilters(status=RecordStatus.PENDING, congress_id=congress.pk),
                ).select_related("deputy"),
                records,
                urgency=SOON,
                item=lambda r: TileItem(
                    title=r.title,
                    url=_url("duty:record_detail", r.pk) or records,
                    note=f"{r.deputy.name} · {r.date:%Y-%m-%d}",
                ),
            )
        )
    corrections = _url(
        "duty:corrections", congress=congress.pk, status=CorrectionStatus.PENDING
    )
    if corrections:
        tiles.append(
            tile_of(
                "duty_corrections",
                "积分更正申请",
                correction_list(user, congress, status=CorrectionStatus.PENDING),
                corrections,
                urgency=SOON,
                item=lambda c: TileItem(
                    title=f"{c.deputy.name} {c.score.year}年度积分",
                    url=_url("duty:correction_detail", c.pk) or corrections,
                    note=c.reason[:30],
                ),
            )
        )
    alerts = _url("duty:alerts", congress=congress.pk, status=AlertStatus.OPEN)
    if alerts:
        tiles.append(
            tile_of(
                "duty_alerts",
                "代表履职提示",
                alert_list(user, congress, status=AlertStatus.OPEN),
                alerts,
                urgency=URGENT,
                item=lambda a: TileItem(
                    title=f"{a.deputy.name}：{a.get_kind_display()}",
                    url=_url("duty:alert_detail", a.pk) or alerts,
                    note=a.detail[:40],
                    urgent=True,
                ),
            )
        )
    return tiles
