"""Read-side of accounts: find the API token a request presents."""

from __future__ import annotations

from backend.accounts.models import ApiToken
from backend.accounts.services import TOKEN_PREFIX, api_token_hash


def api_token_get_by_key(*, key: str) -> ApiToken | None:
    """The active token whose secret is ``key`` (None if unknown, malformed or revoked)."""
    if not key.startswith(TOKEN_PREFIX) or len(key) > 100:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=api_token_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
