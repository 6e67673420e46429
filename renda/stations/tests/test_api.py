"""The /api/v1/stations endpoints."""

URL = "/api/v1/stations"


def test_district_staff_sees_their_districts_stations(client, district_staff, world):
    client.force_login(district_staff)

    data = client.get(URL).json()

    assert [s["id"] for s in data["results"]] == [world.station_xian.pk]
    assert data["results"][0]["region_name"] == "仙城街道"
    assert data["results"][0]["county_name"] == "西安区"


def test_city_staff_filters_stations_by_region_and_text(client, committee_staff, world):
    client.force_login(committee_staff)

    everything = client.get(URL).json()
    longshan = client.get(URL, {"region": "220402"}).json()
    text = client.get(URL, {"q": "南康"}).json()
    unknown = client.get(URL, {"region": "999999"}).json()

    assert everything["count"] == 3
    assert [s["id"] for s in longshan["results"]] == [
        world.station_longshan.pk,
        world.station_longshan_2.pk,
    ]
    assert [s["id"] for s in text["results"]] == [world.station_longshan_2.pk]
    assert unknown["count"] == 0


def test_station_chief_sees_only_their_station(client, station_chief, world):
    client.force_login(station_chief)

    listed = client.get(URL).json()
    other = client.get(f"{URL}/{world.station_xian.pk}")

    assert [s["id"] for s in listed["results"]] == [world.station_longshan.pk]
    assert other.status_code == 404
    assert other.json()["code"] == "core.not_found"


def test_station_detail_lists_its_groups(client, station_chief, world):
    client.force_login(station_chief)

    data = client.get(f"{URL}/{world.station_longshan.pk}").json()

    assert data["name"] == world.station_longshan.name
    assert data["groups"] == [
        {
            "id": world.group_longshan.pk,
            "name": "向阳街道代表小组",
            "congress_name": "辽源市人民代表大会",
            "member_count": 1,
        }
    ]


def test_unit_staff_may_not_browse_stations(client, unit_staff, world):
    client.force_login(unit_staff)

    listed = client.get(URL)
    detail = client.get(f"{URL}/{world.station_longshan.pk}")

    assert listed.status_code == 403
    assert detail.status_code == 403
    assert listed.json()["message"] == "您无权查看代表联络站。"


def test_station_phones_are_masked_as_on_the_page(client, station_chief, world):
    client.force_login(station_chief)

    data = client.get(f"{URL}/{world.station_longshan.pk}").json()

    assert data["chief_phone"] == "138****1111"
    assert data["liaison_officer_phone"] == "139****2222"
