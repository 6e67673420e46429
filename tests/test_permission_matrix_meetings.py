"""Meetings (会议) against every role: pages and endpoints of the city
committee's meeting held today.

The city's staff (and administrators) run it; district staff (西安区) run
their own congress's meetings only (404 for these ids); leaders and members of
the city congress read it (403 on staff actions); the member (白玉晶's seat)
signs in on the day and reads the papers; deputies, unit staff and station
staff have no meetings (403 on the lists, 404 on an id); anonymous users are
sent to log in (401 on the API).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from renda.congresses.models import StandingCommittee
from renda.meetings import services, urls_meetings
from renda.meetings.choices import AgendaKind
from renda.meetings.services import papers as paper_services
from renda.meetings.tests.factories import meeting, standing_committee_of
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

module_data(globals())

API = "/api/v1/meetings"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
USERS = {"system_admin": 200, "committee_staff": 200, "district_staff": 200}
LISTS = {**USERS, "leader": 200, "committee_member": 200}
READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "leader": 200,
    "committee_member": 200,
}


def staff(status: int) -> dict:
    """The city's staff get ``status``; readers 403; everyone else 404."""
    return {
        "system_admin": status,
        "committee_staff": status,
        "leader": 403,
        "committee_member": 403,
    }


@pytest.fixture(scope="module")
def objects(world, committee_staff, committee_member, district_staff):
    committee = standing_committee_of(world)
    StandingCommittee.objects.get_or_create(term=world.xian_congress.terms.get())
    today = meeting(committee, actor=committee_staff, date=timezone.localdate())
    first = services.agenda_item_add(
        meeting=today,
        kind=AgendaKind.WORK_REPORT,
        title="关于某工作情况的报告",
        actor=committee_staff,
    )
    second = services.agenda_item_add(
        meeting=today, kind=AgendaKind.OTHER, title="其他事项", actor=committee_staff
    )
    sent = paper_services.paper_add(
        item=first,
        file=SimpleUploadedFile("报告.pdf", PDF),
        actor=committee_staff,
    )
    paper_services.papers_send(meeting=today, actor=committee_staff)
    sent.refresh_from_db()
    unsent = paper_services.paper_add(
        item=first,
        file=SimpleUploadedFile("其他.pdf", PDF),
        actor=committee_staff,
    )
    # Removal deletes the stored file, which no savepoint brings back.
    removable = paper_services.paper_add(
        item=first,
        file=SimpleUploadedFile("待删除.pdf", PDF),
        actor=committee_staff,
    )
    guest = services.guest_add(
        meeting=today, name="王某", organisation="市政府", actor=committee_staff
    )
    seat = committee.members.get(user=committee_member)
    return {
        "meeting": today,
        "item": first,
        "second": second,
        "sent": sent,
        "unsent": unsent,
        "removable": removable,
        "guest": guest,
        "seat": seat,
    }


def _url(name, key=None):
    def build(world, objects):
        return reverse(name, args=[objects[key].pk] if key else [])

    return build


def _api(path, key=None):
    def build(world, objects):
        return API + (path.format(objects[key].pk) if key else path)

    return build


def _pdf(world, objects):
    return {"item": objects["item"].pk, "file": SimpleUploadedFile("新.pdf", PDF)}


PAGES = [
    Row("list", _url("meetings:list"), 403, LISTS),
    Row("mine", _url("meetings:mine"), 403, LISTS),
    Row("new", _url("meetings:new"), 403, USERS),
    Row("detail", _url("meetings:detail", "meeting"), 404, READERS),
    Row("edit", _url("meetings:edit", "meeting"), 404, staff(200)),
    Row("desk", _url("meetings:desk", "meeting"), 404, staff(200)),
    Row("desk live", _url("meetings:desk_live", "meeting"), 404, staff(200)),
    Row(
        "attendance",
        _url("meetings:attendance", "meeting"),
        404,
        staff(302),
        method="post",
        body=lambda w, o: {"member": o["seat"].pk, "status": "ABSENT"},
    ),
    Row(
        "sign in",
        _url("meetings:sign_in", "meeting"),
        404,
        {**staff(403), "committee_member": 302},
        method="post",
    ),
    Row(
        "open without quorum",
        _url("meetings:open", "meeting"),
        404,
        staff(409),
        method="post",
    ),
    Row(
        "close before opening",
        _url("meetings:close", "meeting"),
        404,
        staff(409),
        method="post",
    ),
    Row(
        "cancel",
        _url("meetings:cancel", "meeting"),
        404,
        staff(302),
        method="post",
        body=lambda w, o: {"reason": "改期"},
    ),
    Row(
        "agenda add",
        _url("meetings:agenda_add", "meeting"),
        404,
        staff(302),
        method="post",
        body=lambda w, o: {"kind": "OTHER", "title": "新议题"},
    ),
    Row("agenda edit", _url("meetings:agenda_edit", "item"), 404, staff(200)),
    Row(
        "agenda subjects (htmx select)",
        _url("meetings:agenda_subjects", "meeting"),
        404,
        staff(200),
    ),
    Row(
        "agenda remove",
        _url("meetings:agenda_remove", "second"),
        404,
        staff(302),
        method="post",
    ),
    Row(
        "agenda move",
        _url("meetings:agenda_move", "item"),
        404,
        staff(302),
        method="post",
        body=lambda w, o: {"direction": "down"},
    ),
    Row(
        "guest add",
        _url("meetings:guest_add", "meeting"),
        404,
        staff(302),
        method="post",
        body=lambda w, o: {"name": "李某", "organisation": "市教育局"},
    ),
    Row(
        "guest remove",
        _url("meetings:guest_remove", "guest"),
        404,
        staff(302),
        method="post",
    ),
    Row(
        "guest mark",
        _url("meetings:guest_mark", "guest"),
        404,
        staff(302),
        method="post",
        body=lambda w, o: {"attended": "1"},
    ),
    Row("notice docx", _url("meetings:notice_docx", "meeting"), 404, staff(200)),
    Row("papers", _url("meetings:papers", "meeting"), 404, READERS),
    Row(
        "paper add",
        _url("meetings:paper_add", "meeting"),
        404,
        staff(302),
        method="post",
        body=_pdf,
    ),
    Row(
        "papers send",
        _url("meetings:papers_send", "meeting"),
        404,
        staff(302),
        method="post",
    ),
    Row("a sent paper", _url("meetings:paper", "sent"), 404, READERS),
    Row(
        "an unsent paper",
        _url("meetings:paper", "unsent"),
        404,
        {"system_admin": 200, "committee_staff": 200, "committee_member": 404},
    ),
    Row(
        "paper remove",
        _url("meetings:paper_remove", "removable"),
        404,
        {"system_admin": 302, "committee_staff": 302, "committee_member": 404},
        method="post",
    ),
]

API_ROWS = [
    Row("list", _api(""), 403, LISTS, api=True),
    Row(
        "create",
        _api(""),
        403,
        {"system_admin": 201, "committee_staff": 201, "committee_member": 403},
        method="post",
        api=True,
        body=lambda w, o: {
            "congress": w.city_congress.pk,
            "date": str(timezone.localdate()),
        },
    ),
    Row("detail", _api("/{}", "meeting"), 404, READERS, api=True),
    Row(
        "update",
        _api("/{}", "meeting"),
        404,
        staff(200),
        method="patch",
        api=True,
        body=lambda w, o: {"place": "第二会议室"},
    ),
    Row("quorum", _api("/{}/quorum", "meeting"), 404, READERS, api=True),
    Row(
        "open",
        _api("/{}/open", "meeting"),
        404,
        staff(409),
        method="post",
        api=True,
    ),
    Row(
        "close",
        _api("/{}/close", "meeting"),
        404,
        staff(409),
        method="post",
        api=True,
    ),
    Row(
        "cancel",
        _api("/{}/cancel", "meeting"),
        404,
        staff(200),
        method="post",
        api=True,
        body=lambda w, o: {"reason": "改期"},
    ),
    Row(
        "agenda add",
        _api("/{}/agenda", "meeting"),
        404,
        staff(201),
        method="post",
        api=True,
        body=lambda w, o: {"kind": "OTHER", "title": "新议题"},
    ),
    Row(
        "agenda subjects",
        _api("/{}/agenda/subjects?kind=WORK_REPORT", "meeting"),
        404,
        staff(200),
        api=True,
    ),
    Row(
        "agenda update",
        _api("/agenda/{}", "item"),
        404,
        staff(200),
        method="patch",
        api=True,
        body=lambda w, o: {"reporter": "市政府"},
    ),
    Row(
        "agenda remove",
        _api("/agenda/{}/remove", "second"),
        404,
        staff(200),
        method="post",
        api=True,
    ),
    Row(
        "agenda move",
        _api("/agenda/{}/move", "item"),
        404,
        staff(200),
        method="post",
        api=True,
        body=lambda w, o: {"direction": "down"},
    ),
    Row(
        "guest add",
        _api("/{}/guests", "meeting"),
        404,
        staff(201),
        method="post",
        api=True,
        body=lambda w, o: {"name": "李某", "organisation": "市教育局"},
    ),
    Row(
        "guest remove",
        _api("/guests/{}/remove", "guest"),
        404,
        staff(200),
        method="post",
        api=True,
    ),
    Row(
        "attendance",
        _api("/{}/attendance", "meeting"),
        404,
        staff(200),
        method="post",
        api=True,
        body=lambda w, o: {"member": o["seat"].pk, "status": "ABSENT"},
    ),
    Row(
        "sign in",
        _api("/{}/sign-in", "meeting"),
        404,
        {**staff(403), "committee_member": 200},
        method="post",
        api=True,
    ),
    Row("papers", _api("/{}/papers", "meeting"), 404, READERS, api=True),
    Row(
        "papers send",
        _api("/{}/papers/send", "meeting"),
        404,
        staff(200),
        method="post",
        api=True,
    ),
    Row(
        "receipts",
        _api("/papers/{}/receipts", "sent"),
        404,
        staff(200),
        api=True,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_meeting_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_meeting_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


@pytest.mark.parametrize("role", ROLES)
def test_upload_through_the_api(role, request, client, world, objects):
    client = login_as(role, request, client)
    response = client.post(
        f"{API}/{objects['meeting'].pk}/papers", _pdf(world, objects)
    )
    expected = {**staff(201), "anonymous": 401}.get(role, 404)
    assert response.status_code == expected


# Every page of urls_meetings (test_every_page_and_path_is_covered says so).
COVERED_PAGES = {"meetings:" + pattern.name for pattern in urls_meetings.urlpatterns}
COVERED_API = {
    API,
    f"{API}/{{meeting_id}}",
    f"{API}/{{meeting_id}}/quorum",
    f"{API}/{{meeting_id}}/open",
    f"{API}/{{meeting_id}}/close",
    f"{API}/{{meeting_id}}/cancel",
    f"{API}/{{meeting_id}}/agenda",
    f"{API}/{{meeting_id}}/agenda/subjects",
    f"{API}/agenda/{{item_id}}",
    f"{API}/agenda/{{item_id}}/move",
    f"{API}/{{meeting_id}}/guests",
    f"{API}/agenda/{{item_id}}/remove",
    f"{API}/guests/{{guest_id}}/remove",
    f"{API}/{{meeting_id}}/attendance",
    f"{API}/{{meeting_id}}/sign-in",
    f"{API}/{{meeting_id}}/papers",
    f"{API}/{{meeting_id}}/papers/send",
    f"{API}/papers/{{paper_id}}/receipts",
}


def test_every_page_and_path_is_covered(world, objects):
    from django.urls import resolve

    from config.api import api

    pages = {resolve(r.url(world, objects)).view_name for r in PAGES}
    assert pages == {f"meetings:{p.name}" for p in urls_meetings.urlpatterns}
    others = (API + "/votes", API + "/personnel", API + "/decisions")
    documented = {
        path
        for path in api.get_openapi_schema()["paths"]
        if path == API or (path.startswith(API + "/") and not path.startswith(others))
    }
    assert documented == COVERED_API
    assert len(API_ROWS) >= len(COVERED_API)
