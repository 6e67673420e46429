"""The audit log's hash chain: sealing, verifying, and tampering behind the app's back.

Runs on SQLite and on PostgreSQL (DATABASE_URL=postgres://…). On PostgreSQL the
tampering is done as a superuser with the append-only trigger disabled, as an attacker
with SQL access would; on SQLite there is no trigger to disable.
"""

import datetime as dt
import gzip
import hashlib
import json
import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, close_old_connections, connection, transaction

from renda.accounts.tests.factories import UserFactory
from renda.core import audit_archive, audit_chain
from renda.core.audit_archive import (
    ArchiveRefused,
    audit_archive_run,
    audit_head_export,
    audit_verify,
    audit_verify_archive,
    heads_read,
)
from renda.core.models import ActionLog, AuditArchive
from renda.core.services import action_log_record

from .audit_log_aging import age_the_log, trigger_off

POSTGRES = connection.vendor == "postgresql"
needs_postgres = pytest.mark.skipif(not POSTGRES, reason="needs PostgreSQL")


@pytest.fixture(autouse=True)
def audit_dirs(tmp_path, settings):
    settings.RENDA_AUDIT_HEAD_DIR = tmp_path / "heads"
    settings.RENDA_AUDIT_ARCHIVE_DIR = tmp_path / "archive"
    return tmp_path


def _raw(sql, params=()):
    """Run SQL behind the application's back (trigger disabled on PostgreSQL)."""
    with connection.cursor() as cursor, trigger_off(cursor):
        cursor.execute(sql, params)


def _rows(n, **kwargs):
    return [
        action_log_record(
            actor=None,
            action="test.write",
            summary=f"第 {i} 行",
            data={"i": i, "名称": "值", "f": 1.0, "list": [1, 2.5]},
            **kwargs,
        )
        for i in range(1, n + 1)
    ]


def _verify():
    call_command("audit_verify")


def _broken():
    report = audit_verify()
    assert report.broken is not None, report.summary()
    return report.broken


@pytest.mark.django_db
def test_rows_are_chained_in_order_with_the_databases_clock():
    before = ActionLog.objects.count()
    rows = _rows(3)
    stored = list(ActionLog.objects.order_by("seq"))[before:]
    assert [r.seq for r in stored] == [before + 1, before + 2, before + 3]
    assert stored[0].prev_hash == (
        audit_chain.GENESIS
        if before == 0
        else ActionLog.objects.get(seq=before).chain_hash
    )
    assert stored[1].prev_hash == stored[0].chain_hash
    assert stored[2].prev_hash == stored[1].chain_hash
    assert len({r.chain_hash for r in stored}) == 3
    assert rows[0].created_at <= rows[1].created_at <= rows[2].created_at
    # The hash made before the insert is the hash of what the database gives back.
    for row in stored:
        fields = {name: getattr(row, name) for name in audit_chain.CHAIN_FIELDS}
        assert audit_chain.row_hash(fields) == row.chain_hash
    report = audit_verify()
    assert report.ok, report.summary()
    assert report.rows == before + 3


@pytest.mark.django_db
def test_verify_prints_one_line_when_intact(capsys):
    _rows(2)
    _verify()
    out = capsys.readouterr().out.strip()
    assert out.startswith("audit log intact:")
    assert "\n" not in out


@pytest.mark.django_db
def test_direct_create_is_chained_too_and_bulk_create_is_refused():
    row = ActionLog.objects.create(action="test.direct", ip_address="::FFFF:1.2.3.4")
    assert row.seq
    assert row.chain_hash
    assert audit_verify().ok
    with pytest.raises(TypeError):
        ActionLog.objects.bulk_create([ActionLog(action="x")])


@pytest.mark.django_db
def test_the_key_matters(settings):
    _rows(2)
    assert audit_verify().ok
    settings.RENDA_AUDIT_CHAIN_KEY = "another-key-" + "x" * 40
    assert _broken().kind == audit_chain.KIND_EDITED


@pytest.mark.django_db
def test_deleting_a_user_leaves_the_chain_intact():
    """The one permitted update (actor → NULL) is outside the canonical form."""
    user = UserFactory()
    action_log_record(actor=user, action="test.write", summary="有操作人")
    user.delete()
    assert ActionLog.objects.filter(actor_name=user.username, actor=None).exists()
    report = audit_verify()
    assert report.ok, report.summary()


# --- Tampering ---------------------------------------------------------------


@pytest.mark.django_db
def test_an_edited_summary_is_reported_at_that_row(capsys):
    rows = _rows(5)
    _raw("UPDATE core_actionlog SET summary = 'changed' WHERE id = %s", [rows[2].pk])

    broken = _broken()
    assert (broken.id, broken.seq, broken.kind) == (rows[2].pk, rows[2].seq, "edited")
    with pytest.raises(CommandError) as excinfo:
        _verify()
    assert excinfo.value.returncode == 1
    assert f"id={rows[2].pk} seq={rows[2].seq}: edited" in str(excinfo.value)


@pytest.mark.django_db
def test_a_deleted_middle_row_is_reported_at_its_successor():
    rows = _rows(5)
    _raw("DELETE FROM core_actionlog WHERE id = %s", [rows[2].pk])

    broken = _broken()
    assert (broken.id, broken.seq) == (rows[3].pk, rows[3].seq)
    assert broken.kind == audit_chain.KIND_MISSING
    assert f"seq {rows[2].seq} not found" in broken.message


@pytest.mark.django_db
def test_a_row_inserted_by_sql_with_a_plausible_hash_is_reported():
    rows = _rows(3)
    head = rows[-1]
    fake = {
        "seq": head.seq + 1,
        "prev_hash": head.chain_hash,
        "created_at": head.created_at + dt.timedelta(seconds=1),
        "actor_name": "admin",
        "action": "auth.login",
        "object_type": "",
        "object_id": "",
        "summary": "伪造",
        "data": {},
        "ip_address": None,
        "user_agent": "",
    }
    # Plausible: the hash an attacker without the key can compute (plain SHA-256).
    plausible = hashlib.sha256(audit_chain.canonical(fake)).hexdigest()
    _raw(
        "INSERT INTO core_actionlog (seq, prev_hash, chain_hash, created_at, actor_name, "
        "action, object_type, object_id, summary, data, user_agent) "
        "VALUES (%s, %s, %s, %s, 'admin', 'auth.login', '', '', '伪造', '{}', '')",
        [fake["seq"], fake["prev_hash"], plausible, fake["created_at"]],
    )
    inserted = ActionLog.objects.get(seq=head.seq + 1)

    broken = _broken()
    assert (broken.id, broken.seq) == (inserted.pk, inserted.seq)
    assert "without the chain key" in broken.message


@pytest.mark.django_db
def test_a_row_inserted_with_an_archived_seq_is_reported():
    _old_rows(4)
    audit_archive_run()
    first_left = ActionLog.objects.order_by("seq").first()
    _raw(
        "INSERT INTO core_actionlog (seq, prev_hash, chain_hash, created_at, actor_name, "
        "action, object_type, object_id, summary, data, user_agent) "
        "VALUES (1, %s, %s, %s, '', 'x', '', '', '', '{}', '')",
        [audit_chain.GENESIS, "0" * 64, first_left.created_at],
    )
    broken = _broken()
    assert (broken.seq, broken.kind) == (1, audit_chain.KIND_INSERTED)


@pytest.mark.django_db
def test_a_cut_tail_is_reported_against_the_exported_head():
    rows = _rows(5)
    audit_head_export()
    _raw("DELETE FROM core_actionlog WHERE seq >= %s", [rows[3].seq])

    broken = _broken()
    assert broken.kind == audit_chain.KIND_TAIL_CUT
    assert broken.seq == rows[3].seq
    assert f"seq {rows[3].seq}–{rows[4].seq}" in broken.message


@pytest.mark.django_db
def test_a_cut_tail_followed_by_new_rows_is_reported_as_rewritten():
    rows = _rows(5)
    audit_head_export()
    _raw("DELETE FROM core_actionlog WHERE seq >= %s", [rows[3].seq])
    _rows(3)  # the application carries on from the cut head

    broken = _broken()
    assert broken.kind == audit_chain.KIND_REWRITTEN
    assert broken.seq == rows[4].seq


@pytest.mark.django_db
def test_a_changed_created_at_is_reported():
    rows = _rows(4)
    _raw(
        "UPDATE core_actionlog SET created_at = %s WHERE id = %s",
        [rows[1].created_at - dt.timedelta(hours=3), rows[1].pk],
    )
    broken = _broken()
    assert (broken.id, broken.kind) == (rows[1].pk, audit_chain.KIND_EDITED)


@pytest.mark.django_db
def test_reordered_rows_are_reported_at_the_first_moved_row():
    rows = _rows(4)
    a, b = rows[1], rows[2]
    _raw("UPDATE core_actionlog SET seq = -1 WHERE id = %s", [a.pk])
    _raw("UPDATE core_actionlog SET seq = %s WHERE id = %s", [a.seq, b.pk])
    _raw("UPDATE core_actionlog SET seq = %s WHERE id = %s", [b.seq, a.pk])

    broken = _broken()
    assert (broken.id, broken.seq) == (b.pk, a.seq)


@pytest.mark.django_db
def test_the_oldest_rows_deleted_without_a_checkpoint_are_reported():
    rows = _rows(4)
    _raw("DELETE FROM core_actionlog WHERE seq <= %s", [rows[1].seq])
    broken = _broken()
    assert (broken.id, broken.kind) == (rows[2].pk, audit_chain.KIND_MISSING)
    assert "without an archive checkpoint" in broken.message


# --- Heads --------------------------------------------------------------------


@pytest.mark.django_db
def test_head_export_appends_one_line_a_day(audit_dirs):
    rows = _rows(2)
    call_command("audit_export_head", "--today", "2026-11-28")
    call_command("audit_export_head", "--today", "2026-11-28")
    _rows(1)
    call_command("audit_export_head", "--today", "2026-11-29")
    heads = heads_read(audit_dirs / "heads" / "heads.tsv")
    assert [h.date for h in heads] == ["2026-11-28", "2026-11-29"]
    assert (heads[0].seq, heads[0].id) == (rows[1].seq, rows[1].pk)
    assert heads[1].seq == rows[1].seq + 1
    assert heads[1].rows == ActionLog.objects.count()
    report = audit_verify()
    assert report.ok, report.summary()
    assert report.heads_checked == 2


def test_the_daily_jobs_are_scheduled():
    names = {entry["name"]: entry for entry in settings.RENDA_SCHEDULES}
    assert names["audit_export_head"]["args"] == ["audit_export_head"]
    assert names["audit_archive"]["args"] == ["audit_archive"]


# --- Archiving ----------------------------------------------------------------


def _old_rows(n):
    """N rows written 400 days ago (by the database's clock: see audit_log_aging)."""
    rows = _rows(n)
    age_the_log(400)
    return [ActionLog.objects.get(pk=row.pk) for row in rows]


@pytest.mark.django_db
def test_archive_moves_old_rows_to_files_and_the_chain_still_verifies(audit_dirs):
    before = ActionLog.objects.count()
    rows = _old_rows(5)
    audit_head_export(today=dt.date(2026, 1, 1))
    report = audit_archive_run(batch=2)
    total = before + 5
    assert report.rows == total
    assert len(report.files) == (total + 1) // 2
    # Every original row is gone; each file left its audit.archive row behind.
    assert not ActionLog.objects.filter(action="test.write").exists()
    assert ActionLog.objects.filter(action="audit.archive").count() == len(report.files)
    checkpoints = list(AuditArchive.objects.order_by("seq_last"))
    assert checkpoints[-1].seq_last == rows[-1].seq
    verified = audit_verify()
    assert verified.ok, verified.summary()
    assert verified.start.seq == rows[-1].seq
    assert verified.heads_checked == 1  # the head is an archive checkpoint's end
    for name in report.files:
        path = audit_dirs / "archive" / name
        line = audit_verify_archive(path)
        assert "matches its checkpoint" in line
        manifest = json.loads(audit_archive.manifest_path(path).read_text())
        assert manifest["file_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    lines = gzip.decompress((audit_dirs / "archive" / report.files[-1]).read_bytes())
    assert json.loads(lines.splitlines()[-1])["summary"] == "第 5 行"
    # A second run finds nothing older (the archive rows themselves are new).
    assert audit_archive_run(batch=2).rows == 0


@pytest.mark.django_db
def test_archive_keeps_rows_inside_the_retention():
    rows = _rows(3)
    report = audit_archive_run(now=rows[0].created_at + dt.timedelta(days=300))
    assert report.rows == 0
    assert ActionLog.objects.filter(action="test.write").count() == 3
    with pytest.raises(ValueError, match="184"):
        audit_archive_run(days=183)


@pytest.mark.django_db
def test_archive_that_dies_before_its_checkpoint_loses_nothing(monkeypatch, audit_dirs):
    _old_rows(3)

    def die(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(audit_archive, "_delete_archived", die)
    with pytest.raises(RuntimeError):
        audit_archive_run()
    assert ActionLog.objects.filter(action="test.write").count() == 3
    assert not AuditArchive.objects.exists()
    assert audit_verify().ok
    monkeypatch.undo()
    report = audit_archive_run()
    assert report.rows >= 3
    assert audit_verify().ok
    assert len(list((audit_dirs / "archive").glob("*.jsonl.gz"))) == 1


@pytest.mark.django_db
def test_archive_refuses_a_broken_chain():
    rows = _old_rows(3)
    _raw("UPDATE core_actionlog SET summary = 'x' WHERE id = %s", [rows[1].pk])
    with pytest.raises(ArchiveRefused):
        audit_archive_run()
    assert ActionLog.objects.filter(pk=rows[1].pk).exists()


@pytest.mark.django_db
def test_a_changed_archive_file_is_reported(audit_dirs):
    _old_rows(3)
    report = audit_archive_run()
    path = audit_dirs / "archive" / report.files[0]
    text = gzip.decompress(path.read_bytes()).decode().replace("第 2 行", "第 9 行")
    path.write_bytes(gzip.compress(text.encode(), mtime=0))
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("audit_verify", "--archive", str(path))
    # Even with the manifest's digest fixed up, the row's hash gives it away.
    manifest_file = audit_archive.manifest_path(path)
    manifest = json.loads(manifest_file.read_text())
    manifest["file_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(ArchiveRefused, match="checkpoint"):
        audit_verify_archive(path)


@pytest.mark.django_db
def test_a_forged_checkpoint_does_not_verify():
    _old_rows(3)
    audit_archive_run()
    cp = AuditArchive.objects.get()
    with (
        connection.cursor() as cursor,
        trigger_off(cursor, "core_auditarchive", "core_auditarchive_append_only"),
    ):
        cursor.execute(
            "UPDATE core_auditarchive SET seq_last = seq_last + 1 WHERE id = %s",
            [cp.pk],
        )
    broken = _broken()
    assert broken.kind == audit_chain.KIND_CHECKPOINT


# --- PostgreSQL only ----------------------------------------------------------


@needs_postgres
@pytest.mark.django_db
def test_the_trigger_allows_only_the_archives_deletion():
    rows = _rows(4)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM core_actionlog WHERE id = %s", [rows[0].pk])
    # Even with the flag the function sets, no checkpoint covers the row.
    with transaction.atomic(), connection.cursor() as c:
        c.execute("SET LOCAL renda.audit_archive = 'on'")
        with pytest.raises(DatabaseError), transaction.atomic():
            c.execute("DELETE FROM core_actionlog WHERE id = %s", [rows[0].pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("SELECT renda_action_log_archive_delete(%s)", [rows[1].seq])
    assert ActionLog.objects.filter(action="test.write").count() == 4
    age_the_log(400)
    audit_archive_run()
    assert AuditArchive.objects.exists()
    for statement in (
        "UPDATE core_auditarchive SET file_name = 'x'",
        "DELETE FROM core_auditarchive",
    ):
        with (
            pytest.raises(DatabaseError),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(statement)


def _checkpoint_over(rows):
    """A checkpoint over ``rows`` as the application's role could record one: the
    manifest's fields and a valid MAC (the application holds the chain key)."""
    values = {
        "seq_first": 1,
        "seq_last": rows[-1].seq,
        "id_first": ActionLog.objects.order_by("seq").first().pk,
        "id_last": rows[-1].pk,
        "row_count": rows[-1].seq,
        "prev_hash": audit_chain.GENESIS,
        "last_hash": rows[-1].chain_hash,
        "file_sha256": "0" * 64,
    }
    return AuditArchive.objects.create(
        **values,
        first_created_at=rows[0].created_at,
        last_created_at=rows[-1].created_at,
        file_name="forged.jsonl.gz",
        mac=audit_archive.checkpoint_mac(values, audit_chain.chain_key()),
    )


@needs_postgres
@pytest.mark.django_db
def test_a_checkpoint_over_recent_rows_cannot_delete_them():
    """Whoever holds the application's role and key can record a checkpoint over the
    newest rows; the database still refuses to delete rows younger than six months."""
    rows = _rows(3)
    _checkpoint_over(rows)
    with (
        pytest.raises(DatabaseError, match="kept at least 184 days"),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        c.execute("SELECT renda_action_log_archive_delete(%s)", [rows[-1].seq])
    # Nor row by row with the function's flag set by hand.
    with transaction.atomic(), connection.cursor() as c:
        c.execute("SET LOCAL renda.audit_archive = 'on'")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            c.execute("DELETE FROM core_actionlog WHERE id = %s", [rows[-1].pk])
    assert ActionLog.objects.filter(action="test.write").count() == 3


@needs_postgres
@pytest.mark.django_db
def test_an_application_clock_set_forward_cannot_archive_recent_rows(audit_dirs):
    rows = _rows(3)
    with pytest.raises(ArchiveRefused, match="kept at least 184 days"):
        audit_archive_run(now=rows[-1].created_at + dt.timedelta(days=366))
    assert ActionLog.objects.filter(action="test.write").count() == 3
    assert not AuditArchive.objects.exists()
    report = audit_verify()
    assert report.ok, report.summary()
    # Once the rows are old by the database's clock, the same run goes through.
    age_the_log(400)
    assert audit_archive_run().rows >= 3
    assert audit_verify().ok


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    threads, per_thread = 6, 15
    errors = []
    start = threading.Barrier(threads)

    def writer(n):
        try:
            start.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    action_log_record(
                        actor=None, action="test.concurrent", summary=f"{n}-{i}"
                    )
                    # Work after the audit row, inside the same transaction.
                    ActionLog.objects.filter(seq__gt=0).exists()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert not errors
    seqs = list(ActionLog.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seqs) >= threads * per_thread
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    report = audit_verify()
    assert report.ok, report.summary()


@needs_postgres
@pytest.mark.django_db
def test_grants_that_leave_create_in_the_schema_fail_and_say_how_to_fix_it(
    monkeypatch,
):
    """PostgreSQL 14 and older: "public" belongs to postgres, and a REVOKE by the
    database's owner only warns. db_grants checks and says what to run."""
    from renda.core.management.commands import db_grants

    role = f"{connection.settings_dict['NAME']}_app"[:60]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    assert db_grants.create_left(connection, role) == []
    monkeypatch.setattr(db_grants, "create_left", lambda *_: ["PUBLIC"])

    with pytest.raises(CommandError, match="ALTER SCHEMA public OWNER TO"):
        call_command("db_grants", "--app-role", role, "--apply")


@needs_postgres
@pytest.mark.django_db
def test_the_application_role_cannot_truncate_or_delete_but_works(django_db_blocker):
    role = f"{connection.settings_dict['NAME']}_app"[:60]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        # PostgreSQL 14 and older: every role may create in "public".
        cursor.execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
    call_command("db_grants", "--app-role", role, "--apply")
    user = UserFactory()
    _old_rows(3)
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        for statement in (
            "TRUNCATE core_actionlog",
            "DELETE FROM core_actionlog",
            "UPDATE core_actionlog SET summary = 'x'",
            "TRUNCATE core_auditarchive",
            "DELETE FROM core_auditarchive",
            "CREATE TABLE renda_planted (id int)",
            "CREATE FUNCTION renda_planted() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        ):
            with (
                pytest.raises(DatabaseError, match="permission denied"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)
        # The application's own writes: an audit row, a user deleted (actor → NULL),
        # the archive and its sanctioned deletion, and the verification.
        row = action_log_record(actor=user, action="test.as_app", summary="应用角色")
        user.delete()
        assert ActionLog.objects.get(pk=row.pk).actor_id is None
        assert audit_verify().ok
        report = audit_archive_run()
        assert report.rows >= 3
        assert audit_verify().ok
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
