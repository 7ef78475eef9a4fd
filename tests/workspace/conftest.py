"""Fixtures for the workspace pages: logged-in clients and cases in the states pages need."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def coordinator_client(client: Client, coordinator) -> Client:
    client.force_login(coordinator)
    return client


@pytest.fixture
def other_client(other_coordinator) -> Client:
    other = Client()
    other.force_login(other_coordinator)
    return other


@pytest.fixture
def central_user(essen):
    from tests.factories import UserFactory

    return UserFactory(username="zentrale-demo", is_central_office=True)


@pytest.fixture
def central_client(central_user) -> Client:
    central = Client()
    central.force_login(central_user)
    return central


def case_url(case, view: str = "case_detail", **kwargs) -> str:
    return reverse(f"workspace:{view}", kwargs={"reference": case.reference, **kwargs})


def transition_url(case, name: str) -> str:
    return case_url(case, "case_transition", name=name)
