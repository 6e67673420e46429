"""Dates users enter are strict ISO dates within sensible bounds (renda.core.dates).

Before: a reception day on 9999-12-31 or 1900-01-01 was accepted, and a 双联
contact since 0001-01-01 or since the integer 0 (stored as 1970-01-01).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from renda.core.dates import BoundedDateField, date_bounds
from renda.liaison.models import DeputyContact
from renda.liaison.tests.factories import member
from renda.receptions.models import ReceptionDay

DAYS = "/api/v1/stations/work/{station}/reception-days"
CONTACTS = "/api/v1/liaison/contacts"


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _day(date) -> dict:
    return {"date": date, "start_time": "09:00", "end_time": "11:00", "place": "站里"}


@pytest.mark.parametrize("date", ["9999-12-31", "1900-01-01"])
def test_a_reception_day_out_of_bounds_is_422(client, world, station_chief, date):
    client.force_login(station_chief)

    response = _post(client, DAYS.format(station=world.station_longshan.pk), _day(date))

    assert response.status_code == 422, response.content
    data = response.json()
    assert data["field"] == "payload.date"
    assert "不能" in data["message"]
    assert not ReceptionDay.objects.exists()


def test_a_reception_day_within_bounds_is_created(client, world, station_chief):
    client.force_login(station_chief)
    date = (timezone.localdate() + dt.timedelta(days=30)).isoformat()

    response = _post(client, DAYS.format(station=world.station_longshan.pk), _day(date))

    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "since", ["0001-01-01", 0, 1700000000, "2024-2-1", "20240201", "2024-02-01T00:00"]
)
def test_a_contact_since_a_non_date_or_out_of_bounds_is_422(
    client, world, committee_staff, since
):
    seat = member(world)
    client.force_login(committee_staff)

    response = _post(
        client,
        CONTACTS,
        {"leader": seat.pk, "deputy": world.deputy_city_a.pk, "since": since},
    )

    assert response.status_code == 422, response.content
    assert response.json()["field"] == "payload.since"
    assert not DeputyContact.objects.exists()


def test_the_plan_page_refuses_1900_naming_the_field(client, world, station_chief):
    client.force_login(station_chief)
    url = reverse("stations:reception_day_create", args=[world.station_longshan.pk])

    response = client.post(url, _day("1900-01-01"))

    assert response.status_code == 400
    assert "日期不能早于 2000-01-01。" in response.content.decode()
    assert not ReceptionDay.objects.exists()


class _Form(forms.Form):
    held_on = BoundedDateField(label="会议日期")
    since = BoundedDateField(label="起始日期", kind="filter", required=False)


def test_the_form_field_bounds_follow_the_settings_at_call_time(settings):
    today = timezone.localdate()
    settings.RENDA_EVENT_DATE_DAYS_AHEAD = 10
    late = (today + dt.timedelta(days=11)).isoformat()

    form = _Form({"held_on": late})

    assert not form.is_valid()
    latest = today + dt.timedelta(days=10)
    assert form.errors["held_on"] == [f"会议日期不能晚于 {latest:%Y-%m-%d}。"]
    assert date_bounds("event")[1] == latest
    assert _Form({"held_on": latest.isoformat(), "since": "1950-01-01"}).is_valid()
    assert _Form({"held_on": "2025-06-10", "since": "1900-01-01"}).errors["since"] == [
        "起始日期不能早于 1949-10-01。"
    ]
    assert _Form({"held_on": "不是日期"}).errors["held_on"] == [
        "会议日期格式应为 YYYY-MM-DD。"
    ]
