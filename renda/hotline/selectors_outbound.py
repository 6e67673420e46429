"""Reads of the tickets sent to partners: one path for the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from renda.accounts.permissions import get_scope
from renda.core.errors import NotFound

from .choices import OutboundStatus
from .models import OutboundTicket
from .outbound_events import EventDescription, describe_event
from .permissions import manages_partners


@dataclass
class TicketFilters:
    status: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query) -> TicketFilters:
        status = str(query.get("status") or "").strip()
        return cls(
            status=status if status in OutboundStatus.values else "",
            q=str(query.get("q") or "").strip()[:50],
        )


def tickets_visible_to(user):
    """Return the tickets of the congresses whose staff or leaders the user is."""
    scope = get_scope(user)
    rows = OutboundTicket.objects.select_related("partner", "suggestion")
    if scope.is_admin:
        return rows
    return rows.filter(partner__congress_id__in=scope.congress_ids)


def ticket_list(user, filters: TicketFilters):
    """Return the visible tickets, filtered, newest first."""
    rows = tickets_visible_to(user)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.q:
        rows = rows.filter(suggestion__title__icontains=filters.q) | rows.filter(
            service_request_id=filters.q
        )
    return rows.order_by("-created_at", "-pk")


def get_ticket_for_user(user, pk) -> OutboundTicket:
    """Return one visible ticket, or 404 without saying whether it exists."""
    ticket = tickets_visible_to(user).filter(pk=pk).first()
    if ticket is None:
        raise NotFound("工单不存在或您无权查看。")
    return ticket


@dataclass
class TicketDetail:
    ticket: OutboundTicket
    timeline: list[EventDescription] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def ticket_actions(user, ticket: OutboundTicket) -> list[str]:
    """The actions this user may take on the ticket now."""
    if not manages_partners(user, ticket.partner.congress_id):
        return []
    if ticket.can_retry():
        return ["retry"]
    if ticket.needs_check and ticket.status == "PENDING":
        return ["confirm_not_sent", "enter_remote_id"]
    return []


def ticket_detail(user, pk) -> TicketDetail:
    """Return the ticket, its timeline and the user's actions."""
    ticket = get_ticket_for_user(user, pk)
    events = ticket.events.select_related("actor").order_by("at", "id")
    return TicketDetail(
        ticket=ticket,
        timeline=[describe_event(event) for event in events],
        actions=ticket_actions(user, ticket),
    )
