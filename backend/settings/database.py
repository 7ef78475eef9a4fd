"""The database connection: PostgreSQL only, two roles (docs/operations.md, "Database roles").

* ``DATABASE_URL`` is what the running app (web and worker) connects with: the **runtime
  role**. It may read and write the data, append to the audit trail and nothing else: no
  DDL, no TRUNCATE, no changing or deleting audit events, no trigger or function changes.
* ``DATABASE_OWNER_URL`` is the **owner role**, which owns the tables: ``manage.py migrate``
  connects with it (``backend.common.management.commands.migrate``) and then grants the
  runtime role its privileges (``backend.common.db_roles``). Unset, the app runs with one
  role for both (allowed, but the audit trail then only resists mistakes, not its own role).
* Without ``DATABASE_URL`` the embedded PostgreSQL starts (``embedded_db``), with both roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from backend.settings.env import Env, database_config
from backend.settings.timeouts import database_options


@dataclass(frozen=True)
class DatabaseSettings:
    default: dict[str, Any]
    owner_url: str | None
    #: The role the app runs as, to which migrate grants privileges (None: one role for both).
    runtime_role: str | None
    embedded: bool
    prepared_statements: bool


def database_settings(env: Env, base_dir: Path, debug: bool) -> DatabaseSettings:
    url = env.url(
        "DATABASE_URL",
        schemes=("postgres", "postgresql"),
        doc="postgres://user:pass@host:port/name of the runtime role; unset starts the "
        "embedded PostgreSQL",
    )
    owner_url = env.url(
        "DATABASE_OWNER_URL",
        schemes=("postgres", "postgresql"),
        doc="The same database as the owner role, used only by migrate (recommended; unset: "
        "DATABASE_URL's role owns the tables)",
    )
    pg_dir = Path(
        env.string(
            "EMBEDDED_PG_DIR",
            str(base_dir / "var" / "pgdata"),
            doc="Folder of the embedded PostgreSQL cluster (used only without DATABASE_URL)",
        )
    )
    embedded_allowed = env.boolean(
        "EMBEDDED_PG",
        debug,
        doc="Without DATABASE_URL, start the embedded PostgreSQL (default: only with debug on)",
    )
    if url is None and not embedded_allowed:
        # A production start that forgot DATABASE_URL must not silently run on a private
        # database in the app's folder, with no backups.
        raise ImproperlyConfigured(
            "DATABASE_URL: required with debug off (or set EMBEDDED_PG=true for a local trial "
            "on the embedded PostgreSQL)"
        )
    embedded = url is None
    if url is None:
        from backend.settings.embedded_db import ensure_database

        url, owner_url = ensure_database(pg_dir)
    elif owner_url is not None and _database_of(owner_url) != _database_of(url):
        raise ImproperlyConfigured(
            "DATABASE_OWNER_URL: must name the same database (host, port, name) as DATABASE_URL"
        )
    default = database_config(url)
    default["OPTIONS"] = database_options(env, dict(default["OPTIONS"]))  # type: ignore[call-overload]
    # Kept open by default: a new connection costs a few milliseconds per request (about
    # half the throughput of a case page, docs/performance.md), and the overlap check's
    # prepared statement lives as long as its connection. 0 closes after every request.
    default["CONN_MAX_AGE"] = env.integer(
        "DATABASE_CONN_MAX_AGE", 60, doc="Seconds to keep database connections open"
    )
    # Persistent connections are checked before a request uses them.
    default["CONN_HEALTH_CHECKS"] = True
    runtime_role = None
    if owner_url is not None and database_config(owner_url)["USER"] != default["USER"]:
        runtime_role = str(default["USER"])
    # The overlap check's statement is prepared per connection (its cursor turns psycopg's
    # prepared statements on for that statement alone; Django keeps them off for every other
    # query), so a persistent connection does not parse it again (docs/overlap.md). Turn it
    # off behind a pooler in transaction mode that does not keep prepared statements
    # (PgBouncer without max_prepared_statements, its default before 1.24).
    prepared = env.boolean(
        "DATABASE_PREPARED_STATEMENTS",
        True,
        doc="Prepare the overlap check's statement per connection (off behind a pooler that "
        "does not keep prepared statements)",
    )
    return DatabaseSettings(default, owner_url, runtime_role, embedded, prepared)


def _database_of(url: str) -> tuple[str, str, str]:
    config = database_config(url)
    return (str(config["HOST"]), str(config["PORT"]), str(config["NAME"]))


def owner_connection_settings(default: dict[str, Any], owner_url: str) -> dict[str, Any]:
    """``default`` (a ``DATABASES`` entry) with the owner's credentials: same database, same
    options and timeouts, another role."""
    owner = database_config(owner_url)
    return {**default, "USER": owner["USER"], "PASSWORD": owner["PASSWORD"]}
