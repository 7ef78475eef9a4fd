"""The runtime role's privileges (docs/operations.md, "Database roles").

The owner role owns every table and runs the migrations; the runtime role, which the web
processes and the worker connect as, gets exactly what the app needs: read and write the
data, append to the audit trail. It gets no TRUNCATE, no UPDATE or DELETE on audit events,
and, not owning anything, it can neither alter nor drop a table, a trigger or a function.
Not being a superuser, it cannot set ``session_replication_role`` to skip triggers.

``manage.py migrate`` calls :func:`runtime_privileges_grant` after every run (see
``backend.common.management.commands.migrate``), so a table a migration adds is covered at
once; default privileges cover tables made later by the owner in other ways.
"""

from __future__ import annotations

from django.db import connections
from psycopg import sql

#: Tables the runtime role may read and append to, never change or empty.
APPEND_ONLY_TABLES = ("cases_caseevent", "offerings_offeringevent")

_GRANTS = (
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {role}",
    "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
    "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
    " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {role}",
)


def runtime_privileges_grant(*, role: str, using: str = "default") -> None:
    """Give ``role`` the runtime role's privileges on the current database (idempotent); run
    it as the owner role."""
    ident = sql.Identifier(role)
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT current_database()")
        (database,) = cursor.fetchone()
        cursor.execute(
            sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
                sql.Identifier(database), ident
            )
        )
        for statement in _GRANTS:
            cursor.execute(sql.SQL(statement).format(role=ident))
        # Extensions kept in schemas of their own (intarray for the overlap check's codes).
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_'"
            " AND nspname NOT IN ('public', 'information_schema')"
        )
        for (schema,) in cursor.fetchall():
            schema_ident = sql.Identifier(schema)
            cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema_ident, ident))
            cursor.execute(
                sql.SQL("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {} TO {}").format(
                    schema_ident, ident
                )
            )
        for table in APPEND_ONLY_TABLES:
            cursor.execute(
                sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), ident)
            )
