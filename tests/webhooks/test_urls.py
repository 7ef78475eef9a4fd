"""Which target URLs a subscription may have (backend.webhooks.validators)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from backend.webhooks.validators import webhook_url_validate


@pytest.fixture(autouse=True)
def _https_only(settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.DEBUG = False


@pytest.mark.parametrize(
    "url",
    [
        "https://fachverfahren.essen.example/hooks",
        "https://fachverfahren.essen.example:8443/hooks?quelle=foerderlotse",
        "https://10.1.2.3/hooks",  # a city's own network
    ],
)
def test_https_urls_are_accepted(url):
    webhook_url_validate(url)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://fachverfahren.essen.example/hooks", "https-required"),
        ("http://127.0.0.1:8000/hooks", "https-required"),
        ("ftp://fachverfahren.essen.example/hooks", "https-required"),
        ("fachverfahren.essen.example/hooks", "https-required"),
        ("https://user:geheim@fachverfahren.essen.example/hooks", "credentials"),
        ("https://token@fachverfahren.essen.example/hooks", "credentials"),
        ("https:///hooks", "invalid"),
        ("https://fachverfahren.essen.example:99999/hooks", "invalid"),
    ],
)
def test_other_urls_are_refused(url, code):
    with pytest.raises(ValidationError) as refused:
        webhook_url_validate(url)
    assert refused.value.code == code


def test_http_when_allowed_by_the_environment(settings):
    settings.WEBHOOKS_ALLOW_HTTP = True
    webhook_url_validate("http://fachverfahren.essen.example/hooks")


def test_debug_allows_http_to_this_machine_only(settings):
    settings.DEBUG = True
    webhook_url_validate("http://127.0.0.1:8000/hooks")
    webhook_url_validate("http://localhost:8000/hooks")
    with pytest.raises(ValidationError):
        webhook_url_validate("http://fachverfahren.essen.example/hooks")


@pytest.mark.django_db
def test_the_worker_refuses_a_url_that_is_no_longer_allowed(subscribe, receiver, jobs, settings):
    """A subscription stored while http was allowed is not sent to once it is not."""
    from backend.webhooks.models import DeliveryStatus, WebhookDelivery
    from tests.factories import submit_idea

    settings.WEBHOOKS_ALLOW_HTTP = True
    subscribe(receiver.url, ["case.created"])
    submit_idea()
    settings.WEBHOOKS_ALLOW_HTTP = False
    jobs.run()

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "https://" in delivery.last_error
