"""Suggestions at scale: a bulk generator and the latency of the lists, detail and stats.

Usage (PostgreSQL at 127.0.0.1:5432, user postgres; each N runs in a fresh
database the script creates and drops):

    .venv/bin/python bench/suggestions.py                  # N = 10,000 and 1,000,000
    .venv/bin/python bench/suggestions.py --n 10000        # one size
    .venv/bin/python bench/suggestions.py --sqlite --n 10000

(a) Generation: N suggestions with assignments, replies, feedback, cosigners and
timeline events, written with COPY (PostgreSQL) or bulk_create (SQLite). The
distributions: 10 years (2016-2025), 60% FORMAL / 25% VOICE / 15% HOTLINE, 40%
of FORMAL in the session, ~90% of items older than two years closed, one lead
unit each and a joint unit on 30% of formal items, 40 units, one deputy per
~40 items. One congress (the measured one, whose staff and deputy log in)
holds 10% of the items; the rest spread over 99 other congresses.

(b) Timing, in-process through Django's test client, ~100 requests each, beside
/healthz in the same run: the deputy's list (API ``mine=true``), the staff's
filtered list (API with congress/year/channel), the detail (API, random items)
and the stats endpoint (API), with the model's indexes (migrations) only.
Goals at 1M on PostgreSQL: p95 < 50 ms; 10k → 1M costs < 1.5x.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from timing import percentile, time_get  # bench/timing.py (run as scripts)

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
REQUESTS = 100
YEARS = list(range(2016, 2026))
UNITS = 40
CONGRESSES = 100
MEASURED_SHARE = 0.10
TODAY = dt.date(2026, 3, 18)
# Set once the data are generated and the summary rows rebuilt (run_one keeps
# such a database when the measurement fails).
_READY = {"data": False}

# Orchestration ------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="number of items")
    parser.add_argument("--sqlite", action="store_true", help="use SQLite")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="generate and keep the database, do not measure (PostgreSQL)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure a database kept by --keep/--generate-only (migrated first)",
    )
    args = parser.parse_args()
    if args.one:
        return run_one(
            args.one,
            sqlite=args.sqlite,
            keep=args.keep or args.generate_only,
            generate_only=args.generate_only,
            reuse=args.reuse,
        )
    sizes = args.n or [10_000, 1_000_000]
    results = {}
    for n in sizes:
        command = [sys.executable, __file__, "--one", str(n)]
        if args.sqlite:
            command.append("--sqlite")
        for flag in ("keep", "generate_only", "reuse"):
            if getattr(args, flag):
                command.append("--" + flag.replace("_", "-"))
        out = subprocess.run(
            command, cwd=ROOT, check=False, capture_output=True, text=True
        )
        sys.stdout.write(out.stdout)
        sys.stderr.write(
            "".join(
                line
                for line in out.stderr.splitlines(keepends=True)
                if "staticfiles" not in line and "mw_instance" not in line
            )
        )
        if out.returncode not in (0, 1):
            print(f"suggestions n={n} failed (exit {out.returncode})")
            return 2
        for line in out.stdout.splitlines():
            if line.startswith("suggestions ") and "p95_ms=" in line:
                fields = dict(part.split("=", 1) for part in line.split()[1:])
                key = (fields["endpoint"], fields["indexes"])
                results.setdefault(key, {})[n] = float(fields["p95_ms"])
    ok = True
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        for (endpoint, indexes), by_n in sorted(results.items()):
            if small in by_n and large in by_n and endpoint != "/healthz":
                growth = by_n[large] / max(by_n[small], 0.001)
                met = growth < 1.5
                ok &= met
                print(
                    f"suggestions growth endpoint={endpoint} indexes={indexes} "
                    f"n={small}->{large} p95_growth={growth:.2f}x goal=<1.5x:"
                    f"{'met' if met else 'missed'}"
                )
    return 0 if ok else 1


def run_one(
    n: int,
    *,
    sqlite: bool,
    keep: bool,
    generate_only: bool = False,
    reuse: bool = False,
) -> int:
    # BENCH_DB_SUFFIX keeps runs of several worktrees on one server apart.
    database = f"renda_bench_suggestions_{n}{os.environ.get('BENCH_DB_SUFFIX', '')}"
    if sqlite:
        tmp = Path(tempfile.mkdtemp(prefix="renda-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        if reuse:
            keep = True
        else:
            _psql(f"DROP DATABASE IF EXISTS {database}")
            _psql(f"CREATE DATABASE {database}")
        os.environ["DATABASE_URL"] = f"{PG}/{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # Import every view now: a run at 10M lasts hours, and a module first imported
    # at measurement time would come from files changed meanwhile (one such run
    # lost its measurement to an ImportError after 2 h of generation).
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and its views
    done = False
    try:
        result = _measure(n, sqlite=sqlite, generate_only=generate_only, reuse=reuse)
        done = True
        return result
    finally:
        from django.db import connections

        connections.close_all()
        if not sqlite and not keep:
            if not done and _READY["data"]:
                # The data cost minutes to hours: measure it again with --reuse.
                print(
                    f"suggestions n={n} measurement failed; the database {database} "
                    f"is kept: bench/suggestions.py --n {n} --reuse (same "
                    "BENCH_DB_SUFFIX), then DROP DATABASE it",
                    flush=True,
                )
            else:
                _psql(f"DROP DATABASE IF EXISTS {database}")


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql],
        check=True,
        capture_output=True,
    )


# Generation -----------------------------------------------------------------------

TITLES = [
    "关于缓解{p}门前交通拥堵的建议",
    "关于规范{p}公交车站点停靠的建议",
    "关于加强{p}绿化管护的建议",
    "关于消除{p}路口交通安全隐患的建议",
    '关于清理{p}"僵尸车"的建议',
    "关于加快{p}老旧小区改造的建议",
    "关于解决{p}冬季供热温度不达标问题的建议",
    "关于保障{p}农村饮水安全的建议",
    "关于扶持{p}梅花鹿产业发展的建议",
    "关于维修{p}路灯的建议",
]
PLACES = ["人民大街", "向阳路", "东吉大路", "仙城大路", "和平社区", "寿山镇",
          "第五中学", "电脑城", "职教园区", "东丰县大阳镇"]  # fmt: skip
BODY = (
    "经走访调研和群众反映，该处问题长期得不到解决，群众意见较大。"
    "为此建议：一是明确责任单位；二是加大投入；三是建立长效机制。"
)
REPLY = "经研究，我单位已采取措施，所提问题已解决。感谢您对我们工作的关心和支持。"


class Ids:
    def __init__(self, start: dict[str, int] | None = None):
        self.next = dict(start or {})

    def __call__(self, table: str) -> int:
        value = self.next.get(table, 0) + 1
        self.next[table] = value
        return value


def _base(n: int):
    """Regions, congresses, terms, units, deputies, mandates and the three log-ins."""
    from renda.accounts.choices import Role
    from renda.accounts.models import RoleAssignment, User
    from renda.congresses.choices import Level
    from renda.congresses.models import Congress, Term
    from renda.deputies.models import Deputy, Mandate
    from renda.regions.choices import RegionKind
    from renda.regions.models import Region
    from renda.units.models import HandlingUnit

    province = Region.objects.create(
        code="220000", name="吉林省", kind=RegionKind.PROVINCE
    )
    regions, congresses, terms = [], [], []
    for i in range(CONGRESSES):
        region = Region.objects.create(
            code=f"22{i // 10 + 1:02d}{i % 10:02d}"[:6].ljust(6, "0"),
            name=f"第{i + 1}市",
            kind=RegionKind.CITY,
            parent=province,
        )
        congress = Congress.objects.create(
            name=f"第{i + 1}市人民代表大会", level=Level.MUNICIPAL, region=region
        )
        term = Term.objects.create(
            congress=congress, number=8, start_date=dt.date(2016, 1, 1)
        )
        regions.append(region)
        congresses.append(congress)
        terms.append(term)
    units = HandlingUnit.objects.bulk_create(
        HandlingUnit(
            name=f"第1市第{i + 1}局",
            short_name=f"{i + 1}局",
            kind="DEPARTMENT",
            level="MUNICIPAL",
            region=regions[0],
        )
        for i in range(UNITS)
    )
    deputy_count = max(200, n // 40)
    deputies = Deputy.objects.bulk_create(
        Deputy(name=f"代表{i:06d}", gender="M" if i % 3 else "F")
        for i in range(deputy_count)
    )
    # Deputy i sits in congress i % CONGRESSES... except the first tenth, which
    # sit in the measured congress (it holds a tenth of the items).
    measured_deputies = max(20, deputy_count // 10)
    homes = [
        0 if i < measured_deputies else 1 + i % (CONGRESSES - 1)
        for i in range(deputy_count)
    ]
    Mandate.objects.bulk_create(
        Mandate(deputy=d, term=terms[homes[i]], start_date=dt.date(2016, 1, 1))
        for i, d in enumerate(deputies)
    )
    staff = User.objects.create_user("bench_staff", password="x")
    RoleAssignment.objects.create(
        user=staff, role=Role.COMMITTEE_STAFF, congress=congresses[0]
    )
    deputy_user = User.objects.create_user("bench_deputy", password="x")
    RoleAssignment.objects.create(
        user=deputy_user, role=Role.DEPUTY, deputy=deputies[0]
    )
    deputies[0].user = deputy_user
    deputies[0].save(update_fields=["user"])
    unit_user = User.objects.create_user("bench_unit", password="x")
    RoleAssignment.objects.create(
        user=unit_user, role=Role.UNIT_STAFF, handling_unit=units[0]
    )
    return {
        "congresses": congresses,
        "terms": terms,
        "regions": regions,
        "units": units,
        "deputies": deputies,
        "homes": homes,
        "staff": staff,
        "deputy": deputy_user,
        "unit": unit_user,
    }


STATUSES_OLD = [("CLOSED", 88), ("REJECTED", 4), ("REPLIED", 1), ("ASSIGNED", 3),
                ("REOPENED", 1), ("ACCEPTED", 1), ("SUBMITTED", 1), ("DRAFT", 1)]  # fmt: skip
STATUSES_NEW = [("CLOSED", 45), ("REJECTED", 4), ("REPLIED", 10), ("ASSIGNED", 25),
                ("REOPENED", 3), ("ACCEPTED", 4), ("SUBMITTED", 5),
                ("RETURNED_FOR_CLARIFICATION", 2), ("DRAFT", 2)]  # fmt: skip


def _rows(
    n: int,
    base,
    rng: random.Random,
    *,
    events: bool = True,
    start_ids: dict[str, int] | None = None,
):
    """Yield (table, row tuple) for every generated row, suggestions first.

    ``events=False`` leaves out the timeline events (PostgreSQL derives them
    from the written rows, ``EVENTS_SQL``); ``start_ids`` are the largest ids
    already in each table (the load test adds to the demo city).
    """
    tz = dt.UTC
    deputies = base["deputies"]
    homes = base["homes"]
    by_congress: dict[int, list[int]] = {}
    for index, home in enumerate(homes):
        by_congress.setdefault(home, []).append(deputies[index].pk)
    congress_ids = [c.pk for c in base["congresses"]]
    term_ids = [t.pk for t in base["terms"]]
    region_ids = [r.pk for r in base["regions"]]
    unit_ids = [u.pk for u in base["units"]]
    staff_id = base["staff"].pk
    ids = Ids(start_ids)
    old_statuses, old_weights = zip(*STATUSES_OLD, strict=True)
    new_statuses, new_weights = zip(*STATUSES_NEW, strict=True)
    measured = int(n * MEASURED_SHARE)
    others = max(1, len(congress_ids) - 1)
    for i in range(n):
        c = 0 if i < measured or len(congress_ids) == 1 else 1 + i % others
        year = YEARS[i % len(YEARS)]
        submitted = dt.datetime(year, 1, 1, 8, tzinfo=tz) + dt.timedelta(
            minutes=rng.randrange(0, 364 * 24 * 60)
        )
        roll = rng.random()
        channel = "FORMAL" if roll < 0.6 else "VOICE" if roll < 0.85 else "HOTLINE"
        period = "SESSION" if channel == "FORMAL" and rng.random() < 0.4 else "RECESS"
        if year <= 2023:
            status = rng.choices(old_statuses, old_weights)[0]
        else:
            status = rng.choices(new_statuses, new_weights)[0]
        pool = by_congress[c]
        lead = pool[0] if c == 0 and i % 400 == 0 else rng.choice(pool)
        sid = ids("suggestion")
        draft = status == "DRAFT"
        accepted = status not in (
            "DRAFT",
            "SUBMITTED",
            "RETURNED_FOR_CLARIFICATION",
            "REJECTED",
        )
        accepted_at = submitted + dt.timedelta(days=rng.randrange(3, 15))
        assigned_at = accepted_at + dt.timedelta(days=rng.randrange(1, 6))
        days = 90 if channel == "FORMAL" else 15 if channel == "VOICE" else 7
        due = (assigned_at + dt.timedelta(days=days)).date()
        if status in ("ASSIGNED", "REOPENED") and year >= 2025 and rng.random() < 0.5:
            due = TODAY + dt.timedelta(days=rng.randrange(-10, 60))
        replied = status in ("REPLIED", "REOPENED", "CLOSED")
        replied_at = assigned_at + dt.timedelta(days=rng.randrange(2, days + 10))
        closed_at = replied_at + dt.timedelta(days=rng.randrange(3, 30))
        title = rng.choice(TITLES).format(p=rng.choice(PLACES))
        yield (
            "suggestion",
            (
                sid,
                submitted,
                submitted,
                congress_ids[c],
                term_ids[c],
                period,
                channel,
                title,
                BODY,
                rng.choice(CATEGORIES),
                region_ids[c],
                lead,
                status,
                staff_id if period == "SESSION" else None,
                None if draft else submitted,
                accepted_at if accepted else None,
                "",
                "不属于代表建议范围，转来信处理。" if status == "REJECTED" else "",
                replied_at if replied else None,
                closed_at if status == "CLOSED" else None,
                ("RATED" if rng.random() < 0.8 else "RATING_WINDOW_PASSED")
                if status == "CLOSED"
                else "",
                False,
                None,
                "",
                None,
                None,
                None,
                None,
                None,
            ),
        )
        if rng.random() < 0.2:
            for deputy_id in {rng.choice(pool) for _ in range(rng.randrange(1, 3))}:
                if deputy_id != lead:
                    yield ("cosigner", (ids("cosigner"), sid, deputy_id))
        timeline = [("CREATED", submitted - dt.timedelta(hours=2), None)]
        if not draft:
            timeline.append(("SUBMITTED", submitted, None))
        if status == "REJECTED":
            timeline.append(("REJECTED", accepted_at, None))
        if status == "RETURNED_FOR_CLARIFICATION":
            timeline.append(("RETURNED_FOR_CLARIFICATION", accepted_at, None))
        if accepted:
            timeline.append(("ACCEPTED", accepted_at, None))
        if accepted and status != "ACCEPTED":
            lead_unit = rng.choice(unit_ids)
            units = [(lead_unit, "LEAD")]
            if channel == "FORMAL" and rng.random() < 0.3:
                joint = rng.choice(unit_ids)
                if joint != lead_unit:
                    units.append((joint, "JOINT"))
            for unit_id, role in units:
                aid = ids("assignment")
                a_status = (
                    "REHANDLING"
                    if status == "REOPENED" and role == "LEAD"
                    else "REPLIED"
                    if replied
                    else "ASSIGNED"
                )
                yield (
                    "assignment",
                    (
                        aid,
                        assigned_at,
                        assigned_at,
                        sid,
                        unit_id,
                        role,
                        a_status,
                        assigned_at,
                        staff_id,
                        due,
                        False,
                        None,
                        "",
                        None,
                        "",
                        None,
                        None,
                    ),
                )
                timeline.append(("ASSIGNED", assigned_at, aid))
                if replied:
                    rid = ids("reply")
                    outcome = "" if role == "JOINT" else rng.choice("AAAABBC")
                    yield (
                        "reply",
                        (
                            rid,
                            replied_at,
                            replied_at,
                            aid,
                            REPLY,
                            outcome,
                            "王志刚",
                            rng.random() < 0.7,
                            replied_at,
                            due,
                            None,
                        ),
                    )
                    timeline.append(("REPLIED", replied_at, aid))
                    rated = role == "LEAD" and (
                        status == "REOPENED"
                        or (status == "CLOSED" and rng.random() < 0.8)
                    )
                    if rated:
                        rating = (
                            "UNSATISFIED"
                            if status == "REOPENED"
                            else rng.choice(
                                ["SATISFIED", "SATISFIED", "BASICALLY_SATISFIED"]
                            )
                        )
                        yield (
                            "feedback",
                            (
                                ids("feedback"),
                                closed_at,
                                closed_at,
                                rid,
                                rating,
                                "答复没有解决实际问题。"
                                if rating == "UNSATISFIED"
                                else "",
                                lead,
                                closed_at,
                                None,
                            ),
                        )
                        timeline.append(("RATED", closed_at, aid))
            if replied:
                timeline.append(("ALL_REPLIED", replied_at, None))
            if status == "CLOSED":
                timeline.append(("CLOSED", closed_at, None))
            if status == "REOPENED":
                timeline.append(("REOPENED", closed_at, None))
        if not events:
            continue
        for kind, at, aid in timeline:
            yield ("event", (ids("event"), sid, kind, None, at, "{}", aid))


CATEGORIES = [
    "URBAN_RURAL_CONSTRUCTION",
    "TRANSPORT",
    "EDUCATION",
    "HEALTH",
    "SOCIAL_SECURITY",
    "ENVIRONMENT",
    "AGRICULTURE",
    "ECONOMY",
    "LAW",
    "OTHER",
]


def _tables():
    from renda.suggestions.models import (
        Assignment,
        Feedback,
        Reply,
        Suggestion,
        SuggestionEvent,
    )

    through = Suggestion.cosigners.through
    spec = {
        "suggestion": (
            Suggestion,
            "id created_at updated_at congress term period channel title body "
            "category region lead_deputy status created_by submitted_at accepted_at "
            "clarification_note reject_reason replied_at closed_at close_reason "
            "is_key oversight key_source chairpersons_decision merged_into prepared_by "
            "prepared_at_station hotline_consent_at",
        ),
        "cosigner": (through, "id suggestion deputy"),
        "assignment": (
            Assignment,
            "id created_at updated_at suggestion handling_unit role status "
            "assigned_at assigned_by due_at due_provisional returned_at return_reason "
            "withdrawn_at withdraw_reason dispatched_at via",
        ),
        "reply": (
            Reply,
            "id created_at updated_at assignment text outcome signed_by "
            "met_deputy_first replied_at due_at created_by",
        ),
        "feedback": (
            Feedback,
            "id created_at updated_at reply rating reason deputy rated_at created_by",
        ),
        "event": (SuggestionEvent, "id suggestion kind actor at data assignment"),
    }
    tables = {}
    for key, (model, names) in spec.items():
        fields = [model._meta.get_field(name) for name in names.split()]
        columns = {f.column for f in model._meta.concrete_fields}
        if {f.column for f in fields} != columns:
            raise RuntimeError(
                f"bench columns of {key} differ from the model: {columns}"
            )
        tables[key] = (model, fields)
    return tables


BATCH_SUGGESTIONS = 10_000  # ≈ 110k rows of all tables per batch and commit
# Batches written at once, a connection (and a server backend) each.
STREAMS = int(os.environ.get("BENCH_STREAMS", max(2, os.cpu_count() or 2)))

# The timeline events of a batch's suggestions (ids %(lo)s..%(hi)s), derived on
# the server from the rows just written: the same events the Python generator
# yields for SQLite, without sending ≈ 7 rows per item through Python and COPY.
EVENTS_SQL = """
INSERT INTO suggestions_suggestionevent
    (suggestion_id, kind, actor_id, at, data, assignment_id)
SELECT id, 'CREATED', NULL::bigint, created_at - interval '2 hours', '{}'::jsonb,
       NULL::bigint
  FROM suggestions_suggestion WHERE id BETWEEN %(lo)s AND %(hi)s
UNION ALL
SELECT id, 'SUBMITTED', NULL, submitted_at, '{}', NULL FROM suggestions_suggestion
 WHERE id BETWEEN %(lo)s AND %(hi)s AND submitted_at IS NOT NULL
UNION ALL
SELECT id, status, NULL, submitted_at + interval '5 days', '{}', NULL
  FROM suggestions_suggestion
 WHERE id BETWEEN %(lo)s AND %(hi)s
   AND status IN ('REJECTED', 'RETURNED_FOR_CLARIFICATION')
UNION ALL
SELECT id, 'ACCEPTED', NULL, accepted_at, '{}', NULL FROM suggestions_suggestion
 WHERE id BETWEEN %(lo)s AND %(hi)s AND accepted_at IS NOT NULL
UNION ALL
SELECT suggestion_id, 'ASSIGNED', NULL, assigned_at, '{}', id
  FROM suggestions_assignment WHERE suggestion_id BETWEEN %(lo)s AND %(hi)s
UNION ALL
SELECT a.suggestion_id, 'REPLIED', NULL, r.replied_at, '{}', a.id
  FROM suggestions_reply r JOIN suggestions_assignment a ON a.id = r.assignment_id
 WHERE a.suggestion_id BETWEEN %(lo)s AND %(hi)s
UNION ALL
SELECT a.suggestion_id, 'RATED', NULL, f.rated_at, '{}', a.id
  FROM suggestions_feedback f JOIN suggestions_reply r ON r.id = f.reply_id
  JOIN suggestions_assignment a ON a.id = r.assignment_id
 WHERE a.suggestion_id BETWEEN %(lo)s AND %(hi)s
UNION ALL
SELECT id, 'ALL_REPLIED', NULL, replied_at, '{}', NULL FROM suggestions_suggestion
 WHERE id BETWEEN %(lo)s AND %(hi)s AND replied_at IS NOT NULL
UNION ALL
SELECT id, 'CLOSED', NULL, closed_at, '{}', NULL FROM suggestions_suggestion
 WHERE id BETWEEN %(lo)s AND %(hi)s AND status = 'CLOSED'
UNION ALL
SELECT id, 'REOPENED', NULL, replied_at + interval '10 days', '{}', NULL
  FROM suggestions_suggestion
 WHERE id BETWEEN %(lo)s AND %(hi)s AND status = 'REOPENED'
"""


def _foreign_keys(tables) -> list[tuple[str, str, str, str]]:
    """(table, batch column, fk column, parent table) of every generated table."""
    checks = []
    for key, (model, _fields) in tables.items():
        by = "suggestion_id" if key in ("event", "cosigner") else "id"
        for field in model._meta.concrete_fields:
            if field.is_relation:
                checks.append(
                    (
                        model._meta.db_table,
                        by if key != "suggestion" else "id",
                        field.column,
                        field.related_model._meta.db_table,
                    )
                )
    return checks


def generate(
    n: int,
    base,
    *,
    sqlite: bool,
    batch: int = BATCH_SUGGESTIONS,
    seed: int = 2020,
    report: str = "suggestions",
    streams: int = STREAMS,
) -> dict[str, int]:
    """Write N suggestions with their rows; return the row counts per table.

    PostgreSQL: the rows go into the real tables with every index in place,
    in batches of ``batch`` suggestions: ``COPY ... FROM STDIN`` for the
    suggestions, cosigners, assignments, replies and feedback (parents before
    children), the timeline events by one ``INSERT ... SELECT`` derived from
    them, then the batch's checks and its own COMMIT. NOT NULL, CHECK and
    unique constraints are checked row by row during the COPY as always; the
    row-by-row foreign-key triggers are off for the session
    (``session_replication_role = replica``, a superuser's setting: they cost
    ≈ 40% of the time as 3-4M single-row look-ups at COMMIT) and every foreign
    key of the batch is checked instead by one anti-join per key; an orphan
    rolls the batch back and stops the run. Then ``ANALYZE``. Prints rows/s per
    table and overall.

    ``streams`` batches are written at once, each over its own connection (a
    thread per stream; the server does the work, one backend per stream, so
    the streams use every core) while this thread generates the next batch.
    Batches are independent: each one's rows reference only rows of the same
    batch or rows that existed before the run, and their ids are disjoint.
    """
    if sqlite:
        return _generate_sqlite(n, base, seed=seed)
    import psycopg
    from django.db import connection

    rng = random.Random(seed)  # noqa: S311 - bench data
    tables = _tables()
    copied = [key for key in tables if key != "event"]  # parents before children
    counts = dict.fromkeys(tables, 0)
    seconds_in = dict.fromkeys([*tables, "fk_check", "commit"], 0.0)
    rows: dict[str, list] = {key: [] for key in tables}
    checks = _foreign_keys(tables)
    table_key = {m._meta.db_table: k for k, (m, _f) in tables.items()}
    batches = 0
    lock = threading.Lock()
    connection.ensure_connection()
    raw = connection.connection  # the psycopg connection, outside Django's atomic
    previous_autocommit = raw.autocommit
    raw.autocommit = False
    local = threading.local()
    opened: list = []

    def stream():
        """This thread's own connection, set up for bulk writes."""
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = psycopg.connect(**connection.get_connection_params())
            conn.autocommit = False
            with conn.cursor() as cursor:
                # Bench data: a crash may lose the last batches, never half a batch.
                cursor.execute("SET synchronous_commit = off")
                cursor.execute("SET session_replication_role = replica")
            conn.commit()
            local.conn = conn
            with lock:
                opened.append(conn)
        return conn

    started = time.monotonic()

    def flush(lo: int, hi: int, batch_rows: dict[str, list]):
        nonlocal batches
        seconds = dict.fromkeys(seconds_in, 0.0)
        ranges = {
            key: (batch_rows[key][0][0], batch_rows[key][-1][0])
            if batch_rows[key]
            else (0, -1)
            for key in copied
        }
        ranges["event"] = ranges["cosigner"] = (lo, hi)  # by suggestion_id
        conn = stream()
        try:
            with conn.cursor() as cursor:
                for key in copied:
                    if not batch_rows[key]:
                        continue
                    model, fields = tables[key]
                    columns = ", ".join(f'"{f.column}"' for f in fields)
                    sql = f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'
                    t0 = time.monotonic()
                    with cursor.copy(sql) as copy:
                        write = copy.write_row
                        for row in batch_rows[key]:
                            write(row)
                    seconds[key] += time.monotonic() - t0
                t0 = time.monotonic()
                cursor.execute(EVENTS_SQL, {"lo": lo, "hi": hi})
                events = cursor.rowcount
                seconds["event"] += time.monotonic() - t0
                t0 = time.monotonic()
                for table, by, column, parent in checks:
                    first, last = ranges[table_key[table]]
                    cursor.execute(
                        f'SELECT count(*) FROM "{table}" c WHERE c."{by}" BETWEEN %s AND %s '  # noqa: S608 - model tables
                        f'AND c."{column}" IS NOT NULL AND NOT EXISTS '
                        f'(SELECT 1 FROM "{parent}" p WHERE p.id = c."{column}")',
                        [first, last],
                    )
                    orphans = cursor.fetchone()[0]
                    if orphans:
                        raise RuntimeError(
                            f"batch {lo}-{hi}: {orphans} rows of {table}.{column} "
                            f"point at no {parent} row"
                        )
                seconds["fk_check"] += time.monotonic() - t0
            t0 = time.monotonic()
            conn.commit()
            seconds["commit"] += time.monotonic() - t0
        except BaseException:
            conn.rollback()
            raise
        with lock:
            counts["event"] += events
            for key, value in seconds.items():
                seconds_in[key] += value
            batches += 1

    start_ids = {}
    with raw.cursor() as cursor:
        for key, (model, _fields) in tables.items():
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')  # noqa: S608 - model table names
            start_ids[key] = cursor.fetchone()[0]
    raw.commit()
    first_id = start_ids["suggestion"] + 1
    last_id = start_ids["suggestion"]
    pool = ThreadPoolExecutor(max_workers=streams, thread_name_prefix="copy")
    pending: list = []
    waited = 0.0  # this thread waiting for a free stream, not generating

    def submit(lo: int, hi: int):
        nonlocal rows, waited
        batch_rows, rows = rows, {key: [] for key in tables}
        pending.append(pool.submit(flush, lo, hi, batch_rows))
        # At most one batch waits for a free stream; an error stops the run.
        t0 = time.monotonic()
        while len(pending) > streams:
            pending.pop(0).result()
        waited += time.monotonic() - t0

    try:
        for key, row in _rows(n, base, rng, events=False, start_ids=start_ids):
            if key == "suggestion":
                if last_id - first_id + 1 == batch:
                    submit(first_id, last_id)
                    first_id = row[0]
                last_id = row[0]
            rows[key].append(row)
            counts[key] += 1
        submit(first_id, last_id)
        python = time.monotonic() - started - waited
        for future in pending:
            future.result()
        pool.shutdown()
        with raw.cursor() as cursor:
            for model, _fields in tables.values():
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - model table names
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
        raw.commit()
        t0 = time.monotonic()
        with raw.cursor() as cursor:
            for model, _fields in tables.values():
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        raw.commit()
        analyze_seconds = time.monotonic() - t0
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raw.rollback()
        raise
    finally:
        for conn in opened:
            conn.close()
        raw.autocommit = previous_autocommit
    seconds = time.monotonic() - started
    total = sum(counts.values())
    for key in tables:
        print(
            f"{report} generate table={key} rows={counts[key]} "
            f"write_seconds={seconds_in[key]:.1f} "
            f"write_rows_per_s={counts[key] / max(seconds_in[key], 0.001):.0f}",
            flush=True,
        )
    rate = total / max(seconds, 0.001)
    print(
        f"{report} generate n={n} rows={total} batches={batches} "
        f"batch_suggestions={batch} streams={streams} seconds={seconds:.1f} "
        f"python_seconds={python:.1f} fk_check_seconds={seconds_in['fk_check']:.1f} "
        f"commit_seconds={seconds_in['commit']:.1f} "
        f"analyze_seconds={analyze_seconds:.1f} rows_per_s={rate:.0f} "
        f"goal=>=100000:{'met' if rate >= 100_000 else 'missed'}",
        flush=True,
    )
    # What autovacuum does soon after a bulk load: the visibility map that
    # index-only scans need (timed apart: it is not part of the load).
    t0 = time.monotonic()
    with connection.cursor() as cursor:
        for model, _fields in tables.values():
            cursor.execute(f'VACUUM "{model._meta.db_table}"')
    print(f"{report} vacuum_seconds={time.monotonic() - t0:.1f}", flush=True)
    return counts


def _generate_sqlite(n: int, base, *, seed: int) -> dict[str, int]:
    from django.db import transaction

    rng = random.Random(seed)  # noqa: S311 - bench data
    tables = _tables()
    counts = dict.fromkeys(tables, 0)
    objects: dict[str, list] = {key: [] for key in tables}

    def flush():
        for key, (model, _fields) in tables.items():
            if objects[key]:
                model.objects.bulk_create(objects[key], batch_size=2000)
                objects[key] = []

    with transaction.atomic():
        for key, row in _rows(n, base, rng):
            counts[key] += 1
            model, fields = tables[key]
            # The rows are COPY text; a JSON column takes the value, not its text.
            objects[key].append(
                model(
                    **{
                        f.attname: json.loads(value)
                        if f.get_internal_type() == "JSONField"
                        else value
                        for f, value in zip(fields, row, strict=True)
                    }
                )
            )
            if len(objects["event"]) >= 20000:
                flush()
        flush()
    return counts


# Timing ---------------------------------------------------------------------------


def _kept_base():
    """The log-ins and the measured congress of a database generated earlier."""
    from renda.accounts.models import User

    staff = User.objects.get(username="bench_staff")
    return {
        "congresses": [staff.role_assignments.get().congress],
        "staff": staff,
        "deputy": User.objects.get(username="bench_deputy"),
    }


def _measure(n: int, *, sqlite: bool, generate_only: bool, reuse: bool) -> int:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from renda.suggestions.models import Suggestion

    call_command("migrate", verbosity=0)
    if reuse:
        base = _kept_base()
        counts = {}
        if not sqlite:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    else:
        started = time.monotonic()
        base = _base(n)
        counts = generate(n, base, sqlite=sqlite)
        seconds = time.monotonic() - started
        engine = "sqlite" if sqlite else "postgresql"
        print(
            f"suggestions n={n} generate_seconds={seconds:.1f} engine={engine} "
            + " ".join(f"{key}_rows={value}" for key, value in counts.items()),
            flush=True,
        )
    # The statistics read summary rows (decision record 0019): the services keep
    # them in step, COPY does not, so fill them the way an import would.
    from renda.suggestions.models import SuggestionStatsRow
    from renda.suggestions.stats_rows import rebuild

    if not reuse or not SuggestionStatsRow.objects.exists():
        started = time.monotonic()
        written = rebuild()
        print(
            f"suggestions n={n} stats_rebuild_seconds={time.monotonic() - started:.1f}"
            f" stats_rows={written}",
            flush=True,
        )
        if not sqlite:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    _READY["data"] = True
    if generate_only:
        return 0
    congress = base["congresses"][0]
    staff, deputy = Client(), Client()
    staff.force_login(base["staff"])
    deputy.force_login(base["deputy"])
    rng = random.Random(7)  # noqa: S311 - bench data
    measured = list(
        Suggestion.objects.filter(congress=congress)
        .exclude(status="DRAFT")
        .values_list("pk", flat=True)[:5000]
    )
    detail_ids = [rng.choice(measured) for _ in range(REQUESTS)]
    endpoints = [
        ("deputy_list", deputy, lambda i: "/api/v1/suggestions?mine=true"),
        (
            "staff_list",
            staff,
            lambda i: (
                f"/api/v1/suggestions?congress={congress.pk}"
                f"&year={YEARS[i % len(YEARS)]}&channel=FORMAL"
            ),
        ),
        ("detail", staff, lambda i: f"/api/v1/suggestions/{detail_ids[i]}"),
        (
            "stats",
            staff,
            lambda i: (
                f"/api/v1/suggestions/stats?congress={congress.pk}"
                f"&year={YEARS[i % len(YEARS)]}"
            ),
        ),
        (
            "stats_by_unit",
            staff,
            lambda i: (
                f"/api/v1/suggestions/stats?congress={congress.pk}"
                f"&year={YEARS[i % len(YEARS)]}&group_by=unit"
            ),
        ),
    ]
    missed = False
    # Warm up every endpoint once (connections, caches, plans).
    for _name, client, url in endpoints:
        time_get(client, url(0), 2)
    baseline = time_get(staff, "/healthz", REQUESTS)
    base_p95 = percentile(baseline, 0.95)
    print(
        f"suggestions n={n} indexes=model endpoint=/healthz "
        f"p50_ms={statistics.median(baseline):.1f} p95_ms={base_p95:.1f}",
        flush=True,
    )
    for name, client, url in endpoints:
        samples = []
        for i in range(REQUESTS):
            samples += time_get(client, url(i), 1)
        p95 = percentile(samples, 0.95)
        met = p95 < 50
        missed |= not met
        print(
            f"suggestions n={n} indexes=model endpoint={name} "
            f"p50_ms={statistics.median(samples):.1f} p95_ms={p95:.1f} "
            f"p95_vs_baseline={p95 / max(base_p95, 0.001):.1f}x "
            f"goal=p95<50ms:{'met' if met else 'missed'}",
            flush=True,
        )
    print(json.dumps({"n": n, "rows": counts}), file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
