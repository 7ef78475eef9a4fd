"""Status tokens never reach a log (issue #17).

A status link (``/ideen/status/<token>/``, ``/api/v1/ideas/<token>/``) is a bearer credential:
whoever holds it can read the case and withdraw the idea. Web servers log request lines
(runserver's ``django.server``, gunicorn's ``gunicorn.access``) and Django logs the path of
every 4xx/5xx (``django.request``). Rather than a filter per logger or handler, every log
record of the process is redacted when it is made (:func:`install`, from the common app's
``ready``): whichever library logs, and whatever handler writes it, sees ``[token]``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

#: A token in a path, with or without a language prefix (/en/…) or host: status links, the
#: answer link of a cooperation request, the signed confirmation of an interest registration.
TOKEN_IN_PATH = re.compile(
    r"(/ideen/status/|/api/v1/ideas/|/kennenlernen/|/veranstaltungen/interesse/bestaetigen/)"
    r"[A-Za-z0-9_\-:.]{16,}"
)
REDACTED = r"\1[token]"


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(REDACTED, text)


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redact_value(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(_redact_value(item) for item in value)
    return value


def install() -> None:
    """Wrap the log record factory once per process (idempotent)."""
    previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()
    if getattr(previous, "redacts_tokens", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if record.args:
            record.args = _redact_value(record.args)
        return record

    factory.redacts_tokens = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
