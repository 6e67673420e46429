"""The /api/v1/congresses endpoints."""

import datetime as dt

from renda.congresses.tests.factories import TermFactory

URL = "/api/v1/congresses"


def test_city_staff_sees_city_and_district_congresses(client, committee_staff, world):
    client.force_login(committee_staff)

    data = client.get(URL).json()

    assert [c["name"] for c in data["results"]] == [
        "辽源市人民代表大会",
        "辽源市龙山区人民代表大会",
        "辽源市西安区人民代表大会",
    ]
    assert data["results"][0]["short_name"] == "辽源市人大"
    assert data["results"][0]["level_label"] == "设区的市"
    assert data["results"][1]["parent_id"] == world.city_congress.pk


def test_congress_filters(client, committee_staff, world):
    client.force_login(committee_staff)

    county = client.get(URL, {"level": "COUNTY"}).json()
    xian = client.get(URL, {"region": "220403"}).json()

    assert len(county["results"]) == 2
    assert [c["id"] for c in xian["results"]] == [world.xian_congress.pk]


def test_district_staff_does_not_see_the_city_congress(client, district_staff, world):
    client.force_login(district_staff)

    listed = client.get(URL).json()
    detail = client.get(f"{URL}/{world.city_congress.pk}")

    assert [c["id"] for c in listed["results"]] == [world.xian_congress.pk]
    assert detail.status_code == 404


def test_unit_staff_gets_an_empty_congress_list(client, unit_staff, world):
    client.force_login(unit_staff)

    data = client.get(URL).json()

    assert data["count"] == 0
    assert data["results"] == []


def test_congress_detail_has_terms_newest_first(client, deputy, world):
    TermFactory(congress=world.city_congress, number=9, start_date=dt.date(2022, 1, 1))
    client.force_login(deputy)

    data = client.get(f"{URL}/{world.city_congress.pk}").json()
    terms = client.get(f"{URL}/{world.city_congress.pk}/terms").json()

    assert [t["number"] for t in data["terms"]] == [9, 8]
    assert data["terms"][1]["name"] == "辽源市第八届人民代表大会"
    assert [t["number"] for t in terms["results"]] == [9, 8]
    assert terms["count"] == 2


def test_composition_counts_sitting_deputies(client, committee_staff, world):
    client.force_login(committee_staff)

    response = client.get(
        f"{URL}/{world.city_congress.pk}/composition",
        {"term": world.city_term.pk, "on_date": "2020-06-01"},
    )

    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 2
    assert data["term"]["number"] == 8
    assert data["on_date"] == "2020-06-01"
    male = next(row for row in data["gender"] if row["key"] == "M")
    assert male == {"key": "M", "label": "男", "count": 2, "share": 100.0}
    band = next(row for row in data["age"] if row["key"] == "46-55岁")
    assert band["count"] == 2  # born 1970-05-01: 50 on 2020-06-01
    assert data["minority"] == {"count": 0, "share": 0.0}


def test_composition_with_a_term_of_another_congress_is_422(
    client, committee_staff, world
):
    other = world.xian_congress.terms.get()
    client.force_login(committee_staff)

    response = client.get(
        f"{URL}/{world.city_congress.pk}/composition", {"term": other.pk}
    )

    assert response.status_code == 422
    assert response.json() == {
        "code": "core.invalid_parameter",
        "message": "term：该届不属于这个人大。",
        "field": "term",
    }


def test_composition_bad_date_is_422_in_chinese(client, committee_staff, world):
    client.force_login(committee_staff)

    response = client.get(
        f"{URL}/{world.city_congress.pk}/composition", {"on_date": "2020-13-45"}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "on_date"
    assert "YYYY-MM-DD" in response.json()["errors"][0]["message"]


def test_composition_is_forbidden_to_unit_staff(client, unit_staff, world):
    client.force_login(unit_staff)

    response = client.get(f"{URL}/{world.city_congress.pk}/composition")

    assert response.status_code == 403


def test_composition_outside_scope_is_404(client, district_staff, world):
    client.force_login(district_staff)

    response = client.get(f"{URL}/{world.city_congress.pk}/composition")

    assert response.status_code == 404
