"""Load and fault test: gunicorn on its own PostgreSQL, locust's real traffic, two faults.

    .venv/bin/python bench/load.py                 # demo city + 1,000,000 suggestions
    .venv/bin/python bench/load.py --small         # demo city + 10,000 (a quick run)
    .venv/bin/python bench/load.py --n 100000 --duration 180 --users 30

Steps: ``initdb`` a PostgreSQL 15 cluster into a temporary folder and start it on
a free port (never the shared one); migrate; ``demo_load`` and ``demo_logins``;
generate N suggestions into the demo's congresses, units and deputies
(bench/suggestions.py's generator); open five more votes in today's meeting
through the services; start gunicorn (3 workers, ``config.settings.dev`` —
DEBUG off, the production middleware and WhiteNoise's manifest storage — with
``CONN_MAX_AGE=60`` as docs/deployment.md sets it; see the decision record 0021
for why not ``config.settings.production``); then run locust headless three
times with the same number of users: the log-in page alone and ``/healthz``
alone (the baselines, ``--baseline-seconds`` each), then the mix
(bench/load_locustfile.py) for ``--duration`` seconds, during which every
database backend is killed once (``pg_terminate_backend``, at 35%) and the
cluster is restarted once (``pg_ctl restart -m fast``, at 65%).

Afterwards: every write answered 2xx (the suggestion ids, reply ids, ballot
trackers and receipt numbers the clients recorded) is looked up in the database,
no Idempotency-Key made two suggestions or two replies, and the 503s and 5xx of
the fault windows are counted. Prints a line per class of request and the goals;
exits 1 when a goal is missed, 2 when the run itself failed.
Goals (issue 13 §4): mixed throughput ≥ 1/3 of the log-in page's, p99 < 1 s,
zero errors (no 5xx other than 503, no refused connection, no unexpected 4xx).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from timing import percentile  # bench/timing.py (run as a script)

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("RENDA_PG_BIN", "/usr/lib/postgresql/15/bin"))
BIN = Path(sys.executable).parent
EXTRA_VOTES = 5
# The locustfile's user classes of each phase.
CLASSES = {
    "login_page": ["LoginPage"],
    "healthz": ["Healthz"],
    "mix": ["Deputy", "Staff", "Unit", "Voter", "Resident"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)  # noqa: S603 - our own commands


class Cluster:
    """A PostgreSQL cluster of the bench's own, in a temporary folder."""

    def __init__(self, folder: Path):
        self.folder = folder / "pg"
        self.folder.mkdir(exist_ok=True)
        self.data = self.folder / "data"
        self.port = free_port()
        self.log = self.folder / "postgresql.log"
        # PostgreSQL refuses to run as root: run it as the postgres user then.
        self.as_user: list = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            folder.chmod(0o711)
            shutil.chown(self.folder, "postgres", "postgres")

    def start(self, *, fresh: bool = True) -> None:
        if not fresh:
            self._start()
            return
        run(
            [*self.as_user, PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust",
             "-E", "UTF8", "--locale=C.UTF-8"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self._start()
        self.psql("CREATE DATABASE renda")

    def _start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.folder} -c max_connections=100"
        )
        run([*self.as_user, PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.log,
             "-w", "start"], stdout=subprocess.DEVNULL)  # fmt: skip
        self.options = options

    def restart(self) -> float:
        started = time.monotonic()
        run([*self.as_user, PG_BIN / "pg_ctl", "-D", self.data, "-o", self.options, "-l", self.log,
             "-m", "fast", "-w", "restart"], stdout=subprocess.DEVNULL)  # fmt: skip
        return time.monotonic() - started

    def stop(self) -> None:
        subprocess.run(  # noqa: S603
            [
                *self.as_user,
                PG_BIN / "pg_ctl",
                "-D",
                self.data,
                "-m",
                "fast",
                "-w",
                "stop",
            ],  # fmt: skip
            check=False,
            stdout=subprocess.DEVNULL,
        )

    def psql(self, sql: str, database: str = "postgres") -> str:
        out = run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "-d", database, "-At", "-c", sql],
            capture_output=True, text=True,
        )  # fmt: skip
        return out.stdout.strip()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/renda"


# Set-up, inside Django ----------------------------------------------------------------


def build(n: int) -> dict:
    """Migrate, load the demo city and N suggestions; return what the clients need."""
    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"load setup migrate_seconds={time.monotonic() - started:.0f}", flush=True)
    started = time.monotonic()
    call_command("demo_load", verbosity=0)
    call_command("demo_logins", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    print(f"load setup demo_seconds={time.monotonic() - started:.0f}", flush=True)
    base = demo_base()
    add_suggestions(n, base)
    setup = client_setup(base)
    from django.db import connections

    connections.close_all()
    return setup


def add_suggestions(n: int, base: dict) -> None:
    """N suggestions by the bulk generator, then the statistics' summary rows rebuilt
    from the records (the generator writes records only), so that the statistics the
    mix reads count them."""
    sys.path.insert(0, str(ROOT / "bench"))
    import suggestions as bench_suggestions

    from renda.suggestions.stats_rows import rebuild

    bench_suggestions.generate(n, base, sqlite=False, report="load")
    started = time.monotonic()
    written = rebuild()
    print(
        f"load setup stats_rebuild_seconds={time.monotonic() - started:.0f} "
        f"stats_rows={written}",
        flush=True,
    )


def demo_base() -> dict:
    """The generator's base from the demo: its congresses, terms, units and deputies."""
    from renda.accounts.models import User
    from renda.deputies.models import Deputy, Mandate
    from renda.units.models import HandlingUnit

    staff = User.objects.get(username="staff")
    home = staff.role_assignments.filter(congress__isnull=False).first().congress
    deputy = Deputy.objects.filter(user__username="deputy").first()
    mandates = list(
        Mandate.objects.filter(end_date__isnull=True)
        .select_related("term__congress__region", "deputy")
        .order_by("term__congress_id", "deputy_id")
    )
    congresses, terms = [home], []
    by_congress: dict[int, list] = collections.defaultdict(list)
    term_of: dict[int, object] = {}
    for mandate in mandates:
        congress = mandate.term.congress
        if congress.pk != home.pk and mandate.deputy_id == getattr(deputy, "pk", None):
            # The deputy who logs in gets the home congress's share only: the other
            # congresses of the demo have a handful of deputies each, who share the
            # other 90 % of N (12,468 items led and 3,011 cosigned by this deputy at
            # 1M, where a real deputy has dozens).
            continue
        by_congress[congress.pk].append(mandate.deputy)
        term_of.setdefault(congress.pk, mandate.term)
        if congress.pk != home.pk and congress not in congresses:
            congresses.append(congress)
    congresses = [c for c in congresses if by_congress[c.pk]]
    deputies, homes = [], []
    for index, congress in enumerate(congresses):
        pool = sorted(
            {d.pk: d for d in by_congress[congress.pk]}.values(),
            key=lambda d: (d.pk != getattr(deputy, "pk", None), d.pk),
        )
        deputies += pool
        homes += [index] * len(pool)
        terms.append(term_of[congress.pk])
    return {
        "congresses": congresses,
        "terms": terms,
        "regions": [c.region for c in congresses],
        "units": list(HandlingUnit.objects.order_by("pk")),
        "deputies": deputies,
        "homes": homes,
        "staff": staff,
    }


def client_setup(base) -> dict:
    from renda.accounts.models import User
    from renda.core.errors import ApplicationError
    from renda.demo.logins import DEMO_PASSWORD
    from renda.deputies.models import Deputy
    from renda.meetings import services as meetings
    from renda.meetings.choices import VoteKind, VoteMode, VoteStatus
    from renda.meetings.models import Vote
    from renda.stations.models import LiaisonStation
    from renda.suggestions.models import Assignment, Suggestion

    staff = base["staff"]
    congress = base["congresses"][0]
    deputy_user = User.objects.get(username="deputy")
    unit_user = User.objects.get(username="unit")
    unit = unit_user.role_assignments.filter(handling_unit__isnull=False).first()
    open_assignments = list(
        Assignment.objects.filter(
            handling_unit=unit.handling_unit,
            status="ASSIGNED",
            suggestion__status="ASSIGNED",
            suggestion__congress=congress,
        ).values_list("pk", flat=True)[:20000]
    )
    demo_vote = Vote.objects.filter(status=VoteStatus.OPEN).order_by("pk").first()
    votes = []
    if demo_vote is not None:
        votes.append(demo_vote.pk)
        for i in range(EXTRA_VOTES):
            try:
                vote = meetings.vote_create(
                    meeting=demo_vote.meeting,
                    agenda_item=demo_vote.agenda_item,
                    kind=VoteKind.RESOLUTION,
                    mode=VoteMode.IN_MEETING,
                    title=f"负载测试表决{i + 1}",
                    actor=staff,
                )
                meetings.vote_open(vote=vote, actor=staff)
            except ApplicationError as error:
                print(f"load setup extra_vote_refused={error}", flush=True)
                break
            votes.append(vote.pk)
    voted = set()
    voters = []
    if demo_vote is not None:
        present = demo_vote.meeting.attendances.filter(status="PRESENT").values_list(
            "member__user__username", flat=True
        )
        voted = set(
            demo_vote.participations.values_list("member__user__username", flat=True)
        )
        voters = sorted(u for u in present if u and u not in voted)
    deputy = Deputy.objects.filter(user=deputy_user).first()
    deputy_suggestions = list(
        Suggestion.objects.filter(lead_deputy=deputy)
        .exclude(status="DRAFT")
        .values_list("pk", flat=True)[:500]
    )
    station = LiaisonStation.objects.order_by("pk").values_list("pk", flat=True)[0]
    years = sorted(
        {
            d.year
            for d in Suggestion.objects.filter(congress=congress).dates(
                "submitted_at", "year"
            )
        }
    )
    return {
        "password": DEMO_PASSWORD,
        "congress": congress.pk,
        "deputy": "deputy",
        "staff": "staff",
        "unit": "unit",
        "deputy_suggestions": deputy_suggestions,
        "unit_assignments": open_assignments,
        "votes": votes,
        "voters": voters,
        "station": station,
        "years": years,
    }


# The run ---------------------------------------------------------------------------


def locust(phase: str, *, host: str, users: int, seconds: int, setup: dict, log: Path):
    env = {
        **os.environ,
        "RENDA_LOAD_PHASE": phase,
        "RENDA_LOAD_LOG": str(log),
        "RENDA_LOAD_SETUP": json.dumps(setup),
    }
    command = [
        BIN / "locust", "-f", ROOT / "bench" / "load_locustfile.py", "--headless",
        "--users", str(users), "--spawn-rate", str(max(users, 1)),
        "--run-time", f"{seconds}s", "--host", host, "--only-summary",
        "--loglevel", "WARNING", "--stop-timeout", "10", *CLASSES[phase],
    ]  # fmt: skip
    return subprocess.Popen(  # noqa: S603
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(log.with_suffix(f".{phase}.err"), "w"),  # noqa: SIM115
    )


def faults(cluster: Cluster, seconds: int, marks: list) -> None:
    time.sleep(seconds * 0.35)
    marks.append(("terminate", time.time()))
    killed = cluster.psql(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
    )
    marks.append(("terminate_done", time.time(), int(killed or 0)))
    time.sleep(seconds * 0.30)
    marks.append(("restart", time.time()))
    took = cluster.restart()
    marks.append(("restart_done", time.time(), took))


def summarise(records: list[dict], seconds: float, label: str) -> dict:
    requests = [r for r in records if not r["name"].startswith("write:")]
    by_name = collections.defaultdict(list)
    by_name[label] = []
    for r in requests:
        by_name[r["name"]].append(r)
        by_name[label].append(r)
    out = {}
    for name, rows in sorted(by_name.items()):
        ms = [r["ms"] for r in rows if r["status"] > 0]
        statuses = collections.Counter(r["status"] for r in rows)
        errors = sum(1 for r in rows if not r.get("ok") and r["status"] != 503)
        out[name] = {
            "count": len(rows),
            "rps": len(rows) / seconds,
            "p50": percentile(ms, 0.50),
            "p95": percentile(ms, 0.95),
            "p99": percentile(ms, 0.99),
            "errors": errors,
            "s503": statuses.get(503, 0),
            "s5xx": sum(v for k, v in statuses.items() if k >= 500 and k != 503),
            "statuses": dict(statuses),
        }
        print(
            f"load phase={records[0]['phase'] if records else '-'} name={name} "
            f"count={len(rows)} rps={len(rows) / seconds:.1f} "
            f"p50_ms={out[name]['p50']:.0f} p95_ms={out[name]['p95']:.0f} "
            f"p99_ms={out[name]['p99']:.0f} errors={errors} "
            f"503={out[name]['s503']} other_5xx={out[name]['s5xx']} "
            f"statuses={json.dumps(out[name]['statuses'], sort_keys=True)}",
            flush=True,
        )
    return out


def verify(writes: list[dict]) -> dict:
    """Look every write answered 2xx up in the database; count duplicates."""
    import django

    django.setup()
    from django.db import connection

    from renda.meetings.models import Ballot, Participation
    from renda.receptions.models import PublicRequest
    from renda.suggestions.models import Reply, Suggestion

    result = {}
    sugg = [w for w in writes if w["name"] == "write:suggestion"]
    found = dict(
        Suggestion.objects.filter(pk__in=[w["id"] for w in sugg]).values_list(
            "pk", "title"
        )
    )
    missing = [w for w in sugg if found.get(w["id"]) != f"关于负载测试{w['key']}的建议"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT title FROM suggestions_suggestion "
            "WHERE title LIKE %s GROUP BY title HAVING count(*) > 1) d",
            ["关于负载测试%"],
        )
        duplicated = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM suggestions_suggestion WHERE title LIKE %s",
            ["关于负载测试%"],
        )
        stored = cursor.fetchone()[0]
    result["suggestion"] = {
        "answered_2xx": len(sugg),
        "missing": len(missing),
        "duplicated_keys": duplicated,
        "stored_by_the_bench": stored,
        "retried": sum(1 for w in sugg if w["attempts"] > 1),
    }
    replies = [w for w in writes if w["name"] == "write:reply"]
    found = set(
        Reply.objects.filter(pk__in=[w["id"] for w in replies]).values_list(
            "pk", flat=True
        )
    )
    twice = (
        Reply.objects.filter(assignment_id__in=[w["assignment"] for w in replies])
        .values("assignment_id")
        .annotate(n=django.db.models.Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    result["reply"] = {
        "answered_2xx": len(replies),
        "missing": sum(1 for w in replies if w["id"] not in found),
        "duplicated_assignments": twice,
        "retried": sum(1 for w in replies if w["attempts"] > 1),
    }
    ballots = [w for w in writes if w["name"] == "write:ballot"]
    trackers = [w["tracker"] for w in ballots if w["tracker"]]
    found = set(
        Ballot.objects.filter(tracker__in=trackers).values_list("tracker", flat=True)
    )
    cast_pairs = {(w["vote"], w["user"]) for w in ballots}
    participations = Participation.objects.filter(
        vote_id__in={w["vote"] for w in ballots},
        member__user__username__in={w["user"] for w in ballots},
    ).values_list("vote_id", "member__user__username")
    counted = collections.Counter(participations)
    result["ballot"] = {
        "answered_2xx": len(ballots),
        "missing": sum(1 for t in trackers if t not in found)
        + sum(1 for pair in cast_pairs if counted[pair] == 0),
        "duplicated": sum(1 for v in counted.values() if v > 1),
        "answered_409_after_retry": sum(1 for w in ballots if not w["tracker"]),
    }
    publics = [w for w in writes if w["name"] == "write:public_request"]
    found = dict(
        PublicRequest.objects.filter(
            receipt_number__in=[w["receipt"] for w in publics]
        ).values_list("receipt_number", "content")
    )
    result["public_request"] = {
        "answered_2xx": len(publics),
        "missing": sum(1 for w in publics if found.get(w["receipt"]) != w["content"]),
    }
    for kind, figures in result.items():
        print(
            f"load writes kind={kind} "
            + " ".join(f"{k}={v}" for k, v in figures.items()),
            flush=True,
        )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="suggestions")
    parser.add_argument("--small", action="store_true", help="--n 10000")
    parser.add_argument("--duration", type=int, default=180, help="mix, seconds")
    parser.add_argument("--baseline-seconds", type=int, default=30)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the folder")
    parser.add_argument(
        "--reuse", type=Path, help="a folder kept by --keep: skip the set-up"
    )
    args = parser.parse_args()
    n = 10_000 if args.small else args.n
    folder = args.reuse or Path(tempfile.mkdtemp(prefix="renda-load-"))
    if args.reuse:
        args.keep = True
    cluster = Cluster(folder)
    gunicorn = None
    print(f"load folder={folder} n={n} users={args.users}", flush=True)
    try:
        cluster.start(fresh=not args.reuse)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DATABASE_URL=cluster.url,
            CONN_MAX_AGE="60",
            RENDA_VAR_DIR=str(folder / "var"),
            RENDA_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
        )
        sys.path.insert(0, str(ROOT))
        if args.reuse:
            import django

            django.setup()
            from django.core.management import call_command

            from renda.suggestions.models import Suggestion

            if not (folder / "var" / "staticfiles" / "staticfiles.json").exists():
                call_command("collectstatic", "--noinput", verbosity=0)

            base = demo_base()
            if Suggestion.objects.count() < n:  # the kept run stopped before them
                add_suggestions(n, base)
            setup = client_setup(base)
            from django.db import connections

            connections.close_all()
        else:
            setup = build(n)
        print(
            f"load setup voters={len(setup['voters'])} votes={len(setup['votes'])} "
            f"unit_assignments={len(setup['unit_assignments'])} "
            f"deputy_suggestions={len(setup['deputy_suggestions'])}",
            flush=True,
        )
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(  # noqa: S603
            [BIN / "gunicorn", "config.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", str(args.workers),
             "--forwarded-allow-ips=", "--timeout", "60"],
            cwd=ROOT, stdout=subprocess.DEVNULL,
            stderr=open(folder / "gunicorn.log", "w"),  # noqa: SIM115
            start_new_session=True,
        )  # fmt: skip
        # Every worker booted and answering before the clock starts.
        ready = 0
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"{host}/healthz", timeout=10) as answer:  # noqa: S310 - our own server
                    ready += answer.status == 200
            except OSError:
                time.sleep(0.5)
            if ready >= 3 * args.workers:
                break
        log = folder / "requests.jsonl"
        log.unlink(missing_ok=True)  # a --reuse run counts only its own requests
        results = {}
        for phase, seconds in (
            ("login_page", args.baseline_seconds),
            ("healthz", args.baseline_seconds),
            ("mix", args.duration),
        ):
            marks: list = []
            started = time.time()
            process = locust(
                phase,
                host=host,
                users=args.users,
                seconds=seconds,
                setup=setup,
                log=log,
            )
            if phase == "mix":
                injector = threading.Thread(
                    target=faults, args=(cluster, seconds, marks), daemon=True
                )
                injector.start()
            process.wait()
            if phase == "mix":
                injector.join()
                for mark in marks:
                    print(f"load fault {mark[0]} at={mark[1] - started:.1f}s "
                          + (f"value={mark[2]:.1f}" if len(mark) > 2 else ""),
                          flush=True)  # fmt: skip
            elapsed = time.time() - started
            records = [
                r
                for r in map(json.loads, log.read_text(encoding="utf-8").splitlines())
                if r["phase"] == phase
            ]
            if phase == "mix":
                windows = [m[1] for m in marks if m[0] in ("terminate", "restart")]
                fault_records = [
                    r
                    for r in records
                    if any(w - 1 <= r["t"] <= w + 15 for w in windows)
                    and not r["name"].startswith("write:")
                ]
                statuses = collections.Counter(r["status"] for r in fault_records)
                print(
                    f"load faults requests_in_windows={len(fault_records)} "
                    f"statuses={json.dumps(dict(statuses), sort_keys=True)}",
                    flush=True,
                )
            results[phase] = (summarise(records, elapsed, f"{phase}:all"), records)
        writes = [r for r in results["mix"][1] if r["name"].startswith("write:")]
        checked = verify(writes)
    except subprocess.CalledProcessError as error:
        print(f"load failed: {error}", flush=True)
        return 2
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(20)
        cluster.stop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    mix = results["mix"][0]["mix:all"]
    login = results["login_page"][0]["login_page:all"]
    healthz = results["healthz"][0]["healthz:all"]
    goals = {
        "throughput>=1/3_login_page": mix["rps"] >= login["rps"] / 3,
        "p99<1s": mix["p99"] < 1000,
        "zero_errors": mix["errors"] == 0 and mix["s5xx"] == 0,
        "writes_stored": all(v["missing"] == 0 for v in checked.values()),
        "no_duplicates": checked["suggestion"]["duplicated_keys"] == 0
        and checked["reply"]["duplicated_assignments"] == 0
        and checked["ballot"]["duplicated"] == 0,
    }
    print(
        f"load summary n={n} users={args.users} mix_rps={mix['rps']:.1f} "
        f"login_page_rps={login['rps']:.1f} healthz_rps={healthz['rps']:.1f} "
        f"mix_vs_login_page={mix['rps'] / max(login['rps'], 0.001):.2f} "
        f"mix_p99_ms={mix['p99']:.0f} errors={mix['errors']} "
        f"503={mix['s503']} other_5xx={mix['s5xx']} "
        + " ".join(f"goal={k}:{'met' if v else 'missed'}" for k, v in goals.items()),
        flush=True,
    )
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
