"""Every demo role's workbench: each tile's number is the length of the list it opens.

The demo city is built once for the module (as in renda/demo/tests); each test
runs in a savepoint inside it. For every tile with a link, the test follows the
link as the same user and reads the page's own count of its rows; for the
deputy and the unit it also calls the list's selector with the filters the
link's query string encodes, and counts the rows drawn on the page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.http import QueryDict
from django.urls import resolve, reverse
from django.utils import timezone

from renda.accounts.models import User
from renda.receptions.choices import ReceptionDayStatus
from renda.receptions.selectors import public_requests_for_unit, reception_days_on_duty
from renda.suggestions.selectors import (
    MY_STATUS_GROUPS,
    AssignmentFilters,
    SuggestionFilters,
    suggestion_list,
    unit_assignment_list,
)
from renda.supervision.models import Participant
from renda.supervision.selectors.items import ItemFilters, item_list
from renda.workbench.selectors import workbench_sections

pytestmark = pytest.mark.django_db

DEMO_ROLES = [
    "deputy",
    "staff",
    "xastaff",
    "leader",
    "member",
    "unit",
    "chief",
    "officer",
    "admin",
]
# The queries of the workbench of each demo login, at most (the page's and the
# navigation's own, then about two per queue: its count and its first rows).
# The meetings' tiles add about two each once their pages exist.
DEMO_MAX_QUERIES = {
    "deputy": 30,
    "staff": 52,
    "xastaff": 42,
    "leader": 28,
    "member": 44,
    "unit": 25,
    "chief": 16,
    "officer": 16,
    "admin": 12,
}


def _user(username):
    return User.objects.get(username=username)


def _sections(user):
    return workbench_sections(user, today=timezone.localdate())


def _tiles(user):
    return [tile for section in _sections(user) for tile in section.tiles]


def _page_count(response, tile) -> int:
    """Read the length of the list a page shows, as the page itself counts it."""
    name = f"{response.resolver_match.namespace}:{response.resolver_match.url_name}"
    context = response.context
    if name in (
        "suggestions:my",
        "suggestions:unit_inbox",
        "supervision:item_list",
        "notices:inbox",
    ):
        return context["page"].paginator.count
    if name in (
        "suggestions:staff_list",
        "stations:unit_requests",
        "stations:requests",
        "stations:escalated_requests",
    ):
        return context["total"]
    if name == "liaison:activities":
        return context["page"].paginator.count
    if name == "suggestions:staff_extensions":
        return len(context["pending"])
    if name == "suggestions:leader_key":
        return len(context["items"])
    if name == "liaison:my_meetings":
        return len(context["rows"])
    if name == "liaison:my_contacts":
        return sum(summary.count for summary in context["summaries"])
    if name == "liaison:dashboard":
        return sum(len(rule.broken) for rule in context["report"].rules)
    if name == "notifications:list":
        return context["unread"]
    if name == "supervision:followup_unit":
        return len(context["queue"].opinions) + len(context["queue"].points)
    if name == "stations:reception_days":
        if tile.key == "reception_days_held":
            return context["summary"]["held"]
        today = timezone.localdate()
        return sum(
            1
            for day in context["days"]
            if day.status == ReceptionDayStatus.PLANNED and day.date >= today
        )
    if name == "admin:accounts_user_changelist":
        return context["cl"].result_count
    # The meetings' pages (renda/workbench/selectors/meetings.py names the
    # filters): a member's meetings with today's first and the unread papers of
    # each, their open votes, the congress's meetings from today on.
    if name == "meetings:mine":
        rows = context["rows"]
        if tile.key == "meeting_papers":
            return sum(row.unread_papers for row in rows)
        return sum(1 for row in rows if row.today)
    if name == "meetings:my_votes":
        return len(context["open_votes"])
    if name == "meetings:list":
        if tile.key == "votes_under_way":
            return sum(
                meeting.votes.filter(status="OPEN").count()
                for meeting in context["page"].object_list
            )
        return context["page"].paginator.count
    # The duty queues (renda/workbench/selectors/duty.py): each list's rows.
    if name in ("duty:records", "duty:corrections", "duty:alerts"):
        return len(context["rows"])
    raise AssertionError(f"no count known for {name} ({tile.key})")


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_every_tile_counts_the_list_it_opens(demo, username, client):
    user = _user(username)
    client.force_login(user)
    tiles = _tiles(user)
    assert tiles, f"{username} has an empty workbench"

    checked = 0
    for tile in tiles:
        if not tile.url:
            assert tile.count == 0, tile
            continue
        if resolve(urlsplit(tile.url).path).url_name == "board":
            continue  # the duty days: checked against their selector below
        response = client.get(tile.url)
        assert response.status_code == 200, (tile.key, tile.url)
        assert _page_count(response, tile) == tile.count, (username, tile)
        checked += 1

    assert checked


def test_the_demo_has_work_waiting_for_the_deputy_and_the_unit(demo):
    # Without rows, the agreement tests below would prove nothing.
    deputy = {tile.key: tile.count for tile in _tiles(_user("deputy"))}
    unit = {tile.key: tile.count for tile in _tiles(_user("unit"))}

    assert deputy["to_rate"] >= 1
    assert deputy["handling"] >= 1
    assert deputy["duty_days"] >= 1
    assert deputy["notices"] >= 1
    assert unit["assignments_overdue"] >= 1
    assert unit["assignments_due_soon"] + unit["assignments_new"] >= 1


def _rows_drawn(html: str) -> int:
    return len(re.findall(r'class="row-link sg-item"', html))


def test_deputy_tiles_equal_the_selector_with_the_links_filters(demo, client):
    user = _user("deputy")
    client.force_login(user)

    for tile in _tiles(user):
        split = urlsplit(tile.url)
        if split.path != reverse("suggestions:my"):
            continue
        group = QueryDict(split.query)["status"]
        listed = suggestion_list(
            user=user,
            filters=SuggestionFilters(
                mine=True, order="created", statuses=MY_STATUS_GROUPS[group][1]
            ),
        )
        page = client.get(tile.url)

        assert listed.count() == tile.count
        assert _rows_drawn(page.content.decode()) == min(
            tile.count, settings.RENDA_PAGE_SIZE
        )
        assert [item.url for item in tile.items] == [
            reverse("suggestions:detail", args=[pk])
            if group != "draft"
            else reverse("suggestions:edit", args=[pk])
            for pk in listed.values_list("pk", flat=True)[:3]
        ]

    duty = next(tile for tile in _tiles(user) if tile.key == "duty_days")
    assert duty.count == reception_days_on_duty(user).count()


def test_unit_tiles_equal_the_selector_with_the_links_filters(demo, client):
    user = _user("unit")
    client.force_login(user)
    tiles = [tile for tile in _tiles(user) if tile.key.startswith("assignments_")]
    assert {tile.key for tile in tiles} == {
        "assignments_overdue",
        "assignments_due_soon",
        "assignments_rehandling",
        "assignments_new",
    }

    for tile in tiles:
        query = QueryDict(urlsplit(tile.url).query)
        listed = unit_assignment_list(user, AssignmentFilters.from_query(query))
        page = client.get(tile.url)

        assert listed.count() == tile.count
        assert _rows_drawn(page.content.decode()) == min(
            tile.count, settings.RENDA_PAGE_SIZE
        )

    requests = next(tile for tile in _tiles(user) if tile.key == "requests")
    assert requests.count == public_requests_for_unit(user, open_only=True).count()


def test_a_user_with_several_roles_sees_a_section_for_each(demo):
    # The demo's committee member is a deputy as well.
    keys = [section.key for section in _sections(_user("member"))]

    assert keys == ["deputy", "member"]


def test_tiles_are_ordered_most_urgent_first_and_empty_queues_last(demo):
    ranks = {"urgent": 0, "soon": 1, "todo": 2, "info": 3, "none": 4}
    for username in DEMO_ROLES:
        for section in _sections(_user(username)):
            shown = [ranks[tile.urgency] for tile in section.ordered()]
            assert shown == sorted(shown), username
            assert all(
                (tile.urgency == "none") == (tile.count == 0)
                for tile in section.tiles
                # Counts against a rule, not queues: urgent when the rule fails.
                if tile.key not in ("reception_days_held", "users", "liaison_rules")
                and not tile.key.startswith("contacts-")
            ), username


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_the_workbench_of_each_demo_role_runs_a_bounded_number_of_queries(
    demo, username, client, django_assert_max_num_queries
):
    client.force_login(_user(username))
    client.get(reverse("workbench:home"))  # the calendar's cache, the session

    with django_assert_max_num_queries(DEMO_MAX_QUERIES[username]):
        response = client.get(reverse("workbench:home"))

    assert response.status_code == 200


def test_the_deputy_sees_the_write_action_first_and_no_deputy_count(demo, client):
    client.force_login(_user("deputy"))

    html = client.get(reverse("workbench:home")).content.decode()

    main = html[html.index("<main") :]
    assert main.index("写建议") < main.index('class="wb-tile')
    assert f'href="{reverse("suggestions:new")}"' in main
    assert "名代表" not in main


@pytest.mark.parametrize("username", ["deputy", "unit", "staff"])
def test_the_api_returns_the_tiles_of_the_page(demo, username, client):
    client.force_login(_user(username))

    body = client.get("/api/v1/workbench").json()
    page = client.get(reverse("workbench:home"))

    shown = [
        (section.key, [(tile.key, tile.count, tile.url) for tile in section.ordered()])
        for section in page.context["sections"]
    ]
    assert [
        (section["key"], [(t["key"], t["count"], t["url"]) for t in section["tiles"]])
        for section in body["sections"]
    ] == shown
    first = body["sections"][0]
    if username == "deputy":
        assert first["action"] == {
            "title": "写建议",
            "url": reverse("suggestions:new"),
            "note": "",
            "urgent": False,
        }


def test_the_members_supervision_tile_lists_only_the_items_they_take_part_in(demo):
    user = _user("member")
    mine = set(item_list(user, ItemFilters(mine=True)).values_list("pk", flat=True))
    invited = set(
        Participant.objects.filter(member__user=user).values_list("item_id", flat=True)
    ) | set(
        Participant.objects.filter(deputy__user=user).values_list("item_id", flat=True)
    )
    everything = set(item_list(user, ItemFilters()).values_list("pk", flat=True))

    assert mine
    assert mine == invited & everything
    assert mine < everything
