"""Fixtures for the API: clients authenticated by token (as other systems are) or session."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from backend.accounts.services import api_token_create
from tests.factories import UserFactory


def token_client(user, scope: str = "write") -> APIClient:
    client = APIClient()
    key = api_token_create(user=user, name=f"test {user.username} {scope}", scope=scope).key
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def api(coordinator):
    """The coordinator of district IV, with a read-write token."""
    return token_client(coordinator, "write")


@pytest.fixture
def api_readonly(coordinator):
    return token_client(coordinator, "read")


@pytest.fixture
def other_api(other_coordinator):
    """The coordinator of district III."""
    return token_client(other_coordinator, "write")


@pytest.fixture
def central(essen):
    return UserFactory(username="zentrale", is_central_office=True)


@pytest.fixture
def central_api(central):
    return token_client(central, "write")


def assert_problem(response, status: int, code: str):
    """The response is problem+json of the given status and type; returns the body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == f"urn:foerderlotse:problem:{code}", body
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


@pytest.fixture
def generated(essen, coordinator):
    """Generated cases over the whole lifecycle (tests/statistics/generate.py)."""
    from tests.statistics.generate import generate

    return generate(count=25)
