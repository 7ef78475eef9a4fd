"""Who may use the API at all. Which cases someone sees is decided by
``cases_visible_to`` (a case outside your districts is "not found"), and what they may do
to a case by the services and the workflow (403 "permission-denied")."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from api.exceptions import ReadOnlyToken
from backend.accounts.models import ApiToken
from backend.accounts.roles import is_central_office, is_coordinator


class IsCaseWorker(BasePermission):
    """Coordinators, deputies and central-office staff (by session or token); a read-only
    token may only read."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not is_coordinator(user):
            return False
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None and token.read_only and request.method not in SAFE_METHODS:
            raise ReadOnlyToken()
        return True


class IsCentralOffice(BasePermission):
    """Central-office staff (and superusers) only: settings that concern a whole city, such
    as webhook subscriptions. Coordinators are refused (403)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not is_central_office(user):
            return False
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None and token.read_only and request.method not in SAFE_METHODS:
            raise ReadOnlyToken()
        return True
