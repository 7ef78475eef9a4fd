"""The admin: creating a subscription shows its secret once, lists never show it, rotation
shows the new one, and failed deliveries can be sent again."""

from __future__ import annotations

import pytest
from django.test import Client

from backend.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from tests.factories import UserFactory, submit_idea

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/webhooks/webhooksubscription/"


@pytest.fixture
def admin(essen) -> Client:
    client = Client()
    client.force_login(UserFactory(username="admin-demo", is_staff=True, is_superuser=True))
    return client


def test_creating_shows_the_secret_once_and_the_list_never(admin, essen):
    response = admin.post(
        f"{CHANGELIST}add/",
        {
            "city": essen.pk,
            "url": "https://fachverfahren.essen.example/hooks",
            "description": "Fachverfahren",
            "event_types": ["case.created", "case.record"],
            "active": "on",
        },
    )

    assert response.status_code == 200, response.content
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret.startswith("whsec_")
    assert subscription.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert subscription.event_types == ["case.created", "case.record"]
    for page in (CHANGELIST, f"{CHANGELIST}{subscription.pk}/change/"):
        shown = admin.get(page)
        assert shown.status_code == 200
        assert subscription.secret not in shown.content.decode()


def test_the_admin_refuses_plain_http(admin, essen, settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    response = admin.post(
        f"{CHANGELIST}add/",
        {
            "city": essen.pk,
            "url": "http://fachverfahren.essen.example/",
            "event_types": ["case.created"],
        },
    )
    assert response.status_code == 200
    assert "https://" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_rotating_shows_the_new_secret(admin, subscribe):
    subscription = subscribe("https://a.example/hook")
    old = subscription.secret
    response = admin.post(
        CHANGELIST, {"action": "rotate_secret", "_selected_action": [subscription.pk]}
    )
    subscription.refresh_from_db()
    assert subscription.secret != old
    assert subscription.secret in response.content.decode()


def test_failed_deliveries_are_sent_again(admin, subscribe, jobs):
    subscription = subscribe("https://a.example/hook", ["case.created"])
    submit_idea()
    WebhookDelivery.objects.update(status=DeliveryStatus.FAILED, attempts=17)
    jobs.connector.jobs.clear()

    response = admin.post(
        "/admin/webhooks/webhookdelivery/",
        {"action": "retry_failed", "_selected_action": [WebhookDelivery.objects.get().pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 Zustellung wird erneut gesendet." in response.content.decode()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING
    assert len(jobs.queued("webhooks.deliver")) == 1
    log = admin.get(f"/admin/webhooks/webhookdelivery/?subscription__id__exact={subscription.pk}")
    assert log.status_code == 200
