"""Service requests coming in from a partner system over Open311.

``inbound_request_create`` records what a partner posted through the intake
services of the app it belongs to, as the partner's service account:

- a RESIDENT_REQUEST partner's request becomes a resident's request
  (receptions, source ``HOTLINE``) at the station named by ``station``; the
  partner attests by posting that the resident agreed to pass on their name
  and phone (the hotline asks on the call);
- a HOTLINE partner's request becomes the deputy's 12345 直通车 item
  (suggestions, channel HOTLINE), submitted to the congress's staff.

A partner ticket id seen before returns the first result: the lookup and the
unique constraint (partner, ticket id) make this hold when two posts race.
Any refusal rolls the whole post back: nothing is half written.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.receipts import new_receipt_number
from renda.core.services import action_log_record
from renda.receptions.choices import RequestSource
from renda.receptions.services.intake import public_request_create
from renda.suggestions.choices import TITLE_MAX_LENGTH, Channel
from renda.suggestions.services.intake import suggestion_create_draft, suggestion_submit

from ..choices import PartnerChannel
from ..models import InboundRequest, InboundStatus, Partner
from ..open311.catalogue import channel_of_service, current_mandates, stations_of

TICKET_MAX_LENGTH = 64
ID_ATTEMPTS = 5
TITLE_FROM_TEXT = 30


def _bad(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, code="hotline.invalid", field=field)


def clean_ticket_id(value) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _bad("对方工单号无效。", "external_id")
    value = value.strip()
    if not value:
        return None
    if len(value) > TICKET_MAX_LENGTH or any(
        ord(ch) < 33 or ord(ch) == 127 for ch in value
    ):
        raise _bad(
            f"对方工单号须为不超过 {TICKET_MAX_LENGTH} 个字符、不含空白的文字。",
            "external_id",
        )
    return value


def _attribute(attributes: dict, code: str) -> str:
    value = attributes.get(code)
    return value.strip() if isinstance(value, str) else ""


def _create_suggestion(*, partner: Partner, service_code, fields, attributes):
    congress = partner.congress
    mandates, term = current_mandates(congress)
    raw = _attribute(attributes, "deputy")
    if not raw:
        raise _bad("缺少必填属性 deputy（反映问题的人大代表）。", "attribute[deputy]")
    mandate = (
        mandates.filter(deputy_id=int(raw)).first()
        if raw.isascii() and raw.isdigit() and len(raw) < 12
        else None
    )
    if mandate is None:
        raise _bad(f"属性 deputy 的值“{raw[:20]}”不是本届代表。", "attribute[deputy]")
    description = fields.get("description") or ""
    title = _attribute(attributes, "title")
    if not title:
        first_line = description.strip().splitlines()[0] if description.strip() else ""
        title = first_line[:TITLE_FROM_TEXT]
    if len(title) > TITLE_MAX_LENGTH:
        raise _bad(f"标题不能超过 {TITLE_MAX_LENGTH} 个字。", "attribute[title]")
    suggestion = suggestion_create_draft(
        actor=partner.user,
        congress=congress,
        term=term,
        lead_deputy=mandate.deputy,
        title=title,
        region=congress.region,
        body=description,
        category=service_code,
        channel=Channel.HOTLINE,
        on_behalf_of_partner=True,
    )
    suggestion = suggestion_submit(
        suggestion=suggestion, actor=partner.user, on_behalf_of_partner=True
    )
    return suggestion, {"deputy": raw, "title": title}


def _create_public_request(*, partner: Partner, fields, attributes):
    raw = _attribute(attributes, "station")
    if not raw:
        raise _bad("缺少必填属性 station（转交的联络站）。", "attribute[station]")
    station = stations_of(partner.congress).filter(region__code=raw[:12]).first()
    if station is None:
        raise _bad(
            f"属性 station 的值“{raw[:20]}”不是本级人大的联络站。", "attribute[station]"
        )
    name = f"{fields.get('last_name') or ''}{fields.get('first_name') or ''}".strip()
    if not name:
        raise _bad("请提供群众姓名（first_name 或 last_name）。", "first_name")
    request = public_request_create(
        station=station,
        source=RequestSource.HOTLINE,
        resident_name=name,
        resident_phone=fields.get("phone") or "",
        consent=True,
        content=fields.get("description") or "",
        location=fields.get("address_string") or "",
        actor=partner.user,
        on_behalf_of_partner=True,
    )
    return request, {"station": raw}


def _insert(partner: Partner, ticket_id, service_code) -> InboundRequest | None:
    """Insert the row; None when this ticket id was recorded meanwhile."""
    for _attempt in range(ID_ATTEMPTS):
        try:
            with transaction.atomic():
                return InboundRequest.objects.create(
                    partner=partner,
                    partner_ticket_id=ticket_id,
                    service_request_id=new_receipt_number(),
                    service_code=service_code,
                )
        except IntegrityError:
            if (
                ticket_id is not None
                and InboundRequest.objects.filter(
                    partner=partner, partner_ticket_id=ticket_id
                ).exists()
            ):
                return None
    raise ApplicationError(
        "生成服务请求编号失败，请重试。", code="hotline.id"
    )  # pragma: no cover


@transaction.atomic
def inbound_request_create(
    *,
    partner: Partner,
    service_code: str,
    fields: dict,
    attributes: dict,
    ticket_id: str | None = None,
) -> tuple[InboundRequest, bool]:
    """Record a partner's service request; ``(row, created)``.

    A ticket id already recorded for this partner returns the first row and
    ``created=False``, whatever else the post says.
    """
    if partner.user is None or not partner.user.is_active:
        raise PermissionDenied(
            "该合作方系统没有可用的服务账号。", code="hotline.forbidden"
        )
    ticket_id = clean_ticket_id(ticket_id)
    if ticket_id is not None:
        earlier = InboundRequest.objects.filter(
            partner=partner, partner_ticket_id=ticket_id
        ).first()
        if earlier is not None:
            return earlier, False
    channel = channel_of_service(service_code)
    if channel is None:
        raise NotFound(
            f"服务代码“{str(service_code)[:40]}”不存在。", code="hotline.service"
        )
    if channel != partner.channel:
        raise PermissionDenied(
            f"服务代码“{service_code}”不在本合作方的受理范围内。", code="hotline.scope"
        )
    inbound = _insert(partner, ticket_id, service_code)
    if inbound is None:
        return InboundRequest.objects.get(
            partner=partner, partner_ticket_id=ticket_id
        ), False
    if channel == PartnerChannel.HOTLINE:
        record, kept = _create_suggestion(
            partner=partner,
            service_code=service_code,
            fields=fields,
            attributes=attributes,
        )
        inbound.suggestion = record
    else:
        record, kept = _create_public_request(
            partner=partner, fields=fields, attributes=attributes
        )
        inbound.public_request = record
    inbound.attributes = kept
    inbound.status = InboundStatus.CREATED
    inbound.save(
        update_fields=[
            "suggestion",
            "public_request",
            "attributes",
            "status",
            "updated_at",
        ]
    )
    action_log_record(
        actor=partner.user,
        action="hotline.inbound_create",
        target=inbound,
        summary=f"合作方“{partner.name}”提交服务请求 {inbound.service_request_id}",
        data={"service_code": service_code, "ticket_id": ticket_id or ""},
    )
    return inbound, True
