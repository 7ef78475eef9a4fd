"""Subscriptions (create, reactivate, rotate the secret) and the deliveries an audit event
causes. Sending is ``backend.webhooks.delivery``, on the worker."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from backend.cases.models import CaseEvent
from backend.webhooks.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEventType,
    WebhookSubscription,
)
from backend.webhooks.signing import secret_generate
from workflows.states import EventKind

#: Transitions that decide an application: ``case.decided`` instead of ``case.transitioned``.
DECIDING_TRANSITIONS = frozenset({"approve", "reject"})
_DOCUMENT_TYPES = {
    "upload": WebhookEventType.DOCUMENT_ADDED,
    "issue": WebhookEventType.DOCUMENT_ADDED,
    "delete": WebhookEventType.DOCUMENT_DELETED,
}


def event_type_of(event: CaseEvent) -> WebhookEventType | None:
    """The webhook type of an audit event, or None for events that are not sent
    (assessments, reassignments, overlap checks, reminders)."""
    if event.kind == EventKind.CREATED:
        return WebhookEventType.CASE_CREATED
    if event.kind == EventKind.TRANSITION:
        if event.transition in DECIDING_TRANSITIONS:
            return WebhookEventType.CASE_DECIDED
        return WebhookEventType.CASE_TRANSITIONED
    if event.kind == EventKind.RECORD:
        return WebhookEventType.CASE_RECORD
    if event.kind == EventKind.DOCUMENT:
        return _DOCUMENT_TYPES.get(str(event.payload.get("action", "")))
    return None


def deliveries_queue(*, event: CaseEvent) -> list[WebhookDelivery]:
    """A delivery (and its job) for every active subscription of the case's city that wants
    this type. Call it inside the transaction that wrote the event: the rows and jobs commit
    or roll back with it."""
    from backend.webhooks.tasks import deliver_webhook

    event_type = event_type_of(event)
    if event_type is None:
        return []
    subscriptions = WebhookSubscription.objects.filter(
        active=True,
        event_types__contains=[event_type],
        city__areas__pk=event.case.quarter_id,
    ).order_by("pk")
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=subscription, event=event, event_type=event_type)
        for subscription in subscriptions
    )
    for delivery in deliveries:
        deliver_webhook.defer(delivery_id=delivery.pk)
    return deliveries


def subscription_create(**fields: Any) -> WebhookSubscription:
    """A new subscription with a fresh secret (read it from the returned object: once)."""
    subscription = WebhookSubscription(**fields, secret=secret_generate())
    subscription.full_clean()
    subscription.save()
    return subscription


def subscription_prepare_save(subscription: WebhookSubscription) -> None:
    """Before saving an edited subscription: switching an automatically disabled one on again
    starts afresh (no reason, no failures counted)."""
    if subscription.active and (subscription.disabled_at or subscription.consecutive_failures):
        subscription.disabled_at = None
        subscription.disabled_reason = ""
        subscription.consecutive_failures = 0
        subscription.failing_since = None


def secret_rotate(subscription: WebhookSubscription) -> str:
    """A new secret replaces the old one at once (later attempts are signed with it)."""
    subscription.secret = secret_generate()
    subscription.save(update_fields=["secret", "updated_at"])
    return subscription.secret


@transaction.atomic
def deliveries_retry(deliveries: Any) -> int:
    """Queue failed deliveries of active subscriptions again (a fresh round of attempts);
    returns how many. Deliveries of inactive subscriptions stay failed."""
    from backend.webhooks.tasks import deliver_webhook

    retried = list(
        WebhookDelivery.objects.select_for_update(of=("self",))
        .filter(
            pk__in=[delivery.pk for delivery in deliveries],
            status=DeliveryStatus.FAILED,
            subscription__active=True,
        )
        .order_by("pk")
    )
    for delivery in retried:
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.save(update_fields=["status", "attempts"])
        deliver_webhook.defer(delivery_id=delivery.pk)
    return len(retried)
