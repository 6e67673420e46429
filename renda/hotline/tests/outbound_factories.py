"""A 12345 partner configured for outbound sending, and HOTLINE items assigned to it."""

from __future__ import annotations

import hashlib

from renda.accounts.tests.factories import UserFactory
from renda.hotline.choices import PartnerChannel
from renda.hotline.models import OutboundTicket, Partner
from renda.hotline.services.outbound_config import partner_set_outbound
from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Category, Channel
from renda.suggestions.tests.factories import START, accepted
from renda.units.tests.factories import HandlingUnitFactory

PUSH_KEY = "push-key-of-12345"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def hotline_partner(world, staff, far, *, name="辽源市12345热线", push_key=PUSH_KEY):
    """A HOTLINE partner of the city congress whose platform is ``far``."""
    unit = HandlingUnitFactory(name=f"{name}平台", region=world.city)
    account = UserFactory(username=f"svc-{key_hash(name)[:8]}", display_name=name)
    partner = Partner.objects.create(
        name=name,
        congress=world.city_congress,
        channel=PartnerChannel.HOTLINE,
        key_hash=key_hash(push_key),
        key_prefix=push_key[:8],
        user=account,
    )
    return partner_set_outbound(
        partner=partner,
        endpoint_url=far.url,
        outbound_key=far.api_key,
        handling_unit=unit,
        service_map={Category.TRANSPORT: "TRAFFIC", Category.OTHER: "OTHER"},
        jurisdiction_id="liaoyuan",
        actor=staff,
    )


def hotline_item(world, deputy, staff, *, consent=True, now=START, **fields):
    """A HOTLINE item submitted by 甲 and accepted by staff (not yet assigned)."""
    values = {
        "channel": Channel.HOTLINE,
        "title": "东吉大路路灯不亮",
        "body": "东吉大路龙山段路灯连续一周不亮，夜间行人不便。",
        "region": world.longshan,
    }
    values.update(fields)
    if consent:
        values["hotline_consent"] = True
    return accepted(world, deputy, staff, now=now, **values)


def assign_to(partner, suggestion, staff, *, now=START):
    """Assign the item to the partner's unit as lead; return the assignment."""
    [assignment] = services.suggestion_assign(
        suggestion=suggestion,
        units=[(partner.handling_unit, AssignmentRole.LEAD)],
        actor=staff,
        now=now,
    )
    return assignment


def ticket_of(assignment) -> OutboundTicket:
    return OutboundTicket.objects.get(assignment=assignment)
