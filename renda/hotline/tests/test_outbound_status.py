"""The partner's answer: by poll and by push, once, and late after withdrawal."""

import datetime as dt

import pytest

from renda.hotline.choices import OutboundEventKind, OutboundStatus
from renda.hotline.services.outbound import tickets_poll
from renda.suggestions import services
from renda.suggestions.models import Reply
from renda.suggestions.tests.factories import START

from .outbound_factories import (
    PUSH_KEY,
    assign_to,
    hotline_item,
    hotline_partner,
    ticket_of,
)

PUSH = "/open311/v2/push/requests.json"
NOTES = "已派员现场处理，问题已解决。"


@pytest.fixture
def sent(
    world, deputy, committee_staff, far, clock, django_capture_on_commit_callbacks
):
    partner = hotline_partner(world, committee_staff, far)
    item = hotline_item(world, deputy, committee_staff)
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)
    ticket = ticket_of(assignment)
    assert ticket.status == OutboundStatus.SENT
    clock.at = START + dt.timedelta(days=5)  # the answers come days later
    return ticket


def push(client, ticket, **fields):
    data = {
        "api_key": PUSH_KEY,
        "service_request_id": ticket.service_request_id,
        "status": "closed",
        "status_notes": NOTES,
        "updated_datetime": "2025-03-04T10:00:00+08:00",
        **fields,
    }
    return client.post(PUSH, data)


def test_open_status_is_recorded_without_a_reply(sent, far):
    far.answer(sent.service_request_id, "已转市城管局。", status="open")

    assert tickets_poll() == {"open": 1}
    assert tickets_poll() == {"open": 1}

    sent.refresh_from_db()
    assert (sent.remote_status, sent.status_notes) == ("open", "已转市城管局。")
    assert sent.last_polled_at is not None
    assert sent.events.filter(kind=OutboundEventKind.STATUS).count() == 1
    assert not Reply.objects.exists()


def test_push_then_poll_make_one_reply(sent, far, client):
    response = push(client, sent)
    assert response.status_code == 200
    assert response.json()[0]["result"] == "answered"
    assert push(client, sent).json()[0]["result"] == "already-answered"
    far.answer(sent.service_request_id, NOTES)
    assert tickets_poll() == {}

    reply = Reply.objects.get()
    assert reply.text == NOTES
    assert reply.replied_at == dt.datetime.fromisoformat("2025-03-04T10:00:00+08:00")
    sent.refresh_from_db()
    assert sent.status == OutboundStatus.ANSWERED
    assert sent.events.filter(kind=OutboundEventKind.ANSWERED).count() == 1


def test_poll_of_a_down_partner_changes_nothing(sent, far):
    far.stop()
    assert tickets_poll() == {"error": 1}
    sent.refresh_from_db()
    assert sent.status == OutboundStatus.SENT
    far.start()


def test_late_answer_after_withdrawal_stays_on_the_ticket(sent, far, committee_staff):
    services.assignment_withdraw(
        assignment=sent.assignment,
        reason="改由市住建局办理。",
        actor=committee_staff,
        now=START + dt.timedelta(hours=1),
    )
    far.answer(sent.service_request_id, "已转交。", status="open")
    assert tickets_poll() == {"open": 1}
    far.answer(sent.service_request_id, NOTES)

    assert tickets_poll() == {"late": 1}
    assert tickets_poll() == {}  # closed at the partner: no longer asked

    sent.refresh_from_db()
    assert sent.status == OutboundStatus.CANCELLED
    assert (sent.remote_status, sent.status_notes) == ("closed", NOTES)
    assert sent.events.filter(kind=OutboundEventKind.LATE_ANSWER).count() == 1
    assert not Reply.objects.exists()


def test_late_push_after_withdrawal_is_recorded_not_replied(
    sent, committee_staff, client
):
    services.assignment_withdraw(
        assignment=sent.assignment,
        reason="改由市住建局办理。",
        actor=committee_staff,
        now=START + dt.timedelta(hours=1),
    )

    response = push(client, sent)

    assert response.json()[0]["result"] == "late"
    sent.refresh_from_db()
    assert sent.status == OutboundStatus.CANCELLED
    assert sent.status_notes == NOTES
    assert sent.events.filter(kind=OutboundEventKind.LATE_ANSWER).count() == 1
    assert not Reply.objects.exists()


@pytest.mark.parametrize(
    ("fields", "status", "words"),
    [
        ({"api_key": "wrong"}, 403, "api_key"),
        ({"status": "done"}, 400, "status"),
        ({"updated_datetime": "2025-03-04 10:00"}, 400, "updated_datetime"),
        ({"service_request_id": "nope"}, 404, "service_request_id"),
        ({"service_request_id": ""}, 400, "service_request_id"),
    ],
)
def test_push_errors_come_in_the_standard_shape(sent, client, fields, status, words):
    response = push(client, sent, **fields)

    assert response.status_code == status
    [error] = response.json()
    assert error["code"] == status
    assert words in error["description"]
    assert not Reply.objects.exists()


def test_push_refuses_get_and_bad_json(sent, client):
    assert client.get(PUSH).status_code == 405
    response = client.post(PUSH, "{", content_type="application/json")
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400


def test_the_poll_command_answers_and_the_panel_shows_the_ticket(
    sent, far, client, committee_staff, deputy
):
    from io import StringIO

    from django.core.management import call_command
    from django.urls import reverse

    far.answer(sent.service_request_id, NOTES)
    out = StringIO()
    call_command("hotline_poll", stdout=out)
    call_command("hotline_poll", stdout=out)

    assert out.getvalue().splitlines() == [
        "hotline_poll: answered=1",
        "hotline_poll: nothing open",
    ]
    assert Reply.objects.count() == 1
    url = reverse("suggestions:detail", args=[sent.suggestion_id])
    client.force_login(committee_staff)
    assert "12345热线工单" in client.get(url).content.decode()
    client.force_login(deputy)
    assert "12345热线工单" not in client.get(url).content.decode()


def test_a_deferred_ticket_is_resolved_by_its_token_then_answered(
    world, deputy, committee_staff, far, django_capture_on_commit_callbacks
):
    partner = hotline_partner(world, committee_staff, far)
    far.deferred = True
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(
            partner, hotline_item(world, deputy, committee_staff), committee_staff
        )
    ticket = ticket_of(assignment)
    assert (ticket.status, ticket.service_request_id) == (OutboundStatus.SENT, "")
    assert ticket.token.startswith("tok-")

    far.answer(far.posts[0]["_id"], NOTES)
    assert tickets_poll() == {"answered": 1}

    ticket.refresh_from_db()
    assert ticket.service_request_id == far.posts[0]["_id"]
    assert ticket.status == OutboundStatus.ANSWERED
    assert [e.kind for e in ticket.events.order_by("at", "id")][-2:] == [
        OutboundEventKind.TOKEN_RESOLVED,
        OutboundEventKind.ANSWERED,
    ]


def test_a_push_with_a_nul_character_is_refused_in_the_standard_shape(sent, client):
    response = push(client, sent, status_notes="已处理\x00完毕")
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400
    assert "status_notes" in error["description"]
    sent.refresh_from_db()
    assert sent.status == OutboundStatus.SENT


def test_the_poll_strips_control_characters_and_one_bad_row_stops_nothing(
    sent,
    far,
    world,
    deputy,
    committee_staff,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from renda.hotline.services import outbound

    item = hotline_item(world, deputy, committee_staff, title="第二件")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(sent.partner, item, committee_staff)
    other = ticket_of(assignment)
    assert other.service_request_id
    far.answer(sent.service_request_id, "已派员\x00处理\x07完毕。\n请回访。")
    far.answer(other.service_request_id, "第二件已办结。")
    real = outbound.ticket_take_status

    def broken_for_the_second(*, ticket, **kwargs):
        if ticket.pk == other.pk:
            raise RuntimeError("a bad row")
        return real(ticket=ticket, **kwargs)

    monkeypatch.setattr(outbound, "ticket_take_status", broken_for_the_second)
    assert tickets_poll() == {"answered": 1, "error": 1}

    sent.refresh_from_db()
    assert sent.status == OutboundStatus.ANSWERED
    assert sent.status_notes == "已派员处理完毕。\n请回访。"
    assert Reply.objects.get(assignment=sent.assignment).text == sent.status_notes
