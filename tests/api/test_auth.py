"""Authentication and scopes: tokens for systems, sessions for browsers."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from backend.accounts.models import ApiToken
from backend.accounts.services import api_token_create, api_token_hash, api_token_revoke
from backend.cases.models import Case, CaseEvent
from tests.api.conftest import assert_problem, token_client
from tests.factories import UserFactory, submit_idea

pytestmark = pytest.mark.django_db


def test_api_token_create_command_prints_the_token_once_and_stores_only_its_hash(coordinator):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token_create", user="bezirk-iv", name="DMS", scope="write", stdout=out, stderr=err
    )
    key = out.getvalue().strip()
    token = ApiToken.objects.get(name="DMS")
    assert key.startswith("fl_")
    assert len(key) > 40
    assert token.key_hash == api_token_hash(key)
    assert key not in token.key_hash
    assert token.prefix == key[:10]
    assert token.scope == "write"
    assert token.user == coordinator
    assert key not in err.getvalue()


def test_api_token_create_command_refuses_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("api_token_create", user="nobody", name="x", stdout=io.StringIO())


def test_request_without_credentials_is_401_problem_with_challenge(anon):
    response = anon.get("/api/v1/cases/")
    assert_problem(response, 401, "not-authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_is_401(anon, coordinator):
    anon.credentials(HTTP_AUTHORIZATION="Bearer fl_not-a-real-token")
    assert_problem(anon.get("/api/v1/cases/"), 401, "authentication-failed")


def test_malformed_authorization_header_is_401(anon):
    anon.credentials(HTTP_AUTHORIZATION="Bearer a b")
    assert_problem(anon.get("/api/v1/cases/"), 401, "authentication-failed")


def test_revoked_token_is_401(coordinator):
    created = api_token_create(user=coordinator, name="old", scope="read")
    api_token_revoke(token=created.token)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {created.key}")
    assert_problem(client.get("/api/v1/cases/"), 401, "authentication-failed")


def test_token_records_last_use(api, coordinator):
    assert api.get("/api/v1/cases/").status_code == 200
    assert ApiToken.objects.get(user=coordinator).last_used_at is not None


def test_user_without_a_role_gets_403(essen):
    client = token_client(UserFactory(username="kein-koordinator"), "read")
    assert_problem(client.get("/api/v1/cases/"), 403, "permission-denied")


def test_read_only_token_may_read_but_never_write(api_readonly, coordinator):
    case = submit_idea()
    assert api_readonly.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    events = CaseEvent.objects.filter(case=case).count()
    writes = [
        ("post", f"/api/v1/cases/{case.pk}/transitions/start_advice/", {}),
        ("patch", f"/api/v1/cases/{case.pk}/", {"title": "Neu"}),
        ("post", f"/api/v1/cases/{case.pk}/advice-sessions/", {}),
        ("put", f"/api/v1/cases/{case.pk}/financing-plan/", {}),
    ]
    for method, url, body in writes:
        response = getattr(api_readonly, method)(url, body, format="json")
        assert_problem(response, 403, "read-only-token")
    case.refresh_from_db()
    assert case.state == "idea"
    assert case.title == "Sprachcafé für Eltern"
    assert CaseEvent.objects.filter(case=case).count() == events


def test_session_authentication_works_for_the_browser(coordinator):
    client = APIClient()
    client.force_login(coordinator)
    assert client.get("/api/v1/cases/").status_code == 200


def test_session_writes_need_the_csrf_token(coordinator):
    case = submit_idea()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(f"/api/v1/cases/{case.pk}/transitions/start_advice/", {}, format="json")
    assert_problem(response, 403, "permission-denied")
    assert Case.objects.get(pk=case.pk).state == "idea"
