"""Make the audit log append-only in the database too (PostgreSQL only).

Django's own SET_NULL of ``actor_id`` when a user is deleted stays allowed.
SQLite, the embedded default, relies on the model and queryset guards.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION renda_action_log_append_only() RETURNS trigger AS $$
BEGIN
  -- Deleting a user sets actor_id to NULL (on_delete=SET_NULL): allow that, and only that.
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
     AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'core_actionlog is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_actionlog_append_only
  BEFORE UPDATE OR DELETE ON core_actionlog
  FOR EACH ROW EXECUTE FUNCTION renda_action_log_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_actionlog_append_only ON core_actionlog;
DROP FUNCTION IF EXISTS renda_action_log_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No params: the SQL holds a literal "%" that psycopg must not read.
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_legal_calendar")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
