"""The runtime role (what the app connects as) can do what the app does and nothing that
would let it rewrite or empty the audit trail (issue #18). docs/operations.md, "Database roles".

The suite itself connects as the owner role; here statements run as the runtime role
(``SET LOCAL ROLE`` inside a savepoint), and one test migrates a scratch database with two
login roles through ``manage.py``, as production does.
"""

from __future__ import annotations

import io
import subprocess
import uuid
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from psycopg import sql

from backend.cases.models import CaseEvent
from backend.documents.services import document_upload
from tests.documents.files import PDF
from tests.factories import approve_data, complete_plan, move, submit_idea
from tests.processes import database_url, production_env, run_manage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _role() -> str:
    return settings.DATABASE_RUNTIME_ROLE


@contextmanager
def _as_runtime():
    """Statements inside run as the runtime role; a failure rolls the savepoint (and the role)
    back."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(_role())))
        yield cursor
        cursor.execute("RESET ROLE")


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("TRUNCATE cases_caseevent CASCADE", "permission denied"),
        ("TRUNCATE cases_case CASCADE", "permission denied"),
        ("UPDATE cases_caseevent SET comment = 'geschönt'", "permission denied"),
        ("DELETE FROM cases_caseevent", "permission denied"),
        ("ALTER TABLE cases_caseevent DISABLE TRIGGER USER", "must be owner"),
        ("DROP TRIGGER cases_caseevent_append_only ON cases_caseevent", "must be owner"),
        (
            "CREATE OR REPLACE FUNCTION cases_caseevent_append_only() RETURNS trigger"
            " LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
            "must be owner|permission denied for schema public",
        ),
        ("SET session_replication_role = replica", "permission denied"),
        ("CREATE TABLE public.shadow (id integer)", "permission denied"),
        ("ALTER TABLE cases_case ADD COLUMN shadow integer", "must be owner"),
    ],
)
def test_the_runtime_role_cannot_touch_the_audit_trail_or_the_schema(idea_case, statement, message):
    before = list(CaseEvent.objects.values_list("id", "hash"))
    with pytest.raises(DatabaseError, match=message), _as_runtime() as cursor:
        cursor.execute(statement)
    assert list(CaseEvent.objects.values_list("id", "hash")) == before


def test_the_runtime_role_is_no_superuser_and_owns_nothing():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = %s",
            [_role()],
        )
        assert cursor.fetchone() == (False, False, False)
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = %s",
            [_role()],
        )
        assert cursor.fetchone() == (0,)


def test_the_runtime_role_may_read_and_write_every_table_but_only_append_to_the_audit():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename,"
            " has_table_privilege(%(role)s, format('public.%%I', tablename), 'SELECT'),"
            " has_table_privilege(%(role)s, format('public.%%I', tablename), 'INSERT'),"
            " has_table_privilege(%(role)s, format('public.%%I', tablename), 'UPDATE'),"
            " has_table_privilege(%(role)s, format('public.%%I', tablename), 'DELETE'),"
            " has_table_privilege(%(role)s, format('public.%%I', tablename), 'TRUNCATE')"
            " FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
            {"role": _role()},
        )
        rights = {row[0]: row[1:] for row in cursor.fetchall()}
    assert rights.pop("cases_caseevent") == (True, True, False, False, False)
    assert rights.pop("offerings_offeringevent") == (True, True, False, False, False)
    assert len(rights) > 30
    assert {table: r for table, r in rights.items() if r != (True, True, True, True, False)} == {}


def test_the_app_runs_a_case_to_its_decision_as_the_runtime_role(coordinator, program, actor):
    with _as_runtime() as cursor:
        case = submit_idea()
        move(case, "start_advice", actor)
        complete_plan(case, actor, program)
        document_upload(
            case=case,
            actor=actor,
            category="sonstiges",
            name="protokoll.pdf",
            stream=io.BytesIO(PDF),
            size=len(PDF),
        )
        move(case, "submit_application", actor)
        move(case, "approve", actor, approve_data("2700"))
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (_role(),)
    events = CaseEvent.objects.filter(case=case).order_by("id")
    assert events.last().to_state == "decision"
    assert all(event.hash for event in events)
    assert sum(b.committed for b in program.budgets.all()) == Decimal("2700")


# --- production's way: migrate as the owner, run as the runtime role --------------------------


def _admin() -> psycopg.Connection:
    params = connection.get_connection_params()
    for key in ("cursor_factory", "context"):
        params.pop(key, None)
    return psycopg.connect(**params, autocommit=True)


def _manage(database: str, *args: str) -> subprocess.CompletedProcess:
    env = production_env(
        DATABASE_URL=database_url(user=_role(), name=database),
        DATABASE_OWNER_URL=database_url(name=database),
    )
    return run_manage(*args, env=env)


@pytest.mark.django_db(transaction=True)
def test_migrate_runs_as_the_owner_and_the_app_as_the_runtime_role():
    database = f"fl_roles_{uuid.uuid4().hex[:8]}"
    with _admin() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    try:
        migrated = _manage(database, "migrate", "--no-input")
        assert migrated.returncode == 0, migrated.stderr[-2000:]
        assert f"Granted the runtime role {_role()} its privileges." in migrated.stdout
        probe = (
            "from django.db import connection, DatabaseError\n"
            "c = connection.cursor()\n"
            "c.execute('SELECT current_user'); print('user', c.fetchone()[0])\n"
            "c.execute(\"SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            " AND tableowner = current_user\"); print('owns', c.fetchone()[0])\n"
            "try:\n"
            "    c.execute('TRUNCATE cases_caseevent CASCADE')\n"
            "except DatabaseError as error:\n"
            "    print('truncate refused:', str(error).splitlines()[0])\n"
        )
        shell = _manage(database, "shell", "-c", probe)
        assert shell.returncode == 0, shell.stderr[-2000:]
        assert f"user {_role()}\nowns 0\ntruncate refused: permission denied" in shell.stdout
        loaded = _manage(database, "load_areas")  # writes reference data as the runtime role
        assert loaded.returncode == 0, loaded.stderr[-2000:]
    finally:
        with _admin() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
