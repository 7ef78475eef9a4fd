"""The worker's webhook task (procrastinate, ADR 0008/0009)."""

from __future__ import annotations

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from backend.webhooks.delivery import MAX_RETRIES, delivery_attempt

#: 2, 4, 8 … seconds between attempts: 17 attempts span about 36 hours.
WEBHOOK_RETRY = RetryStrategy(max_attempts=MAX_RETRIES, exponential_wait=2)
WEBHOOK_QUEUE = "webhooks"


@app.task(name="webhooks.deliver", queue=WEBHOOK_QUEUE, retry=WEBHOOK_RETRY)
def deliver_webhook(*, delivery_id: int) -> None:
    """POST one delivery to its subscription's URL; raises to be retried."""
    delivery_attempt(delivery_id=delivery_id)
