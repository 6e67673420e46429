"""Read replicas: the router, the opt-in of reads, and read-after-write.

docs/decisions/0022-read-replicas.md. With ``DATABASE_REPLICA_URL`` set, the
settings add one alias per replica (``replica``, ``replica_2``...), list them in
``RENDA_DATABASE_REPLICAS``, install ``ReplicaRouter`` and put
``ReadAfterWriteMiddleware`` after the request context. Without it none of this
runs: every query goes to ``default`` as before.

The rules:

- Every write goes to the primary (``default``).
- A read goes to the primary unless it opted in: a list selector returns
  ``replica_ok(queryset)`` (a router hint, decided when the query runs, so that
  the list used as a subquery of a primary query stays one query), a
  statistics selector runs inside ``replica_reads()`` (a context manager and a
  decorator). Nothing else ever reads a replica: permission checks, detail
  pages, services, the admin, the task worker and management commands read
  the primary.
- An opted-in read still reads the primary when
  - it runs outside a request (tasks, commands);
  - it runs inside ``transaction.atomic()``;
  - the request has already written (an ``execute_wrapper`` on the primary's
    connection sees every statement that is not a read);
  - the same browser wrote less than ``RENDA_READ_AFTER_WRITE_SECONDS`` ago (a
    signed cookie the middleware sets on a response whose request wrote), or
    the same API token did (``ApiToken.wrote_at``, set by the middleware and
    read when the token authenticates: a token client may keep no cookies);
  - no replica answers (a replica that refuses a connection is skipped for
    ``RENDA_REPLICA_RETRY_SECONDS``; a GET whose replica failed mid-way is run
    again once, on the primary).
"""

from __future__ import annotations

import logging
import random
import time
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
)
from django.db.models import QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)

READ_AFTER_WRITE_COOKIE = "renda_rw"
READ_AFTER_WRITE_SALT = "renda.core.db_router.read-after-write"
# Statements that do not change data; anything else on the primary is a write.
READ_STATEMENTS = (
    "SELECT",
    "SAVEPOINT",
    "RELEASE",
    "ROLLBACK",
    "BEGIN",
    "SET",
    "SHOW",
    "EXPLAIN",
    "PRAGMA",
)
SAFE_METHODS = ("GET", "HEAD")
# The router hint a list selector's queryset carries (``replica_ok``).
REPLICA_HINT = "renda_replica_ok"


@dataclass
class ReadState:
    """What one request has done so far, for the choice of a read's database."""

    wrote: bool = False
    recently_wrote: bool = False
    # The replica chosen for this request (once), or the primary.
    alias: str | None = None


_request_state: ContextVar[ReadState | None] = ContextVar(
    "renda_read_state", default=None
)
_replica_reads: ContextVar[bool] = ContextVar("renda_replica_reads", default=False)
_bookkeeping: ContextVar[bool] = ContextVar("renda_bookkeeping", default=False)
# Replicas that refused a connection, until when (time.monotonic()); per process.
_down_until: dict[str, float] = {}


@contextmanager
def bookkeeping():
    """Writes inside that no reader needs to see (a token's last use): they do
    not keep the request, or its client afterwards, on the primary."""
    token = _bookkeeping.set(True)
    try:
        yield
    finally:
        _bookkeeping.reset(token)


def note_token_read_after_write(wrote_at) -> None:
    """Keep this request on the primary if its API token wrote a moment ago.

    Called when a bearer token authenticates (before the view reads anything),
    with the token's ``wrote_at``. Without a replica there is no request state
    and nothing to do.
    """
    state = _request_state.get()
    if state is None or wrote_at is None:
        return
    age = (timezone.now() - wrote_at).total_seconds()
    if age < settings.RENDA_READ_AFTER_WRITE_SECONDS:
        state.recently_wrote = True


def replica_aliases() -> list[str]:
    """Return the aliases of the configured replicas (empty: no replica)."""
    return list(getattr(settings, "RENDA_DATABASE_REPLICAS", ()))


def _replica_usable(alias: str) -> bool:
    try:
        connections[alias].ensure_connection()
    except (OperationalError, InterfaceError) as error:
        _down_until[alias] = time.monotonic() + settings.RENDA_REPLICA_RETRY_SECONDS
        logger.warning(
            "Replica %s unreachable, reading the primary for %s s: %s",
            alias,
            settings.RENDA_REPLICA_RETRY_SECONDS,
            error,
        )
        return False
    return True


def _choose_replica() -> str:
    now = time.monotonic()
    candidates = [a for a in replica_aliases() if _down_until.get(a, 0) <= now]
    random.shuffle(candidates)
    for alias in candidates:
        if _replica_usable(alias):
            return alias
    return DEFAULT_DB_ALIAS


def read_alias() -> str:
    """Return the database an opted-in read may use: a replica, or the primary."""
    state = _request_state.get()
    if state is None or state.wrote or state.recently_wrote:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    if state.alias is None:
        state.alias = _choose_replica() if replica_aliases() else DEFAULT_DB_ALIAS
    return state.alias


def replica_ok(queryset: QuerySet) -> QuerySet:
    """Return the queryset marked so that it may read a replica when it runs.

    The choice is the router's, when the query runs (``read_alias()``): a list
    built before a write and run after it reads the primary. Used as a
    subquery, the list is part of the outer query and runs where that runs.
    """
    marked = queryset.all()
    # A copy: clones share their hints dict, and the caller's queryset stays as it was.
    marked._hints = {**marked._hints}
    marked._add_hints(**{REPLICA_HINT: True})
    return marked


@contextmanager
def replica_reads():
    """Let the reads inside (a statistics selector's queries) use a replica.

    Also a decorator. The reads still go to the primary whenever
    ``read_alias()`` says so (a write in this request, a transaction...).
    """
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """Writes and reads to the primary; opted-in reads to ``read_alias()``."""

    def db_for_read(self, model, **hints):
        if hints.get(REPLICA_HINT) or _replica_reads.get():
            return read_alias()
        instance = hints.get("instance")
        if instance is not None and instance._state.db in replica_aliases():
            # Related rows of a row read from a replica (prefetches, foreign keys).
            return read_alias()
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        same = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in same and obj2._state.db in same:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica follows the primary's schema through replication.
        if db in replica_aliases():
            return False
        return None


def _is_write(sql) -> bool:
    if not isinstance(sql, str):
        return True
    # "(SELECT ...) UNION (SELECT ...)" on PostgreSQL starts with a parenthesis.
    return not sql.lstrip(" \t\r\n(").upper().startswith(READ_STATEMENTS)


class ReadAfterWriteMiddleware:
    """Track a request's writes; keep its browser on the primary for a while after.

    Put right after ``RequestContextMiddleware`` (the settings do so when a
    replica is configured). Without a replica it removes itself.
    """

    def __init__(self, get_response):
        if not replica_aliases():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        state = ReadState(recently_wrote=self._recently_wrote(request))
        token = _request_state.set(state)

        def detect_writes(execute, sql, params, many, context):
            if not state.wrote and not _bookkeeping.get() and _is_write(sql):
                state.wrote = True
            return execute(sql, params, many, context)

        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(detect_writes):
                response = self.get_response(request)
                if self._replica_failed(request, state, response):
                    state.alias = DEFAULT_DB_ALIAS
                    response = self.get_response(request)
        finally:
            _request_state.reset(token)
        if state.wrote:
            token = getattr(request, "api_token", None)
            if token is not None:
                # A bare UPDATE on the primary (bookkeeping, not audited).
                type(token).objects.filter(pk=token.pk).update(wrote_at=timezone.now())
            response.set_signed_cookie(
                READ_AFTER_WRITE_COOKIE,
                "1",
                salt=READ_AFTER_WRITE_SALT,
                max_age=settings.RENDA_READ_AFTER_WRITE_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    @staticmethod
    def _recently_wrote(request) -> bool:
        return (
            request.get_signed_cookie(
                READ_AFTER_WRITE_COOKIE,
                default=None,
                salt=READ_AFTER_WRITE_SALT,
                max_age=settings.RENDA_READ_AFTER_WRITE_SECONDS,
            )
            is not None
        )

    @staticmethod
    def _replica_failed(request, state: ReadState, response) -> bool:
        """Say whether a read-only request's 503 came while it read a replica.

        Then the replica is tested (and skipped for a while if it does not
        answer) and the request is run again, once, on the primary: a user
        never sees a replica's failure, only the primary's.
        """
        if (
            response.status_code != 503
            or request.method not in SAFE_METHODS
            or state.wrote
            or state.alias not in replica_aliases()
        ):
            return False
        connection = connections[state.alias]
        with suppress(DatabaseError):
            connection.close()
        _replica_usable(state.alias)
        logger.warning(
            "Read %s again on the primary after a replica failed", request.path
        )
        return True
