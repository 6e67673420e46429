"""The main suggestion pages and endpoints read a fixed, small number of queries.

Scope and roles are read once per request (``get_scope`` and the leadership
check are cached on the request's user) and the detail is built once
(``selectors.suggestion_detail``). Counts are taken on a second request, as
in use (the session and the calendar cache warm). Before this change the
detail page read 25 queries here and the API detail 19; the list pages read
10 to 19 and must not grow with the rows they show.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole

from .factories import accepted, draft, reply, submitted

API = "/api/v1/suggestions"


def _add(world, deputy, staff, unit_staff, count: int) -> list:
    """Add ``count`` answered items (cosigned), plus a submitted item and a draft each."""
    now = timezone.now()
    lead = [(world.unit_city, AssignmentRole.LEAD)]
    items = []
    for _index in range(count):
        suggestion = accepted(
            world, deputy, staff, now=now, cosigners=[world.deputy_city_b]
        )
        [assignment] = services.suggestion_assign(
            suggestion=suggestion, units=lead, actor=staff, now=now
        )
        reply(assignment, unit_staff, now=now)
        items.append(suggestion)
        submitted(world, deputy, now=now)
        draft(world, deputy, now=now)
    return items


def _queries(client, url, params=None) -> int:
    client.get(url, params or {})  # warm: session, calendar cache
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


# (who, url, params, the most queries allowed). The session's own rows count
# (3 of them are its save on every request, SESSION_SAVE_EVERY_REQUEST).
# Measured before the navigation, the unread count and the leadership check
# were read once per request: 12, 8, 15, 6, 8, 17. The year select of the staff
# list and the statistics reads its years once (the terms' first year): +1 each.
# The statistics' 经政府签批 table reads the year's instructions in one query: +1.
# A deputy's own list reads its congresses and lead deputies by their keys after
# the page is cut, not joined (a join misled PostgreSQL's planner at 1M): +2.
LISTS = [
    ("deputy", lambda w: reverse("suggestions:my"), {}, 13),
    ("deputy", lambda w: API, {"mine": "true"}, 10),
    ("committee_staff", lambda w: reverse("suggestions:staff_list"), "congress", 15),
    ("committee_staff", lambda w: API, "congress", 6),
    ("unit_staff", lambda w: reverse("suggestions:unit_inbox"), {}, 7),
    (
        "committee_staff",
        lambda w: reverse("suggestions:stats"),
        "congress_year",
        18,
    ),
]


def _params(world, params):
    if params == "congress":
        return {"congress": world.city_congress.pk}
    if params == "congress_year":
        return {"congress": world.city_congress.pk, "year": timezone.localdate().year}
    return params


@pytest.mark.parametrize(("who", "url", "params", "most"), LISTS)
def test_lists_read_few_queries_however_many_rows(
    request, client, world, deputy, committee_staff, unit_staff, who, url, params, most
):
    client.force_login(request.getfixturevalue(who))
    params = _params(world, params)
    _add(world, deputy, committee_staff, unit_staff, 2)
    few = _queries(client, url(world), params)
    _add(world, deputy, committee_staff, unit_staff, 5)
    many = _queries(client, url(world), params)

    assert many == few
    assert few <= most


# The detail, for each role that reads it, not counting the session's save on
# every request (3 queries while SESSION_SAVE_EVERY_REQUEST holds): the page
# (25 queries before issue 7 for the deputy, 29 for staff, 23 for the unit),
# the API (19 and 20) and the staff's review page (19). Every one is halved
# but the review page (11: session, user, scope, the detail's five reads,
# the leadership members of the key form, the seat roles, the unread count).
# The navigation, the unread count and the seat roles are read once per
# request, the residents' requests panel is skipped when the item has none.
DETAILS = [
    ("deputy", "page", 10),
    ("committee_staff", "page", 11),
    ("unit_staff", "page", 10),
    ("deputy", "api", 8),
    ("committee_staff", "api", 8),
    ("committee_staff", "review", 11),
]


@pytest.mark.parametrize(("who", "surface", "most"), DETAILS)
def test_the_detail_is_read_once(
    request,
    client,
    django_assert_max_num_queries,
    world,
    deputy,
    committee_staff,
    unit_staff,
    who,
    surface,
    most,
):
    [suggestion] = _add(world, deputy, committee_staff, unit_staff, 1)
    client.force_login(request.getfixturevalue(who))
    url = {
        "page": reverse("suggestions:detail", args=[suggestion.pk]),
        "api": f"{API}/{suggestion.pk}",
        "review": reverse("suggestions:staff_review", args=[suggestion.pk]),
    }[surface]
    client.get(url)
    session_save = 3 if settings.SESSION_SAVE_EVERY_REQUEST else 0

    with django_assert_max_num_queries(most + session_save):
        response = client.get(url)

    assert response.status_code == 200


def test_a_page_with_panels_reads_per_request_values_once(
    client, world, deputy, committee_staff, unit_staff
):
    """The detail page renders its panels with the request: the navigation,
    the unread count and the seat roles are still read once."""
    [suggestion] = _add(world, deputy, committee_staff, unit_staff, 1)
    client.force_login(committee_staff)
    url = reverse("suggestions:detail", args=[suggestion.pk])
    client.get(url)

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)

    assert response.status_code == 200
    sql = [query["sql"] for query in context.captured_queries]
    assert sum('FROM "notifications_notification"' in q for q in sql) == 1
    # The key form's leadership members, and the user's seat roles.
    assert sum('FROM "congresses_committeemember"' in q for q in sql) == 2
    # Whether residents' requests became this item is read with the item.
    assert not any(q.startswith('SELECT "stations_publicrequest"') for q in sql)
