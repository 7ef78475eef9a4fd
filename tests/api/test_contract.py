"""The API's contract by mechanism, for every endpoint (issue #22): idempotency keys on every
POST, RateLimit headers on every answer, 400 for undocumented or repeated query parameters,
OPTIONS, and the request examples of the committed schema, which must work."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.models import IdempotentRequest
from backend.areas.models import Area
from backend.cases.models import AdviceSession, Case, CaseEvent
from tests.api.conftest import assert_problem
from tests.factories import submit_idea

ROOT = Path(__file__).resolve().parents[2]


def transition(case, name="start_advice"):
    return f"/api/v1/cases/{case.pk}/transitions/{name}/"


def test_a_repeated_post_with_its_key_is_done_once_and_answered_as_before(api, coordinator):
    case = submit_idea()
    first = api.post(transition(case), {"comment": "los"}, format="json", HTTP_IDEMPOTENCY_KEY="a1")
    again = api.post(transition(case), {"comment": "los"}, format="json", HTTP_IDEMPOTENCY_KEY="a1")

    assert first.status_code == 200, first.content
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"]
    assert CaseEvent.objects.filter(case=case, transition="start_advice").count() == 1


def test_a_key_used_for_another_request_is_422_and_changes_nothing(api, coordinator):
    case = submit_idea()
    api.post(transition(case), {"comment": "los"}, format="json", HTTP_IDEMPOTENCY_KEY="a1")
    case.refresh_from_db()
    version = case.version

    url = f"/api/v1/cases/{case.pk}/advice-sessions/"
    body = {"place": "Büro", "notes": "Plan besprochen"}
    response = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="a1")

    assert_problem(response, 422, "idempotency-key-reused")
    assert not AdviceSession.objects.exists()
    case.refresh_from_db()
    assert case.version == version


def test_keys_belong_to_one_client(api, other_api, coordinator, other_coordinator):
    mine = submit_idea()
    api.post(transition(mine), {}, format="json", HTTP_IDEMPOTENCY_KEY="same")
    theirs = submit_idea("Frohnhausen")
    response = other_api.post(transition(theirs), {}, format="json", HTTP_IDEMPOTENCY_KEY="same")
    assert response.status_code == 200, response.content
    assert "Idempotent-Replayed" not in response
    assert IdempotentRequest.objects.count() == 2


def test_a_refused_request_is_not_kept_so_the_corrected_one_may_use_the_key(api, coordinator):
    case = submit_idea()
    url = f"/api/v1/cases/{case.pk}/transitions/refer/"
    refused = api.post(url, {"referral_kind": "mars"}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert_problem(refused, 400, "validation")
    assert not IdempotentRequest.objects.exists()

    body = {"referral_kind": "other_funder", "reason": "Land"}
    assert api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 200


def test_json_key_order_and_spacing_do_not_make_another_request(api, coordinator):
    case = submit_idea()
    url = transition(case, "refer")
    api.post(
        url,
        data='{"referral_kind": "other_funder", "reason": "Land"}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    again = api.post(
        url,
        data='{"reason":"Land","referral_kind":"other_funder"}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"


def test_ratelimit_headers_on_successes_and_errors(api, anon, coordinator, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "user": "100/min"}
    case = submit_idea()

    first = api.get(f"/api/v1/cases/{case.pk}/")
    second = api.get("/api/v1/cases/?state=nonsense")
    missing = anon.get("/api/v1/cases/")

    assert first.status_code == 200
    assert first["RateLimit-Policy"] == '"user";q=100;w=60'
    assert first["RateLimit"].startswith('"user";r=99;t=')
    assert second.status_code == 400
    assert second["RateLimit"].startswith('"user";r=98;t=')
    assert missing.status_code == 401
    assert missing["RateLimit-Policy"] == '"user";q=100;w=60'


def test_public_endpoints_show_their_own_limit(anon, essen, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "overlap_checks": "60/min"}
    response = anon.post("/api/v1/overlap-checks/", {"title": "Sprachcafé"}, format="json")
    assert response["RateLimit-Policy"] == '"overlap_checks";q=60;w=60'
    assert response["RateLimit"].startswith('"overlap_checks";r=59;t=')


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/areas/?kindd=quarter",
        "/api/v1/associations/?nam=Kultur",
        "/api/v1/programs/?limit=5&activ=true",
        "/api/v1/offerings/?quater=1",
        "/api/v1/cases/1/advice-sessions/?page=2",
        "/api/v1/cases/1/?fields=id",
    ],
)
def test_an_undocumented_query_parameter_is_400_everywhere(api, coordinator, url):
    body = assert_problem(api.get(url), 400, "validation")
    assert body["errors"] == {
        url.split("?")[1].split("&")[-1].split("=")[0]: ["Diesen Parameter gibt es hier nicht."]
    }


def test_a_parameter_that_is_no_list_may_come_once(api, coordinator):
    body = assert_problem(api.get("/api/v1/events/?case=1&case=2"), 400, "validation")
    assert body["errors"] == {"case": ["Dieser Parameter ist nur einmal erlaubt."]}
    assert api.get("/api/v1/cases/?state=idea&state=advice").status_code == 200


def test_options_answers_with_the_allowed_methods(api, coordinator):
    case = submit_idea()
    response = api.options(f"/api/v1/cases/{case.pk}/financing-plan/")
    assert response.status_code == 200
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PUT", "HEAD", "OPTIONS"}
    assert response.json()["methods"] == ["GET", "PUT", "HEAD", "OPTIONS"]


# --- The request examples of the committed schema ------------------------------------------


def _request_examples():
    schema = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                for name, example in media.get("examples", {}).items():
                    yield pytest.param(method, path, example["value"], id=f"{method} {path} {name}")


def _as_on_a_fresh_database(value, ids):
    """The examples name ids as `load_areas` and the demo data give them on a fresh database
    (quarter 28 is Borbeck-Mitte; programme and offering 1 are the first ones); here they are
    whatever this test database gave the same records."""
    value = copy.deepcopy(value)
    if isinstance(value, dict):
        for key, id_ in ids.items():
            if key in value and isinstance(value[key], int):
                value[key] = id_
    return value


@pytest.mark.parametrize(("method", "path", "example"), list(_request_examples()))
def test_every_request_example_of_the_schema_is_accepted(
    method, path, example, api, anon, coordinator, program, essen
):
    from tests.factories import budgets_for_period, move
    from tests.offerings.factories import OfferingFactory
    from workflows.actors import Actor

    areas = list(Area.objects.filter(city=essen).order_by("pk"))
    assert areas[27].name == "Borbeck-Mitte", "load_areas gives Borbeck-Mitte the id 28"
    assert example.get("quarter", 28) == 28
    budgets_for_period(program, "10000")
    offering: Any = OfferingFactory(citywide=True)
    ids = {"quarter": areas[27].pk, "program": program.pk, "offering": offering.pk}
    case = move(submit_idea(), "start_advice", Actor.for_user(coordinator))
    client = anon if path in ("/api/v1/ideas/", "/api/v1/overlap-checks/") else api
    if path == "/api/v1/offerings/import/":
        # The example has a citywide offering: only the central office imports those.
        from tests.api.conftest import token_client
        from tests.factories import UserFactory

        client = token_client(UserFactory(username="zentrale", is_central_office=True))
    url = path.replace("{id}", str(case.pk))

    response = getattr(client, method)(url, _as_on_a_fresh_database(example, ids), format="json")

    assert 200 <= response.status_code < 300, response.content
    assert Case.objects.count() >= 1


def test_a_missing_record_is_told_apart_from_a_missing_case(api, coordinator):
    case = submit_idea()
    plan = assert_problem(api.get(f"/api/v1/cases/{case.pk}/financing-plan/"), 404, "not-found")
    nothing = assert_problem(api.get("/api/v1/cases/999999/financing-plan/"), 404, "not-found")
    assert "Finanzierungsplan" in plan["detail"]
    assert plan["detail"] != nothing["detail"]


def test_a_plan_above_the_highest_total_is_400_and_changes_nothing(api, coordinator, program):
    from tests.factories import move
    from workflows.actors import Actor

    case = move(submit_idea(), "start_advice", Actor.for_user(coordinator))
    lines = [{"label": f"Posten {n}", "amount": "9999999999.99"} for n in range(2)]
    body = {
        "program": program.pk,
        "financing_type": "festbetrag",
        "own_share": "9999999999.99",
        "third_party": "9999999999.99",
        "requested_amount": "0",
        "funding_start": None,
        "funding_end": None,
        "lines": lines,
    }
    response = api.put(f"/api/v1/cases/{case.pk}/financing-plan/", body, format="json")
    assert "lines" in assert_problem(response, 400, "validation")["errors"]
    assert not hasattr(Case.objects.get(pk=case.pk), "financing_plan")


@pytest.mark.parametrize("value", ["", "-", "-5", "1e3", " 5", "05", "5.", "12.345", 5, 5.5])
def test_money_outside_its_pattern_is_400_and_creates_nothing(anon, coordinator, value):
    from tests.api.test_ideas import idea_body

    response = anon.post("/api/v1/ideas/", idea_body(estimated_cost=value), format="json")
    assert "estimated_cost" in assert_problem(response, 400, "validation")["errors"]
    assert not Case.objects.exists()


def test_a_replayed_webhook_creation_does_not_show_the_secret_again(central_api):
    body = {
        "city": "essen",
        "url": "https://fachverfahren.essen.example/hooks",
        "event_types": ["case.created"],
    }
    first = central_api.post("/api/v1/webhooks/", body, format="json", HTTP_IDEMPOTENCY_KEY="w")
    again = central_api.post("/api/v1/webhooks/", body, format="json", HTTP_IDEMPOTENCY_KEY="w")
    assert first.status_code == 201, first.content
    assert first.json()["secret"].startswith("whsec_")
    assert again.status_code == 201
    assert again.json() == {**first.json(), "secret": None}
    stored = IdempotentRequest.objects.get()
    assert b"whsec_" not in bytes(stored.body)
