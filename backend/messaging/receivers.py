"""Queue the mail an audit event calls for, in the transaction that wrote the event."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from backend.cases.models import CaseEvent
from backend.messaging.coordinators import needs_coordinator
from workflows.registry import transitions
from workflows.signals import case_event_recorded
from workflows.states import EventKind


@receiver(case_event_recorded)
def queue_mail(sender: Any, *, event: CaseEvent, **kwargs: Any) -> None:
    from backend.messaging.tasks import send_coordinator_mail, send_state_mail

    if event.kind == EventKind.TRANSITION:
        spec = transitions().get(event.transition)
        if spec is not None and spec.mail is not None:
            send_state_mail.defer(event_id=event.pk)
    if needs_coordinator(event):
        send_coordinator_mail.defer(event_id=event.pk)
