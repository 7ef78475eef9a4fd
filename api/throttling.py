"""Rate limits (429 with Retry-After). Rates come from the settings on every request, so an
operator (``API_THROTTLE_*``) and tests can change them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _SettingsRate:
    scope: str

    def get_rate(self) -> str | None:
        rate: str | None = settings.API_THROTTLE_RATES.get(self.scope)
        return rate

    def allow_request(self, request: Any, view: Any) -> bool:
        """DRF's check; then the log it read (and wrote) is kept on the request, so the
        RateLimit headers (``api.ratelimit``) need not read the shared cache again."""
        allowed: bool = super().allow_request(request, view)  # type: ignore[misc]
        if getattr(self, "key", None) is not None and hasattr(self, "history"):
            seen = request._request.__dict__.setdefault("_ratelimit_logs", {})
            seen[self.scope] = (list(self.history), self.now)  # type: ignore[attr-defined]
        return allowed


class ApiUserThrottle(_SettingsRate, UserRateThrottle):
    """Per authenticated user (all tokens of a user share the budget)."""

    scope = "user"


class IdeaSubmissionThrottle(_SettingsRate, AnonRateThrottle):
    """Per client address, for the public idea submission."""

    scope = "ideas"


class IdeaStatusThrottle(_SettingsRate, AnonRateThrottle):
    """Per client address, for looking up an idea by its status token."""

    scope = "idea_status"


class OverlapCheckThrottle(_SettingsRate, AnonRateThrottle):
    """Per client address, for the public overlap check."""

    scope = "overlap_checks"


class CatalogueThrottle(_SettingsRate, AnonRateThrottle):
    """Per client address, for the public offering catalogue."""

    scope = "catalogue"
