"""The 12345 ticket's state on the suggestion's detail page."""

from __future__ import annotations

from renda.suggestions.panels import register_panel

from .models import OutboundTicket
from .permissions import reads_hotline


def ticket_panel(user, suggestion):
    """Show staff and leaders the state of the item's 12345 tickets."""
    if suggestion.channel != "HOTLINE" or not reads_hotline(
        user, suggestion.congress_id
    ):
        return None
    tickets = list(
        OutboundTicket.objects.filter(suggestion=suggestion)
        .select_related("partner")
        .order_by("created_at", "pk")
    )
    if not tickets:
        return None
    return "hotline/ticket_panel.html", {"hotline_tickets": tickets}


def register() -> None:
    register_panel(ticket_panel)
