"""The board gives residents the station's own phone to call, and the form first."""

import pytest
from django.urls import reverse

from renda.stations.models import LiaisonStation

pytestmark = pytest.mark.django_db


def _board(client, station):
    response = client.get(reverse("public:board", args=[station.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_office_phone_is_shown_in_full_as_a_tap_to_call_link(client, world):
    LiaisonStation.objects.filter(pk=world.station_longshan.pk).update(
        office_phone="0437-3221234"
    )

    html = _board(client, world.station_longshan)

    assert 'href="tel:04373221234"' in html
    assert ">0437-3221234</a>" in html
    assert "办公电话" in html
    # The chief's and the officer's own phones stay masked.
    assert "138****1111" in html
    assert "139****2222" in html
    assert "13800001111" not in html
    assert "13900002222" not in html
    assert "tel:138" not in html
    assert "tel:139" not in html


def test_a_station_without_an_office_phone_offers_no_call_link(client, world):
    html = _board(client, world.station_longshan)

    assert "tel:" not in html
    assert "拨打联络站电话" not in html
    assert "办公电话</dt><dd>未填写" in html


def test_the_report_button_comes_first_on_the_board(client, world):
    LiaisonStation.objects.filter(pk=world.station_longshan.pk).update(
        office_phone="12345"
    )

    html = _board(client, world.station_longshan)

    form_url = reverse("public:form", args=[world.station_longshan.pk])
    button = html.index('id="report-button"')
    # Right under the station's name, before its details, deputies and days.
    assert html.index("<h1>") < button < html.index('class="board-top"')
    assert button < html.index('id="deputies-title"')
    assert form_url in html[button : button + 300]
    assert "我要反映问题" in html[button : button + 300]
    assert 'href="tel:12345"' in html


def test_the_board_stays_light(client, world, django_assert_max_num_queries):
    LiaisonStation.objects.filter(pk=world.station_longshan.pk).update(
        office_phone="0437-3221234"
    )
    with django_assert_max_num_queries(8):
        client.get(reverse("public:board", args=[world.station_longshan.pk]))
