"""The default cache: Django's database cache on our PostgreSQL, with one statement per write.

Rate limits (``backend.common.ratelimit``, DRF's throttles; django-axes counts in its own table)
must be counted across every web process, not per process as the local-memory cache does. The
database cache is shared and needs nothing besides PostgreSQL, but Django's generic version
costs five statements per write (a count for culling, a savepoint, a select, an update or
insert, the release) and its ``incr`` is get-then-set, which loses hits under concurrency and
resets the entry's expiry to the default timeout. Here:

* ``set`` and ``add`` are one ``INSERT … ON CONFLICT`` each (``add`` replaces only an expired
  entry);
* ``incr`` locks the row, adds, and keeps the expiry;
* expired entries are deleted by the worker every hour (``backend.common.tasks``), not
  counted on every write: our entries are short-lived counters, so the table stays small
  without a maximum.

Redis (``CACHE_URL=redis://…``) is the alternative for installations that run one anyway.
"""

from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class PostgresCache(DatabaseCache):
    def _table_and_connection(self) -> tuple[str, Any]:
        connection = connections[router.db_for_write(self.cache_model_class)]
        return connection.ops.quote_name(self._table), connection  # type: ignore[attr-defined]

    def _encode(self, value: Any) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    def _now(self, connection: Any) -> Any:
        return connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))

    def _base_set(self, mode: str, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> bool:
        if mode == "touch":
            return bool(super()._base_set(mode, key, value, timeout))  # type: ignore[misc]
        table, connection = self._table_and_connection()
        seconds = self.get_backend_timeout(timeout)
        moment = (
            datetime.max.replace(tzinfo=UTC)
            if seconds is None
            else datetime.fromtimestamp(seconds, tz=UTC)
        )
        expires = connection.ops.adapt_datetimefield_value(moment.replace(microsecond=0))
        only_expired = f"WHERE {table}.expires < %s" if mode == "add" else ""
        params = [key, self._encode(value), expires] + (
            [self._now(connection)] if mode == "add" else []
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "  # noqa: S608 - our table, quoted
                f"ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, "
                f"expires = EXCLUDED.expires {only_expired} RETURNING 1",
                params,
            )
            return cursor.fetchone() is not None

    def expired_delete(self) -> int:
        """Delete the expired entries; returns how many."""
        table, connection = self._table_and_connection()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [self._now(connection)])  # noqa: S608
            return int(cursor.rowcount)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        table, connection = self._table_and_connection()
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires > %s FOR UPDATE",  # noqa: S608 - as above
                [key, self._now(connection)],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key {key!r} not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta  # noqa: S301 - our own entries
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608 - as above
                [self._encode(value), key],
            )
        return value
