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

from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
    unseat_committee_member,
)

# The world, the role users and the records once for the module; each test runs
# in a savepoint inside the module's transaction.
module_data(globals())

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
# The matrix posts nothing: where a manager's empty post is refused, the page
# comes back with the message (400), as a refused form does; others still 403/404.
CITY_MANAGE_REFUSED = {
    "system_admin": 400,
    "committee_staff": 400,
    "district_staff": 404,
}


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
        {**CITY_MANAGE_REFUSED, "leader": 400},
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
        CITY_MANAGE_REFUSED,
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
        CITY_MANAGE_REFUSED,
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


@pytest.fixture(scope="module")
def objects(world, committee_staff, district_staff, leader, deputy, committee_member):
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

    # 白玉晶's seat is the leader's here, not the committee member login's.
    unseat_committee_member(world, committee_member)
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


# Page and API agree: the same ids in the same order, the same actions ------------


def _ids_of_page(response, key="page"):
    return [obj.pk for obj in response.context[key].object_list]


def _api_ids(client, path, query=None):
    response = client.get(f"{API}{path}", query or {})
    if response.status_code != 200:
        return response.status_code
    return [row["id"] for row in response.json()["results"]]


def _more_records(world, objects, committee_staff):
    """A few more activities and meetings, so that order matters."""
    from renda.liaison import services
    from renda.liaison.tests.factories import TODAY, meeting

    for day in (3, 20, 3):
        services.group_activity_record(
            group=world.group_longshan,
            date=dt.date(2024, 4, day),
            topic=f"活动{day}",
            attendees=[world.deputy_city_a],
            actor=committee_staff,
            today=TODAY,
        )
    for number, day in ((2, 10), (3, 10), (4, 2)):
        meeting(world, committee_staff, number=number, date=dt.date(2024, 5, day))


@pytest.mark.parametrize("role", ROLES)
def test_page_and_api_list_the_same_records_in_the_same_order(
    role, request, client, world, objects, committee_staff
):
    """Where the role's page lists records, the API lists the same ones in the
    same order (access itself is the matrix above)."""
    _more_records(world, objects, committee_staff)
    client = login_as(role, request, client)
    city = world.city_congress.pk
    compared = 0

    for query in ({}, {"group": world.group_longshan.pk}, {"year": 2024}):
        page = client.get(reverse("liaison:activities"), query)
        if page.status_code == 200:
            api = _api_ids(client, "/group-activities", query)
            assert _ids_of_page(page) == api, (role, query)
            compared += 1

    page = client.get(reverse("liaison:meetings"), {"congress": city})
    if page.status_code == 200:
        api = _api_ids(client, "/committee-meetings", {"congress": city})
        assert _ids_of_page(page) == api, role
        compared += 1
    page = client.get(reverse("liaison:my_meetings"))
    if page.status_code == 200:
        api = _api_ids(client, "/committee-meetings")
        assert [row.meeting_id for row in page.context["rows"]] == api, role
        compared += 1

    seat = objects["seat"]
    page = client.get(reverse("liaison:leader_contacts", args=[seat.pk]))
    if page.status_code == 200:
        api = _api_ids(client, "/contacts", {"leader": seat.pk})
        assert [c.pk for c in page.context["summary"].contacts] == api, role
        compared += 1

    page = client.get(reverse("liaison:coordination"), {"congress": city, "year": 2024})
    if page.status_code == 200:
        api = _api_ids(
            client, "/coordination-meetings", {"congress": city, "year": 2024}
        )
        shown = [m.pk for q in page.context["quarters"] for m in q["meetings"]]
        assert sorted(shown) == sorted(api), role
        compared += 1

    page = client.get(reverse("liaison:late_entries"))
    if page.status_code == 200:
        api = client.get(f"{API}/late-entries").json()["results"]
        assert [(r.kind, r.entry.pk, r.actions) for r in page.context["rows"]] == [
            (r["kind"], r["id"], r["actions"]) for r in api
        ]
        assert bool(api) == (role in ("system_admin", "committee_staff")), role
        compared += 1

    # How many of the lists above the role's pages show.
    expected = {
        "system_admin": 7,
        "committee_staff": 7,
        "leader": 6,
        "deputy": 4,
        "station_chief": 3,
        "liaison_officer": 2,
        "district_staff": 3,
    }
    assert compared == expected.get(role, 0), role


@pytest.mark.parametrize("role", ROLES)
def test_page_and_api_offer_the_same_actions(role, request, client, world, objects):
    client = login_as(role, request, client)

    for name, path, key in (
        ("liaison:contact_detail", "/contacts/{}", "contact"),
        ("liaison:meeting_detail", "/committee-meetings/{}", "meeting"),
    ):
        pk = objects[key].pk
        page = client.get(reverse(name, args=[pk]))
        api = client.get(f"{API}{path.format(pk)}")
        if page.status_code == 200:
            assert api.status_code == 200, (role, name)
            assert page.context["detail"].actions == api.json()["actions"], role
        else:
            assert api.status_code != 200, (role, name)


def test_the_detail_actions_are_those_the_user_may_take_now(
    client, world, objects, committee_staff, deputy
):
    client.force_login(committee_staff)
    staff = client.get(f"{API}/committee-meetings/{objects['meeting'].pk}").json()
    contact = client.get(f"{API}/contacts/{objects['contact'].pk}").json()
    client.force_login(deputy)
    as_deputy = client.get(f"{API}/committee-meetings/{objects['meeting'].pk}").json()

    assert staff["actions"] == ["invite", "remove_observer", "record_attendance"]
    assert contact["actions"] == ["log", "end"]
    assert as_deputy["actions"] == []


# Reads are bounded: the main pages and endpoints, few or many rows -----------------

# Measured before the read path (9dc6fed, 12 rows of each kind, committee staff):
# pages contacts 17, leader contacts 15, contact 14, activities 14, meetings 16,
# meeting 14, coordination 15, dashboard 25, stats 33; API lists 9-11, rules 18,
# stats 26. About 8 of every page's queries (7 of every endpoint's) are the
# session, the user, the role scope, the unread count and the session write,
# which are not liaison's; the bounds below are liaison's share plus those.
# Tightened to the counts measured once the session is no longer saved on every
# request and the navigation, unread count and seat roles are read once per
# request (4 fewer on every page and endpoint than the bounds before).
QUERY_BOUNDS = {
    "liaison:contacts": 8,
    "liaison:leader_contacts": 8,
    "liaison:contact_detail": 8,
    "liaison:activities": 9,
    "liaison:meetings": 9,
    "liaison:meeting_detail": 8,
    "liaison:coordination": 8,
    "liaison:dashboard": 23,  # +1: the year picker reads the term's first year
    "liaison:stats": 31,  # +1: the year picker reads the term's first year
    "/contacts": 5,
    "/contact-logs": 5,
    "/group-activities": 7,
    "/committee-meetings": 6,
    # With rows (the module's records, when a test before this one built them):
    # their participants, prefetched.
    "/coordination-meetings": 6,
    "/rules": 18,
    "/rules/stats": 26,
}


def _bounded_urls(world, seat, contact_pk, meeting_pk):
    city = world.city_congress.pk
    period = f"congress={city}&year=2024"
    return {
        "liaison:contacts": reverse("liaison:contacts") + f"?congress={city}",
        "liaison:leader_contacts": reverse("liaison:leader_contacts", args=[seat.pk]),
        "liaison:contact_detail": reverse("liaison:contact_detail", args=[contact_pk]),
        "liaison:activities": reverse("liaison:activities"),
        "liaison:meetings": reverse("liaison:meetings") + f"?congress={city}",
        "liaison:meeting_detail": reverse("liaison:meeting_detail", args=[meeting_pk]),
        "liaison:coordination": reverse("liaison:coordination"),
        "liaison:dashboard": reverse("liaison:dashboard") + f"?{period}&half=H1",
        "liaison:stats": reverse("liaison:stats") + f"?{period}",
        "/contacts": f"{API}/contacts",
        "/contact-logs": f"{API}/contact-logs",
        "/group-activities": f"{API}/group-activities",
        "/committee-meetings": f"{API}/committee-meetings",
        "/coordination-meetings": f"{API}/coordination-meetings",
        "/rules": f"{API}/rules?{period}&half=H1",
        "/rules/stats": f"{API}/rules/stats?{period}",
    }


def _rows(world, count):
    from renda.congresses.choices import MemberRole
    from renda.liaison.tests import dashboard_factories as make

    seat = make.leader_member(world, role=MemberRole.DIRECTOR)
    contacts = make.kept_contacts(seat, count, logged_on=dt.date(2024, 5, 1))
    for index in range(count):
        make.group_activity(world.group_longshan, dt.date(2024, 5, 1 + index), seat)
    meetings = [
        make.meeting(world, dt.date(2024, 3, 1 + index), observers=3)
        for index in range(count)
    ]
    return seat, contacts[0].pk, meetings[0].pk


@pytest.mark.parametrize("count", [2, 12])
def test_reads_stay_within_their_query_bounds_whatever_the_rows(
    count, client, world, committee_staff, django_assert_max_num_queries
):
    urls = _bounded_urls(world, *_rows(world, count))
    client.force_login(committee_staff)

    for name, url in urls.items():
        with django_assert_max_num_queries(QUERY_BOUNDS[name], info=name):
            response = client.get(url)
        assert response.status_code == 200, name
