"""A cursor that prepares the overlap check's statement per connection (ADR 0004)."""

from __future__ import annotations

from typing import Any

import psycopg
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


class _PreparedDebugCursor(CursorDebugWrapper):
    """Logs a prepared statement with its values, as Django logs its own queries: Django
    reads the text psycopg sent, and psycopg sends none for a prepared statement (the query
    log and ``CaptureQueriesContext`` would show None)."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return CursorWrapper.execute(self, sql, params)


# django-stubs know Django's psycopg cursor classes only by name.
_ServerBindingCursor: Any = ServerBindingCursor


class _PreparingCursor(_ServerBindingCursor):
    """Has PostgreSQL prepare its statements. Django turns psycopg's prepared statements off
    for the connection (``prepare_threshold`` None, for connection poolers); this cursor
    turns them on for its own statement only, so psycopg neither prepares nor keeps track of
    any other query."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        connection = self.connection
        previous = connection.prepare_threshold
        connection.prepare_threshold = 0
        try:
            try:
                return super().execute(query, params, prepare=True)
            except psycopg.errors.FeatureNotSupported:
                # "cached plan must not change result type": another connection (a migration)
                # changed a column this statement returns after this one prepared it. Outside
                # a transaction, drop this connection's prepared statements and run it again;
                # inside one, the rollback that follows drops them (psycopg deallocates on
                # ROLLBACK).
                if connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    raise
                super().execute("DEALLOCATE ALL", prepare=False)
                return super().execute(query, params, prepare=True)
        finally:
            connection.prepare_threshold = previous


def prepared_cursor(db: BaseDatabaseWrapper) -> CursorWrapper:
    """A Django cursor (query log, ``execute_wrapper``, error translation) that sends the
    values apart from the statement (server-side binding) and, with the setting
    ``OVERLAP_PREPARED_STATEMENT`` (``DATABASE_PREPARED_STATEMENTS``), has it prepared the
    first time a connection runs it. Django's own cursors put the values into the SQL text,
    which cannot be prepared. A connection that runs the statement again, as a persistent
    one does (``DATABASE_CONN_MAX_AGE``), skips parsing it, and after five runs PostgreSQL
    keeps a generic plan if that is not costlier than planning with the values."""
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    cursor_class = _PreparingCursor if settings.OVERLAP_PREPARED_STATEMENT else _ServerBindingCursor
    raw = cursor_class(db.connection)
    return _PreparedDebugCursor(raw, db) if db.queries_logged else db.make_cursor(raw)
