"""Standard Webhooks (https://www.standardwebhooks.com/): secrets, the body, the signature.

A secret is ``whsec_`` + base64 of random bytes; the key is those bytes. The signature of an
attempt is ``v1,`` + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}"))."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from backend.cases.models import CaseEvent

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix of every secret, not a secret
SECRET_BYTES = 32


def secret_generate() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def event_data(event: CaseEvent) -> dict[str, Any]:
    """The event as the change feed shows it, without who acted by name and the comment (a
    receiver that needs them reads the feed or the case)."""
    return {
        "id": event.pk,
        "case": event.case_id,
        "case_reference": event.case.reference,
        "kind": event.kind,
        "transition": event.transition,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "actor_kind": event.actor_kind,
        "created_at": timezone.localtime(event.created_at).isoformat(),
        "payload": event.payload,
    }


def body(*, event_type: str, event: CaseEvent) -> bytes:
    """The JSON body: ``{"type", "timestamp", "data"}`` (the same on every attempt)."""
    message = {
        "type": event_type,
        "timestamp": timezone.localtime(event.created_at).isoformat(),
        "data": event_data(event),
    }
    text = json.dumps(message, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")
