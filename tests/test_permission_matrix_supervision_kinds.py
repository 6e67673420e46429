"""The kind-specific steps of supervision items against every role: the pages
under /supervision/items/<id>/... and the /api/v1/supervision/items endpoints
of the kinds area.

The items belong to the city congress (辽源市) and are addressed to the city
unit. Its staff manage them; its leaders and members and the unit's staff see
the panel but may not record steps (403); district staff (西安区), the deputy
(not invited) and station staff do not see them (404; station staff have no
supervision pages at all: 403); the public the log-in page or 401.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
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

COVERED_PAGES = {
    "supervision:kind_panel",
    "supervision:kind_laws",
    "supervision:kind_methods",
    "supervision:kind_inspection_report",
    "supervision:kind_question_new",
    "supervision:kind_question_answer",
    "supervision:kind_question_remove",
    "supervision:kind_interpellation_lodge",
    "supervision:kind_interpellation_decide",
    "supervision:kind_interpellation_answer",
    "supervision:kind_interpellation_satisfaction",
    "supervision:kind_investigation_propose",
    "supervision:kind_investigation_exclusions",
    "supervision:kind_resolution",
    "supervision:kind_resolution_execution",
}
COVERED_API = {
    f"{API}/{{item_id}}/kind-panel",
    f"{API}/{{item_id}}/laws",
    f"{API}/{{item_id}}/methods",
    f"{API}/{{item_id}}/inspection-report",
    f"{API}/{{item_id}}/questions",
    f"{API}/{{item_id}}/questions/{{question_id}}/answer",
    f"{API}/{{item_id}}/questions/{{question_id}}/remove",
    f"{API}/{{item_id}}/interpellation/lodge",
    f"{API}/{{item_id}}/interpellation/decision",
    f"{API}/{{item_id}}/interpellation/answers",
    f"{API}/{{item_id}}/interpellation/satisfaction",
    f"{API}/{{item_id}}/investigation/proposal",
    f"{API}/{{item_id}}/investigation/exclusions",
    f"{API}/{{item_id}}/resolution",
    f"{API}/{{item_id}}/resolution/execution-report",
}
MINE = (
    "/kind-panel",
    "/laws",
    "/methods",
    "/inspection-report",
    "/questions",
    "/interpellation/",
    "/investigation/",
    "/resolution",
)

READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "leader": 200,
    "committee_member": 200,
    "unit_staff": 200,
    "district_staff": 404,
    "deputy": 404,
}


def _managers(ok):
    return {
        "system_admin": ok,
        "committee_staff": ok,
        "leader": 403,
        "committee_member": 403,
        "unit_staff": 403,
        "district_staff": 404,
        "deputy": 404,
    }


def _url(name, key, *extra):
    def build(world, objects):
        args = [objects[key].pk, *[objects[k].pk for k in extra]]
        return reverse(f"supervision:{name}", args=args)

    return build


def _form(name, key, *extra):
    return Row(f"form {name}", _url(name, key, *extra), 403, _managers(200))


PAGES = [
    Row("kind panel", _url("kind_panel", "inspection"), 403, READERS),
    _form("kind_laws", "inspection"),
    Row(
        "save laws (none given)",
        _url("kind_laws", "inspection"),
        403,
        _managers(400),
        method="post",
    ),
    _form("kind_methods", "inspection"),
    _form("kind_inspection_report", "inspection"),
    _form("kind_question_new", "inquiry"),
    _form("kind_question_answer", "inquiry", "question"),
    Row(
        "remove a question",
        _url("kind_question_remove", "inquiry", "question"),
        403,
        _managers(302),
        method="post",
    ),
    _form("kind_interpellation_lodge", "interpellation_new"),
    _form("kind_interpellation_decide", "interpellation"),
    _form("kind_interpellation_answer", "interpellation"),
    _form("kind_interpellation_satisfaction", "interpellation"),
    _form("kind_investigation_propose", "investigation"),
    _form("kind_investigation_exclusions", "investigation"),
    _form("kind_resolution", "resolution"),
    _form("kind_resolution_execution", "resolution_adopted"),
]


def _api(path, key, *extra):
    def build(world, objects):
        ids = [objects[key].pk, *[objects[k].pk for k in extra]]
        return f"{API}{path}".format(*ids)

    return build


def _write(name, path, key, body, *, ok=200, method="post", extra=()):
    return Row(
        name,
        _api(path, key, *extra),
        404,
        _managers(ok),
        method=method,
        api=True,
        body=body,
    )


def _member_ids(objects, n=5):
    return [m.pk for m in objects["members"][:n]]


API_ROWS = [
    Row(
        "kind panel",
        _api("/{}/kind-panel", "inspection"),
        404,
        READERS,
        api=True,
    ),
    _write(
        "set laws",
        "/{}/laws",
        "inspection",
        lambda w, o: {"laws": [{"name": "中华人民共和国森林法", "law_kind": "LAW"}]},
    ),
    _write(
        "set methods", "/{}/methods", "inspection", lambda w, o: {"methods": ["FORUM"]}
    ),
    _write(
        "save the inspection report",
        "/{}/inspection-report",
        "inspection",
        lambda w, o: {
            "implementation": "情况",
            "problems": "问题",
            "recommendations": "建议",
        },
    ),
    _write(
        "add a question",
        "/{}/questions",
        "inquiry",
        lambda w, o: {"question": "如何治理占道经营？"},
        ok=201,
    ),
    _write(
        "answer a question",
        "/{}/questions/{}/answer",
        "inquiry",
        lambda w, o: {
            "answered_by": "市城管局局长",
            "answer": "年内整治",
            "answered_on": "2020-08-27",
        },
        extra=("question",),
    ),
    _write(
        "remove a question",
        "/{}/questions/{}/remove",
        "inquiry",
        None,
        method="post",
        extra=("question",),
    ),
    _write(
        "lodge an interpellation",
        "/{}/interpellation/lodge",
        "interpellation_new",
        lambda w, o: {"filers": _member_ids(o), "lodged_on": "2020-09-01"},
    ),
    _write(
        "decide the answer",
        "/{}/interpellation/decision",
        "interpellation",
        lambda w, o: {
            "units": [w.unit_city.pk],
            "mode": "WRITTEN",
            "chairpersons_meeting_id": o["chairs"].pk,
        },
    ),
    _write(
        "record the answer",
        "/{}/interpellation/answers",
        "interpellation",
        lambda w, o: {"answer": "答复", "answered_on": "2020-09-21"},
    ),
    _write(
        "record satisfaction",
        "/{}/interpellation/satisfaction",
        "interpellation",
        lambda w, o: {
            "opinions": [{"member": pk, "satisfied": True} for pk in _member_ids(o)]
        },
    ),
    _write(
        "propose an investigation",
        "/{}/investigation/proposal",
        "investigation",
        lambda w, o: {
            "proposer": "CHAIRPERSONS",
            "chairpersons_meeting_id": o["chairs"].pk,
        },
    ),
    _write(
        "set exclusions",
        "/{}/investigation/exclusions",
        "investigation",
        lambda w, o: {"members": _member_ids(o, 1)},
    ),
    _write(
        "record a resolution",
        "/{}/resolution",
        "resolution",
        lambda w, o: {
            "text": "决定全文",
            "meeting_name": "第二十一次会议",
            "adopted_on": "2020-02-10",
            "online_vote": True,
            "votes_for": 5,
            "votes_against": 0,
            "votes_abstain": 0,
            "not_voting": 0,
        },
    ),
    _write(
        "record the execution report",
        "/{}/resolution/execution-report",
        "resolution_adopted",
        lambda w, o: {"reported_on": "2020-08-01"},
    ),
]


@pytest.fixture(scope="module")
def objects(world, committee_staff):
    from renda.supervision.choices import AnswerMode, SupervisionKind
    from renda.supervision.services import kinds as services
    from renda.supervision.tests.conftest import seat_members
    from renda.supervision.tests.factories_kinds import kind_item

    members = seat_members(world.city_congress, 7)
    staff = committee_staff
    inquiry = kind_item(world, staff, SupervisionKind.INQUIRY)
    question = services.inquiry_question_add(
        item=inquiry, question="占道经营问题", actor=staff
    )
    interpellation = kind_item(world, staff, SupervisionKind.INTERPELLATION)
    services.interpellation_lodge(
        item=interpellation,
        filer_member_ids=[m.pk for m in members[:5]],
        lodged_on=dt.date(2020, 9, 1),
        actor=staff,
    )
    chairs = chairpersons_meeting_on(
        world.city_congress, dt.date(2020, 9, 2), actor=staff
    )
    services.interpellation_answer_decide(
        item=interpellation,
        unit_ids=[world.unit_city.pk],
        mode=AnswerMode.ORAL,
        chairpersons_meeting=chairs,
        actor=staff,
    )
    services.interpellation_answer_record(
        item=interpellation,
        answer="答复",
        answered_on=dt.date(2020, 9, 20),
        actor=staff,
    )
    adopted = kind_item(world, staff, SupervisionKind.RESOLUTION, title="已通过的决定")
    services.resolution_record(
        item=adopted,
        text="决定全文",
        meeting_name="第二十次会议",
        adopted_on=dt.date(2020, 2, 10),
        votes_for=6,
        votes_against=0,
        votes_abstain=0,
        not_voting=1,
        actor=staff,
    )
    return {
        "chairs": chairs,
        "members": members,
        "inspection": kind_item(world, staff, SupervisionKind.LAW_INSPECTION),
        "inquiry": inquiry,
        "question": question,
        "interpellation_new": kind_item(
            world, staff, SupervisionKind.INTERPELLATION, title="新质询案"
        ),
        "interpellation": interpellation,
        "investigation": kind_item(world, staff, SupervisionKind.SPECIAL_INVESTIGATION),
        "resolution": kind_item(world, staff, SupervisionKind.RESOLUTION),
        "resolution_adopted": adopted,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_kinds_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world, objects))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_kinds_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.supervision import urls_kinds

    pages = {resolve(r.url(world, objects)).view_name for r in PAGES}
    names = {f"supervision:{p.name}" for p in urls_kinds.urlpatterns}
    assert pages == COVERED_PAGES == names
    documented = {
        path
        for path in api.get_openapi_schema()["paths"]
        if path.startswith(API + "/") and any(part in path for part in MINE)
    }
    assert documented == COVERED_API


@pytest.mark.parametrize("role", ROLES)
def test_page_and_api_show_the_same_panel(role, request, client, world, objects):
    """Where the role sees the panel page, the API gives the same actions and rows."""
    client = login_as(role, request, client)
    for key in ("inquiry", "interpellation", "resolution_adopted"):
        item = objects[key]
        page = client.get(reverse("supervision:kind_panel", args=[item.pk]))
        api = client.get(f"{API}/{item.pk}/kind-panel")
        if page.status_code != 200:
            assert api.status_code != 200 or role in (
                "station_chief",
                "liaison_officer",
            )
            continue
        data = api.json()
        panel = page.context["panel"]
        assert panel.actions == data["actions"], (role, key)
        assert [q.id for q in panel.questions] == [q["id"] for q in data["questions"]]
        if panel.interpellation:
            assert (
                panel.interpellation.filers_count
                == data["interpellation"]["filers_count"]
            )
