"""The audit log's hash chain and its archive checkpoints (issue 13; decision 0017).

1. ``seq``, ``prev_hash`` and ``chain_hash`` on ``ActionLog``; ``created_at`` is no
   longer ``auto_now_add`` (the database's clock sets it when a row is appended).
2. Existing rows are sealed in id order (seq 1, 2, …) with the chain key of the settings:
   set RENDA_AUDIT_CHAIN_KEY before running this migration if you are going to set it.
3. ``AuditArchive`` checkpoints.
4. On PostgreSQL the append-only trigger also allows the one sanctioned DELETE — rows
   covered by an archive checkpoint, through ``renda_action_log_archive_delete(seq)`` —
   and checkpoints get an append-only trigger of their own.
"""

from django.db import migrations, models

TRIGGERS = r"""
CREATE OR REPLACE FUNCTION renda_action_log_append_only() RETURNS trigger AS $$
BEGIN
  -- Deleting a user sets actor_id to NULL (on_delete=SET_NULL): allow that, and only that.
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
     AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
    RETURN NEW;
  END IF;
  -- The archive's deletion: only inside renda_action_log_archive_delete(), and only
  -- rows an archive checkpoint covers.
  IF TG_OP = 'DELETE'
     AND current_setting('renda.audit_archive', true) = 'on'
     AND OLD.seq <= (SELECT max(seq_last) FROM core_auditarchive) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'core_actionlog is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION renda_action_log_archive_delete(upto bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  deleted bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM core_auditarchive WHERE seq_last = upto) THEN
    RAISE EXCEPTION 'no audit archive checkpoint ends at seq %', upto
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('renda.audit_archive', 'on', true);
  DELETE FROM core_actionlog WHERE seq <= upto;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  PERFORM set_config('renda.audit_archive', 'off', true);
  RETURN deleted;
END;
$$;
REVOKE ALL ON FUNCTION renda_action_log_archive_delete(bigint) FROM PUBLIC;

CREATE OR REPLACE FUNCTION renda_audit_archive_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'core_auditarchive is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_auditarchive_append_only
  BEFORE UPDATE OR DELETE ON core_auditarchive
  FOR EACH ROW EXECUTE FUNCTION renda_audit_archive_append_only();
"""

TRIGGERS_REVERSE = r"""
DROP TRIGGER IF EXISTS core_auditarchive_append_only ON core_auditarchive;
DROP FUNCTION IF EXISTS renda_audit_archive_append_only();
DROP FUNCTION IF EXISTS renda_action_log_archive_delete(bigint);
CREATE OR REPLACE FUNCTION renda_action_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
     AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'core_actionlog is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def seal_existing_rows(apps, schema_editor):
    """Chain the rows written before this migration, in id order."""
    from renda.core.audit_chain import (
        CHAIN_FIELDS,
        GENESIS,
        chain_key,
        normalise_data,
        row_hash,
    )

    ActionLog = apps.get_model("core", "ActionLog")
    db = schema_editor.connection.alias
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(
            "ALTER TABLE core_actionlog DISABLE TRIGGER core_actionlog_append_only"
        )
    key = chain_key()
    seq, prev_hash, last_id = 0, GENESIS, 0
    while True:
        rows = list(
            ActionLog.objects.using(db).filter(id__gt=last_id).order_by("id")[:2000]
        )
        if not rows:
            break
        for row in rows:
            seq += 1
            row.data = normalise_data(row.data)
            row.seq, row.prev_hash = seq, prev_hash
            row.chain_hash = row_hash({n: getattr(row, n) for n in CHAIN_FIELDS}, key)
            prev_hash = row.chain_hash
        ActionLog.objects.using(db).bulk_update(
            rows, ["seq", "prev_hash", "chain_hash", "data"]
        )
        last_id = rows[-1].id
    if postgres:
        schema_editor.execute(
            "ALTER TABLE core_actionlog ENABLE TRIGGER core_actionlog_append_only"
        )


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS_REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_legal_calendar_moved")]

    operations = [
        migrations.AlterField(
            model_name="actionlog",
            name="created_at",
            field=models.DateTimeField(db_index=True, editable=False, verbose_name="时间"),
        ),
        migrations.AddField(
            model_name="actionlog",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="链序号"),
        ),
        migrations.AddField(
            model_name="actionlog",
            name="prev_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="前一行哈希"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="actionlog",
            name="chain_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="本行哈希"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(seal_existing_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="actionlog",
            name="seq",
            field=models.BigIntegerField(editable=False, unique=True, verbose_name="链序号"),
        ),
        migrations.CreateModel(
            name="AuditArchive",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq_first", models.BigIntegerField(unique=True, verbose_name="起始链序号")),
                ("seq_last", models.BigIntegerField(unique=True, verbose_name="结束链序号")),
                ("id_first", models.BigIntegerField(verbose_name="起始编号")),
                ("id_last", models.BigIntegerField(verbose_name="结束编号")),
                ("row_count", models.PositiveIntegerField(verbose_name="行数")),
                ("prev_hash", models.CharField(max_length=64, verbose_name="前一行哈希")),
                ("last_hash", models.CharField(max_length=64, verbose_name="最后一行哈希")),
                ("first_created_at", models.DateTimeField(verbose_name="最早时间")),
                ("last_created_at", models.DateTimeField(verbose_name="最晚时间")),
                ("file_name", models.CharField(max_length=200, verbose_name="归档文件")),
                ("file_sha256", models.CharField(max_length=64, verbose_name="文件 SHA-256")),
                ("mac", models.CharField(max_length=64, verbose_name="校验码")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="归档时间")),
            ],
            options={
                "verbose_name": "审计日志归档",
                "verbose_name_plural": "审计日志归档",
                "ordering": ["-seq_last"],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
