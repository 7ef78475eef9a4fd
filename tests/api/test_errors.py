"""One error format, and no 500 for anything a client can send."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import override_settings

from backend.cases.models import Case
from tests.api.conftest import assert_problem
from tests.factories import submit_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(coordinator):
    return submit_idea()


def post_raw(client, url, body: bytes, content_type="application/json", **extra):
    return client.generic("POST", url, body, content_type=content_type, **extra)


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b'{"comment": "x"',
        b"\xff\xfe",
        b'{"comment": NaN}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_malformed_json_is_400(api, case, body):
    response = post_raw(api, f"/api/v1/cases/{case.pk}/transitions/start_advice/", body)
    assert_problem(response, 400, "malformed-request")
    assert Case.objects.get(pk=case.pk).state == "idea"


@pytest.mark.parametrize(
    "payload",
    [
        [],
        "text",
        {"comment": "a\x00b"},
        {"comment": "\ud800"},
        {"comment": ["list"]},
        {"comment": {"nested": 1}},
        {"comment": "x" * 5000},
    ],
)
def test_wrong_types_nul_bytes_and_surrogates_are_400(api, case, payload):
    body = json.dumps(payload).encode()
    response = post_raw(api, f"/api/v1/cases/{case.pk}/transitions/start_advice/", body)
    assert_problem(response, 400, "validation")


@pytest.mark.parametrize(
    "amount", ["1e400", "-1", "12345678901234567890", "Infinity", "0.001", True, 1e308]
)
def test_absurd_amounts_are_400(api, coordinator, amount):
    from tests.factories import move
    from workflows.actors import Actor

    advice = move(submit_idea(), "start_advice", Actor.for_user(coordinator))
    plan = {
        "program": None,
        "financing_type": "fehlbedarf",
        "own_share": amount,
        "third_party": "0",
        "requested_amount": "1",
        "funding_start": None,
        "funding_end": None,
        "lines": [{"label": "x", "amount": amount}],
    }
    response = api.put(f"/api/v1/cases/{advice.pk}/financing-plan/", plan, format="json")
    assert_problem(response, 400, "validation")


def test_bad_dates_in_payload_are_400(api, coordinator):
    from tests.factories import move
    from workflows.actors import Actor

    advice = move(submit_idea(), "start_advice", Actor.for_user(coordinator))
    for value in ["2026-02-30", "0000-01-01", "99999-01-01", "heute", 20260101]:
        body = {"held_on": value, "place": "x", "notes": "y"}
        response = api.post(f"/api/v1/cases/{advice.pk}/advice-sessions/", body, format="json")
        assert_problem(response, 400, "validation")


def test_wrong_content_type_is_415(api, case):
    response = post_raw(
        api,
        f"/api/v1/cases/{case.pk}/transitions/start_advice/",
        b"comment=x",
        "application/x-www-form-urlencoded",
    )
    assert_problem(response, 415, "unsupported-media-type")


def test_unacceptable_accept_header_is_406(api, case):
    response = api.get(f"/api/v1/cases/{case.pk}/", HTTP_ACCEPT="text/html")
    assert_problem(response, 406, "not-acceptable")


def test_wrong_method_is_405_with_allow(api, case):
    response = api.delete(f"/api/v1/cases/{case.pk}/")
    assert_problem(response, 405, "method-not-allowed")
    assert "PATCH" in response["Allow"]


def test_unknown_url_below_api_is_404_problem(api):
    assert_problem(api.get("/api/v1/does-not-exist/"), 404, "not-found")
    assert_problem(api.get("/api/v1/cases/abc/"), 404, "not-found")


def test_too_large_body_is_413(api, case):
    body = json.dumps({"comment": "x" * 1_100_000}).encode()
    response = post_raw(api, f"/api/v1/cases/{case.pk}/transitions/start_advice/", body)
    assert_problem(response, 413, "payload-too-large")


def test_throttled_requests_get_429_with_retry_after(api, case):
    cache.clear()
    rates = {"user": "2/min", "ideas": "2/min", "idea_status": "2/min"}
    with override_settings(API_THROTTLE_RATES=rates):
        assert api.get("/api/v1/cases/").status_code == 200
        assert api.get("/api/v1/cases/").status_code == 200
        response = api.get("/api/v1/cases/")
    body = assert_problem(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert body["retry_after"] > 0
    cache.clear()


def test_public_submission_is_throttled_per_address(anon, coordinator):
    cache.clear()
    with override_settings(
        API_THROTTLE_RATES={"user": "9/min", "ideas": "1/hour", "idea_status": "9/min"}
    ):
        anon.post("/api/v1/ideas/", {}, format="json")
        response = anon.post("/api/v1/ideas/", {}, format="json")
    assert_problem(response, 429, "throttled")
    cache.clear()


def test_problem_detail_is_german_by_default(api, case):
    body = assert_problem(
        api.post(f"/api/v1/cases/{case.pk}/transitions/approve/", {}, format="json"),
        409,
        "transition-not-allowed",
    )
    assert "nicht möglich" in body["detail"]
    assert body["instance"] == f"/api/v1/cases/{case.pk}/transitions/approve/"


def test_problem_detail_is_english_with_accept_language_en(api, case):
    url = f"/api/v1/cases/{case.pk}/transitions/approve/"
    response = api.post(url, {}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    body = assert_problem(response, 409, "transition-not-allowed")
    assert body["title"] == "Step not possible in the current state"
    assert "nicht" not in body["detail"]
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]
    german = api.post(url, {}, format="json", HTTP_ACCEPT_LANGUAGE="de")
    assert german["Content-Language"] == "de"
    assert Case.objects.get(pk=case.pk).state == "idea"


def test_validation_errors_are_english_with_accept_language_en(anon, coordinator):
    response = anon.post("/api/v1/overlap-checks/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    body = assert_problem(response, 400, "validation")
    assert body["title"] == "Invalid data"


@pytest.mark.parametrize("debug", [False, True])
def test_body_above_djangos_upload_limit_is_413_too(api, case, debug, settings):
    """Above DATA_UPLOAD_MAX_MEMORY_SIZE Django itself refuses to read the body; that is
    the same 413 as above the API's own limit, with DEBUG on as well."""
    settings.DEBUG = debug
    body = json.dumps({"comment": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}).encode()

    response = post_raw(api, f"/api/v1/cases/{case.pk}/transitions/start_advice/", body)

    assert_problem(response, 413, "payload-too-large")
    assert Case.objects.get(pk=case.pk).state == "idea"


@pytest.mark.parametrize(
    "url", ["/api/", "/api/v1/nope", "/api/v1/cases/abc/", "/api/v1/cases/1/transitions/fly/"]
)
def test_unknown_url_below_api_is_a_problem_also_with_debug_on(api, url, settings):
    settings.DEBUG = True

    assert_problem(api.get(url), 404, "not-found")


@pytest.mark.parametrize("debug", [False, True])
def test_missing_slash_below_api_answers_the_resource_itself(
    api, anon, coordinator, settings, debug
):
    settings.DEBUG = debug
    case = submit_idea()

    assert api.get("/api/v1/cases").json()["results"][0]["id"] == case.pk
    assert api.get(f"/api/v1/cases/{case.pk}")["ETag"] == f'"{case.version}"'
    check = anon.post("/api/v1/overlap-checks", {"title": "Sprachcafé"}, format="json")
    assert "quarter" in assert_problem(check, 400, "validation")["errors"]  # the resource's own
    assert_problem(api.get("/api/v1/nothing-here"), 404, "not-found")
