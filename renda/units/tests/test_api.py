"""The /api/v1/units endpoints."""

from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory

URL = "/api/v1/units"


def _ids(response):
    return [u["id"] for u in response.json()["results"]]


def test_city_staff_sees_city_and_district_units(client, committee_staff, world):
    client.force_login(committee_staff)

    response = client.get(URL)

    assert _ids(response) == [world.unit_city.pk, world.unit_xian.pk]
    row = response.json()["results"][0]
    assert row["name"] == "辽源市住房和城乡建设局"
    assert row["kind_label"] == "政府工作部门"
    assert row["region_code"] == "220400"


def test_unit_filters(client, system_admin, world):
    HandlingUnitFactory(
        name="辽源市中级人民法院",
        kind=UnitKind.COURT,
        region=world.city,
    )
    HandlingUnitFactory(name="已撤销局", region=world.city, is_active=False)
    client.force_login(system_admin)

    county = client.get(URL, {"level": "COUNTY"})
    xian = client.get(URL, {"region": "220403"})
    courts = client.get(URL, {"kind": "COURT"})
    inactive = client.get(URL, {"active_only": "false", "q": "撤销"})

    assert _ids(county) == [world.unit_xian.pk]
    assert _ids(xian) == [world.unit_xian.pk]
    assert [u["name"] for u in courts.json()["results"]] == ["辽源市中级人民法院"]
    assert [u["name"] for u in inactive.json()["results"]] == ["已撤销局"]


def test_unit_staff_sees_only_their_unit(client, unit_staff, world):
    client.force_login(unit_staff)

    listed = client.get(URL)
    own = client.get(f"{URL}/{world.unit_city.pk}")
    other = client.get(f"{URL}/{world.unit_xian.pk}")

    assert _ids(listed) == [world.unit_city.pk]
    assert own.status_code == 200
    assert other.status_code == 404


def test_district_staff_does_not_see_city_units(client, district_staff, world):
    client.force_login(district_staff)

    assert _ids(client.get(URL)) == [world.unit_xian.pk]
    assert client.get(f"{URL}/{world.unit_city.pk}").status_code == 404


def test_deputy_sees_units_of_their_congress_area(client, deputy, world):
    client.force_login(deputy)

    # A city deputy: the city's units and those of the districts below.
    assert _ids(client.get(URL)) == [world.unit_city.pk, world.unit_xian.pk]


def test_station_staff_see_units_of_their_area_and_above(
    client, liaison_officer, station_chief, world
):
    client.force_login(liaison_officer)
    xian_officer = _ids(client.get(URL))
    client.force_login(station_chief)
    longshan_chief = _ids(client.get(URL))

    assert xian_officer == [world.unit_city.pk, world.unit_xian.pk]
    assert longshan_chief == [world.unit_city.pk]


def test_bad_unit_filter_is_422(client, committee_staff, world):
    client.force_login(committee_staff)

    response = client.get(URL, {"kind": "BANK"})

    assert response.status_code == 422
    assert response.json()["field"] == "kind"
