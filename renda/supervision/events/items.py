"""Timeline events of items: created, started, done, cancelled, closed, people,
visits, documents, the work-report clock (kinds registered in events.base)."""

from __future__ import annotations

from ..choices import SupervisionKind, WorkReportStep
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


# Particulars, people, visits, documents, the clock, closing ---------------------

ITEM_UPDATED = register(
    "ITEM_UPDATED",
    "修改",
    ["fields"],
    lambda d: f"修改了监督事项：{'、'.join(d['fields'])}",
)
PARTICIPANTS_INVITED = register(
    "PARTICIPANTS_INVITED",
    "邀请参加人员",
    ["names", "group"],
    lambda d: (
        f"邀请{'、'.join(d['names'])}参加" + (f"（{d['group']}）" if d["group"] else "")
    ),
)
PARTICIPANT_ATTENDANCE = register(
    "PARTICIPANT_ATTENDANCE",
    "登记出席情况",
    ["name", "attendance", "reason"],
    lambda d: (
        f"{d['name']}：{d['attendance']}"
        + (f"（{d['reason']}）" if d["reason"] else "")
    ),
)
PARTICIPANT_REMOVED = register(
    "PARTICIPANT_REMOVED",
    "移除参加人员",
    ["name"],
    lambda d: f"移除参加人员：{d['name']}",
)
WORKING_GROUP_CREATED = register(
    "WORKING_GROUP_CREATED",
    "组建工作组",
    ["name", "leader", "regions"],
    lambda d: (
        f"组建{d['name']}"
        + (f"，{d['leader']}带队" if d["leader"] else "")
        + (f"，前往{'、'.join(d['regions'])}" if d["regions"] else "")
    ),
)
SITE_VISIT_RECORDED = register(
    "SITE_VISIT_RECORDED",
    "实地视察检查",
    ["date", "place"],
    lambda d: f"{d['date']} 赴{d['place']}实地视察检查",
)
DOCUMENT_ADDED = register(
    "DOCUMENT_ADDED",
    "上传材料",
    ["kind", "title", "version"],
    lambda d: f"上传{d['title']}（第{d['version']}版）",
)
DOCUMENT_REMOVED = register(
    "DOCUMENT_REMOVED",
    "删除材料",
    ["kind", "title", "version"],
    lambda d: f"删除{d['title']}（第{d['version']}版）",
)
MILESTONE_RECORDED = register(
    "MILESTONE_RECORDED",
    "登记工作报告环节",
    ["step", "done_on"],
    lambda d: f"{WorkReportStep(d['step']).label}：{d['done_on']} 完成",
)
ITEM_CLOSED = register("ITEM_CLOSED", "办结", [], lambda d: "监督事项办结")


def _item_event(kind, *, item, actor, data, at=None) -> ItemEvent:
    return record(ItemEvent, kind=kind, actor=actor, at=at, data=data, item=item)


def item_updated_event(*, item, actor, fields) -> ItemEvent:
    return _item_event(ITEM_UPDATED, item=item, actor=actor, data={"fields": fields})


def participants_invited_event(*, item, actor, names, group="") -> ItemEvent:
    return _item_event(
        PARTICIPANTS_INVITED,
        item=item,
        actor=actor,
        data={"names": list(names), "group": group},
    )


def participant_attendance_event(*, participant, actor, name) -> ItemEvent:
    return _item_event(
        PARTICIPANT_ATTENDANCE,
        item=participant.item,
        actor=actor,
        data={
            "name": name,
            "attendance": participant.get_attendance_display(),
            "reason": participant.leave_reason,
        },
    )


def participant_removed_event(*, item, actor, name) -> ItemEvent:
    return _item_event(PARTICIPANT_REMOVED, item=item, actor=actor, data={"name": name})


def working_group_created_event(*, group, actor, leader, regions) -> ItemEvent:
    return _item_event(
        WORKING_GROUP_CREATED,
        item=group.item,
        actor=actor,
        data={"name": group.name, "leader": leader, "regions": list(regions)},
    )


def site_visit_recorded_event(*, visit, actor) -> ItemEvent:
    return _item_event(
        SITE_VISIT_RECORDED,
        item=visit.item,
        actor=actor,
        data={"date": visit.date.isoformat(), "place": visit.place},
    )


def _document_data(document) -> dict:
    return {"kind": document.kind, "title": document.title, "version": document.version}


def document_added_event(*, document, actor) -> ItemEvent:
    return _item_event(
        DOCUMENT_ADDED, item=document.item, actor=actor, data=_document_data(document)
    )


def document_removed_event(*, item, document, actor) -> ItemEvent:
    return _item_event(
        DOCUMENT_REMOVED, item=item, actor=actor, data=_document_data(document)
    )


def milestone_recorded_event(*, milestone, actor) -> ItemEvent:
    return _item_event(
        MILESTONE_RECORDED,
        item=milestone.item,
        actor=actor,
        data={"step": milestone.step, "done_on": milestone.done_on.isoformat()},
    )


def item_closed_event(*, item, actor, at=None) -> ItemEvent:
    return _item_event(ITEM_CLOSED, item=item, actor=actor, data={}, at=at)
