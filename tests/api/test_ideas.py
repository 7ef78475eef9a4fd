"""Public idea submission and status: the web form's validation, idempotency, no leaks."""

from __future__ import annotations

import pytest
from django.conf import settings

from backend.cases.models import AdviceSession, Case
from backend.cases.selectors import case_get_by_token
from tests import clock
from tests.api.conftest import assert_problem
from tests.factories import move, quarter
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


def idea_body(**overrides):
    body = {
        "title": "Sprachcafé für Eltern",
        "challenge": "Eltern ohne Deutschkenntnisse finden schwer Anschluss an die Kita.",
        "affected": "Neu zugewanderte Eltern",
        "intended_result": "Eltern sprechen sicherer Deutsch.",
        "quarter": quarter("Borbeck-Mitte").pk,
        "target_groups": ["familien"],
        "topics": ["sprache"],
        "association": {
            "name": "Kulturbrücke Borbeck e.V.",
            "legal_form": "ev",
            "street": "Marktstraße 1",
            "postal_code": "45355",
            "town": "Essen",
        },
        "contact": {"name": "Ayşe Demir", "email": "ayse@example.org", "preferred_language": "de"},
        "consent": True,
    }
    body.update(overrides)
    return body


def test_submit_idea_returns_reference_and_token_once(anon, coordinator):
    response = anon.post("/api/v1/ideas/", idea_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(reference=body["reference"])
    assert case.state == "idea"
    assert case.assigned_to == coordinator
    assert body["token"]
    assert body["status_url"] == f"/api/v1/ideas/{body['token']}/"
    assert body["token"] not in case.tracking_token_hash


def test_status_by_token_shows_state_without_internal_notes(anon, coordinator):
    token = anon.post("/api/v1/ideas/", idea_body(), format="json").json()["token"]
    case = Case.objects.get()
    move(case, "start_advice", Actor.for_user(coordinator), {"comment": "intern: Verein prüfen"})
    AdviceSession.objects.create(
        case=case,
        held_on=clock.today(),
        place="Büro",
        notes="GEHEIME NOTIZ",
        recorded_by=coordinator,
    )
    response = anon.get(f"/api/v1/ideas/{token}/")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "advice"
    assert body["state_label"] == "In Beratung"
    assert "GEHEIME NOTIZ" not in response.content.decode()
    assert "intern" not in response.content.decode()
    assert "email" not in body


def test_unknown_token_is_404(anon):
    assert_problem(anon.get("/api/v1/ideas/not-a-token/"), 404, "not-found")
    assert_problem(anon.get("/api/v1/ideas/" + "x" * 500 + "/"), 404, "not-found")


def test_invalid_idea_is_400_with_dotted_field_errors(anon, coordinator):
    body = idea_body(
        topics=["fliegen"], association={"name": "", "legal_form": "ev", "postal_code": "4535"}
    )
    body["contact"] = {"name": "A", "email": "keine-mail"}
    errors = assert_problem(anon.post("/api/v1/ideas/", body, format="json"), 400, "validation")[
        "errors"
    ]
    assert {"topics", "association.name", "association.postal_code", "contact.email"} <= set(errors)
    assert not Case.objects.exists()


def test_api_refuses_what_the_shared_form_refuses(anon, coordinator):
    """A district is no quarter: the form's queryset rule, not the serializer's types."""
    district = quarter("Borbeck-Mitte").parent
    body = idea_body(quarter=district.pk)
    errors = assert_problem(anon.post("/api/v1/ideas/", body, format="json"), 400, "validation")[
        "errors"
    ]
    assert set(errors) == {"quarter"}
    assert errors["quarter"] == ["Bitte wählen Sie den Stadtteil aus der Liste."]


def test_consent_must_be_true(anon, coordinator):
    for consent in (False, None):
        response = anon.post("/api/v1/ideas/", idea_body(consent=consent), format="json")
        assert "consent" in assert_problem(response, 400, "validation")["errors"]
    body = idea_body()
    del body["consent"]
    assert (
        "consent"
        in assert_problem(anon.post("/api/v1/ideas/", body, format="json"), 400, "validation")[
            "errors"
        ]
    )
    assert not Case.objects.exists()


def to_contact(outbox, address="ayse@example.org"):
    return [message for message in outbox if message.to == [address]]


def test_submit_mails_the_same_confirmation_as_the_web_form(anon, coordinator, mailoutbox, jobs):
    response = anon.post("/api/v1/ideas/", idea_body(), format="json")

    assert response.status_code == 201, response.content
    assert len(jobs.queued("messaging.confirmation_mail")) == 1
    jobs.run()
    case = Case.objects.get()
    [message] = to_contact(mailoutbox)
    assert message.to == ["ayse@example.org"]
    assert case.reference in message.subject
    token = response.json()["token"]
    assert f"{settings.SITE_URL}/ideen/status/{token}/" in message.body
    assert case_get_by_token(token=token) == case
    assert "Guten Tag Ayşe Demir," in message.body


def test_repeated_submission_sends_no_second_mail(anon, coordinator, mailoutbox, jobs):
    anon.post("/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = anon.post("/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    jobs.run()

    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert len(to_contact(mailoutbox)) == 1


def test_english_contact_gets_the_mail_in_english(anon, coordinator, mailoutbox, jobs):
    body = idea_body(
        contact={"name": "Jane Doe", "email": "jane@example.org", "preferred_language": "en"}
    )
    assert anon.post("/api/v1/ideas/", body, format="json").status_code == 201
    jobs.run()

    [message] = to_contact(mailoutbox, "jane@example.org")
    assert "/en/" in message.body


def test_created_idea_answers_201_with_location_and_the_case_id(anon, coordinator):
    response = anon.post("/api/v1/ideas/", idea_body(), format="json")

    assert response.status_code == 201
    case = Case.objects.get()
    assert response.json()["id"] == case.pk
    assert response["Location"] == f"/api/v1/cases/{case.pk}/"


def test_idempotency_key_replays_the_first_answer_without_the_token(anon, coordinator):
    first = anon.post("/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    again = anon.post("/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == 201
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again["Location"] == first["Location"]
    assert again.json() == {**first.json(), "token": None, "status_url": None}
    assert Case.objects.count() == 1


def test_same_idempotency_key_with_another_body_is_422(anon, coordinator):
    anon.post("/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="k")
    other = idea_body(contact={"name": "B", "email": "b@example.org", "preferred_language": "de"})

    response = anon.post("/api/v1/ideas/", other, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert_problem(response, 422, "idempotency-key-reused")
    assert Case.objects.count() == 1


def test_same_idempotency_key_from_another_address_is_another_client(anon, coordinator):
    anon.post("/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="k")
    other = idea_body(contact={"name": "B", "email": "b@example.org", "preferred_language": "de"})
    response = anon.post(
        "/api/v1/ideas/", other, format="json", HTTP_IDEMPOTENCY_KEY="k", REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 201
    assert Case.objects.count() == 2


def test_same_key_and_contact_from_another_address_returns_the_first_case(anon, coordinator):
    """After the stored answer is out of reach (another address, or a day later), the case
    keeps its key per contact e-mail: no second case, no token."""
    first = anon.post("/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="k")
    again = anon.post(
        "/api/v1/ideas/",
        idea_body(),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
        REMOTE_ADDR="10.0.0.9",
    )
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["token"] is None
    assert Case.objects.count() == 1


def test_bad_idempotency_key_is_400(anon, coordinator):
    response = anon.post(
        "/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="x" * 201
    )
    assert "Idempotency-Key" in assert_problem(response, 400, "validation")["errors"]
    assert not Case.objects.exists()
