"""Atomic rate limits for the public (anonymous) forms.

A limit is "at most ``limit`` submissions per ``window`` for one key" — a
client address, a station, a topic call. Each (scope, key, window) has one
counter row, :class:`~renda.core.models.RateLimitBucket`, incremented by one
statement inside the transaction of the submission it counts::

    INSERT ... VALUES (..., 1)
    ON CONFLICT (scope, key, window_start) DO UPDATE SET count = count + 1
    RETURNING count

On PostgreSQL the conflicting update takes the row's lock, which is held to
the end of the transaction: a second submission for the same key waits for
the first to commit or roll back and then sees its count, so N parallel posts
through a limit of 5 let exactly 5 through. On SQLite every write
transaction is serialised by the database lock (settings begin them
IMMEDIATE). A refused submission raises :class:`RateLimited` inside the
transaction, which rolls the increment back with everything else: a refused
or failed submission is not counted, an accepted one is counted exactly once.

Windows are fixed and aligned to local time (an hour starts on the hour, a
day at local midnight), so ``Retry-After`` says exactly when the window ends.
A fixed window lets a client send up to twice the limit across a boundary
(the end of one window and the start of the next); for forms whose limits
are a few per hour that is acceptable, and it keeps the arithmetic one row.
See docs/decisions/0016-public-form-rate-limits-csp-denials.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .errors import ApplicationError
from .models import RateLimitBucket

# Buckets are kept this long after their window ended (the longest window is a
# day), then ``ratelimit_prune`` deletes them.
KEEP_AFTER_WINDOW = dt.timedelta(days=2)


UNKNOWN_ADDRESS = "unknown"


def address_value(address: str | None) -> str:
    """The value a limit per client address counts: the network of one subscriber.

    An IPv4 address is itself. An IPv6 subscriber is given a whole /64 (or more)
    and may use any address in it, so a limit per IPv6 address is a limit per
    request: the /64 is counted instead. An IPv4-mapped IPv6 address
    (``::ffff:1.2.3.4``) counts as its IPv4 address; a missing or unreadable
    address, as one "unknown" client.
    """
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return UNKNOWN_ADDRESS
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


class RateLimited(ApplicationError):
    """A public submission over one of its limits; nothing was stored."""

    code = "core.rate_limited"
    status = 429

    def __init__(self, message: str, *, limit: Limit, retry_after: int) -> None:
        super().__init__(message, extra={"retry_after": retry_after})
        self.limit = limit
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` submissions per ``window`` for ``value`` within ``scope``.

    ``value`` (an address, a station's id) is stored only as a keyed hash.
    ``message`` is what the resident reads when refused (clear Chinese).
    """

    scope: str
    value: str
    limit: int
    window: dt.timedelta
    message: str

    @property
    def key(self) -> str:
        return hmac.new(
            settings.SECRET_KEY.encode(),
            f"{self.scope}\x00{self.value}".encode(),
            hashlib.sha256,
        ).hexdigest()


def window_start(window: dt.timedelta, now: dt.datetime) -> dt.datetime:
    """Return the start of the fixed window holding ``now``, aligned to local time."""
    seconds = int(window.total_seconds())
    if seconds <= 0:
        raise ValueError("A rate limit's window must be positive.")
    local = timezone.localtime(now)
    offset = int(local.utcoffset().total_seconds())
    stamp = math.floor(now.timestamp()) + offset
    start = stamp - stamp % seconds - offset
    return dt.datetime.fromtimestamp(start, tz=dt.UTC)


def _retry_after(limit: Limit, now: dt.datetime) -> int:
    end = window_start(limit.window, now) + limit.window
    return max(1, math.ceil((end - now).total_seconds()))


def _ordered(limits) -> list[Limit]:
    # One order for every caller, so that two transactions taking the same
    # buckets never wait for each other in a cycle.
    return sorted(limits, key=lambda limit: (limit.scope, limit.key))


def _increment(limit: Limit, now: dt.datetime) -> int:
    table = connection.ops.quote_name(RateLimitBucket._meta.db_table)
    start = connection.ops.adapt_datetimefield_value(window_start(limit.window, now))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, key, window_start, count) "  # noqa: S608 - table name is ours
            "VALUES (%s, %s, %s, 1) "
            "ON CONFLICT (scope, key, window_start) "
            f"DO UPDATE SET count = {table}.count + 1 "
            "RETURNING count",
            [limit.scope, limit.key, start],
        )
        return int(cursor.fetchone()[0])


def rate_limit_take(*limits: Limit, now: dt.datetime | None = None) -> None:
    """Count one submission against every limit, or raise :class:`RateLimited`.

    Must run inside the transaction that stores the submission: the caller's
    ``transaction.atomic`` rolls the increments back when it raises (this
    function's refusal included), so only stored submissions are counted.
    """
    if not connection.in_atomic_block:
        raise RuntimeError(
            "rate_limit_take must run inside the submission's transaction."
        )
    now = now or timezone.now()
    for limit in _ordered(limits):
        if limit.limit <= 0 or _increment(limit, now) > limit.limit:
            raise RateLimited(
                limit.message, limit=limit, retry_after=_retry_after(limit, now)
            )


def rate_limit_refusal(
    *limits: Limit, now: dt.datetime | None = None
) -> RateLimited | None:
    """Return the refusal a submission would get now, without counting it (a read).

    Pages ask this before checking a form, so that a client over its limit is
    told so at once; the count that decides is :func:`rate_limit_take`.
    """
    now = now or timezone.now()
    for limit in _ordered(limits):
        count = (
            RateLimitBucket.objects.filter(
                scope=limit.scope,
                key=limit.key,
                window_start=window_start(limit.window, now),
            )
            .values_list("count", flat=True)
            .first()
            or 0
        )
        if count >= limit.limit:
            return RateLimited(
                limit.message, limit=limit, retry_after=_retry_after(limit, now)
            )
    return None


@transaction.atomic
def rate_limit_prune(now: dt.datetime | None = None) -> int:
    """Delete the buckets of windows that ended more than two days ago; return how many."""
    now = now or timezone.now()
    deleted, _ = RateLimitBucket.objects.filter(
        window_start__lt=now - KEEP_AFTER_WINDOW - dt.timedelta(days=1)
    ).delete()
    return deleted
