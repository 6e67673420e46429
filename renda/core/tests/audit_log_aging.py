"""Tests' time machine for the audit log: rows old enough for the archive.

On PostgreSQL the database deletes an audit row only when its ``created_at`` is older
than six months by the database's own clock (core migration 0008), and ``created_at``
is that clock at sealing. A test that archives therefore moves the rows back in time
first, the way an attacker with SQL access would have to: as the superuser the tests
run as, with the append-only trigger off, resealing the chain from the latest
checkpoint so that ``audit_verify`` still passes.
"""

import datetime as dt
from contextlib import contextmanager

from django.db import connection

from renda.core.audit_chain import ROW_VALUES, _checkpoint_head, chain_key, row_hash
from renda.core.models import ActionLog


def age_the_log(days: int = 400) -> None:
    """Move every row after the latest checkpoint ``days`` back and reseal the chain."""
    key = chain_key()
    start = _checkpoint_head(connection.alias)
    rows = list(
        ActionLog.objects.filter(seq__gt=start.seq).order_by("seq").values(*ROW_VALUES)
    )
    prev_hash, updates = start.chain_hash, []
    for row in rows:
        row["created_at"] -= dt.timedelta(days=days)
        row["prev_hash"] = prev_hash
        row["chain_hash"] = prev_hash = row_hash(row, key)
        updates.append(
            (row["created_at"], row["prev_hash"], row["chain_hash"], row["id"])
        )
    with connection.cursor() as cursor, trigger_off(cursor):
        cursor.executemany(
            "UPDATE core_actionlog SET created_at = %s, prev_hash = %s, "
            "chain_hash = %s WHERE id = %s",
            updates,
        )


@contextmanager
def trigger_off(
    cursor, table: str = "core_actionlog", trigger: str = "core_actionlog_append_only"
):
    """An append-only trigger disabled around the block, as a superuser with SQL access
    would (PostgreSQL; SQLite has none)."""
    if connection.vendor != "postgresql":
        yield
        return
    # ALTER TABLE waits for no deferred foreign-key checks of this transaction.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    yield
    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
