"""CPU time of every main page of every role, beside the log-in page's, in one run.

Builds the demo city once in a fresh SQLite database (or reuses the file named
by BENCH_PAGES_DB when it exists), then, for each demo log-in, opens the home
page, follows every link of the navigation (the top menu, the tab bar and its
sheet), and for each of those pages the first link in its main content that
goes one level deeper (a detail). Each page is requested through Django's test
client: one warm-up, then BENCH_PAGES_N times (default 5); the figure is the
median CPU time of the process (time.process_time) around the request, then
one more request's Python function calls (cProfile) and SQL queries, which do
not move with the machine's load and so compare two versions of the code.

Prints one line per page with its ratio to the log-in page (GET of the log-in
form, anonymous) measured the same way in the same run, and exits non-zero
when any page costs more than 3x (issue 13, section 3).

    .venv/bin/python bench/pages.py            # or: make bench
    BENCH_PAGES_DB=/tmp/demo.sqlite3 .venv/bin/python bench/pages.py   # keep the demo
    BENCH_PAGES_ONLY=/liaison/stats/ ...       # only URLs containing this text
    BENCH_PAGES_ROLES=staff,leader ...         # only these log-ins
"""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = os.environ.get("BENCH_PAGES_DB") or str(
    Path(tempfile.mkdtemp(prefix="renda-bench-")) / "pages.sqlite3"
)
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

GOAL = 3.0
REPEAT = int(os.environ.get("BENCH_PAGES_N", "5"))
ONLY = os.environ.get("BENCH_PAGES_ONLY", "")
ROLES = (
    os.environ.get("BENCH_PAGES_ROLES", "").split(",")
    if os.environ.get("BENCH_PAGES_ROLES")
    else [
        "staff",
        "leader",
        "member",
        "deputy",
        "unit",
        "chief",
        "officer",
        "admin",
        "govoffice",
        "xastaff",
    ]
)
NAV = re.compile(r'<nav class="(?:nav|tabbar)"[^>]*>(.*?)</nav>', re.S)
MAIN = re.compile(r"<main[^>]*>(.*?)</main>", re.S)
HREF = re.compile(r'href="([^"#]+)"')
# Not pages: files, exports, the log-out form, the admin (Django's, not ours).
SKIP = re.compile(
    r"export|download|xlsx|docx|\.pdf|\.csv|/template/|logout|^/admin/|/static/"
)


def _links(pattern: re.Pattern, html: str) -> list[str]:
    links = []
    for block in pattern.findall(html):
        for href in HREF.findall(block):
            href = unescape(href)
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/"):
                continue
            if SKIP.search(href):
                continue
            links.append(href)
    return list(dict.fromkeys(links))


def work_of(client: Client, url: str) -> tuple[int, int]:
    """Python function calls and SQL queries of one request of the page.

    Both are the same on every run of the same code and data, however busy the
    machine (CPU time here moves by a quarter between runs): they compare two
    versions of the code where the milliseconds cannot.
    """
    profile = cProfile.Profile()
    profile.enable()
    client.get(url)
    profile.disable()
    calls = pstats.Stats(profile).total_calls
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return calls, len(queries.captured_queries)


def cpu_ms(client: Client, url: str) -> tuple[float, int]:
    client.get(url)  # warm-up: caches, template loading
    times = []
    status = 0
    for _ in range(REPEAT):
        started = time.process_time()
        response = client.get(url)
        times.append((time.process_time() - started) * 1000)
        status = response.status_code
    return statistics.median(times), status


def pages_of(client: Client) -> list[str]:
    home = client.get("/", follow=True)
    start = home.redirect_chain[-1][0] if home.redirect_chain else "/"
    html = home.content.decode()
    main_pages = [start, *[u for u in _links(NAV, html) if u != start]]
    pages = list(main_pages)
    for url in main_pages:
        response = client.get(url)
        if response.status_code != 200:
            continue
        path = urlsplit(url).path
        for href in _links(MAIN, response.content.decode()):
            deeper = urlsplit(href).path
            if deeper.startswith(path) and deeper != path and href not in pages:
                pages.append(href)
                break
    return pages


def build() -> None:
    from renda.deputies.models import Deputy

    call_command("migrate", verbosity=0)
    if not Deputy.objects.exists():
        started = time.monotonic()
        call_command("demo_load", verbosity=0)
        print(f"pages demo_built_s={time.monotonic() - started:.0f}", flush=True)


def main() -> int:
    from renda.accounts.models import User

    build()
    anonymous = Client()
    login_ms, status = cpu_ms(anonymous, "/accounts/login/")
    if status != 200:
        print(f"pages log-in page answered {status}")
        return 1
    login_calls, _ = work_of(anonymous, "/accounts/login/")
    print(
        f"pages page=/accounts/login/ role=- cpu_ms={login_ms:.1f} ratio=1.0 "
        f"calls={login_calls} queries=0"
    )
    worst = 0.0
    over = []
    rows = []
    for username in ROLES:
        user = User.objects.filter(username=username).first()
        if user is None:
            print(f"pages role={username} missing from the demo")
            continue
        client = Client()
        client.force_login(user)
        for url in pages_of(client):
            if ONLY and ONLY not in url:
                continue
            ms, status = cpu_ms(client, url)
            calls, queries = work_of(client, url)
            ratio = ms / login_ms
            worst = max(worst, ratio)
            rows.append((ratio, url, username))
            flag = "" if ratio <= GOAL else " OVER"
            print(
                f"pages page={url} role={username} status={status} "
                f"cpu_ms={ms:.1f} ratio={ratio:.1f}{flag} "
                f"calls={calls} calls_ratio={calls / login_calls:.1f} queries={queries}",
                flush=True,
            )
            if ratio > GOAL:
                over.append(f"{url} ({username}, {ratio:.1f}x)")
    rows.sort(reverse=True)
    print("pages worst: " + "; ".join(f"{u} {r} {x:.1f}x" for x, u, r in rows[:10]))
    print(
        f"pages login_cpu_ms={login_ms:.1f} pages={len(rows)} worst_ratio={worst:.1f} "
        f"goal={GOAL:.0f}x over={len(over)}"
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
