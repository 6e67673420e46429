"""The archive's deletion reaches only rows older than six months by the database's clock.

Before, ``renda_action_log_archive_delete(seq)`` deleted every row up to any archive
checkpoint. The application's role writes the checkpoints, so whoever held that role
could record a checkpoint over the newest rows and delete them through the sanctioned
path (``audit_verify`` would see it only if the checkpoint's MAC did not verify, and the
application holds the chain key). Now the trigger lets a row go only when its
``created_at`` — set from the database's clock when the row was sealed, and never
changeable afterwards — is older than 184 days by the database's clock (the longest six
months: the Cybersecurity Law, art. 21), and the function says so before it starts.
PostgreSQL only; SQLite has no triggers here (decision record 0017).
"""

from django.db import migrations

FLOOR = "184 days"  # renda.core.audit_archive.MIN_RETENTION_DAYS

TRIGGERS = rf"""
CREATE OR REPLACE FUNCTION renda_action_log_append_only() RETURNS trigger AS $$
BEGIN
  -- Deleting a user sets actor_id to NULL (on_delete=SET_NULL): allow that, and only that.
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
     AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
    RETURN NEW;
  END IF;
  -- The archive's deletion: only inside renda_action_log_archive_delete(), only rows an
  -- archive checkpoint covers, and only rows older than the legal minimum by this
  -- database's clock (a forged checkpoint cannot reach the newer rows).
  IF TG_OP = 'DELETE'
     AND current_setting('renda.audit_archive', true) = 'on'
     AND OLD.seq <= (SELECT max(seq_last) FROM core_auditarchive)
     AND OLD.created_at < clock_timestamp() - interval '{FLOOR}' THEN
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
  newest timestamptz;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM core_auditarchive WHERE seq_last = upto) THEN
    RAISE EXCEPTION 'no audit archive checkpoint ends at seq %', upto
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT max(created_at) INTO newest FROM core_actionlog WHERE seq <= upto;
  IF newest >= clock_timestamp() - interval '{FLOOR}' THEN
    RAISE EXCEPTION 'audit rows up to seq % include one written at %, and rows are kept at least {FLOOR}', upto, newest
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('renda.audit_archive', 'on', true);
  DELETE FROM core_actionlog WHERE seq <= upto;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  PERFORM set_config('renda.audit_archive', 'off', true);
  RETURN deleted;
END;
$$;
"""

TRIGGERS_REVERSE = r"""
CREATE OR REPLACE FUNCTION renda_action_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
     AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
    RETURN NEW;
  END IF;
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
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS_REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_rate_limit_bucket")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
