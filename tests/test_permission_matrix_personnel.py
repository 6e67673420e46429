"""任免与票决评议 against every role: pages and endpoints.

The meeting belongs to the city congress (辽源市): its staff (and the
administrator) manage appointments and 票决评议; its leader and members read
them (a write is 403); district staff (西安区) manage another congress (404 for
these ids); a unit's staff see only their own unit's published results; the
other roles have no access (403).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.meetings import services
from renda.meetings.choices import Grade, PersonnelKind, VoteMode
from renda.meetings.services import evaluations, personnel
from renda.meetings.tests.factories import (
    add_members,
    meeting,
    sign_in,
    standing_committee_of,
)
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

module_data(globals())

API = "/api/v1/meetings/personnel"

READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 200,
    "committee_member": 200,
}
MANAGE_PAGE = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 403,
    "committee_member": 403,
}
MANAGE_POST = {**MANAGE_PAGE, "system_admin": 302, "committee_staff": 302}
API_READERS = {**READERS}
API_LIST = {**READERS, "district_staff": 200}
API_CREATE = {
    "system_admin": 201,
    "committee_staff": 201,
    "district_staff": 404,
    "leader": 403,
    "committee_member": 403,
}
API_WRITE = {**API_CREATE, "system_admin": 200, "committee_staff": 200}
UNIT_ONLY = {"unit_staff": 200, "committee_member": 403}
COVERED_PAGES = {
    "meetings:personnel",
    "meetings:evaluation_new",
    "meetings:evaluation",
    "meetings:evaluation_xlsx",
    "meetings:unit_evaluations",
}
COVERED_API = {
    f"{API}/appointments",
    f"{API}/appointments/vote",
    f"{API}/appointments/{{appointment_id}}",
    f"{API}/appointments/{{appointment_id}}/withdraw",
    f"{API}/oaths",
    f"{API}/evaluations",
    f"{API}/evaluations/mine",
    f"{API}/evaluations/{{evaluation_id}}",
    f"{API}/evaluations/{{evaluation_id}}/start",
    f"{API}/evaluations/{{evaluation_id}}/decide",
    f"{API}/evaluations/{{evaluation_id}}/publish",
}


@pytest.fixture(scope="module")
def objects(world, committee_staff, committee_member):
    staff = committee_staff
    committee = standing_committee_of(world)
    members = add_members(committee, 3, prefix="pm")
    held = meeting(committee, actor=staff)
    sign_in(held, members, actor=staff)
    services.meeting_open(meeting=held, actor=staff)
    proposed = personnel.appointment_propose(
        meeting=held,
        kind=PersonnelKind.APPOINTMENT,
        person_name="张三",
        post="市教育局局长",
        actor=staff,
    )
    adopted = personnel.appointment_propose(
        meeting=held,
        kind=PersonnelKind.APPOINTMENT,
        person_name="李四",
        post="市民政局局长",
        actor=staff,
    )
    (vote,) = personnel.appointments_put_to_vote(
        appointments=[adopted], mode=VoteMode.TALLY, actor=staff
    )
    services.vote_tally_enter(
        vote=vote,
        counts={"FOR": 4},
        present=4,
        tellers=("甲", "乙"),
        actor=staff,
    )
    published = evaluations.evaluation_create(
        meeting=held,
        year=2025,
        title="2025年度代表建议办理工作票决评议",
        units=[world.unit_city, world.unit_xian],
        actor=staff,
    )
    evaluations.evaluation_start(evaluation=published, mode=VoteMode.TALLY, actor=staff)
    for entry in published.entries.all():
        services.vote_tally_enter(
            vote=entry.vote,
            counts={Grade.SATISFIED: 3, Grade.BASICALLY_SATISFIED: 1},
            present=4,
            tellers=("甲", "乙"),
            actor=staff,
        )
    evaluations.evaluation_decide(evaluation=published, actor=staff)
    evaluations.evaluation_publish(evaluation=published, actor=staff)
    draft = evaluations.evaluation_create(
        meeting=held,
        year=2025,
        title="另一次评议",
        units=[world.unit_city],
        actor=staff,
    )
    return {
        "meeting": held,
        "proposed": proposed,
        "adopted": adopted,
        "published": published,
        "draft": draft,
    }


def _url(name, key=None):
    def build(world, objects):
        return reverse(name, args=[objects[key].pk] if key else [])

    return build


def _api(path, key=None):
    def build(world, objects):
        return API + (path.format(objects[key].pk) if key else path)

    return build


PAGES = [
    Row("personnel", _url("meetings:personnel", "meeting"), 403, READERS),
    Row(
        "propose",
        _url("meetings:personnel", "meeting"),
        403,
        MANAGE_POST,
        method="post",
        body=lambda w, o: {
            "action": "propose",
            "kind": "APPOINTMENT",
            "person_name": "王五",
            "post": "市财政局局长",
        },
    ),
    Row("new evaluation", _url("meetings:evaluation_new", "meeting"), 403, MANAGE_PAGE),
    Row("evaluation", _url("meetings:evaluation", "published"), 403, READERS),
    Row(
        "start an evaluation",
        _url("meetings:evaluation", "draft"),
        403,
        MANAGE_POST,
        method="post",
        body=lambda w, o: {"action": "start", "mode": "TALLY"},
    ),
    Row("evaluation xlsx", _url("meetings:evaluation_xlsx", "published"), 403, READERS),
    Row("a unit's results", _url("meetings:unit_evaluations"), 403, UNIT_ONLY),
]

API_ROWS = [
    Row(
        "appointments",
        lambda w, o: f"{API}/appointments?meeting={o['meeting'].pk}",
        403,
        API_READERS,
        api=True,
    ),
    Row(
        "propose",
        _api("/appointments"),
        403,
        API_CREATE,
        method="post",
        api=True,
        body=lambda w, o: {
            "meeting": o["meeting"].pk,
            "kind": "APPOINTMENT",
            "person_name": "王五",
            "post": "市财政局局长",
        },
    ),
    Row(
        "an appointment",
        _api("/appointments/{}", "proposed"),
        403,
        API_READERS,
        api=True,
    ),
    Row(
        "edit",
        _api("/appointments/{}", "proposed"),
        403,
        API_WRITE,
        method="patch",
        api=True,
        body=lambda w, o: {"organisation": "市教育局"},
    ),
    Row(
        "withdraw",
        _api("/appointments/{}/withdraw", "proposed"),
        403,
        API_WRITE,
        method="post",
        api=True,
        body=lambda w, o: {"reason": "提请机关撤回"},
    ),
    Row(
        "put to vote",
        _api("/appointments/vote"),
        403,
        API_CREATE,
        method="post",
        api=True,
        body=lambda w, o: {"appointments": [o["proposed"].pk], "mode": "TALLY"},
    ),
    Row(
        "oath",
        _api("/oaths"),
        403,
        API_CREATE,
        method="post",
        api=True,
        body=lambda w, o: {
            "meeting": o["meeting"].pk,
            "appointments": [o["adopted"].pk],
            "taken_at": timezone.now().isoformat(),
            "supervised_by": "主任",
        },
    ),
    Row("evaluations", _api("/evaluations"), 403, API_LIST, api=True),
    Row(
        "create an evaluation",
        _api("/evaluations"),
        403,
        API_CREATE,
        method="post",
        api=True,
        body=lambda w, o: {
            "meeting": o["meeting"].pk,
            "year": 2025,
            "title": "评议",
            "units": [w.unit_city.pk],
        },
    ),
    Row(
        "an evaluation",
        _api("/evaluations/{}", "published"),
        403,
        API_READERS,
        api=True,
    ),
    Row(
        "start",
        _api("/evaluations/{}/start", "draft"),
        403,
        API_WRITE,
        method="post",
        api=True,
        body=lambda w, o: {"mode": "TALLY"},
    ),
    Row(
        "decide (votes open)",
        _api("/evaluations/{}/decide", "draft"),
        403,
        {**API_WRITE, "system_admin": 409, "committee_staff": 409},
        method="post",
        api=True,
    ),
    Row(
        "publish (already)",
        _api("/evaluations/{}/publish", "published"),
        403,
        {**API_WRITE, "system_admin": 409, "committee_staff": 409},
        method="post",
        api=True,
    ),
    Row("a unit's results", _api("/evaluations/mine"), 403, UNIT_ONLY, api=True),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_personnel_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_personnel_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.meetings import urls_personnel

    pages = {resolve(r.url(world, objects)).view_name for r in PAGES}
    assert pages == COVERED_PAGES
    assert {f"meetings:{p.name}" for p in urls_personnel.urlpatterns} == COVERED_PAGES
    documented = {
        path for path in api.get_openapi_schema()["paths"] if path.startswith(API + "/")
    }
    assert documented == COVERED_API


def test_a_unit_sees_only_its_own_published_results(client, unit_staff, world, objects):
    client.force_login(unit_staff)
    results = client.get(f"{API}/evaluations/mine").json()["results"]
    assert [r["entry"]["handling_unit_id"] for r in results] == [world.unit_city.pk]
    page = client.get(reverse("meetings:unit_evaluations"))
    assert [e.handling_unit_id for e in page.context["entries"]] == [world.unit_city.pk]
    assert "另一次评议" not in page.content.decode()
    # The evaluation's own page and export are the committee's, not the unit's.
    assert (
        client.get(
            reverse("meetings:evaluation", args=[objects["published"].pk])
        ).status_code
        == 403
    )
