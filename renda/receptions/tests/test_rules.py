"""The rules of rules.py are read at call time: a setting changed changes every surface.

Before, the photo limit was 6 in the service and 3 in the public form (two
constants), the reply period and the yearly minimum were read from settings
when ``choices`` was imported, and the API described "每条诉求最多 6 张".
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from renda.core.errors import ApplicationError
from renda.core.tests.images import PNG_BYTES
from renda.legal_calendar.calendar import due_date
from renda.receptions import rules, services
from renda.receptions.choices import ReceptionDayStatus, RequestSource
from renda.receptions.models import PublicRequest
from renda.receptions.tests.public_helpers import submit
from renda.receptions.tests.work_factories import ReceptionDayFactory
from renda.receptions.tests.work_helpers import (
    NOW,
    recorded_request,
    township_government,
)

API = "/api/v1/stations/work"


def _pngs(count: int) -> list:
    return [SimpleUploadedFile(f"{i}.png", PNG_BYTES) for i in range(count)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@override_settings(RENDA_REQUEST_PHOTO_MAX_COUNT=2)
def test_the_staff_photo_limit_holds_in_service_page_and_api(
    client, world, station_chief
):
    assert rules.request_photo_limit() == 2
    request = recorded_request(world, station_chief, photos=_pngs(2))
    with pytest.raises(ApplicationError) as error:
        services.public_request_add_photos(
            request=request, photos=_pngs(1), actor=station_chief
        )
    assert "最多 2 张" in error.value.message
    client.force_login(station_chief)

    page = client.get(reverse("stations:request_create", args=[request.station_id]))
    refused = client.post(f"{API}/requests/{request.pk}/photos", {"photos": _pngs(1)})

    assert "最多 2 张" in page.content.decode()
    assert refused.status_code == 400
    assert "最多 2 张" in refused.json()["message"]
    assert request.photos.count() == 2


@override_settings(RENDA_PUBLIC_FORM_PHOTO_MAX_COUNT=1)
def test_the_public_form_photo_limit_holds_in_form_and_service(client, world):
    page = client.get(reverse("public:form", args=[world.station_longshan.pk]))
    assert "最多1张" in page.content.decode()

    refused = submit(client, world.station_longshan, photos=_pngs(2))

    assert refused.status_code == 400
    assert "最多上传1张照片" in refused.content.decode()
    with pytest.raises(ApplicationError):
        services.public_request_create(
            station=world.station_longshan,
            source=RequestSource.QR_FORM,
            resident_name="刘淑芬",
            resident_phone="",
            consent=True,
            content="路灯坏了",
            photos=_pngs(2),
        )
    assert not PublicRequest.objects.exists()


def test_the_two_photo_limits_are_named_per_surface():
    assert rules.photo_limit_for(RequestSource.QR_FORM) == 3
    assert rules.photo_limit_for(RequestSource.RECEPTION_DAY) == 6
    assert rules.photo_limit_for(RequestSource.DEPUTY) == 6


@override_settings(RENDA_PUBLIC_REQUEST_REPLY_DAYS=5)
def test_the_reply_period_is_read_when_a_request_is_routed(
    client, world, station_chief
):
    township_government(world.station_longshan)
    request = recorded_request(world, station_chief)
    client.force_login(station_chief)

    response = client.post(
        f"{API}/requests/{request.pk}/route", {}, content_type="application/json"
    )

    expected = due_date(timezone.localdate(), days=5).due
    assert response.json()["due_at"] == expected.isoformat()
    assert expected != due_date(timezone.localdate(), days=15).due


@override_settings(RENDA_MIN_RECEPTION_DAYS_PER_YEAR=2)
def test_the_yearly_minimum_holds_on_page_and_api(client, world, station_chief):
    year = timezone.localdate().year
    ReceptionDayFactory(
        station=world.station_longshan,
        date=dt.date(year, 1, 15),
        status=ReceptionDayStatus.HELD,
    )
    client.force_login(station_chief)

    page = client.get(
        reverse("stations:reception_days", args=[world.station_longshan.pk])
    )
    api = client.get(f"{API}/{world.station_longshan.pk}/reception-days").json()

    assert "每年至少 2 次" in page.content.decode()
    assert "还差 1 次" in page.content.decode()
    assert api["minimum"] == 2
    assert api["met"] is False


@override_settings(RENDA_PUBLIC_FORM_MAX_PER_HOUR=1)
def test_the_public_form_rate_is_read_per_request(client, world):
    first = submit(client, world.station_longshan)
    second = submit(client, world.station_longshan)

    assert first.status_code == 302
    assert second.status_code == 429
    assert PublicRequest.objects.count() == 1


@override_settings(RENDA_RECEPTION_YEAR_CLOSES_AFTER_DAYS=0)
def test_the_closing_day_of_a_year_is_a_setting():
    assert rules.reception_year_closes_on(2024) == dt.date(2024, 12, 31)
    assert rules.reception_year_closed(2024, dt.date(2025, 1, 1))


def test_a_year_closes_at_the_end_of_january_by_default():
    assert rules.reception_year_closes_on(2024) == dt.date(2025, 1, 31)
    assert not rules.reception_year_closed(2024, dt.date(2025, 1, 31))
    assert rules.reception_year_closed(2024, dt.date(2025, 2, 1))
    assert NOW.year == 2025
