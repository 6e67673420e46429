"""A station's public office phone: checked, edited by staff or the chief, shown in full."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import ActionLog
from renda.stations.models import LiaisonStation
from renda.stations.permissions import can_edit_station
from renda.stations.phones import (
    OFFICE_PHONE_MESSAGE,
    normalize_office_phone,
    tel_uri,
)
from renda.stations.services import station_update_public_info

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0437-3221234", "0437-3221234"),
        ("04373221234", "0437-3221234"),
        ("(0437) 322 1234", "0437-3221234"),
        ("０４３７－３２２１２３４", "0437-3221234"),
        ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
        ("020 87654321", "020-87654321"),
        ("13812345678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("12345", "12345"),
        ("１２３８８", "12388"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_office_phones_are_stored_in_one_form(typed, stored):
    assert normalize_office_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["3221234", "0437-1221234", "1381234567", "123", "110", "abc", "0437-322123x"],
)
def test_malformed_office_phones_are_refused(typed):
    assert normalize_office_phone(typed) is None


def test_a_phone_dials_as_digits():
    assert tel_uri("0437-3221234") == "tel:04373221234"
    assert tel_uri("12345") == "tel:12345"


def test_the_model_field_checks_the_phone_in_the_admin_too(world):
    station = world.station_longshan
    station.office_phone = "12"
    with pytest.raises(ValidationError) as raised:
        station.full_clean()
    assert raised.value.message_dict["office_phone"] == [OFFICE_PHONE_MESSAGE]


def test_who_may_edit_a_station(
    world, committee_staff, station_chief, liaison_officer, deputy, system_admin
):
    longshan = LiaisonStation.objects.select_related("region").get(
        pk=world.station_longshan.pk
    )
    assert can_edit_station(committee_staff, longshan)
    assert can_edit_station(station_chief, longshan)
    assert can_edit_station(system_admin, longshan)
    assert not can_edit_station(deputy, longshan)
    # The liaison officer works the station's requests but does not edit it.
    xian = LiaisonStation.objects.select_related("region").get(pk=world.station_xian.pk)
    assert not can_edit_station(liaison_officer, xian)
    # A chief edits only their own station.
    assert not can_edit_station(station_chief, xian)


def test_the_chief_sets_the_office_phone_and_the_audit_log_says_so(
    client, world, station_chief
):
    client.force_login(station_chief)
    url = reverse("stations:edit", args=[world.station_longshan.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "address": "人民大街1号",
            "opening_hours": "工作日 8:30–17:00",
            "office_phone": "0437 322 1234",
        },
    )

    assert response.status_code == 302
    station = LiaisonStation.objects.get(pk=world.station_longshan.pk)
    assert station.office_phone == "0437-3221234"
    assert station.opening_hours == "工作日 8:30–17:00"
    log = ActionLog.objects.get(action="station.update_public_info")
    assert log.actor == station_chief
    assert log.data["changed"]["office_phone"] == ["", "0437-3221234"]
    # The personal phones are not touched.
    assert station.chief_phone == "13800001111"


def test_a_malformed_phone_is_refused_with_a_message_naming_the_field(
    client, world, committee_staff
):
    client.force_login(committee_staff)
    url = reverse("stations:edit", args=[world.station_longshan.pk])

    response = client.post(
        url, {"address": "新地址", "opening_hours": "", "office_phone": "3221234"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "办公电话格式不正确" in html
    assert "新地址" in html  # what was typed is kept
    station = LiaisonStation.objects.get(pk=world.station_longshan.pk)
    assert station.address == "人民大街1号"
    assert not ActionLog.objects.filter(action="station.update_public_info").exists()


def test_the_service_refuses_those_who_may_not_edit(world, liaison_officer, deputy):
    for actor, station in (
        (liaison_officer, world.station_xian),
        (deputy, world.station_longshan),
    ):
        with pytest.raises(PermissionDenied):
            station_update_public_info(
                station=station,
                address="",
                opening_hours="",
                office_phone="12345",
                actor=actor,
            )
    assert LiaisonStation.objects.filter(office_phone="12345").count() == 0


def test_the_service_refuses_a_malformed_phone(world, system_admin):
    with pytest.raises(ApplicationError) as raised:
        station_update_public_info(
            station=world.station_longshan,
            address="人民大街1号",
            opening_hours="",
            office_phone="12",
            actor=system_admin,
        )

    assert raised.value.code == "stations.invalid"
    assert raised.value.field == "office_phone"
    assert raised.value.message == OFFICE_PHONE_MESSAGE
    assert LiaisonStation.objects.get(pk=world.station_longshan.pk).office_phone == ""


def test_the_edit_page_is_closed_to_others(
    client, world, liaison_officer, deputy, district_staff
):
    url_xian = reverse("stations:edit", args=[world.station_xian.pk])
    url_longshan = reverse("stations:edit", args=[world.station_longshan.pk])

    client.force_login(liaison_officer)
    assert client.get(url_xian).status_code == 403
    client.force_login(deputy)
    assert client.post(url_longshan, {"office_phone": "12345"}).status_code == 403
    # Outside one's area the station is not found at all.
    client.force_login(district_staff)
    assert client.get(url_longshan).status_code == 404
    client.logout()
    assert client.get(url_longshan).status_code == 302
    assert LiaisonStation.objects.filter(office_phone="12345").count() == 0


def test_the_list_links_to_the_edit_page_for_those_who_may_edit(
    client, world, station_chief, deputy, committee_staff, django_assert_max_num_queries
):
    LiaisonStation.objects.filter(pk=world.station_longshan.pk).update(
        office_phone="0437-3221234"
    )
    edit = reverse("stations:edit", args=[world.station_longshan.pk])

    client.force_login(station_chief)
    chief_page = client.get(reverse("stations:list")).content.decode()
    client.force_login(deputy)
    deputy_page = client.get(reverse("stations:list")).content.decode()
    client.force_login(committee_staff)
    with django_assert_max_num_queries(12):
        staff_page = client.get(reverse("stations:list")).content.decode()

    assert edit in chief_page
    assert edit not in deputy_page
    assert edit in staff_page
    assert "0437-3221234" in staff_page


def test_the_api_shows_the_office_phone_in_full_and_personal_phones_masked(
    client, world, committee_staff
):
    LiaisonStation.objects.filter(pk=world.station_longshan.pk).update(
        office_phone="0437-3221234"
    )
    client.force_login(committee_staff)

    data = client.get(f"/api/v1/stations/{world.station_longshan.pk}").json()

    assert data["office_phone"] == "0437-3221234"
    assert data["chief_phone"] == "138****1111"
