"""Token authentication for other systems: ``Authorization: Bearer fl_...``.

Browsers use Django's session (with CSRF) instead; see ``REST_FRAMEWORK`` in the settings.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from backend.accounts.models import ApiToken
from backend.accounts.selectors import api_token_get_by_key
from backend.accounts.services import api_token_touch


class ApiTokenAuthentication(BaseAuthentication):
    """Authenticates as the token's user; ``request.auth`` is the ``ApiToken``."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Erwartet: „Authorization: Bearer <Token>“."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Ungültiger Token.")) from None
        token = api_token_get_by_key(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ungültiger oder widerrufener Token."))
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
