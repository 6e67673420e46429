"""Timeline events of the plan area (kinds registered in events.base)."""

from __future__ import annotations

from ..choices import ProposalSource
from ..models import PlanEvent
from .base import record, register

PROPOSAL_SUBMITTED = register(
    "PROPOSAL_SUBMITTED",
    "提出议题建议",
    ["source", "title"],
    lambda d: f"{ProposalSource(d['source']).label}提出议题建议：{d['title']}",
)
PROPOSAL_ADOPTED = register(
    "PROPOSAL_ADOPTED",
    "采纳",
    ["entry"],
    lambda d: "议题建议已采纳" + (f"，列入计划：{d['entry']}" if d["entry"] else ""),
)
PROPOSAL_MERGED = register(
    "PROPOSAL_MERGED",
    "合并",
    ["into", "reason"],
    lambda d: f"议题建议并入“{d['into']}”：{d['reason']}",
)
PROPOSAL_DECLINED = register(
    "PROPOSAL_DECLINED",
    "不予采纳",
    ["reason"],
    lambda d: f"议题建议未采纳：{d['reason']}",
)
PLAN_CREATED = register(
    "PLAN_CREATED",
    "起草计划",
    ["year", "title"],
    lambda d: f"起草{d['year']}年度监督工作计划：{d['title']}",
)
PLAN_ENTRY_ADDED = register(
    "PLAN_ENTRY_ADDED",
    "增加议题",
    ["version", "title"],
    lambda d: f"第{d['version']}版计划增加议题：{d['title']}",
)
PLAN_ENTRY_UPDATED = register(
    "PLAN_ENTRY_UPDATED",
    "修改议题",
    ["version", "title"],
    lambda d: f"第{d['version']}版计划修改议题：{d['title']}",
)
PLAN_ENTRY_REMOVED = register(
    "PLAN_ENTRY_REMOVED",
    "删除议题",
    ["version", "title"],
    lambda d: f"第{d['version']}版计划删除议题：{d['title']}",
)
PLAN_VERSION_ADOPTED = register(
    "PLAN_VERSION_ADOPTED",
    "主任会议通过",
    ["version", "meeting", "adopted_on"],
    lambda d: f"第{d['version']}版计划经{d['meeting']}（{d['adopted_on']}）通过",
)
PLAN_VERSION_PUBLISHED = register(
    "PLAN_VERSION_PUBLISHED",
    "公布",
    ["version", "items_created"],
    lambda d: (
        f"第{d['version']}版计划公布，并印发常委会组成人员和有关机关"
        + (f"，新建监督事项 {d['items_created']} 项" if d["items_created"] else "")
    ),
)
PLAN_ADJUSTED = register(
    "PLAN_ADJUSTED",
    "调整计划",
    ["version", "reason"],
    lambda d: f"起草第{d['version']}版（调整）：{d['reason']}",
)


def proposal_submitted_event(*, proposal, actor, at=None) -> PlanEvent:
    return record(
        PlanEvent,
        kind=PROPOSAL_SUBMITTED,
        actor=actor,
        at=at,
        data={"source": proposal.source, "title": proposal.title},
        proposal=proposal,
    )


def proposal_adopted_event(*, proposal, actor, at=None) -> PlanEvent:
    entry = proposal.plan_entry
    return record(
        PlanEvent,
        kind=PROPOSAL_ADOPTED,
        actor=actor,
        at=at,
        data={"entry": entry.title if entry else ""},
        proposal=proposal,
    )


def proposal_merged_event(*, proposal, actor, at=None) -> PlanEvent:
    return record(
        PlanEvent,
        kind=PROPOSAL_MERGED,
        actor=actor,
        at=at,
        data={"into": proposal.merged_into.title, "reason": proposal.decision_reason},
        proposal=proposal,
    )


def proposal_declined_event(*, proposal, actor, at=None) -> PlanEvent:
    return record(
        PlanEvent,
        kind=PROPOSAL_DECLINED,
        actor=actor,
        at=at,
        data={"reason": proposal.decision_reason},
        proposal=proposal,
    )


def plan_created_event(*, plan, actor, at=None) -> PlanEvent:
    return record(
        PlanEvent,
        kind=PLAN_CREATED,
        actor=actor,
        at=at,
        data={"year": plan.year, "title": plan.title},
        plan=plan,
    )


def plan_entry_event(kind: str, *, entry, actor, at=None) -> PlanEvent:
    return record(
        PlanEvent,
        kind=kind,
        actor=actor,
        at=at,
        data={"version": entry.version.number, "title": entry.title},
        plan=entry.version.plan,
    )


def plan_version_adopted_event(*, version, actor, at=None) -> PlanEvent:
    return record(
        PlanEvent,
        kind=PLAN_VERSION_ADOPTED,
        actor=actor,
        at=at,
        data={
            "version": version.number,
            "meeting": version.chair_meeting,
            "adopted_on": version.adopted_on.isoformat(),
        },
        plan=version.plan,
    )


def plan_version_published_event(
    *, version, items_created: int, actor, at=None
) -> PlanEvent:
    return record(
        PlanEvent,
        kind=PLAN_VERSION_PUBLISHED,
        actor=actor,
        at=at,
        data={"version": version.number, "items_created": items_created},
        plan=version.plan,
    )


def plan_adjusted_event(*, version, actor, at=None) -> PlanEvent:
    return record(
        PlanEvent,
        kind=PLAN_ADJUSTED,
        actor=actor,
        at=at,
        data={"version": version.number, "reason": version.reason},
        plan=version.plan,
    )
