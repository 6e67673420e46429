"""Renda's Open311 server (/open311/v2/) against every role.

The server knows partners by their ``api_key``, never by a log-in: every role,
anonymous included, gets the same answers (the public parts 200; an unknown
request, token or path the standard's 404). What a key adds is tested in
renda/hotline/tests/test_open311_*.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.matrix import ROLES, Row, assert_page_access, login_as, module_data

module_data(globals())

ALL_200 = dict.fromkeys(ROLES, 200)
ALL_404 = dict.fromkeys(ROLES, 404)
ALL_403 = dict.fromkeys(ROLES, 403)

COVERED_PAGES = {
    "open311:discovery",
    "open311:services",
    "open311:service",
    "open311:requests",
    "open311:request",
    "open311:token",
    "open311:unknown",
}


@pytest.fixture(scope="module")
def objects(shared_db):
    return {}


def _url(name, **kwargs):
    def build(world, objects):
        return reverse(name, kwargs={"fmt": "json", **kwargs})

    return build


PAGES = [
    Row("discovery", _url("open311:discovery"), 200, ALL_200),
    Row("services", _url("open311:services"), 200, ALL_200),
    Row(
        "definition",
        lambda w, o: (
            reverse("open311:service", kwargs={"code": "TRANSPORT", "fmt": "xml"})
            + "?jurisdiction_id=220400"
        ),
        200,
        ALL_200,
    ),
    Row("requests", _url("open311:requests"), 200, ALL_200),
    Row("post without a key", _url("open311:requests"), 403, ALL_403, method="post"),
    Row("request", _url("open311:request", request_id="123456789012"), 404, ALL_404),
    Row("token", _url("open311:token", token="0" * 32), 404, ALL_404),
    Row("unknown", lambda w, o: "/open311/v2/nothing.json", 404, ALL_404),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_open311_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world, objects))


def test_the_covered_set_matches_the_rows(world, objects):
    from django.urls import resolve

    from renda.hotline import urls_open311

    pages = {resolve(r.url(world, objects).split("?")[0]).view_name for r in PAGES}
    assert pages == COVERED_PAGES
    assert {f"open311:{p.name}" for p in urls_open311.urlpatterns} == COVERED_PAGES
