"""/api/v1/hotline/tickets: items sent to the city's 12345 system, read through
the same selectors as the pages, and the staff's 重新发送."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from renda.core.api import DETAIL_ERRORS, MAX_ID, READ_ERRORS, ErrorOut, PagePagination

from .. import selectors_outbound as sel
from ..permissions import can_use_hotline_staff, manages_partners
from ..services.outbound_staff import ticket_retry

router = Router()

WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
TicketId = Path(..., ge=1, le=MAX_ID, description="工单编号")


class HotlineTicketQuery(Schema):
    status: str = Field(
        "",
        max_length=16,
        description="状态：PENDING、SENT、ANSWERED、FAILED、CANCELLED",
    )
    q: str = Field("", max_length=50, description="建议标题中的文字或对方工单号")


class HotlineTicketOut(Schema):
    id: int
    suggestion_id: int
    suggestion_title: str
    partner_id: int
    partner_name: str
    status: str
    status_label: str
    service_code: str
    service_request_id: str
    attempts: int
    next_attempt_at: dt.datetime | None = None
    last_error: str
    remote_status: str
    sent_at: dt.datetime | None = None
    answered_at: dt.datetime | None = None

    @staticmethod
    def resolve_suggestion_title(obj) -> str:
        return (
            obj["suggestion_title"] if isinstance(obj, dict) else obj.suggestion.title
        )

    @staticmethod
    def resolve_partner_name(obj) -> str:
        return obj["partner_name"] if isinstance(obj, dict) else obj.partner.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        if isinstance(obj, dict):
            return obj["status_label"]
        return str(obj.get_status_display())


class HotlineTicketEventOut(Schema):
    title: str
    lines: list[str]
    actor: str
    at: dt.datetime


class HotlineTicketDetailOut(HotlineTicketOut):
    status_notes: str
    last_polled_at: dt.datetime | None = None
    reply_id: int | None = None
    timeline: list[HotlineTicketEventOut]
    actions: list[str] = Field(description="您现在可以办理的操作")


def _row(ticket) -> dict:
    return {
        "id": ticket.pk,
        "suggestion_id": ticket.suggestion_id,
        "suggestion_title": ticket.suggestion.title,
        "partner_id": ticket.partner_id,
        "partner_name": ticket.partner.name,
        "status": ticket.status,
        "status_label": str(ticket.get_status_display()),
        "service_code": ticket.service_code,
        "service_request_id": ticket.service_request_id,
        "attempts": ticket.attempts,
        "next_attempt_at": ticket.next_attempt_at,
        "last_error": ticket.last_error,
        "remote_status": ticket.remote_status,
        "sent_at": ticket.sent_at,
        "answered_at": ticket.answered_at,
    }


def _detail(user, pk: int) -> dict:
    detail = sel.ticket_detail(user, pk)
    ticket = detail.ticket
    return {
        **_row(ticket),
        "status_notes": ticket.status_notes,
        "last_polled_at": ticket.last_polled_at,
        "reply_id": ticket.reply_id,
        "timeline": [
            {"title": t.title, "lines": t.lines, "actor": t.actor, "at": t.at}
            for t in detail.timeline
        ],
        "actions": detail.actions,
    }


def _check(user) -> None:
    if not can_use_hotline_staff(user):
        raise PermissionDenied("您无权查看12345工单。")


@router.get(
    "",
    response={200: list[HotlineTicketOut], **READ_ERRORS},
    summary="12345工单列表",
    description="转12345热线的工单：状态、尝试次数、最近错误、下次尝试时间。"
    "本级人大常委会工作人员、班子成员可查，其他角色 403。",
)
@paginate(PagePagination)
def ticket_list(request, filters: Query[HotlineTicketQuery]):
    _check(request.auth)
    return sel.ticket_list(request.auth, sel.TicketFilters.from_query(filters.dict()))


@router.get(
    "/{int:ticket_id}",
    response={200: HotlineTicketDetailOut, **DETAIL_ERRORS},
    summary="一件12345工单",
    description="工单的状态、对方答复、记录及您现在可以办理的操作（与页面一致）；"
    "不可查看的工单 404。",
)
def ticket_detail(request, ticket_id: int = TicketId):
    _check(request.auth)
    return _detail(request.auth, ticket_id)


@router.post(
    "/{int:ticket_id}/retry",
    response={200: HotlineTicketDetailOut, **WRITE_ERRORS},
    summary="重新发送12345工单",
    description="发送失败的工单重新发送（本级人大常委会工作人员）；其他状态 409。",
)
def ticket_retry_api(request, ticket_id: int = TicketId):
    _check(request.auth)
    ticket = sel.get_ticket_for_user(request.auth, ticket_id)
    ticket_retry(ticket=ticket, actor=request.auth)
    return _detail(request.auth, ticket_id)


PartnerId = Path(..., ge=1, le=MAX_ID, description="合作方编号")


class PartnerOutboundIn(Schema):
    endpoint_url: str = Field(..., max_length=200, description="对方Open311地址")
    outbound_key: str = Field(
        "", max_length=200, description="对方分配的密钥；留空则保留已设置的密钥"
    )
    jurisdiction_id: str = Field("", max_length=100, description="辖区标识")
    handling_unit_id: int = Field(
        ..., ge=1, le=MAX_ID, description="代表12345平台的承办单位编号"
    )
    service_map: str = Field(
        ...,
        max_length=5000,
        description="每行一个“类别=服务代码”（类别写名称或代码）",
    )


class PartnerOutboundOut(Schema):
    id: int
    name: str
    endpoint_url: str
    outbound_key_set: bool = Field(description="是否已设置对方密钥（密钥从不返回）")
    jurisdiction_id: str
    handling_unit_id: int | None = None
    service_map: dict[str, str]


@router.post(
    "/partners/{int:partner_id}/outbound",
    response={200: PartnerOutboundOut, **WRITE_ERRORS},
    summary="设置合作方的对方系统",
    description="12345平台的Open311地址、密钥、承办单位与服务代码（本级人大常委会"
    "工作人员）；密钥从不返回，只答复是否已设置。",
)
def partner_outbound_api(
    request, payload: PartnerOutboundIn, partner_id: int = PartnerId
):
    from django import forms

    from renda.core.errors import ApplicationError
    from renda.units.models import HandlingUnit

    from ..forms import parse_service_map
    from ..selectors import get_partner_for_user
    from ..services.outbound_config import partner_set_outbound

    _check(request.auth)
    partner = get_partner_for_user(request.auth, partner_id)
    if not manages_partners(request.auth, partner.congress_id):
        raise PermissionDenied("只有本级人大常委会工作人员可以设置合作方系统。")
    try:
        service_map = parse_service_map(payload.service_map)
    except forms.ValidationError as error:
        raise ApplicationError(
            "；".join(error.messages), code="hotline.invalid", field="service_map"
        ) from None
    unit = HandlingUnit.objects.filter(
        pk=payload.handling_unit_id, is_active=True
    ).first()
    if unit is None:
        raise ApplicationError(
            "承办单位不存在或已停用。", code="hotline.invalid", field="handling_unit_id"
        )
    partner = partner_set_outbound(
        partner=partner,
        endpoint_url=payload.endpoint_url,
        outbound_key=payload.outbound_key or partner.outbound_key,
        handling_unit=unit,
        service_map=service_map,
        jurisdiction_id=payload.jurisdiction_id,
        actor=request.auth,
    )
    return {
        "id": partner.pk,
        "name": partner.name,
        "endpoint_url": partner.endpoint_url,
        "outbound_key_set": bool(partner.outbound_key),
        "jurisdiction_id": partner.jurisdiction_id,
        "handling_unit_id": partner.handling_unit_id,
        "service_map": partner.service_map,
    }
