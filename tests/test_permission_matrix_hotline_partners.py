"""Partner systems (12345 直通车) against every role: pages and API.

The city congress's partner: its staff (and the administrator) manage it —
create, rotate, revoke; its leader reads it (writes 403); district staff
(西安区) manage their own congress only (404 for this id, their own empty list
200, the city congress refused on creating); every other role 403; anonymous
users go to the log-in page (API: 401).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.hotline.choices import PartnerChannel
from renda.hotline.services.partners import partner_create
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_atomic,
    module_data,
)

module_data(globals())

API = "/api/v1/hotline/partners"
READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
}
ONE = {**READERS, "district_staff": 404}
MANAGE_FORM = {**READERS, "leader": 403}
CREATE_PAGE = {
    **MANAGE_FORM,
    "system_admin": 201,
    "committee_staff": 201,
    "district_staff": 400,
}
ROTATE = {**ONE, "leader": 403}
REVOKE = {**ROTATE, "system_admin": 302, "committee_staff": 302}
API_CREATE = {
    "system_admin": 201,
    "committee_staff": 201,
    "district_staff": 403,
    "leader": 403,
}
API_REVOKE = {**ROTATE}

COVERED_PAGES = {
    "hotline:partners",
    "hotline:partner_new",
    "hotline:partner_detail",
    "hotline:partner_rotate",
    "hotline:partner_revoke",
}
COVERED_API = {
    API,
    f"{API}/{{partner_id}}",
    f"{API}/{{partner_id}}/rotate",
    f"{API}/{{partner_id}}/revoke",
}


@pytest.fixture(scope="module")
def objects(shared_db, django_db_blocker, world, committee_staff):

    with django_db_blocker.unblock(), module_atomic():
        issued = partner_create(
            congress=world.city_congress,
            name="辽源市12345热线",
            channel=PartnerChannel.HOTLINE,
            actor=committee_staff,
        )
        yield {"partner": issued.partner}


def _url(name, *keys):
    def build(world, objects):
        return reverse(name, args=[objects[k].pk for k in keys])

    return build


def _new_partner(world, objects):
    return {
        "congress": world.city_congress.pk,
        "name": "新合作方",
        "channel": PartnerChannel.RESIDENT_REQUEST,
    }


PAGES = [
    Row("list", _url("hotline:partners"), 403, READERS),
    Row("new form", _url("hotline:partner_new"), 403, MANAGE_FORM),
    Row(
        "create",
        _url("hotline:partner_new"),
        403,
        CREATE_PAGE,
        method="post",
        body=_new_partner,
    ),
    Row("detail", _url("hotline:partner_detail", "partner"), 403, ONE),
    Row(
        "rotate", _url("hotline:partner_rotate", "partner"), 403, ROTATE, method="post"
    ),
    Row(
        "revoke", _url("hotline:partner_revoke", "partner"), 403, REVOKE, method="post"
    ),
]

API_ROWS = [
    Row("list", lambda w, o: API, 403, READERS, api=True),
    Row("detail", lambda w, o: f"{API}/{o['partner'].pk}", 403, ONE, api=True),
    Row(
        "create",
        lambda w, o: API,
        403,
        API_CREATE,
        api=True,
        method="post",
        body=lambda w, o: {
            "congress_id": w.city_congress.pk,
            "name": "接口新增",
            "channel": "HOTLINE",
        },
    ),
    Row(
        "rotate",
        lambda w, o: f"{API}/{o['partner'].pk}/rotate",
        403,
        ROTATE,
        api=True,
        method="post",
    ),
    Row(
        "revoke",
        lambda w, o: f"{API}/{o['partner'].pk}/revoke",
        403,
        API_REVOKE,
        api=True,
        method="post",
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_hotline_partner_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_hotline_partner_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.hotline import urls_partners

    pages = {resolve(r.url(world, objects)).view_name for r in PAGES}
    assert pages == COVERED_PAGES
    assert {f"hotline:{p.name}" for p in urls_partners.urlpatterns} == COVERED_PAGES
    documented = {
        path for path in api.get_openapi_schema()["paths"] if path.startswith(API)
    }
    assert documented == COVERED_API


def test_the_page_and_the_api_agree(client, committee_staff, objects):
    client.force_login(committee_staff)
    page = client.get(reverse("hotline:partners"))
    api = client.get(API).json()
    assert [p.pk for p in page.context["partners"]] == [r["id"] for r in api["results"]]
