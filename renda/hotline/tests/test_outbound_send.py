"""Sending a HOTLINE item to the 12345 system: retries and the idempotency guard."""

import datetime as dt

import pytest

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.hotline.choices import OutboundEventKind, OutboundStatus
from renda.hotline.models import OutboundTicket
from renda.hotline.services.outbound import ticket_send, tickets_send_due
from renda.hotline.services.outbound_staff import ticket_retry
from renda.suggestions import services
from renda.suggestions.choices import Category, Channel
from renda.suggestions.models import Assignment
from renda.suggestions.tests.factories import START

from .outbound_factories import (
    assign_to,
    hotline_item,
    hotline_partner,
    ticket_of,
)

LATER = dt.timedelta(hours=3)


def kinds(ticket):
    return list(ticket.events.order_by("at", "id").values_list("kind", flat=True))


@pytest.fixture
def partner(world, committee_staff, far):
    return hotline_partner(world, committee_staff, far)


@pytest.fixture
def item(world, deputy, committee_staff):
    return hotline_item(world, deputy, committee_staff)


def test_assignment_sends_the_item_on_commit_with_consent_and_location(
    partner, item, committee_staff, far, django_capture_on_commit_callbacks, world
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)

    ticket = ticket_of(assignment)
    assert ticket.status == OutboundStatus.SENT
    assert ticket.service_request_id == "12345-00001"
    assert ticket.attempts == 1
    [post] = far.posts
    assert post["service_code"] == "TRAFFIC"
    assert post["jurisdiction_id"] == "liaoyuan"
    assert post["api_key"] == far.api_key
    assert post["_attributes"] == {"renda_key": str(ticket.idempotency_key)}
    assert f"renda:{ticket.idempotency_key}" in post["description"]
    assert post["address_string"].endswith("龙山区")
    assert (post["last_name"], post["first_name"]) == (
        world.deputy_city_a.name[:1],
        world.deputy_city_a.name[1:],
    )
    assert post["phone"] == world.deputy_city_a.phone
    assert kinds(ticket) == [OutboundEventKind.CREATED, OutboundEventKind.SENT]
    # A second worker handed the same task finds nothing to do.
    assert ticket_send(ticket_id=ticket.pk) == "not-due"
    assert len(far.posts) == 1


def test_without_consent_no_personal_data_is_sent(
    partner, world, deputy, committee_staff, far, django_capture_on_commit_callbacks
):
    item = hotline_item(world, deputy, committee_staff, consent=False)
    with django_capture_on_commit_callbacks(execute=True):
        assign_to(partner, item, committee_staff)

    [post] = far.posts
    assert not {"first_name", "last_name", "phone", "email"} & set(post)


def test_a_category_without_service_code_refuses_the_assignment(
    partner, world, deputy, committee_staff, far
):
    item = hotline_item(world, deputy, committee_staff, category=Category.HEALTH)

    with pytest.raises(ApplicationError) as caught:
        assign_to(partner, item, committee_staff)

    assert caught.value.code == "hotline.service_code_missing"
    assert "医疗卫生" in caught.value.message
    assert partner.name in caught.value.message
    assert not Assignment.objects.filter(suggestion=item).exists()
    assert not OutboundTicket.objects.exists()


def test_other_channels_and_units_send_nothing(
    partner, world, deputy, committee_staff, far, django_capture_on_commit_callbacks
):
    formal = hotline_item(world, deputy, committee_staff, channel=Channel.FORMAL)
    with django_capture_on_commit_callbacks(execute=True):
        assign_to(partner, formal, committee_staff)
    assert not OutboundTicket.objects.exists()
    assert far.posts == []


def test_partner_down_retries_with_backoff_then_sends(
    partner, item, committee_staff, far, clock, django_capture_on_commit_callbacks
):
    far.stop()
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)
    ticket = ticket_of(assignment)
    assert ticket.status == OutboundStatus.PENDING
    assert ticket.attempts == 1
    assert "连接被拒绝" in ticket.last_error
    assert ticket.maybe_created is False  # refused: nothing reached the partner
    assert ticket.next_attempt_at == START + dt.timedelta(seconds=60)

    far.start()
    assert tickets_send_due(now=START + dt.timedelta(seconds=30)) == 0
    clock.at = START + dt.timedelta(seconds=61)
    assert tickets_send_due(now=clock.at) == 1

    ticket.refresh_from_db()
    assert ticket.status == OutboundStatus.SENT
    assert ticket.attempts == 2
    assert ticket.last_error == ""
    assert len(far.posts) == 1
    assert "POST requests.json" in far.calls
    assert "GET requests.json" not in far.calls  # no look-up after a refusal


def test_lost_answer_is_found_on_the_partner_and_never_posted_twice(
    partner, item, committee_staff, far, clock, django_capture_on_commit_callbacks
):
    far.fail_next("lost")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)
    ticket = ticket_of(assignment)
    assert ticket.status == OutboundStatus.PENDING
    assert ticket.maybe_created is True
    assert "可能已被受理" in ticket.last_error
    assert len(far.posts) == 1  # the partner did create it

    clock.at = START + LATER
    tickets_send_due(now=clock.at)

    ticket.refresh_from_db()
    assert ticket.status == OutboundStatus.SENT
    assert ticket.service_request_id == far.posts[0]["_id"]
    assert len(far.posts) == 1
    assert len(far.requests) == 1
    assert kinds(ticket)[-1] == OutboundEventKind.FOUND_EXISTING


def test_slow_partner_that_created_nothing_gets_one_post_after_the_look_up(
    partner, item, committee_staff, far, clock, django_capture_on_commit_callbacks
):
    far.fail_next("slow")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)
    ticket = ticket_of(assignment)
    assert ticket.maybe_created is True
    assert far.posts == []

    clock.at = START + LATER
    tickets_send_due(now=clock.at)

    ticket.refresh_from_db()
    assert ticket.status == OutboundStatus.SENT
    assert len(far.posts) == 1
    assert far.calls[-2:] == ["GET requests.json", "POST requests.json"]


def test_server_errors_are_retried_and_refusals_fail_at_once(
    partner, world, deputy, committee_staff, far, django_capture_on_commit_callbacks
):
    far.fail_next("error500")
    with django_capture_on_commit_callbacks(execute=True):
        first = ticket_of(
            assign_to(
                partner, hotline_item(world, deputy, committee_staff), committee_staff
            )
        )
    first.refresh_from_db()
    assert first.status == OutboundStatus.PENDING
    assert first.last_error == "对方系统出错（HTTP 500）：系统繁忙，请稍后再试（500）"

    far.fail_next("error400")
    with django_capture_on_commit_callbacks(execute=True):
        second = ticket_of(
            assign_to(
                partner,
                hotline_item(world, deputy, committee_staff, title="第二件"),
                committee_staff,
            )
        )
    second.refresh_from_db()
    assert second.status == OutboundStatus.FAILED
    assert (
        second.last_error == "对方系统拒绝了请求（HTTP 400）：service_code 无效（400）"
    )
    assert second.next_attempt_at is None
    assert far.api_key not in second.last_error


def test_attempts_run_out_then_staff_send_again(
    partner,
    item,
    committee_staff,
    leader,
    far,
    settings,
    clock,
    django_capture_on_commit_callbacks,
):
    settings.RENDA_HOTLINE_MAX_ATTEMPTS = 2
    far.stop()
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)
    clock.at = START + LATER
    tickets_send_due(now=clock.at)
    ticket = ticket_of(assignment)
    assert ticket.status == OutboundStatus.FAILED
    assert ticket.attempts == 2
    assert kinds(ticket)[-1] == OutboundEventKind.GAVE_UP

    with pytest.raises(PermissionDenied):
        ticket_retry(ticket=ticket, actor=leader)
    far.start()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_retry(ticket=ticket, actor=committee_staff)
    ticket.refresh_from_db()
    assert ticket.status == OutboundStatus.SENT
    assert len(far.posts) == 1
    with pytest.raises(InvalidTransition):
        ticket_retry(ticket=ticket, actor=committee_staff)


@pytest.mark.usefixtures("lock_order_checked")
def test_withdrawal_cancels_a_pending_send(
    partner, item, committee_staff, far, django_capture_on_commit_callbacks
):
    far.stop()
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)
    far.start()

    services.assignment_withdraw(
        assignment=assignment,
        reason="改由市住建局办理。",
        actor=committee_staff,
        now=START + dt.timedelta(minutes=1),
    )

    ticket = ticket_of(assignment)
    assert ticket.status == OutboundStatus.CANCELLED
    assert ticket.next_attempt_at is None
    assert tickets_send_due(now=START + LATER) == 0
    assert ticket_send(ticket_id=ticket.pk, now=START + LATER) == "not-due"
    assert far.posts == []


def test_an_answer_cut_off_mid_body_is_ambiguous_and_never_posted_twice(
    partner, item, committee_staff, far, clock, django_capture_on_commit_callbacks
):
    far.fail_next("cut")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)
    ticket = ticket_of(assignment)
    assert ticket.status == OutboundStatus.PENDING
    assert ticket.maybe_created is True  # the partner did create it
    assert "可能已被受理" in ticket.last_error
    assert len(far.posts) == 1

    clock.at = START + LATER
    tickets_send_due(now=clock.at)

    ticket.refresh_from_db()
    assert ticket.status == OutboundStatus.SENT
    assert ticket.service_request_id == far.posts[0]["_id"]
    assert len(far.posts) == 1


def test_transport_errors_of_a_post_are_ambiguous_unless_never_connected():
    import requests
    from urllib3.exceptions import MaxRetryError, NewConnectionError

    from renda.hotline.client import Open311Client

    client = Open311Client(endpoint_url="http://127.0.0.1:9/")
    for error in (
        requests.exceptions.ChunkedEncodingError("cut"),
        requests.exceptions.ContentDecodingError("bad gzip"),
        requests.exceptions.ConnectionError("reset by peer"),
    ):
        assert client._transport_error(error, "POST").ambiguous is True
        assert client._transport_error(error, "GET").ambiguous is False
    refused = requests.exceptions.ConnectionError(
        MaxRetryError(None, "/", NewConnectionError(None, "Connection refused"))
    )
    assert client._transport_error(refused, "POST").ambiguous is False


def test_a_claim_with_a_stale_clock_still_keeps_a_second_worker_out(
    partner, item, committee_staff, far, settings
):
    from django.utils import timezone

    from renda.hotline.services.outbound import ticket_claim

    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 300}
    assignment = assign_to(partner, item, committee_staff)  # on-commit not run
    ticket = ticket_of(assignment)
    # A task queued long ago carries an old time; the lease must still be live.
    assert ticket_claim(ticket_id=ticket.pk, now=START) is True
    ticket.refresh_from_db()
    assert ticket.next_attempt_at >= timezone.now() + dt.timedelta(seconds=590)
    assert ticket_claim(ticket_id=ticket.pk, now=timezone.now()) is False
    assert ticket_send(ticket_id=ticket.pk) == "not-due"
    assert far.posts == []


def test_the_look_up_sends_the_key_to_a_server_that_hides_descriptions(
    partner, item, committee_staff, far, clock, django_capture_on_commit_callbacks
):
    far.descriptions = "key"  # descriptions only for a caller with the api_key
    far.fail_next("lost")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)
    ticket = ticket_of(assignment)
    assert len(ticket.post_times) == 1
    clock.at = START + LATER
    tickets_send_due(now=clock.at)

    ticket.refresh_from_db()
    assert ticket.status == OutboundStatus.SENT
    assert ticket.service_request_id == far.posts[0]["_id"]
    assert len(far.posts) == 1


def test_a_look_up_that_cannot_tell_holds_the_ticket_for_staff(
    partner,
    item,
    committee_staff,
    leader,
    far,
    clock,
    django_capture_on_commit_callbacks,
):
    from renda.hotline.services.outbound_staff import ticket_confirm_not_sent

    far.descriptions = "none"
    far.fail_next("lost")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)
    clock.at = START + LATER
    tickets_send_due(now=clock.at)

    ticket = ticket_of(assignment)
    assert ticket.status == OutboundStatus.PENDING  # not failed for good
    assert ticket.needs_check is True
    assert ticket.next_attempt_at is None
    assert ticket.last_error.startswith("可能已送达，请核实")
    assert len(far.posts) == 1  # no second POST
    assert tickets_send_due(now=clock.at + LATER) == 0

    with pytest.raises(PermissionDenied):
        ticket_confirm_not_sent(ticket=ticket, actor=leader)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_confirm_not_sent(ticket=ticket, actor=committee_staff)
    ticket.refresh_from_db()
    assert ticket.status == OutboundStatus.SENT
    assert ticket.needs_check is False
    assert len(far.posts) == 2  # staff said it was not there


def test_a_revoked_partner_gets_nothing_and_the_ticket_says_why(
    partner, item, committee_staff, far, clock, django_capture_on_commit_callbacks
):
    from renda.hotline.models import Partner
    from renda.hotline.services.outbound import tickets_poll

    far.stop()
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)
    far.start()
    Partner.objects.filter(pk=partner.pk).update(revoked_at=START)
    clock.at = START + LATER
    tickets_send_due(now=clock.at)

    ticket = ticket_of(assignment)
    assert ticket.status == OutboundStatus.FAILED  # no loop
    assert ticket.last_error.startswith("合作方已停用")
    assert far.posts == []
    with pytest.raises(ApplicationError, match="已停用"):
        ticket_retry(ticket=ticket, actor=committee_staff)

    # A sent ticket of a partner switched off is not polled any more.
    OutboundTicket.objects.filter(pk=ticket.pk).update(
        status=OutboundStatus.SENT, service_request_id="12345-09999"
    )
    Partner.objects.filter(pk=partner.pk).update(revoked_at=None, is_active=False)
    far.calls.clear()
    assert tickets_poll() == {"partner-inactive": 1}
    assert tickets_poll() == {}
    assert far.calls == []
    ticket.refresh_from_db()
    assert ticket.last_error == "合作方已停用，不再查询对方状态。"


def test_staff_enter_the_partner_id_of_a_held_ticket_found_there(
    partner, item, committee_staff, far, clock, django_capture_on_commit_callbacks
):
    from renda.hotline.services.outbound_staff import ticket_enter_remote_id

    far.descriptions = "none"
    far.fail_next("lost")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_to(partner, item, committee_staff)
    clock.at = START + LATER
    tickets_send_due(now=clock.at)
    ticket = ticket_of(assignment)
    assert ticket.needs_check is True

    with pytest.raises(ApplicationError, match="对方工单号"):
        ticket_enter_remote_id(
            ticket=ticket, service_request_id=" \x00 ", actor=committee_staff
        )
    ticket_enter_remote_id(
        ticket=ticket, service_request_id=far.posts[0]["_id"], actor=committee_staff
    )
    ticket.refresh_from_db()
    assert ticket.status == OutboundStatus.SENT
    assert ticket.service_request_id == far.posts[0]["_id"]
    assert (ticket.needs_check, ticket.maybe_created) == (False, False)
    assert len(far.posts) == 1
    assert kinds(ticket)[-1] == OutboundEventKind.FOUND_EXISTING
