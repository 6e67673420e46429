"""The summary rows under real concurrency (PostgreSQL only): transitions of
different items of one congress and group update the same rows at once; no
count may be lost (decision record 0019)."""

import threading

import pytest
from django.db import connection, connections

from renda.suggestions import services
from renda.suggestions.stats_rows import expected_totals, row_totals
from renda.suggestions.tests.factories import submitted

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_concurrent_acceptances_lose_no_count(world, deputy, committee_staff):
    items = [submitted(world, deputy) for _ in range(8)]
    barrier = threading.Barrier(len(items))
    errors = []

    def accept(item):
        try:
            barrier.wait(timeout=10)
            services.suggestion_accept(suggestion=item, actor=committee_staff)
        except Exception as error:  # noqa: BLE001 - the outcome is what we assert
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    kept = row_totals(world.city_congress.pk)
    assert kept == expected_totals(world.city_congress.pk)
    accepted = sum(counts.get("accepted", 0) for counts in kept.values())
    # Eight items, counted in the all-units rows (no unit holds them yet).
    assert accepted == len(items)
