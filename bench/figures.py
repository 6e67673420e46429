"""双联, supervision and duty figures at scale: the demo city, then its tables grown 10x, 100x...

Usage (PostgreSQL at 127.0.0.1:5432, user postgres; the script creates and drops
its own databases, named bench_figures_*):

    .venv/bin/python bench/figures.py                    # demo, x10, x100
    .venv/bin/python bench/figures.py --factor 10        # demo and x10 only
    .venv/bin/python bench/figures.py --factor 100 --factor 1000
    .venv/bin/python bench/figures.py --template bench_figures_demo   # reuse a built demo
    .venv/bin/python bench/figures.py --keep             # keep the grown database
    .venv/bin/python bench/figures.py --explain          # EXPLAIN ANALYZE the slowest queries

(a) The demo city (``demo_load``: 辽源市, its 37 congresses, 269 municipal deputies)
is built in a fresh database (or copied from ``--template``, a database that holds
it). The figures of 2020 of the municipal congress, with the staff log-in, are
timed through Django's test client in-process (one warm-up, then ``--requests``
each, default 60), beside ``/healthz`` measured in the same run:

- 双联: ``/api/v1/liaison/rules/stats``, ``/api/v1/liaison/rules`` (H2) and the
  pages ``/liaison/stats/`` and ``/liaison/rules/``;
- supervision: ``/supervision/stats/`` and ``/api/v1/supervision/stats``;
- duty: the board ``/duty/board/`` and ``/api/v1/duty/scores`` (YEAR).

(b) Growth. The tables these figures read are copied in SQL (INSERT ... SELECT),
copy c = 1 .. factor-1, half of the copies each way:

1. *other years of the same congress* (odd c): every date and datetime shifted
   back by c' x SPAN whole years and every integer ``year`` column decreased by
   c' x SPAN (c' = 1, 2, ... the copy's rank in this kind; SPAN = the number of
   years the demo's rows cover, so that no copy lands in a year that holds
   originals; past x250, where that would go back beyond the year 1000, the
   further copies go forward instead); foreign keys into other copied tables
   follow their parent's copy, the others (congress, station, deputy, group,
   unit ...) stay;
2. *the same year in other congresses* (even c): every foreign key column is
   offset by c x OFFSET, so that the copy belongs to congresses, stations,
   deputies, groups and units that do not exist: nobody the staff can see.

Each copy gets new primary keys (id + c x OFFSET, OFFSET above every id of the
database) and foreign keys into copied tables the same offset; the sequences are
set after. The copies run with ``SET LOCAL session_replication_role = replica``,
which turns PostgreSQL's foreign-key triggers off for that transaction: the parents of
kind 2 are not cloned. For reads this is equivalent to cloning them: every query
of these figures filters on the parent's id (or joins the parent and filters on
its columns, which drops a dangling row exactly as it drops a row of another
region), so the planner sees, and has to skip, as many rows of other parents as
if those parents existed. A unique constraint whose columns the copy does not
change gets one column changed: an integer column (the meeting's number) is
raised (up to x500; beyond, its parent is offset), else the deputy (or the last
foreign key) is offset; unique text columns (the request's receipt number) get a
suffix. Contact pairs (DeputyContact) are
not copied in kind 1: the same pair logs in every year.

The bench's own check: the JSON of the statistics (双联 stats, supervision stats,
duty scores) of 2020 must be the same before and after growth. The rules report
is compared too; it may legitimately change (it lists *any* older request still
overdue), and the differences are printed.

Goals (issue 13 §3): p95 ≤ 50 ms, and the grown database's p95 < 1.5x the demo's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import percentile, time_get  # bench/timing.py (run as scripts)

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
YEAR = 2020
GOAL_MS = 50.0
GOAL_GROWTH = 1.5

# The tables the figures read (app_label.Model); their auto-created M2M tables follow.
GROWN = [
    "liaison.DeputyContact",
    "liaison.ContactLog",
    "liaison.GroupActivity",
    "liaison.MeetingObserver",
    "liaison.CoordinationMeeting",
    "receptions.ReceptionDay",
    "receptions.PublicRequest",
    "meetings.CommitteeMeeting",
    "supervision.SupervisionItem",
    "supervision.ResolutionRecord",
    "supervision.ReviewOpinion",
    "supervision.RectificationPoint",
    "supervision.NormativeDocument",
    "supervision.Filing",
    "duty.ScoreYear",
    "duty.DutyScore",
    "duty.DutyAlert",
    "duty.ScoreCorrection",
]
# Rows that are not per period: not copied into other years (kind 1).
NOT_PER_YEAR = {"liaison.DeputyContact"}
# The statistics whose JSON must not change with growth; the rules may.
CHECKED = ["liaison_stats_api", "supervision_stats_api", "duty_scores_api"]
COMPARED = ["liaison_rules_api"]


def _psql(sql: str, database: str = "postgres") -> None:
    subprocess.run(
        ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-c", sql],
        check=True,
        capture_output=True,
    )


def _endpoints(congress_id: int) -> list[tuple[str, str]]:
    q = f"congress={congress_id}&year={YEAR}"
    return [
        ("liaison_stats_api", f"/api/v1/liaison/rules/stats?{q}"),
        ("liaison_rules_api", f"/api/v1/liaison/rules?{q}&half=H2"),
        ("liaison_stats_page", f"/liaison/stats/?{q}"),
        ("liaison_rules_page", f"/liaison/rules/?{q}&half=H2"),
        ("supervision_stats_api", f"/api/v1/supervision/stats?{q}"),
        ("supervision_stats_page", f"/supervision/stats/?{q}"),
        ("duty_scores_api", f"/api/v1/duty/scores?{q}&period=YEAR"),
        ("duty_board_page", f"/duty/board/?{q}&period=YEAR"),
    ]


# Growth ----------------------------------------------------------------------------


class Table:
    """One table to copy: its columns and what each copy does to them."""

    def __init__(self, db_table, columns, label, unique_sets):
        self.db_table = db_table
        self.columns = columns  # [(column, kind, target_label, field)]
        self.label = label
        self.unique_sets = unique_sets  # [[column, ...]]


def _q(column: str) -> str:
    return f'"{column}"'


def _tables() -> list[Table]:
    from django.apps import apps
    from django.db import models

    tables = []
    for label in GROWN:
        model = apps.get_model(label)
        columns = []
        for f in model._meta.concrete_fields:
            if f.primary_key:
                kind = "pk"
            elif f.is_relation:
                kind = "fk"
            elif isinstance(f, models.DateTimeField):
                kind = "datetime"
            elif isinstance(f, models.DateField):
                kind = "date"
            elif f.column == "year" and isinstance(f, models.IntegerField):
                kind = "year"
            elif f.unique and isinstance(f, models.CharField):
                kind = "unique_text"
            else:
                kind = "plain"
            target = f.related_model._meta.label if f.is_relation else None
            columns.append((_q(f.column), kind, target, f))
        unique_sets = [
            [_q(model._meta.get_field(name).column) for name in names]
            for names in model._meta.unique_together
        ] + [
            [_q(model._meta.get_field(name).column) for name in c.fields]
            for c in model._meta.constraints
            if getattr(c, "fields", None)
        ]
        unique_sets += [
            [_q(f.column)]
            for f in model._meta.concrete_fields
            if f.unique and f.is_relation
        ]
        tables.append(Table(model._meta.db_table, columns, label, unique_sets))
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            if not through._meta.auto_created:
                continue
            columns = []
            for f in through._meta.concrete_fields:
                kind = "pk" if f.primary_key else "fk"
                target = f.related_model._meta.label if f.is_relation else None
                columns.append((_q(f.column), kind, target, f))
            tables.append(
                Table(through._meta.db_table, columns, through._meta.label, [])
            )
    return tables


def _year_span(cursor, tables: list[Table]) -> tuple[int, int]:
    """The first year and how many calendar years the rows to copy cover (dates,
    datetimes, years)."""
    low, high = 9999, 0
    for table in tables:
        for column, kind, _t, _f in table.columns:
            if kind not in ("date", "datetime", "year"):
                continue
            part = column if kind == "year" else f"extract(year from {column})::int"
            cursor.execute(f"SELECT min({part}), max({part}) FROM {table.db_table}")  # noqa: S608
            a, b = cursor.fetchone()
            if a is not None:
                low, high = min(low, a), max(high, b)
    return low, high - low + 1


def _copy_sql(table: Table, copy: int, offset: int, years: int, copied: set) -> str:
    """INSERT ... SELECT of one copy of the table's original rows."""
    shift = copy * offset
    by_year = years != 0
    changed = set()
    exprs = {}
    for column, kind, target, _f in table.columns:
        expr = column
        if kind == "pk":
            expr = f"{column} + {shift}"
            changed.add(column)
        elif kind == "fk":
            if target in copied or not by_year:
                expr = f"{column} + {shift}"
                changed.add(column)
        elif by_year and kind == "date":
            expr = f"({column} - make_interval(years => {years}))::date"
            changed.add(column)
        elif by_year and kind == "datetime":
            expr = f"{column} - make_interval(years => {years})"
            changed.add(column)
        elif by_year and kind == "year":
            expr = f"{column} - ({years})"
            changed.add(column)
        elif kind == "unique_text":
            length = _f.max_length - 6
            expr = f"left({column}, {length}) || '~{copy}'"
            changed.add(column)
        exprs[column] = expr
    kinds = {column: (kind, f) for column, kind, _t, f in table.columns}
    for columns in table.unique_sets:
        if changed & set(columns):
            continue
        # Nothing of the constraint changes: change one of its columns.
        from django.db import models

        number = [
            c
            for c in columns
            if kinds[c][0] == "plain" and isinstance(kinds[c][1], models.IntegerField)
        ]
        fks = [c for c in columns if kinds[c][0] == "fk"]
        deputy = [
            c for c in fks if kinds[c][1].related_model._meta.label == "deputies.Deputy"
        ]
        # Numbers (a meeting's) move up by 128 per copy while they fit a smallint
        # (the demo's go up to 110); beyond, the parent is offset instead.
        rank = (copy + 1) // 2
        if number and (rank + 1) * 128 < 32767:
            exprs[number[0]] = f"{number[0]} + {rank * 128}"
            changed.add(number[0])
        elif deputy or fks:
            column = (deputy or fks)[-1]
            exprs[column] = f"{column} + {shift}"
            changed.add(column)
        else:
            raise RuntimeError(f"cannot keep {table.db_table} {columns} unique")
    names = ", ".join(exprs)
    values = ", ".join(exprs.values())
    pk = next(c for c, kind, _t, _f in table.columns if kind == "pk")
    return (
        f"INSERT INTO {table.db_table} ({names}) SELECT {values} "  # noqa: S608
        f"FROM {table.db_table} WHERE {pk} < {offset}"
    )


def _shift(copy: int, first_year: int, span: int) -> int:
    """Years to shift copy ``copy`` back (negative: forward); 0 for kind 2."""
    if copy % 2 == 0:
        return 0
    rank = (copy + 1) // 2
    # Back while the copies stay after the year 1000; beyond (x250 and more),
    # forward past the originals.
    back = max(0, (first_year - 1000) // span)
    return rank * span if rank <= back else -(rank - back) * span


def grow(factor_from: int, factor_to: int, offset: int, calendar: tuple) -> dict:
    """Add copies factor_from .. factor_to-1 of every grown table; return row counts."""
    from django.db import connection, transaction

    tables = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for copy in range(factor_from, factor_to):
            by_year = copy % 2 == 1
            years = _shift(copy, *calendar)
            copied = {t.label for t in tables}
            if by_year:
                copied -= NOT_PER_YEAR
            for table in tables:
                if by_year and table.label in NOT_PER_YEAR:
                    continue
                cursor.execute(_copy_sql(table, copy, offset, years, copied))
        for table in tables:
            pk = next(c for c, kind, _t, _f in table.columns if kind == "pk")
            name = pk.strip('"')
            sequence = f"pg_get_serial_sequence('{table.db_table}', '{name}')"
            sql = f"SELECT setval({sequence}, (SELECT max({pk}) FROM {table.db_table}))"  # noqa: S608
            cursor.execute(sql)
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table.db_table}")  # noqa: S608
            counts[table.db_table] = cursor.fetchone()[0]
    return counts


def _offset() -> int:
    """A power of ten above every id in the database."""
    from django.apps import apps
    from django.db.models import Max

    top = 0
    for model in apps.get_models():
        if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField"):
            top = max(top, model.objects.aggregate(m=Max("pk"))["m"] or 0)
    return 10 ** len(str(top * 10))


# Timing ----------------------------------------------------------------------------


def _queries(client, url: str) -> tuple[int, list[tuple[float, str]]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    timed = sorted(
        ((float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries),
        reverse=True,
    )
    return len(captured.captured_queries), timed


def _answers(client, congress_id: int) -> dict:
    answers = {}
    for name, url in _endpoints(congress_id):
        if name in CHECKED + COMPARED:
            answer = client.get(url).json()
            # A page's cursors are signed with the time: not part of the figures.
            answer.pop("next", None)
            answer.pop("previous", None)
            answers[name] = answer
    return answers


def measure(label: str, client, congress_id: int, requests: int, explain: bool):
    from django.db import connection

    results = {}
    endpoints = _endpoints(congress_id)
    for _name, url in endpoints:
        time_get(client, url, 2)  # warm-up: caches, plans, templates
    baseline = time_get(client, "/healthz", requests)
    results["/healthz"] = (statistics.median(baseline), percentile(baseline, 0.95), 0)
    print(
        f"figures size={label} endpoint=/healthz "
        f"p50_ms={statistics.median(baseline):.1f} p95_ms={percentile(baseline, 0.95):.1f}",
        flush=True,
    )
    base_p95 = max(percentile(baseline, 0.95), 0.001)
    for name, url in endpoints:
        samples = time_get(client, url, requests)
        n_queries, timed = _queries(client, url)
        p50, p95 = statistics.median(samples), percentile(samples, 0.95)
        results[name] = (p50, p95, n_queries)
        print(
            f"figures size={label} endpoint={name} p50_ms={p50:.1f} p95_ms={p95:.1f} "
            f"p95_vs_healthz={p95 / base_p95:.1f}x queries={n_queries} "
            f"sql_ms={sum(t for t, _s in timed):.1f} "
            f"goal=p95<={GOAL_MS:.0f}ms:{'met' if p95 <= GOAL_MS else 'missed'}",
            flush=True,
        )
        if explain:
            for ms, sql in timed[:3]:
                print(f"  {ms:.1f} ms  {sql[:300]}")
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    for (line,) in cursor.fetchall():
                        print("    " + line)
    return results


# Orchestration ---------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--factor",
        type=int,
        action="append",
        help="grow to this many times the demo (repeatable; default 10 and 100)",
    )
    parser.add_argument("--template", help="a database holding the built demo city")
    parser.add_argument("--requests", type=int, default=60, help="requests each")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE")
    args = parser.parse_args()
    factors = sorted(args.factor or [10, 100])
    database = f"bench_figures_run{os.environ.get('BENCH_DB_SUFFIX', '')}"
    _psql(f"DROP DATABASE IF EXISTS {database}")
    if args.template:
        _psql(f"CREATE DATABASE {database} TEMPLATE {args.template}")
    else:
        _psql(f"CREATE DATABASE {database}")
    os.environ["DATABASE_URL"] = f"{PG}/{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        return run(factors, args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _psql(f"DROP DATABASE IF EXISTS {database}")


def run(factors: list[int], args) -> int:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from renda.accounts.models import User
    from renda.congresses.models import Congress
    from renda.deputies.models import Deputy

    call_command("migrate", verbosity=0)
    if not Deputy.objects.exists():
        started = time.monotonic()
        call_command("demo_load", verbosity=0)
        print(f"figures demo_built_s={time.monotonic() - started:.0f}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    congress = Congress.objects.get(name="辽源市人民代表大会")
    client = Client()
    client.force_login(User.objects.get(username="staff"))
    before = _answers(client, congress.pk)
    with connection.cursor() as cursor:
        first_year, span = _year_span(cursor, _tables())
    offset = _offset()
    print(
        f"figures offset={offset} first_year={first_year} year_span={span}", flush=True
    )
    results = {1: measure("x1", client, congress.pk, args.requests, args.explain)}
    ok = True
    done = 1
    for factor in factors:
        started = time.monotonic()
        counts = grow(done, factor, offset, (first_year, span))
        done = factor
        print(
            f"figures size=x{factor} grow_s={time.monotonic() - started:.0f} "
            f"rows={sum(counts.values())} "
            + " ".join(f"{t}={n}" for t, n in sorted(counts.items())),
            flush=True,
        )
        after = _answers(client, congress.pk)
        for name in CHECKED + COMPARED:
            same = after[name] == before[name]
            if name in CHECKED:
                ok &= same
            print(
                f"figures size=x{factor} check={name} "
                f"{'same' if same else 'CHANGED'}"
                + ("" if name in CHECKED else " (may change: older overdue requests)"),
                flush=True,
            )
            if not same:
                _diff(before[name], after[name])
        results[factor] = measure(
            f"x{factor}", client, congress.pk, args.requests, args.explain
        )
    for name, (_p50, p95, _n) in results[1].items():
        for factor in factors:
            if name == "/healthz":
                continue
            grown = results[factor][name][1]
            growth = grown / max(p95, 0.001)
            met = growth < GOAL_GROWTH and grown <= GOAL_MS
            ok &= met
            print(
                f"figures growth endpoint={name} x1->x{factor} p95_ms={p95:.1f}->"
                f"{grown:.1f} p95_growth={growth:.2f}x "
                f"healthz_p95={results[1]['/healthz'][1]:.1f}->"
                f"{results[factor]['/healthz'][1]:.1f} "
                f"goal=<{GOAL_GROWTH}x,<={GOAL_MS:.0f}ms:{'met' if met else 'missed'}",
                flush=True,
            )
    return 0 if ok else 1


def _diff(before, after, path="") -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            _diff(before.get(key), after.get(key), f"{path}.{key}")
    elif (
        isinstance(before, list)
        and isinstance(after, list)
        and len(before) == len(after)
    ):
        for i, (a, b) in enumerate(zip(before, after, strict=True)):
            _diff(a, b, f"{path}[{i}]")
    elif before != after:
        print(
            f"  {path}: {json.dumps(before, ensure_ascii=False)[:200]} -> "
            f"{json.dumps(after, ensure_ascii=False)[:200]}"
        )


if __name__ == "__main__":
    sys.exit(main())
