"""Supervision items against every role: pages under /supervision/ and
/api/v1/supervision/items.

The item belongs to the city congress (辽源市), is addressed to the city unit
(``unit_staff``) and has invited the ``deputy``; it is not published. District
staff (西安区) manage their own congress only: the city item is outside their
scope (404). Leaders and committee members read it but do not manage it (403
on writes); station staff have no supervision pages (403).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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

API = "/api/v1/supervision/items"

# What this module covers, for tests/test_permission_matrix.py's completeness checks
# (view names; schema paths). test_every_page_and_endpoint_is_in_the_matrix below
# holds them to the rows and to the routes.
COVERED_PAGES = {
    "supervision:item_list",
    "supervision:item_create",
    "supervision:theme_create",
    "supervision:item_detail",
    "supervision:item_edit",
    "supervision:item_start",
    "supervision:item_complete",
    "supervision:item_cancel",
    "supervision:item_close",
    "supervision:item_deputy_options",
    "supervision:item_invite",
    "supervision:item_attendance",
    "supervision:item_participant_remove",
    "supervision:item_group_create",
    "supervision:item_visit_create",
    "supervision:item_document_add",
    "supervision:item_document_download",
    "supervision:item_document_remove",
    "supervision:item_milestone",
}
COVERED_API = {
    API,
    f"{API}/themes",
    f"{API}/{{item_id}}",
    f"{API}/{{item_id}}/start",
    f"{API}/{{item_id}}/complete",
    f"{API}/{{item_id}}/cancel",
    f"{API}/{{item_id}}/close",
    f"{API}/{{item_id}}/participants",
    f"{API}/{{item_id}}/participants/{{participant_id}}/remove",
    f"{API}/{{item_id}}/participants/{{participant_id}}/attendance",
    f"{API}/{{item_id}}/working-groups",
    f"{API}/{{item_id}}/site-visits",
    f"{API}/{{item_id}}/documents",
    f"{API}/{{item_id}}/documents/upload",
    f"{API}/{{item_id}}/documents/{{document_id}}/remove",
    f"{API}/{{item_id}}/milestones",
}
NOT_FOR_STATIONS = {"station_chief": 403, "liaison_officer": 403}
READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 200,
    "committee_member": 200,
    "deputy": 200,
    "unit_staff": 200,
    **NOT_FOR_STATIONS,
}


def managers(status, *, district=404):
    """Staff of the city (and admins) get ``status``; district staff ``district``."""
    return {
        "system_admin": status,
        "committee_staff": status,
        "district_staff": district,
        "committee_member": 403,
    }


def _url(name, *keys):
    def build(world, objects):
        return reverse(name, args=[objects[k].pk for k in keys])

    return build


PAGES = [
    Row(
        "item list",
        _url("supervision:item_list"),
        200,
        {**NOT_FOR_STATIONS, "committee_member": 200},
    ),
    Row("new item", _url("supervision:item_create"), 403, managers(200, district=200)),
    Row(
        "new item, empty form",
        _url("supervision:item_create"),
        403,
        managers(400, district=400),
        method="post",
    ),
    Row("themes", _url("supervision:theme_create"), 403, managers(200, district=200)),
    Row(
        "add a theme, empty form",
        _url("supervision:theme_create"),
        403,
        managers(400, district=400),
        method="post",
    ),
    Row("one item", _url("supervision:item_detail", "item"), 403, READERS),
    Row("edit an item", _url("supervision:item_edit", "item"), 403, managers(200)),
    Row(
        "edit an item, empty form",
        _url("supervision:item_edit", "item"),
        403,
        managers(400),
        method="post",
    ),
    Row(
        "start",
        _url("supervision:item_start", "item"),
        403,
        managers(302),
        method="post",
    ),
    Row(
        "complete, empty form",
        _url("supervision:item_complete", "item"),
        403,
        managers(400),
        method="post",
    ),
    Row(
        "cancel, empty form",
        _url("supervision:item_cancel", "item"),
        403,
        managers(400),
        method="post",
    ),
    Row(
        "close a planned item",
        _url("supervision:item_close", "item"),
        403,
        managers(409),
        method="post",
    ),
    Row(
        "deputy search",
        lambda w, o: (
            reverse("supervision:item_deputy_options", args=[o["item"].pk]) + "?q=张"
        ),
        403,
        managers(200),
    ),
    Row(
        "invite nobody",
        _url("supervision:item_invite", "item"),
        403,
        managers(400),
        method="post",
    ),
    Row(
        "attendance, empty form",
        _url("supervision:item_attendance", "item", "participant"),
        403,
        managers(400),
        method="post",
    ),
    Row(
        "remove a participant",
        _url("supervision:item_participant_remove", "item", "participant"),
        403,
        managers(302),
        method="post",
    ),
    Row(
        "working group, empty form",
        _url("supervision:item_group_create", "item"),
        403,
        managers(400),
        method="post",
    ),
    Row(
        "site visit, empty form",
        _url("supervision:item_visit_create", "item"),
        403,
        managers(400),
        method="post",
    ),
    Row(
        "document, empty form",
        _url("supervision:item_document_add", "item"),
        403,
        managers(400),
        method="post",
    ),
    Row(
        "download a draft",
        _url("supervision:item_document_download", "document"),
        403,
        {
            **READERS,
            # the item is theirs to see, the draft is not
            "deputy": 404,
            "unit_staff": 404,
        },
    ),
    Row(
        "remove a draft",
        _url("supervision:item_document_remove", "document"),
        403,
        managers(302),
        method="post",
    ),
    Row(
        "milestone, empty form",
        _url("supervision:item_milestone", "item"),
        403,
        managers(400),
        method="post",
    ),
]


def _api(path, *keys):
    def build(world, objects):
        return f"{API}{path}".format(*[objects[k].pk for k in keys])

    return build


def api_writers(status, *, district=404):
    """City staff and admins may; readers of the item are refused (403)."""
    return {
        "system_admin": status,
        "committee_staff": status,
        "district_staff": district,
        "leader": 403,
        "committee_member": 403,
        "deputy": 403,
        "unit_staff": 403,
        **NOT_FOR_STATIONS,
    }


API_ROWS = [
    Row(
        "list items",
        _api(""),
        200,
        {**NOT_FOR_STATIONS, "committee_member": 200},
        api=True,
    ),
    Row(
        "create an item",
        _api(""),
        403,
        api_writers(201, district=403),
        method="post",
        api=True,
        body=lambda w, o: {
            "congress": w.city_congress.pk,
            "year": 2020,
            "kind": "RESEARCH",
            "title": "专题调研",
        },
    ),
    Row(
        "list themes",
        lambda w, o: f"{API}/themes?congress={w.city_congress.pk}",
        200,
        {**NOT_FOR_STATIONS, "committee_member": 200},
        api=True,
    ),
    Row(
        "create a theme",
        _api("/themes"),
        403,
        api_writers(201, district=403),
        method="post",
        api=True,
        body=lambda w, o: {"congress": w.city_congress.pk, "name": "新主题"},
    ),
    Row("one item", _api("/{}", "item"), 403, READERS, api=True),
    Row(
        "update an item",
        _api("/{}", "item"),
        403,
        api_writers(200),
        method="patch",
        api=True,
        body=lambda w, o: {"title": "新标题"},
    ),
    Row(
        "start",
        _api("/{}/start", "item"),
        403,
        api_writers(200),
        method="post",
        api=True,
    ),
    Row(
        "complete",
        _api("/{}/complete", "item"),
        403,
        api_writers(200),
        method="post",
        api=True,
        body=lambda w, o: {"done_on": "2020-06-24"},
    ),
    Row(
        "cancel",
        _api("/{}/cancel", "item"),
        403,
        api_writers(200),
        method="post",
        api=True,
        body=lambda w, o: {"reason": "计划调整"},
    ),
    Row(
        "close a planned item",
        _api("/{}/close", "item"),
        403,
        api_writers(409),
        method="post",
        api=True,
    ),
    Row("participants", _api("/{}/participants", "item"), 403, READERS, api=True),
    Row(
        "invite",
        _api("/{}/participants", "item"),
        403,
        api_writers(201),
        method="post",
        api=True,
        body=lambda w, o: {"deputies": [w.deputy_xian.pk]},
    ),
    Row(
        "attendance",
        _api("/{}/participants/{}/attendance", "item", "participant"),
        403,
        api_writers(200),
        method="post",
        api=True,
        body=lambda w, o: {"attendance": "ATTENDED"},
    ),
    Row(
        "remove a participant",
        _api("/{}/participants/{}/remove", "item", "participant"),
        403,
        api_writers(200),
        method="post",
        api=True,
    ),
    Row("working groups", _api("/{}/working-groups", "item"), 403, READERS, api=True),
    Row(
        "create a working group",
        _api("/{}/working-groups", "item"),
        403,
        api_writers(201),
        method="post",
        api=True,
        body=lambda w, o: {"name": "第一组", "regions": [w.longshan.pk]},
    ),
    Row("site visits", _api("/{}/site-visits", "item"), 403, READERS, api=True),
    Row(
        "record a site visit",
        _api("/{}/site-visits", "item"),
        403,
        api_writers(201),
        method="post",
        api=True,
        body=lambda w, o: {"date": "2020-06-01", "place": "龙山区"},
    ),
    Row("documents", _api("/{}/documents", "item"), 403, READERS, api=True),
    Row(
        "add a document",
        _api("/{}/documents", "item"),
        403,
        api_writers(201),
        method="post",
        api=True,
        body=lambda w, o: {"kind": "OTHER", "title": "材料", "text": "正文"},
    ),
    Row(
        "remove a document",
        _api("/{}/documents/{}/remove", "item", "document"),
        403,
        {**api_writers(200), "deputy": 404, "unit_staff": 404},
        method="post",
        api=True,
    ),
    Row("the clock", _api("/{}/milestones", "item"), 403, READERS, api=True),
    Row(
        "record a milestone",
        _api("/{}/milestones", "item"),
        403,
        api_writers(200),
        method="post",
        api=True,
        body=lambda w, o: {"step": "OPINIONS_SENT", "done_on": "2020-05-20"},
    ),
]


@pytest.fixture(scope="module")
def objects(world, committee_staff):
    from renda.supervision.services import items as services
    from renda.supervision.tests.factories_items import work_report

    item = work_report(world, committee_staff)
    [participant] = services.participants_invite(
        item=item, actor=committee_staff, deputy_ids=[world.deputy_city_a.pk]
    )
    document = services.document_add(
        item=item,
        kind="REPORT_DRAFT",
        title="报告稿",
        file=SimpleUploadedFile("稿.pdf", b"%PDF-1.4 draft"),
        actor=committee_staff,
    )
    return {"item": item, "participant": participant, "document": document}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_supervision_items_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world, objects))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_supervision_items_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_every_page_and_endpoint_is_in_the_matrix(world, objects):
    from django.urls import resolve

    from renda.supervision import urls_items
    from renda.supervision.api.items import router

    pages = {resolve(r.url(world, objects).split("?")[0]).view_name for r in PAGES}
    assert pages == {f"supervision:{p.name}" for p in urls_items.urlpatterns}
    assert pages == COVERED_PAGES
    assert {API + path for path in router.path_operations} == COVERED_API
    named = {name: _Named(name) for name in objects}
    covered = {(r.url(world, named).split("?")[0], r.method.upper()) for r in API_ROWS}
    covered.add((UPLOAD.url(world, named), "POST"))
    routed = set()
    for path, view in router.path_operations.items():
        template = API + path.replace("{item_id}", "{item}").replace(
            "{participant_id}", "{participant}"
        ).replace("{document_id}", "{document}")
        for operation in view.operations:
            for method in operation.methods:
                routed.add((template, method))
    assert covered == routed


UPLOAD = Row(
    "upload a document (multipart)",
    _api("/{}/documents/upload", "item"),
    403,
    api_writers(201),
    api=True,
)


@pytest.mark.parametrize("role", ROLES)
def test_supervision_items_upload_access(role, request, client, world, objects):
    client = login_as(role, request, client)
    response = client.post(
        UPLOAD.url(world, objects),
        {
            "kind": "OTHER",
            "title": "材料",
            "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"),
        },
    )
    expected = UPLOAD.status_for(role)
    if expected == "denied":
        assert response.status_code in (403, 404), role
    else:
        assert response.status_code == expected, (role, response.content[:200])


class _Named:
    """Stands for an object in a URL template: its pk is ``{name}``."""

    def __init__(self, name):
        self.pk = "{" + name + "}"


# Page and API agree ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_page_and_api_list_the_same_items_and_actions(
    role, request, client, world, objects, committee_staff, district_staff
):
    from django.utils import timezone

    from renda.supervision.tests.factories_items import research

    for n in range(3):
        research(world, committee_staff, title=f"调研{n}", planned_month=12 - n)
    published = research(world, committee_staff, title="已公开调研", year=2019)
    published.published_at = timezone.now()
    published.save(update_fields=["published_at"])
    research(world, district_staff, congress=world.xian_congress, title="西安区调研")
    client = login_as(role, request, client)
    compared = 0
    for query in ({}, {"year": 2020}, {"kind": "RESEARCH"}, {"q": "调研"}):
        page = client.get(reverse("supervision:item_list"), query)
        api = client.get(API, query)
        if page.status_code != 200:
            assert api.status_code == page.status_code or role == "anonymous"
            continue
        page_ids = [i.pk for i in page.context["page"].object_list]
        assert page_ids == [row["id"] for row in api.json()["results"]], (role, query)
        compared += 1
    item = objects["item"]
    page = client.get(reverse("supervision:item_detail", args=[item.pk]))
    if page.status_code == 200:
        api = client.get(f"{API}/{item.pk}").json()
        assert page.context["detail"].actions == api["actions"], role
        assert [d.pk for d in page.context["detail"].documents] == [
            d["id"] for d in api["documents"]
        ]
        compared += 1
    expected = 0 if role in ("anonymous", "station_chief", "liaison_officer") else 5
    if role == "district_staff":
        expected = 4
    assert compared == expected, role
