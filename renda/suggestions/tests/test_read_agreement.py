"""Pages and /api/v1/suggestions read through one path and agree, for every role.

The same filters give the same ids in the same order on the congress's list
page and the API list; the detail page offers the same actions the API
detail lists (the page marks each offered action with ``data-action``).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Channel, SuggestionStatus
from tests.matrix import ROLES, login_as

from . import factories

API = "/api/v1/suggestions"


@pytest.fixture
def items(world, deputy, committee_staff, unit_staff):
    """City-congress items in every state a list or a detail distinguishes."""
    now = timezone.now()
    lead = [(world.unit_city, AssignmentRole.LEAD)]
    found = {
        "draft": factories.draft(world, deputy, now=now, title="草稿"),
        "submitted": factories.submitted(world, deputy, now=now, title="已提交"),
        "accepted": factories.accepted(
            world, deputy, committee_staff, now=now, title="已立案"
        ),
        "voice": factories.submitted(
            world, deputy, now=now, title="简报事项", channel=Channel.VOICE
        ),
    }
    assigned = factories.accepted(
        world, deputy, committee_staff, now=now, title="已交办"
    )
    services.suggestion_assign(
        suggestion=assigned, units=lead, actor=committee_staff, now=now
    )
    found["assigned"] = assigned
    # Assigned months ago: past its deadline today.
    long_ago = now - dt.timedelta(days=120)
    late = factories.accepted(
        world, deputy, committee_staff, now=long_ago, title="超期未办"
    )
    services.suggestion_assign(
        suggestion=late, units=lead, actor=committee_staff, now=long_ago
    )
    found["late"] = late
    answered = factories.accepted(
        world, deputy, committee_staff, now=now, title="已答复待测评"
    )
    [assignment] = services.suggestion_assign(
        suggestion=answered, units=lead, actor=committee_staff, now=now
    )
    factories.reply(assignment, unit_staff, now=now)
    found["replied"] = answered
    return found


def _filters(world, items) -> list[tuple[dict, dict]]:
    """(page query, API query) pairs that mean the same filters."""
    initials = world.deputy_city_a.name_initials[:2]
    return [
        ({}, {}),
        ({"q": str(items["late"].pk)}, {"q": str(items["late"].pk)}),
        ({"q": initials}, {"q": initials}),
        ({"q": "交办"}, {"q": "交办"}),
        ({"unit": world.unit_city.pk}, {"unit": world.unit_city.pk}),
        ({"overdue_only": "on"}, {"overdue": "true"}),
        ({"key_only": "on"}, {"is_key": "true"}),
        ({"status": SuggestionStatus.ASSIGNED}, {"status": SuggestionStatus.ASSIGNED}),
        ({"channel": Channel.VOICE}, {"channel": Channel.VOICE}),
        ({"year": timezone.localdate().year}, {"year": timezone.localdate().year}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_list_page_and_api_give_the_same_ids_in_the_same_order(
    role, request, client, world, items
):
    client = login_as(role, request, client)
    congress = {"congress": world.city_congress.pk}
    compared = 0
    for page_query, api_query in _filters(world, items):
        page = client.get(reverse("suggestions:staff_list"), {**congress, **page_query})
        api = client.get(API, {**congress, **api_query})
        if page.status_code != 200:
            # Roles without the congress's list page: refused, never a 500.
            assert page.status_code in (302, 403)
            continue
        assert api.status_code == 200, api.content
        page_ids = [item.pk for item in page.context["page"].object_list]
        api_ids = [row["id"] for row in api.json()["results"]]
        assert page_ids == api_ids, (role, page_query)
        compared += 1
    if role in ("system_admin", "committee_staff", "leader"):
        assert compared == len(_filters(world, items))


def test_the_list_filters_mean_what_they_say(client, committee_staff, world, items):
    client.force_login(committee_staff)

    def ids(**query):
        response = client.get(API, {"congress": world.city_congress.pk, **query})
        return {row["id"] for row in response.json()["results"]}

    # An item number finds the item on the API too (the page always did).
    assert ids(q=str(items["late"].pk)) == {items["late"].pk}
    assert ids(overdue="true") == {items["late"].pk}
    assert items["assigned"].pk in ids(unit=world.unit_city.pk)
    assert items["submitted"].pk not in ids(unit=world.unit_city.pk)


ACTION = re.compile(r'data-action="(\w+)"')
ASSIGNMENT_ACTION = re.compile(r'data-assignment-action="(\w+)"')
# Verbs the API offers through another screen than the detail page: submitting
# is on the edit page the "edit" link opens; merging others in is done from
# the other item's panel ("merge_into").
ELSEWHERE = {"submit", "merge"}


@pytest.mark.parametrize("role", ROLES)
def test_detail_page_and_api_offer_the_same_actions(
    role, request, client, world, items
):
    client = login_as(role, request, client)
    for name, suggestion in items.items():
        page = client.get(reverse("suggestions:detail", args=[suggestion.pk]))
        api = client.get(f"{API}/{suggestion.pk}")
        if role == "anonymous":
            assert page.status_code == 302
            assert api.status_code == 401
            continue
        assert page.status_code == api.status_code, (role, name)
        if page.status_code != 200:
            continue
        html = page.content.decode()
        data = api.json()
        offered = set(ACTION.findall(html))
        assert offered == set(data["actions"]) - ELSEWHERE, (role, name)
        if "submit" in data["actions"]:
            assert "edit" in offered
        assert sorted(ASSIGNMENT_ACTION.findall(html)) == sorted(
            verb for row in data["assignments"] for verb in row["actions"]
        ), (role, name)


def test_each_role_is_offered_what_it_may_do(
    client, world, items, deputy, committee_staff, leader, unit_staff
):
    def actions(user, name):
        client.force_login(user)
        return client.get(f"{API}/{items[name].pk}").json()["actions"]

    assert actions(deputy, "draft") == ["edit", "submit", "discard"]
    assert actions(deputy, "replied") == ["rate"]
    assert actions(committee_staff, "submitted") == [
        "accept",
        "return",
        "reject",
        "merge",
        "merge_into",
        "mark_key",
    ]
    assert actions(leader, "accepted") == ["mark_key"]
    client.force_login(unit_staff)
    [row] = client.get(f"{API}/{items['assigned'].pk}").json()["assignments"]
    assert row["actions"] == ["reply", "return", "extend"]
    # Staff may withdraw a unit that has not answered, not one that has.
    client.force_login(committee_staff)
    [row] = client.get(f"{API}/{items['assigned'].pk}").json()["assignments"]
    assert row["actions"] == ["withdraw"]
    [row] = client.get(f"{API}/{items['replied'].pk}").json()["assignments"]
    assert row["actions"] == []


def test_a_leader_marks_a_key_item_from_the_detail_page(
    client, world, items, leader, committee_staff
):
    member = factories.committee_member(world)
    held = chairpersons_meeting_on(
        world.city_congress, dt.date(2024, 3, 1), actor=committee_staff
    )
    suggestion = items["accepted"]
    client.force_login(leader)
    detail = reverse("suggestions:detail", args=[suggestion.pk])

    page = client.get(detail)
    response = client.post(
        reverse("suggestions:staff_review", args=[suggestion.pk]),
        {
            "action": "key",
            "overseer": member.pk,
            "source": "CHAIRPERSONS_MEETING",
            "chairpersons_meeting": held.pk,
            "next": detail,
        },
    )

    assert 'data-action="mark_key"' in page.content.decode()
    assert response.status_code == 302, response.content[:500]
    suggestion.refresh_from_db()
    assert suggestion.is_key
    assert suggestion.oversight_id == member.pk
    # The review page itself stays the staff's.
    assert (
        client.get(
            reverse("suggestions:staff_review", args=[suggestion.pk])
        ).status_code
        == 403
    )


def test_page_and_api_describe_the_timeline_alike(
    client, world, items, committee_staff, deputy
):
    suggestion = items["submitted"]
    client.force_login(committee_staff)
    client.post(
        f"{API}/{suggestion.pk}/return",
        {"reason": "请补充具体路段。"},
        content_type="application/json",
    )
    client.force_login(deputy)

    page = client.get(reverse("suggestions:detail", args=[suggestion.pk]))
    api = client.get(f"{API}/{suggestion.pk}").json()

    html = page.content.decode()
    notes = [event["note"] for event in api["timeline"] if event["note"]]
    assert notes == ["说明：请补充具体路段。"]
    for event in api["timeline"]:
        assert event["kind_label"] in html
    for note in notes:
        assert f'<span class="sg-event-detail">{note}</span>' in html


def test_the_ledger_lists_what_the_api_lists(client, world, items, committee_staff):
    from renda.suggestions.stats_export import ledger_rows

    year = timezone.localdate().year
    client.force_login(committee_staff)
    api = client.get(API, {"congress": world.city_congress.pk, "year": year}).json()

    rows = ledger_rows(user=committee_staff, congress=world.city_congress, year=year)

    assert sorted(row[0] for row in rows) == sorted(row["id"] for row in api["results"])
    overdue = {row[0] for row in rows if row[-1] == "是"}
    assert overdue == {row["id"] for row in api["results"] if row["is_overdue"]}


def test_my_suggestions_page_lists_what_the_api_lists_for_a_deputy(
    client, world, items, deputy, committee_staff
):
    """The deputy's "my suggestions" reads ``suggestion_list`` as the API does."""
    from renda.suggestions.views.deputy import STATUS_GROUPS

    fellow = factories.deputy_user(world.deputy_city_b, "deputy_b")
    cosigned = factories.submitted(
        world,
        fellow,
        lead_deputy=world.deputy_city_b,
        cosigners=[world.deputy_city_a],
        title="白代表领衔、我附议的建议",
    )
    others = factories.submitted(
        world, fellow, lead_deputy=world.deputy_city_b, title="别人的"
    )
    client.force_login(deputy)

    api = client.get(API, {"mine": "true", "order": "created", "page_size": 100})
    assert api.status_code == 200, api.content
    rows = api.json()["results"]
    api_ids = [row["id"] for row in rows]
    assert cosigned.pk in api_ids
    assert others.pk not in api_ids
    assert len(api_ids) == len(items) + 1

    page = client.get(reverse("suggestions:my"))
    assert [item.pk for item in page.context["page"].object_list] == api_ids
    for key, (_label, statuses) in STATUS_GROUPS.items():
        page = client.get(reverse("suggestions:my"), {"status": key})
        wanted = [row["id"] for row in rows if row["status"] in statuses]
        assert [item.pk for item in page.context["page"].object_list] == wanted, key
        [tab] = [tab for tab in page.context["tabs"] if tab["key"] == key]
        assert tab["count"] == len(wanted), key
