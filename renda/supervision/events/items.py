"""Timeline events of items: created, started, done, cancelled, closed, people,
visits, documents, the work-report clock (kinds registered in events.base)."""

from __future__ import annotations

from ..choices import SupervisionKind
from ..models import ItemEvent
from .base import record, register

ITEM_CREATED = register(
    "ITEM_CREATED",
    "登记监督事项",
    ["kind", "title", "year"],
    lambda d: f"登记{d['year']}年{SupervisionKind(d['kind']).label}：{d['title']}",
)


def item_created_event(*, item, actor, at=None) -> ItemEvent:
    return record(
        ItemEvent,
        kind=ITEM_CREATED,
        actor=actor,
        at=at,
        data={"kind": item.kind, "title": item.title, "year": item.year},
        item=item,
    )


ITEM_STARTED = register("ITEM_STARTED", "开始", [], lambda d: "监督事项开始实施")
ITEM_COMPLETED = register(
    "ITEM_COMPLETED",
    "完成",
    ["done_on", "kind"],
    lambda d: f"{SupervisionKind(d['kind']).label}于 {d['done_on']} 完成",
)
ITEM_CANCELLED = register(
    "ITEM_CANCELLED", "取消", ["reason"], lambda d: f"监督事项取消：{d['reason']}"
)


def item_started_event(*, item, actor, at=None) -> ItemEvent:
    return record(ItemEvent, kind=ITEM_STARTED, actor=actor, at=at, data={}, item=item)


def item_completed_event(*, item, actor, at=None) -> ItemEvent:
    return record(
        ItemEvent,
        kind=ITEM_COMPLETED,
        actor=actor,
        at=at,
        data={"done_on": item.done_on.isoformat(), "kind": item.kind},
        item=item,
    )


def item_cancelled_event(*, item, actor, at=None) -> ItemEvent:
    return record(
        ItemEvent,
        kind=ITEM_CANCELLED,
        actor=actor,
        at=at,
        data={"reason": item.cancel_reason},
        item=item,
    )
