"""Supervision statistics against every role: the page, its .xlsx, the
generated 监督工作综述 (.docx) and /api/v1/supervision/stats.

Statistics are read by the congress's staff, leaders and committee members
(and administrators); the summary is downloaded by staff and leaders only.
District staff read their own congress's (the picker falls back to it; the
API names the city's congress, outside their scope: 404). Deputies, units and
station staff are refused (403); the public is sent to log in (401 API).
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

# The world and every role's user are built once for this module (tests/matrix.py).
module_data(globals())

READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
    "committee_member": 200,
}
SUMMARY = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
    "committee_member": 403,
}
COVERED_API = {"/api/v1/supervision/stats"}
COVERED_PAGES = {
    "supervision:stats",
    "supervision:stats_export",
    "supervision:stats_summary",
}


def _url(name):
    def build(world, objects):
        return reverse(name) + f"?congress={world.city_congress.pk}&year=2020"

    return build


PAGES = [
    Row("stats page", _url("supervision:stats"), 403, READERS),
    Row("stats export", _url("supervision:stats_export"), 403, READERS),
    Row("summary docx", _url("supervision:stats_summary"), 403, SUMMARY),
]
API_ROWS = [
    Row(
        "stats api",
        lambda w, o: (
            f"/api/v1/supervision/stats?congress={w.city_congress.pk}&year=2020"
        ),
        403,
        {**READERS, "district_staff": 404},
        api=True,
    ),
]


@pytest.fixture(scope="module")
def objects(world, committee_member):
    # The committee member's seat exists whatever the role under test.
    return {}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_stats_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world, objects))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_stats_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_api_access(client, row, role, row.url(world, objects))


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.supervision import urls_publication, urls_stats

    pages = {resolve(r.url(world, objects).split("?")[0]).view_name for r in PAGES}
    own = {p.name for p in urls_publication.urlpatterns}
    declared = {
        f"supervision:{p.name}" for p in urls_stats.urlpatterns if p.name not in own
    }
    assert pages == COVERED_PAGES == declared
    documented = {
        path
        for path in api.get_openapi_schema()["paths"]
        if path.startswith("/api/v1/supervision/stats")
    }
    assert documented == {"/api/v1/supervision/stats"}
