"""Which target URLs a subscription may have."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def webhook_url_validate(value: str) -> None:
    """https only (the body carries case data; the signature does not hide it). ``http://``
    only with ``WEBHOOKS_ALLOW_HTTP``, or on a developer machine (DEBUG) to a loopback host.
    No user name or password in the URL: it would show in logs and the admin, and the
    signature already proves the sender. Ports and private addresses are allowed: a city's
    receiving systems often live in its own network."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise ValidationError(
            _("Bitte geben Sie eine gültige Adresse an."), code="invalid"
        ) from None
    if parts.scheme == "http":
        loopback = settings.DEBUG and parts.hostname in LOOPBACK_HOSTS
        if not (settings.WEBHOOKS_ALLOW_HTTP or loopback):
            raise ValidationError(
                _("Die Adresse muss mit https:// beginnen."), code="https-required"
            )
    elif parts.scheme != "https":
        raise ValidationError(_("Die Adresse muss mit https:// beginnen."), code="https-required")
    if not parts.hostname:
        raise ValidationError(_("Bitte geben Sie eine gültige Adresse an."), code="invalid")
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            _("Die Adresse darf keine Zugangsdaten enthalten; der Empfänger prüft die Signatur."),
            code="credentials",
        )
