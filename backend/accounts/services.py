"""Write-side of accounts: API tokens for other systems, and how a user is notified.

A token is ``fl_`` plus 43 random URL-safe characters (256 bits). Only its SHA-256 hash is
stored; a slow password hash is not needed for a random secret of that length, and a fast
one keeps every API request cheap.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import ApiToken, ApiTokenScope, NotificationMode, User

TOKEN_PREFIX = "fl_"  # noqa: S105 - a marker, not a secret


def api_token_hash(key: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class ApiTokenCreated:
    token: ApiToken
    key: str  # the secret; not stored, show it now


@transaction.atomic
def api_token_create(*, user: User, name: str, scope: str = ApiTokenScope.READ) -> ApiTokenCreated:
    """Create a token acting as ``user``; returns the secret once."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name, user=user, scope=scope, prefix=key[:10], key_hash=api_token_hash(key)
    )
    token.full_clean()
    token.save()
    return ApiTokenCreated(token=token, key=key)


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token; requests with it are refused from now on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record use, at most once a minute per token (saves a write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def notification_mode_set(*, user: User, mode: str) -> User:
    """How the user hears of events that need them (``NotificationMode``)."""
    if mode not in NotificationMode.values:
        raise ValueError(f"unknown notification mode {mode!r}")
    user.notification_mode = mode
    user.save(update_fields=["notification_mode"])
    return user
