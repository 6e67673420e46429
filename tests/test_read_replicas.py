"""Read replicas through the router (renda/core/db_router.py, decision 0022).

The test settings define a "replica" alias that mirrors the test database: the
same data through a second connection. The router is off in the rest of the
suite; here it is turned on, and which connection ran a query proves the
routing (each alias's connection keeps its own query log). The tests commit
(transactional), so that the replica's connection sees the rows.
"""

from __future__ import annotations

import time

import pytest
from django.db import OperationalError, connections, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.accounts.models import User
from renda.accounts.tokens import api_token_create
from renda.core import db_router
from renda.core.db_router import (
    READ_AFTER_WRITE_COOKIE,
    ReadAfterWriteMiddleware,
    replica_ok,
)
from renda.deputies.models import Deputy
from renda.suggestions.models import Suggestion
from renda.suggestions.models_stats import SuggestionStatsRow
from renda.suggestions.selectors import SuggestionFilters, suggestion_list
from renda.suggestions.tests.factories import accepted

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

ROUTER = "renda.core.db_router.ReplicaRouter"
MIDDLEWARE = "renda.core.db_router.ReadAfterWriteMiddleware"
STAFF_LIST = reverse("suggestions:staff_list")
STATS = reverse("suggestions:stats")
MY = reverse("suggestions:my")
SUGGESTION_TABLE = Suggestion._meta.db_table
DEPUTY_TABLE = Deputy._meta.db_table
STATS_ROW_TABLE = SuggestionStatsRow._meta.db_table


def _with_read_after_write(middleware: list[str]) -> list[str]:
    """The settings' insertion, as base.py does it when a replica is configured."""
    middleware = [name for name in middleware if name != MIDDLEWARE]
    index = middleware.index("renda.core.middleware.RequestContextMiddleware")
    return [*middleware[: index + 1], MIDDLEWARE, *middleware[index + 1 :]]


@pytest.fixture
def router_on(settings):
    settings.RENDA_DATABASE_REPLICAS = ["replica"]
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = _with_read_after_write(settings.MIDDLEWARE)
    db_router._down_until.clear()
    yield
    db_router._down_until.clear()


@pytest.fixture(autouse=True)
def replica_only_reads():
    """Whatever a test does, the replica's connection never runs a write."""
    with CaptureQueriesContext(connections["replica"]) as replica:
        yield
    writes = [
        q["sql"]
        for q in replica.captured_queries
        # None: a statement that failed before reaching the server (psycopg).
        if q["sql"] is not None and db_router._is_write(q["sql"])
    ]
    assert writes == []


def _drop(connection) -> None:
    """Close the alias's connection (SQLite keeps an in-memory one open otherwise)."""
    if connection.vendor == "sqlite":
        if connection.connection is not None:
            connection.connection.close()
        connection.connection = None
    else:
        connection.close()


def _refusing(settings_dict: dict) -> dict:
    """Settings of a database that refuses connections, for either backend."""
    return {
        **settings_dict,
        "NAME": "/nonexistent-renda-dir/replica.sqlite3"
        if connections["replica"].vendor == "sqlite"
        else settings_dict["NAME"],
        "HOST": "127.0.0.1",
        "PORT": "1",
    }


@pytest.fixture
def replica_settings():
    """Restore the replica alias's settings and connection after a test breaks them."""
    connection = connections["replica"]
    original = connection.settings_dict
    yield connection
    _drop(connection)
    connection.settings_dict = original


@pytest.fixture
def unreachable_replica(replica_settings):
    """Point the replica's alias at a database that refuses connections."""
    _drop(replica_settings)
    replica_settings.settings_dict = _refusing(replica_settings.settings_dict)
    return replica_settings


def on(captured, table: str) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if table in q["sql"]]


def get_capturing(client, url, data=None, *, headers=None):
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(url, data or {}, **(headers or {}))
    return response, replica, primary


@pytest.fixture
def items(world, deputy, committee_staff):
    return [
        accepted(world, deputy, committee_staff, title=f"关于东吉大路第{n}段的建议")
        for n in range(3)
    ]


def test_the_staff_list_reads_the_replica(router_on, client, committee_staff, items):
    client.force_login(committee_staff)

    response, replica, primary = get_capturing(
        client, STAFF_LIST, {"congress": items[0].congress_id}
    )

    assert response.status_code == 200
    assert "关于东吉大路第2段的建议" in response.content.decode()
    # The count and the page's rows (and their prefetches) on the replica...
    listed = on(replica, SUGGESTION_TABLE)
    assert any("COUNT(" in sql.upper() for sql in listed)
    assert len(listed) >= 2
    # ...and not on the primary too.
    assert not set(listed) & set(on(primary, SUGGESTION_TABLE))
    # No write in a read: the browser is not held on the primary.
    assert READ_AFTER_WRITE_COOKIE not in response.cookies


def test_the_api_list_and_the_deputy_list_read_the_replica(
    router_on, client, committee_staff, items
):
    client.force_login(committee_staff)

    response, replica, _primary = get_capturing(client, "/api/v1/suggestions")
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 3
    assert on(replica, SUGGESTION_TABLE)

    response, replica, _primary = get_capturing(client, reverse("deputies:list"))
    assert response.status_code == 200
    assert on(replica, DEPUTY_TABLE)


def test_the_stats_page_reads_the_replica(router_on, client, committee_staff, items):
    client.force_login(committee_staff)
    year = items[0].accepted_at.year

    response, replica, primary = get_capturing(
        client, STATS, {"congress": items[0].congress_id, "year": year}
    )

    assert response.status_code == 200
    # The figures are sums over the summary rows (decision 0019).
    figures = on(replica, STATS_ROW_TABLE)
    assert any("SUM(" in sql.upper() for sql in figures)
    assert not set(figures) & set(on(primary, STATS_ROW_TABLE))


def test_without_the_router_nothing_reads_the_replica(client, committee_staff, items):
    client.force_login(committee_staff)

    response, replica, _primary = get_capturing(
        client, STAFF_LIST, {"congress": items[0].congress_id}
    )

    assert response.status_code == 200
    assert replica.captured_queries == []


DRAFT_TITLE = "关于改善东吉大路交通秩序的建议"


def _post_draft(client, world, *, headers=None):
    """A deputy's draft through the API (a write)."""
    return client.post(
        "/api/v1/suggestions",
        {
            "title": DRAFT_TITLE,
            "body": "东吉大路早晚高峰拥堵，建议增设信号灯。",
            "category": "TRANSPORT",
            "congress": world.city_congress.pk,
        },
        content_type="application/json",
        **(headers or {}),
    )


def test_after_a_write_the_same_browser_reads_the_primary_for_a_while(
    router_on, settings, client, world, deputy, committee_staff, items
):
    settings.RENDA_READ_AFTER_WRITE_SECONDS = 1
    client.force_login(deputy)
    other = type(client)()
    other.force_login(committee_staff)

    with CaptureQueriesContext(connections["replica"]) as replica:
        created = _post_draft(client, world)
    assert created.status_code == 201, created.content
    assert READ_AFTER_WRITE_COOKIE in created.cookies
    assert replica.captured_queries == []

    # The same deputy's next page reads the primary and shows the new draft.
    response, replica, primary = get_capturing(client, MY)
    assert response.status_code == 200
    assert "关于改善东吉大路交通秩序的建议" in response.content.decode()
    assert on(replica, SUGGESTION_TABLE) == []
    assert on(primary, SUGGESTION_TABLE)

    # Another user's list still reads the replica.
    response, replica, _primary = get_capturing(
        other, STAFF_LIST, {"congress": world.city_congress.pk}
    )
    assert response.status_code == 200
    assert on(replica, SUGGESTION_TABLE)

    # Once the window has passed, the deputy reads the replica again.
    time.sleep(2.1)
    response, replica, primary = get_capturing(client, MY)
    assert response.status_code == 200
    assert on(replica, SUGGESTION_TABLE), [
        q["sql"] for q in primary.captured_queries if db_router._is_write(q["sql"])
    ]


def test_a_forged_read_after_write_cookie_is_ignored(
    router_on, client, committee_staff, items
):
    client.force_login(committee_staff)
    client.cookies[READ_AFTER_WRITE_COOKIE] = "1"

    response, replica, _primary = get_capturing(
        client, STAFF_LIST, {"congress": items[0].congress_id}
    )

    assert response.status_code == 200
    assert on(replica, SUGGESTION_TABLE)


def _bearer(user) -> dict:
    _token, raw = api_token_create(user=user, name="手机客户端", actor=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_after_a_write_the_same_token_reads_the_primary_for_a_while(
    router_on, settings, world, deputy, committee_staff, items
):
    """A token client keeps no cookie: the token itself remembers the write."""
    settings.RENDA_READ_AFTER_WRITE_SECONDS = 1
    client, other = Client(), Client()
    mine, theirs = _bearer(deputy), _bearer(committee_staff)
    api_list = "/api/v1/suggestions"
    # First uses (each token's last use is recorded: bookkeeping, not a write
    # that holds the client on the primary).
    for who, headers in ((client, mine), (other, theirs)):
        response, replica, _primary = get_capturing(who, api_list, headers=headers)
        assert response.status_code == 200
        assert on(replica, SUGGESTION_TABLE)

    created = _post_draft(client, world, headers=mine)
    assert created.status_code == 201, created.content
    client.cookies.clear()  # the client keeps none

    # The same token's next list reads the primary and has the new draft.
    response, replica, primary = get_capturing(
        client, api_list, {"mine": "true"}, headers=mine
    )
    assert response.status_code == 200
    titles = [row["title"] for row in response.json()["results"]]
    assert "关于改善东吉大路交通秩序的建议" in titles
    assert on(replica, SUGGESTION_TABLE) == []
    assert on(primary, SUGGESTION_TABLE)
    # Another token's list still reads the replica.
    response, replica, _primary = get_capturing(other, api_list, headers=theirs)
    assert on(replica, SUGGESTION_TABLE)

    # Once the window has passed, the token reads the replica again.
    time.sleep(1.1)
    response, replica, _primary = get_capturing(client, api_list, headers=mine)
    assert on(replica, SUGGESTION_TABLE)


def _run_in_request(view):
    request = RequestFactory().get("/")
    return ReadAfterWriteMiddleware(view)(request)


def test_within_a_request_a_read_after_a_write_reads_the_primary(
    router_on, committee_staff
):
    seen = {}

    def view(request):
        listed = replica_ok(User.objects.filter(pk=committee_staff.pk))
        with CaptureQueriesContext(connections["replica"]) as before:
            assert list(listed) == [committee_staff]
        User.objects.filter(pk=committee_staff.pk).update(first_name="乙")
        # The same list, built before the write, runs after it: on the primary.
        with CaptureQueriesContext(connections["replica"]) as after:
            assert [user.first_name for user in listed.all()] == ["乙"]
        seen["before"], seen["after"] = len(before), len(after)
        return HttpResponse("ok")

    response = _run_in_request(view)

    assert seen == {"before": 1, "after": 0}
    assert READ_AFTER_WRITE_COOKIE in response.cookies


def test_inside_a_transaction_and_outside_a_request_reads_the_primary(
    router_on, committee_staff, items
):
    seen = {}

    def view(request):
        with (
            transaction.atomic(),
            CaptureQueriesContext(connections["replica"]) as inside,
        ):
            list(suggestion_list(user=committee_staff, filters=SuggestionFilters()))
        seen["inside"] = len(inside)
        return HttpResponse("ok")

    _run_in_request(view)
    assert seen == {"inside": 0}

    # A task or a command: no request, so the primary.
    with CaptureQueriesContext(connections["replica"]) as outside:
        assert len(
            list(suggestion_list(user=committee_staff, filters=SuggestionFilters()))
        ) == len(items)
    assert outside.captured_queries == []


def test_a_list_used_inside_a_primary_query_stays_one_query(
    router_on, committee_staff, items
):
    def view(request):
        listed = suggestion_list(user=committee_staff, filters=SuggestionFilters())
        # A different database per alias would refuse this subquery.
        found = Suggestion.objects.filter(pk__in=listed.values("pk"))
        return HttpResponse(str(found.count()))

    assert _run_in_request(view).content == b"3"


def test_the_admin_reads_the_primary(router_on, client, system_admin, items):
    client.force_login(system_admin)

    response, replica, _primary = get_capturing(client, "/admin/deputies/deputy/")

    assert response.status_code == 200
    assert replica.captured_queries == []


def test_an_unreachable_replica_falls_back_to_the_primary(
    router_on, client, committee_staff, items, unreachable_replica
):
    client.force_login(committee_staff)

    with CaptureQueriesContext(connections["default"]) as primary:
        response = client.get(STAFF_LIST, {"congress": items[0].congress_id})

    assert response.status_code == 200
    assert "关于东吉大路第2段的建议" in response.content.decode()
    assert any("COUNT(" in sql.upper() for sql in on(primary, SUGGESTION_TABLE))
    assert "replica" in db_router._down_until

    # While it is marked down, a request does not even try it.
    response = client.get(STATS, {"congress": items[0].congress_id})
    assert response.status_code == 200


def test_a_replica_failing_mid_request_is_read_again_on_the_primary(
    router_on, client, committee_staff, items, replica_settings
):
    client.force_login(committee_staff)
    replica = replica_settings
    replica.ensure_connection()
    refusing = _refusing(replica.settings_dict)

    def dropped(execute, sql, params, many, context):
        # The replica answered the connection, then drops it on the list's
        # query and refuses to be reached again.
        replica.settings_dict = refusing
        raise OperationalError("server closed the connection unexpectedly")

    with replica.execute_wrapper(dropped):
        response = client.get(STAFF_LIST, {"congress": items[0].congress_id})

    assert response.status_code == 200
    assert "关于东吉大路第2段的建议" in response.content.decode()
    assert "replica" in db_router._down_until
