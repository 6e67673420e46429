"""The demo's 12345 exchange, built on the small test city (not the whole demo)."""

import datetime as dt

from renda.demo.hotline_outbound import ITEMS, demo_hotline_outbound_build
from renda.hotline.choices import OutboundStatus
from renda.hotline.models import OutboundTicket
from renda.suggestions.choices import SuggestionStatus
from renda.suggestions.models import Reply


def test_the_demo_sends_answers_and_closes_through_the_services(
    world, committee_staff, deputy
):
    count = demo_hotline_outbound_build(
        seed=1,
        congress=world.city_congress,
        users={"staff": committee_staff, "deputy": deputy},
        today=dt.date(2025, 6, 16),
    )

    assert count == len(ITEMS)
    tickets = list(OutboundTicket.objects.order_by("pk"))
    assert [t.status for t in tickets] == [
        OutboundStatus.ANSWERED,
        OutboundStatus.ANSWERED,
        OutboundStatus.SENT,
    ]
    assert all(t.service_request_id for t in tickets)
    assert Reply.objects.filter(hotline_ticket__isnull=False).count() == 2
    assert [t.suggestion.status for t in tickets] == [
        SuggestionStatus.CLOSED,
        SuggestionStatus.REPLIED,
        SuggestionStatus.ASSIGNED,
    ]
    assert tickets[0].reply.text == ITEMS[0][4]
    # The stub is stopped: no address to a dead port is left behind, and the
    # poll of the open ticket neither calls out nor loops.
    partner = tickets[0].partner
    partner.refresh_from_db()
    assert (partner.endpoint_url, partner.outbound_key) == ("", "")
    assert partner.service_map  # kept: staff only enter the address
    from renda.hotline.services.outbound import tickets_poll

    assert tickets_poll() == {"no-endpoint": 1}
    assert tickets_poll() == {}
