"""Public idea submission and status: the web form's validation, idempotency, no leaks."""

from __future__ import annotations

from typing import Any

import pytest

from backend.cases.forms import IdeaSubmission
from backend.cases.models import AdviceSession, Case
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
            "postal_code": "45355",
        },
        "contact": {"name": "Ayşe Demir", "email": "ayse@example.org"},
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
        held_on="2026-03-01",
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
    form = IdeaSubmission(
        idea={**body, "quarter": district.pk},
        association=body["association"],
        contact=body["contact"],
    )
    assert not form.is_valid()
    assert set(form.errors) == set(errors) == {"quarter"}


def test_web_post_with_prefixes_validates_the_same_way(coordinator):
    data: dict[str, Any] = {
        "title": "Idee",
        "challenge": "x",
        "affected": "y",
        "intended_result": "z",
        "quarter": str(quarter("Borbeck-Mitte").pk),
        "target_groups": ["familien"],
        "topics": ["sprache"],
        "association-name": "Verein",
        "association-legal_form": "ev",
        "association-postal_code": "45355",
        "contact-name": "A",
        "contact-email": "a@example.org",
    }
    from django.http import QueryDict

    post = QueryDict(mutable=True)
    for key, value in data.items():
        post.setlist(key, value if isinstance(value, list) else [value])
    submission = IdeaSubmission.from_post(post)
    assert submission.is_valid(), submission.errors
    assert submission.submit().case.association.name == "Verein"


def test_idempotency_key_returns_the_first_case(anon, coordinator):
    first = anon.post("/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    again = anon.post("/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["reference"] == first.json()["reference"]
    assert again.json()["token"] is None
    assert Case.objects.count() == 1


def test_same_idempotency_key_from_another_submitter_is_a_new_case(anon, coordinator):
    anon.post("/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="k")
    other = idea_body(contact={"name": "B", "email": "b@example.org"})
    assert (
        anon.post("/api/v1/ideas/", other, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code
        == 201
    )
    assert Case.objects.count() == 2


def test_bad_idempotency_key_is_400(anon, coordinator):
    response = anon.post(
        "/api/v1/ideas/", idea_body(), format="json", HTTP_IDEMPOTENCY_KEY="x" * 201
    )
    assert "Idempotency-Key" in assert_problem(response, 400, "validation")["errors"]
    assert not Case.objects.exists()
