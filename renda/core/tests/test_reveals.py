"""Personal data shown in full one record at a time: audited, at most N per user an hour."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.core.models import ActionLog
from renda.core.reveals import RateLimited, personal_data_reveal
from renda.receptions.tests.work_helpers import recorded_request

PREFIX = "/api/v1/stations/work"


@pytest.fixture(autouse=True)
def two_an_hour(settings):
    settings.RENDA_REVEALS_PER_HOUR = 2


def _reveals(action):
    return ActionLog.objects.filter(action=action).count()


def test_a_user_reveals_up_to_the_limit_then_nothing_is_shown_or_recorded(
    world, committee_staff, unit_staff
):
    for _ in range(2):
        personal_data_reveal(
            actor=committee_staff, action="test.reveal", target=None, summary="看"
        )
    with pytest.raises(RateLimited, match="次数已达上限（2次）"):
        personal_data_reveal(
            actor=committee_staff, action="test.reveal", target=None, summary="看"
        )
    assert _reveals("test.reveal") == 2
    # Another user has an hour of their own.
    personal_data_reveal(
        actor=unit_staff, action="test.reveal", target=None, summary="看"
    )
    assert _reveals("test.reveal") == 3


def test_a_deputys_phone_over_the_limit_is_not_shown(client, world, committee_staff):
    client.force_login(committee_staff)
    phones = {world.deputy_city_a: "13812345678", world.deputy_city_b: "13987654321"}
    for deputy, phone in phones.items():
        url = reverse("deputies:reveal_phone", args=[deputy.pk])
        shown = client.post(url, HTTP_HX_REQUEST="true")
        assert phone in shown.content.decode()

    url = reverse("deputies:reveal_phone", args=[world.deputy_city_a.pk])
    by_htmx = client.post(url, HTTP_HX_REQUEST="true")
    by_form = client.post(url)

    # htmx swaps only 2xx answers: the masked number again, with the message.
    assert by_htmx.status_code == 200
    assert 'role="alert"' in by_htmx.content.decode()
    assert "次数已达上限" in by_htmx.content.decode()
    assert "138****5678" in by_htmx.content.decode()
    assert "13812345678" not in by_htmx.content.decode()
    assert by_form.status_code == 429
    assert int(by_form["Retry-After"]) > 0
    assert "次数已达上限" in by_form.content.decode()
    assert "13812345678" not in by_form.content.decode()
    assert _reveals("deputy.reveal_phone") == 2


def test_a_residents_contact_over_the_limit_is_refused_on_the_page_and_the_api(
    client, world, station_chief
):
    request = recorded_request(world, station_chief)
    client.force_login(station_chief)
    api = f"{PREFIX}/requests/{request.pk}/reveal"
    page = reverse("stations:request_reveal", args=[request.pk])

    assert client.post(api).json()["phone"] == "13512345678"
    assert "13512345678" in client.post(page, HTTP_HX_REQUEST="true").content.decode()
    refused_api = client.post(api)
    refused_page = client.post(page)
    refused_htmx = client.post(page, HTTP_HX_REQUEST="true").content.decode()

    assert refused_api.status_code == 429
    assert refused_api.json()["code"] == "core.rate_limited"
    assert refused_api.json()["retry_after"] > 0
    assert refused_api["Retry-After"] == str(refused_api.json()["retry_after"])
    assert "13512345678" not in refused_api.content.decode()
    assert refused_page.status_code == 429
    assert "次数已达上限" in refused_page.content.decode()
    # The button's target (hx-swap="outerHTML") stays in the page, masked.
    assert refused_htmx.startswith('<span id="resident-full">')
    assert "135****5678" in refused_htmx
    assert "次数已达上限" in refused_htmx
    assert "13512345678" not in refused_htmx
    assert "13512345678" not in refused_page.content.decode()
    assert _reveals("public_request.reveal_resident") == 2
