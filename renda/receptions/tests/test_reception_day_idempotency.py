"""Planning a reception day with an idempotency key: a retry plans it once."""

import datetime as dt

import pytest
from django.urls import reverse

from renda.core.errors import ApplicationError
from renda.core.models import ActionLog
from renda.receptions.models import ReceptionDay
from renda.receptions.services import reception_day_plan

PREFIX = "/api/v1/stations/work"


def plan_payload(world) -> dict:
    return {
        "date": "2025-06-10",
        "start_time": "09:00",
        "end_time": "11:00",
        "place": "向阳街道代表联络站",
        "topic": "老旧小区改造",
        "deputies": [world.deputy_city_a.pk],
    }


def test_api_retry_with_the_same_key_plans_one_day(client, world, station_chief):
    client.force_login(station_chief)
    url = f"{PREFIX}/{world.station_longshan.pk}/reception-days"

    first = client.post(
        url,
        plan_payload(world),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="phone-7f3c-1",
    )
    second = client.post(
        url,
        plan_payload(world),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="phone-7f3c-1",
    )

    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert ReceptionDay.objects.count() == 1
    assert ActionLog.objects.filter(action="reception_day.plan").count() == 1


def test_api_without_a_key_plans_each_time(client, world, station_chief):
    client.force_login(station_chief)
    url = f"{PREFIX}/{world.station_longshan.pk}/reception-days"

    client.post(url, plan_payload(world), content_type="application/json")
    client.post(url, plan_payload(world), content_type="application/json")

    assert ReceptionDay.objects.count() == 2


def test_api_refuses_a_key_longer_than_100_characters(client, world, station_chief):
    client.force_login(station_chief)

    response = client.post(
        f"{PREFIX}/{world.station_longshan.pk}/reception-days",
        plan_payload(world),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k" * 101,
    )

    assert response.status_code == 422
    assert not ReceptionDay.objects.exists()


def test_page_form_sent_twice_with_its_key_plans_one_day(client, world, station_chief):
    client.force_login(station_chief)
    url = reverse("stations:reception_day_create", args=[world.station_longshan.pk])
    data = {**plan_payload(world), "idempotency_key": "offline-draft-1"}

    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    day = ReceptionDay.objects.get()
    assert list(day.deputies.all()) == [world.deputy_city_a]


def test_service_refuses_a_bad_key_and_writes_nothing(world, station_chief):
    with pytest.raises(ApplicationError) as refused:
        reception_day_plan(
            station=world.station_longshan,
            date=dt.date(2025, 6, 10),
            start_time=dt.time(9),
            end_time=dt.time(11),
            place="站里",
            actor=station_chief,
            idempotency_key="k" * 101,
        )

    assert refused.value.code == "core.invalid_idempotency_key"
    assert refused.value.field == "idempotency_key"
    assert not ReceptionDay.objects.exists()
