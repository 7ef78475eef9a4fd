"""Fixtures for webhooks: a real receiver on 127.0.0.1 (plain http, allowed for these tests)
and subscriptions of Essen."""

from __future__ import annotations

import pytest

from tests.webhooks.receiver import start_receiver


@pytest.fixture(autouse=True)
def _http_allowed(settings):
    """The receiver speaks plain http on 127.0.0.1; the URL tests switch this off again."""
    settings.WEBHOOKS_ALLOW_HTTP = True


@pytest.fixture
def receiver():
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def subscribe(essen):
    """``subscribe(url, types=[...], city=essen, active=True)``: a subscription as the API
    creates it (with a fresh secret)."""
    from backend.webhooks.services import subscription_create

    def make(url: str, types: list[str] | None = None, **fields):
        return subscription_create(
            city=fields.pop("city", essen),
            url=url,
            event_types=types or ["case.created", "case.transitioned", "case.decided"],
            **fields,
        )

    return make
