"""Done when: a HOTLINE item goes out to a far-side server, comes back answered,
and closes by the deputy's rating, with the far side failing once on the way."""

import datetime as dt

from renda.hotline.choices import OutboundStatus
from renda.hotline.services.outbound import tickets_poll, tickets_send_due
from renda.suggestions import services
from renda.suggestions.choices import (
    AssignmentRole,
    AssignmentStatus,
    Category,
    Channel,
    CloseReason,
    Rating,
    SuggestionStatus,
)
from renda.suggestions.models import Reply
from renda.suggestions.tests.factories import moment

from .outbound_factories import hotline_partner, ticket_of

MONDAY = moment(2025, 3, 3)


def test_hotline_item_out_answered_and_closed_with_one_failure(
    world, deputy, committee_staff, far, clock, django_capture_on_commit_callbacks
):
    partner = hotline_partner(world, committee_staff, far)
    # The deputy drafts a HOTLINE item with consent and submits it.
    draft = services.suggestion_create_draft(
        actor=deputy,
        congress=world.city_congress,
        term=world.city_term,
        lead_deputy=world.deputy_city_a,
        title="龙山区东吉大路路灯不亮",
        body="东吉大路龙山段路灯连续一周不亮，夜间行人不便。",
        category=Category.TRANSPORT,
        channel=Channel.HOTLINE,
        region=world.longshan,
        hotline_consent=True,
        now=MONDAY,
    )
    suggestion = services.suggestion_submit(suggestion=draft, actor=deputy, now=MONDAY)
    assert suggestion.hotline_consent_at == MONDAY
    # Staff accept and assign it to the 12345 platform's unit; the far side is down.
    services.suggestion_accept(suggestion=suggestion, actor=committee_staff, now=MONDAY)
    far.fail_next("error500")
    with django_capture_on_commit_callbacks(execute=True):
        [assignment] = services.suggestion_assign(
            suggestion=suggestion,
            units=[(partner.handling_unit, AssignmentRole.LEAD)],
            actor=committee_staff,
            now=MONDAY,
        )
    ticket = ticket_of(assignment)
    assert ticket.status == OutboundStatus.PENDING
    assert ticket.attempts == 1
    # The retry a minute later goes through, once.
    clock.at = MONDAY + dt.timedelta(minutes=2)
    tickets_send_due(now=clock.at)
    ticket.refresh_from_db()
    assert ticket.status == OutboundStatus.SENT
    assert len(far.requests) == 1
    assert far.posts[0]["phone"] == world.deputy_city_a.phone
    # The hotline answers; the poll brings the answer back as the reply.
    answered_on = moment(2025, 3, 6, 10)
    clock.at = answered_on
    far.answer(ticket.service_request_id, "已维修路灯12盏，现已恢复照明。")
    assert tickets_poll(now=answered_on) == {"answered": 1}
    assert tickets_poll(now=answered_on + dt.timedelta(minutes=10)) == {}
    reply = Reply.objects.get(assignment=assignment)
    assert reply.text == "已维修路灯12盏，现已恢复照明。"
    assert reply.created_by == partner.user
    assert reply.replied_at == answered_on
    assert reply.replied_at.date() <= assignment.due_at  # counted on time (7 days)
    assignment.refresh_from_db()
    suggestion.refresh_from_db()
    assert assignment.status == AssignmentStatus.REPLIED
    assert suggestion.status == SuggestionStatus.REPLIED
    # The deputy rates it 满意: the item closes.
    services.feedback_create(
        reply=reply,
        rating=Rating.SATISFIED,
        actor=deputy,
        now=moment(2025, 3, 7),
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CLOSED
    assert suggestion.close_reason == CloseReason.RATED
    ticket.refresh_from_db()
    assert ticket.status == OutboundStatus.ANSWERED
    assert ticket.reply == reply
