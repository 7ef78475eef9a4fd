"""Strict readers for environment variables.

Every reader names the variable in its error, so a malformed value stops start-up with a
message an operator can act on (``DJANGO_DEBUG: expected one of true/false/1/0/yes/no``)
instead of silently falling back to a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Env:
    """Reads typed values from a mapping (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ
        #: Every variable read through this instance, with its description. ``.env.example``
        #: and the docker-compose check are tested against it.
        self.known: dict[str, str] = {}

    def _raw(self, name: str, doc: str) -> str | None:
        self.known.setdefault(name, doc)
        value = self.environ.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def string(self, name: str, default: str | None = None, *, doc: str = "") -> str:
        value = self._raw(name, doc)
        if value is None:
            if default is None:
                raise ImproperlyConfigured(f"{name}: required but not set ({doc})")
            return default
        return value

    def boolean(self, name: str, default: bool, *, doc: str = "") -> bool:
        value = self._raw(name, doc)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name}: expected one of true/false/1/0/yes/no/on/off, got {value!r}"
        )

    def integer(self, name: str, default: int, *, minimum: int = 0, doc: str = "") -> int:
        value = self._raw(name, doc)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: expected an integer, got {value!r}") from None
        if number < minimum:
            raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {number}")
        return number

    def strings(self, name: str, default: list[str], *, doc: str = "") -> list[str]:
        value = self._raw(name, doc)
        if value is None:
            return default
        items = [item.strip() for item in value.split(",")]
        if any(not item for item in items):
            raise ImproperlyConfigured(
                f"{name}: expected a comma-separated list without empty items, got {value!r}"
            )
        return items

    def url(self, name: str, *, schemes: tuple[str, ...], doc: str = "") -> str | None:
        value = self._raw(name, doc)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in schemes:
            raise ImproperlyConfigured(
                f"{name}: expected a URL with scheme {' or '.join(schemes)}, got {value!r}"
            )
        try:
            parts.port  # noqa: B018 - accessing .port validates it
        except ValueError:
            raise ImproperlyConfigured(f"{name}: invalid port in {value!r}") from None
        if not parts.hostname and "host=" not in parts.query:
            raise ImproperlyConfigured(f"{name}: missing host in {value!r}")
        return value


def database_config(url: str) -> dict[str, object]:
    """Turn a ``postgres://`` URL into a Django DATABASES entry."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise ImproperlyConfigured(f"DATABASE_URL: missing database name in {url!r}")
    options: dict[str, str] = {}
    host = parts.hostname or ""
    for pair in filter(None, parts.query.split("&")):
        key, _, value = pair.partition("=")
        if key == "host":
            host = value
        else:
            options[key] = value
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": parts.username or "",
        "PASSWORD": parts.password or "",
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 0,
        "ATOMIC_REQUESTS": False,
    }
