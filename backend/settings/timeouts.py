"""Timeouts on every database connection, so one stuck lock or a slow database cannot hold a
request (and the worker thread serving it) for minutes. Each is configurable by env; 0 turns
one off (for example ``DATABASE_STATEMENT_TIMEOUT=0`` for a long migration by hand)."""

from __future__ import annotations

from typing import Any

from backend.settings.env import Env


def database_options(env: Env, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` (from DATABASE_URL) with the connect timeout and the server-side timeouts
    added (a timeout already in the URL's ``options`` stays: it comes later and wins)."""
    connect = env.integer(
        "DATABASE_CONNECT_TIMEOUT", 5, minimum=1, doc="Seconds to wait for a database connection"
    )
    server = {
        "statement_timeout": env.integer(
            "DATABASE_STATEMENT_TIMEOUT", 30_000, doc="Milliseconds a statement may run (0 = off)"
        ),
        "lock_timeout": env.integer(
            "DATABASE_LOCK_TIMEOUT", 10_000, doc="Milliseconds to wait for a lock (0 = off)"
        ),
        "idle_in_transaction_session_timeout": env.integer(
            "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT",
            60_000,
            doc="Milliseconds a transaction may sit idle (0 = off)",
        ),
    }
    flags = " ".join(f"-c {name}={value}" for name, value in server.items())
    given = str(options.get("options", "")).replace("%20", " ").strip()
    return {**options, "connect_timeout": str(connect), "options": f"{flags} {given}".strip()}
