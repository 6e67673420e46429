"""Audit-chain append throughput on PostgreSQL: how much the chain lock serialises.

    DATABASE_URL=postgres://…/db DJANGO_SETTINGS_MODULE=config.settings.test \
        .venv/bin/python bench/audit_chain.py [threads] [appends-per-thread] [work-ms] [plain]

Each append is one transaction: the audit row, then ``work-ms`` of other work inside the
same transaction (the lock is held until commit, so this is the serialised part).
Prints appends/s. With ``plain`` the same transaction inserts an unchained row (negative
seq, no lock, no head read, no hash): the baseline in the same run. The database must be migrated; rows are left behind (use a scratch
database).
"""

import itertools
import os
import sys
import threading
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.db import connection, transaction  # noqa: E402

from renda.core.services import action_log_record  # noqa: E402

PLAIN = itertools.count(-1, -1)
PLAIN_LOCK = threading.Lock()


def plain_insert():
    with PLAIN_LOCK:
        seq = next(PLAIN)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_actionlog (seq, prev_hash, chain_hash, created_at, "
            "actor_name, action, object_type, object_id, summary, data, user_agent) "
            "VALUES (%s, '', '', clock_timestamp(), '', 'bench.plain', '', '', 'bench', "
            "'{}', '')",
            [seq - int(time.time() * 1000) * 1000],
        )


def main(threads=4, per_thread=200, work_ms=0.0, plain=False):
    barrier = threading.Barrier(threads + 1)

    def writer():
        barrier.wait()
        for _ in range(per_thread):
            with transaction.atomic():
                if plain:
                    plain_insert()
                else:
                    action_log_record(
                        actor=None, action="bench.append", summary="bench"
                    )
                if work_ms:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_sleep(%s)", [work_ms / 1000])
        connection.close()

    workers = [threading.Thread(target=writer) for _ in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    total = threads * per_thread
    print(
        f"{'plain' if plain else 'chained'} threads={threads} appends={total} "
        f"work_ms={work_ms}: "
        f"{total / elapsed:.0f} appends/s ({elapsed * 1000 / total:.2f} ms each)"
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        int(args[0]) if args else 4,
        int(args[1]) if len(args) > 1 else 200,
        float(args[2]) if len(args) > 2 else 0.0,
        len(args) > 3 and args[3] == "plain",
    )
