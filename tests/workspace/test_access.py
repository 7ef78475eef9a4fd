"""Who gets into the workspace: coordinators of the case's district and central office only."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from backend.cases.models import Case
from tests.factories import UserFactory, submit_idea
from tests.workspace.conftest import case_url, transition_url

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login_from_every_page(client: Client, idea_case) -> None:
    login = reverse("workspace:login")
    for url in (reverse("workspace:inbox"), case_url(idea_case)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{login}?next=")


def test_anonymous_post_changes_nothing(client: Client, idea_case) -> None:
    response = client.post(transition_url(idea_case, "start_advice"), {"version": "1"})

    assert response.status_code == 302
    assert Case.objects.get(pk=idea_case.pk).state == "idea"


def test_applicant_token_opens_nothing_here(client: Client, coordinator) -> None:
    from backend.cases.services import case_create
    from tests.factories import quarter

    created = case_create(
        idea={
            "title": "Lesepaten",
            "challenge": "x",
            "affected": "y",
            "intended_result": "z",
            "quarter": quarter(),
            "target_groups": ["kinder"],
            "topics": ["bildung"],
        },
        association={"name": "Leseclub e.V.", "postal_code": "45355", "legal_form": "ev"},
        contact={"name": "A", "email": "a@example.org"},
    )
    url = case_url(created.case)

    by_query = client.get(f"{url}?token={created.token}")
    by_header = client.get(url, HTTP_AUTHORIZATION=f"Token {created.token}")
    posted = client.post(
        transition_url(created.case, "withdraw"), {"version": "1", "token": created.token}
    )

    assert by_query.status_code == by_header.status_code == posted.status_code == 302
    assert Case.objects.get(pk=created.case.pk).state == "idea"


def test_login_lands_on_the_inbox(client: Client, coordinator) -> None:
    response = client.post(
        reverse("workspace:login"), {"username": "bezirk-iv", "password": "secret-pass-123"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:inbox")


def test_login_with_a_wrong_password_explains_in_german(client: Client, coordinator) -> None:
    response = client.post(
        reverse("workspace:login"), {"username": "bezirk-iv", "password": "falsch"}
    )

    assert response.status_code == 200
    assert "Benutzername und Passwort passen nicht zusammen" in response.content.decode()


@override_settings(RATE_LIMITS={"login-failure": (3, 900)})
def test_repeated_failed_logins_are_refused_for_a_while(client: Client, coordinator) -> None:
    url = reverse("workspace:login")
    for _ in range(3):
        assert client.post(url, {"username": "bezirk-iv", "password": "falsch"}).status_code == 200
    refused = client.post(url, {"username": "bezirk-iv", "password": "secret-pass-123"})

    assert refused.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    other_address = Client(REMOTE_ADDR="203.0.113.9")
    response = other_address.post(url, {"username": "bezirk-iv", "password": "secret-pass-123"})
    assert response.status_code == 302


def test_logged_in_user_without_a_district_is_forbidden(client: Client, essen) -> None:
    client.force_login(UserFactory(username="sachbearbeitung"))

    assert client.get(reverse("workspace:inbox")).status_code == 403


def test_coordinator_of_another_district_gets_404(other_client: Client, idea_case) -> None:
    assert other_client.get(case_url(idea_case)).status_code == 404
    response = other_client.post(transition_url(idea_case, "start_advice"), {"version": "1"})
    assert response.status_code == 404
    assert Case.objects.get(pk=idea_case.pk).state == "idea"


def test_unknown_reference_is_404(coordinator_client: Client) -> None:
    url = reverse("workspace:case_detail", kwargs={"reference": "IV-1999-9999"})
    assert coordinator_client.get(url).status_code == 404


def test_central_office_opens_cases_of_every_district(central_client: Client, essen) -> None:
    case = submit_idea("Altendorf")  # district III

    assert central_client.get(case_url(case)).status_code == 200


def test_inbox_lists_only_own_district(coordinator_client: Client, coordinator) -> None:
    mine = submit_idea("Borbeck-Mitte", idea={"title": "Mein Fall"})
    submit_idea("Altendorf", idea={"title": "Fremder Fall"}, association_name="Anderer e.V.")

    page = coordinator_client.get(reverse("workspace:inbox")).content.decode()

    assert mine.title in page
    assert "Fremder Fall" not in page
