"""The rules dashboard and liaison statistics against every role (pages and API).

Committee staff and leaders read the congresses they work for, administrators
any; deputies, unit staff and station staff get 403; anonymous users are sent
to log in (pages) or get 401 (API). A congress outside the user's scope is a
404 in the API; on the pages it is an invalid choice (the user's own congress
is shown, with a message), so nothing is revealed.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

# The world and the role users once for the module; each test in a savepoint.
module_data(globals())

READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
}

PAGES = [
    Row("liaison dashboard", lambda w: reverse("liaison:dashboard"), 403, READERS),
    Row(
        "liaison dashboard, city congress 2020",
        lambda w: (
            reverse("liaison:dashboard")
            + f"?congress={w.city_congress.pk}&year=2020&half=H1"
        ),
        403,
        READERS,
    ),
    Row("liaison stats", lambda w: reverse("liaison:stats"), 403, READERS),
    Row(
        "liaison stats export", lambda w: reverse("liaison:stats_export"), 403, READERS
    ),
]

API = [
    Row("rules api", lambda w: "/api/v1/liaison/rules", 403, READERS, api=True),
    Row(
        "rules api, city congress",
        lambda w: f"/api/v1/liaison/rules?congress={w.city_congress.pk}",
        403,
        {**READERS, "district_staff": 404},
        api=True,
    ),
    Row("stats api", lambda w: "/api/v1/liaison/rules/stats", 403, READERS, api=True),
    Row(
        "stats api, city congress",
        lambda w: (
            f"/api/v1/liaison/rules/stats?congress={w.city_congress.pk}&year=2020"
        ),
        403,
        {**READERS, "district_staff": 404},
        api=True,
    ),
]

COVERED_PAGES = {"liaison:dashboard", "liaison:stats", "liaison:stats_export"}
COVERED_API = {"/api/v1/liaison/rules", "/api/v1/liaison/rules/stats"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_dashboard_page_access(row, role, request, client, world):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API, ids=lambda r: r.name)
def test_dashboard_api_access(row, role, request, client, world):
    client = login_as(role, request, client)
    assert_api_access(client, row, role, row.url(world))


def test_district_staff_see_only_their_own_congress_on_the_pages(
    client, district_staff, world
):
    client.force_login(district_staff)
    response = client.get(
        reverse("liaison:stats"), {"congress": world.city_congress.pk}
    )
    assert response.context["figures"].congress == world.xian_congress
    assert [row.station.pk for row in response.context["figures"].stations] == [
        world.station_xian.pk
    ]


def test_the_covered_sets_name_real_pages_and_endpoints(world):
    from config.api import api

    documented = set(api.get_openapi_schema()["paths"])
    assert documented >= COVERED_API
    for name in COVERED_PAGES:
        assert reverse(name)
