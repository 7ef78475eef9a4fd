"""Per-address request limits (public pages, logins, password reset), counted in Django's
default cache, which every process shares (PostgreSQL or Redis: ``backend/settings/limits.py``).

Fixed windows: simple, and good enough against floods and token guessing. Failed logins per
account are counted by django-axes; ``LOGIN_FAILURE`` here is the ceiling per address.
"""

from __future__ import annotations

import hashlib
import ipaddress
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
#: Failed logins from one address, whatever the account (django-axes counts per account and
#: address): a city hall behind one address has many coordinators; a sprayer has many names.
LOGIN_FAILURE = Limit("login-failure", 50, 900)
#: Password reset requests from one address.
PASSWORD_RESET = Limit("password-reset", 10, 3600)
#: Reset mails to one address: the first few arrive, a mail bomb does not.
PASSWORD_RESET_MAIL = Limit("password-reset-mail", 3, 3600)


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


def client_ip(request: HttpRequest) -> str | None:
    """``client_address`` if it is an IP address, else None (django-axes stores it as one; a
    request made inside the process, like the test client's ``force_login``, has none)."""
    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def _key(limit: Limit, request: HttpRequest, subject: str | None) -> str:
    window = int(time.time() // limit.seconds)
    counted = client_address(request) if subject is None else subject
    digest = hashlib.sha256(counted.encode()).hexdigest()[:32]
    return f"rl:{limit.scope}:{window}:{digest}"


def exceeded(limit: Limit, request: HttpRequest, subject: str | None = None) -> bool:
    """True if this address (or ``subject``, e.g. an e-mail address) has used up ``limit`` in
    the current window (does not count)."""
    limit = _limit(limit)
    return int(cache.get(_key(limit, request, subject), 0)) >= limit.count


def hit(limit: Limit, request: HttpRequest, subject: str | None = None) -> bool:
    """Count one hit for this address (or ``subject``); True if it was still within the limit."""
    limit = _limit(limit)
    key = _key(limit, request, subject)
    if cache.add(key, 1, timeout=limit.seconds):
        return limit.count >= 1
    try:
        return cache.incr(key) <= limit.count
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=limit.seconds)
        return True
