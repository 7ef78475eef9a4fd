"""Where rate limits and login attempts are counted: in storage every web process shares
(docs/operations.md, "Rate limits and login attempts").

* The default cache (``backend.common.ratelimit``, DRF's throttles) is PostgreSQL by default:
  Django's database cache with an atomic ``incr`` (``backend.common.cache``), table made by a
  migration. ``CACHE_URL=redis://host:6379/0`` uses Redis instead.
* Login attempts are counted by django-axes in its own table, per account and address.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from backend.settings.env import Env

CACHE_TABLE = "foerderlotse_cache"


def cache_config(env: Env) -> dict[str, Any]:
    """The ``CACHES["default"]`` entry."""
    url = env.url(
        "CACHE_URL",
        schemes=("redis", "rediss"),
        doc="Redis for the cache and rate limits, e.g. redis://127.0.0.1:6379/0 (default: the "
        "database)",
    )
    if url is not None:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {"BACKEND": "backend.common.cache.PostgresCache", "LOCATION": CACHE_TABLE}


def login_limits(env: Env) -> tuple[int, timedelta]:
    """django-axes: (failed logins per account and address, cool-off after them)."""
    limit = env.integer(
        "LOGIN_FAILURE_LIMIT",
        10,
        minimum=1,
        doc="Failed logins per account and address before a cool-off",
    )
    minutes = env.integer(
        "LOGIN_COOLOFF_MINUTES", 15, minimum=1, doc="Minutes a locked-out login waits"
    )
    return limit, timedelta(minutes=minutes)
