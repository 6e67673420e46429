"""API lists page by keyset cursor and count up to a bound (decision 0020)."""

from __future__ import annotations

import pytest

LISTS = ["/api/v1/deputies", "/api/v1/units", "/api/v1/stations", "/api/v1/regions"]


def _all_by_page(client, path: str) -> list[int]:
    data = client.get(path, {"page_size": 500}).json()
    assert data["next"] is None
    return [row.get("id", row.get("code")) for row in data["results"]]


@pytest.mark.parametrize("path", LISTS)
def test_following_next_visits_every_row_once_in_order(client, committee_staff, path):
    client.force_login(committee_staff)
    expected = _all_by_page(client, path)
    assert len(expected) >= 2, path
    seen: list[int] = []
    params: dict = {"page_size": 1}
    while True:
        data = client.get(path, params).json()
        seen += [row.get("id", row.get("code")) for row in data["results"]]
        if data["next"] is None:
            break
        assert data["page"] is None or data["page"] == 1
        params = {"page_size": 1, "cursor": data["next"]}
    assert seen == expected


def test_page_numbers_still_work_and_agree_with_the_cursor(client, committee_staff):
    client.force_login(committee_staff)
    first = client.get("/api/v1/deputies", {"page_size": 2}).json()
    second_by_page = client.get("/api/v1/deputies", {"page_size": 2, "page": 2}).json()
    second_by_cursor = client.get(
        "/api/v1/deputies", {"page_size": 2, "cursor": first["next"]}
    ).json()
    assert second_by_page["page"] == 2
    assert second_by_cursor["page"] is None
    assert [r["id"] for r in second_by_page["results"]] == [
        r["id"] for r in second_by_cursor["results"]
    ]


def test_a_forged_cursor_is_a_422_naming_the_field(client, committee_staff):
    client.force_login(committee_staff)
    response = client.get("/api/v1/deputies", {"cursor": "eyJ2IjpbMV19:forged"})
    assert response.status_code == 422
    assert response.json()["field"] == "cursor"
    # A cursor of another ordering of the same list is refused too.
    by_name = client.get("/api/v1/deputies", {"page_size": 1, "order": "pinyin"})
    cursor = by_name.json()["next"]
    response = client.get("/api/v1/deputies", {"cursor": cursor, "order": "recent"})
    assert response.status_code == 422


def test_the_count_is_exact_up_to_the_bound(client, committee_staff, settings):
    client.force_login(committee_staff)
    total = len(_all_by_page(client, "/api/v1/deputies"))
    settings.RENDA_LIST_COUNT_BOUND = total
    data = client.get("/api/v1/deputies").json()
    assert (data["count"], data["count_exact"]) == (total, True)
    settings.RENDA_LIST_COUNT_BOUND = total - 1
    data = client.get("/api/v1/deputies").json()
    assert (data["count"], data["count_exact"]) == (total - 1, False)


def test_a_list_page_says_plus_beyond_the_bound(client, committee_staff, settings):
    client.force_login(committee_staff)
    settings.RENDA_PAGE_SIZE = 2
    settings.RENDA_LIST_COUNT_BOUND = 2
    first = client.get("/deputies/")
    assert "共 <strong>2+</strong> 位代表" in first.content.decode()
    assert "第 1/1+ 页" in first.content.decode()
    second = client.get("/deputies/", {"page": 2})
    assert second.status_code == 200
    assert second.context["page"].number == 2
    assert second.context["page"].has_previous()
