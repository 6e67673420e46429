"""The government's sign-off (政府签批) against every role: pages and endpoints.

The city congress (辽源市) sends 《代表之声》 items to 辽源市人民政府办公室 (a unit
with its own clerk, not one of the matrix's roles). The city's staff and the
administrator manage the setting and send items; the office's clerk records
the instruction and dispatches (the matrix's unit staff, of another unit, get
404 for the office's assignments, 403 where their unit is not asked); the
city's leader reads figures and the setting is staff's (403); district staff
(西安区) get 404 for the city's items. Anonymous users are sent to log in
(401 from the API).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from renda.accounts.choices import Role
from renda.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Channel
from renda.suggestions.tests.factories import START, accepted
from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

module_data(globals())

API = "/api/v1/suggestions"

COVERED_PAGES = {
    "suggestions:government_route",
    "suggestions:staff_send_government",
    "suggestions:unit_coordinate",
}
COVERED_API = {
    f"{API}/government/routes/{{congress_id}}",
    f"{API}/government/stats",
    f"{API}/government/items/{{suggestion_id}}",
    f"{API}/{{suggestion_id}}/government",
    f"{API}/assignments/{{assignment_id}}/instruction",
    f"{API}/assignments/{{assignment_id}}/dispatch",
}

SETTING_PAGE = {"system_admin": 200, "committee_staff": 200, "district_staff": 200}
SEND_PAGE = {
    "system_admin": 302,
    "committee_staff": 302,
    "district_staff": 404,
}
COORDINATE_PAGE = {"unit_staff": 404}
# A congress out of sight is 404 (district staff, units, a district station's
# officer); in sight but not one's to set is 403.
ROUTE_READ = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 403,
    "deputy": 403,
    "unit_staff": 404,
    "station_chief": 403,
    "liaison_officer": 404,
}
ROUTE_WRITE = ROUTE_READ
STATS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 200,
}
ITEM = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 200,
    "deputy": 200,
    "unit_staff": 200,
    "station_chief": 404,
    "liaison_officer": 404,
}
SEND = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 403,
    "deputy": 403,
    "unit_staff": 404,
    "station_chief": 404,
    "liaison_officer": 404,
}
# The lead deputy sees the item (403); the matrix's unit staff do not (404).
OFFICE_WRITE = {
    "system_admin": 403,
    "committee_staff": 403,
    "district_staff": 404,
    "leader": 403,
    "deputy": 403,
    "unit_staff": 404,
    "station_chief": 404,
    "liaison_officer": 404,
}


@pytest.fixture(scope="module")
def objects(world, committee_staff, deputy, unit_staff, django_db_blocker):
    with django_db_blocker.unblock():
        office = HandlingUnitFactory(
            name="辽源市人民政府办公室", region=world.city, kind=UnitKind.GOVERNMENT
        )
        clerk = UserFactory(username="gov_office_clerk")
        RoleAssignmentFactory(user=clerk, role=Role.UNIT_STAFF, handling_unit=office)
        services.government_route_set(
            congress=world.city_congress,
            coordinating_unit=office,
            actor=committee_staff,
            now=START,
        )

        def sent(title):
            item = accepted(
                world, deputy, committee_staff, channel=Channel.VOICE, title=title
            )
            return services.suggestion_send_to_government(
                suggestion=item, actor=committee_staff, now=START
            )

        def signed(assignment):
            services.instruction_record(
                assignment=assignment,
                leader_name="王明",
                leader_title="市政府分管副市长",
                signed_at=START,
                text="请市住建局办理。",
                actor=clerk,
                now=START,
            )
            return assignment

        waiting = accepted(
            world, deputy, committee_staff, channel=Channel.VOICE, title="待送签批"
        )
        pending = sent("待签批")
        ready = signed(sent("待转办"))
        done = signed(sent("已转办"))
        services.assignment_dispatch(
            assignment=done,
            units=[(world.unit_city, AssignmentRole.LEAD)],
            actor=clerk,
            now=START,
        )
    return {
        "office": office,
        "clerk": clerk,
        "waiting": waiting,
        "pending": pending,
        "ready": ready,
        "done": done,
    }


PAGES = [
    Row(
        "setting",
        lambda w, o: reverse("suggestions:government_route"),
        403,
        SETTING_PAGE,
    ),
    Row(
        "send to government",
        lambda w, o: reverse(
            "suggestions:staff_send_government", args=[o["waiting"].pk]
        ),
        403,
        SEND_PAGE,
        method="post",
    ),
    Row(
        "office page",
        lambda w, o: reverse("suggestions:unit_coordinate", args=[o["pending"].pk]),
        403,
        COORDINATE_PAGE,
    ),
]

API_ROWS = [
    Row(
        "setting",
        lambda w, o: f"{API}/government/routes/{w.city_congress.pk}",
        403,
        ROUTE_READ,
        api=True,
    ),
    Row(
        "change the setting",
        lambda w, o: f"{API}/government/routes/{w.city_congress.pk}",
        403,
        ROUTE_WRITE,
        method="post",
        api=True,
        body=lambda w, o: {"coordinating_unit": o["office"].pk},
    ),
    Row(
        "figures",
        lambda w, o: f"{API}/government/stats?congress={w.city_congress.pk}&year=2025",
        403,
        STATS,
        api=True,
    ),
    Row(
        "instruction and times",
        lambda w, o: f"{API}/government/items/{o['done'].suggestion_id}",
        403,
        ITEM,
        api=True,
    ),
    Row(
        "send",
        lambda w, o: f"{API}/{o['waiting'].pk}/government",
        403,
        SEND,
        method="post",
        api=True,
    ),
    Row(
        "record the instruction",
        lambda w, o: f"{API}/assignments/{o['pending'].pk}/instruction",
        403,
        OFFICE_WRITE,
        method="post",
        api=True,
        body=lambda w, o: {
            "leader_name": "王明",
            "leader_title": "市政府分管副市长",
            "signed_at": START.isoformat(),
            "text": "同意。",
        },
    ),
    Row(
        "dispatch",
        lambda w, o: f"{API}/assignments/{o['ready'].pk}/dispatch",
        403,
        OFFICE_WRITE,
        method="post",
        api=True,
        body=lambda w, o: {"units": [{"unit": w.unit_city.pk, "role": "LEAD"}]},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_government_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_government_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_office_clerk_may_do_the_office_steps(world, objects):
    client = Client()
    client.force_login(objects["clerk"])
    page = client.get(
        reverse("suggestions:unit_coordinate", args=[objects["pending"].pk])
    )
    assert page.status_code == 200
    made = client.post(
        f"{API}/assignments/{objects['pending'].pk}/instruction",
        {
            "leader_name": "王明",
            "leader_title": "市政府分管副市长",
            "signed_at": START.isoformat(),
            "text": "同意。",
        },
        content_type="application/json",
    )
    assert made.status_code == 200, made.content
    sent = client.post(
        f"{API}/assignments/{objects['ready'].pk}/dispatch",
        {"units": [{"unit": world.unit_city.pk, "role": "LEAD"}]},
        content_type="application/json",
    )
    assert sent.status_code == 200, sent.content
    # The office reads the text; it is not the committee's staff.
    item = client.get(f"{API}/government/items/{objects['done'].suggestion_id}")
    assert item.json()["instruction"]["text"] == "请市住建局办理。"


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from renda.suggestions import urls_government

    pages = {resolve(r.url(world, objects)).view_name for r in PAGES}
    assert pages == COVERED_PAGES
    assert {f"suggestions:{p.name}" for p in urls_government.urlpatterns} == pages
    called = {resolve(r.url(world, objects).split("?")[0]).route for r in API_ROWS}
    assert len(called) == len(COVERED_API)
