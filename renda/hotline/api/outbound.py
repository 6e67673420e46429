"""/api/v1/hotline/tickets: items sent to the city's 12345 system, read through
the same selectors as the pages, and the staff's 重新发送."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from renda.core.api import DETAIL_ERRORS, MAX_ID, READ_ERRORS, ErrorOut, PagePagination

from .. import selectors_outbound as sel
from ..permissions import can_use_hotline_staff
from ..services.outbound import ticket_retry

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
