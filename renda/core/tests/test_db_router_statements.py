"""Which statements on the primary count as a write (renda/core/db_router.py)."""

import pytest

from renda.core.db_router import _is_write


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT "a"."id" FROM "a"',
        "  select 1",
        '(SELECT "a"."id" FROM "a") UNION (SELECT "b"."id" FROM "b")',
        "SAVEPOINT s1",
        "RELEASE SAVEPOINT s1",
        "ROLLBACK TO SAVEPOINT s1",
        "BEGIN IMMEDIATE",
        "SET TIME ZONE 'UTC'",
        "SHOW server_version",
        "EXPLAIN SELECT 1",
        "PRAGMA foreign_keys",
    ],
)
def test_reads_are_not_writes(sql):
    assert not _is_write(sql)


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO "a" ("x") VALUES (1)',
        'UPDATE "a" SET "x" = 1',
        'DELETE FROM "a"',
        "WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved",
        "COPY a FROM STDIN",
        "TRUNCATE a",
        "LOCK TABLE a",
        b"INSERT INTO a VALUES (1)",
    ],
)
def test_anything_else_is_a_write(sql):
    assert _is_write(sql)
