"""Station selectors and pages: scope by region, station and group; masking."""

import pytest
from django.http import Http404
from django.urls import reverse

from renda.stations.selectors import (
    get_station_for_user,
    station_list,
    stations_visible_to,
)

LIST = reverse("stations:list")


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_staff_see_the_stations_of_their_area(world, committee_staff, district_staff):
    everything = {
        world.station_longshan.pk,
        world.station_longshan_2.pk,
        world.station_xian.pk,
    }
    assert ids(stations_visible_to(committee_staff)) == everything
    assert ids(stations_visible_to(district_staff)) == {world.station_xian.pk}


def test_station_staff_see_their_own_station(world, station_chief, liaison_officer):
    assert ids(stations_visible_to(station_chief)) == {world.station_longshan.pk}
    assert ids(stations_visible_to(liaison_officer)) == {world.station_xian.pk}


def test_deputy_sees_the_stations_of_their_groups(world, deputy):
    assert ids(stations_visible_to(deputy)) == {world.station_longshan.pk}


def test_unit_staff_and_admin(world, unit_staff, system_admin):
    assert ids(stations_visible_to(unit_staff)) == set()
    assert len(ids(stations_visible_to(system_admin))) == 3


def test_station_list_filters_by_region_and_search(world, committee_staff):
    in_longshan = station_list(user=committee_staff, region=world.longshan)
    assert ids(in_longshan) == {world.station_longshan.pk, world.station_longshan_2.pk}
    found = station_list(user=committee_staff, q=world.station_xian.region.name)
    assert ids(found) == {world.station_xian.pk}


def test_get_station_for_user_hides_other_stations(world, district_staff):
    assert get_station_for_user(district_staff, world.station_xian.pk)
    with pytest.raises(Http404):
        get_station_for_user(district_staff, world.station_longshan.pk)
    with pytest.raises(Http404):
        get_station_for_user(district_staff, "x")


def test_list_page_shows_stations_in_scope(client, world, district_staff):
    client.force_login(district_staff)
    response = client.get(LIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert world.station_xian.name in content
    assert world.station_longshan.name not in content
    assert "共 <strong>1</strong> 个联络站" in content


def test_list_page_region_filter(client, world, committee_staff):
    client.force_login(committee_staff)
    response = client.get(LIST, {"region": world.xian.pk})
    assert [s.pk for s in response.context["page"].object_list] == [
        world.station_xian.pk
    ]


def test_list_page_bad_region_answers_with_a_message(client, world, district_staff):
    client.force_login(district_staff)
    response = client.get(LIST, {"region": world.longshan.pk})
    assert response.status_code == 200
    assert "所选区县" in response.content.decode()
    assert response.context["total"] == 1
    assert client.get(LIST, {"region": "abc"}).status_code == 200


def test_unit_staff_and_anonymous_may_not_use_station_pages(client, world, unit_staff):
    detail = reverse("stations:detail", args=[world.station_xian.pk])
    assert client.get(LIST).status_code == 302
    assert client.get(detail).status_code == 302
    client.force_login(unit_staff)
    assert client.get(LIST).status_code == 403
    assert client.get(detail).status_code == 403
