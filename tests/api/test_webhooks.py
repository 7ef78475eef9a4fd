"""/api/v1/webhooks/: central office manages the cities' subscriptions (coordinators 403);
the secret is shown on create and rotation only; bad input is a 400 and stores nothing."""

from __future__ import annotations

import base64

import pytest
from django.utils import timezone

from backend.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from backend.webhooks.services import subscription_create
from tests.api.conftest import assert_problem, token_client
from tests.factories import submit_idea

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/"
GOOD = {
    "city": "essen",
    "url": "https://fachverfahren.essen.example/hooks",
    "description": "Fachverfahren",
    "event_types": ["case.created", "case.decided"],
}


@pytest.fixture
def subscription(essen):
    return subscription_create(
        city=essen, url="https://a.example/hook", event_types=["case.created"]
    )


def test_central_office_creates_a_subscription_and_sees_its_secret_once(central_api):
    response = central_api.post(URL, GOOD, format="json")

    assert response.status_code == 201, response.content
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    stored = WebhookSubscription.objects.get()
    assert response["Location"] == f"{URL}{stored.pk}/"
    assert body["secret"] == stored.secret
    assert len(base64.b64decode(body["secret"].removeprefix("whsec_"))) == 32
    assert body["event_types"] == ["case.created", "case.decided"]
    assert (body["city"], body["active"], body["url"]) == ("essen", True, GOOD["url"])

    listed = central_api.get(URL).json()["results"]
    assert [item["id"] for item in listed] == [stored.pk]
    assert "secret" not in listed[0]
    assert "secret" not in central_api.get(f"{URL}{stored.pk}/").json()


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", ""), ("post", ""), ("get", "{id}/"), ("patch", "{id}/"), ("delete", "{id}/")],
)
def test_coordinators_are_refused(api, subscription, method, path):
    body = GOOD if method != "get" else None  # as a query, GOOD's names would be unknown: 400
    response = getattr(api, method)(URL + path.format(id=subscription.pk), body, format="json")
    assert_problem(response, 403, "permission-denied")
    assert WebhookSubscription.objects.count() == 1
    assert WebhookSubscription.objects.get().url == "https://a.example/hook"


def test_without_credentials_401(anon):
    assert_problem(anon.get(URL), 401, "not-authenticated")


def test_a_read_only_token_of_central_office_may_only_read(central):
    client = token_client(central, "read")
    assert client.get(URL).status_code == 200
    assert_problem(client.post(URL, GOOD, format="json"), 403, "read-only-token")
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "http://fachverfahren.essen.example/hooks"}, "url"),
        ({"url": "ftp://fachverfahren.essen.example/hooks"}, "url"),
        ({"url": "https://user:geheim@fachverfahren.essen.example/hooks"}, "url"),
        ({"url": "kein Link"}, "url"),
        ({"url": 42}, "url"),
        ({"event_types": []}, "event_types"),
        ({"event_types": ["case.exploded"]}, "event_types.0"),
        ({"event_types": "case.created"}, "event_types"),
        ({"city": "atlantis"}, "city"),
        ({"active": "yes"}, "active"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(central_api, change, field):
    response = central_api.post(URL, {**GOOD, **change}, format="json")
    body = assert_problem(response, 400, "validation")
    assert field in body["errors"], body
    assert not WebhookSubscription.objects.exists()


def test_missing_fields_are_a_400(central_api):
    body = assert_problem(central_api.post(URL, {}, format="json"), 400, "validation")
    assert {"city", "url", "event_types"} <= set(body["errors"])


def test_unknown_subscription_is_a_404(central_api):
    assert_problem(central_api.get(f"{URL}999999/"), 404, "not-found")
    assert_problem(central_api.get(f"{URL}999999/deliveries/"), 404, "not-found")
    assert_problem(central_api.post(f"{URL}999999/rotate-secret/"), 404, "not-found")


def test_switching_a_disabled_subscription_on_starts_afresh(central_api, subscription):
    subscription.active = False
    subscription.disabled_at = timezone.now()
    subscription.disabled_reason = "Automatisch deaktiviert"
    subscription.consecutive_failures = 20
    subscription.save()

    response = central_api.patch(f"{URL}{subscription.pk}/", {"active": True}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["active"], body["disabled_at"], body["disabled_reason"]) == (True, None, "")
    assert body["consecutive_failures"] == 0
    subscription.refresh_from_db()
    assert subscription.active
    assert subscription.disabled_at is None


def test_a_bad_change_stores_nothing(central_api, subscription):
    response = central_api.patch(
        f"{URL}{subscription.pk}/", {"url": "http://a.example/hook"}, format="json"
    )
    assert_problem(response, 400, "validation")
    subscription.refresh_from_db()
    assert subscription.url == "https://a.example/hook"


def test_rotating_the_secret_replaces_it(central_api, subscription):
    old = subscription.secret
    response = central_api.post(f"{URL}{subscription.pk}/rotate-secret/")
    assert response.status_code == 200
    new = response.json()["secret"]
    subscription.refresh_from_db()
    assert new == subscription.secret != old
    assert new.startswith("whsec_")


def test_the_delivery_log_of_one_subscription_newest_first(central_api, subscription, essen):
    other = subscription_create(
        city=essen, url="https://b.example/hook", event_types=["case.created"]
    )
    submit_idea()
    submit_idea(association_name="Zweiter Verein e.V.")
    WebhookDelivery.objects.filter(subscription=subscription).update(
        status=DeliveryStatus.FAILED, attempts=3, last_status_code=502, last_error="HTTP 502"
    )

    response = central_api.get(f"{URL}{subscription.pk}/deliveries/")

    assert response.status_code == 200
    results = response.json()["results"]
    mine = list(WebhookDelivery.objects.filter(subscription=subscription).order_by("-pk"))
    assert [item["id"] for item in results] == [delivery.pk for delivery in mine]
    assert results[0]["webhook_id"] == f"msg_{mine[0].pk}"
    assert results[0]["event_type"] == "case.created"
    assert (results[0]["status"], results[0]["attempts"], results[0]["last_status_code"]) == (
        "failed",
        3,
        502,
    )
    assert other.deliveries.count() == 2


def test_deleting_a_subscription(central_api, subscription):
    response = central_api.delete(f"{URL}{subscription.pk}/")
    assert response.status_code == 204
    assert not WebhookSubscription.objects.exists()
