"""The annual supervision plan and its topic call against every role: pages,
public pages and /api/v1/supervision/plans endpoints.

The records live in the city congress (辽源市): a topic call open today with a
deputy's proposal (丁照民, the ``deputy`` account) and a resident's, and three
plans — 2020 published, 2021 a draft, 2022 adopted by the chairpersons'
meeting. District staff (西安区) are outside the city's records (404); roles a
page is not for get 403, the public the log-in page or 401, except on /open/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.supervision.choices import SupervisionKind
from renda.supervision.services import plan as services
from renda.supervision.tests.factories_plan import (
    adopt_and_publish,
    open_call,
    plan_with_entries,
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

pytestmark = pytest.mark.django_db

API = "/api/v1/supervision/plans"
COVERED_PAGES = {
    "supervision:topic_calls",
    "supervision:topic_propose",
    "supervision:topic_my_proposals",
    "supervision:topic_proposals",
    "supervision:topic_proposal_detail",
    "supervision:topic_proposal_adopt",
    "supervision:topic_proposal_merge",
    "supervision:topic_proposal_decline",
    "supervision:plans",
    "supervision:plan_detail",
    "supervision:plan_entry_new",
    "supervision:plan_entry_edit",
    "supervision:plan_entry_remove",
    "supervision:plan_adopt",
    "supervision:plan_publish",
    "supervision:plan_adjust",
    "open:supervision_plan",
    "open:topic_form",
    "open:topic_receipt",
}
COVERED_API = {
    API,
    f"{API}/calls",
    f"{API}/calls/{{call_id}}/proposals",
    f"{API}/proposals",
    f"{API}/proposals/{{proposal_id}}",
    f"{API}/proposals/{{proposal_id}}/adopt",
    f"{API}/proposals/{{proposal_id}}/merge",
    f"{API}/proposals/{{proposal_id}}/decline",
    f"{API}/{{plan_id}}",
    f"{API}/{{plan_id}}/versions/{{number}}",
    f"{API}/{{plan_id}}/entries",
    f"{API}/entries/{{entry_id}}",
    f"{API}/entries/{{entry_id}}/remove",
    f"{API}/{{plan_id}}/adopt",
    f"{API}/{{plan_id}}/publish",
    f"{API}/{{plan_id}}/adjust",
}

USERS = {  # can_use_supervision
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
    "committee_member": 200,
    "deputy": 200,
    "unit_staff": 200,
}
READERS = {  # the congress's staff, leaders, members (district staff: 404 on city rows)
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
    "committee_member": 200,
}
CITY_READERS = {**READERS, "district_staff": 404}
PROPOSERS = {"deputy": 200, "unit_staff": 200}
PUBLIC = {"anonymous": 200}


def manage(status, *, district=404):
    return {
        "system_admin": status,
        "committee_staff": status,
        "district_staff": district,
    }


def _url(name, *keys, query=""):
    def build(world, objects):
        return reverse(name, args=[objects[k].pk for k in keys]) + query

    return build


@pytest.fixture(scope="module")
def objects(world, committee_staff, deputy):
    today = timezone.localdate()
    call = open_call(
        world,
        committee_staff,
        year=today.year + 1,
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=5),
    )
    proposal = services.topic_propose(
        call=call, title="城市管理专题询问", reason="群众关心", actor=deputy
    )
    resident = services.topic_propose_public(
        call=call,
        name="李群众",
        phone="13911112222",
        title="占道经营",
        reason="影响出行",
        client_ip="10.0.0.1",
    )
    published, version = plan_with_entries(world, committee_staff)
    adopt_and_publish(version, committee_staff)
    draft = services.plan_create(
        congress=world.city_congress,
        year=2021,
        title="2021年度计划",
        actor=committee_staff,
    )
    entry = services.plan_entry_add(
        version=draft.versions.get(),
        actor=committee_staff,
        kind=SupervisionKind.RESEARCH,
        title="专题调研",
    )
    adopted = services.plan_create(
        congress=world.city_congress,
        year=2022,
        title="2022年度计划",
        actor=committee_staff,
    )
    services.plan_entry_add(
        version=adopted.versions.get(),
        actor=committee_staff,
        kind=SupervisionKind.RESEARCH,
        title="专题调研",
    )
    chairs = chairpersons_meeting_on(
        world.city_congress, dt.date(2022, 2, 1), actor=committee_staff
    )
    services.plan_version_adopt(
        version=adopted.versions.get(),
        chairpersons_meeting=chairs,
        actor=committee_staff,
    )
    return {
        "chairs": chairs,
        "call": call,
        "proposal": proposal,
        "resident": resident,
        "published": published,
        "draft": draft,
        "entry": entry,
        "adopted": adopted,
    }


PAGES = [
    Row("topic calls", _url("supervision:topic_calls"), 403, USERS),
    Row(
        "open a topic call (empty form)",
        _url("supervision:topic_calls"),
        403,
        manage(400, district=400),
        method="post",
    ),
    Row("propose a topic", _url("supervision:topic_propose", "call"), 403, PROPOSERS),
    Row(
        "propose a topic (empty form)",
        _url("supervision:topic_propose", "call"),
        403,
        {"deputy": 400, "unit_staff": 400},
        method="post",
    ),
    Row("my proposals", _url("supervision:topic_my_proposals"), 403, PROPOSERS),
    Row("proposals", _url("supervision:topic_proposals"), 403, USERS),
    Row(
        "one proposal (a deputy's)",
        _url("supervision:topic_proposal_detail", "proposal"),
        403,
        {**CITY_READERS, "deputy": 200, "unit_staff": 404},
    ),
    Row(
        "adopt a proposal",
        _url("supervision:topic_proposal_adopt", "proposal"),
        403,
        manage(302),
        method="post",
    ),
    Row(
        "merge a proposal (empty form)",
        _url("supervision:topic_proposal_merge", "proposal"),
        403,
        manage(400),
        method="post",
    ),
    Row(
        "decline a proposal (no reason)",
        _url("supervision:topic_proposal_decline", "proposal"),
        403,
        manage(400),
        method="post",
    ),
    Row("plans", _url("supervision:plans"), 403, READERS),
    Row(
        "draft a plan (empty form)",
        _url("supervision:plans"),
        403,
        manage(400, district=400),
        method="post",
    ),
    Row("one plan", _url("supervision:plan_detail", "published"), 403, CITY_READERS),
    Row(
        "one plan, version 1",
        _url("supervision:plan_detail", "published", query="?version=1"),
        403,
        CITY_READERS,
    ),
    Row("new entry", _url("supervision:plan_entry_new", "draft"), 403, manage(200)),
    Row(
        "new entry (empty form)",
        _url("supervision:plan_entry_new", "draft"),
        403,
        manage(400),
        method="post",
    ),
    Row("edit entry", _url("supervision:plan_entry_edit", "entry"), 403, manage(200)),
    Row(
        "edit entry (empty form)",
        _url("supervision:plan_entry_edit", "entry"),
        403,
        manage(400),
        method="post",
    ),
    Row(
        "remove entry",
        _url("supervision:plan_entry_remove", "entry"),
        403,
        manage(302),
        method="post",
    ),
    Row(
        "adopt a version (empty form)",
        _url("supervision:plan_adopt", "draft"),
        403,
        manage(400),
        method="post",
    ),
    Row(
        "publish an adopted version",
        _url("supervision:plan_publish", "adopted"),
        403,
        manage(302),
        method="post",
    ),
    Row(
        "publish a draft (wrong state)",
        _url("supervision:plan_publish", "draft"),
        403,
        manage(409),
        method="post",
    ),
    Row(
        "adjust (no reason)",
        _url("supervision:plan_adjust", "published"),
        403,
        manage(400),
        method="post",
    ),
    Row(
        "public plan",
        lambda w, o: reverse("open:supervision_plan", args=[w.city_congress.pk, 2020]),
        200,
        PUBLIC,
    ),
    Row(
        "public plan, a draft year",
        lambda w, o: reverse("open:supervision_plan", args=[w.city_congress.pk, 2021]),
        404,
        {"anonymous": 404},
    ),
    Row("public topic form", _url("open:topic_form", "call"), 200, PUBLIC),
    Row("public receipt look-up", _url("open:topic_receipt"), 200, PUBLIC),
]


def _body(**data):
    return lambda w, o: data


API_ROWS = [
    Row("calls", lambda w, o: f"{API}/calls", 403, USERS, api=True),
    Row(
        "open a call",
        lambda w, o: f"{API}/calls",
        403,
        {"system_admin": 201, "committee_staff": 201},
        method="post",
        api=True,
        body=lambda w, o: {
            "congress_id": w.city_congress.pk,
            "year": 2018,
            "title": "2018年度议题征集",
            "opens_on": "2017-09-01",
            "closes_on": "2017-10-31",
        },
    ),
    Row("proposals", lambda w, o: f"{API}/proposals", 403, USERS, api=True),
    Row(
        "one proposal",
        lambda w, o: f"{API}/proposals/{o['proposal'].pk}",
        403,
        {**CITY_READERS, "deputy": 200, "unit_staff": 404},
        api=True,
    ),
    Row(
        "propose",
        lambda w, o: f"{API}/calls/{o['call'].pk}/proposals",
        403,
        {"deputy": 201, "unit_staff": 201},
        method="post",
        api=True,
        body=_body(title="议题", reason="理由"),
    ),
    Row(
        "adopt a proposal",
        lambda w, o: f"{API}/proposals/{o['proposal'].pk}/adopt",
        403,
        {**manage(200), "unit_staff": 404},
        method="post",
        api=True,
        body=_body(),
    ),
    Row(
        "merge a proposal",
        lambda w, o: f"{API}/proposals/{o['resident'].pk}/merge",
        403,
        {**manage(200), "unit_staff": 404, "deputy": 404},
        method="post",
        api=True,
        body=lambda w, o: {"into_id": o["proposal"].pk, "reason": "内容相近"},
    ),
    Row(
        "decline a proposal",
        lambda w, o: f"{API}/proposals/{o['proposal'].pk}/decline",
        403,
        {**manage(200), "unit_staff": 404},
        method="post",
        api=True,
        body=_body(reason="不属于监督范围"),
    ),
    Row("plans", lambda w, o: API, 403, READERS, api=True),
    Row(
        "draft a plan",
        lambda w, o: API,
        403,
        {"system_admin": 201, "committee_staff": 201},
        method="post",
        api=True,
        body=lambda w, o: {
            "congress_id": w.city_congress.pk,
            "year": 2030,
            "title": "计划",
        },
    ),
    Row(
        "one plan",
        lambda w, o: f"{API}/{o['published'].pk}",
        403,
        CITY_READERS,
        api=True,
    ),
    Row(
        "one version",
        lambda w, o: f"{API}/{o['published'].pk}/versions/1",
        403,
        CITY_READERS,
        api=True,
    ),
    Row(
        "add an entry",
        lambda w, o: f"{API}/{o['draft'].pk}/entries",
        403,
        manage(201),
        method="post",
        api=True,
        body=_body(kind=SupervisionKind.INQUIRY, title="专题询问"),
    ),
    Row(
        "update an entry",
        lambda w, o: f"{API}/entries/{o['entry'].pk}",
        403,
        manage(200),
        method="patch",
        api=True,
        body=_body(kind=SupervisionKind.RESEARCH, title="专题调研（修改）"),
    ),
    Row(
        "remove an entry",
        lambda w, o: f"{API}/entries/{o['entry'].pk}/remove",
        403,
        manage(200),
        method="post",
        api=True,
    ),
    Row(
        "adopt a version",
        lambda w, o: f"{API}/{o['draft'].pk}/adopt",
        403,
        manage(200),
        method="post",
        api=True,
        body=lambda w, o: {"chairpersons_meeting_id": o["chairs"].pk},
    ),
    Row(
        "publish",
        lambda w, o: f"{API}/{o['adopted'].pk}/publish",
        403,
        manage(200),
        method="post",
        api=True,
    ),
    Row(
        "adjust",
        lambda w, o: f"{API}/{o['published'].pk}/adjust",
        403,
        manage(201),
        method="post",
        api=True,
        body=_body(reason="增加议题"),
    ),
]

# Leaders and members read the city's plans and proposals but may not change them.
for _row in API_ROWS:
    if _row.method != "get" and _row.name not in (
        "open a call",
        "draft a plan",
        "propose",
    ):
        _row.expect.setdefault("leader", 403)
        _row.expect.setdefault("committee_member", 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_plan_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world, objects))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_plan_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.supervision import urls_open_plan, urls_plan

    pages = {resolve(r.url(world, objects).split("?")[0]).view_name for r in PAGES}
    declared = {f"supervision:{p.name}" for p in urls_plan.urlpatterns} | {
        f"open:{p.name}" for p in urls_open_plan.urlpatterns
    }
    assert pages == COVERED_PAGES == declared
    documented = {
        path
        for path in api.get_openapi_schema()["paths"]
        if path == API or path.startswith(API + "/")
    }
    assert documented == COVERED_API
