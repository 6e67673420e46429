"""/api/v1/hotline/partners: partner systems and their keys (the key is shown once)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from renda.congresses.models import Congress
from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
    Id,
    PagePagination,
    text,
)
from renda.core.errors import ApplicationError

from ..choices import PartnerChannel
from ..permissions import can_use_hotline_staff, manages_partners
from ..selectors import get_partner_for_user, partner_inbound_list, partner_list
from ..services import partners as services

router = Router()

PartnerId = Path(..., ge=1, le=MAX_ID, description="合作方系统编号")
CREATE_ERRORS = {**READ_ERRORS, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}


class PartnerOut(Schema):
    id: int
    name: str
    congress_id: int
    channel: str
    channel_label: str
    key_prefix: str = Field(description="密钥前几位（用于核对，密钥本身不再显示）")
    is_active: bool
    revoked_at: dt.datetime | None = None
    created_at: dt.datetime

    @staticmethod
    def resolve_channel_label(obj) -> str:
        return str(obj.get_channel_display())


class InboundOut(Schema):
    service_request_id: str
    partner_ticket_id: str | None = None
    service_code: str
    created_at: dt.datetime
    suggestion_id: int | None = None
    public_request_id: int | None = None


class PartnerDetailOut(PartnerOut):
    requests_received: list[InboundOut] = Field(
        description="最近收到的服务请求（最多200条）"
    )

    @staticmethod
    def resolve_requests_received(obj) -> list:
        return list(partner_inbound_list(obj))


class PartnerIssuedOut(PartnerOut):
    api_key: str = Field(description="合作方密钥：只在此时显示一次，请妥善转交")


class PartnerIn(Schema):
    congress_id: Id = Field(description="人大编号")
    name: text(100) = Field(description="名称，如“辽源市12345政务服务便民热线”")
    channel: PartnerChannel = Field(
        description="受理渠道：RESIDENT_REQUEST 群众诉求，HOTLINE 12345直通车"
    )


def _issued(issued):
    partner = issued.partner
    partner.api_key = issued.api_key  # shown in this answer only
    return partner


@router.get(
    "",
    response={200: list[PartnerOut], **READ_ERRORS},
    summary="合作方系统列表",
    description="工作人员、班子成员：本级人大的合作方系统。其他角色 403。",
)
@paginate(PagePagination)
def partner_list_api(request):
    if not can_use_hotline_staff(request.auth):
        raise PermissionDenied("您无权查看合作方系统。")
    return partner_list(request.auth)


@router.get(
    "/{partner_id}",
    response={200: PartnerDetailOut, **DETAIL_ERRORS},
    summary="合作方系统详情",
    description="合作方系统及其最近提交的服务请求；范围外 404。",
)
def partner_detail_api(request, partner_id: int = PartnerId):
    if not can_use_hotline_staff(request.auth):
        raise PermissionDenied("您无权查看合作方系统。")
    return get_partner_for_user(request.auth, partner_id)


@router.post(
    "",
    response={201: PartnerIssuedOut, **CREATE_ERRORS},
    summary="新增合作方系统",
    description="常委会工作人员：登记合作方系统并签发密钥；密钥只在本次应答中显示一次。",
)
def partner_create_api(request, payload: PartnerIn):
    congress = Congress.objects.filter(pk=payload.congress_id).first()
    if congress is None or not manages_partners(request.auth, congress):
        if congress is None:
            raise ApplicationError(
                "人大不存在。", code="hotline.invalid", field="congress_id"
            )
        raise PermissionDenied("您无权管理该人大的合作方系统。")
    issued = services.partner_create(
        congress=congress,
        name=payload.name,
        channel=payload.channel.value,
        actor=request.auth,
    )
    return Status(201, _issued(issued))


@router.post(
    "/{partner_id}/rotate",
    response={200: PartnerIssuedOut, **WRITE_ERRORS},
    summary="重新签发密钥",
    description="旧密钥立即失效；新密钥只在本次应答中显示一次。",
)
def partner_rotate_api(request, partner_id: int = PartnerId):
    if not can_use_hotline_staff(request.auth):
        raise PermissionDenied("您无权管理合作方系统。")
    partner = get_partner_for_user(request.auth, partner_id)
    return _issued(services.partner_rotate_key(partner=partner, actor=request.auth))


@router.post(
    "/{partner_id}/revoke",
    response={200: PartnerOut, **WRITE_ERRORS},
    summary="吊销密钥",
    description="吊销后该合作方的调用一律 403；已吊销的再吊销 409。",
)
def partner_revoke_api(request, partner_id: int = PartnerId):
    if not can_use_hotline_staff(request.auth):
        raise PermissionDenied("您无权管理合作方系统。")
    partner = get_partner_for_user(request.auth, partner_id)
    return services.partner_revoke(partner=partner, actor=request.auth)
