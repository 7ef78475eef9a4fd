"""Queue the webhook deliveries an audit event calls for, in the transaction that wrote it."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from backend.cases.models import CaseEvent
from backend.webhooks.services import deliveries_queue
from workflows.signals import case_event_recorded


@receiver(case_event_recorded)
def queue_webhooks(sender: Any, *, event: CaseEvent, **kwargs: Any) -> None:
    deliveries_queue(event=event)
