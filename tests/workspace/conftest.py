"""Fixtures for the workspace pages: logged-in clients and cases in the states pages need."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import complete_plan, move, submit_idea
from workflows.actors import Actor


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


@pytest.fixture
def actor(coordinator):
    return Actor.for_user(coordinator)


@pytest.fixture
def idea_case(coordinator):
    return submit_idea()


@pytest.fixture
def advice_case(idea_case, actor):
    return move(idea_case, "start_advice", actor)


@pytest.fixture
def application_case(advice_case, actor, program):
    complete_plan(advice_case, actor, program)
    return move(advice_case, "submit_application", actor)


def case_url(case, view: str = "case_detail", **kwargs) -> str:
    return reverse(f"workspace:{view}", kwargs={"reference": case.reference, **kwargs})


def transition_url(case, name: str) -> str:
    return case_url(case, "case_transition", name=name)
