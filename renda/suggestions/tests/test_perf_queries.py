"""The lists and the figures read a fixed number of queries, however many rows there are.

At 1,000,000 items (bench/suggestions.py) a query per row, or a subquery the
database cannot turn into an index scan, costs seconds; these tests pin the
shape: the query count does not grow with the rows, and a deputy's scope is
plain conditions and a list of ids, not ``IN (SELECT ...)``.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Rating, ReplyOutcome
from renda.suggestions.selectors import suggestion_stats, suggestions_visible_to

from .factories import accepted, draft, moment, reply, submitted

ACCEPTED_ON = moment(2025, 3, 3)
TODAY = dt.date(2025, 7, 1)
LIST = "/api/v1/suggestions"
STATS = "/api/v1/suggestions/stats"


def _add_items(world, deputy, staff, unit_staff, count: int) -> None:
    """Add ``count`` items of every kind: cosigned, answered and rated, open, a draft."""
    for index in range(count):
        suggestion = accepted(
            world,
            deputy,
            staff,
            now=ACCEPTED_ON,
            cosigners=[world.deputy_city_b],
        )
        [assignment] = services.suggestion_assign(
            suggestion=suggestion,
            units=[(world.unit_city, AssignmentRole.LEAD)],
            actor=staff,
            now=ACCEPTED_ON,
        )
        if index % 2:
            answer = reply(
                assignment, unit_staff, now=moment(2025, 3, 10), outcome=ReplyOutcome.B
            )
            services.feedback_create(
                reply=answer,
                rating=Rating.SATISFIED,
                actor=deputy,
                now=moment(2025, 3, 12),
            )
        submitted(world, deputy, now=ACCEPTED_ON)
        draft(world, deputy, now=ACCEPTED_ON)


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


def _api_get(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("group_by", [None, "channel"])
def test_stats_read_a_fixed_number_of_queries(
    world, deputy, committee_staff, unit_staff, group_by
):
    def stats():
        return suggestion_stats(
            user=committee_staff,
            congress=world.city_congress,
            year=2025,
            group_by=group_by,
            today=TODAY,
        )

    _add_items(world, deputy, committee_staff, unit_staff, 2)
    # The user's scope is read once and kept on the user object (as for a
    # request); read it before counting so both counts are of the figures alone.
    assert stats().total.accepted == 2
    few = _queries(stats)
    _add_items(world, deputy, committee_staff, unit_staff, 6)
    many = _queries(stats)

    report = stats()
    assert (report.total.accepted, report.total.replies) == (8, 4)
    assert report.total.satisfied == 4
    assert many == few
    # The scope's id list, then five queries per set of figures (merged items,
    # counts, replies, latest replies, overdue), plus the groups present.
    assert len(report.groups) == (0 if group_by is None else 1)
    assert few <= 1 + 5 + (1 + 5 * len(report.groups))


@pytest.mark.parametrize(
    ("who", "params"),
    [
        ("deputy", {"mine": "true"}),
        ("committee_staff", {"year": 2025, "channel": "FORMAL"}),
        ("committee_staff", {}),
    ],
)
def test_lists_read_a_fixed_number_of_queries(
    client, request, world, deputy, committee_staff, unit_staff, who, params
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    params = {**params}
    if who == "committee_staff":
        params["congress"] = world.city_congress.pk

    _add_items(world, deputy, committee_staff, unit_staff, 2)
    _api_get(client, LIST, params)  # warm the calendar cache (see the stats test)
    few = _queries(lambda: _api_get(client, LIST, params))
    _add_items(world, deputy, committee_staff, unit_staff, 6)
    many = _queries(lambda: _api_get(client, LIST, params))

    data = _api_get(client, LIST, params)
    # The deputy leads 8 submitted items, 8 drafts and 8 accepted ones; staff
    # see the 16 submitted or accepted items (drafts are the deputy's).
    assert data["count"] == (24 if who == "deputy" else 16)
    assert many == few


def test_stats_endpoint_reads_a_fixed_number_of_queries(
    client, world, deputy, committee_staff, unit_staff
):
    client.force_login(committee_staff)
    params = {"congress": world.city_congress.pk, "year": 2025}
    _add_items(world, deputy, committee_staff, unit_staff, 2)
    # The first request of a process reads the holiday calendar of the years
    # its deadlines touch and caches it (legal_calendar.staff_year); whether an
    # earlier test in this worker did so is chance, so warm it before counting.
    _api_get(client, STATS, params)
    few = _queries(lambda: _api_get(client, STATS, params))
    _add_items(world, deputy, committee_staff, unit_staff, 6)
    many = _queries(lambda: _api_get(client, STATS, params))

    assert _api_get(client, STATS, params)["total"]["accepted"] == 8
    assert many == few


def test_a_deputys_scope_is_plain_conditions_and_a_list_of_ids(
    world, deputy, committee_staff
):
    cosigned = submitted(
        world,
        committee_staff,
        lead_deputy=world.deputy_city_b,
        cosigners=[world.deputy_city_a],
    )
    led = submitted(world, deputy)

    queryset = suggestions_visible_to(deputy)
    sql = str(queryset.query).upper()

    # No subquery left in the scope: PostgreSQL OR-s index scans instead of
    # scanning every row against a hashed subplan.
    assert sql.count("SELECT") == 1
    assert set(queryset.values_list("pk", flat=True)) == {cosigned.pk, led.pk}


def test_a_long_list_of_cosigned_items_is_one_parameter_on_postgresql(
    world, deputy, committee_staff
):
    """A deputy who cosigned thousands of items (the load test at 1M): the ids go to
    PostgreSQL as one array, not one parameter each; the rows are the same."""
    cosigned = [
        submitted(
            world,
            committee_staff,
            lead_deputy=world.deputy_city_b,
            cosigners=[world.deputy_city_a],
        ).pk
        for _ in range(30)
    ]
    led = submitted(world, deputy).pk
    other = submitted(world, committee_staff, lead_deputy=world.deputy_city_b).pk

    queryset = suggestions_visible_to(deputy)
    sql, params = queryset.query.sql_with_params()

    assert set(queryset.values_list("pk", flat=True)) == {*cosigned, led}
    assert other not in set(queryset.values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        assert "ANY(" in sql.upper()
        assert len(params) < 10
    else:
        assert len(params) >= len(cosigned)
