"""Timeline events of the followup area (kinds registered in events.base).

Opinions, points, handling reports and tests are steps of their item's
timeline (``ItemEvent``); each payload names the opinion (or test) it is about.
"""

from __future__ import annotations

from ..choices import ReviewMode, TestResult, UnsatisfiedAction
from ..models import ItemEvent
from .base import record, register

OPINION_COMPILED = register(
    "OPINION_COMPILED",
    "整理审议意见",
    ["opinion", "unit", "compiled_on", "late"],
    lambda d: (
        f"整理交{d['unit']}的审议意见（{d['compiled_on']}）"
        + ("，晚于整理期限" if d["late"] else "")
    ),
)
OPINION_EDITED = register(
    "OPINION_EDITED",
    "修改审议意见",
    ["opinion", "unit"],
    lambda d: f"修改交{d['unit']}的审议意见",
)
OPINION_APPROVED = register(
    "OPINION_APPROVED",
    "主任会议通过审议意见",
    ["opinion", "unit", "approved_on", "meeting"],
    lambda d: f"{d['meeting']}于 {d['approved_on']} 通过交{d['unit']}的审议意见",
)
OPINION_SENT = register(
    "OPINION_SENT",
    "交办审议意见",
    ["opinion", "unit", "sent_on", "report_due", "provisional"],
    lambda d: (
        f"审议意见于 {d['sent_on']} 交{d['unit']}，研究处理情况报告限 "
        f"{d['report_due']} 前报送" + ("（期限暂定）" if d["provisional"] else "")
    ),
)
OPINION_EXTENDED = register(
    "OPINION_EXTENDED",
    "延期报告",
    ["opinion", "unit", "months", "reason", "approved_on", "report_due", "round"],
    lambda d: (
        f"主任会议于 {d['approved_on']} 同意{d['unit']}延期{d['months']}个月报告"
        f"（{d['reason']}），新期限 {d['report_due']}"
    ),
)
POINT_ADDED = register(
    "POINT_ADDED",
    "列出整改事项",
    ["opinion", "point", "order", "unit", "due_on"],
    lambda d: f"整改事项{d['order']}交{d['unit']}，限 {d['due_on']} 前完成",
)
POINT_PROGRESS = register(
    "POINT_PROGRESS",
    "报告整改进展",
    ["opinion", "point", "order", "reported_on"],
    lambda d: f"整改事项{d['order']}报告进展（{d['reported_on']}）",
)
POINT_FINISHED = register(
    "POINT_FINISHED",
    "整改完成",
    ["opinion", "point", "order", "done_on"],
    lambda d: f"确认整改事项{d['order']}于 {d['done_on']} 完成",
)
POINT_REOPENED = register(
    "POINT_REOPENED",
    "重新打开整改事项",
    ["opinion", "point", "order"],
    lambda d: f"整改事项{d['order']}重新打开",
)
HANDLING_FILED = register(
    "HANDLING_FILED",
    "报送研究处理情况报告",
    ["opinion", "unit", "round", "filed_on", "late"],
    lambda d: (
        f"{d['unit']}于 {d['filed_on']} 报送第{d['round']}轮研究处理情况报告"
        + ("（逾期）" if d["late"] else "")
    ),
)
HANDLING_COMMENTED = register(
    "HANDLING_COMMENTED",
    "专门委员会提出意见",
    ["opinion", "round", "commented_on"],
    lambda d: f"专门委员会于 {d['commented_on']} 对第{d['round']}轮报告提出意见",
)
HANDLING_REVIEWED = register(
    "HANDLING_REVIEWED",
    "审议研究处理情况报告",
    ["opinion", "round", "mode", "reviewed_on"],
    lambda d: (
        f"常委会于 {d['reviewed_on']} {ReviewMode(d['mode']).label}"
        f"第{d['round']}轮研究处理情况报告"
    ),
)
TEST_RECORDED = register(
    "TEST_RECORDED",
    "满意度测评",
    ["test", "opinion", "unit", "held_on", "result", "satisfied", "base", "action"],
    lambda d: (
        f"对{d['unit']}满意度测评（{d['held_on']}）：{TestResult(d['result']).label}"
        f"（满意 {d['satisfied']}，计算基数 {d['base']}）"
        + (f"，{UnsatisfiedAction(d['action']).label}" if d["action"] else "")
    ),
)
OPINION_REPORT_AGAIN = register(
    "OPINION_REPORT_AGAIN",
    "要求重新报告",
    ["opinion", "unit", "round", "report_due"],
    lambda d: f"要求{d['unit']}于 {d['report_due']} 前第{d['round']}轮报告",
)
OPINION_CONCLUDED = register(
    "OPINION_CONCLUDED",
    "审议意见办结",
    ["opinion", "unit", "concluded_on"],
    lambda d: f"交{d['unit']}的审议意见于 {d['concluded_on']} 办结",
)
FOLLOW_UP_ITEM_OPENED = register(
    "FOLLOW_UP_ITEM_OPENED",
    "开展跟踪监督",
    ["follow_up", "year", "title"],
    lambda d: f"{d['year']}年跟踪监督：{d['title']}",
)


def followup_event(kind: str, *, item, actor, data: dict, at=None) -> ItemEvent:
    """Write one followup step on the item's timeline (the payload as registered)."""
    return record(ItemEvent, kind=kind, actor=actor, at=at, data=data, item=item)


def opinion_data(opinion, **extra) -> dict:
    return {"opinion": opinion.pk, "unit": opinion.unit.name, **extra}
