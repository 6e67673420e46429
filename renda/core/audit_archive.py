"""Checking, exporting and archiving the audit log's hash chain.

- :func:`audit_verify` walks the chain from the latest archive checkpoint and compares
  it with the exported heads (``manage.py audit_verify``).
- :func:`audit_head_export` appends the chain's head to a file outside the database,
  once a day (``manage.py audit_export_head``, scheduled).
- :func:`audit_archive_run` moves rows older than the retention into compressed
  JSON-lines files with a manifest, records a checkpoint and only then deletes them
  through the one path the database allows (``manage.py audit_archive``, scheduled).
- :func:`audit_verify_archive` checks one archive file against its manifest and the
  checkpoint (``manage.py audit_verify --archive FILE``).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from .audit_chain import (
    GENESIS,
    KIND_CHECKPOINT,
    KIND_INSERTED,
    KIND_REWRITTEN,
    KIND_TAIL_CUT,
    ROW_VALUES,
    Break,
    ChainWalker,
    Head,
    canonical_json,
    canonical_time,
    chain_head,
    chain_key,
    mac,
    rows_in_chain_order,
)
from .models import ActionLog, AuditArchive

HEADS_FILE = "heads.tsv"
# 《网络安全法》第二十一条：网络日志留存不少于六个月. Six months are at most 184 days
# (1 July – 31 December); the database refuses to delete younger rows (core 0008).
MIN_RETENTION_DAYS = 184
ARCHIVE_VALUES = (*ROW_VALUES, "actor_id")


# --- Heads ------------------------------------------------------------------


@dataclass(frozen=True)
class HeadLine:
    date: str
    seq: int
    id: int
    chain_hash: str
    rows: int

    def line(self) -> str:
        return f"{self.date}\t{self.seq}\t{self.id}\t{self.chain_hash}\t{self.rows}\n"


def heads_path(directory=None) -> Path:
    return Path(directory or settings.RENDA_AUDIT_HEAD_DIR) / HEADS_FILE


def heads_read(path: Path) -> list[HeadLine]:
    """The exported heads; lines that do not parse are skipped (comments, blanks)."""
    heads = []
    if not path.exists():
        return heads
    for raw in path.read_text(encoding="utf-8").splitlines():
        parts = raw.strip().split("\t")
        if len(parts) != 5 or raw.startswith("#"):
            continue
        try:
            heads.append(
                HeadLine(
                    parts[0], int(parts[1]), int(parts[2]), parts[3], int(parts[4])
                )
            )
        except ValueError:
            continue
    return heads


def audit_head_export(
    *, today: dt.date | None = None, directory=None, using: str = "default"
) -> tuple[HeadLine, bool]:
    """Append today's head to the heads file; a second run the same day adds nothing."""
    today = today or timezone.localdate()
    path = heads_path(directory)
    existing = heads_read(path)
    head = chain_head(using)
    line = HeadLine(
        today.isoformat(),
        head.seq,
        head.id or 0,
        head.chain_hash,
        ActionLog.objects.using(using).count(),
    )
    if existing and existing[-1].date == line.date:
        return existing[-1], False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.line().encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return line, True


# --- Checkpoints ------------------------------------------------------------


def checkpoint_mac(values: dict, key: bytes | None = None) -> str:
    payload = canonical_json(
        [
            "renda-audit-archive-v1",
            int(values["seq_first"]),
            int(values["seq_last"]),
            int(values["id_first"]),
            int(values["id_last"]),
            int(values["row_count"]),
            values["prev_hash"],
            values["last_hash"],
            values["file_sha256"],
        ]
    ).encode()
    return mac(payload, key)


def _checkpoints_head(*, key: bytes, using: str) -> tuple[Head, Break | None, int]:
    """The head after the last checkpoint, checking each checkpoint's MAC and links."""
    head = Head(0, GENESIS, 0)
    count = 0
    for cp in AuditArchive.objects.using(using).order_by("seq_last").values():
        count += 1
        where = f"archive checkpoint {cp['file_name']} (seq {cp['seq_first']}–{cp['seq_last']})"
        if not hmac.compare_digest(checkpoint_mac(cp, key), cp["mac"]):
            return (
                head,
                Break(
                    KIND_CHECKPOINT,
                    f"{where} does not verify: made or changed behind the application's back",
                    seq=cp["seq_first"],
                ),
                count,
            )
        if cp["seq_first"] != head.seq + 1 or cp["prev_hash"] != head.chain_hash:
            return (
                head,
                Break(
                    KIND_CHECKPOINT,
                    f"{where} does not continue the previous checkpoint (seq {head.seq})",
                    seq=cp["seq_first"],
                ),
                count,
            )
        head = Head(cp["seq_last"], cp["last_hash"], cp["id_last"])
    return head, None, count


# --- Verification -----------------------------------------------------------


@dataclass
class VerifyReport:
    rows: int = 0
    start: Head = field(default_factory=lambda: Head(0, GENESIS, 0))
    last: Head = field(default_factory=lambda: Head(0, GENESIS, 0))
    checkpoints: int = 0
    heads: int = 0
    heads_checked: int = 0
    heads_file: str = ""
    broken: Break | None = None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def summary(self) -> str:
        if self.broken:
            return f"audit log BROKEN at {self.broken}"
        archived = (
            f", seq 1–{self.start.seq} in {self.checkpoints} archive file(s)"
            if self.checkpoints
            else ""
        )
        heads = (
            f"{self.heads_checked} of {self.heads} exported heads matched"
            if self.heads
            else f"no exported heads in {self.heads_file} (a cut tail cannot be seen)"
        )
        return (
            f"audit log intact: {self.rows} rows checked "
            f"(seq {self.start.seq + 1}–{self.last.seq}){archived}; {heads}."
        )


def audit_verify(
    *, heads_file=None, using: str = "default", batch: int = 5000
) -> VerifyReport:
    """Walk the chain from the latest checkpoint; the first break, if any."""
    key = chain_key()
    report = VerifyReport()
    path = Path(heads_file) if heads_file else heads_path()
    report.heads_file = str(path)
    start, broken, report.checkpoints = _checkpoints_head(key=key, using=using)
    report.start = report.last = start
    if broken:
        report.broken = broken
        return report
    heads = heads_read(path)
    report.heads = len(heads)
    archived = {
        cp["seq_last"]: cp
        for cp in AuditArchive.objects.using(using).values(
            "seq_last", "last_hash", "id_last"
        )
    }
    by_seq = {}
    for head in heads:
        if head.seq > start.seq:
            by_seq.setdefault(head.seq, head)
        elif head.seq in archived:
            report.heads_checked += 1
            cp = archived[head.seq]
            if cp["last_hash"] != head.chain_hash or cp["id_last"] != head.id:
                report.broken = Break(
                    KIND_REWRITTEN,
                    f"the archive checkpoint ending at seq {head.seq} differs from the "
                    f"head exported on {head.date}",
                    seq=head.seq,
                )
                return report
        else:
            report.heads_checked += 1  # inside an archive file: audit_verify --archive
    stray = (
        ActionLog.objects.using(using)
        .filter(seq__lte=start.seq)
        .order_by("seq")
        .values("id", "seq")
        .first()
    )
    if stray:
        report.broken = Break(
            KIND_INSERTED,
            f"its seq is already archived (checkpoint up to seq {start.seq})",
            **stray,
        )
        return report
    walker = ChainWalker(start=start, key=key, heads=by_seq)
    walker.check_all(rows_in_chain_order(after_seq=start.seq, using=using, batch=batch))
    report.rows, report.last = walker.count, walker.last
    report.heads_checked += walker.heads_checked
    if walker.broken:
        report.broken = walker.broken
        return report
    beyond = [head for head in heads if head.seq > walker.last.seq]
    if beyond:
        head = max(beyond, key=lambda h: h.seq)
        report.broken = Break(
            KIND_TAIL_CUT,
            f"the head exported on {head.date} ends at seq {head.seq} (id {head.id}) but "
            f"the chain ends at seq {walker.last.seq}: the newest rows "
            f"(seq {walker.last.seq + 1}–{head.seq}) were deleted",
            seq=walker.last.seq + 1,
        )
    return report


# --- Archiving --------------------------------------------------------------


class ArchiveRefused(Exception):
    """The rows to archive do not verify: archiving them would hide the evidence."""


@dataclass
class ArchiveReport:
    files: list[str] = field(default_factory=list)
    rows: int = 0
    cutoff: dt.datetime | None = None

    def summary(self) -> str:
        if not self.files:
            return (
                f"audit archive: nothing older than {self.cutoff:%Y-%m-%d %H:%M} UTC."
            )
        return (
            f"audit archive: {self.rows} rows older than {self.cutoff:%Y-%m-%d %H:%M} "
            f"UTC moved to {len(self.files)} file(s): {', '.join(self.files)}."
        )


def archive_dir(directory=None) -> Path:
    return Path(directory or settings.RENDA_AUDIT_ARCHIVE_DIR)


def manifest_path(path: Path) -> Path:
    name = path.name.removesuffix(".jsonl.gz")
    return path.with_name(f"{name}.manifest.json")


def _archive_line(row: dict) -> str:
    values = dict(row)
    values["created_at"] = canonical_time(values["created_at"])
    return canonical_json(values) + "\n"


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _archive_rows(rows: list[dict], start: Head, directory: Path) -> dict:
    """Write the file and its manifest (deterministic: a rerun writes the same bytes)."""
    first, last = rows[0], rows[-1]
    name = f"actionlog-{first['seq']:012d}-{last['seq']:012d}.jsonl.gz"
    path = directory / name
    raw = "".join(_archive_line(row) for row in rows).encode()
    compressed = gzip.compress(raw, compresslevel=9, mtime=0)
    directory.mkdir(parents=True, exist_ok=True)
    # A run that died before its checkpoint may have left a file for a shorter range.
    for stale in directory.glob(f"actionlog-{first['seq']:012d}-*.jsonl.gz"):
        if stale.name != name:
            manifest_path(stale).unlink(missing_ok=True)
            stale.unlink()
    _write_atomically(path, compressed)
    manifest = {
        "format": "renda-audit-archive-v1",
        "file": name,
        "file_sha256": hashlib.sha256(compressed).hexdigest(),
        "seq_first": first["seq"],
        "seq_last": last["seq"],
        "id_first": first["id"],
        "id_last": last["id"],
        "row_count": len(rows),
        "prev_hash": start.chain_hash,
        "last_hash": last["chain_hash"],
        "first_created_at": canonical_time(first["created_at"]),
        "last_created_at": canonical_time(last["created_at"]),
    }
    _write_atomically(
        manifest_path(path), (json.dumps(manifest, indent=2) + "\n").encode()
    )
    return manifest


def _delete_archived(upto_seq: int, using: str) -> int:
    """Delete rows up to a checkpoint through the one path the database allows."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT renda_action_log_archive_delete(%s)", [upto_seq])
            return cursor.fetchone()[0]
        cursor.execute("DELETE FROM core_actionlog WHERE seq <= %s", [upto_seq])
        return cursor.rowcount


def retention_days(days: int | None = None) -> int:
    days = settings.RENDA_AUDIT_RETENTION_DAYS if days is None else days
    if days < MIN_RETENTION_DAYS:
        raise ValueError(
            f"The audit log is kept at least {MIN_RETENTION_DAYS} days (six months, "
            f"Cybersecurity Law art. 21); {days} is too short."
        )
    return days


def audit_archive_run(
    *,
    now: dt.datetime | None = None,
    days: int | None = None,
    directory=None,
    batch: int = 50_000,
    using: str = "default",
) -> ArchiveReport:
    """Move rows older than the retention out of the database, oldest first.

    Per file: verify the rows, write the file and manifest, then in one transaction
    the checkpoint, its ``audit.archive`` row and the deletion. A run that dies
    anywhere leaves either nothing done or a finished file: the rerun starts again
    from the latest checkpoint.
    """
    from .services import action_log_record

    key = chain_key()
    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days(days))
    report = ArchiveReport(cutoff=cutoff)
    directory = archive_dir(directory)
    # Only rows that exist now: each file's own audit.archive row waits for a later run.
    max_seq = chain_head(using).seq
    while True:
        start, broken, _ = _checkpoints_head(key=key, using=using)
        if broken:
            raise ArchiveRefused(str(broken))
        candidates = list(
            ActionLog.objects.using(using)
            .filter(seq__gt=start.seq, seq__lte=max_seq)
            .order_by("seq")
            .values(*ARCHIVE_VALUES)[:batch]
        )
        rows = []
        for row in candidates:  # a prefix of the chain: stop at the first newer row
            if row["created_at"] >= cutoff:
                break
            rows.append(row)
        if not rows:
            return report
        walker = ChainWalker(start=start, key=key)
        if not walker.check_all(rows):
            raise ArchiveRefused(
                f"the rows to archive do not verify ({walker.broken}); run audit_verify"
            )
        manifest = _archive_rows(rows, start, directory)
        with transaction.atomic(using=using):
            values = {k: manifest[k] for k in CHECKPOINT_FIELDS}
            AuditArchive.objects.using(using).create(
                **values,
                first_created_at=rows[0]["created_at"],
                last_created_at=rows[-1]["created_at"],
                file_name=manifest["file"],
                mac=checkpoint_mac(values, key),
            )
            try:
                deleted = _delete_archived(manifest["seq_last"], using)
            except DatabaseError as exc:
                # PostgreSQL: rows younger than the legal minimum by the database's
                # clock (this server's clock is ahead?). Nothing of this file is kept.
                raise ArchiveRefused(
                    f"the database refused to delete seq {manifest['seq_first']}–"
                    f"{manifest['seq_last']}: {str(exc).splitlines()[0]}"
                ) from exc
            if deleted != len(rows):
                raise ArchiveRefused(
                    f"expected to delete {len(rows)} archived rows, the database "
                    f"deleted {deleted}"
                )
            # Last: the audit row takes the chain's lock until commit, and the
            # delete above must not hold every audited write of the site waiting.
            action_log_record(
                actor=None,
                action="audit.archive",
                summary=(
                    f"审计日志归档：链序号 {manifest['seq_first']}–{manifest['seq_last']}，"
                    f"共 {manifest['row_count']} 行，文件 {manifest['file']}"
                ),
                data=manifest,
            )
        report.files.append(manifest["file"])
        report.rows += len(rows)
        if len(rows) < len(candidates) or len(candidates) < batch:
            return report


CHECKPOINT_FIELDS = (
    "seq_first",
    "seq_last",
    "id_first",
    "id_last",
    "row_count",
    "prev_hash",
    "last_hash",
    "file_sha256",
)


def audit_verify_archive(path, *, using: str = "default", heads_file=None) -> str:
    """Check an archive file: its manifest, its chain and the checkpoint. Raises
    ``ArchiveRefused`` with the first problem; returns a one-line summary."""
    path = Path(path)
    key = chain_key()
    if not path.exists():
        raise ArchiveRefused(f"{path}: no such file")
    data = path.read_bytes()
    manifest_file = manifest_path(path)
    if not manifest_file.exists():
        raise ArchiveRefused(f"{manifest_file}: the manifest is missing")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    if hashlib.sha256(data).hexdigest() != manifest["file_sha256"]:
        raise ArchiveRefused(f"{path}: its SHA-256 is not the manifest's")
    checkpoint = (
        AuditArchive.objects.using(using)
        .filter(seq_first=manifest["seq_first"])
        .values()
        .first()
    )
    if checkpoint is None:
        note = "no checkpoint in the database for it"
    else:
        for name in CHECKPOINT_FIELDS:
            if checkpoint[name] != manifest[name]:
                raise ArchiveRefused(
                    f"{path}: the manifest's {name} differs from the database's checkpoint"
                )
        if not hmac.compare_digest(checkpoint_mac(checkpoint, key), checkpoint["mac"]):
            raise ArchiveRefused(f"{path}: the database's checkpoint does not verify")
        note = "matches its checkpoint"
    heads = {
        head.seq: head
        for head in heads_read(Path(heads_file) if heads_file else heads_path())
        if manifest["seq_first"] <= head.seq <= manifest["seq_last"]
    }
    walker = ChainWalker(
        start=Head(manifest["seq_first"] - 1, manifest["prev_hash"], 0),
        key=key,
        heads=heads,
    )
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    walker.check_all(json.loads(line) for line in lines)
    if walker.broken:
        raise ArchiveRefused(f"{path}: BROKEN at {walker.broken}")
    if (
        walker.count != manifest["row_count"]
        or walker.last.seq != manifest["seq_last"]
        or walker.last.chain_hash != manifest["last_hash"]
    ):
        raise ArchiveRefused(
            f"{path}: holds {walker.count} rows up to seq {walker.last.seq}; "
            f"the manifest says {manifest['row_count']} up to seq {manifest['seq_last']}"
        )
    return (
        f"archive intact: {path.name}, {walker.count} rows (seq "
        f"{manifest['seq_first']}–{manifest['seq_last']}), {note}; "
        f"{walker.heads_checked} exported heads matched."
    )
