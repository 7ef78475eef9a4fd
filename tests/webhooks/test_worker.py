"""Webhooks on the real worker (procrastinate on this PostgreSQL) to a real HTTP receiver:
sent only after the change committed, retried after a failure with the same webhook-id,
never twice, and a subscription that keeps failing is switched off. These tests commit
(transactional database) and wait for procrastinate's first retry (2 seconds)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import transaction
from standardwebhooks import Webhook

from backend.cases.models import Case
from backend.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.factories import move, submit_idea
from tests.messaging.test_worker import jobs_by_status, run_worker
from workflows.actors import Actor

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_delivered_after_commit_once_and_verifiable(subscribe, receiver, coordinator):
    subscription = subscribe(receiver.url, ["case.created"])
    case = submit_idea()
    assert receiver.requests == []  # the worker sends it, not the request

    run_worker()
    run_worker()  # a second run finds nothing left to send

    [request] = receiver.requests
    message = Webhook(subscription.secret).verify(request.body, request.headers)
    assert message["data"]["case_reference"] == case.reference
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SUCCEEDED, 1)
    assert jobs_by_status() == {}  # done jobs are deleted


@transaction.atomic
def submit_then_fail() -> None:
    submit_idea()
    raise RuntimeError("the request failed after the submission")


def test_nothing_for_a_change_that_rolled_back(subscribe, receiver, coordinator):
    subscribe(receiver.url, ["case.created"])
    with pytest.raises(RuntimeError, match="failed after"):
        submit_then_fail()
    run_worker()

    assert not Case.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []
    assert jobs_by_status() == {}


def test_retried_after_a_server_error_with_the_same_webhook_id(subscribe, receiver, coordinator):
    receiver.statuses = [500]  # then 200
    subscription = subscribe(receiver.url, ["case.created"])
    submit_idea()

    run_worker()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.PENDING,
        1,
        500,
    )
    assert jobs_by_status() == {"todo": 1}  # waits for its retry

    time.sleep(2.5)  # procrastinate's first retry comes 2 seconds later
    run_worker()
    run_worker()

    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.message_id
    Webhook(subscription.secret).verify(second.body, second.headers)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.SUCCEEDED,
        2,
        200,
    )
    assert delivery.last_error == ""
    assert jobs_by_status() == {}


def test_a_subscription_that_keeps_failing_is_switched_off(
    subscribe, receiver, coordinator, settings
):
    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 2
    settings.WEBHOOKS_DISABLE_AFTER_FAILING_FOR = timedelta(0)
    receiver.default = 500
    subscription = subscribe(receiver.url, ["case.created", "case.transitioned"])
    case = submit_idea()

    run_worker()
    time.sleep(2.5)
    run_worker()

    assert len(receiver.requests) == 2
    subscription.refresh_from_db()
    assert not subscription.active
    assert subscription.disabled_at is not None
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert jobs_by_status() == {}  # given up: no further retries

    move(case, "start_advice", Actor.for_user(coordinator))
    run_worker()
    assert WebhookDelivery.objects.count() == 1
    assert len(receiver.requests) == 2
