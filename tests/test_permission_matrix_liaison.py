"""双联 records against every role: pages and /api/v1/liaison endpoints.

The records live in the city congress (辽源市): 白玉晶 is a 副主任 whose seat is
linked to the ``leader`` account, in contact with 丁照民 (the ``deputy``
account, leader of the 向阳 group at the 龙山 station). District staff
(西安区) and the 仙城 station's officer are outside the city records (404);
roles a page is not for get 403, the public the log-in page or 401.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.matrix import ROLES, Row, assert_api_access, assert_page_access, login_as

COVERED_PAGES = {
    "liaison:my_contacts",
    "liaison:contacts",
    "liaison:leader_contacts",
    "liaison:contact_deputy_options",
    "liaison:contact_detail",
    "liaison:contact_end",
    "liaison:my_leaders",
    "liaison:activities",
    "liaison:activity_new",
    "liaison:activity_detail",
    "liaison:my_activities",
    "liaison:meetings",
    "liaison:meeting_new",
    "liaison:meeting_detail",
    "liaison:meeting_observer_options",
    "liaison:meeting_invite",
    "liaison:meeting_attendance",
    "liaison:meeting_observer_remove",
    "liaison:my_meetings",
    "liaison:coordination",
    "liaison:coordination_new",
    "liaison:late_entries",
    "liaison:late_entry_confirm",
}

API = "/api/v1/liaison"
COVERED_API = {
    f"{API}/contacts",
    f"{API}/contacts/{{contact_id}}",
    f"{API}/contacts/{{contact_id}}/end",
    f"{API}/contact-logs",
    f"{API}/group-activities",
    f"{API}/committee-meetings",
    f"{API}/committee-meetings/{{meeting_id}}",
    f"{API}/committee-meetings/{{meeting_id}}/observers",
    f"{API}/committee-meetings/{{meeting_id}}/attendance",
    f"{API}/coordination-meetings",
    f"{API}/late-entries",
    f"{API}/late-entries/{{kind}}/{{entry_id}}/confirm",
}

ALL_FORBIDDEN = {r: 403 for r in ROLES if r != "anonymous"}
READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
}
MANAGERS = {"system_admin": 200, "committee_staff": 200, "district_staff": 200}
CITY_MANAGE_POST = {"system_admin": 302, "committee_staff": 302, "district_staff": 404}


def _url(name, *keys, query=""):
    def build(world, objects):
        return reverse(name, args=[objects[k].pk for k in keys]) + query

    return build


PAGES = [
    Row("my contacts", _url("liaison:my_contacts"), 403, {"leader": 200}),
    Row("contacts of the congress", _url("liaison:contacts"), 403, READERS),
    Row(
        "contacts of the city congress, by id",
        lambda w, o: reverse("liaison:contacts") + f"?congress={w.city_congress.pk}",
        403,
        {**READERS, "district_staff": 404},
    ),
    Row(
        "one leader's contacts",
        _url("liaison:leader_contacts", "seat"),
        403,
        {**READERS, "district_staff": 404},
    ),
    Row(
        "assign a contact",
        _url("liaison:leader_contacts", "seat"),
        403,
        {
            "system_admin": 400,  # an empty form: errors shown, nothing saved
            "committee_staff": 400,
            "leader": 400,
            "district_staff": 404,
        },
        method="post",
    ),
    Row(
        "contact deputy search",
        _url("liaison:contact_deputy_options", "seat", query="?q=dzm"),
        403,
        {**READERS, "district_staff": 404},
    ),
    Row(
        "one contact",
        _url("liaison:contact_detail", "contact"),
        403,
        {**READERS, "district_staff": 404, "deputy": 200},
    ),
    Row(
        "log a contact",
        _url("liaison:contact_detail", "contact"),
        403,
        {
            "system_admin": 400,
            "committee_staff": 400,
            "leader": 400,
            "district_staff": 404,
        },
        method="post",
    ),
    Row(
        "end a contact",
        _url("liaison:contact_end", "contact"),
        403,
        {**CITY_MANAGE_POST, "leader": 302},
        method="post",
    ),
    Row("my leaders", _url("liaison:my_leaders"), 403, {"deputy": 200}),
    Row("group activities", _url("liaison:activities"), 200, {"unit_staff": 403}),
    Row(
        "group activities of the 向阳 group",
        lambda w, o: reverse("liaison:activities") + f"?group={w.group_longshan.pk}",
        200,
        {"unit_staff": 403, "district_staff": 404, "liaison_officer": 404},
    ),
    Row(
        "new activity: choose a group",
        _url("liaison:activity_new"),
        200,
        {"leader": 403, "unit_staff": 403},
    ),
    Row(
        "new activity of the 向阳 group",
        lambda w, o: reverse("liaison:activity_new") + f"?group={w.group_longshan.pk}",
        200,
        {
            "leader": 403,
            "unit_staff": 403,
            "district_staff": 404,
            "liaison_officer": 404,
        },
    ),
    Row(
        "one activity of the 向阳 group",
        _url("liaison:activity_detail", "activity"),
        200,
        {"unit_staff": 403, "district_staff": 404, "liaison_officer": 404},
    ),
    Row(
        "one activity of the 仙城 group",
        _url("liaison:activity_detail", "activity_xian"),
        200,
        {
            "unit_staff": 403,
            "committee_staff": 404,
            "leader": 404,
            "deputy": 404,
            "station_chief": 404,
        },
    ),
    Row(
        "my activities",
        _url("liaison:my_activities"),
        403,
        {"leader": 200, "deputy": 200},
    ),
    Row("committee meetings", _url("liaison:meetings"), 403, READERS),
    Row("new committee meeting", _url("liaison:meeting_new"), 403, MANAGERS),
    Row(
        "one committee meeting",
        _url("liaison:meeting_detail", "meeting"),
        403,
        {**READERS, "district_staff": 404, "deputy": 200},
    ),
    Row(
        "observer search",
        _url("liaison:meeting_observer_options", "meeting", query="?q=byj"),
        403,
        {**MANAGERS, "district_staff": 404},
    ),
    Row(
        "invite observers",
        _url("liaison:meeting_invite", "meeting"),
        403,
        CITY_MANAGE_POST,
        method="post",
    ),
    Row(
        "record attendance",
        _url("liaison:meeting_attendance", "meeting"),
        403,
        CITY_MANAGE_POST,
        method="post",
    ),
    Row(
        "withdraw an invitation",
        _url("liaison:meeting_observer_remove", "meeting", "observer"),
        403,
        CITY_MANAGE_POST,
        method="post",
    ),
    Row("my meetings", _url("liaison:my_meetings"), 403, {"deputy": 200}),
    Row("coordination meetings", _url("liaison:coordination"), 403, READERS),
    Row(
        "coordination meetings of the city",
        lambda w, o: (
            reverse("liaison:coordination") + f"?congress={w.city_congress.pk}"
        ),
        403,
        {**READERS, "district_staff": 404},
    ),
    Row("new coordination meeting", _url("liaison:coordination_new"), 403, MANAGERS),
    # The observer was invited after the meeting was held: a late entry (补录).
    Row("late entries", _url("liaison:late_entries"), 403, MANAGERS),
    Row(
        "confirm a late entry",
        lambda w, o: reverse(
            "liaison:late_entry_confirm", args=["observer", o["observer"].pk]
        ),
        403,
        CITY_MANAGE_POST,
        method="post",
    ),
]


def _api(path, *keys):
    def build(world, objects):
        return f"{API}{path}".format(*[objects[k].pk for k in keys])

    return build


OPEN_CONTACTS = {**READERS, "deputy": 200}

API_ROWS = [
    Row("list contacts", _api("/contacts"), 403, OPEN_CONTACTS, api=True),
    Row(
        "create a contact",
        _api("/contacts"),
        403,
        {
            "system_admin": 201,
            "committee_staff": 201,
            "leader": 201,
            "district_staff": 422,
            "deputy": 422,
        },
        method="post",
        api=True,
        body=lambda w, o: {"leader": o["seat"].pk, "deputy": w.deputy_city_b.pk},
    ),
    Row(
        "end a contact",
        _api("/contacts/{}/end", "contact"),
        403,
        {
            "system_admin": 200,
            "committee_staff": 200,
            "leader": 200,
            "district_staff": 404,
        },
        method="post",
        api=True,
    ),
    Row(
        "one contact",
        _api("/contacts/{}", "contact"),
        403,
        {**OPEN_CONTACTS, "district_staff": 404},
        api=True,
    ),
    Row("list contact logs", _api("/contact-logs"), 403, OPEN_CONTACTS, api=True),
    Row(
        "log a contact",
        _api("/contact-logs"),
        403,
        {
            "system_admin": 201,
            "committee_staff": 201,
            "leader": 201,
            "district_staff": 422,
        },
        method="post",
        api=True,
        body=lambda w, o: {
            "contact": o["contact"].pk,
            "date": "2024-06-01",
            "kind": "CALL",
        },
    ),
    Row(
        "list group activities",
        _api("/group-activities"),
        200,
        {"unit_staff": 403},
        api=True,
    ),
    Row(
        "record a group activity",
        _api("/group-activities"),
        403,
        {
            "system_admin": 201,
            "committee_staff": 201,
            "station_chief": 201,
            "deputy": 201,
            "district_staff": 422,
            "liaison_officer": 422,
        },
        method="post",
        api=True,
        body=lambda w, o: {
            "group": w.group_longshan.pk,
            "date": "2024-05-10",
            "topic": "小组学习",
        },
    ),
    Row(
        "list committee meetings",
        _api("/committee-meetings"),
        403,
        {**READERS, "deputy": 200},
        api=True,
    ),
    Row(
        "one committee meeting",
        _api("/committee-meetings/{}", "meeting"),
        403,
        {**READERS, "deputy": 200, "district_staff": 404},
        api=True,
    ),
    Row(
        "create a committee meeting",
        _api("/committee-meetings"),
        403,
        {"system_admin": 201, "committee_staff": 201, "district_staff": 422},
        method="post",
        api=True,
        body=lambda w, o: {
            "congress": w.city_congress.pk,
            "number": 99,
            "date": "2024-03-05",
            "agenda": "议程",
        },
    ),
    Row(
        "invite observers",
        _api("/committee-meetings/{}/observers", "meeting"),
        403,
        {"system_admin": 200, "committee_staff": 200, "district_staff": 404},
        method="post",
        api=True,
        body=lambda w, o: {"deputies": [w.deputy_city_b.pk]},
    ),
    Row(
        "record attendance",
        _api("/committee-meetings/{}/attendance", "meeting"),
        403,
        {"system_admin": 200, "committee_staff": 200, "district_staff": 404},
        method="post",
        api=True,
        body=lambda w, o: {"attended": [w.deputy_city_a.pk]},
    ),
    Row(
        "list coordination meetings",
        _api("/coordination-meetings"),
        403,
        READERS,
        api=True,
    ),
    Row(
        "record a coordination meeting",
        _api("/coordination-meetings"),
        403,
        {"system_admin": 201, "committee_staff": 201, "district_staff": 422},
        method="post",
        api=True,
        body=lambda w, o: {
            "congress": w.city_congress.pk,
            "year": 2024,
            "quarter": 3,
            "date": "2024-07-15",
        },
    ),
    Row("list late entries", _api("/late-entries"), 403, MANAGERS, api=True),
    Row(
        "confirm a late entry",
        _api("/late-entries/observer/{}/confirm", "observer"),
        403,
        {"system_admin": 200, "committee_staff": 200, "district_staff": 404},
        method="post",
        api=True,
        body=lambda w, o: {"reason": "会前已电话邀请，会后补登"},
    ),
]


@pytest.fixture
def objects(world, committee_staff, district_staff, leader, deputy):
    from renda.congresses.choices import MemberRole
    from renda.liaison import services
    from renda.liaison.tests.factories import (
        TODAY,
        CommitteeMemberFactory,
        StandingCommitteeFactory,
        contact,
        meeting,
        member,
    )

    seat = member(world, user=leader)
    found = contact(seat, world.deputy_city_a, committee_staff)
    activity = services.group_activity_record(
        group=world.group_longshan,
        date=dt.date(2024, 5, 10),
        topic="向阳小组活动",
        attendees=[world.deputy_city_a],
        committee_members=[seat],
        actor=committee_staff,
        today=TODAY,
    )
    xian_term = world.xian_congress.current_term()
    CommitteeMemberFactory(
        standing_committee=StandingCommitteeFactory(term=xian_term),
        deputy=world.deputy_xian,
        role=MemberRole.MEMBER,
    )
    activity_xian = services.group_activity_record(
        group=world.group_xian,
        date=dt.date(2024, 5, 12),
        topic="仙城小组活动",
        attendees=[world.deputy_xian],
        actor=district_staff,
        today=TODAY,
    )
    found_meeting = meeting(world, committee_staff)
    [observer] = services.meeting_observers_invite(
        meeting=found_meeting, deputies=[world.deputy_city_a], actor=committee_staff
    )
    services.coordination_meeting_record(
        congress=world.city_congress,
        year=2024,
        quarter=2,
        date=dt.date(2024, 4, 15),
        participants=[world.xian_congress],
        actor=committee_staff,
        today=TODAY,
    )
    return {
        "seat": seat,
        "contact": found,
        "activity": activity,
        "activity_xian": activity_xian,
        "meeting": found_meeting,
        "observer": observer,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_liaison_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world, objects))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_liaison_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api

    pages = {resolve(r.url(world, objects).split("?")[0]).view_name for r in PAGES}
    assert pages == COVERED_PAGES == _liaison_page_names()
    documented = {
        path
        for path in api.get_openapi_schema()["paths"]
        if path.startswith(API + "/") and not path.startswith(API + "/rules")
    }
    assert documented == COVERED_API


def _liaison_page_names() -> set[str]:
    from renda.liaison import urls

    return {f"liaison:{p.name}" for p in urls.records}
