"""Writes of 票决评议 (the committee rating handling units by ballot): create with
the units and their figures, start (one graded vote per unit), decide (grade
each unit by the rules copied at creation), publish (the units are told).

Grading (rules.py ``evaluation_*``, per congress, copied into
``VoteEvaluation.grading_rules`` when created so a later change of settings
never regrades it):

- 不合格 when the committee's vote is 不满意, or (if so set) any item of the
  unit was rated 不满意 by its deputy, or any item was answered (or is still
  unanswered) more than ``fail_answer_months`` months after assignment;
- 优秀 when the 满意 votes alone are more than ``excellent_share`` of all
  members (the vote's electorate);
- 合格 otherwise.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment
from renda.core.errors import Conflict
from renda.core.services import action_log_record
from renda.core.state import transition
from renda.notifications.choices import NotificationKind
from renda.notifications.services import notification_send
from renda.units.models import HandlingUnit

from .. import events, hooks, rules
from ..choices import (
    EvaluationGrade,
    MeetingStatus,
    VoteKind,
    VoteMode,
    VoteResult,
    VoteStatus,
)
from ..models import CommitteeMeeting, EvaluationEntry, VoteEvaluation
from ..permissions import manages_congress
from .common import clean_choice, clean_text, denied, invalid, now_or
from .votes import vote_create, vote_open

Kind = events.Kind

RULE_NAMES = {
    "fail_on_unsatisfied_item": "evaluation_fail_on_unsatisfied_item",
    "fail_answer_months": "evaluation_fail_answer_months",
    "excellent_share": "evaluation_excellent_share",
}


def grading_rules_of(congress) -> dict:
    """The congress's grading rules now, as stored with an evaluation."""
    return {key: rules.rule(name, congress) for key, name in RULE_NAMES.items()}


def _congress(meeting: CommitteeMeeting):
    return meeting.standing_committee.term.congress


def _check_manage(actor, meeting: CommitteeMeeting) -> None:
    if not manages_congress(actor, meeting.standing_committee.term.congress_id):
        raise denied("您无权办理该会议的票决评议。")


def lock_evaluation(evaluation: VoteEvaluation) -> VoteEvaluation:
    return (
        VoteEvaluation.objects.select_for_update()
        .select_related("meeting__standing_committee__term__congress")
        .get(pk=evaluation.pk)
    )


def _note(evaluation: VoteEvaluation, text: str, *, actor) -> None:
    events.record_event(
        Kind.EVALUATION,
        events.Note(text=text),
        meeting=evaluation.meeting,
        actor=actor,
    )


def _clean_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise invalid("请填写有效的评议年度。", "year")
    return year


def _clean_units(units) -> list[HandlingUnit]:
    ids = []
    for unit in units or []:
        pk = getattr(unit, "pk", unit)
        if pk not in ids:
            ids.append(pk)
    if not ids:
        raise invalid("请选择参加评议的承办单位。", "units")
    found = {u.pk: u for u in HandlingUnit.objects.filter(pk__in=ids, is_active=True)}
    if len(found) != len(ids):
        raise invalid("所选承办单位不存在或已停用。", "units")
    return [found[pk] for pk in ids]


def _figures(unit, evaluation: VoteEvaluation) -> dict:
    return hooks.unit_figures(
        handling_unit=unit, year=evaluation.year, congress=_congress(evaluation.meeting)
    )


@transaction.atomic
def evaluation_create(
    *,
    meeting: CommitteeMeeting,
    year: int,
    title: str,
    units,
    agenda_item=None,
    actor,
) -> VoteEvaluation:
    """Set up a 票决评议 of handling units at a meeting, each unit with its figures."""
    meeting = CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_manage(actor, meeting)
    if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        raise Conflict(
            "会议已闭会或取消，不能再安排票决评议。", code="meetings.meeting_over"
        )
    year = _clean_year(year)
    title = clean_text(title, field="title", label="标题", max_length=200)
    units = _clean_units(units)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise invalid("议程不属于该会议。", "agenda_item")
    evaluation = VoteEvaluation.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        year=year,
        grading_rules=grading_rules_of(_congress(meeting)),
    )
    EvaluationEntry.objects.bulk_create(
        [
            EvaluationEntry(
                evaluation=evaluation,
                handling_unit=unit,
                position=index,
                figures=_figures(unit, evaluation),
            )
            for index, unit in enumerate(units, start=1)
        ]
    )
    _note(evaluation, f"安排票决评议：{title}（{len(units)}个单位）", actor=actor)
    action_log_record(
        actor=actor,
        action="meetings.evaluation_create",
        target=evaluation,
        summary=f"安排票决评议：{title}",
    )
    return evaluation


@transaction.atomic
def evaluation_units_set(*, evaluation: VoteEvaluation, units, actor) -> VoteEvaluation:
    """Change the units of a 票决评议 not started yet (figures taken anew)."""
    evaluation = lock_evaluation(evaluation)
    _check_manage(actor, evaluation.meeting)
    transition(evaluation, "edit", action="修改")
    units = _clean_units(units)
    evaluation.entries.all().delete()
    EvaluationEntry.objects.bulk_create(
        [
            EvaluationEntry(
                evaluation=evaluation,
                handling_unit=unit,
                position=index,
                figures=_figures(unit, evaluation),
            )
            for index, unit in enumerate(units, start=1)
        ]
    )
    evaluation.save(update_fields=["updated_at"])
    return evaluation


@transaction.atomic
def evaluation_start(
    *,
    evaluation: VoteEvaluation,
    mode: str,
    closes_at: dt.datetime | None = None,
    actor,
    now: dt.datetime | None = None,
) -> VoteEvaluation:
    """Start the votes: one graded vote (满意/基本满意/不满意) per unit. Votes in
    the meeting or online open at once; a paper tally is entered per vote."""
    evaluation = lock_evaluation(evaluation)
    meeting = evaluation.meeting
    _check_manage(actor, meeting)
    mode = clean_choice(mode, VoteMode, field="mode", label="表决方式")
    transition(evaluation, "start", action="开始表决")
    entries = list(evaluation.entries.select_related("handling_unit"))
    if not entries:
        raise invalid("请先选择参加评议的承办单位。", "units")
    for entry in entries:
        # The figures shown beside the vote: those of the day it starts.
        entry.figures = _figures(entry.handling_unit, evaluation)
        vote = vote_create(
            meeting=meeting,
            kind=VoteKind.EVALUATION,
            mode=mode,
            title=f"{evaluation.title}：{entry.handling_unit.name}"[:200],
            motion=f"请对{entry.handling_unit.name}{evaluation.year}年度代表建议办理工作进行评议。",
            agenda_item=evaluation.agenda_item,
            closes_at=closes_at,
            actor=actor,
        )
        if mode != VoteMode.TALLY:
            vote_open(vote=vote, actor=actor, closes_at=closes_at, now=now)
        entry.vote = vote
        entry.save(update_fields=["figures", "vote", "updated_at"])
    evaluation.save(update_fields=["status", "updated_at"])
    _note(evaluation, f"票决评议开始表决：{evaluation.title}", actor=actor)
    return evaluation


def _months(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def grade_entry(entry: EvaluationEntry, grading_rules: dict) -> tuple[str, list[str]]:
    """Grade one unit from its closed vote and its figures; return (grade, reasons)."""
    vote = entry.vote
    figures = entry.figures or {}
    reasons: list[str] = []
    electorate = vote.electorate_size or 0
    if vote.result == VoteResult.UNSATISFIED:
        reasons.append(
            f"常委会表决结果为不满意（满意{vote.satisfied_count}票、基本满意"
            f"{vote.basically_satisfied_count}票、不满意{vote.unsatisfied_count}票，"
            f"全体组成人员{electorate}人）"
        )
    if grading_rules.get("fail_on_unsatisfied_item", True):
        unsatisfied = _months(figures.get("items_unsatisfied"))
        if unsatisfied:
            reasons.append(f"有{unsatisfied}件建议被代表评为不满意")
    months = _months(grading_rules.get("fail_answer_months"))
    if months:
        late = _months((figures.get("late_by_months") or {}).get(str(months)))
        if late:
            reasons.append(f"有{late}件建议在交办{months}个月后才答复或仍未答复")
    if reasons:
        return EvaluationGrade.FAIL, reasons
    share = Decimal(str(grading_rules.get("excellent_share", 0.8)))
    if electorate and Decimal(vote.satisfied_count) > share * electorate:
        return EvaluationGrade.EXCELLENT, [
            f"满意票{vote.satisfied_count}票，超过全体组成人员{electorate}人的"
            f"{(share * 100).normalize():f}%"
        ]
    return EvaluationGrade.PASS, [
        f"常委会表决结果为满意（满意{vote.satisfied_count}票、基本满意"
        f"{vote.basically_satisfied_count}票，全体组成人员{electorate}人），"
        "无不合格情形"
    ]


@transaction.atomic
def evaluation_decide(*, evaluation: VoteEvaluation, actor) -> VoteEvaluation:
    """Grade each unit once all its votes are closed."""
    evaluation = lock_evaluation(evaluation)
    _check_manage(actor, evaluation.meeting)
    transition(evaluation, "decide", action="评定结果")
    entries = list(evaluation.entries.select_related("vote", "handling_unit"))
    pending = [
        e for e in entries if e.vote is None or e.vote.status != VoteStatus.CLOSED
    ]
    if pending:
        raise Conflict(
            f"“{pending[0].handling_unit.name}”的表决尚未结束，不能评定结果。",
            code="meetings.evaluation_votes_open",
        )
    for entry in entries:
        entry.grade, entry.grade_reasons = grade_entry(entry, evaluation.grading_rules)
        entry.save(update_fields=["grade", "grade_reasons", "updated_at"])
    evaluation.save(update_fields=["status", "updated_at"])
    summary = "；".join(
        f"{e.handling_unit.name}{e.get_grade_display()}" for e in entries
    )
    _note(evaluation, f"票决评议评定结果：{summary}", actor=actor)
    action_log_record(
        actor=actor,
        action="meetings.evaluation_decide",
        target=evaluation,
        summary=f"评定票决评议结果：{evaluation.title}",
    )
    return evaluation


def _unit_user_ids(unit_ids) -> list[int]:
    return list(
        RoleAssignment.objects.filter(
            role=Role.UNIT_STAFF, handling_unit_id__in=unit_ids, user__is_active=True
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def _tell_units(evaluation_id: int) -> None:
    from renda.accounts.models import User

    evaluation = VoteEvaluation.objects.get(pk=evaluation_id)
    for entry in evaluation.entries.select_related("handling_unit"):
        recipients = list(
            User.objects.filter(pk__in=_unit_user_ids([entry.handling_unit_id]))
        )
        if not recipients:
            continue
        notification_send(
            recipients=recipients,
            kind=NotificationKind.EVALUATION_RESULT,
            title=f"【票决评议结果】{evaluation.title}"[:200],
            body=f"{entry.handling_unit.name}：{entry.get_grade_display()}。"
            + "；".join(entry.grade_reasons or []),
            url=reverse("meetings:unit_evaluations"),
            target=evaluation,
            dedupe_key=f"meetings:evaluation:{evaluation.pk}:{entry.handling_unit_id}",
        )


@transaction.atomic
def evaluation_publish(
    *, evaluation: VoteEvaluation, actor, now: dt.datetime | None = None
) -> VoteEvaluation:
    """Publish the results; each unit's staff are told once it is committed."""
    evaluation = lock_evaluation(evaluation)
    _check_manage(actor, evaluation.meeting)
    transition(evaluation, "publish", action="公布")
    evaluation.published_at = now_or(now)
    evaluation.save(update_fields=["status", "published_at", "updated_at"])
    _note(evaluation, f"公布票决评议结果：{evaluation.title}", actor=actor)
    action_log_record(
        actor=actor,
        action="meetings.evaluation_publish",
        target=evaluation,
        summary=f"公布票决评议结果：{evaluation.title}",
    )
    pk = evaluation.pk
    transaction.on_commit(lambda: _tell_units(pk))
    return evaluation


__all__ = [
    "evaluation_create",
    "evaluation_decide",
    "evaluation_publish",
    "evaluation_start",
    "evaluation_units_set",
    "grade_entry",
    "grading_rules_of",
]
