"""The QR form's rate limits hold under parallel posts, per address and per station."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client, override_settings
from django.urls import reverse

from renda.core.models import RateLimitBucket
from renda.receptions.models import PublicRequest

from .public_helpers import captcha_of, form_data, submit

pytestmark = pytest.mark.django_db

THREADS = 8
LIMIT = 5


def _post_in_parallel(station, addresses):
    """Each thread opens the form (its own session and captcha), then all post at once."""
    url = reverse("public:form", args=[station.pk])
    prepared = []
    for index, address in enumerate(addresses):
        client = Client()
        page = client.get(url, REMOTE_ADDR=address)
        token, answer = captcha_of(page.content.decode())
        data = form_data(content=f"第{index}件事：小区路灯坏了，请修复。")
        data.update(captcha_token=token, captcha_answer=str(answer))
        prepared.append((client, data, address))
    barrier = threading.Barrier(len(prepared))
    statuses = [None] * len(prepared)

    def post(index):
        client, data, address = prepared[index]
        try:
            barrier.wait(timeout=20)
            statuses[index] = client.post(url, data, REMOTE_ADDR=address).status_code
        except Exception as error:  # noqa: BLE001 - the outcome is what we assert
            statuses[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(prepared))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks (the in-memory test SQLite locks whole tables)",
)
@pytest.mark.django_db(transaction=True)
@override_settings(RENDA_PUBLIC_FORM_MAX_PER_HOUR=LIMIT)
def test_parallel_posts_from_one_address_let_exactly_the_limit_through(world):
    statuses = _post_in_parallel(world.station_longshan, ["10.0.0.7"] * THREADS)

    assert sorted(statuses, key=str) == [302] * LIMIT + [429] * (THREADS - LIMIT)
    assert PublicRequest.objects.count() == LIMIT


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks (the in-memory test SQLite locks whole tables)",
)
@pytest.mark.django_db(transaction=True)
@override_settings(RENDA_PUBLIC_FORM_STATION_MAX_PER_HOUR=LIMIT)
def test_parallel_posts_from_many_addresses_stop_at_the_station_limit(world):
    addresses = [f"10.0.1.{n}" for n in range(THREADS)]

    statuses = _post_in_parallel(world.station_longshan, addresses)

    assert sorted(statuses, key=str) == [302] * LIMIT + [429] * (THREADS - LIMIT)
    assert PublicRequest.objects.count() == LIMIT


@override_settings(
    RENDA_PUBLIC_FORM_STATION_MAX_PER_HOUR=100, RENDA_PUBLIC_FORM_STATION_MAX_PER_DAY=2
)
def test_the_station_limit_across_addresses_says_so_in_chinese(client, world):
    station = world.station_longshan
    for n in range(2):
        response = submit(
            client, station, remote_addr=f"10.0.2.{n}", content=f"第{n}件事：路灯坏了"
        )
        assert response.status_code == 302

    response = submit(client, station, remote_addr="10.0.2.9", content="第三件事")

    assert response.status_code == 429
    html = response.content.decode()
    assert f"{station.name}今天在网上收到的诉求已达上限" in html
    assert "第三件事" in html  # offered back to copy
    assert 0 < int(response["Retry-After"]) <= 24 * 3600
    assert PublicRequest.objects.count() == 2
    # Another station is not held back.
    assert (
        submit(client, world.station_longshan_2, remote_addr="10.0.2.9").status_code
        == 302
    )


def test_an_accepted_request_is_counted_once_and_a_refused_one_not_at_all(
    client, world
):
    assert submit(client, world.station_longshan).status_code == 302
    # A wrong captcha answer is not a submission.
    assert submit(client, world.station_longshan, answer=-999).status_code == 400

    counts = {b.scope: b.count for b in RateLimitBucket.objects.all()}
    assert counts == {
        "receptions.qr_form.address": 1,
        "receptions.qr_form.station_hour": 1,
        "receptions.qr_form.station_day": 1,
    }


@override_settings(
    RENDA_PUBLIC_FORM_MAX_PER_HOUR=2,
    RENDA_PUBLIC_FORM_STATION_MAX_PER_HOUR=100,
    RENDA_PUBLIC_FORM_STATION_MAX_PER_DAY=100,
)
def test_an_ipv6_subscriber_is_one_client_whatever_address_of_its_64_it_uses(
    client, world
):
    station = world.station_longshan
    for n in range(2):
        response = submit(
            client, station, remote_addr=f"2001:db8:1:2::{n + 1:x}", content=f"第{n}件"
        )
        assert response.status_code == 302

    # Another address of the same /64: the same subscriber, refused.
    refused = submit(client, station, remote_addr="2001:db8:1:2:ffff::9")
    # The next /64 is another subscriber.
    accepted = submit(client, station, remote_addr="2001:db8:1:3::1")

    assert refused.status_code == 429
    assert accepted.status_code == 302
    assert PublicRequest.objects.count() == 3
