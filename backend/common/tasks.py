"""Housekeeping on the worker (procrastinate)."""

from __future__ import annotations

from django.core.cache import caches
from procrastinate.contrib.django import app

from backend.common.cache import PostgresCache


@app.periodic(cron="23 * * * *", periodic_id="hourly-cache-cull")
@app.task(name="common.cache_cull", queueing_lock="cache-cull")
def cache_cull(timestamp: int) -> int:
    """Every hour: delete expired entries of the database cache (rate-limit windows)."""
    cache = caches["default"]
    return cache.expired_delete() if isinstance(cache, PostgresCache) else 0
