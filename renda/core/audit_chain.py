"""The audit log's hash chain: sealing new rows and verifying the chain.

Every ``ActionLog`` row carries ``seq`` (1, 2, 3, … without gaps), ``prev_hash`` (the
previous row's ``chain_hash``; 64 zeros before the first row) and ``chain_hash``, an
HMAC-SHA256 with the chain key over the row's canonical form (:func:`canonical`). The
key is ``settings.RENDA_AUDIT_CHAIN_KEY``, or derived from ``SECRET_KEY`` when that is
empty: someone with SQL access but without the key cannot write a row that verifies,
so an edit, insert or deletion behind the application's back shows in
``manage.py audit_verify``. docs/decisions/0017-audit-hash-chain.md says why.

Appending is serialised: on PostgreSQL a transaction-level advisory lock is taken before
the head is read and held until the surrounding transaction commits, so two writers
never chain off the same predecessor; ``created_at`` is the database's
``clock_timestamp()`` read under that lock. SQLite serialises writers itself (Renda opens
its transactions IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.utils.dateparse import parse_datetime

GENESIS = "0" * 64
# pg_advisory_xact_lock key of the chain's head ("RendaAud" in ASCII).
LOCK_KEY = 0x52656E6461417564
CANONICAL_VERSION = "renda-audit-v1"
# The fields the hash covers, in this order. Not id (assigned by the database
# after the hash is made) and not actor_id (set to NULL when a user is deleted;
# actor_name keeps who it was).
CHAIN_FIELDS = (
    "seq",
    "prev_hash",
    "created_at",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "summary",
    "data",
    "ip_address",
    "user_agent",
)


def chain_key() -> bytes:
    """The HMAC key: the setting, or a derivation of SECRET_KEY."""
    configured = getattr(settings, "RENDA_AUDIT_CHAIN_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"renda.audit-chain.v1", hashlib.sha256
    ).digest()


def _json_value(value):
    """The value as the database gives it back: integral floats become integers.

    PostgreSQL's jsonb prints 1e20 as 100000000000000000000 and 1.0 as 1.0; both read
    back equal to the integer, so the canonical form uses the integer.
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return value


def canonical_json(value) -> str:
    """Sorted keys, no spaces, UTF-8 text (not \\u escapes)."""
    return json.dumps(
        value,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )


def normalise_data(data) -> dict:
    """``data`` after the round trip through JSON that storing it makes."""
    return _json_value(json.loads(json.dumps(data or {})))


def canonical_time(value: dt.datetime) -> str:
    """UTC, ISO 8601 with microseconds: 2026-11-29T03:04:05.123456+00:00."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


@functools.lru_cache(maxsize=4096)
def canonical_ip(value) -> str:
    return str(ipaddress.ip_address(value)) if value else ""


def canonical(fields: dict) -> bytes:
    """The bytes the hash covers: a JSON array of CHAIN_FIELDS in their order."""
    return canonical_json(
        [
            CANONICAL_VERSION,
            int(fields["seq"]),
            fields["prev_hash"],
            canonical_time(fields["created_at"]),
            fields["actor_name"] or "",
            fields["action"] or "",
            fields["object_type"] or "",
            fields["object_id"] or "",
            fields["summary"] or "",
            _json_value(fields["data"] or {}),
            canonical_ip(fields["ip_address"]),
            fields["user_agent"] or "",
        ]
    ).encode()


def mac(payload: bytes, key: bytes | None = None) -> str:
    return hmac.new(key or chain_key(), payload, hashlib.sha256).hexdigest()


def row_hash(fields: dict, key: bytes | None = None) -> str:
    return mac(canonical(fields), key)


@dataclass(frozen=True)
class Head:
    seq: int
    chain_hash: str
    id: int | None = None


def _checkpoint_head(using: str) -> Head:
    last = (
        apps.get_model("core", "AuditArchive")
        .objects.using(using)
        .order_by("-seq_last")
        .values_list("seq_last", "last_hash", "id_last")
        .first()
    )
    return Head(*last) if last else Head(0, GENESIS, 0)


def _db_now(using: str) -> dt.datetime:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT clock_timestamp()")
            return cursor.fetchone()[0]
        # SQLite: the database's clock, to the millisecond.
        cursor.execute("SELECT strftime('%Y-%m-%dT%H:%M:%f', 'now')")
        return dt.datetime.fromisoformat(cursor.fetchone()[0]).replace(tzinfo=dt.UTC)


def chain_lock(using: str) -> None:
    """Serialise appends until the transaction ends (PostgreSQL; a no-op on SQLite)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def chain_head(using: str) -> Head:
    """The newest row of the chain, or the latest archive checkpoint, or genesis."""
    last = (
        apps.get_model("core", "ActionLog")
        .objects.using(using)
        .order_by("-seq")
        .values_list("seq", "chain_hash", "id")
        .first()
    )
    return Head(*last) if last else _checkpoint_head(using)


def head_and_now(using: str) -> tuple[Head, dt.datetime]:
    """The chain's head and the database's clock (after the lock is granted)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return chain_head(using), _db_now(using)
    # One round trip for both.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT clock_timestamp(), h.seq, h.chain_hash, h.id FROM (SELECT 1) "
            "AS one LEFT JOIN LATERAL (SELECT seq, chain_hash, id FROM "
            "core_actionlog ORDER BY seq DESC LIMIT 1) AS h ON true"
        )
        now, *last = cursor.fetchone()
    return (Head(*last) if last[0] is not None else _checkpoint_head(using)), now


def chain_seal_new(row, *, using: str) -> None:
    """Give a new row its place in the chain; called by ``ActionLog.save``.

    Must run inside a transaction (the caller's atomic block): the lock taken here is
    released only when that transaction ends, so the next writer reads this row as
    its predecessor. The head is read in a statement after the lock is granted
    (READ COMMITTED takes a fresh snapshot per statement).
    """
    chain_lock(using)
    head, now = head_and_now(using)
    row.data = normalise_data(row.data)
    row.ip_address = canonical_ip(row.ip_address) or None
    row.created_at = now
    row.seq = head.seq + 1
    row.prev_hash = head.chain_hash
    row.chain_hash = row_hash({name: getattr(row, name) for name in CHAIN_FIELDS})


# --- Verification -----------------------------------------------------------

ROW_VALUES = ("id", *CHAIN_FIELDS, "chain_hash")


@dataclass
class Break:
    """The first broken place: which row, and what is wrong with it."""

    kind: str
    message: str
    id: int | None = None
    seq: int | None = None

    def __str__(self) -> str:
        where = f"row id={self.id} seq={self.seq}" if self.id else f"seq={self.seq}"
        return f"{where}: {self.kind} — {self.message}"


KIND_EDITED = "edited"
KIND_MISSING = "missing predecessor"
KIND_INSERTED = "inserted"
KIND_TAIL_CUT = "tail cut"
KIND_REWRITTEN = "rewritten"
KIND_CHECKPOINT = "checkpoint"


class ChainWalker:
    """Checks rows one by one in seq order; remembers the first break.

    Works for database rows and for the lines of an archive file alike.
    """

    def __init__(self, *, start: Head, key: bytes | None = None, heads=None):
        self.key = key or chain_key()
        self.expected_seq = start.seq + 1
        self.prev_hash = start.chain_hash
        self.prev_id = start.id or 0
        self.start = start
        self.count = 0
        self.last: Head = start
        self.heads = heads or {}  # seq -> HeadLine to compare with
        self.heads_checked = 0
        self.broken: Break | None = None

    def check(self, row: dict) -> bool:
        """False (and ``self.broken`` set) at the first row that does not verify."""
        row_id, seq = row["id"], row["seq"]
        if seq is None:
            return self._break(KIND_INSERTED, "the row has no place in the chain", row)
        if seq < self.expected_seq:
            return self._break(
                KIND_INSERTED,
                f"seq {seq} repeats or precedes seq {self.expected_seq - 1}",
                row,
            )
        if seq > self.expected_seq:
            if self.expected_seq == 1 or self.expected_seq == self.start.seq + 1:
                gone = (
                    "the oldest rows were deleted without an archive checkpoint"
                    if self.start.seq == 0
                    else f"rows after the archive checkpoint (seq {self.start.seq}) "
                    "were deleted"
                )
            else:
                gone = "rows were deleted"
            missing = (
                f"seq {self.expected_seq}"
                if seq == self.expected_seq + 1
                else f"seq {self.expected_seq}–{seq - 1}"
            )
            return self._break(KIND_MISSING, f"{missing} not found: {gone}", row)
        if row["prev_hash"] != self.prev_hash:
            return self._break(
                KIND_INSERTED,
                "its prev_hash is not the previous row's hash: the row was inserted "
                "or its predecessor replaced",
                row,
            )
        if not hmac.compare_digest(row_hash(row, self.key), row["chain_hash"] or ""):
            return self._break(
                KIND_EDITED,
                "its content does not match its hash: changed after it was written "
                "(or written without the chain key)",
                row,
            )
        if row_id is not None and row_id <= self.prev_id:
            return self._break(
                KIND_INSERTED,
                f"its id is not after the previous row's id {self.prev_id}: "
                "rows were reordered or inserted",
                row,
            )
        head = self.heads.get(seq)
        if head is not None:
            self.heads_checked += 1
            if head.chain_hash != row["chain_hash"] or (
                row_id is not None and head.id != row_id
            ):
                return self._break(
                    KIND_REWRITTEN,
                    f"differs from the head exported on {head.date} (id {head.id}, "
                    f"hash {head.chain_hash[:12]}…): the chain was cut or rewritten "
                    "here and continued",
                    row,
                )
        self.expected_seq = seq + 1
        self.prev_hash = row["chain_hash"]
        self.prev_id = row_id if row_id is not None else self.prev_id
        self.last = Head(seq, row["chain_hash"], row_id)
        self.count += 1
        return True

    def check_all(self, rows: Iterable[dict]) -> bool:
        return all(self.check(row) for row in rows)

    def _break(self, kind: str, message: str, row: dict) -> bool:
        self.broken = Break(kind, message, id=row.get("id"), seq=row.get("seq"))
        return False


def rows_in_chain_order(*, after_seq: int, using: str, batch: int = 5000) -> Iterator:
    """Every row with seq > after_seq, by seq, in keyset batches (constant memory)."""
    queryset = (
        apps.get_model("core", "ActionLog")
        .objects.using(using)
        .order_by("seq")
        .values(*ROW_VALUES)
    )
    last = after_seq
    while True:
        rows = list(queryset.filter(seq__gt=last)[:batch])
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1]["seq"]
