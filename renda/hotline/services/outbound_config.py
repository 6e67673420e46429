"""Configure a partner as the 12345 platform Renda sends HOTLINE items to."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.services import action_log_record
from renda.suggestions.choices import Category

from ..choices import PartnerChannel
from ..models import Partner
from ..permissions import manages_partners


def _bad(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, code="hotline.invalid", field=field)


@transaction.atomic
def partner_set_outbound(
    *,
    partner: Partner,
    endpoint_url: str,
    outbound_key: str,
    handling_unit,
    service_map: dict,
    jurisdiction_id: str = "",
    actor,
) -> Partner:
    """Set the partner's Open311 endpoint, key, unit and service codes.

    The partner's service account is given the unit-staff role of the handling
    unit, so that the partner's answers are written as that unit's replies.
    """
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if not manages_partners(actor, partner.congress_id):
        raise PermissionDenied(
            "只有本级人大常委会工作人员可以设置合作方系统。", code="hotline.forbidden"
        )
    if partner.channel != PartnerChannel.HOTLINE:
        raise _bad("只有“12345直通车”渠道的合作方可以设置转办地址。", "endpoint_url")
    endpoint_url = (endpoint_url or "").strip()
    parts = urlsplit(endpoint_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _bad("对方Open311地址应以 http:// 或 https:// 开头。", "endpoint_url")
    if len(endpoint_url) > Partner._meta.get_field("endpoint_url").max_length:
        raise _bad("对方Open311地址过长。", "endpoint_url")
    outbound_key = (outbound_key or "").strip()
    if len(outbound_key) > Partner._meta.get_field("outbound_key").max_length:
        raise _bad("对方分配的密钥过长。", "outbound_key")
    jurisdiction_id = (jurisdiction_id or "").strip()
    if len(jurisdiction_id) > Partner._meta.get_field("jurisdiction_id").max_length:
        raise _bad("辖区标识过长。", "jurisdiction_id")
    if handling_unit is None:
        raise _bad("请选择代表12345平台的承办单位。", "handling_unit")
    if not isinstance(service_map, dict) or not service_map:
        raise _bad("请至少为一个类别填写服务代码。", "service_map")
    cleaned = {}
    for category, code in service_map.items():
        if category not in Category.values:
            raise _bad(f"类别“{category}”不存在。", "service_map")
        code = str(code or "").strip()
        if not code or len(code) > 100:
            raise _bad(
                f"类别“{Category(category).label}”的服务代码应为 1 至 100 个字符。",
                "service_map",
            )
        cleaned[category] = code
    if partner.user is None:
        raise _bad("该合作方没有服务账号，请先重新创建合作方。", "user")
    partner.endpoint_url = endpoint_url
    partner.outbound_key = outbound_key
    partner.jurisdiction_id = jurisdiction_id
    partner.handling_unit = handling_unit
    partner.service_map = cleaned
    partner.save(
        update_fields=[
            "endpoint_url",
            "outbound_key",
            "jurisdiction_id",
            "handling_unit",
            "service_map",
            "updated_at",
        ]
    )
    RoleAssignment.objects.get_or_create(
        user=partner.user, role=Role.UNIT_STAFF, handling_unit=handling_unit
    )
    action_log_record(
        actor=actor,
        action="hotline.partner_outbound_set",
        target=partner,
        summary=f"设置合作方“{partner.name}”的转办地址与服务代码",
        data={"handling_unit": handling_unit.pk, "categories": sorted(cleaned)},
    )
    return partner


@transaction.atomic
def partner_clear_outbound(*, partner: Partner, actor) -> Partner:
    """Remove the partner's outbound address and key (nothing is sent or polled).

    The unit and service codes stay, so staff only enter a new address.
    """
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if not manages_partners(actor, partner.congress_id):
        raise PermissionDenied(
            "只有本级人大常委会工作人员可以设置合作方系统。", code="hotline.forbidden"
        )
    partner.endpoint_url = ""
    partner.outbound_key = ""
    partner.save(update_fields=["endpoint_url", "outbound_key", "updated_at"])
    action_log_record(
        actor=actor,
        action="hotline.partner_outbound_cleared",
        target=partner,
        summary=f"清除合作方“{partner.name}”的转办地址",
    )
    return partner
