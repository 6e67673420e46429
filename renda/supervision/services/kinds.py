"""Writes of the kind-specific steps of supervision items.

Law inspections (laws inspected, methods, the report of art. 36), inquiries
(questions and answers), interpellation (lodged by enough members, the answer
decided, answered, the filers' satisfaction and a second answer), special
investigation (proposed, conflicted members excluded) and resolutions (the vote
figures, adopted by a majority of ALL members, the execution report).

Each service locks the item, checks permission (403), the item's kind (400
naming the field), that the item may still be edited (409), the input (400
naming the field), writes, records one timeline event and schedules notices.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from renda.congresses.models import CommitteeMember
from renda.core.errors import Conflict
from renda.core.state import transition
from renda.deputies.models import Deputy
from renda.meetings.choices import DecisionKind
from renda.units.models import HandlingUnit

from .. import rules
from ..choices import (
    AnswerMode,
    InspectionMethod,
    InvestigationProposer,
    LawKind,
    ResolutionOutcome,
    SupervisionKind,
)
from ..events import kinds as kind_events
from ..models import (
    InquiryQuestion,
    InspectedLaw,
    InspectionReport,
    InterpellationFiler,
    Participant,
    ResolutionRecord,
    SupervisionItem,
)
from ..notices import base as notices
from ..notices import kinds as kind_notices
from ..permissions import can_manage_item
from ..selectors.kinds import current_members, interpellation_state
from .common import (
    NAME_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    clean_count,
    clean_date,
    clean_text,
    denied,
    invalid,
    lock,
    not_found,
)
from .decisions import decide
from .items import item_complete

MAX_LAWS = 100
MAX_QUESTIONS = 200


def _prepare(item, actor, kind: str, field: str) -> SupervisionItem:
    """Lock the item; 403 unless its staff; 400 for another kind; 409 once closed."""
    item = lock(SupervisionItem, item.pk)
    if not can_manage_item(actor, item):
        raise denied()
    if item.kind != kind:
        raise invalid(
            f"该监督事项的监督方式为“{SupervisionKind(item.kind).label}”，"
            f"只有{SupervisionKind(kind).label}可以登记此项。",
            field,
        )
    transition(item, "edit")
    return item


def _today(today) -> dt.date:
    return today or timezone.localdate()


def _id_list(values, *, field: str, label: str) -> list[int]:
    if values is None:
        values = []
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise invalid(f"{label}应为编号列表。", field)
    values = list(values)
    if any(isinstance(v, bool) or not isinstance(v, int) for v in values):
        raise invalid(f"{label}应为编号列表。", field)
    return list(dict.fromkeys(values))


def _members_of(item, ids, *, field: str, label: str) -> list[CommitteeMember]:
    """The current standing committee's members named by ``ids`` (all must be)."""
    ids = _id_list(ids, field=field, label=label)
    found = {
        m.pk: m
        for m in current_members(item.congress)
        .filter(pk__in=ids)
        .select_related("deputy")
    }
    if len(found) != len(ids):
        raise invalid(f"{label}中有人不是本届常委会组成人员。", field)
    return [found[pk] for pk in ids]


def _unit_ids(item) -> list[int]:
    return list(item.target_units.values_list("pk", flat=True))


# Law inspections (执法检查) ----------------------------------------------------------


@transaction.atomic
def inspection_laws_set(*, item, laws, actor) -> SupervisionItem:
    """Set the laws and regulations an inspection covers: [{"name", "law_kind"}]."""
    item = _prepare(item, actor, SupervisionKind.LAW_INSPECTION, "laws")
    if not isinstance(laws, (list, tuple)) or not laws:
        raise invalid("请至少填写一部检查的法律法规。", "laws")
    if len(laws) > MAX_LAWS:
        raise invalid(f"检查的法律法规不能超过{MAX_LAWS}部。", "laws")
    rows, names = [], set()
    for law in laws:
        name = clean_text(
            (law or {}).get("name"),
            field="laws",
            label="法律法规名称",
            max_length=TITLE_MAX_LENGTH,
        )
        law_kind = (law or {}).get("law_kind")
        if law_kind not in LawKind.values:
            raise invalid(
                f"请选择“{name}”的类别（法律、行政法规、地方性法规）。", "laws"
            )
        if name in names:
            raise invalid(f"“{name}”重复填写。", "laws")
        names.add(name)
        rows.append(InspectedLaw(item=item, name=name, law_kind=law_kind))
    InspectedLaw.objects.filter(item=item).delete()
    InspectedLaw.objects.bulk_create(rows)
    kind_events.kind_event(
        item,
        kind_events.INSPECTION_LAWS_SET,
        actor=actor,
        data={"names": [row.name for row in rows]},
    )
    return item


@transaction.atomic
def inspection_methods_set(*, item, methods, actor) -> SupervisionItem:
    """Set how the inspection team worked (InspectionMethod values)."""
    item = _prepare(item, actor, SupervisionKind.LAW_INSPECTION, "methods")
    if not isinstance(methods, (list, tuple)):
        raise invalid("检查方式应为列表。", "methods")
    if any(m not in InspectionMethod.values for m in methods):
        raise invalid("检查方式无效。", "methods")
    item.methods = [m for m in InspectionMethod.values if m in set(methods)]
    item.save(update_fields=["methods", "updated_at"])
    kind_events.kind_event(
        item,
        kind_events.INSPECTION_METHODS_SET,
        actor=actor,
        data={"methods": [str(InspectionMethod(m).label) for m in item.methods]},
    )
    return item


@transaction.atomic
def inspection_report_save(
    *, item, implementation, problems, recommendations, amendments="", actor
) -> InspectionReport:
    """Save the inspection report's four parts (art. 36); the first three required."""
    item = _prepare(item, actor, SupervisionKind.LAW_INSPECTION, "implementation")
    values = {
        "implementation": clean_text(
            implementation, field="implementation", label="法律法规实施的基本情况"
        ),
        "problems": clean_text(problems, field="problems", label="存在的问题"),
        "recommendations": clean_text(
            recommendations, field="recommendations", label="改进执法工作的建议"
        ),
        "amendments": clean_text(
            amendments,
            field="amendments",
            label="修改完善法律法规的建议",
            required=False,
        ),
    }
    report, _ = InspectionReport.objects.update_or_create(item=item, defaults=values)
    kind_events.kind_event(
        item,
        kind_events.INSPECTION_REPORT_SAVED,
        actor=actor,
        data={"has_amendments": bool(values["amendments"])},
    )
    return report


# Inquiries (专题询问) ----------------------------------------------------------------


@transaction.atomic
def inquiry_question_add(
    *,
    item,
    question,
    actor,
    order=None,
    asked_by_member_id=None,
    asked_by_deputy_id=None,
    answering_unit_id=None,
) -> InquiryQuestion:
    """Put a question on the inquiry's list: who asks (a member of the congress's
    standing committee or a deputy of any level), which unit answers."""
    item = _prepare(item, actor, SupervisionKind.INQUIRY, "question")
    text = clean_text(question, field="question", label="问题")
    existing = list(
        InquiryQuestion.objects.filter(item=item).values_list("order", flat=True)
    )
    if len(existing) >= MAX_QUESTIONS:
        raise invalid(f"询问问题不能超过{MAX_QUESTIONS}个。", "question")
    if order in (None, ""):
        order = max(existing, default=0) + 1
    order = clean_count(order, field="order", label="序号", maximum=MAX_QUESTIONS)
    if order < 1:
        raise invalid("序号应从 1 开始。", "order")
    if order in existing:
        raise invalid(f"序号{order}已有问题。", "order")
    if asked_by_member_id and asked_by_deputy_id:
        raise invalid("提问人只能选组成人员或代表之一。", "asked_by_deputy")
    member = deputy = unit = None
    if asked_by_member_id:
        member = _members_of(
            item, [asked_by_member_id], field="asked_by_member", label="提问的组成人员"
        )[0]
    if asked_by_deputy_id:
        deputy = Deputy.objects.filter(
            pk=_id_list(
                [asked_by_deputy_id], field="asked_by_deputy", label="提问的代表"
            )[0]
        ).first()
        if deputy is None:
            raise invalid("提问的代表不存在。", "asked_by_deputy")
    if answering_unit_id:
        unit = HandlingUnit.objects.filter(
            pk=_id_list([answering_unit_id], field="answering_unit", label="应询单位")[
                0
            ]
        ).first()
        if unit is None:
            raise invalid("应询单位不存在。", "answering_unit")
    row = InquiryQuestion.objects.create(
        item=item,
        order=order,
        question=text,
        asked_by_member=member,
        asked_by_deputy=deputy,
        answering_unit=unit,
    )
    kind_events.kind_event(
        item,
        kind_events.INQUIRY_QUESTION_ADDED,
        actor=actor,
        data={"order": order, "question": text[:200]},
    )
    if unit is not None:
        notices.schedule(
            kind_notices.inquiry_question_added, item.pk, unit.pk, order, actor=actor
        )
    return row


def _question(item, question_id) -> InquiryQuestion:
    if isinstance(question_id, bool) or not isinstance(question_id, int):
        raise invalid("问题编号无效。", "question")
    row = (
        InquiryQuestion.objects.select_for_update()
        .filter(item=item, pk=question_id)
        .first()
    )
    if row is None:
        raise not_found("该询问问题")
    return row


@transaction.atomic
def inquiry_answer_record(
    *, item, question_id, answered_by, answer, answered_on, actor
) -> InquiryQuestion:
    """Record the answer to a question: the official (name, title), text, date."""
    item = _prepare(item, actor, SupervisionKind.INQUIRY, "answer")
    row = _question(item, question_id)
    row.answered_by = clean_text(
        answered_by, field="answered_by", label="应询人", max_length=NAME_MAX_LENGTH
    )
    row.answer = clean_text(answer, field="answer", label="回答")
    row.answered_on = clean_date(answered_on, field="answered_on", label="回答日期")
    row.save(update_fields=["answered_by", "answer", "answered_on", "updated_at"])
    kind_events.kind_event(
        item,
        kind_events.INQUIRY_ANSWER_RECORDED,
        actor=actor,
        data={
            "order": row.order,
            "answered_by": row.answered_by,
            "answered_on": row.answered_on.isoformat(),
        },
    )
    return row


@transaction.atomic
def inquiry_question_remove(*, item, question_id, actor) -> SupervisionItem:
    """Take a question off the list (a wrong entry)."""
    item = _prepare(item, actor, SupervisionKind.INQUIRY, "question")
    row = _question(item, question_id)
    data = {"order": row.order, "question": row.question[:200]}
    row.delete()
    kind_events.kind_event(
        item, kind_events.INQUIRY_QUESTION_REMOVED, actor=actor, data=data
    )
    return item


# Interpellation (质询) -----------------------------------------------------------------


@transaction.atomic
def interpellation_lodge(
    *, item, filer_member_ids, actor, text="", lodged_on=None, today=None
) -> SupervisionItem:
    """Record an interpellation filed in writing by enough members of the committee.

    At least ``rules.interpellation_min_filers(congress)`` members of the
    congress's current standing committee sign it (5 at city level, 3 at county
    level, 10 nationally).
    """
    item = _prepare(item, actor, SupervisionKind.INTERPELLATION, "filer_member_ids")
    if InterpellationFiler.objects.filter(item=item).exists():
        raise Conflict("该质询案已经提出。", code="supervision.already_lodged")
    members = _members_of(
        item, filer_member_ids, field="filer_member_ids", label="联名提出人"
    )
    needed = rules.interpellation_min_filers(item.congress)
    if len(members) < needed:
        raise invalid(
            f"质询案须由常委会组成人员{needed}人以上联名书面提出，现为{len(members)}人。",
            "filer_member_ids",
        )
    content = clean_text(text, field="text", label="质询案内容", required=False)
    lodged_on = clean_date(
        lodged_on if lodged_on is not None else _today(today),
        field="lodged_on",
        label="提出日期",
    )
    InterpellationFiler.objects.bulk_create(
        [InterpellationFiler(item=item, member=m) for m in members]
    )
    if content:
        item.summary = content
        item.save(update_fields=["summary", "updated_at"])
    kind_events.kind_event(
        item,
        kind_events.INTERPELLATION_LODGED,
        actor=actor,
        data={
            "filers": len(members),
            "names": [m.deputy.name for m in members],
            "min_filers": needed,
            "lodged_on": lodged_on.isoformat(),
        },
    )
    return item


@transaction.atomic
def interpellation_answer_decide(
    *, item, unit_ids, mode, chairpersons_meeting, actor, today=None
) -> SupervisionItem:
    """The chairpersons' meeting decides who answers, orally or in writing: a
    decision of that meeting (meetings' record), dated by it."""
    item = _prepare(item, actor, SupervisionKind.INTERPELLATION, "unit_ids")
    if not InterpellationFiler.objects.filter(item=item).exists():
        raise Conflict("质询案尚未提出，不能决定答复。", code="supervision.not_lodged")
    ids = _id_list(unit_ids, field="unit_ids", label="受质询机关")
    if not ids:
        raise invalid("请选择受质询机关。", "unit_ids")
    units = list(HandlingUnit.objects.filter(pk__in=ids))
    if len(units) != len(ids):
        raise invalid("受质询机关中有不存在的单位。", "unit_ids")
    if mode not in AnswerMode.values:
        raise invalid("请选择答复方式（口头答复或书面答复）。", "mode")
    decided = decide(
        meeting=chairpersons_meeting,
        congress=item.congress,
        kind=DecisionKind.INQUIRY_ANSWER,
        title=f"决定由{'、'.join(u.name for u in units)}对质询案“{item.title}”"
        f"{AnswerMode(mode).label}",
        subject=item,
        actor=actor,
        today=today,
    )
    decided_on = decided.decided_on
    item.answer_mode = mode
    item.answer_decided_on = decided_on
    item.answer_decision = decided.decision
    item.save(
        update_fields=[
            "answer_mode",
            "answer_decided_on",
            "answer_decision",
            "updated_at",
        ]
    )
    item.target_units.set(units)
    kind_events.kind_event(
        item,
        kind_events.INTERPELLATION_ANSWER_DECIDED,
        actor=actor,
        data={
            "units": [u.name for u in units],
            "mode": mode,
            "decided_on": decided_on.isoformat(),
        },
    )
    notices.schedule(
        kind_notices.interpellation_answer_decided,
        item.pk,
        [u.pk for u in units],
        AnswerMode(mode).label,
        actor=actor,
    )
    return item


@transaction.atomic
def interpellation_answer_record(
    *, item, answer, answered_on, actor, round=1, answered_by=""
) -> SupervisionItem:
    """Record the body's answer (round 1, or round 2 when a second one is required)."""
    item = _prepare(item, actor, SupervisionKind.INTERPELLATION, "answer")
    state = interpellation_state(item)
    if not state.decided:
        raise Conflict(
            "主任会议尚未决定答复，不能登记答复。", code="supervision.not_decided"
        )
    if round not in (1, 2) or isinstance(round, bool):
        raise invalid("答复轮次应为 1 或 2。", "round")
    if round == 2 and not state.second_answer_required:
        raise invalid("没有过半数提质询案人不满意，不需要再作答复。", "round")
    if round in state.answers and state.satisfaction.get(round) is not None:
        raise Conflict(
            f"第{round}次答复已登记提质询案人意见，不能修改。",
            code="supervision.answer_closed",
        )
    if round == 1 and state.second_answer_required:
        raise invalid("第一次答复已结束，请登记第二次答复。", "round")
    answer = clean_text(answer, field="answer", label="答复内容")
    answered_on = clean_date(answered_on, field="answered_on", label="答复日期")
    answered_by = clean_text(
        answered_by,
        field="answered_by",
        label="答复人",
        max_length=NAME_MAX_LENGTH,
        required=False,
    )
    if round == 2:
        InterpellationFiler.objects.filter(item=item).update(satisfied=None)
    kind_events.kind_event(
        item,
        kind_events.INTERPELLATION_ANSWERED,
        actor=actor,
        data={
            "round": round,
            "answer": answer,
            "answered_by": answered_by,
            "answered_on": answered_on.isoformat(),
        },
    )
    return item


@transaction.atomic
def interpellation_satisfaction_record(*, item, satisfaction, actor) -> SupervisionItem:
    """Record each filer satisfied or not with the current answer.

    ``satisfaction`` maps a filer's CommitteeMember id to True/False, one entry
    per filer. When more than half are not satisfied
    (``rules.interpellation_needs_second_answer``) after the first answer, a
    second answer is required: an event says so and the units' staff are told.
    """
    item = _prepare(item, actor, SupervisionKind.INTERPELLATION, "satisfaction")
    state = interpellation_state(item)
    current = state.current_round
    if current not in state.answers:
        raise Conflict(
            "尚未登记答复，不能登记提质询案人意见。", code="supervision.not_answered"
        )
    if state.satisfaction.get(current) is not None:
        raise Conflict(
            f"第{current}次答复的提质询案人意见已登记。",
            code="supervision.satisfaction_recorded",
        )
    if not isinstance(satisfaction, dict):
        raise invalid("请逐一登记提质询案人是否满意。", "satisfaction")
    filers = {f.member_id: f for f in InterpellationFiler.objects.filter(item=item)}
    if set(satisfaction) != set(filers) or any(
        not isinstance(v, bool) for v in satisfaction.values()
    ):
        raise invalid("请对每一位提质询案人登记满意或不满意。", "satisfaction")
    for member_id, filer in filers.items():
        filer.satisfied = satisfaction[member_id]
    InterpellationFiler.objects.bulk_update(
        filers.values(), ["satisfied", "updated_at"]
    )
    not_satisfied = sum(1 for v in satisfaction.values() if not v)
    second = current == 1 and rules.interpellation_needs_second_answer(
        not_satisfied, len(filers)
    )
    kind_events.kind_event(
        item,
        kind_events.INTERPELLATION_SATISFACTION,
        actor=actor,
        data={
            "round": current,
            "satisfied": len(filers) - not_satisfied,
            "not_satisfied": not_satisfied,
            "second_answer_required": second,
        },
    )
    if second:
        kind_events.kind_event(
            item,
            kind_events.INTERPELLATION_SECOND_ANSWER_REQUIRED,
            actor=actor,
            data={"not_satisfied": not_satisfied, "filers": len(filers)},
        )
        notices.schedule(
            kind_notices.interpellation_second_answer_required,
            item.pk,
            _unit_ids(item),
            actor=actor,
        )
    return item


# Special investigation (特定问题调查) --------------------------------------------------


@transaction.atomic
def investigation_propose(
    *, item, proposer, actor, proposer_member_ids=(), chairpersons_meeting=None
) -> SupervisionItem:
    """Record who proposed the investigation: the chairpersons' meeting (a
    decision of that held meeting, linked), or at least
    ``rules.special_investigation_min_proposers`` members (one fifth)."""
    item = _prepare(item, actor, SupervisionKind.SPECIAL_INVESTIGATION, "proposer")
    if item.investigation_proposer:
        raise Conflict("该特定问题调查已经提议。", code="supervision.already_proposed")
    if proposer not in InvestigationProposer.values:
        raise invalid("请选择提议方式（主任会议或常委会组成人员联名）。", "proposer")
    members_total = current_members(item.congress).count()
    needed = rules.special_investigation_min_proposers(item.congress, members_total)
    members = []
    if proposer == InvestigationProposer.MEMBERS:
        members = _members_of(
            item,
            proposer_member_ids,
            field="proposer_member_ids",
            label="联名提议人",
        )
        if len(members) < needed or not members:
            raise invalid(
                f"须由常委会组成人员五分之一以上（{members_total}人中至少{needed}人）"
                f"联名提议，现为{len(members)}人。",
                "proposer_member_ids",
            )
    elif proposer_member_ids:
        raise invalid("主任会议提议时不填写联名提议人。", "proposer_member_ids")
    decision = None
    if proposer == InvestigationProposer.CHAIRPERSONS:
        decision = decide(
            meeting=chairpersons_meeting,
            congress=item.congress,
            kind=DecisionKind.INVESTIGATION,
            title=f"提议组织关于“{item.title}”的特定问题调查委员会",
            subject=item,
            actor=actor,
        ).decision
    elif chairpersons_meeting is not None:
        raise invalid("联名提议时不选择主任会议。", "chairpersons_meeting")
    item.investigation_proposer = proposer
    item.investigation_decision = decision
    item.save(
        update_fields=["investigation_proposer", "investigation_decision", "updated_at"]
    )
    kind_events.kind_event(
        item,
        kind_events.INVESTIGATION_PROPOSED,
        actor=actor,
        data={
            "proposer": proposer,
            "member_ids": [m.pk for m in members],
            "members": len(members),
            "min_proposers": needed,
            "members_total": members_total,
        },
    )
    return item


@transaction.atomic
def investigation_exclusions_set(*, item, member_ids, actor) -> SupervisionItem:
    """Exclude the members with a conflict of interest; they may not take part."""
    item = _prepare(item, actor, SupervisionKind.SPECIAL_INVESTIGATION, "member_ids")
    members = _members_of(item, member_ids, field="member_ids", label="回避的组成人员")
    taking_part = list(
        Participant.objects.filter(item=item, member__in=members)
        .select_related("member__deputy")
        .order_by("id")
    )
    if taking_part:
        names = "、".join(p.member.deputy.name for p in taking_part)
        raise invalid(
            f"{names}是本事项的参加人员，须先移出参加人员才能登记回避。", "member_ids"
        )
    item.excluded_members.set(members)
    kind_events.kind_event(
        item,
        kind_events.INVESTIGATION_EXCLUSIONS_SET,
        actor=actor,
        data={"names": [m.deputy.name for m in members]},
    )
    return item


# Resolutions and decisions (决议决定) -------------------------------------------------


@transaction.atomic
def resolution_record(
    *,
    item,
    text,
    meeting_name,
    adopted_on,
    actor,
    votes_for,
    votes_against,
    votes_abstain,
    not_voting,
    online_vote=False,
    members_total=None,
    execution_report_due=None,
) -> ResolutionRecord:
    """Record a resolution's text, meeting and vote figures (staff, until votes are
    held in the app). Adopted only by more than half of ALL members; an adopted
    resolution completes the item on its day."""
    item = _prepare(item, actor, SupervisionKind.RESOLUTION, "text")
    if ResolutionRecord.objects.filter(item=item).exists():
        raise Conflict(
            "该决议决定的表决结果已登记。", code="supervision.already_recorded"
        )
    text = clean_text(text, field="text", label="决议决定文本")
    meeting_name = clean_text(
        meeting_name, field="meeting_name", label="通过会议", max_length=100
    )
    adopted_on = clean_date(adopted_on, field="adopted_on", label="表决日期")
    if members_total in (None, ""):
        members_total = current_members(item.congress).count()
    members_total = clean_count(
        members_total, field="members_total", label="常委会组成人员总数", maximum=500
    )
    if members_total < 1:
        raise invalid("常委会组成人员总数应大于 0。", "members_total")
    figures = {
        name: clean_count(value, field=name, label=label, maximum=500)
        for name, label, value in [
            ("votes_for", "赞成票数", votes_for),
            ("votes_against", "反对票数", votes_against),
            ("votes_abstain", "弃权票数", votes_abstain),
            ("not_voting", "未表决人数", not_voting),
        ]
    }
    total = sum(figures.values())
    if total > members_total:
        raise invalid(
            f"赞成、反对、弃权、未表决合计{total}人，超过常委会组成人员总数{members_total}人。",
            "members_total",
        )
    adopted = rules.majority_of_all(members_total, figures["votes_for"])
    outcome = ResolutionOutcome.ADOPTED if adopted else ResolutionOutcome.REJECTED
    due = clean_date(
        execution_report_due,
        field="execution_report_due",
        label="执行情况报告期限",
        required=False,
    )
    if due is not None and due < adopted_on:
        raise invalid("执行情况报告期限不能早于表决日期。", "execution_report_due")
    if adopted and due is None:
        due = rules.resolution_report_due(item.congress, adopted_on).due
    if not adopted:
        due = None
    record = ResolutionRecord.objects.create(
        item=item,
        text=text,
        meeting_name=meeting_name,
        adopted_on=adopted_on,
        online_vote=bool(online_vote),
        members_total=members_total,
        outcome=outcome,
        execution_report_due=due,
        **figures,
    )
    kind_events.kind_event(
        item,
        kind_events.RESOLUTION_RECORDED,
        actor=actor,
        data={
            "meeting_name": meeting_name,
            "adopted_on": adopted_on.isoformat(),
            "online_vote": bool(online_vote),
            "members_total": members_total,
            **figures,
            "outcome": outcome,
        },
    )
    if adopted:
        item_complete(
            item=item, done_on=adopted_on, actor=actor, meeting_name=meeting_name
        )
        notices.schedule(
            kind_notices.resolution_adopted,
            item.pk,
            _unit_ids(item),
            due.isoformat() if due else "",
            actor=actor,
        )
    return record


@transaction.atomic
def resolution_execution_reported(*, item, reported_on, actor) -> ResolutionRecord:
    """Record the day the report on the resolution's execution was made."""
    item = _prepare(item, actor, SupervisionKind.RESOLUTION, "reported_on")
    record = ResolutionRecord.objects.select_for_update().filter(item=item).first()
    if record is None or record.outcome != ResolutionOutcome.ADOPTED:
        raise Conflict(
            "决议决定尚未通过，不能登记执行情况报告。", code="supervision.not_adopted"
        )
    if record.execution_reported_on is not None:
        raise Conflict("执行情况报告已登记。", code="supervision.already_reported")
    reported_on = clean_date(reported_on, field="reported_on", label="执行情况报告日期")
    if reported_on < record.adopted_on:
        raise invalid("执行情况报告日期不能早于表决日期。", "reported_on")
    record.execution_reported_on = reported_on
    record.save(update_fields=["execution_reported_on", "updated_at"])
    kind_events.kind_event(
        item,
        kind_events.RESOLUTION_EXECUTION_REPORTED,
        actor=actor,
        data={"reported_on": reported_on.isoformat()},
    )
    return record
