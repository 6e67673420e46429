"""``stats_rebuild --check`` reads the rows and the records in one snapshot."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from renda.suggestions.management.commands import stats_rebuild


@pytest.mark.django_db(transaction=True)
def test_the_check_reads_one_repeatable_read_snapshot(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("isolation levels: PostgreSQL")
    seen = []
    row_totals = stats_rebuild.row_totals

    def watching(congress_id):
        with connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            isolation = cursor.fetchone()[0]
            cursor.execute("SHOW transaction_read_only")
            seen.append((isolation, cursor.fetchone()[0], connection.in_atomic_block))
        return row_totals(congress_id)

    monkeypatch.setattr(stats_rebuild, "row_totals", watching)
    out = StringIO()

    call_command("stats_rebuild", "--check", stdout=out)

    assert seen
    assert set(seen) == {("repeatable read", "on", True)}
    assert "全部一致" in out.getvalue()
