"""履职档案 against every role: pages and endpoints.

The deputy 甲 (the ``deputy`` login) sees only their own archive (白玉晶's is a
404); the city's staff (and the administrator) see and manage the city
congress's archives, sessions and records; its leader reads them but cannot
confirm or record; district staff (西安区) have their own congress (404 for the
city's objects); units' and stations' staff and members as such: 403.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.duty.choices import ArchiveKind, SessionAttendanceStatus
from renda.duty.services.archive import duty_record_add, session_attendance_record
from renda.duty.tests.factories_archive import png_upload, session_of
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

module_data(globals())

API = "/api/v1/duty/archive"

STAFF_PAGES = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
}
CITY_READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 200,
}
OWN_AND_CITY = {**CITY_READERS, "deputy": 200}
OTHER_DEPUTY = {**CITY_READERS, "deputy": 404}
MINE = {"deputy": 200}
CITY_WRITE_PAGE = {
    "system_admin": 302,
    "committee_staff": 302,
    "district_staff": 404,
    "leader": 403,
}
RECORD_LISTS = {**STAFF_PAGES, "deputy": 200}
RECORD_NEW = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "deputy": 200,
}
DECIDE_PAGE = {**CITY_WRITE_PAGE, "deputy": 403}
API_WRITE = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 403,
}
API_DECIDE = {**API_WRITE, "deputy": 403}
API_WITHDRAW = {
    "system_admin": 403,
    "committee_staff": 403,
    "district_staff": 404,
    "leader": 403,
    "deputy": 200,
}
API_CREATE = {
    "system_admin": 201,
    "committee_staff": 201,
    "district_staff": 403,
    "deputy": 201,
}

COVERED_PAGES = {
    "duty:me",
    "duty:archives",
    "duty:archives_xlsx",
    "duty:archive",
    "duty:archive_docx",
    "duty:archive_xlsx",
    "duty:sessions",
    "duty:session_attendance",
    "duty:records",
    "duty:record_new",
    "duty:record_detail",
    "duty:record_evidence",
}
COVERED_API = {
    f"{API}/me",
    f"{API}/deputies",
    f"{API}/deputies/{{deputy_id}}",
    f"{API}/sessions",
    f"{API}/sessions/{{session_id}}",
    f"{API}/sessions/{{session_id}}/attendance",
    f"{API}/records",
    f"{API}/records/{{record_id}}",
    f"{API}/records/{{record_id}}/confirm",
    f"{API}/records/{{record_id}}/reject",
    f"{API}/records/{{record_id}}/withdraw",
}


@pytest.fixture(scope="module")
def objects(world, committee_staff, deputy):
    session = session_of(world, number=1, start=dt.date(2025, 1, 10))
    session_attendance_record(
        session=session,
        deputy=world.deputy_city_a,
        status=SessionAttendanceStatus.PRESENT,
        actor=committee_staff,
    )
    record = duty_record_add(
        congress=world.city_congress,
        deputy=world.deputy_city_a,
        kind=ArchiveKind.OTHER,
        date=dt.date(2025, 10, 1),
        title="参加省人大调研",
        evidence=png_upload(),
        actor=deputy,
    )
    return {
        "session": session,
        "record": record,
        "a": world.deputy_city_a,
        "b": world.deputy_city_b,
    }


def _url(name, key=None, query=""):
    def build(world, objects):
        return reverse(name, args=[objects[key].pk] if key else []) + query

    return build


def _api(path, key=None):
    def build(world, objects):
        return API + (path.format(objects[key].pk) if key else path)

    return build


PAGES = [
    Row("我的履职", _url("duty:me"), 403, MINE),
    Row("board", _url("duty:archives", query="?year=2025"), 403, STAFF_PAGES),
    Row("board xlsx", _url("duty:archives_xlsx"), 403, STAFF_PAGES),
    Row("own archive", _url("duty:archive", "a", "?year=2025"), 403, OWN_AND_CITY),
    Row("another's archive", _url("duty:archive", "b"), 403, OTHER_DEPUTY),
    Row("archive docx", _url("duty:archive_docx", "a"), 403, OWN_AND_CITY),
    Row("archive xlsx", _url("duty:archive_xlsx", "a"), 403, OWN_AND_CITY),
    Row("sessions", _url("duty:sessions"), 403, STAFF_PAGES),
    Row("session roll", _url("duty:session_attendance", "session"), 403, CITY_READERS),
    Row(
        "save the roll",
        _url("duty:session_attendance", "session"),
        403,
        CITY_WRITE_PAGE,
        method="post",
        body=lambda w, o: {
            f"d{o['b'].pk}_status": "LEAVE",
            f"d{o['b'].pk}_reason": "出差",
        },
    ),
    Row("records", _url("duty:records"), 403, RECORD_LISTS),
    Row("new record", _url("duty:record_new"), 403, RECORD_NEW),
    Row("a record", _url("duty:record_detail", "record"), 403, OWN_AND_CITY),
    Row(
        "confirm a record",
        _url("duty:record_detail", "record"),
        403,
        DECIDE_PAGE,
        method="post",
        body=lambda w, o: {"action": "confirm", "note": "属实"},
    ),
    Row("evidence", _url("duty:record_evidence", "record"), 403, OWN_AND_CITY),
]

API_ROWS = [
    Row("me", _api("/me"), 403, MINE, api=True),
    Row("board", _api("/deputies?year=2025"), 403, STAFF_PAGES, api=True),
    Row("own archive", _api("/deputies/{}", "a"), 403, OWN_AND_CITY, api=True),
    Row("another's archive", _api("/deputies/{}", "b"), 403, OTHER_DEPUTY, api=True),
    Row("sessions", _api("/sessions"), 403, STAFF_PAGES, api=True),
    Row("a session", _api("/sessions/{}", "session"), 403, CITY_READERS, api=True),
    Row(
        "attendance",
        _api("/sessions/{}/attendance", "session"),
        403,
        API_WRITE,
        method="post",
        api=True,
        body=lambda w, o: {
            "rows": [{"deputy_id": o["b"].pk, "status": "LEAVE", "reason": "出差"}]
        },
    ),
    Row("records", _api("/records"), 403, RECORD_LISTS, api=True),
    Row(
        "add a record",
        _api("/records"),
        403,
        API_CREATE,
        method="post",
        api=True,
        body=lambda w, o: {
            "congress_id": w.city_congress.pk,
            "deputy_id": o["a"].pk,
            "kind": "OTHER",
            "date": "2025-09-01",
            "title": "参加市政协座谈",
        },
    ),
    Row("a record", _api("/records/{}", "record"), 403, OWN_AND_CITY, api=True),
    Row(
        "confirm",
        _api("/records/{}/confirm", "record"),
        403,
        API_DECIDE,
        method="post",
        api=True,
        body=lambda w, o: {"note": "属实"},
    ),
    Row(
        "reject",
        _api("/records/{}/reject", "record"),
        403,
        API_DECIDE,
        method="post",
        api=True,
        body=lambda w, o: {"note": "无证明"},
    ),
    Row(
        "withdraw",
        _api("/records/{}/withdraw", "record"),
        403,
        API_WITHDRAW,
        method="post",
        api=True,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_duty_archive_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_duty_archive_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.duty import urls_archive

    pages = {resolve(r.url(world, objects).split("?")[0]).view_name for r in PAGES}
    assert pages == COVERED_PAGES
    assert {f"duty:{p.name}" for p in urls_archive.urlpatterns} == COVERED_PAGES
    documented = {
        path for path in api.get_openapi_schema()["paths"] if path.startswith(API + "/")
    }
    assert documented == COVERED_API
