"""The lock order every transaction keeps: row locks first, the audit chain's last.

Every service records its audit row (renda.core.audit_chain) at the end of its
transaction; appending takes a transaction-level advisory lock that serialises
all writers. A transaction that locked a row after taking it could deadlock with
one that holds that row and waits for the chain (docs/decisions/0017), which is
why hooks that lock their own rows run before the audit row (meetings' vote
close, suggestions' submission). This module makes the rule a check instead of
a comment: on PostgreSQL, while the suite runs, a statement that locks rows in
the transaction that already took the chain lock fails the test.

"The transaction" is what it would be in production: the outermost atomic
block that is not the test's own (pytest-django wraps each test in one, so a
lock taken by an earlier service call of the same test is still held but
belongs, in production, to a transaction long committed). Inside a test's
transaction a service's block is a savepoint with a name of its own; a real
outermost transaction is confirmed with pg_locks, since its lock ends at commit.

A lock of rows the transaction already holds waits for nobody, so it passes:
rows it created (``post_save``) and rows it locked by primary key earlier
(``… WHERE "t"."id" = %s`` or ``IN (…)``: ``lock(Model, pk)``,
``filter(pk__in=…)``). A service that must lock several rows around its audit
rows therefore locks them all, by key, before the first one (decision 0017).
"""

from __future__ import annotations

import re

from renda.core.audit_chain import LOCK_KEY

ROW_LOCK = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|SHARE)\b", re.I)
HIGH, LOW = (LOCK_KEY >> 32) & 0xFFFFFFFF, LOCK_KEY & 0xFFFFFFFF
HOLDS_CHAIN = (
    "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND pid = pg_backend_pid() AND classid = %s AND objid = %s AND objsubid = 1"
)
OUTSIDE = "outside a service's transaction"
TOP = "a real outermost transaction"
MARK = "_renda_chain_locked_in"
HELD = "_renda_rows_held"
BY_KEY = re.compile(
    r'\bFROM\s+"(\w+)"(?:[^%]*?)\bWHERE\s+"\1"\."id"\s*'
    r"(=\s*%s|IN\s*\(\s*%s(?:\s*,\s*%s)*\s*\))\s*(?:ORDER\s+BY|LIMIT|FOR)\b",
    re.I | re.S,
)
# Tables whose rows are, by design, locked after the audit row. Suggestions'
# summary rows are refreshed at the end of every transition, after its audit
# row, by every writer (stats_rows.refresh): all take the chain lock first and
# then these rows, one order, so no two can deadlock; stats_rebuild locks the
# tables and writes no audit row (decision 0017, "Lock order").
AFTER_THE_CHAIN = ("suggestions_suggestionstatsitem",)
LOCKED_TABLE = re.compile(r'\bFROM\s+"(\w+)"', re.I)


class RowLockAfterChainLock(AssertionError):
    pass


def transaction_mark(connection) -> str:
    """Name the production transaction the connection is in now."""
    for index, block in enumerate(connection.atomic_blocks):
        if not getattr(block, "_from_testcase", False):
            if index == 0:
                return TOP
            # Only nested blocks push a savepoint id (None when they made none).
            return connection.savepoint_ids[index - 1] or f"block {id(block)}"
    return OUTSIDE


def _after_the_chain(sql: str) -> bool:
    """Whether the statement locks rows of a table exempt by design (the table
    it selects from, not one named elsewhere in it)."""
    found = LOCKED_TABLE.search(sql)
    return found is not None and found.group(1) in AFTER_THE_CHAIN


def _rows_by_key(sql, params, many) -> tuple[str, set] | None:
    """The table and ids a statement locks, when it locks rows by key only."""
    found = BY_KEY.search(sql)
    if not found or many or not params or "%s" in sql[: found.start()]:
        return None
    count = found.group(2).count("%s")
    return found.group(1), {str(value) for value in list(params)[:count]}


def _held(connection, mark: str) -> set:
    """The rows the production transaction ``mark`` created or locked by key.
    A real outermost transaction is told apart from the next by its xid."""
    if mark == TOP:
        with connection.cursor() as cursor:
            cursor.execute("SELECT txid_current()")
            mark = f"{TOP} {cursor.fetchone()[0]}"
    return getattr(connection, HELD).setdefault(mark, set())


def start(connection) -> None:
    """Begin a test: no rows held yet (savepoint names repeat across tests)."""
    setattr(connection, HELD, {})
    setattr(connection, MARK, None)


def record_created(sender, instance, created, using, **kwargs) -> None:
    """A ``post_save`` receiver: a row created by the transaction is its own."""
    from django.db import connections

    connection = connections[using]
    if not created or connection.vendor != "postgresql":
        return
    mark = transaction_mark(connection)
    if mark != OUTSIDE and getattr(connection, HELD, None) is not None:
        _held(connection, mark).add((sender._meta.db_table, str(instance.pk)))


def check_lock_order(execute, sql, params, many, context):
    """An execute_wrapper: refuse a row lock taken after the chain lock."""
    connection = context["connection"]
    if not isinstance(sql, str):
        return execute(sql, params, many, context)
    if "pg_advisory_xact_lock" in sql and params and params[0] == LOCK_KEY:
        result = execute(sql, params, many, context)
        setattr(connection, MARK, transaction_mark(connection))
        return result
    if ROW_LOCK.search(sql) and not _after_the_chain(sql):
        mark = transaction_mark(connection)
        keyed = _rows_by_key(sql, params, many) if mark != OUTSIDE else None
        if keyed and getattr(connection, HELD, None) is not None:
            table, ids = keyed
            rows_held = _held(connection, mark)
            if {(table, pk) for pk in ids} <= rows_held:
                return execute(sql, params, many, context)
            rows_held.update((table, pk) for pk in ids)
        if mark != OUTSIDE and mark == getattr(connection, MARK, None):
            chain_held = True
            if mark == TOP:
                cursor = context["cursor"]
                cursor.execute(HOLDS_CHAIN, [HIGH, LOW])
                chain_held = cursor.fetchone() is not None
            if chain_held:
                raise RowLockAfterChainLock(
                    "A row is locked after the audit chain's lock in the same "
                    "transaction (docs/decisions/0017): lock rows (and run hooks "
                    f"that lock rows) before recording the audit row.\n{sql[:300]}"
                )
    return execute(sql, params, many, context)
