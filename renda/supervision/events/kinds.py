"""Timeline events of the kind-specific steps: laws inspected, methods, the
inspection report, inquiry questions and answers, interpellation, special
investigation, resolutions (kinds registered in events.base)."""

from __future__ import annotations

from ..choices import AnswerMode, InvestigationProposer, ResolutionOutcome
from ..models import ItemEvent
from .base import record, register

INSPECTION_LAWS_SET = register(
    "INSPECTION_LAWS_SET",
    "登记检查的法律法规",
    ["names"],
    lambda d: f"检查的法律法规（{len(d['names'])}部）：{'、'.join(d['names'])}",
)
INSPECTION_METHODS_SET = register(
    "INSPECTION_METHODS_SET",
    "登记检查方式",
    ["methods"],
    lambda d: "检查方式：" + ("、".join(d["methods"]) or "无"),
)
INSPECTION_REPORT_SAVED = register(
    "INSPECTION_REPORT_SAVED",
    "形成执法检查报告",
    ["has_amendments"],
    lambda d: (
        "执法检查报告已形成"
        + ("（含修改完善法律法规的建议）" if d["has_amendments"] else "")
    ),
)
INQUIRY_QUESTION_ADDED = register(
    "INQUIRY_QUESTION_ADDED",
    "列入询问问题",
    ["order", "question"],
    lambda d: f"询问问题{d['order']}：{d['question']}",
)
INQUIRY_ANSWER_RECORDED = register(
    "INQUIRY_ANSWER_RECORDED",
    "登记应询回答",
    ["order", "answered_by", "answered_on"],
    lambda d: f"问题{d['order']}由{d['answered_by']}于 {d['answered_on']} 回答",
)
INQUIRY_QUESTION_REMOVED = register(
    "INQUIRY_QUESTION_REMOVED",
    "删除询问问题",
    ["order", "question"],
    lambda d: f"删除询问问题{d['order']}：{d['question']}",
)
INTERPELLATION_LODGED = register(
    "INTERPELLATION_LODGED",
    "提出质询案",
    ["filers", "names", "min_filers", "lodged_on"],
    lambda d: (
        f"{d['lodged_on']} 由{d['filers']}名常委会组成人员联名书面提出质询案"
        f"（{'、'.join(d['names'])}）"
    ),
)
INTERPELLATION_ANSWER_DECIDED = register(
    "INTERPELLATION_ANSWER_DECIDED",
    "主任会议决定答复",
    ["units", "mode", "decided_on"],
    lambda d: (
        f"主任会议于 {d['decided_on']} 决定由{'、'.join(d['units'])}"
        f"{AnswerMode(d['mode']).label}"
    ),
)
INTERPELLATION_ANSWERED = register(
    "INTERPELLATION_ANSWERED",
    "质询答复",
    ["round", "answer", "answered_by", "answered_on"],
    lambda d: (
        f"第{d['round']}次答复（{d['answered_on']}"
        + (f"，{d['answered_by']}" if d["answered_by"] else "")
        + "）"
    ),
)
INTERPELLATION_SATISFACTION = register(
    "INTERPELLATION_SATISFACTION",
    "提质询案人意见",
    ["round", "satisfied", "not_satisfied", "second_answer_required"],
    lambda d: (
        f"对第{d['round']}次答复：满意{d['satisfied']}人，不满意{d['not_satisfied']}人"
        + ("，过半数不满意，须再作答复" if d["second_answer_required"] else "")
    ),
)
INTERPELLATION_SECOND_ANSWER_REQUIRED = register(
    "INTERPELLATION_SECOND_ANSWER_REQUIRED",
    "须再作答复",
    ["not_satisfied", "filers"],
    lambda d: (
        f"提质询案的{d['filers']}人中{d['not_satisfied']}人不满意，受质询机关须再作答复"
    ),
)
INVESTIGATION_PROPOSED = register(
    "INVESTIGATION_PROPOSED",
    "提议特定问题调查",
    ["proposer", "member_ids", "members", "min_proposers", "members_total"],
    lambda d: (
        "由"
        + (
            InvestigationProposer.CHAIRPERSONS.label
            if d["proposer"] == InvestigationProposer.CHAIRPERSONS
            else f"{d['members']}名常委会组成人员（共{d['members_total']}人）联名"
        )
        + "提议组织特定问题调查委员会"
    ),
)
INVESTIGATION_EXCLUSIONS_SET = register(
    "INVESTIGATION_EXCLUSIONS_SET",
    "登记回避人员",
    ["names"],
    lambda d: "回避的组成人员：" + ("、".join(d["names"]) or "无"),
)
RESOLUTION_RECORDED = register(
    "RESOLUTION_RECORDED",
    "登记表决结果",
    [
        "meeting_name",
        "adopted_on",
        "online_vote",
        "members_total",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "not_voting",
        "outcome",
    ],
    lambda d: (
        f"{d['meeting_name']}于 {d['adopted_on']} "
        + ("网络表决" if d["online_vote"] else "表决")
        + f"：组成人员{d['members_total']}人，赞成{d['votes_for']}、反对{d['votes_against']}、"
        f"弃权{d['votes_abstain']}、未表决{d['not_voting']}，"
        f"{ResolutionOutcome(d['outcome']).label}"
    ),
)
RESOLUTION_EXECUTION_REPORTED = register(
    "RESOLUTION_EXECUTION_REPORTED",
    "报告执行情况",
    ["reported_on"],
    lambda d: f"决议决定执行情况于 {d['reported_on']} 报告",
)


def kind_event(item, kind: str, *, actor, data: dict, at=None) -> ItemEvent:
    """Record one kind-specific step on the item's timeline (and the audit row)."""
    return record(ItemEvent, kind=kind, actor=actor, at=at, data=data, item=item)
