"""The government's sign-off (签批) in /api/v1/suggestions (docs/suggestions-government.md).

Registered before /{suggestion_id}, which would take "government" as an id:

- GET/POST /government/routes/{congress_id}: the congress's setting (staff);
- POST /{suggestion_id}/government: send an accepted item to the office;
- POST /assignments/{id}/instruction, /assignments/{id}/dispatch: the office's
  staff record the leader's instruction and pass the item on;
- GET /government/items/{suggestion_id}: the 领导批示 block and step times;
- GET /government/stats: per channel, sign-off and dispatch times.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Path, Query, Schema

from renda.congresses.selectors import get_congress_for_user
from renda.core.api import DETAIL_ERRORS, MAX_ID, InvalidParameter
from renda.core.errors import InvalidTransition
from renda.units.models import HandlingUnit
from renda.units.selectors import units_visible_to

from .. import services
from ..choices import AssignmentRole
from ..models import Instruction
from ..permissions import (
    can_coordinate_assignment,
    can_manage_government_route,
    can_read_suggestion_lists,
)
from ..selectors import get_assignment_for_user, get_suggestion_for_user
from ..selectors.government import (
    coordinating_assignment,
    government_stats,
    government_steps,
    instruction_for,
    route_for,
)
from .common import (
    NO_STATISTICS,
    WRITE_ERRORS,
    AssignmentId,
    IdempotencyKeyHeader,
    SuggestionId,
    router,
)
from .handling import _assignment_out
from .schemas import AssignmentOut

CongressId = Path(..., ge=1, le=MAX_ID, description="人大编号")
NO_ROUTE = "只有本级人大常委会工作机构可以设置政府签批。"


class GovernmentRouteOut(Schema):
    congress_id: int = Field(description="人大编号")
    coordinating_unit_id: int = Field(description="政府办公室（转办单位）编号")
    coordinating_unit_name: str = Field(description="政府办公室（转办单位）名称")
    channels: list[str] = Field(description="经政府签批的渠道：FORMAL、VOICE、HOTLINE")
    is_active: bool = Field(description="是否启用")
    set_at: dt.datetime = Field(description="设置时间")
    set_by: str = Field(description="设置人")

    @staticmethod
    def resolve_coordinating_unit_name(obj) -> str:
        return obj.coordinating_unit.name

    @staticmethod
    def resolve_channels(obj) -> list[str]:
        return obj.channels()

    @staticmethod
    def resolve_set_by(obj) -> str:
        return str(obj.set_by) if obj.set_by_id else ""


class GovernmentRouteIn(Schema):
    coordinating_unit: int = Field(
        ge=1, le=MAX_ID, description="政府办公室（转办单位）编号"
    )
    covers_voice: bool = Field(True, description="《代表之声》经政府签批")
    covers_hotline: bool = Field(True, description="12345直通车经政府签批")
    covers_formal: bool = Field(False, description="代表建议经政府签批")
    is_active: bool = Field(True, description="启用")


class GovernmentInstructionIn(Schema):
    leader_name: str = Field(max_length=50, description="签批领导姓名")
    leader_title: str = Field(
        max_length=100, description="领导职务，如：市政府分管副市长"
    )
    signed_at: dt.datetime = Field(description="签批时间")
    text: str = Field(max_length=2000, description="批示内容")


class GovernmentInstructionOut(Schema):
    id: int
    assignment_id: int = Field(description="政府转办（交办）编号")
    suggestion_id: int = Field(description="建议编号")
    leader_name: str = Field(description="签批领导姓名")
    leader_title: str = Field(description="领导职务")
    signed_at: dt.datetime = Field(description="签批时间")
    text: str = Field(description="批示内容")
    recorded_at: dt.datetime = Field(description="登记时间")


class GovernmentDispatchUnitIn(Schema):
    unit: int = Field(ge=1, le=MAX_ID, description="承办部门编号")
    role: str = Field(
        description="承办方式：LEAD（主办）、JOINT（会办）、SPLIT（分办）"
    )


class GovernmentDispatchIn(Schema):
    units: list[GovernmentDispatchUnitIn] = Field(
        min_length=1,
        max_length=20,
        description="承办部门及承办方式；至少一个主办或分办",
    )


class GovernmentInstructionViewOut(Schema):
    leader_name: str = Field(description="签批领导姓名")
    leader_title: str = Field(description="领导职务")
    signed_at: dt.datetime = Field(description="签批时间")
    text: str | None = Field(description="批示内容；代表看不到（null）")


class GovernmentStepsOut(Schema):
    sent_at: dt.datetime = Field(description="人大交办（送政府）时间")
    signed_at: dt.datetime | None = Field(description="签批时间")
    dispatched_at: dt.datetime | None = Field(description="转办时间")
    replied_at: dt.datetime | None = Field(description="承办部门最后答复时间")
    sign_off_days: int | None = Field(description="签批用时（法定工作日）")
    dispatch_days: int | None = Field(description="转办用时（法定工作日）")
    department_days: int | None = Field(description="部门办理用时（法定工作日）")


class GovernmentItemOut(Schema):
    instruction: GovernmentInstructionViewOut | None = Field(description="领导批示")
    steps: GovernmentStepsOut | None = Field(description="办理用时")


class GovernmentStatsQuery(Schema):
    congress: int = Field(ge=1, le=MAX_ID, description="人大编号")
    year: int = Field(ge=2000, le=2100, description="立案年度")


class GovernmentStatsRow(Schema):
    channel: str = Field(description="渠道")
    label: str = Field(description="渠道（中文）")
    count: int = Field(description="经政府签批的件数")
    sign_off_average: Decimal | None = Field(description="平均签批用时（工作日）")
    sign_off_median: Decimal | None = Field(description="签批用时中位数（工作日）")
    dispatched: int = Field(description="已转办件数")
    dispatch_average: Decimal | None = Field(description="平均转办用时（工作日）")
    dispatch_median: Decimal | None = Field(description="转办用时中位数（工作日）")


# The setting ------------------------------------------------------------------------


@router.get(
    "/government/routes/{congress_id}",
    response={200: GovernmentRouteOut, **DETAIL_ERRORS},
    summary="政府签批设置",
    description="某人大的政府签批设置（未设置 404）。本级人大常委会工作机构和系统管理员可用。",
)
def government_route_get(request, congress_id: int = CongressId):
    congress = get_congress_for_user(request.auth, congress_id)
    if not can_manage_government_route(request.auth, congress):
        raise PermissionDenied(NO_ROUTE)
    route = route_for(congress)
    if route is None:
        raise Http404
    return route


@router.post(
    "/government/routes/{congress_id}",
    response={200: GovernmentRouteOut, **WRITE_ERRORS},
    summary="设置政府签批",
    description=(
        "设置哪些渠道的事项先送政府办公室，经政府领导签批后转交承办部门；"
        "转办单位须是本级人民政府所属单位。"
    ),
)
def government_route_post(
    request, payload: GovernmentRouteIn, congress_id: int = CongressId
):
    user = request.auth
    congress = get_congress_for_user(user, congress_id)
    if not can_manage_government_route(user, congress):
        raise PermissionDenied(NO_ROUTE)
    unit = units_visible_to(user).filter(pk=payload.coordinating_unit).first()
    if unit is None:
        raise InvalidParameter(
            "该转办单位不存在或不在您的工作范围内。", field="coordinating_unit"
        )
    services.government_route_set(
        congress=congress,
        coordinating_unit=unit,
        covers_voice=payload.covers_voice,
        covers_hotline=payload.covers_hotline,
        covers_formal=payload.covers_formal,
        is_active=payload.is_active,
        actor=user,
    )
    return route_for(congress)


# Figures ------------------------------------------------------------------------------


@router.get(
    "/government/stats",
    response={200: list[GovernmentStatsRow], **DETAIL_ERRORS},
    summary="政府签批用时统计",
    description=(
        "按渠道统计当年立案、经政府签批的件数，签批用时（人大交办→签批）和转办用时"
        "（签批→转办）的平均数和中位数，按法定工作日计，一位小数。"
    ),
)
def government_stats_endpoint(request, filters: Query[GovernmentStatsQuery]):
    user = request.auth
    if not can_read_suggestion_lists(user):
        raise PermissionDenied(NO_STATISTICS)
    congress = get_congress_for_user(user, filters.congress)
    return government_stats(user=user, congress=congress, year=filters.year)


@router.get(
    "/government/items/{suggestion_id}",
    response={200: GovernmentItemOut, **DETAIL_ERRORS},
    summary="领导批示与办理用时",
    description=(
        "建议的领导批示（签批领导、时间；批示内容仅工作机构、领导和承办单位可见，"
        "代表看到 null）和各环节用时（法定工作日）。没有经政府签批的建议两项均为 null。"
    ),
)
def government_item(request, suggestion_id: int = SuggestionId):
    suggestion = get_suggestion_for_user(request.auth, suggestion_id)
    view = instruction_for(request.auth, suggestion)
    assignment = coordinating_assignment(suggestion.merged_into_id or suggestion.pk)
    return {
        "instruction": view,
        "steps": government_steps(assignment) if assignment else None,
    }


# Writes ---------------------------------------------------------------------------------


@router.post(
    "/assignments/{assignment_id}/instruction",
    response={200: GovernmentInstructionOut, **WRITE_ERRORS},
    summary="登记领导批示",
    description=(
        "政府办公室工作人员登记政府领导对政府转办事项的批示（签批）：领导姓名、职务、"
        "签批时间和批示内容。带 Idempotency-Key 头的重试返回第一次的结果。"
        "非政府转办事项、已登记或已转办 409。"
    ),
)
def instruction_create(
    request,
    payload: GovernmentInstructionIn,
    assignment_id: int = AssignmentId,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    assignment = get_assignment_for_user(request.auth, assignment_id)
    instruction = services.instruction_record(
        assignment=assignment,
        leader_name=payload.leader_name,
        leader_title=payload.leader_title,
        signed_at=payload.signed_at,
        text=payload.text,
        actor=request.auth,
        idempotency_key=idempotency_key or None,
    )
    return Instruction.objects.get(pk=instruction.pk)


@router.post(
    "/assignments/{assignment_id}/dispatch",
    response={200: AssignmentOut, **WRITE_ERRORS},
    summary="政府转办",
    description=(
        "政府办公室登记领导批示后，把事项转交承办部门（主办、会办、分办）；"
        "部门的办理期限与政府转办的期限相同，不重新计算。带 Idempotency-Key 头的重试"
        "只转办一次。未登记批示或已转办 409。"
    ),
)
def assignment_dispatch(
    request,
    payload: GovernmentDispatchIn,
    assignment_id: int = AssignmentId,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    user = request.auth
    assignment = get_assignment_for_user(user, assignment_id)
    if not can_coordinate_assignment(user, assignment):
        # Before the units' lookup: a refused user learns nothing about them.
        if assignment.role != AssignmentRole.COORDINATING:
            raise InvalidTransition(
                "只有政府转办事项可以转办。", code="suggestions.not_coordinating"
            )
        raise PermissionDenied("只有政府办公室的工作人员可以转办。")
    # The departments of the government's own region.
    found = HandlingUnit.objects.filter(
        region_id=assignment.handling_unit.region_id
    ).in_bulk([item.unit for item in payload.units])
    units = []
    for position, item in enumerate(payload.units, start=1):
        unit = found.get(item.unit)
        if unit is None:
            raise InvalidParameter(
                f"第 {position} 个承办部门（编号 {item.unit}）不存在或不是本级政府所属单位。",
                field="units",
            )
        units.append((unit, item.role))
    services.assignment_dispatch(
        assignment=assignment,
        units=units,
        actor=user,
        idempotency_key=idempotency_key or None,
    )
    return _assignment_out(assignment.pk)


@router.post(
    "/{suggestion_id}/government",
    response={200: AssignmentOut, **WRITE_ERRORS},
    summary="送政府签批",
    description=(
        "把已立案的《代表之声》、12345直通车等事项送政府办公室，经政府领导签批后转办"
        "（须本级人大已设置该渠道经政府签批，否则 409）；办理期限按渠道自送达之日计算。"
    ),
)
def suggestion_send_to_government(
    request,
    suggestion_id: int = SuggestionId,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    suggestion = get_suggestion_for_user(request.auth, suggestion_id)
    assignment = services.suggestion_send_to_government(
        suggestion=suggestion,
        actor=request.auth,
        idempotency_key=idempotency_key or None,
    )
    return _assignment_out(assignment.pk)
