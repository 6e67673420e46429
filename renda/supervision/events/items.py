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
