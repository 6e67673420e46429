"""Bounded counts for pages and keyset cursors for the API (decision 0020)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Upper
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renda.core.pagination import (
    BoundedPaginator,
    InvalidCursor,
    decode_cursor,
    encode_cursor,
    keyset_after,
    order_by_keys,
    ordering_keys,
    row_values,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


def _users(n: int, *, with_logins: bool = False) -> None:
    base = timezone.make_aware(datetime.datetime(2025, 1, 1, 8, 0))
    User.objects.bulk_create(
        User(
            username=f"pg{i:03d}",
            # Ties and NULLs: the cursor must still visit every row once.
            last_login=(base + datetime.timedelta(hours=i % 3))
            if with_logins and i % 4
            else None,
        )
        for i in range(n)
    )


def _listed():
    return User.objects.filter(username__startswith="pg").order_by("username")


# Pages: a count exact up to a bound ------------------------------------------------


def test_count_is_exact_below_the_bound(settings):
    settings.RENDA_LIST_COUNT_BOUND = 5
    _users(5)
    paginator = BoundedPaginator(_listed(), 2)
    assert paginator.exact
    assert paginator.count == 5
    assert paginator.count_display == "5"
    assert paginator.num_pages == 3
    assert paginator.num_pages_display == "3"
    last = paginator.get_page(3)
    assert [u.username for u in last] == ["pg004"]
    assert not last.has_next()
    # A page beyond the end falls back to the last one, as Django's does.
    assert paginator.get_page(99).number == 3


def test_count_beyond_the_bound_says_plus_and_pages_still_work(settings):
    settings.RENDA_LIST_COUNT_BOUND = 5
    _users(9)
    paginator = BoundedPaginator(_listed(), 2)
    assert not paginator.exact
    assert paginator.count_display == "5+"
    assert paginator.num_pages_display == "2+"
    first = paginator.get_page(1)
    assert first.has_next()
    assert not first.has_previous()
    assert [u.username for u in first] == ["pg000", "pg001"]
    # Pages past the bound: known only by reading one row ahead.
    fourth = paginator.get_page(4)
    assert [u.username for u in fourth] == ["pg006", "pg007"]
    assert fourth.has_next()
    assert fourth.has_previous()
    assert fourth.next_page_number() == 5
    assert (fourth.start_index(), fourth.end_index()) == (7, 8)
    fifth = paginator.get_page(5)
    assert [u.username for u in fifth] == ["pg008"]
    assert not fifth.has_next()
    assert fifth.previous_page_number() == 4
    # Nonsense and too deep never fail.
    assert paginator.get_page("abc").number == 1
    assert paginator.get_page(50).number >= 1


def test_the_count_query_is_bounded(settings):
    settings.RENDA_LIST_COUNT_BOUND = 5
    _users(9)
    paginator = BoundedPaginator(_listed(), 2)
    with CaptureQueriesContext(connection) as queries:
        paginator.get_page(2)
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "LIMIT 6" in counts[0].upper()


def test_the_count_reads_keys_not_the_rows_columns_and_annotations(settings):
    settings.RENDA_LIST_COUNT_BOUND = 5
    _users(9, with_logins=True)
    # A list's row state is annotations (correlated subqueries, per row); a
    # condition may name one. The count keeps the condition, not the columns.
    later = User.objects.filter(username=OuterRef("username")).values("last_login")
    listed = (
        _listed()
        .annotate(logged_in=Subquery(later[:1]), shouted=Upper("username"))
        .filter(logged_in__isnull=False)
        .select_related(None)
    )
    expected = len(list(listed.all()))
    with CaptureQueriesContext(connection) as queries:
        paginator = BoundedPaginator(listed, 2)
        count = paginator.count
    [sql] = [q["sql"] for q in queries]
    assert not paginator.exact
    assert count > 5
    # Only the key is selected: the condition's subquery stays, UPPER() goes.
    assert "UPPER(" not in sql.upper()
    selected = sql.split("(SELECT ", 1)[1].split(" FROM ", 1)[0]
    assert selected == '"accounts_user"."id" AS "pk"', sql
    settings.RENDA_LIST_COUNT_BOUND = 100
    assert BoundedPaginator(listed, 2).count == expected == 6
    # Grouped rows are counted as they are (one row per group, not per key).
    grouped = (
        _listed()
        .order_by()
        .values("last_login")
        .annotate(n=Count("pk"))
        .order_by("last_login")
    )
    assert BoundedPaginator(grouped, 2).count == len(list(grouped))
    # Distinct values, and a list already cut, are counted as they are too.
    logins = _listed().order_by("last_login").values("last_login").distinct()
    assert BoundedPaginator(logins, 2).count == len(list(logins)) == 4
    assert BoundedPaginator(_listed()[:3], 2).count == 3


def test_a_list_in_memory_is_counted_exactly_below_the_bound(settings):
    settings.RENDA_LIST_COUNT_BOUND = 5
    paginator = BoundedPaginator(list(range(4)), 2)
    assert paginator.count_display == "4"
    assert list(paginator.get_page(2)) == [2, 3]


# API: keyset cursors ---------------------------------------------------------------


def _walk(queryset, size: int) -> list[str]:
    keys = ordering_keys(queryset)
    assert keys is not None
    ordered = order_by_keys(queryset, keys)
    seen: list[str] = []
    cursor = None
    while True:
        page = ordered
        if cursor is not None:
            values, _ = decode_cursor(cursor, keys)
            page = ordered.filter(keyset_after(keys, values))
        rows = list(page[: size + 1])
        seen += [u.username for u in rows[:size]]
        if len(rows) <= size:
            return seen
        cursor = encode_cursor(keys, row_values(rows[size - 1], keys), 0)


@pytest.mark.parametrize(
    "ordering",
    [
        ("username",),
        ("-last_login",),
        ("last_login",),
        (F("last_login").desc(nulls_first=True), "-id"),
        (F("last_login").asc(nulls_first=True),),
        ("-last_login", "username"),
    ],
)
def test_a_cursor_walk_visits_every_row_once_in_order(ordering):
    _users(13, with_logins=True)
    queryset = User.objects.filter(username__startswith="pg").order_by(*ordering)
    keys = ordering_keys(queryset)
    expected = [u.username for u in order_by_keys(queryset, keys)]
    for size in (1, 2, 5):
        assert _walk(queryset, size) == expected


def test_ordering_ends_with_the_primary_key():
    keys = ordering_keys(User.objects.order_by("-last_login"))
    assert [(k.field, k.descending) for k in keys] == [
        ("last_login", True),
        ("id", True),
    ]
    assert ordering_keys(User.objects.order_by("?")) is None


def test_a_cursor_of_another_ordering_or_tampered_is_refused():
    keys = ordering_keys(User.objects.order_by("username"))
    other = ordering_keys(User.objects.order_by("-date_joined"))
    cursor = encode_cursor(keys, ["pg001", 2], 0)
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, other)
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor[:-2] + "xx", keys)
    with pytest.raises(InvalidCursor):
        decode_cursor("not-a-cursor", keys)


def test_a_relation_in_the_ordering_is_keyed_by_its_column_or_paged_by_offset():
    from renda.accounts.models import ApiToken, RoleAssignment

    # User has no ordering of its own: "user" sorts by user_id, which the cursor holds.
    keys = ordering_keys(ApiToken.objects.order_by("user", "-name"))
    assert [(k.field, k.descending) for k in keys] == [
        ("user_id", False),
        ("name", True),
        ("id", True),
    ]
    # Congress sorts by its region's code: not a key the cursor can follow.
    assert ordering_keys(RoleAssignment.objects.order_by("congress")) is None
    # Its column, named as such, is a plain key (Django sorts by the column).
    keys = ordering_keys(RoleAssignment.objects.order_by("-congress_id"))
    assert [(k.field, k.descending) for k in keys] == [
        ("congress_id", True),
        ("id", True),
    ]
    keys = ordering_keys(RoleAssignment.objects.order_by("user__username"))
    assert [k.field for k in keys] == ["user__username", "id"]
    # One row per related row: not a list a cursor can walk.
    assert ordering_keys(User.objects.order_by("role_assignments__role")) is None


def test_a_cursor_walk_ordered_by_a_relation_visits_every_row_once():
    from renda.accounts.models import ApiToken

    _users(4)
    owners = list(User.objects.filter(username__startswith="pg").order_by("-id"))
    ApiToken.objects.bulk_create(
        ApiToken(user=owners[i % 4], name=f"t{i:02d}", digest=f"{i:064d}", prefix="p")
        for i in range(11)
    )
    queryset = ApiToken.objects.order_by("user", "name")
    keys = ordering_keys(queryset)
    ordered = order_by_keys(queryset, keys)
    expected = [t.name for t in ordered]
    seen, cursor = [], None
    while True:
        page = ordered
        if cursor is not None:
            values, _ = decode_cursor(cursor, keys)
            page = ordered.filter(keyset_after(keys, values))
        rows = list(page[:4])
        seen += [t.name for t in rows[:3]]
        if len(rows) <= 3:
            break
        cursor = encode_cursor(keys, row_values(rows[2], keys), 0)
    assert seen == expected
    assert expected == [t.name for t in ApiToken.objects.order_by("user", "name")]
