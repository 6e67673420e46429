"""The same text sent twice within minutes from one client makes one request."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from renda.core.receipts import format_receipt_number
from renda.receptions import rules
from renda.receptions.choices import RequestSource
from renda.receptions.models import PublicRequest, PublicRequestEvent
from renda.receptions.services import (
    REPEATED_MESSAGE,
    RepeatedPublicRequest,
    public_request_create,
)

from .public_helpers import submit

pytestmark = pytest.mark.django_db


def _qr(station, **overrides):
    fields = {
        "station": station,
        "source": RequestSource.QR_FORM,
        "resident_name": "刘淑芬",
        "resident_phone": "",
        "consent": True,
        "content": "向阳小区3号楼前路灯坏了两个多月，请尽快修复。",
        "client_ip": "10.0.0.7",
    }
    fields.update(overrides)
    return public_request_create(**fields)


def test_sending_the_same_text_again_shows_the_first_receipt(client, world):
    first = submit(client, world.station_longshan)
    client.get(first["Location"])
    item = PublicRequest.objects.get()

    second = submit(client, world.station_longshan)

    assert PublicRequest.objects.count() == 1
    assert PublicRequestEvent.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == reverse("public:receipt", args=[item.receipt_number])
    html = client.get(second["Location"]).content.decode()
    assert REPEATED_MESSAGE in html
    assert "您刚才已提交过相同内容，无需重复提交" in html
    assert format_receipt_number(item.receipt_number) in html
    assert "提交成功" not in html
    # Said once: a later visit shows the progress only.
    assert REPEATED_MESSAGE not in client.get(second["Location"]).content.decode()


def test_spaces_case_and_full_width_forms_do_not_make_a_text_new(world):
    first = _qr(world.station_longshan, content="路灯坏了 LED 灯不亮,请修复")

    with pytest.raises(RepeatedPublicRequest) as raised:
        _qr(world.station_longshan, content="  路灯坏了\nｌｅｄ灯不亮，请修复 ")

    assert raised.value.earlier == first
    assert raised.value.code == "stations.repeated"
    assert PublicRequest.objects.count() == 1


def test_another_text_another_client_or_another_station_is_a_new_request(world):
    _qr(world.station_longshan)

    _qr(world.station_longshan, content="另一件事：楼道灯也坏了。")
    _qr(world.station_longshan, client_ip="10.0.0.8")
    _qr(world.station_longshan_2)

    assert PublicRequest.objects.count() == 4


def test_the_same_text_after_the_window_is_a_new_request(world):
    first = _qr(world.station_longshan)
    window = rules.public_form_duplicate_window()
    PublicRequest.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - window - dt.timedelta(seconds=1)
    )

    second = _qr(world.station_longshan)

    assert second.pk != first.pk
    assert PublicRequest.objects.count() == 2


def test_the_window_comes_from_settings(client, world):
    first = _qr(world.station_longshan)
    PublicRequest.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=3)
    )
    assert rules.public_form_duplicate_window() == dt.timedelta(minutes=10)
    with pytest.raises(RepeatedPublicRequest):
        _qr(world.station_longshan)

    with override_settings(RENDA_PUBLIC_FORM_DUPLICATE_MINUTES=2):
        assert rules.public_form_duplicate_window() == dt.timedelta(minutes=2)
        _qr(world.station_longshan)
        # The page follows the same rule: a third, again the same, is recognised.
        response = submit(
            client,
            world.station_longshan,
            remote_addr="10.0.0.7",
            content="向阳小区3号楼前路灯坏了两个多月，请尽快修复。",
        )
    assert response.status_code == 302
    assert PublicRequest.objects.count() == 2


def test_requests_recorded_by_station_staff_are_never_merged(world, station_chief):
    for _ in range(2):
        public_request_create(
            station=world.station_longshan,
            source=RequestSource.DEPUTY,
            resident_name="王大爷",
            resident_phone="13512345678",
            consent=True,
            content="路灯坏了",
            received_by=world.deputy_city_a,
            actor=station_chief,
            client_ip="10.0.0.7",
        )

    assert PublicRequest.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks (the in-memory test SQLite locks whole tables)",
)
@pytest.mark.django_db(transaction=True)
def test_two_posts_at_once_make_one_request(world):
    """Two threads post the same text at the same moment: one record, one repeat."""
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def post(index):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = _qr(world.station_longshan)
        except Exception as error:  # noqa: BLE001 - the outcome is what we assert
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    made = [o for o in outcomes if isinstance(o, PublicRequest)]
    repeats = [o for o in outcomes if isinstance(o, RepeatedPublicRequest)]
    assert (len(made), len(repeats)) == (1, 1), outcomes
    assert repeats[0].earlier == made[0]
    assert PublicRequest.objects.count() == 1


def test_a_caller_given_time_does_not_change_the_window(world):
    # Services take ``now`` for their records; the window runs on the clock,
    # as created_at does.
    past = timezone.now() - dt.timedelta(days=30)
    first = _qr(world.station_longshan, now=past)
    with pytest.raises(RepeatedPublicRequest) as raised:
        _qr(world.station_longshan, now=past)
    assert raised.value.earlier == first
    PublicRequest.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=11)
    )

    second = _qr(world.station_longshan, now=past)

    assert second.pk != first.pk
