"""Rate limits count in a cache every process shares (issue #18: with the local-memory cache
"10 attempts" were 40 with 4 workers). The default cache is PostgreSQL with an atomic
``incr``; ``CACHE_URL`` switches to Redis."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import RequestFactory

from backend.common import ratelimit
from backend.common.cache import PostgresCache
from backend.settings.env import Env
from backend.settings.limits import CACHE_TABLE, cache_config
from tests.processes import database_url, production_env, run_python

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
ADDRESS = "198.51.100.23"


def _request():
    return RequestFactory().post("/ideen/link/", REMOTE_ADDR=ADDRESS)


def test_the_default_cache_is_the_database():
    assert isinstance(caches["default"], PostgresCache)
    cache.set("probe", 1, 60)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {CACHE_TABLE}")  # noqa: S608 - constant name
        assert cursor.fetchone()[0] >= 1


@pytest.mark.django_db(transaction=True)
def test_hits_from_another_process_count_toward_the_same_limit():
    """The link request limit (5 an hour) spent by two processes together."""
    for _ in range(2):
        assert ratelimit.hit(ratelimit.LINK_REQUEST, _request())
    script = (
        # The other process counts in the same window: on this test's clock (TEST_TODAY).
        f"import time_machine; time_machine.travel({time.time()!r}, tick=True).start()\n"
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from backend.common import ratelimit\n"
        f"request = RequestFactory().post('/ideen/link/', REMOTE_ADDR={ADDRESS!r})\n"
        "print([ratelimit.hit(ratelimit.LINK_REQUEST, request) for _ in range(4)])\n"
    )
    result = run_python(script, production_env(DATABASE_URL=database_url(), CACHE_URL=None))
    assert result.returncode == 0, result.stderr[-2000:]
    # The other process saw the two hits of this one: its 4th hit is the 6th of the window.
    assert result.stdout.strip().splitlines()[-1] == "[True, True, True, False]"
    assert ratelimit.exceeded(ratelimit.LINK_REQUEST, _request())


@pytest.mark.django_db(transaction=True)
def test_parallel_hits_are_each_counted_once(settings):
    settings.RATE_LIMITS = {"link-request": (10, 3600)}
    start, results = threading.Barrier(20), []

    def one_hit():
        try:
            start.wait(timeout=30)
            results.append(ratelimit.hit(ratelimit.LINK_REQUEST, _request()))
        finally:
            connection.close()

    threads = [threading.Thread(target=one_hit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False] * 10 + [True] * 10


def test_incr_is_atomic_in_the_database_and_keeps_the_expiry():
    cache.set("window", 1, 3600)
    assert cache.incr("window") == 2
    assert cache.incr("window", 5) == 7
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT expires FROM {CACHE_TABLE} WHERE cache_key = %s",  # noqa: S608
            [cache.make_key("window")],
        )
        (expires,) = cursor.fetchone()
    # Django's generic incr would have reset it to the default timeout (5 minutes).
    assert expires.timestamp() > time.time() + 3500
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-set")


def test_cache_url_selects_redis_and_refuses_other_schemes():
    assert cache_config(Env({})) == {
        "BACKEND": "backend.common.cache.PostgresCache",
        "LOCATION": CACHE_TABLE,
    }
    assert cache_config(Env({"CACHE_URL": "redis://cache.internal:6379/2"})) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
    }
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL: expected a URL with scheme"):
        cache_config(Env({"CACHE_URL": "memcached://cache:11211"}))


def test_set_and_add_are_one_statement_each_and_add_keeps_a_live_entry():
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db) as queries:
        cache.set("one", 1, 60)
        assert cache.add("one", 2, 60) is False  # alive: kept
        assert cache.get("one") == 1
    assert len(queries) == 3


def test_the_worker_deletes_expired_entries(time_machine):
    from django.utils import timezone

    from backend.common.tasks import cache_cull

    cache.set("short", 1, 60)
    cache.set("long", 1, 3600)
    time_machine.move_to(timezone.now() + timedelta(minutes=5), tick=True)
    assert cache.add("short", 2, 60) is True  # an expired entry is replaced by add
    cache.set("gone", 1, 1)
    time_machine.move_to(timezone.now() + timedelta(minutes=2), tick=True)
    assert cache_cull(timestamp=0) == 2  # "short" (again 60 s) and "gone"
    assert cache.get("long") == 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {CACHE_TABLE}")  # noqa: S608 - constant name
        assert cursor.fetchone() == (1,)
