"""Notices of the followup area: one function per event kind, sent after the commit."""

from __future__ import annotations

from django.urls import reverse

from renda.notifications.choices import NotificationKind

from ..models import RectificationPoint, ReviewOpinion
from .base import congress_staff, send, unit_staff


def _opinion(pk):
    return ReviewOpinion.objects.select_related("item", "unit").filter(pk=pk).first()


def _url(opinion) -> str:
    return reverse("supervision:opinion_detail", args=[opinion.pk])


def opinion_sent_notice(opinion_id, *, actor_id=None):
    """The body's staff: review opinions to study and report on by the due date."""
    opinion = _opinion(opinion_id)
    if opinion is None:
        return []
    return send(
        unit_staff(opinion.unit_id, except_user_id=actor_id),
        title=f"审议意见交办：{opinion.item.title}",
        body=f"请于 {opinion.report_due:%Y-%m-%d} 前报送研究处理情况报告"
        f"（第{opinion.round}轮）。",
        url=_url(opinion),
        target=opinion,
        dedupe_key=f"supervision:opinion:{opinion.pk}:sent:{opinion.round}:{opinion.report_due}",
    )


def handling_report_filed_notice(opinion_id, round_, *, actor_id=None):
    """The congress's staff: the body filed its handling report."""
    opinion = _opinion(opinion_id)
    if opinion is None:
        return []
    return send(
        congress_staff(opinion.item.congress_id, except_user_id=actor_id),
        title=f"{opinion.unit.name}报送研究处理情况报告",
        body=f"{opinion.item.title}：第{round_}轮研究处理情况报告已报送。",
        url=_url(opinion),
        target=opinion,
        dedupe_key=f"supervision:opinion:{opinion.pk}:filed:{round_}",
    )


def unsatisfied_action_notice(
    opinion_id, item_id, unit_id, action, test_id, *, actor_id=None
):
    """不满意: the unit (report again) or the staff (interpellation, inspection)."""
    from ..models import SatisfactionTest

    test = (
        SatisfactionTest.objects.select_related("item", "unit")
        .filter(pk=test_id)
        .first()
    )
    if test is None:
        return []
    opinion = _opinion(opinion_id) if opinion_id else None
    url = (
        _url(opinion)
        if opinion
        else reverse("supervision:followup_item_board", args=[item_id])
    )
    if action == "REPORT_AGAIN" and opinion is not None:
        return send(
            unit_staff(unit_id, except_user_id=actor_id),
            title=f"满意度测评不满意，请重新报告：{test.item.title}",
            body=f"请于 {opinion.report_due:%Y-%m-%d} 前报送第{opinion.round}轮研究处理情况报告。",
            url=url,
            target=opinion,
            dedupe_key=f"supervision:test:{test.pk}:report_again",
        )
    return send(
        congress_staff(test.item.congress_id, except_user_id=actor_id),
        title=f"满意度测评不满意：{test.unit.name}",
        body=f"{test.item.title}：测评结果为不满意，按规定{test.get_action_display()}。",
        url=url,
        target=test,
        dedupe_key=f"supervision:test:{test.pk}:{action}",
    )


def handling_overdue_notice(opinion) -> list:
    """Daily: the handling report is past its due date (once per deadline)."""
    users = list(unit_staff(opinion.unit_id)) + list(
        congress_staff(opinion.item.congress_id)
    )
    return send(
        users,
        title=f"研究处理情况报告已逾期：{opinion.item.title}",
        body=f"{opinion.unit.name}应于 {opinion.report_due:%Y-%m-%d} 前报送，尚未报送。",
        url=_url(opinion),
        target=opinion,
        kind=NotificationKind.SUPERVISION_DUE,
        dedupe_key=f"supervision:opinion:{opinion.pk}:overdue:{opinion.report_due}",
    )


def point_overdue_notice(point: RectificationPoint) -> list:
    """Daily: a rectification point is past its due date (once per deadline)."""
    opinion = point.opinion
    users = list(unit_staff(point.unit_id)) + list(
        congress_staff(opinion.item.congress_id)
    )
    return send(
        users,
        title=f"整改事项已逾期：{opinion.item.title}",
        body=f"整改事项{point.order}（{point.unit.name}）应于 {point.due_on:%Y-%m-%d} 前完成。",
        url=_url(opinion),
        target=point,
        kind=NotificationKind.SUPERVISION_DUE,
        dedupe_key=f"supervision:point:{point.pk}:overdue:{point.due_on}",
    )
