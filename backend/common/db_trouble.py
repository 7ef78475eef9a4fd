"""Database trouble that is the database's, not a bug: the server is down or unreachable, a
lock was not granted in time, a statement ran too long. Such a request gets a 503 with
``Retry-After`` (problem+json in the API, a German page elsewhere), never a 500; the
transaction was rolled back, so nothing is half-written."""

from __future__ import annotations

from django.db import DatabaseError, InterfaceError, OperationalError

#: SQLSTATEs of a refusal that waiting may cure: lock_not_available (lock_timeout),
#: query_canceled (statement_timeout), idle_in_transaction_session_timeout, admin_shutdown,
#: crash_shutdown, cannot_connect_now, too_many_connections, serialization and deadlock.
TRANSIENT_STATES = {
    "55P03",
    "57014",
    "25P03",
    "57P01",
    "57P02",
    "57P03",
    "53300",
    "40001",
    "40P01",
}
#: Seconds a client should wait before trying again.
RETRY_AFTER = 30


def database_unavailable(exc: BaseException) -> bool:
    """Is this exception the database being away or busy (rather than a bug)?"""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, DatabaseError):
        return False
    cause = exc.__cause__
    state = getattr(cause, "sqlstate", None) or getattr(
        getattr(cause, "diag", None), "sqlstate", None
    )
    if state is not None:
        return state in TRANSIENT_STATES
    # No SQLSTATE: the connection itself failed (refused, reset, timed out).
    return isinstance(exc, OperationalError)
