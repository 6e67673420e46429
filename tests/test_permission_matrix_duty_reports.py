"""代表述职 against every role: pages and endpoints.

The report belongs to 丁照民 (the deputy fixture) of the city congress (辽源市):
the city's staff (and the administrator) manage it; the deputy manages their
own (another deputy's report is 404 to them); the city's leader reads it (a
write is 403); district staff (西安区) get 404 for its ids; units, stations and
committee members have no access (403). Anonymous users are sent to log in
(401 from the API); the public rating form is open to everyone (200).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.duty.tests.factories_reports import mandate_of, plan
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

module_data(globals())

API = "/api/v1/duty/reports"

READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 200,
    "committee_member": 403,
    "deputy": 200,
}
OTHERS = {**READERS, "deputy": 404}
MANAGE_POST = {**READERS, "system_admin": 302, "committee_staff": 302, "deputy": 302}
MANAGE_POST["leader"] = 403
LIST = {**READERS, "district_staff": 200}
NEW = {**LIST, "leader": 403}
API_CREATE = {
    "system_admin": 201,
    "committee_staff": 201,
    "district_staff": 403,
    "leader": 403,
    "committee_member": 403,
    "deputy": 201,
}
API_WRITE = {**READERS, "leader": 403}
PUBLIC = dict.fromkeys(ROLES, 200)

STAFF_PAGES = {
    "duty:reports",
    "duty:report_new",
    "duty:report_detail",
    "duty:report_qr",
    "duty:report_poster",
    "duty:report_draft",
}
COVERED_PUBLIC = {"duty_public:rate", "duty_public:rate_thanks"}
COVERED_PAGES = STAFF_PAGES | COVERED_PUBLIC
COVERED_API = {
    f"{API}",
    f"{API}/{{report_id}}",
    f"{API}/{{report_id}}/hold",
    f"{API}/{{report_id}}/cancel",
    f"{API}/{{report_id}}/ratings",
}


@pytest.fixture(scope="module")
def objects(world, committee_staff, deputy):
    today = timezone.localdate()
    return {
        "own": plan(world, committee_staff),
        "other": plan(world, committee_staff, deputy=world.deputy_city_b),
        "mandate": mandate_of(world.deputy_city_a, world.city_congress),
        "today": today,
    }


def _url(name, key=None, *, token=False):
    def build(world, objects):
        if token:
            return reverse(name, args=[objects[key].token])
        return reverse(name, args=[objects[key].pk] if key else [])

    return build


def _api(path, key=None):
    def build(world, objects):
        return API + (path.format(objects[key].pk) if key else path)

    return build


PAGES = [
    Row("reports", _url("duty:reports"), 403, LIST),
    Row("new report", _url("duty:report_new"), 403, NEW),
    Row("a report", _url("duty:report_detail", "own"), 403, READERS),
    Row("another deputy's report", _url("duty:report_detail", "other"), 403, OTHERS),
    Row(
        "edit a report",
        _url("duty:report_detail", "own"),
        403,
        MANAGE_POST,
        method="post",
        body=lambda w, o: {
            "action": "edit",
            "date": o["today"].isoformat(),
            "start_time": "10:00",
            "place": "南康街道礼堂",
            "expected_audience": "80",
            "year": str(o["today"].year),
        },
    ),
    Row("qr", _url("duty:report_qr", "own"), 403, READERS),
    Row("poster", _url("duty:report_poster", "own"), 403, READERS),
    Row("draft", _url("duty:report_draft", "own"), 403, READERS),
    Row("public form", _url("duty_public:rate", "own", token=True), 200, PUBLIC),
    Row(
        "public thanks",
        _url("duty_public:rate_thanks", "own", token=True),
        200,
        PUBLIC,
    ),
]

API_ROWS = [
    Row("reports", _api(""), 403, LIST, api=True),
    Row(
        "plan",
        _api(""),
        403,
        API_CREATE,
        method="post",
        api=True,
        body=lambda w, o: {
            "mandate": o["mandate"].pk,
            "date": o["today"].isoformat(),
            "start_time": "09:30",
            "place": "向阳街道礼堂",
            "expected_audience": 60,
            "year": o["today"].year,
        },
    ),
    Row("a report", _api("/{}", "own"), 403, READERS, api=True),
    Row("another deputy's", _api("/{}", "other"), 403, OTHERS, api=True),
    Row(
        "edit",
        _api("/{}", "own"),
        403,
        API_WRITE,
        method="patch",
        api=True,
        body=lambda w, o: {"place": "南康街道礼堂"},
    ),
    Row(
        "hold",
        _api("/{}/hold", "own"),
        403,
        API_WRITE,
        method="post",
        api=True,
        body=lambda w, o: {"audience": 70, "summary": "述职"},
    ),
    Row(
        "cancel",
        _api("/{}/cancel", "own"),
        403,
        API_WRITE,
        method="post",
        api=True,
        body=lambda w, o: {"reason": "改期"},
    ),
    Row("ratings", _api("/{}/ratings", "own"), 403, READERS, api=True),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_duty_reports_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    if row.expect is PUBLIC:
        response = client.get(row.url(world, objects))
        assert response.status_code == 200
        return
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_duty_reports_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.duty import urls_public_reports, urls_reports

    pages = {resolve(r.url(world, objects)).view_name for r in PAGES}
    assert pages == COVERED_PAGES
    assert {f"duty:{p.name}" for p in urls_reports.urlpatterns} == STAFF_PAGES
    assert {
        f"duty_public:{p.name}" for p in urls_public_reports.urlpatterns
    } == COVERED_PUBLIC
    documented = {
        path
        for path in api.get_openapi_schema()["paths"]
        if path == API or path.startswith(API + "/")
    }
    assert documented == COVERED_API


def test_a_deputy_lists_only_their_own_reports(client, deputy, world, objects):
    client.force_login(deputy)
    ids = [r["id"] for r in client.get(API).json()["results"]]
    assert ids == [objects["own"].pk]
    page = client.get(reverse("duty:reports"))
    assert [r.pk for r in page.context["page"].object_list] == [objects["own"].pk]


def test_the_list_agrees_with_the_api(client, committee_staff, world, objects):
    client.force_login(committee_staff)
    api_ids = [r["id"] for r in client.get(API).json()["results"]]
    page = client.get(reverse("duty:reports"))
    assert [r.pk for r in page.context["page"].object_list] == api_ids
    detail = client.get(f"{API}/{objects['own'].pk}").json()
    assert detail["actions"] == ["edit", "hold", "cancel"]
    assert dt.date.fromisoformat(detail["date"]) == objects["today"]
