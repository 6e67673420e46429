"""The traffic of bench/load.py, for locust (headless; started by bench/load.py).

Every request is written to ``RENDA_LOAD_LOG`` (one JSON line: phase, class
name, status, milliseconds, time) and every write answered 2xx with what it
returned (suggestion id, reply id, vote tracker, receipt number) so that
bench/load.py computes the figures and checks each write in the database.
``RENDA_LOAD_PHASE`` picks the users: ``login_page`` or ``healthz`` alone (the
baselines) or ``mix`` (the real traffic). Each simulated person sends its own
``X-Real-IP`` (the server reads it: ``RENDA_CLIENT_IP_HEADER``), as residents
behind nginx would arrive from their own addresses.

A write that meets a 503 or a dropped connection is retried with the same
Idempotency-Key (what a phone's offline queue does) until it is answered; a vote
retried after its first attempt was stored answers 409 "already voted", which
counts as stored.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
import uuid

from locust import HttpUser, between, constant, task

PHASE = os.environ.get("RENDA_LOAD_PHASE", "mix")
LOG_PATH = os.environ["RENDA_LOAD_LOG"]
SETUP = json.loads(os.environ["RENDA_LOAD_SETUP"])
PASSWORD = SETUP["password"]
WRITE_RETRIES = 20

_log = open(LOG_PATH, "a", encoding="utf-8")  # noqa: SIM115 - closed at exit
_lock = threading.Lock()
_addresses = itertools.count(1)
_voters = list(SETUP["voters"])


def log(**fields) -> None:
    fields["t"] = time.time()
    fields["phase"] = PHASE
    with _lock:
        _log.write(json.dumps(fields, ensure_ascii=False) + "\n")
        _log.flush()


def next_address() -> str:
    n = next(_addresses)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


class Person(HttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self):
        self.client.headers["X-Real-IP"] = next_address()
        self.client.headers["User-Agent"] = "renda-load"

    # One request, timed and logged; ``expected`` are the statuses that are not errors.
    def call(self, name, method, url, *, expected=(200,), **kwargs):
        started = time.perf_counter()
        status = 0
        response = None
        try:
            with self.client.request(
                method,
                url,
                name=name,
                catch_response=True,
                allow_redirects=False,
                **kwargs,
            ) as response:
                status = response.status_code
                if status in expected or status == 503:
                    response.success()
                else:
                    response.failure(f"{status}")
        except Exception as error:  # noqa: BLE001 - a refused connection is a status 0
            status = 0
            log(name=name, status=0, ms=0, ok=False, error=str(error)[:200])
            return None
        ms = (time.perf_counter() - started) * 1000
        log(name=name, status=status, ms=round(ms, 2), ok=status in expected)
        return response

    def login(self, username):
        """Sign in through the form; a 503 (a fault) is retried like a person would."""
        for _attempt in range(WRITE_RETRIES):
            page = self.call("login:get", "GET", "/accounts/login/")
            if page is None or page.status_code != 200:
                time.sleep(0.5)
                continue
            token = self.client.cookies.get("csrftoken", "")
            response = self.call(
                "login:post",
                "POST",
                "/accounts/login/",
                expected=(302,),
                data={
                    "username": username,
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": token,
                },
                headers={"Referer": self.host + "/accounts/login/"},
            )
            if response is not None and response.status_code == 302:
                return True
            if response is not None and response.status_code not in (0, 503):
                return False
            time.sleep(0.5)
        return False

    def csrf(self) -> dict:
        return {
            "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
            "Referer": self.host + "/",
        }


# The baselines ------------------------------------------------------------------


class LoginPage(Person):
    """The log-in page: a plain page with the same layout, no query of data."""

    weight = 1

    @task
    def page(self):
        self.call("baseline:login_page", "GET", "/accounts/login/")


class Healthz(Person):
    weight = 1

    @task
    def healthz(self):
        self.call("baseline:healthz", "GET", "/healthz")


# The real traffic -----------------------------------------------------------------

MIX = PHASE == "mix"


class Deputy(Person):
    """A deputy on a phone: the workbench, the own list, a detail, a new draft."""

    weight = 8
    wait_time = between(0, 0.2) if MIX else constant(0)

    def on_start(self):
        super().on_start()
        self.ok = self.login(SETUP["deputy"])
        self.ids = list(SETUP["deputy_suggestions"])

    @task(3)
    def home(self):
        self.call("deputy:home", "GET", "/")

    @task(3)
    def my_list(self):
        self.call("deputy:list", "GET", "/suggestions/my/")

    @task(3)
    def detail(self):
        pk = random.choice(self.ids)  # noqa: S311 - bench
        self.call("deputy:detail", "GET", f"/suggestions/{pk}/")

    @task(1)
    def draft(self):
        self._draft(uuid.uuid4().hex)

    def _draft(self, key):
        for attempt in range(WRITE_RETRIES):
            headers = {**self.csrf(), "Idempotency-Key": key}
            response = self.call(
                "deputy:draft_api",
                "POST",
                "/api/v1/suggestions",
                expected=(201,),
                headers=headers,
                json={
                    "title": f"关于负载测试{key}的建议",
                    "body": "经走访调研，群众反映该处路灯损坏已久，建议尽快维修。",
                    "category": "URBAN_RURAL_CONSTRUCTION",
                    "congress": SETUP["congress"],
                    "submit": True,
                },
            )
            if response is not None and response.status_code == 201:
                log(
                    name="write:suggestion",
                    key=key,
                    id=response.json()["id"],
                    attempts=attempt + 1,
                )
                return response, attempt
            if response is not None and response.status_code != 503:
                return response, attempt
            time.sleep(0.5)
        return None, WRITE_RETRIES


class Staff(Person):
    """Committee staff: the inbox, the API list of a year, the statistics."""

    weight = 3
    wait_time = between(0, 0.5) if MIX else constant(0)

    def on_start(self):
        super().on_start()
        self.login(SETUP["staff"])

    @task(2)
    def inbox(self):
        self.call("staff:inbox", "GET", "/suggestions/staff/inbox/")

    @task(2)
    def api_list(self):
        year = random.choice(SETUP["years"])  # noqa: S311 - bench
        self.call(
            "staff:list_api",
            "GET",
            f"/api/v1/suggestions?congress={SETUP['congress']}&year={year}&channel=FORMAL",
        )

    @task(2)
    def stats(self):
        year = random.choice(SETUP["years"])  # noqa: S311 - bench
        self.call(
            "staff:stats_api",
            "GET",
            f"/api/v1/suggestions/stats?congress={SETUP['congress']}&year={year}",
        )


_assignments = list(SETUP["unit_assignments"])
random.shuffle(_assignments)


class Unit(Person):
    """A handling unit's staff: its list, and a reply to one open assignment."""

    weight = 2
    wait_time = between(0, 0.5) if MIX else constant(0)

    def on_start(self):
        super().on_start()
        self.login(SETUP["unit"])

    @task(2)
    def unit_list(self):
        self.call("unit:list", "GET", "/suggestions/unit/")

    @task(1)
    def reply(self):
        with _lock:
            if not _assignments:
                return
            assignment = _assignments.pop()
        key = uuid.uuid4().hex
        for attempt in range(WRITE_RETRIES):
            headers = {**self.csrf(), "Idempotency-Key": key}
            response = self.call(
                "unit:reply_api",
                "POST",
                f"/api/v1/suggestions/assignments/{assignment}/reply",
                expected=(200,),
                headers=headers,
                json={
                    "text": "经研究，我单位已安排维修，预计本月内完成。",
                    "outcome": "A",
                    "signed_by": "王志刚",
                    "met_deputy_first": True,
                },
            )
            if response is not None and response.status_code == 200:
                log(
                    name="write:reply",
                    key=key,
                    id=response.json()["id"],
                    assignment=assignment,
                    attempts=attempt + 1,
                )
                return
            if response is not None and response.status_code != 503:
                return
            time.sleep(0.5)


class Voter(Person):
    """A member of the standing committee casting the open votes (password again)."""

    weight = 1
    wait_time = between(0.5, 1.5) if MIX else constant(0)

    def on_start(self):
        super().on_start()
        with _lock:
            self.me = _voters.pop() if _voters else None
        self.votes = list(SETUP["votes"])
        if self.me:
            self.login(self.me)

    @task
    def cast(self):
        if not self.me or not self.votes:
            self.call("voter:votes_api", "GET", "/api/v1/meetings/votes/mine")
            return
        vote = self.votes.pop()
        for attempt in range(WRITE_RETRIES):
            response = self.call(
                "voter:cast_api",
                "POST",
                f"/api/v1/meetings/votes/{vote}/cast",
                expected=(200, 409) if attempt else (200,),
                headers=self.csrf(),
                json={"choice": "FOR", "password": PASSWORD},
            )
            if response is not None and response.status_code in (200, 409):
                log(
                    name="write:ballot",
                    vote=vote,
                    user=self.me,
                    tracker=response.json().get("tracker")
                    if response.status_code == 200
                    else None,
                    attempts=attempt + 1,
                )
                return
            if response is not None and response.status_code != 503:
                return
            time.sleep(0.5)


QUESTION = re.compile(r"(\d+)\s*(加|减)\s*(\d+)\s*等于多少")
TOKEN = re.compile(
    r'name="captcha_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="captcha_token"'
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_residents = itertools.count(1)


class Resident(Person):
    """A resident with the station's QR code: the form, then a request."""

    weight = 1
    wait_time = between(1, 3) if MIX else constant(0)

    @task
    def submit(self):
        station = SETUP["station"]
        url = f"/s/{station}/form/"
        page = self.call("public:form", "GET", url)
        if page is None or page.status_code != 200:
            return
        text = page.text
        question = QUESTION.search(text)
        token = TOKEN.search(text)
        csrf = CSRF.search(text)
        if not (question and token and csrf):
            log(name="public:form_unparsed", status=-1, ms=0)
            return
        a, op, b = int(question.group(1)), question.group(2), int(question.group(3))
        n = next(_residents)
        content = f"负载测试{uuid.uuid4().hex}：小区门口路灯不亮，请帮忙协调维修。"
        response = self.call(
            "public:submit",
            "POST",
            url,
            expected=(302, 429),
            data={
                "resident_name": "张三",
                "resident_phone": f"139{n % 100_000_000:08d}",
                "consent": "on",
                "content": content,
                "location": "向阳街道",
                "captcha_token": token.group(1) or token.group(2),
                "captcha_answer": str(a + b if op == "加" else a - b),
                "csrfmiddlewaretoken": csrf.group(1),
            },
            headers={"Referer": self.host + url},
        )
        if response is not None and response.status_code == 302:
            log(
                name="write:public_request",
                receipt=response.headers["Location"].rstrip("/").rsplit("/", 1)[-1],
                content=content,
            )
        # Another resident next time: a new address and a new session.
        self.client.cookies.clear()
        self.client.headers["X-Real-IP"] = next_address()
