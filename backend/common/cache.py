"""The default cache: Django's database cache on our PostgreSQL, with an atomic ``incr``.

Rate limits (``backend.common.ratelimit``, DRF's throttles, django-axes' counts live in their
own table) must be counted across every web process, not per process as the local-memory cache
does. The database cache is shared and needs nothing besides PostgreSQL; its ``incr`` however
is Django's generic get-then-set, which loses hits under concurrency and resets the entry's
expiry to the default timeout. Ours locks the row, adds, and keeps the expiry. Redis
(``CACHE_URL=redis://…``) is the alternative for installations that run one anyway.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class PostgresCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires > %s FOR UPDATE",  # noqa: S608 - the table name is ours, quoted
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key {key!r} not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta  # noqa: S301 - our own entries
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608 - as above
                [encoded, key],
            )
        return value
