"""The demo's live supervision work of the load year (relative to ``today``): a work
report whose clock runs toward a meeting next month, a research item planned, a report
heard with one opinion due soon and one overdue, and next year's topic call open."""

from __future__ import annotations

import datetime as dt

from renda.supervision.choices import OpinionStatus, SupervisionKind, WorkReportStep
from renda.supervision.services import followup as followup_services
from renda.supervision.services import items as item_services
from renda.supervision.services import plan as plan_services


def load_year(b) -> None:
    """A few live items, so that boards and the clock show current work."""
    year = b.today.year
    staff = b.staff
    economy = b.themes["经济高质量发展"]
    society = b.themes["社会关切"]
    government = b.unit("市政府")
    health = b.unit("市卫健委")
    meeting = b.today + dt.timedelta(days=24)
    report = item_services.item_create(
        congress=b.congress,
        year=year,
        kind=SupervisionKind.WORK_REPORT,
        title=f"市政府关于{year}年优化营商环境工作情况的报告",
        theme_ids=[economy.pk],
        target_unit_ids=[government.pk],
        planned_month=meeting.month,
        meeting_date=meeting,
        meeting_name="市人大常委会会议",
        actor=staff,
    )
    item_services.item_start(item=report, actor=staff)
    item_services.milestone_record(
        item=report,
        step=WorkReportStep.OPINIONS_SENT,
        done_on=b.today - dt.timedelta(days=7),
        actor=staff,
        today=b.today,
    )
    item_services.item_create(
        congress=b.congress,
        year=year,
        kind=SupervisionKind.RESEARCH,
        title="农村养老服务体系建设情况专题调研",
        theme_ids=[society.pk],
        target_unit_ids=[b.unit("市民政局").pk],
        planned_month=min(12, b.today.month + 1),
        actor=staff,
    )
    heard = item_services.item_create(
        congress=b.congress,
        year=year,
        kind=SupervisionKind.WORK_REPORT,
        title="市政府关于公立医院改革工作情况的报告",
        theme_ids=[society.pk],
        target_unit_ids=[government.pk, health.pk],
        actor=staff,
    )
    heard_on = b.today - dt.timedelta(days=140)
    item_services.item_complete(
        item=heard, done_on=heard_on, meeting_name="市人大常委会会议", actor=staff
    )
    b._publish(heard)
    due_soon = followup_services.opinion_create(
        item=heard,
        unit_id=health.pk,
        text="加快公立医院综合改革，完善分级诊疗，提升基层医疗服务能力。",
        compiled_on=heard_on + dt.timedelta(days=4),
        actor=staff,
    )
    followup_services.point_add(
        opinion=due_soon,
        text="年底前完成医联体建设全覆盖",
        unit_id=health.pk,
        due_on=b.today + dt.timedelta(days=20),
        actor=staff,
    )
    # Sent 80 days ago: the handling report falls due in about ten days.
    b._opinion_to(due_soon, OpinionStatus.SENT, b.today - dt.timedelta(days=82))
    overdue = followup_services.opinion_create(
        item=heard,
        unit_id=government.pk,
        text="统筹推进公立医院高质量发展，落实政府投入责任。",
        compiled_on=heard_on + dt.timedelta(days=4),
        actor=staff,
    )
    followup_services.opinion_approve(
        opinion=overdue,
        chairpersons_meeting=b.chairpersons_meeting(b.today - dt.timedelta(days=125)),
        actor=staff,
    )
    followup_services.opinion_send(
        opinion=overdue, sent_on=b.today - dt.timedelta(days=120), actor=staff
    )
    b.opinions += 2
    plan_services.topic_call_open(
        congress=b.congress,
        year=year + 1,
        title=f"{year + 1}年度监督议题征集",
        description="欢迎人大代表、人民群众和有关国家机关提出明年的监督议题。",
        opens_on=b.today - dt.timedelta(days=10),
        closes_on=b.today + dt.timedelta(days=30),
        actor=staff,
    )
