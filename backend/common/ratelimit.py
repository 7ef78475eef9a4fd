"""Per-address request limits (public pages, coordinator login), counted in Django's cache.

Fixed windows: simple, and good enough against floods and token guessing. The cache is the
default one (local memory unless configured otherwise: see ``CACHES`` in the settings).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int  # allowed hits per window
    seconds: int  # window length


#: Sending ideas: a club may send several, a bot may not send hundreds.
SUBMIT = Limit("submit", 10, 3600)
#: Wrong status links: a mistyped link now and then is fine; guessing is not.
TOKEN_MISS = Limit("token-miss", 20, 600)
#: The live "similar offerings" look-up while typing (debounced by the script).
SIMILAR = Limit("similar", 120, 600)
#: Asking for a new status link by e-mail address: enough for a club, useless for a mail bomb.
LINK_REQUEST = Limit("link-request", 5, 3600)
#: Failed coordinator logins: a few typos are fine; password guessing is not.
LOGIN_FAILURE = Limit("login-failure", 10, 900)


def _limit(limit: Limit) -> Limit:
    """Tests and operators may override a limit by scope in ``settings.RATE_LIMITS``."""
    override = getattr(settings, "RATE_LIMITS", {}).get(limit.scope)
    return Limit(limit.scope, *override) if override else limit


def client_address(request: HttpRequest) -> str:
    """The client's address; behind N trusted proxies, the N-th entry from the right of
    X-Forwarded-For (entries further left can be forged by the client)."""
    hops: int = getattr(settings, "RATE_LIMIT_PROXY_HOPS", 0)
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _key(limit: Limit, request: HttpRequest) -> str:
    window = int(time.time() // limit.seconds)
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return f"rl:{limit.scope}:{window}:{address}"


def exceeded(limit: Limit, request: HttpRequest) -> bool:
    """True if this address has used up ``limit`` in the current window (does not count)."""
    limit = _limit(limit)
    return int(cache.get(_key(limit, request), 0)) >= limit.count


def hit(limit: Limit, request: HttpRequest) -> bool:
    """Count one hit; True if it was still within the limit."""
    limit = _limit(limit)
    key = _key(limit, request)
    if cache.add(key, 1, timeout=limit.seconds):
        return limit.count >= 1
    try:
        return cache.incr(key) <= limit.count
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=limit.seconds)
        return True
