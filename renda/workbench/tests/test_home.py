"""The home page (工作台): one page per user, at a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.deputies.tests.factories import DeputyFactory, MandateFactory

ROLES = [
    "system_admin",
    "committee_staff",
    "leader",
    "deputy",
    "unit_staff",
    "station_chief",
    "liaison_officer",
]
# Session, user, the user's roles (twice: scope and the list shown), the scope's
# congresses, the unread notices; then each queue: a count and, when it is not
# empty, its first rows (``selectors._tile``). Bounded per role, never per row.
# The deputy's three suggestion tiles read the deputy's scope once (24 before);
# the unread count is read once for the badge and the tile (18 before), the
# three tiles counted in one grouped query (17 before).
HOME_MAX_QUERIES = {
    "system_admin": 12,
    "committee_staff": 45,
    "leader": 45,
    "deputy": 15,
    "unit_staff": 25,
    "station_chief": 16,
    "liaison_officer": 16,
}


@pytest.mark.parametrize("role", ROLES)
def test_home_runs_a_bounded_number_of_queries(
    role, request, client, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(role))
    client.get(reverse("workbench:home"))

    with django_assert_max_num_queries(HOME_MAX_QUERIES[role]):
        response = client.get(reverse("workbench:home"))

    assert response.status_code == 200


def test_home_queries_do_not_grow_with_the_deputies_counted(
    world, committee_staff, client, django_assert_max_num_queries
):
    client.force_login(committee_staff)
    for _ in range(5):
        MandateFactory(deputy=DeputyFactory(), term=world.city_term)

    with django_assert_max_num_queries(HOME_MAX_QUERIES["committee_staff"]):
        response = client.get(reverse("workbench:home"))

    assert response.context["deputy_count"] >= 5


def test_home_is_the_site_root_and_needs_login(client):
    assert reverse("workbench:home") == "/"

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["committee_staff", "deputy"])
def test_home_reads_the_users_suggestion_scope_once_per_section(role, request, client):
    """The id lists of a user's scope (overseen, cosigned items) are queries of
    their own: the section's suggestion tiles share them instead of one per tile."""
    client.force_login(request.getfixturevalue(role))
    client.get(reverse("workbench:home"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workbench:home"))

    assert response.status_code == 200
    overseen = [
        q["sql"]
        for q in queries.captured_queries
        if 'INNER JOIN "congresses_committeemember"' in q["sql"]
        and q["sql"].startswith('SELECT "suggestions_suggestion"."id" AS "pk"')
    ]
    # The section's lists share one; the extension requests' tile reads its own.
    assert len(overseen) <= 2, overseen


def test_the_deputys_unread_count_is_read_once_for_the_badge_and_the_tile(
    deputy, client
):
    from renda.notifications.services import notification_send

    notification_send(recipients=[deputy], kind="GENERIC", title="请查收", body="")
    client.force_login(deputy)
    client.get(reverse("workbench:home"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workbench:home"))

    counted = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "notifications_notification"' in q["sql"] and "COUNT(" in q["sql"]
    ]
    assert len(counted) == 1, counted
    tile = next(
        t for s in response.context["sections"] for t in s.tiles if t.key == "messages"
    )
    assert tile.count == response.context["unread_notifications"] >= 1
