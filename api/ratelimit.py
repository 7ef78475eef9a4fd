"""RateLimit headers on every API response (IETF draft-ietf-httpapi-ratelimit-headers-10).

::

    RateLimit-Policy: "user";q=1200;w=60
    RateLimit: "user";r=1187;t=42

One list member per rate limit that applies to the request (the throttle's scope names it):
``q`` is the quota and ``w`` the window in seconds; ``r`` is what remains of the quota after
this request and ``t`` the seconds until the oldest request counted leaves the window (0 when
none is counted).

The headers are read *after* the view, from the throttles' own state, so they are there on
successes and on errors alike (a 401 or 404 shows the state of the limit that would apply),
and nothing here counts a request. The throttles stay in ``api.throttling``: a throttle may
offer ``ratelimit_peek(request) -> Window | None`` when it keeps its counts differently from
DRF's sliding log; otherwise the log in the cache is read as DRF writes it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


@dataclass(frozen=True)
class Window:
    """The state of one rate limit for one client."""

    scope: str
    quota: int
    seconds: int
    remaining: int
    reset: int


def _sliding_log(throttle: SimpleRateThrottle, request: HttpRequest) -> Window | None:
    """DRF's throttles keep, per client, a list of request times (newest first)."""
    if throttle.rate is None:
        return None
    key = throttle.get_cache_key(request, None)  # type: ignore[arg-type]
    if key is None:
        return None  # this limit does not apply (e.g. a per-address limit, signed in)
    quota, seconds = throttle.parse_rate(throttle.rate)
    if quota is None or seconds is None:
        return None
    seen = getattr(request, "_ratelimit_logs", {}).get(throttle.scope)
    # The log as the throttle left it in this request (api.throttling), else from the cache.
    log, now = seen if seen is not None else (throttle.cache.get(key, []), throttle.timer())
    history = [t for t in log if t > now - seconds]
    reset = math.ceil(seconds - (now - history[-1])) if history else 0
    return Window(
        scope=str(throttle.scope),
        quota=quota,
        seconds=seconds,
        remaining=max(quota - len(history), 0),
        reset=max(reset, 0),
    )


def window(throttle: BaseThrottle, request: HttpRequest) -> Window | None:
    peek = getattr(throttle, "ratelimit_peek", None)
    if peek is not None:
        found: Window | None = peek(request)
        return found
    if isinstance(throttle, SimpleRateThrottle):
        return _sliding_log(throttle, request)
    return None


def _throttle_classes(request: HttpRequest) -> Iterable[type[BaseThrottle]]:
    """The view's throttles (also when a middleware answered before the view ran); the
    default ones where no view would answer (an unknown URL)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
    view_class: Any = getattr(getattr(match, "func", None), "cls", None)
    if view_class is None:
        return list(cast(Iterable[type[BaseThrottle]], api_settings.DEFAULT_THROTTLE_CLASSES))
    initkwargs = getattr(match.func, "initkwargs", {})  # type: ignore[union-attr]
    return list(initkwargs.get("throttle_classes", view_class.throttle_classes))


def windows(request: HttpRequest) -> list[Window]:
    found = []
    for throttle_class in _throttle_classes(request):
        state = window(throttle_class(), request)
        if state is not None:
            found.append(state)
    return found


def add_ratelimit_headers(request: HttpRequest, response: HttpResponse) -> None:
    if "RateLimit" in response:
        return
    if not hasattr(request, "user"):  # answered before the authentication middleware ran
        request.user = AnonymousUser()
    try:
        states = windows(request)
    except DatabaseError:
        # The counts live in the database cache: when the database is away (the answer is a
        # 503 already), the answer goes out without the headers rather than not at all.
        return
    if not states:
        return
    response["RateLimit-Policy"] = ", ".join(
        f'"{s.scope}";q={s.quota};w={s.seconds}' for s in states
    )
    response["RateLimit"] = ", ".join(f'"{s.scope}";r={s.remaining};t={s.reset}' for s in states)
