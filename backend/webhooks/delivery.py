"""One attempt to deliver a webhook (on the worker), and what it does to the delivery and
its subscription.

An attempt POSTs the body with the Standard Webhooks headers and counts a 2xx answer as
delivered. Anything else (another status, a redirect, a timeout, a refused connection) is a
failed attempt: it is recorded in a transaction of its own, so the record stays when the
job then raises and procrastinate retries it later. A subscription is switched off when one
delivery used up its attempts, or after ``WEBHOOKS_DISABLE_AFTER_FAILURES`` failed attempts
in a row (across its deliveries) that span at least ``WEBHOOKS_DISABLE_AFTER_FAILING_FOR``;
a success resets the count.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.webhooks import signing
from backend.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from backend.webhooks.validators import webhook_url_validate

#: Retries after the first attempt (procrastinate's ``max_attempts``): 2, 4, 8 … seconds
#: apart, 17 attempts over about 36 hours (``backend.webhooks.tasks``).
MAX_RETRIES = 16
USER_AGENT = "Foerderlotse-Webhooks/1.0"


class DeliveryFailed(Exception):
    """The attempt failed and the delivery will be tried again (procrastinate retries)."""


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other non-2xx: the body is not sent elsewhere."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - https (or allowed http) only: validators
    try:
        with _opener.open(request, timeout=settings.WEBHOOKS_TIMEOUT) as response:
            status = int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return Outcome(error.code, f"HTTP {error.code}")
    except (OSError, ValueError) as error:  # URLError, timeouts, refused connections
        return Outcome(None, str(getattr(error, "reason", error))[:500] or type(error).__name__)
    return Outcome(status, "" if 200 <= status < 300 else f"HTTP {status}")


def delivery_attempt(*, delivery_id: int) -> None:
    """Try to deliver once; raises ``DeliveryFailed`` when it should be tried again."""
    delivery = (
        WebhookDelivery.objects.select_related("subscription", "event__case")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return  # deleted with its subscription, or done already: never sent twice
    subscription = delivery.subscription
    if not subscription.active:
        _give_up(delivery, _("Das Abo ist nicht aktiv."))
        return
    try:
        webhook_url_validate(subscription.url)
    except ValidationError as error:
        _give_up(delivery, " ".join(error.messages))
        return
    body = signing.body(event_type=delivery.event_type, event=delivery.event)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signing.signature(
            secret=subscription.secret,
            message_id=delivery.message_id,
            timestamp=timestamp,
            body=body,
        ),
    }
    outcome = post(subscription.url, body, headers)
    if not _record(delivery.pk, outcome):
        raise DeliveryFailed(f"{delivery.message_id}: {outcome.error}")


@transaction.atomic
def _record(delivery_id: int, outcome: Outcome) -> bool:
    """Store the attempt; True when nothing is left to do (delivered, or given up)."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    subscription = WebhookSubscription.objects.select_for_update().get(pk=delivery.subscription_id)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    if outcome.ok:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = now
        subscription.consecutive_failures = 0
        subscription.failing_since = None
    else:
        subscription.consecutive_failures += 1
        subscription.failing_since = subscription.failing_since or now
        reason = _disable_reason(subscription, delivery, now)
        if reason is not None:
            delivery.status = DeliveryStatus.FAILED
            _disable(subscription, reason, now)
    delivery.save()
    subscription.save(
        update_fields=[
            "consecutive_failures",
            "failing_since",
            "active",
            "disabled_at",
            "disabled_reason",
        ]
    )
    return delivery.status != DeliveryStatus.PENDING


def _disable_reason(
    subscription: WebhookSubscription, delivery: WebhookDelivery, now: datetime
) -> str | None:
    with translation.override(settings.LANGUAGE_CODE):  # stored, shown to the office
        if delivery.attempts > MAX_RETRIES:
            return _(
                "Automatisch deaktiviert: die Zustellung %(id)s ist nach %(count)s Versuchen "
                "gescheitert."
            ) % {"id": delivery.message_id, "count": delivery.attempts}
        threshold = settings.WEBHOOKS_DISABLE_AFTER_FAILURES
        assert subscription.failing_since is not None
        failing_for = now - subscription.failing_since
        if (
            subscription.consecutive_failures >= threshold
            and failing_for >= settings.WEBHOOKS_DISABLE_AFTER_FAILING_FOR
        ):
            return _("Automatisch deaktiviert nach %(count)s gescheiterten Versuchen in Folge.") % {
                "count": subscription.consecutive_failures
            }
    return None


def _disable(subscription: WebhookSubscription, reason: str, now: datetime) -> None:
    """Switch the subscription off; its other waiting deliveries are given up with it."""
    subscription.active = False
    subscription.disabled_at = now
    subscription.disabled_reason = reason
    WebhookDelivery.objects.filter(subscription=subscription, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, last_error=reason[:500]
    )


def _give_up(delivery: WebhookDelivery, error: str) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, last_error=error[:500]
    )
