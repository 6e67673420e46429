"""Reads of the kind-specific steps: ``kind_panel(user, item)`` says what an
item's kind shows (laws, methods, report; questions; filers and answers;
proposers and exclusions; the resolution's figures) and the actions this user
may take now. Pages, the template tag and the API use it alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from renda.congresses.models import CommitteeMember
from renda.core.errors import NotFound
from renda.core.state import allowed

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
from ..models import SupervisionItem
from ..permissions import can_manage_item, item_visibility_q, sees_drafts

# The verbs of each kind, with the words their buttons show.
ACTIONS = {
    "set_laws": "登记检查的法律法规",
    "set_methods": "登记检查方式",
    "save_report": "填写执法检查报告",
    "add_question": "增加询问问题",
    "record_answer": "登记回答",
    "remove_question": "删除问题",
    "lodge": "登记质询案",
    "decide_answer": "登记主任会议决定",
    "record_interpellation_answer": "登记答复",
    "record_satisfaction": "登记提质询案人意见",
    "propose": "登记调查提议",
    "set_exclusions": "登记回避人员",
    "record_resolution": "登记表决结果",
    "record_execution_report": "登记执行情况报告",
}

KIND_ACTIONS = {
    SupervisionKind.LAW_INSPECTION: ["set_laws", "set_methods", "save_report"],
    SupervisionKind.INQUIRY: ["add_question", "record_answer", "remove_question"],
    SupervisionKind.INTERPELLATION: [
        "lodge",
        "decide_answer",
        "record_interpellation_answer",
        "record_satisfaction",
    ],
    SupervisionKind.SPECIAL_INVESTIGATION: ["propose", "set_exclusions"],
    SupervisionKind.RESOLUTION: ["record_resolution", "record_execution_report"],
}


def current_members(congress):
    """The members of the congress's current standing committee."""
    term = congress.terms.order_by("-number").values_list("pk", flat=True).first()
    return CommitteeMember.objects.filter(standing_committee__term_id=term)


def get_kind_item_for_user(user, pk) -> SupervisionItem:
    """The item, if this user may see it; else 404 (saying nothing of it)."""
    item = (
        SupervisionItem.objects.filter(item_visibility_q(user))
        .filter(pk=pk)
        .select_related("congress", "congress__region")
        .distinct()
        .first()
    )
    if item is None:
        raise NotFound("该事项不存在或您无权查看。", code="supervision.not_found")
    return item


# Interpellation's state, read from its timeline -----------------------------------------


@dataclass
class InterpellationState:
    lodged: bool
    decided: bool
    answers: dict  # round -> payload of the latest answer
    satisfaction: dict  # round -> payload of its satisfaction
    second_answer_required: bool
    current_round: int


def interpellation_state(item, *, lodged: bool | None = None) -> InterpellationState:
    answers, satisfaction = {}, {}
    for event in item.events.filter(
        kind__in=[
            kind_events.INTERPELLATION_ANSWERED,
            kind_events.INTERPELLATION_SATISFACTION,
        ]
    ).order_by("at", "id"):
        target = (
            answers
            if event.kind == kind_events.INTERPELLATION_ANSWERED
            else satisfaction
        )
        target[int(event.data.get("round", 1))] = event.data
    second = bool(satisfaction.get(1, {}).get("second_answer_required"))
    if lodged is None:
        lodged = item.filers.exists()
    return InterpellationState(
        lodged=lodged,
        decided=item.answer_decided_on is not None,
        answers=answers,
        satisfaction=satisfaction,
        second_answer_required=second,
        current_round=2 if second else 1,
    )


# The panel -------------------------------------------------------------------------


@dataclass
class LawRow:
    id: int
    name: str
    law_kind: str
    law_kind_label: str


@dataclass
class MethodRow:
    value: str
    label: str


@dataclass
class ReportView:
    implementation: str
    problems: str
    recommendations: str
    amendments: str


@dataclass
class QuestionRow:
    id: int
    order: int
    question: str
    asked_by: str
    asked_by_member_id: int | None
    asked_by_deputy_id: int | None
    answering_unit_id: int | None
    answering_unit: str
    answered_by: str
    answer: str
    answered_on: dt.date | None


@dataclass
class FilerRow:
    member_id: int
    name: str
    satisfied: bool | None


@dataclass
class AnswerRow:
    round: int
    answer: str
    answered_by: str
    answered_on: str


@dataclass
class InterpellationView:
    filers: list
    filers_count: int
    min_filers: int
    lodged: bool
    decided: bool
    answer_mode: str
    answer_mode_label: str
    answer_decided_on: dt.date | None
    answering_units: list
    answers: list
    current_round: int
    satisfied: int
    not_satisfied: int
    second_answer_required: bool
    answer_decision_id: int | None = None
    answer_meeting_id: int | None = None


@dataclass
class MemberRow:
    id: int
    name: str


@dataclass
class InvestigationView:
    proposer: str
    proposer_label: str
    proposers: int
    min_proposers: int
    members_total: int
    excluded: list
    decision_meeting_id: int | None = None


@dataclass
class ResolutionView:
    text: str
    meeting_name: str
    adopted_on: dt.date
    online_vote: bool
    members_total: int
    votes_for: int
    votes_against: int
    votes_abstain: int
    not_voting: int
    outcome: str
    outcome_label: str
    execution_report_due: dt.date | None
    execution_reported_on: dt.date | None


@dataclass
class KindPanel:
    item_id: int
    kind: str
    kind_label: str
    laws: list = field(default_factory=list)
    methods: list = field(default_factory=list)
    report: ReportView | None = None
    questions: list = field(default_factory=list)
    interpellation: InterpellationView | None = None
    investigation: InvestigationView | None = None
    resolution: ResolutionView | None = None
    actions: list = field(default_factory=list)

    @property
    def has_steps(self) -> bool:
        return self.kind in KIND_ACTIONS


def _inspection(panel: KindPanel, item) -> None:
    panel.laws = [
        LawRow(law.pk, law.name, law.law_kind, str(LawKind(law.law_kind).label))
        for law in item.laws.all()
    ]
    panel.methods = [
        MethodRow(m, str(InspectionMethod(m).label))
        for m in item.methods or []
        if m in InspectionMethod.values
    ]
    report = getattr(item, "inspection_report", None)
    if report is not None:
        panel.report = ReportView(
            report.implementation,
            report.problems,
            report.recommendations,
            report.amendments,
        )


def _asker(question, drafts: bool) -> str:
    if question.asked_by_member_id:
        return f"常委会组成人员 {question.asked_by_member.deputy.name}"
    if question.asked_by_deputy_id:
        return f"人大代表 {question.asked_by_deputy.name}"
    return ""


def _inquiry(panel: KindPanel, item, drafts: bool) -> None:
    questions = item.questions.select_related(
        "asked_by_member__deputy", "asked_by_deputy", "answering_unit"
    ).order_by("order", "id")
    panel.questions = [
        QuestionRow(
            id=q.pk,
            order=q.order,
            question=q.question,
            asked_by=_asker(q, drafts),
            asked_by_member_id=q.asked_by_member_id,
            asked_by_deputy_id=q.asked_by_deputy_id,
            answering_unit_id=q.answering_unit_id,
            answering_unit=q.answering_unit.name if q.answering_unit else "",
            answered_by=q.answered_by,
            answer=q.answer,
            answered_on=q.answered_on,
        )
        for q in questions
    ]


def _interpellation(item) -> tuple[InterpellationView, InterpellationState]:
    filers = list(item.filers.select_related("member__deputy").order_by("id"))
    state = interpellation_state(item, lodged=bool(filers))
    rows = [FilerRow(f.member_id, f.member.deputy.name, f.satisfied) for f in filers]
    mode = item.answer_mode
    view = InterpellationView(
        filers=rows,
        filers_count=len(rows),
        min_filers=rules.interpellation_min_filers(item.congress),
        lodged=state.lodged,
        decided=state.decided,
        answer_mode=mode,
        answer_mode_label=str(AnswerMode(mode).label) if mode else "",
        answer_decided_on=item.answer_decided_on,
        answer_decision_id=item.answer_decision_id,
        answer_meeting_id=item.answer_decision.meeting_id
        if item.answer_decision_id
        else None,
        answering_units=[u.name for u in item.target_units.all()]
        if state.decided
        else [],
        answers=[
            AnswerRow(r, d["answer"], d.get("answered_by", ""), d["answered_on"])
            for r, d in sorted(state.answers.items())
        ],
        current_round=state.current_round,
        satisfied=sum(1 for r in rows if r.satisfied is True),
        not_satisfied=sum(1 for r in rows if r.satisfied is False),
        second_answer_required=state.second_answer_required,
    )
    return view, state


def _investigation(item) -> InvestigationView:
    members_total = current_members(item.congress).count()
    proposed = (
        item.events.filter(kind=kind_events.INVESTIGATION_PROPOSED)
        .order_by("-at", "-id")
        .first()
    )
    proposer = item.investigation_proposer
    return InvestigationView(
        proposer=proposer,
        proposer_label=str(InvestigationProposer(proposer).label) if proposer else "",
        decision_meeting_id=item.investigation_decision.meeting_id
        if item.investigation_decision_id
        else None,
        proposers=int(proposed.data.get("members", 0)) if proposed else 0,
        min_proposers=rules.special_investigation_min_proposers(
            item.congress, members_total
        ),
        members_total=members_total,
        excluded=[
            MemberRow(m.pk, m.deputy.name)
            for m in item.excluded_members.select_related("deputy").order_by(
                "rank", "id"
            )
        ],
    )


def _resolution(item) -> ResolutionView | None:
    record = getattr(item, "resolution", None)
    if record is None:
        return None
    return ResolutionView(
        text=record.text,
        meeting_name=record.meeting_name,
        adopted_on=record.adopted_on,
        online_vote=record.online_vote,
        members_total=record.members_total,
        votes_for=record.votes_for,
        votes_against=record.votes_against,
        votes_abstain=record.votes_abstain,
        not_voting=record.not_voting,
        outcome=record.outcome,
        outcome_label=str(ResolutionOutcome(record.outcome).label),
        execution_report_due=record.execution_report_due,
        execution_reported_on=record.execution_reported_on,
    )


def kind_panel(user, item) -> KindPanel:
    """What the item's kind shows, and the actions this user may take now."""
    panel = KindPanel(item.pk, item.kind, str(SupervisionKind(item.kind).label))
    drafts = sees_drafts(user, item)
    may = can_manage_item(user, item) and allowed(item, "edit")
    actions: list[str] = []
    kind = item.kind
    if kind == SupervisionKind.LAW_INSPECTION:
        _inspection(panel, item)
        actions = KIND_ACTIONS[kind] if may else []
    elif kind == SupervisionKind.INQUIRY:
        _inquiry(panel, item, drafts)
        if may:
            actions = ["add_question"]
            if panel.questions:
                actions += ["record_answer", "remove_question"]
    elif kind == SupervisionKind.INTERPELLATION:
        panel.interpellation, state = _interpellation(item)
        if may:
            if not state.lodged:
                actions.append("lodge")
            else:
                actions.append("decide_answer")
                current = state.current_round
                if state.decided and state.satisfaction.get(current) is None:
                    actions.append("record_interpellation_answer")
                if current in state.answers and state.satisfaction.get(current) is None:
                    actions.append("record_satisfaction")
    elif kind == SupervisionKind.SPECIAL_INVESTIGATION:
        panel.investigation = _investigation(item)
        if may:
            if not item.investigation_proposer:
                actions.append("propose")
            actions.append("set_exclusions")
    elif kind == SupervisionKind.RESOLUTION:
        panel.resolution = _resolution(item)
        if may:
            if panel.resolution is None:
                actions.append("record_resolution")
            elif (
                panel.resolution.outcome == ResolutionOutcome.ADOPTED
                and panel.resolution.execution_reported_on is None
            ):
                actions.append("record_execution_report")
    panel.actions = list(actions)
    return panel
