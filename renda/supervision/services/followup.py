"""Writes of review opinions followed to the end (跟踪问效); their satisfaction
tests are in ``satisfaction``.

Each service locks its row, checks permission first (``PermissionDenied``),
then the input (``ApplicationError`` naming the field), moves the state through
the model's StateTable, records one timeline event on the item (which writes
the audit row) and schedules its notices after the commit. Deadlines come from
``rules.py`` on the legal calendar.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from renda.core.errors import Conflict
from renda.core.state import transition
from renda.meetings.choices import DecisionKind
from renda.units.models import HandlingUnit

from .. import rules
from ..choices import (
    OPINION_STATES,
    ItemStatus,
    OpinionStatus,
    ReviewMode,
)
from ..events import followup as ev
from ..models import (
    HandlingReport,
    ItemEvent,
    ProgressReport,
    RectificationPoint,
    ReviewOpinion,
    SupervisionItem,
)
from ..notices import followup as notices
from ..notices.base import schedule
from ..permissions import (
    can_file_handling_report,
    can_report_point_progress,
    manages_congress,
)
from .common import (
    NAME_MAX_LENGTH,
    REASON_MAX_LENGTH,
    checked_file,
    clean_date,
    clean_text,
    denied,
    invalid,
    lock,
)
from .decisions import check_meeting, decide
from .items import item_create

OPINION_ITEM_STATES = (ItemStatus.DONE, ItemStatus.FOLLOWING_UP)


def _today(today):
    return today or timezone.localdate()


def lock_opinion(opinion) -> ReviewOpinion:
    locked = lock(ReviewOpinion, getattr(opinion, "pk", opinion))
    return ReviewOpinion.objects.select_related("item__congress__region", "unit").get(
        pk=locked.pk
    )


def require_staff(actor, item) -> None:
    if not manages_congress(actor, item.congress_id):
        raise denied()


def unit_of(unit_id, field: str = "unit") -> HandlingUnit:
    if isinstance(unit_id, HandlingUnit):
        return unit_id
    if isinstance(unit_id, bool) or not isinstance(unit_id, int):
        raise invalid("请选择单位。", field)
    unit = HandlingUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise invalid("该单位不存在。", field)
    return unit


def compile_due(opinion_or_item):
    """The day opinions of this item should be compiled by (None before it was heard)."""
    item = getattr(opinion_or_item, "item", opinion_or_item)
    if item.done_on is None:
        return None
    return rules.opinions_compile_due(item.congress, item.done_on)


def compiled_late(opinion) -> bool:
    due = compile_due(opinion)
    return due is not None and opinion.compiled_on > due.due


# Opinions --------------------------------------------------------------------------------


@transaction.atomic
def opinion_create(*, item, unit_id, text: str, compiled_on, actor) -> ReviewOpinion:
    """Compile review opinions of a heard item for one body (one per body)."""
    item = lock(SupervisionItem, item.pk)
    require_staff(actor, item)
    if item.status not in OPINION_ITEM_STATES:
        raise Conflict(
            "监督事项完成（审议）后才能整理审议意见。",
            code="supervision.opinion_item_not_done",
        )
    unit = unit_of(unit_id)
    if ReviewOpinion.objects.filter(item=item, unit=unit).exists():
        raise invalid(f"已有交{unit.name}的审议意见。", "unit")
    opinion = ReviewOpinion.objects.create(
        item=item,
        unit=unit,
        text=clean_text(text, field="text", label="审议意见"),
        compiled_on=clean_date(compiled_on, field="compiled_on", label="整理完成日期"),
        status=OpinionStatus.DRAFT,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    ev.followup_event(
        ev.OPINION_COMPILED,
        item=item,
        actor=actor,
        data=ev.opinion_data(
            opinion,
            compiled_on=opinion.compiled_on.isoformat(),
            late=compiled_late(opinion),
        ),
    )
    return opinion


@transaction.atomic
def opinion_update(*, opinion, actor, text=None, compiled_on=None) -> ReviewOpinion:
    """Edit a draft opinion's text or compilation date."""
    opinion = lock_opinion(opinion)
    require_staff(actor, opinion.item)
    transition(opinion, "edit")
    fields = ["updated_at"]
    if text is not None:
        opinion.text = clean_text(text, field="text", label="审议意见")
        fields.append("text")
    if compiled_on is not None:
        opinion.compiled_on = clean_date(
            compiled_on, field="compiled_on", label="整理完成日期"
        )
        fields.append("compiled_on")
    opinion.save(update_fields=fields)
    ev.followup_event(
        ev.OPINION_EDITED, item=opinion.item, actor=actor, data=ev.opinion_data(opinion)
    )
    return opinion


@transaction.atomic
def opinion_approve(
    *, opinion, chairpersons_meeting, actor, today=None
) -> ReviewOpinion:
    """Record that a chairpersons' meeting adopted the opinions: a decision of that
    meeting (meetings' record) linked from the opinion, dated by it."""
    opinion = lock_opinion(opinion)
    require_staff(actor, opinion.item)
    congress = opinion.item.congress
    meeting = check_meeting(chairpersons_meeting, congress=congress, today=today)
    if meeting.date < opinion.compiled_on:
        raise invalid(
            "主任会议日期不能早于审议意见整理完成日期。", "chairpersons_meeting"
        )
    changed = transition(opinion, "approve")
    decided = decide(
        meeting=meeting,
        congress=congress,
        kind=DecisionKind.REVIEW_OPINIONS,
        title=f"通过对{opinion.unit.name}“{opinion.item.title}”的审议意见",
        subject=opinion,
        actor=actor,
        today=today,
    )
    opinion.chairpersons_decision = decided.decision
    opinion.approved_on = decided.decided_on
    opinion.chair_meeting = decided.meeting_name[:NAME_MAX_LENGTH]
    opinion.save(
        update_fields=[
            *changed,
            "chairpersons_decision",
            "approved_on",
            "chair_meeting",
            "updated_at",
        ]
    )
    ev.followup_event(
        ev.OPINION_APPROVED,
        item=opinion.item,
        actor=actor,
        data=ev.opinion_data(
            opinion,
            approved_on=opinion.approved_on.isoformat(),
            meeting=opinion.chair_meeting,
        ),
    )
    return opinion


@transaction.atomic
def opinion_send(*, opinion, sent_on, actor) -> ReviewOpinion:
    """Send the approved opinions to the body; its handling report falls due."""
    opinion = lock_opinion(opinion)
    require_staff(actor, opinion.item)
    sent_on = clean_date(sent_on, field="sent_on", label="交办日期")
    if opinion.approved_on and sent_on < opinion.approved_on:
        raise invalid("交办日期不能早于主任会议通过日期。", "sent_on")
    changed = transition(opinion, "send")
    due = rules.handling_report_due(opinion.item.congress, sent_on)
    opinion.sent_on = sent_on
    opinion.report_due = due.due
    opinion.report_due_provisional = due.provisional
    opinion.save(
        update_fields=[
            *changed,
            "sent_on",
            "report_due",
            "report_due_provisional",
            "updated_at",
        ]
    )
    item = lock(SupervisionItem, opinion.item_id)
    if item.status == ItemStatus.DONE:
        item_changed = transition(item, "follow_up")
        item.save(update_fields=[*item_changed, "updated_at"])
    ev.followup_event(
        ev.OPINION_SENT,
        item=item,
        actor=actor,
        data=ev.opinion_data(
            opinion,
            sent_on=sent_on.isoformat(),
            report_due=due.due.isoformat(),
            provisional=due.provisional,
        ),
    )
    schedule(notices.opinion_sent_notice, opinion.pk, actor=actor)
    return opinion


def extensions_used(opinion) -> int:
    """Extensions granted in the opinion's current round (from its timeline)."""
    return ItemEvent.objects.filter(
        item_id=opinion.item_id,
        kind=ev.OPINION_EXTENDED,
        data__opinion=opinion.pk,
        data__round=opinion.round,
    ).count()


@transaction.atomic
def opinion_extend(
    *, opinion, months: int, reason: str, chairpersons_meeting, actor, today=None
) -> ReviewOpinion:
    """Extend the report's deadline once, on a request the chairpersons' meeting
    approved: a decision of that meeting (meetings' record), dated by it."""
    opinion = lock_opinion(opinion)
    require_staff(actor, opinion.item)
    transition(opinion, "extend")
    congress = opinion.item.congress
    allowed = int(rules.rule(congress, "handling_extensions_allowed"))
    if extensions_used(opinion) >= allowed:
        raise Conflict(
            f"研究处理情况报告只能延期{allowed}次，已经延期过。",
            code="supervision.extension_used",
        )
    maximum = int(rules.rule(congress, "handling_extension_max_months"))
    if (
        isinstance(months, bool)
        or not isinstance(months, int)
        or not 1 <= months <= maximum
    ):
        raise invalid(f"延期月数应在 1 到 {maximum} 之间。", "months")
    reason = clean_text(
        reason, field="reason", label="延期理由", max_length=REASON_MAX_LENGTH
    )
    meeting = check_meeting(chairpersons_meeting, congress=congress, today=today)
    decided = decide(
        meeting=meeting,
        congress=congress,
        kind=DecisionKind.EXTENSION,
        title=f"同意{opinion.unit.name}延期{months}个月报告研究处理情况",
        text=reason,
        subject=opinion,
        actor=actor,
        today=today,
    )
    approved_on = decided.decided_on
    due = rules.handling_extension_due(congress, opinion.report_due, months)
    opinion.report_due = due.due
    opinion.report_due_provisional = due.provisional
    opinion.extended = True
    opinion.extension_reason = reason
    opinion.extension_approved_on = approved_on
    opinion.extension_decision = decided.decision
    opinion.save(
        update_fields=[
            "report_due",
            "report_due_provisional",
            "extended",
            "extension_reason",
            "extension_approved_on",
            "extension_decision",
            "updated_at",
        ]
    )
    ev.followup_event(
        ev.OPINION_EXTENDED,
        item=opinion.item,
        actor=actor,
        data=ev.opinion_data(
            opinion,
            months=months,
            reason=reason,
            approved_on=approved_on.isoformat(),
            report_due=due.due.isoformat(),
            round=opinion.round,
        ),
    )
    schedule(notices.opinion_sent_notice, opinion.pk, actor=actor)
    return opinion


@transaction.atomic
def opinion_conclude(*, opinion, concluded_on, actor) -> ReviewOpinion:
    """Conclude the opinion once its handling report was heard or read."""
    opinion = lock_opinion(opinion)
    require_staff(actor, opinion.item)
    concluded_on = clean_date(concluded_on, field="concluded_on", label="办结日期")
    changed = transition(opinion, "conclude")
    opinion.concluded_on = concluded_on
    opinion.save(update_fields=[*changed, "concluded_on", "updated_at"])
    ev.followup_event(
        ev.OPINION_CONCLUDED,
        item=opinion.item,
        actor=actor,
        data=ev.opinion_data(opinion, concluded_on=concluded_on.isoformat()),
    )
    return opinion


# Rectification points ----------------------------------------------------------------------


def _lock_point(point) -> RectificationPoint:
    locked = lock(RectificationPoint, getattr(point, "pk", point))
    return RectificationPoint.objects.select_related(
        "opinion__item__congress", "opinion__unit", "unit"
    ).get(pk=locked.pk)


def _point_data(point, **extra) -> dict:
    return {
        "opinion": point.opinion_id,
        "point": point.pk,
        "order": point.order,
        **extra,
    }


@transaction.atomic
def point_add(*, opinion, text: str, unit_id, due_on, actor) -> RectificationPoint:
    """List a point to put right, its responsible unit and due date."""
    opinion = lock_opinion(opinion)
    require_staff(actor, opinion.item)
    if opinion.status == OpinionStatus.CONCLUDED:
        raise Conflict(
            "该审议意见已办结，不能再列整改事项。", code="supervision.opinion_concluded"
        )
    text = clean_text(text, field="text", label="整改事项")
    unit = unit_of(unit_id)
    due_on = clean_date(due_on, field="due_on", label="整改期限")
    order = max(opinion.points.values_list("order", flat=True), default=0) + 1
    point = RectificationPoint.objects.create(
        opinion=opinion, order=order, text=text, unit=unit, due_on=due_on
    )
    ev.followup_event(
        ev.POINT_ADDED,
        item=opinion.item,
        actor=actor,
        data=_point_data(point, unit=unit.name, due_on=due_on.isoformat()),
    )
    return point


@transaction.atomic
def point_progress_report(
    *, point, text: str, actor, reported_on=None, evidence=None, today=None
) -> ProgressReport:
    """The responsible unit (or staff) reports progress, with optional evidence."""
    point = _lock_point(point)
    if not can_report_point_progress(actor, point):
        raise denied()
    if point.opinion.sent_on is None:
        raise Conflict(
            "审议意见交办后才能报告整改进展。", code="supervision.opinion_not_sent"
        )
    transition(point, "report_progress")
    text = clean_text(text, field="text", label="进展情况")
    reported_on = clean_date(
        reported_on or _today(today), field="reported_on", label="报告日期"
    )
    upload, name = checked_file(evidence, "evidence")
    report = ProgressReport(
        point=point,
        text=text,
        reported_on=reported_on,
        evidence_name=name,
        reported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if upload is not None:
        report.evidence = upload
    report.save()
    ev.followup_event(
        ev.POINT_PROGRESS,
        item=point.opinion.item,
        actor=actor,
        data=_point_data(point, reported_on=reported_on.isoformat()),
    )
    return report


@transaction.atomic
def point_finish(*, point, actor, done_on=None, today=None) -> RectificationPoint:
    """Staff confirm a point put right."""
    point = _lock_point(point)
    require_staff(actor, point.opinion.item)
    done_on = clean_date(done_on or _today(today), field="done_on", label="完成日期")
    changed = transition(point, "finish")
    point.done_on = done_on
    point.save(update_fields=[*changed, "done_on", "updated_at"])
    ev.followup_event(
        ev.POINT_FINISHED,
        item=point.opinion.item,
        actor=actor,
        data=_point_data(point, done_on=done_on.isoformat()),
    )
    return point


@transaction.atomic
def point_reopen(*, point, actor) -> RectificationPoint:
    """Staff reopen a point found not put right after all."""
    point = _lock_point(point)
    require_staff(actor, point.opinion.item)
    changed = transition(point, "reopen")
    point.done_on = None
    point.save(update_fields=[*changed, "done_on", "updated_at"])
    ev.followup_event(
        ev.POINT_REOPENED, item=point.opinion.item, actor=actor, data=_point_data(point)
    )
    return point


# Handling reports --------------------------------------------------------------------------


@transaction.atomic
def handling_report_file(
    *, opinion, actor, text: str = "", file=None, filed_on=None, today=None
) -> HandlingReport:
    """The body files its 研究处理情况报告 (text and/or a file); late is flagged."""
    opinion = lock_opinion(opinion)
    if not can_file_handling_report(actor, opinion):
        raise denied("只有交办机关的工作人员可以报送研究处理情况报告。")
    changed = transition(opinion, "file_report")
    text = clean_text(text, field="text", label="研究处理情况", required=False)
    upload, name = checked_file(file, "file")
    if not text and upload is None:
        raise invalid("请填写研究处理情况或上传报告文件。", "text")
    filed_on = clean_date(filed_on or _today(today), field="filed_on", label="报送日期")
    if filed_on < opinion.sent_on:
        raise invalid("报送日期不能早于交办日期。", "filed_on")
    report = HandlingReport(
        opinion=opinion,
        round=opinion.round,
        text=text,
        file_name=name,
        filed_on=filed_on,
        filed_by=actor if getattr(actor, "is_authenticated", False) else None,
        late=filed_on > opinion.report_due,
    )
    if upload is not None:
        report.file = upload
    report.save()
    opinion.save(update_fields=[*changed, "updated_at"])
    ev.followup_event(
        ev.HANDLING_FILED,
        item=opinion.item,
        actor=actor,
        data=ev.opinion_data(
            opinion, round=report.round, filed_on=filed_on.isoformat(), late=report.late
        ),
    )
    schedule(
        notices.handling_report_filed_notice, opinion.pk, report.round, actor=actor
    )
    return report


def _lock_report(report) -> HandlingReport:
    locked = lock(HandlingReport, getattr(report, "pk", report))
    return HandlingReport.objects.select_related(
        "opinion__item__congress", "opinion__unit"
    ).get(pk=locked.pk)


def _current_report(report, verb: str):
    """Only the opinion's current round, while it is reported, takes comments/review."""
    if not OPINION_STATES.can(report.opinion.status, verb) or (
        report.round != report.opinion.round
    ):
        raise OPINION_STATES.error(report.opinion, verb)


@transaction.atomic
def handling_report_comment(
    *, report, comment: str, actor, commented_on=None, today=None
) -> HandlingReport:
    """Record the lead committee's comment on the handling report."""
    report = _lock_report(report)
    require_staff(actor, report.opinion.item)
    _current_report(report, "comment")
    report.committee_comment = clean_text(
        comment, field="comment", label="专门委员会意见"
    )
    report.commented_on = clean_date(
        commented_on or _today(today), field="commented_on", label="提出意见日期"
    )
    report.save(update_fields=["committee_comment", "commented_on", "updated_at"])
    ev.followup_event(
        ev.HANDLING_COMMENTED,
        item=report.opinion.item,
        actor=actor,
        data={
            "opinion": report.opinion_id,
            "round": report.round,
            "commented_on": report.commented_on.isoformat(),
        },
    )
    return report


@transaction.atomic
def handling_report_review(*, report, mode: str, reviewed_on, actor) -> HandlingReport:
    """Record the committee heard (HEARD) or read (READ) the handling report."""
    report = _lock_report(report)
    require_staff(actor, report.opinion.item)
    _current_report(report, "comment")
    if mode not in ReviewMode.values:
        raise invalid("请选择审议方式（听取审议或书面审阅）。", "mode")
    reviewed_on = clean_date(reviewed_on, field="reviewed_on", label="审议日期")
    if reviewed_on < report.filed_on:
        raise invalid("审议日期不能早于报送日期。", "reviewed_on")
    report.review_mode = mode
    report.reviewed_on = reviewed_on
    report.save(update_fields=["review_mode", "reviewed_on", "updated_at"])
    ev.followup_event(
        ev.HANDLING_REVIEWED,
        item=report.opinion.item,
        actor=actor,
        data={
            "opinion": report.opinion_id,
            "round": report.round,
            "mode": mode,
            "reviewed_on": reviewed_on.isoformat(),
        },
    )
    return report


# 跟踪监督: a linked item in a later year ------------------------------------------------------


@transaction.atomic
def follow_up_item_create(*, item, year: int, kind: str, title: str, actor):
    """Open an item of a later year that follows this one up (the chain both ways)."""
    item = lock(SupervisionItem, item.pk)
    require_staff(actor, item)
    if isinstance(year, bool) or not isinstance(year, int) or year <= item.year:
        raise invalid(f"跟踪监督应安排在{item.year}年以后的年度。", "year")
    follow = item_create(
        congress=item.congress,
        year=year,
        kind=kind,
        title=title,
        actor=actor,
        target_unit_ids=list(item.target_units.values_list("pk", flat=True)),
        lead_committee_id=item.lead_committee_id,
        follows=item,
    )
    ev.followup_event(
        ev.FOLLOW_UP_ITEM_OPENED,
        item=item,
        actor=actor,
        data={"follow_up": follow.pk, "year": follow.year, "title": follow.title},
    )
    return follow


# The daily check (called by the items area's daily job) -------------------------------------


def followup_daily_check(today=None) -> dict:
    """Tell the unit staff and congress staff of overdue handling reports and points.

    Once per object and deadline (the notices' dedupe_key), so a rerun sends
    nothing new; a deadline moved by an extension or a new round warns again.
    """
    today = _today(today)
    opinions = ReviewOpinion.objects.filter(
        status=OpinionStatus.SENT, report_due__lt=today
    ).select_related("item", "unit")
    points = RectificationPoint.objects.filter(
        status="OPEN", due_on__lt=today, opinion__sent_on__isnull=False
    ).select_related("opinion__item", "unit")
    sent = {"opinions": 0, "points": 0}
    for opinion in opinions:
        sent["opinions"] += len(notices.handling_overdue_notice(opinion))
    for point in points:
        sent["points"] += len(notices.point_overdue_notice(point))
    return sent
