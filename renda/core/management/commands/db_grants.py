"""manage.py db_grants --app-role ROLE [--apply]: the application role's privileges.

Migrations run as the owner role (the one in DATABASE_URL when you migrate); the web
server and the worker connect as an application role that owns nothing and gets only
what it needs: SELECT, INSERT, UPDATE, DELETE on the tables, except the audit log and
its archive checkpoints, which get SELECT and INSERT only (plus UPDATE of
core_actionlog.actor_id, which Django sets to NULL when a user is deleted, and EXECUTE
on the one sanctioned deletion of archived rows). No TRUNCATE anywhere, and no CREATE
in the schema (for any role but the owner). Prints the SQL;
--apply runs it (as the owner). Rerun after every migrate: new tables need their grants.
docs/deployment.md section 3.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

AUDIT_TABLES = ("core_actionlog", "core_auditarchive")


def grant_statements(connection, role: str) -> list[str]:
    quote = connection.ops.quote_name
    who = quote(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = cursor.fetchone()
        tables = sorted(connection.introspection.table_names(cursor))
    statements = [
        f"GRANT CONNECT ON DATABASE {quote(database)} TO {who}",
        f"GRANT USAGE ON SCHEMA {quote(schema)} TO {who}",
        # Nobody but the owner creates objects in the schema: PostgreSQL 14 and
        # older let every role (PUBLIC) create tables and functions in
        # "public", so the application role could plant a function or a table
        # that shadows one. PostgreSQL 15 revokes it by default; say so anyway.
        f"REVOKE CREATE ON SCHEMA {quote(schema)} FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA {quote(schema)} FROM {who}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {quote(schema)} FROM {who}",
    ]
    for table in tables:
        privileges = (
            "SELECT, INSERT"
            if table in AUDIT_TABLES
            else "SELECT, INSERT, UPDATE, DELETE"
        )
        statements.append(f"GRANT {privileges} ON {quote(table)} TO {who}")
    statements += [
        f"GRANT UPDATE (actor_id) ON {quote('core_actionlog')} TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quote(schema)} TO {who}",
        "REVOKE ALL ON FUNCTION renda_action_log_archive_delete(bigint) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION renda_action_log_archive_delete(bigint) TO {who}",
    ]
    return statements


def create_left(connection, role: str) -> list[str]:
    """Who may still create objects in the schema besides its owner: the role, PUBLIC.

    A REVOKE by a role that neither owns the schema nor holds a grant option
    only warns; on PostgreSQL 14 and older "public" belongs to postgres, not to
    the database's owner, so the REVOKE above can have no effect.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_schema_privilege(%s, current_schema(), 'CREATE'),"
            " has_schema_privilege('public', current_schema(), 'CREATE')",
            [role],
        )
        by_role, by_public = cursor.fetchone()
    return [who for who, may in ((role, by_role), ("PUBLIC", by_public)) if may]


class Command(BaseCommand):
    help = "Print (or --apply) the GRANTs of the application's database role."

    def add_arguments(self, parser):
        parser.add_argument("--app-role", required=True, help="e.g. renda_app")
        parser.add_argument("--apply", action="store_true", help="run the statements")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("db_grants is for PostgreSQL (SQLite has no roles).")
        role = options["app_role"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(
                    f"No role {role!r}: create it first "
                    f"(sudo -u postgres createuser --pwprompt {role})."
                )
        statements = grant_statements(connection, role)
        if options["apply"]:
            with (
                transaction.atomic(using=options["database"]),
                connection.cursor() as cursor,
            ):
                for statement in statements:
                    cursor.execute(statement)
            self.stdout.write(f"{len(statements)} statements applied for {role}.")
            left = create_left(connection, role)
            if left:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT current_schema(), pg_get_userbyid(nspowner), "
                        "current_user FROM pg_namespace WHERE nspname = current_schema()"
                    )
                    schema, owner, me = cursor.fetchone()
                raise CommandError(
                    f"{' and '.join(left)} may still create objects in schema "
                    f"{schema!r}, which belongs to {owner!r}: the REVOKE had no "
                    f"effect. As postgres, run: ALTER SCHEMA {schema} OWNER TO {me}; "
                    "then run db_grants --apply again (docs/deployment.md, section 3)."
                )
        else:
            self.stdout.write(";\n".join(statements) + ";")
