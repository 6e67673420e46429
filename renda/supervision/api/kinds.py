"""/api/v1/supervision/items: the kinds area's endpoints — the kind-specific
steps of an item (laws inspected, methods and the inspection report; inquiry
questions and answers; interpellation; special investigation; resolutions).

Every endpoint finds the item through ``permissions.item_visibility_q`` (404
outside the user's scope); writes go through ``services.kinds`` (403 for
anyone but the congress's staff, 400 naming the field, 409 in a wrong state)
and answer with the kind panel, as ``GET /{id}/kind-panel`` shows it.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Path, Router, Schema, Status

from renda.core.api import DETAIL_ERRORS, MAX_ID, ErrorOut, Id
from renda.core.dates import EventDate

from ..choices import AnswerMode, InspectionMethod, InvestigationProposer, LawKind
from ..selectors.kinds import get_kind_item_for_user, kind_panel
from ..services import kinds as services
from ..services.decisions import chairpersons_meeting_by_id

router = Router()

WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
ItemId = Path(..., ge=1, le=MAX_ID, description="监督事项编号")
QuestionId = Path(..., ge=1, le=MAX_ID, description="询问问题编号")


class SupervisionKindLawOut(Schema):
    id: int
    name: str
    law_kind: str
    law_kind_label: str


class SupervisionKindMethodOut(Schema):
    value: str
    label: str


class SupervisionKindReportOut(Schema):
    implementation: str
    problems: str
    recommendations: str
    amendments: str


class SupervisionKindQuestionOut(Schema):
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


class SupervisionKindFilerOut(Schema):
    member_id: int
    name: str
    satisfied: bool | None


class SupervisionKindAnswerOut(Schema):
    round: int
    answer: str
    answered_by: str
    answered_on: str


class SupervisionKindInterpellationOut(Schema):
    filers: list[SupervisionKindFilerOut]
    filers_count: int
    min_filers: int = Field(description="本级人大质询案所需联名人数（规则）")
    lodged: bool
    decided: bool
    answer_mode: str
    answer_mode_label: str
    answer_decided_on: dt.date | None
    answer_decision_id: int | None = Field(
        None, description="决定答复的主任会议决定编号（会议 API：/meetings/decisions）"
    )
    answering_units: list[str]
    answers: list[SupervisionKindAnswerOut]
    current_round: int
    satisfied: int
    not_satisfied: int
    second_answer_required: bool


class SupervisionKindMemberOut(Schema):
    id: int
    name: str


class SupervisionKindInvestigationOut(Schema):
    proposer: str
    proposer_label: str
    proposers: int
    min_proposers: int
    members_total: int
    excluded: list[SupervisionKindMemberOut]


class SupervisionKindResolutionOut(Schema):
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


class SupervisionKindPanelOut(Schema):
    item_id: int
    kind: str
    kind_label: str
    laws: list[SupervisionKindLawOut]
    methods: list[SupervisionKindMethodOut]
    report: SupervisionKindReportOut | None
    questions: list[SupervisionKindQuestionOut]
    interpellation: SupervisionKindInterpellationOut | None
    investigation: SupervisionKindInvestigationOut | None
    resolution: SupervisionKindResolutionOut | None
    actions: list[str] = Field(description="您现在可以做的操作")


class SupervisionKindLawIn(Schema):
    name: str = Field(max_length=200)
    law_kind: LawKind


class SupervisionKindLawsIn(Schema):
    laws: list[SupervisionKindLawIn] = Field(max_length=100)


class SupervisionKindMethodsIn(Schema):
    methods: list[InspectionMethod] = Field(max_length=10)


class SupervisionKindReportIn(Schema):
    implementation: str = Field(max_length=20000)
    problems: str = Field(max_length=20000)
    recommendations: str = Field(max_length=20000)
    amendments: str = Field("", max_length=20000)


class SupervisionKindQuestionIn(Schema):
    question: str = Field(max_length=20000)
    order: int | None = Field(None, ge=1, le=200)
    asked_by_member: int | None = Field(None, ge=1, le=MAX_ID)
    asked_by_deputy: int | None = Field(None, ge=1, le=MAX_ID)
    answering_unit: int | None = Field(None, ge=1, le=MAX_ID)


class SupervisionKindAnswerIn(Schema):
    answered_by: str = Field(max_length=100)
    answer: str = Field(max_length=20000)
    answered_on: EventDate


class SupervisionInterpellationLodgeIn(Schema):
    filers: list[Id] = Field(max_length=500, description="联名提出的常委会组成人员编号")
    text: str = Field("", max_length=20000)
    lodged_on: EventDate | None = None


class SupervisionInterpellationDecisionIn(Schema):
    units: list[Id] = Field(max_length=50, description="受质询机关（承办单位编号）")
    mode: AnswerMode
    chairpersons_meeting_id: Id = Field(
        ...,
        description="决定答复的主任会议编号（GET /meetings/decisions/chairpersons-meetings）",
    )


class SupervisionInterpellationAnswerIn(Schema):
    round: int = Field(1, ge=1, le=2)
    answer: str = Field(max_length=20000)
    answered_by: str = Field("", max_length=100)
    answered_on: EventDate


class SupervisionInterpellationOpinionIn(Schema):
    member: int = Field(ge=1, le=MAX_ID)
    satisfied: bool


class SupervisionInterpellationSatisfactionIn(Schema):
    opinions: list[SupervisionInterpellationOpinionIn] = Field(max_length=500)


class SupervisionInvestigationProposalIn(Schema):
    proposer: InvestigationProposer
    members: list[Id] = Field(default_factory=list, max_length=500)
    chairpersons_meeting_id: Id | None = Field(
        None,
        description="主任会议提议（CHAIRPERSONS）时必填：提议调查的主任会议编号",
    )


class SupervisionInvestigationExclusionsIn(Schema):
    members: list[Id] = Field(max_length=500)


class SupervisionResolutionIn(Schema):
    text: str = Field(max_length=20000)
    meeting_name: str = Field(max_length=100)
    adopted_on: EventDate
    online_vote: bool = False
    members_total: int | None = Field(
        None, ge=0, le=500, description="默认本届常委会组成人员数"
    )
    votes_for: int = Field(ge=0, le=500)
    votes_against: int = Field(ge=0, le=500)
    votes_abstain: int = Field(ge=0, le=500)
    not_voting: int = Field(ge=0, le=500)
    execution_report_due: EventDate | None = None


class SupervisionResolutionExecutionIn(Schema):
    reported_on: EventDate


def _panel(request, item_id):
    item = get_kind_item_for_user(request.auth, item_id)
    return kind_panel(request.auth, item)


def _item(request, item_id):
    return get_kind_item_for_user(request.auth, item_id)


@router.get(
    "/{item_id}/kind-panel",
    response={200: SupervisionKindPanelOut, **DETAIL_ERRORS},
    summary="监督方式专项内容",
    description="事项按其监督方式显示的内容（法律法规、询问问题、质询、调查、决议决定）"
    "及您现在可以做的操作。范围外的 404。",
)
def kind_panel_get(request, item_id: int = ItemId):
    return _panel(request, item_id)


@router.post(
    "/{item_id}/laws",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="登记执法检查的法律法规",
    description="整体替换执法检查所检查的法律法规及其类别。仅执法检查；本级常委会工作人员。",
)
def laws_set(request, payload: SupervisionKindLawsIn, item_id: int = ItemId):
    item = _item(request, item_id)
    services.inspection_laws_set(
        item=item,
        laws=[{"name": law.name, "law_kind": law.law_kind} for law in payload.laws],
        actor=request.auth,
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/methods",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="登记执法检查方式",
    description="座谈会、实地检查、问卷调查、第三方评估等。仅执法检查。",
)
def methods_set(request, payload: SupervisionKindMethodsIn, item_id: int = ItemId):
    services.inspection_methods_set(
        item=_item(request, item_id),
        methods=[str(m) for m in payload.methods],
        actor=request.auth,
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/inspection-report",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="保存执法检查报告",
    description="监督法第三十六条的四部分：实施情况、存在问题、改进建议（必填）与修改完善"
    "法律法规的建议。",
)
def inspection_report_save(
    request, payload: SupervisionKindReportIn, item_id: int = ItemId
):
    services.inspection_report_save(
        item=_item(request, item_id), actor=request.auth, **payload.dict()
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/questions",
    response={201: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="增加专题询问问题",
    description="问题、提问人（本级常委会组成人员或任一级人大代表）、应询单位。仅专题询问。",
)
def question_add(request, payload: SupervisionKindQuestionIn, item_id: int = ItemId):
    services.inquiry_question_add(
        item=_item(request, item_id),
        question=payload.question,
        order=payload.order,
        asked_by_member_id=payload.asked_by_member,
        asked_by_deputy_id=payload.asked_by_deputy,
        answering_unit_id=payload.answering_unit,
        actor=request.auth,
    )
    return Status(201, _panel(request, item_id))


@router.post(
    "/{item_id}/questions/{question_id}/answer",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="登记应询回答",
    description="应询人（姓名、职务）、回答内容与日期。",
)
def question_answer(
    request,
    payload: SupervisionKindAnswerIn,
    item_id: int = ItemId,
    question_id: int = QuestionId,
):
    services.inquiry_answer_record(
        item=_item(request, item_id),
        question_id=question_id,
        actor=request.auth,
        **payload.dict(),
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/questions/{question_id}/remove",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="删除询问问题",
)
def question_remove(request, item_id: int = ItemId, question_id: int = QuestionId):
    services.inquiry_question_remove(
        item=_item(request, item_id), question_id=question_id, actor=request.auth
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/interpellation/lodge",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="登记质询案",
    description="由本级常委会组成人员联名书面提出；人数不少于规则所定（设区的市5人、县级3人、"
    "全国10人），不足 400。仅质询。",
)
def interpellation_lodge(
    request, payload: SupervisionInterpellationLodgeIn, item_id: int = ItemId
):
    services.interpellation_lodge(
        item=_item(request, item_id),
        filer_member_ids=payload.filers,
        text=payload.text,
        lodged_on=payload.lodged_on,
        actor=request.auth,
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/interpellation/decision",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="登记主任会议关于答复的决定",
    description="受质询机关、口头或书面答复、决定答复的主任会议（决定日期取会议日期）。",
)
def interpellation_decide(
    request, payload: SupervisionInterpellationDecisionIn, item_id: int = ItemId
):
    services.interpellation_answer_decide(
        item=_item(request, item_id),
        unit_ids=payload.units,
        mode=str(payload.mode),
        chairpersons_meeting=chairpersons_meeting_by_id(
            payload.chairpersons_meeting_id
        ),
        actor=request.auth,
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/interpellation/answers",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="登记质询答复",
    description="第1次答复；提质询案人过半数不满意时的第2次答复。",
)
def interpellation_answer(
    request, payload: SupervisionInterpellationAnswerIn, item_id: int = ItemId
):
    services.interpellation_answer_record(
        item=_item(request, item_id), actor=request.auth, **payload.dict()
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/interpellation/satisfaction",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="登记提质询案人对答复的意见",
    description="每位提质询案人满意或不满意；过半数不满意时须再作答复"
    "（second_answer_required），受质询机关收到通知。",
)
def interpellation_satisfaction(
    request, payload: SupervisionInterpellationSatisfactionIn, item_id: int = ItemId
):
    opinions = {}
    for row in payload.opinions:
        opinions[row.member] = row.satisfied
    if len(opinions) != len(payload.opinions):
        opinions = None  # a member named twice: the service refuses it
    services.interpellation_satisfaction_record(
        item=_item(request, item_id), satisfaction=opinions, actor=request.auth
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/investigation/proposal",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="登记特定问题调查的提议",
    description="主任会议提议，或本届常委会组成人员五分之一以上联名（members）。",
)
def investigation_propose(
    request, payload: SupervisionInvestigationProposalIn, item_id: int = ItemId
):
    services.investigation_propose(
        item=_item(request, item_id),
        proposer=str(payload.proposer),
        proposer_member_ids=payload.members,
        chairpersons_meeting=chairpersons_meeting_by_id(payload.chairpersons_meeting_id)
        if payload.chairpersons_meeting_id is not None
        else None,
        actor=request.auth,
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/investigation/exclusions",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="登记回避的组成人员",
    description="与调查问题有利害关系的组成人员回避；已是参加人员的 400。",
)
def investigation_exclusions(
    request, payload: SupervisionInvestigationExclusionsIn, item_id: int = ItemId
):
    services.investigation_exclusions_set(
        item=_item(request, item_id), member_ids=payload.members, actor=request.auth
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/resolution",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="登记决议决定的表决结果",
    description="文本、会议、日期、是否网络表决与票数；赞成票超过全体组成人员半数为通过"
    "（不是出席人数的半数），通过后事项完成。",
)
def resolution_record(request, payload: SupervisionResolutionIn, item_id: int = ItemId):
    services.resolution_record(
        item=_item(request, item_id), actor=request.auth, **payload.dict()
    )
    return _panel(request, item_id)


@router.post(
    "/{item_id}/resolution/execution-report",
    response={200: SupervisionKindPanelOut, **WRITE_ERRORS},
    summary="登记决议决定执行情况报告",
)
def resolution_execution(
    request, payload: SupervisionResolutionExecutionIn, item_id: int = ItemId
):
    services.resolution_execution_reported(
        item=_item(request, item_id),
        reported_on=payload.reported_on,
        actor=request.auth,
    )
    return _panel(request, item_id)
