"""/api/v1/supervision/plans: the topic call, proposals and the annual plan.

Reads go through ``selectors.plan`` (the pages' functions), writes through
``services.plan``. Objects outside the user's scope answer 404, roles an
endpoint is not for 403, a wrong state 409, bad input 400 naming the field.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    ErrorOut,
    Id,
    PagePagination,
    text,
)
from renda.core.dates import EventDate

from ..models import PlanVersion
from ..permissions import (
    can_manage_any_supervision,
    can_propose_topic,
    can_use_supervision,
    reads_any_congress,
)
from ..selectors import plan as selectors
from ..services import plan as services
from ..services.common import invalid
from ..services.decisions import chairpersons_meeting_by_id

router = Router()

WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}


def _require(check, user, message="您无权使用监督计划。") -> None:
    if not check(user):
        raise PermissionDenied(message)


# Schemas -------------------------------------------------------------------------------


class SupervisionTopicCallOut(Schema):
    id: int
    congress_id: int
    congress_name: str
    year: int
    title: str
    description: str
    opens_on: dt.date
    closes_on: dt.date
    is_open: bool


class SupervisionTopicCallIn(Schema):
    congress_id: Id | None = Field(
        None, description="人大编号（只管理一个人大时可省略）"
    )
    year: int
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=20000)
    opens_on: EventDate
    closes_on: EventDate


class SupervisionTopicProposalOut(Schema):
    id: int
    call_id: int
    year: int
    source: str
    source_label: str
    proposer: str = Field(description="提出人（群众姓名对工作人员以外的人遮挡）")
    proposer_phone: str = Field(description="群众联系电话（仅常委会工作人员可见全号）")
    title: str
    reason: str
    suggested_kind: str
    status: str
    status_label: str
    decision_reason: str
    merged_into_id: int | None
    plan_entry_id: int | None
    receipt_number: str
    created_at: dt.datetime


class SupervisionTopicEventOut(Schema):
    at: dt.datetime
    kind: str
    summary: str


class SupervisionTopicProposalDetailOut(SupervisionTopicProposalOut):
    actions: list[str]
    events: list[SupervisionTopicEventOut]


class SupervisionTopicProposalIn(Schema):
    title: str = Field(..., max_length=200)
    reason: str = Field(..., max_length=2000)
    suggested_kind: str = Field("", max_length=24)
    unit_id: Id | None = Field(None, description="申请报告的机关（机关工作人员）")


class SupervisionTopicAdoptIn(Schema):
    entry_id: Id | None = Field(None, description="列入的计划议题（可省略）")


class SupervisionTopicMergeIn(Schema):
    into_id: Id
    reason: str = Field(..., max_length=500)


class SupervisionTopicDeclineIn(Schema):
    reason: str = Field(..., max_length=500)


class SupervisionTopicProposalQuery(Schema):
    call: Id | None = None
    status: text(16) = ""
    source: text(16) = ""
    q: text(100) = ""
    mine: bool = False


class SupervisionPlanIn(Schema):
    congress_id: Id | None = Field(
        None, description="人大编号（只管理一个人大时可省略）"
    )
    year: int
    title: str = Field(..., max_length=200)


class SupervisionPlanVersionOut(Schema):
    id: int
    number: int
    status: str
    status_label: str
    reason: str
    chair_meeting: str
    adopted_on: dt.date | None
    chairpersons_decision_id: int | None = Field(
        None, description="主任会议决定编号（会议 API：/meetings/decisions）"
    )
    chairpersons_meeting_id: int | None = Field(None, description="主任会议编号")
    published_at: dt.datetime | None


class SupervisionPlanOut(Schema):
    id: int
    congress_id: int
    congress_name: str
    year: int
    title: str
    latest_version: SupervisionPlanVersionOut | None
    published_version: int | None


class SupervisionPlanEntryOut(Schema):
    id: int
    order: int
    kind: str
    kind_label: str
    title: str
    themes: list[str]
    theme_ids: list[int]
    lead_committee_id: int | None
    lead_committee: str
    leader_id: int | None
    leader: str
    planned_month: int | None
    planned_meeting: str
    target_unit_ids: list[int]
    target_units: list[str]
    participants: str
    item_id: int | None


class SupervisionPlanEntryIn(Schema):
    kind: str = Field(..., max_length=24)
    title: str = Field(..., max_length=200)
    theme_ids: list[Id] = []
    lead_committee_id: Id | None = None
    leader_id: Id | None = Field(None, description="分管领导（常委会组成人员编号）")
    planned_month: int | None = None
    planned_meeting: str = Field("", max_length=100)
    target_unit_ids: list[Id] = []
    participants: str = Field("", max_length=300)


class SupervisionPlanDiffChangeOut(Schema):
    entry: SupervisionPlanEntryOut
    fields: list[str]


class SupervisionPlanDiffOut(Schema):
    previous_number: int
    added: list[SupervisionPlanEntryOut]
    removed: list[SupervisionPlanEntryOut]
    changed: list[SupervisionPlanDiffChangeOut]


class SupervisionPlanVersionDetailOut(Schema):
    plan_id: int
    version: SupervisionPlanVersionOut
    entries: list[SupervisionPlanEntryOut]
    diff: SupervisionPlanDiffOut | None


class SupervisionPlanDetailOut(SupervisionPlanOut):
    versions: list[SupervisionPlanVersionOut]
    version: SupervisionPlanVersionOut
    entries: list[SupervisionPlanEntryOut]
    diff: SupervisionPlanDiffOut | None
    actions: list[str]
    events: list[SupervisionTopicEventOut]


class SupervisionPlanAdoptIn(Schema):
    chairpersons_meeting_id: Id = Field(
        ...,
        description="通过计划的主任会议编号（GET /meetings/decisions/chairpersons-meetings）",
    )


class SupervisionPlanAdjustIn(Schema):
    reason: str = Field(..., max_length=20000)


class SupervisionPlanVersionQuery(Schema):
    version: Id | None = None


# Serializers ---------------------------------------------------------------------------


def call_out(row) -> dict:
    call = row.call
    return {
        "id": call.pk,
        "congress_id": call.congress_id,
        "congress_name": call.congress.name,
        "year": call.year,
        "title": call.title,
        "description": call.description,
        "opens_on": call.opens_on,
        "closes_on": call.closes_on,
        "is_open": row.is_open,
    }


def proposal_out(p) -> dict:
    return {
        "id": p.pk,
        "call_id": p.call_id,
        "year": p.call.year,
        "source": p.source,
        "source_label": p.get_source_display(),
        "proposer": p.proposer_label,
        "proposer_phone": p.shown_phone,
        "title": p.title,
        "reason": p.reason,
        "suggested_kind": p.suggested_kind,
        "status": p.status,
        "status_label": p.get_status_display(),
        "decision_reason": p.decision_reason,
        "merged_into_id": p.merged_into_id,
        "plan_entry_id": p.plan_entry_id,
        "receipt_number": p.receipt_number,
        "created_at": p.created_at,
    }


def _proposal_detail_out(user, pk) -> dict:
    detail = selectors.proposal_detail(user, pk)
    return {
        **proposal_out(detail.proposal),
        "actions": detail.actions,
        "events": detail.events,
    }


def version_out(v: PlanVersion | None) -> dict | None:
    if v is None:
        return None
    return {
        "id": v.pk,
        "number": v.number,
        "status": v.status,
        "status_label": v.get_status_display(),
        "reason": v.reason,
        "chair_meeting": v.chair_meeting,
        "adopted_on": v.adopted_on,
        "chairpersons_decision_id": v.chairpersons_decision_id,
        "chairpersons_meeting_id": (
            v.chairpersons_decision.meeting_id if v.chairpersons_decision_id else None
        ),
        "published_at": v.published_at,
    }


def entry_out(e) -> dict:
    themes = list(e.themes.all())
    units = list(e.target_units.all())
    return {
        "id": e.pk,
        "order": e.order,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "title": e.title,
        "themes": [t.name for t in themes],
        "theme_ids": [t.pk for t in themes],
        "lead_committee_id": e.lead_committee_id,
        "lead_committee": e.lead_committee.name if e.lead_committee_id else "",
        "leader_id": e.leader_id,
        "leader": e.leader.deputy.name if e.leader_id else "",
        "planned_month": e.planned_month,
        "planned_meeting": e.planned_meeting,
        "target_unit_ids": [u.pk for u in units],
        "target_units": [u.name for u in units],
        "participants": e.participants,
        "item_id": e.item_id,
    }


def diff_out(detail) -> dict | None:
    if detail.diff is None:
        return None
    return {
        "previous_number": detail.previous.number,
        "added": [entry_out(e) for e in detail.diff.added],
        "removed": [entry_out(e) for e in detail.diff.removed],
        "changed": [
            {"entry": entry_out(e), "fields": fields}
            for e, fields in detail.diff.changed
        ],
    }


def plan_out(plan) -> dict:
    versions = sorted(plan.versions.all(), key=lambda v: v.number)
    published = [v for v in versions if v.status == "PUBLISHED"]
    return {
        "id": plan.pk,
        "congress_id": plan.congress_id,
        "congress_name": plan.congress.name,
        "year": plan.year,
        "title": plan.title,
        "latest_version": version_out(versions[-1] if versions else None),
        "published_version": published[-1].number if published else None,
    }


def _plan_detail_out(user, pk, version=None) -> dict:
    detail = selectors.plan_detail(user, pk, version=version)
    return {
        **plan_out(detail.plan),
        "versions": [version_out(v) for v in detail.versions],
        "version": version_out(detail.version),
        "entries": [entry_out(e) for e in detail.entries],
        "diff": diff_out(detail),
        "actions": detail.actions,
        "events": detail.events,
    }


def _congress_for(user, congress_id):
    """The congress a staff member writes to: the one named, or their only one."""
    scope = get_scope(user)
    if congress_id is None:
        if len(scope.staff_congress_ids) != 1:
            raise invalid("请指定人大。", "congress_id")
        congress_id = next(iter(scope.staff_congress_ids))
    congress = Congress.objects.filter(pk=congress_id).first()
    if congress is None:
        raise invalid("人大不存在。", "congress_id")
    return congress


# Topic calls and proposals -------------------------------------------------------------


@router.get(
    "/calls",
    response={200: list[SupervisionTopicCallOut], **READ_ERRORS},
    summary="议题征集列表",
    description="本人大的工作人员、班子成员和组成人员看全部；代表和机关看正在征集的。",
)
def call_list(request):
    _require(can_use_supervision, request.auth)
    return [call_out(row) for row in selectors.call_list(request.auth)]


@router.post(
    "/calls",
    response={201: SupervisionTopicCallOut, **WRITE_ERRORS},
    summary="发起议题征集",
    description="常委会工作人员可用；每个人大每年一次。",
)
def call_open(request, payload: SupervisionTopicCallIn):
    _require(
        can_manage_any_supervision, request.auth, "只有常委会工作人员可以发起议题征集。"
    )
    call = services.topic_call_open(
        congress=_congress_for(request.auth, payload.congress_id),
        year=payload.year,
        title=payload.title,
        description=payload.description,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        actor=request.auth,
    )
    return Status(201, call_out(selectors.CallRow(call, services.call_is_open(call))))


@router.get(
    "/proposals",
    response={200: list[SupervisionTopicProposalOut], **READ_ERRORS},
    summary="议题建议列表",
    description="工作人员、班子成员、组成人员看本人大全部（群众姓名电话仅工作人员可见）；"
    "代表和机关看自己提出的。",
)
@paginate(PagePagination)
def proposal_list(request, filters: Query[SupervisionTopicProposalQuery]):
    _require(can_use_supervision, request.auth)
    parsed = selectors.ProposalFilters.from_query(filters.dict())
    return [proposal_out(p) for p in selectors.proposal_list(request.auth, parsed)]


@router.get(
    "/proposals/{proposal_id}",
    response={200: SupervisionTopicProposalDetailOut, **DETAIL_ERRORS},
    summary="议题建议详情",
)
def proposal_detail(request, proposal_id: Id):
    _require(can_use_supervision, request.auth)
    return _proposal_detail_out(request.auth, proposal_id)


@router.post(
    "/calls/{call_id}/proposals",
    response={201: SupervisionTopicProposalDetailOut, **WRITE_ERRORS},
    summary="提出议题建议",
    description="人大代表提出议题，或被监督机关申请报告工作；仅在征集期内（否则 409）。",
)
def proposal_create(request, call_id: Id, payload: SupervisionTopicProposalIn):
    _require(can_propose_topic, request.auth, "只有人大代表和被监督机关可以提出议题。")
    call = selectors.get_call_for_user(request.auth, call_id)
    proposal = services.topic_propose(
        call=call,
        title=payload.title,
        reason=payload.reason,
        suggested_kind=payload.suggested_kind,
        unit_id=payload.unit_id,
        actor=request.auth,
    )
    return Status(201, _proposal_detail_out(request.auth, proposal.pk))


@router.post(
    "/proposals/{proposal_id}/adopt",
    response={200: SupervisionTopicProposalDetailOut, **WRITE_ERRORS},
    summary="采纳议题建议",
)
def proposal_adopt(request, proposal_id: Id, payload: SupervisionTopicAdoptIn):
    _require(can_use_supervision, request.auth)
    proposal = selectors.get_proposal_for_user(request.auth, proposal_id)
    services.proposal_adopt(
        proposal=proposal, entry_id=payload.entry_id, actor=request.auth
    )
    return _proposal_detail_out(request.auth, proposal.pk)


@router.post(
    "/proposals/{proposal_id}/merge",
    response={200: SupervisionTopicProposalDetailOut, **WRITE_ERRORS},
    summary="合并议题建议",
)
def proposal_merge(request, proposal_id: Id, payload: SupervisionTopicMergeIn):
    _require(can_use_supervision, request.auth)
    proposal = selectors.get_proposal_for_user(request.auth, proposal_id)
    services.proposal_merge(
        proposal=proposal,
        into_id=payload.into_id,
        reason=payload.reason,
        actor=request.auth,
    )
    return _proposal_detail_out(request.auth, proposal.pk)


@router.post(
    "/proposals/{proposal_id}/decline",
    response={200: SupervisionTopicProposalDetailOut, **WRITE_ERRORS},
    summary="不予采纳议题建议",
    description="须写明理由，提出人可以看到。",
)
def proposal_decline(request, proposal_id: Id, payload: SupervisionTopicDeclineIn):
    _require(can_use_supervision, request.auth)
    proposal = selectors.get_proposal_for_user(request.auth, proposal_id)
    services.proposal_decline(
        proposal=proposal, reason=payload.reason, actor=request.auth
    )
    return _proposal_detail_out(request.auth, proposal.pk)


# Plans ---------------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[SupervisionPlanOut], **READ_ERRORS},
    summary="年度监督工作计划列表",
    description="本人大的工作人员、班子成员和常委会组成人员可用。",
)
def plan_list(request):
    _require(reads_any_congress, request.auth)
    return [plan_out(plan) for plan in selectors.plan_list(request.auth)]


@router.post(
    "",
    response={201: SupervisionPlanDetailOut, **WRITE_ERRORS},
    summary="起草年度监督工作计划",
    description="建立计划及其第1版草案。常委会工作人员可用。",
)
def plan_create(request, payload: SupervisionPlanIn):
    _require(
        can_manage_any_supervision, request.auth, "只有常委会工作人员可以起草计划。"
    )
    plan = services.plan_create(
        congress=_congress_for(request.auth, payload.congress_id),
        year=payload.year,
        title=payload.title,
        actor=request.auth,
    )
    return Status(201, _plan_detail_out(request.auth, plan.pk))


@router.get(
    "/{plan_id}",
    response={200: SupervisionPlanDetailOut, **DETAIL_ERRORS},
    summary="计划详情",
    description="默认最新版本；version=N 查看第N版，含与上一版相比增删改的议题。",
)
def plan_detail(request, plan_id: Id, query: Query[SupervisionPlanVersionQuery]):
    _require(reads_any_congress, request.auth)
    return _plan_detail_out(request.auth, plan_id, query.version)


@router.get(
    "/{plan_id}/versions/{number}",
    response={200: SupervisionPlanVersionDetailOut, **DETAIL_ERRORS},
    summary="计划的某一版本",
)
def plan_version_detail(request, plan_id: Id, number: Id):
    _require(reads_any_congress, request.auth)
    detail = selectors.plan_detail(request.auth, plan_id, version=number)
    return {
        "plan_id": detail.plan.pk,
        "version": version_out(detail.version),
        "entries": [entry_out(e) for e in detail.entries],
        "diff": diff_out(detail),
    }


def _latest(user, plan_id) -> PlanVersion:
    plan = selectors.get_plan_for_user(user, plan_id)
    return plan.versions.order_by("-number").first()


def _entry_kwargs(payload: SupervisionPlanEntryIn) -> dict:
    return {
        "kind": payload.kind,
        "title": payload.title,
        "theme_ids": payload.theme_ids,
        "lead_committee_id": payload.lead_committee_id,
        "leader_id": payload.leader_id,
        "planned_month": payload.planned_month,
        "planned_meeting": payload.planned_meeting,
        "target_unit_ids": payload.target_unit_ids,
        "participants": payload.participants,
    }


def _entry_detail(entry) -> dict:
    entry = (
        type(entry)
        .objects.select_related("lead_committee", "leader__deputy")
        .prefetch_related("themes", "target_units")
        .get(pk=entry.pk)
    )
    return entry_out(entry)


@router.post(
    "/{plan_id}/entries",
    response={201: SupervisionPlanEntryOut, **WRITE_ERRORS},
    summary="在草案中增加议题",
    description="只能在最新版本为草案时增加（否则 409）。",
)
def entry_add(request, plan_id: Id, payload: SupervisionPlanEntryIn):
    _require(reads_any_congress, request.auth)
    version = _latest(request.auth, plan_id)
    entry = services.plan_entry_add(
        version=version, actor=request.auth, **_entry_kwargs(payload)
    )
    return Status(201, _entry_detail(entry))


@router.patch(
    "/entries/{entry_id}",
    response={200: SupervisionPlanEntryOut, **WRITE_ERRORS},
    summary="修改草案中的议题",
)
def entry_update(request, entry_id: Id, payload: SupervisionPlanEntryIn):
    _require(reads_any_congress, request.auth)
    entry = selectors.get_entry_for_user(request.auth, entry_id)
    entry = services.plan_entry_update(
        entry=entry, actor=request.auth, **_entry_kwargs(payload)
    )
    return _entry_detail(entry)


class SupervisionPlanDeletedOut(Schema):
    deleted: bool


@router.post(
    "/entries/{entry_id}/remove",
    response={200: SupervisionPlanDeletedOut, **WRITE_ERRORS},
    summary="删除草案中的议题",
)
def entry_remove(request, entry_id: Id):
    _require(reads_any_congress, request.auth)
    entry = selectors.get_entry_for_user(request.auth, entry_id)
    services.plan_entry_remove(entry=entry, actor=request.auth)
    return {"deleted": True}


@router.post(
    "/{plan_id}/adopt",
    response={200: SupervisionPlanDetailOut, **WRITE_ERRORS},
    summary="登记主任会议通过",
    description="选择通过计划的主任会议（已举行的本级主任会议）；"
    "登记为该会议的决定事项，通过日期取会议日期。",
)
def plan_adopt(request, plan_id: Id, payload: SupervisionPlanAdoptIn):
    _require(reads_any_congress, request.auth)
    version = _latest(request.auth, plan_id)
    services.plan_version_adopt(
        version=version,
        chairpersons_meeting=chairpersons_meeting_by_id(
            payload.chairpersons_meeting_id
        ),
        actor=request.auth,
    )
    return _plan_detail_out(request.auth, plan_id)


@router.post(
    "/{plan_id}/publish",
    response={200: SupervisionPlanDetailOut, **WRITE_ERRORS},
    summary="公布计划",
    description="为尚无监督事项的议题建立事项，印发常委会组成人员和有关机关；"
    "调整版公布后上一版标为已被调整，删去议题的事项随之取消。",
)
def plan_publish(request, plan_id: Id):
    _require(reads_any_congress, request.auth)
    version = _latest(request.auth, plan_id)
    services.plan_version_publish(
        version=version, actor=request.auth, now=timezone.now()
    )
    return _plan_detail_out(request.auth, plan_id)


@router.post(
    "/{plan_id}/adjust",
    response={201: SupervisionPlanDetailOut, **WRITE_ERRORS},
    summary="调整计划",
    description="以已公布的版本为底稿建立新版本草案，须写明调整理由。",
)
def plan_adjust(request, plan_id: Id, payload: SupervisionPlanAdjustIn):
    _require(reads_any_congress, request.auth)
    plan = selectors.get_plan_for_user(request.auth, plan_id)
    services.plan_adjust(plan=plan, reason=payload.reason, actor=request.auth)
    return Status(201, _plan_detail_out(request.auth, plan_id))
