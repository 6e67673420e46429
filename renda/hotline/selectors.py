"""Reads of the 12345 直通车: partners and the requests they sent."""

from __future__ import annotations

from django.db.models import Count

from renda.accounts.permissions import get_scope
from renda.core.errors import NotFound

from .models import InboundRequest, Partner


def partner_list(user):
    """The partners of the congresses the user reads (staff and leaders)."""
    scope = get_scope(user)
    rows = Partner.objects.select_related("congress").annotate(
        received=Count("inbound_requests")
    )
    if not scope.is_admin:
        rows = rows.filter(congress_id__in=scope.congress_ids)
    return rows.order_by("congress_id", "name", "pk")


def get_partner_for_user(user, pk) -> Partner:
    """One partner the user reads, else 404 (without saying whether it exists)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("未找到该合作方系统。") from None
    partner = partner_list(user).filter(pk=pk).first()
    if partner is None:
        raise NotFound("未找到该合作方系统。")
    return partner


def partner_inbound_list(partner: Partner, *, limit: int = 200):
    """The latest requests a partner sent, with what they became."""
    return (
        InboundRequest.objects.filter(partner=partner)
        .select_related("suggestion", "public_request")
        .order_by("-created_at", "-id")[:limit]
    )
