"""Supervision publication against every role: the public /open/ pages (no
log-in, published things only), the staff's publish forms and the
/api/v1/supervision/open endpoints.

The item belongs to the city congress (辽源市): its staff publish; district
staff (西安区) manage another congress (404 on the page, 403 from the API's
service); everyone else is refused (403), the public sent to log in (401 API).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.supervision.choices import OpinionStatus
from renda.supervision.services import publication as services
from renda.supervision.tests.factories_publication import (
    make_document,
    make_item,
    make_opinion,
    make_report,
    make_test,
)
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

API = "/api/v1/supervision/open"
EVERYONE = dict.fromkeys(ROLES, 200)
NO_ONE = dict.fromkeys(ROLES, 404)
STAFF_PAGE = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "committee_member": 403,
}
STAFF_POST = {
    "system_admin": 302,
    "committee_staff": 302,
    "district_staff": 404,
    "committee_member": 403,
}
STAFF_API = {"system_admin": 200, "committee_staff": 200, "committee_member": 403}

COVERED_PAGES = {
    "open:index",
    "open:supervision_list",
    "open:supervision_detail",
    "open:supervision_document",
    "supervision:publication",
    "supervision:publication_document",
    "supervision:publication_opinion",
    "supervision:publication_handling_report",
    "supervision:publication_test",
}
COVERED_API = {
    f"{API}/items",
    f"{API}/items/{{item_id}}",
    f"{API}/items/{{item_id}}/publish",
    f"{API}/documents/{{document_id}}/publish",
    f"{API}/opinions/{{opinion_id}}/publish",
    f"{API}/handling-reports/{{report_id}}/publish",
    f"{API}/tests/{{test_id}}/publish",
}


@pytest.fixture(scope="module")
def objects(world, committee_staff):
    staff = committee_staff
    item = make_item(world, staff)
    services.item_publish(item=item, public_summary="公开说明", actor=staff)
    document = make_document(item)
    services.document_publish(document=document, actor=staff)
    opinion = make_opinion(item, world.unit_city, status=OpinionStatus.REPORTED)
    report = make_report(opinion)
    test = make_test(item, world.unit_city, opinion)
    return {
        "item": item,
        "document": document,
        "hidden": make_item(world, staff, title="未公开的事项"),
        # Parts waiting to be published (the POST rows).
        "new_document": make_document(item, kind="INSPECTION_REPORT"),
        "opinion": opinion,
        "report": report,
        "test": test,
    }


def _url(name, key=None, query=""):
    def build(world, objects):
        args = [objects[key].pk] if key else []
        return reverse(name, args=args) + query

    return build


def _api(path, key=None):
    def build(world, objects):
        return API + (path.format(objects[key].pk) if key else path)

    return build


PAGES = [
    Row("open index", _url("open:index"), 200, EVERYONE),
    Row("open list", _url("open:supervision_list", query="?year=2020"), 200, EVERYONE),
    Row("open item", _url("open:supervision_detail", "item"), 200, EVERYONE),
    Row(
        "open unpublished item", _url("open:supervision_detail", "hidden"), 404, NO_ONE
    ),
    Row("open document", _url("open:supervision_document", "document"), 200, EVERYONE),
    Row(
        "open unpublished document",
        _url("open:supervision_document", "new_document"),
        404,
        NO_ONE,
    ),
    Row("publish form", _url("supervision:publication", "item"), 403, STAFF_PAGE),
    Row(
        "publish a document",
        _url("supervision:publication_document", "new_document"),
        403,
        STAFF_POST,
        method="post",
    ),
    Row(
        "publish an opinion",
        _url("supervision:publication_opinion", "opinion"),
        403,
        STAFF_POST,
        method="post",
    ),
    Row(
        "publish a handling report",
        _url("supervision:publication_handling_report", "report"),
        403,
        STAFF_POST,
        method="post",
    ),
    Row(
        "publish a test",
        _url("supervision:publication_test", "test"),
        403,
        STAFF_POST,
        method="post",
    ),
]

API_ROWS = [
    Row("list published items", _api("/items"), 200, EVERYONE, api=True),
    Row("one published item", _api("/items/{}", "item"), 200, EVERYONE, api=True),
    Row("an unpublished item", _api("/items/{}", "hidden"), 404, NO_ONE, api=True),
    Row(
        "publish an item",
        _api("/items/{}/publish", "hidden"),
        403,
        STAFF_API,
        method="post",
        api=True,
        body=lambda w, o: {"public_summary": "公开说明"},
    ),
    Row(
        "publish a document",
        _api("/documents/{}/publish", "new_document"),
        403,
        STAFF_API,
        method="post",
        api=True,
    ),
    Row(
        "publish an opinion",
        _api("/opinions/{}/publish", "opinion"),
        403,
        STAFF_API,
        method="post",
        api=True,
    ),
    Row(
        "publish a handling report",
        _api("/handling-reports/{}/publish", "report"),
        403,
        STAFF_API,
        method="post",
        api=True,
    ),
    Row(
        "publish a test",
        _api("/tests/{}/publish", "test"),
        403,
        STAFF_API,
        method="post",
        api=True,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_publication_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world, objects))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_publication_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.supervision import urls_open_publication, urls_publication

    pages = {resolve(r.url(world, objects).split("?")[0]).view_name for r in PAGES}
    declared = {f"open:{p.name}" for p in urls_open_publication.urlpatterns} | {
        f"supervision:{p.name}" for p in urls_publication.urlpatterns
    }
    assert pages == COVERED_PAGES == declared
    documented = {
        path for path in api.get_openapi_schema()["paths"] if path.startswith(API + "/")
    }
    assert documented == COVERED_API


@pytest.mark.parametrize("role", ROLES)
def test_page_and_api_list_the_same_items(role, request, client, world, objects):
    client = login_as(role, request, client)
    page = client.get(reverse("open:supervision_list"))
    api = client.get(f"{API}/items").json()
    assert [item.pk for item in page.context["listing"].page] == [
        row["id"] for row in api["results"]
    ]
    assert objects["hidden"].pk not in [row["id"] for row in api["results"]]
