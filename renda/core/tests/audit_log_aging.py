"""Tests' time machine for the audit log: rows old enough for the archive.

On PostgreSQL the database deletes an audit row only when its ``created_at`` is older
than six months by the database's own clock (core migration 0008), and ``created_at``
is that clock at sealing. A test that archives therefore moves the rows back in time
first, the way an attacker with SQL access would have to: as the superuser the tests
run as, with the append-only trigger off, resealing the chain from the latest
checkpoint so that ``audit_verify`` still passes.
"""

import datetime as dt

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
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            # ALTER TABLE waits for no deferred foreign-key checks of this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE core_actionlog DISABLE TRIGGER core_actionlog_append_only"
            )
        cursor.executemany(
            "UPDATE core_actionlog SET created_at = %s, prev_hash = %s, "
            "chain_hash = %s WHERE id = %s",
            updates,
        )
        if postgres:
            cursor.execute(
                "ALTER TABLE core_actionlog ENABLE TRIGGER core_actionlog_append_only"
            )
