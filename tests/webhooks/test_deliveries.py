"""Which audit events become deliveries, and what one attempt does (in-memory job queue: the
jobs run in the test's thread, against a real HTTP receiver on 127.0.0.1)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from backend.areas.models import City
from backend.cases.models import CaseEvent
from backend.webhooks.delivery import MAX_RETRIES, DeliveryFailed, delivery_attempt
from backend.webhooks.models import DeliveryStatus, WebhookDelivery
from backend.webhooks.services import deliveries_retry, event_type_of
from backend.webhooks.signing import secret_generate, signature
from tests.factories import UserFactory, move, submit_idea
from workflows.states import EventKind

pytestmark = pytest.mark.django_db

TASK = "webhooks.deliver"


def test_only_active_subscriptions_of_the_cases_city_that_want_the_type_get_it(subscribe, jobs):
    bochum = City.objects.create(
        name="Bochum", slug="bochum", central_queue=UserFactory(username="zentrale-bochum")
    )
    wanted = subscribe("https://essen.example/hook", ["case.created"])
    subscribe("https://essen.example/decisions", ["case.decided"])
    subscribe("https://essen.example/off", ["case.created"], active=False)
    subscribe("https://bochum.example/hook", ["case.created"], city=bochum)

    case = submit_idea()

    [delivery] = WebhookDelivery.objects.all()
    assert delivery.subscription == wanted
    assert delivery.event == case.events.get(kind=EventKind.CREATED)
    assert delivery.event_type == "case.created"
    assert delivery.status == DeliveryStatus.PENDING
    assert [job["args"] for job in jobs.queued(TASK)] == [{"delivery_id": delivery.pk}]


def _event(kind: str, transition: str = "", **payload) -> CaseEvent:
    return CaseEvent(kind=kind, transition=transition, payload=payload)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (_event("created"), "case.created"),
        (_event("transition", "start_advice"), "case.transitioned"),
        (_event("transition", "withdraw"), "case.transitioned"),
        (_event("transition", "approve"), "case.decided"),
        (_event("transition", "reject"), "case.decided"),
        (_event("record"), "case.record"),
        (_event("document", action="upload"), "document.added"),
        (_event("document", action="issue"), "document.added"),
        (_event("document", action="delete"), "document.deleted"),
        (_event("assessment"), None),
        (_event("reassigned"), None),
        (_event("overlap_check"), None),
        (_event("reminder"), None),
    ],
)
def test_the_webhook_type_of_each_kind_of_audit_event(event, expected):
    assert event_type_of(event) == expected


def test_a_delivery_is_signed_per_standard_webhooks(subscribe, receiver, jobs):
    subscription = subscribe(receiver.url, ["case.created"])
    case = submit_idea()
    jobs.run()

    [request] = receiver.requests
    # An independent implementation (the standardwebhooks package) accepts the signature.
    message = Webhook(subscription.secret).verify(request.body, request.headers)
    delivery = WebhookDelivery.objects.get()
    assert request.headers["webhook-id"] == f"msg_{delivery.pk}"
    assert request.headers["content-type"] == "application/json"
    assert message["type"] == "case.created"
    event = case.events.get(kind=EventKind.CREATED)
    assert message["data"] == {
        "id": event.pk,
        "case": case.pk,
        "case_reference": case.reference,
        "kind": "created",
        "transition": "",
        "from_state": "",
        "to_state": "idea",
        "actor_kind": event.actor_kind,
        "created_at": message["timestamp"],
        "payload": event.payload,
    }
    assert datetime.fromisoformat(message["timestamp"]) == event.created_at
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.SUCCEEDED,
        1,
        200,
    )
    assert delivery.delivered_at is not None


def test_a_signature_with_another_secret_is_refused(subscribe, receiver, jobs):
    subscribe(receiver.url, ["case.created"])
    submit_idea()
    jobs.run()
    [request] = receiver.requests
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(secret_generate()).verify(request.body, request.headers)


def test_signature_matches_the_specs_example_computation():
    secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
    moment = datetime(2026, 3, 5, 13, 0, tzinfo=UTC)
    body = b'{"type":"case.created"}'
    expected = Webhook(secret).sign("msg_1", moment, body)
    assert (
        signature(secret=secret, message_id="msg_1", timestamp=int(moment.timestamp()), body=body)
        == expected
    )


def test_secrets_are_standard_webhooks_secrets_and_differ():
    first, second = secret_generate(), secret_generate()
    assert first.startswith("whsec_")
    assert len(base64.b64decode(first.removeprefix("whsec_"))) >= 24
    assert first != second


@pytest.mark.parametrize("answer", [500, 302, 404])
def test_a_failed_attempt_is_recorded_and_raised_for_a_retry(subscribe, receiver, jobs, answer):
    receiver.default = answer
    subscription = subscribe(receiver.url, ["case.created"])
    submit_idea()

    with pytest.raises(DeliveryFailed, match=f"HTTP {answer}"):
        jobs.run()

    assert len(receiver.requests) == 1  # a redirect is not followed
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert (delivery.attempts, delivery.last_status_code) == (1, answer)
    assert delivery.last_error == f"HTTP {answer}"
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 1
    assert subscription.active


def test_a_refused_connection_is_a_failed_attempt(subscribe, jobs):
    from tests.smtp import free_port

    subscribe(f"http://127.0.0.1:{free_port()}/nobody", ["case.created"])
    submit_idea()
    with pytest.raises(DeliveryFailed):
        jobs.run()
    delivery = WebhookDelivery.objects.get()
    assert delivery.last_status_code is None
    assert delivery.last_error


def test_a_success_resets_the_failure_count(subscribe, receiver, jobs):
    subscription = subscribe(receiver.url, ["case.created"])
    subscription.consecutive_failures = 7
    subscription.save()
    submit_idea()
    jobs.run()
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0
    assert subscription.failing_since is None


def test_a_delivery_that_used_up_its_attempts_disables_the_subscription(
    subscribe, receiver, jobs, coordinator
):
    receiver.default = 500
    subscription = subscribe(receiver.url, ["case.created", "case.transitioned"])
    case = submit_idea()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=MAX_RETRIES)

    delivery_attempt(delivery_id=delivery.pk)  # the last attempt: gives up, does not raise

    delivery.refresh_from_db()
    subscription.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == MAX_RETRIES + 1
    assert not subscription.active
    assert subscription.disabled_at is not None
    assert "gescheitert" in subscription.disabled_reason
    # Disabled subscriptions get no new deliveries.
    from workflows.actors import Actor

    move(case, "start_advice", Actor.for_user(coordinator))
    assert WebhookDelivery.objects.count() == 1


def test_failures_in_a_row_disable_only_once_they_last(subscribe, receiver, jobs, settings):
    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 2
    receiver.default = 500
    subscription = subscribe(receiver.url, ["case.created"])
    submit_idea()
    submit_idea(association_name="Zweiter Verein e.V.")
    first, second = WebhookDelivery.objects.order_by("pk")

    with pytest.raises(DeliveryFailed):
        delivery_attempt(delivery_id=first.pk)
    with pytest.raises(DeliveryFailed):  # two in a row, but not yet for an hour
        delivery_attempt(delivery_id=second.pk)
    subscription.refresh_from_db()
    assert subscription.active

    settings.WEBHOOKS_DISABLE_AFTER_FAILING_FOR = timedelta(0)
    delivery_attempt(delivery_id=first.pk)  # the third: the subscription is switched off

    subscription.refresh_from_db()
    assert not subscription.active
    assert subscription.consecutive_failures == 3
    assert "in Folge" in subscription.disabled_reason
    # Its other waiting delivery is given up with it, and its job will send nothing.
    second.refresh_from_db()
    assert second.status == DeliveryStatus.FAILED
    delivery_attempt(delivery_id=second.pk)
    assert len(receiver.requests) == 3


def test_retry_queues_failed_deliveries_of_active_subscriptions_only(subscribe, jobs):
    active = subscribe("https://essen.example/a", ["case.created"])
    inactive = subscribe("https://essen.example/b", ["case.created"])
    submit_idea()
    WebhookDelivery.objects.update(status=DeliveryStatus.FAILED, attempts=17)
    inactive.active = False
    inactive.save()
    jobs.connector.jobs.clear()

    assert deliveries_retry(WebhookDelivery.objects.all()) == 1

    retried = WebhookDelivery.objects.get(subscription=active)
    assert (retried.status, retried.attempts) == (DeliveryStatus.PENDING, 0)
    assert WebhookDelivery.objects.get(subscription=inactive).status == DeliveryStatus.FAILED
    assert [job["args"] for job in jobs.queued(TASK)] == [{"delivery_id": retried.pk}]


def test_the_job_of_a_deleted_subscription_sends_nothing(subscribe, receiver, jobs):
    subscription = subscribe(receiver.url, ["case.created"])
    submit_idea()
    subscription.delete()
    jobs.run()
    assert receiver.requests == []


def test_the_body_is_the_same_json_on_every_attempt(subscribe, receiver, jobs):
    receiver.statuses = [500]
    subscribe(receiver.url, ["case.created"])
    submit_idea()
    with pytest.raises(DeliveryFailed):
        jobs.run()
    delivery_attempt(delivery_id=WebhookDelivery.objects.get().pk)
    first, second = receiver.requests
    assert first.body == second.body
    assert json.loads(first.body)["type"] == "case.created"
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
