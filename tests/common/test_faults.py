"""Fault injection: the site answers database trouble with 503 and Retry-After, in bounded
time, and writes nothing half (issue #18). A held row lock, a backend killed in the middle of
a request, a database that refuses connections, and one that accepts but never answers."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from backend.cases.models import Case, CaseEvent
from tests.factories import submit_idea
from tests.processes import production_env, run_python

ROOT = Path(__file__).resolve().parents[2]


def _other_connection() -> psycopg.Connection:
    """A connection of its own (another session), to hold locks against the app."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=False)


@pytest.mark.django_db(transaction=True)
def test_a_held_row_lock_gives_503_quickly_and_changes_nothing(client, coordinator):
    from rest_framework.test import APIClient

    from backend.accounts.services import api_token_create

    case = submit_idea()
    client.force_login(coordinator)
    api = APIClient()
    key = api_token_create(user=coordinator, name="t", scope="write").key
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    holder = _other_connection()
    try:
        holder.execute("SELECT id FROM cases_case WHERE id = %s FOR UPDATE", [case.pk])
        with connection.cursor() as cursor:  # the app's session: give up on a lock after 0.5 s
            cursor.execute("SET lock_timeout = '500ms'")

        started = time.monotonic()
        page = client.post(
            reverse("workspace:case_transition", args=[case.reference, "start_advice"]),
            {"version": case.version},
        )
        api_answer = api.post(
            f"/api/v1/cases/{case.pk}/transitions/start_advice/", {}, format="json"
        )
        elapsed = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()

    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "Vorübergehend nicht erreichbar" in page.content.decode()
    assert api_answer.status_code == 503
    assert api_answer["Retry-After"] == "30"
    assert api_answer.json()["type"].endswith("service-unavailable")
    assert elapsed < 5  # two requests, each bounded by the lock timeout
    assert Case.objects.get(pk=case.pk).state == "idea"
    assert not CaseEvent.objects.filter(case=case, kind="transition").exists()
    # The lock gone, the same step works.
    again = client.post(
        reverse("workspace:case_transition", args=[case.reference, "start_advice"]),
        {"version": case.version},
    )
    assert again.status_code == 302


def _silent_server() -> socket.socket:
    """A port that accepts TCP connections and never says a word: a paused database."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    return server


@pytest.mark.django_db(transaction=True)
def test_a_backend_killed_mid_request_gives_503_and_writes_nothing(coordinator):
    """The request's database session is terminated while it waits inside its transaction
    (after the case was read, before the step is written): 503 at once, nothing half-written,
    and the next request works on a new connection."""
    from rest_framework.test import APIClient

    from backend.accounts.services import api_token_create

    case = submit_idea()
    key = api_token_create(user=coordinator, name="t", scope="write").key
    answers: dict[str, Any] = {}

    def request() -> None:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        try:
            started = time.monotonic()
            answers["response"] = api.post(
                f"/api/v1/cases/{case.pk}/transitions/start_advice/", {}, format="json"
            )
            answers["seconds"] = time.monotonic() - started
        finally:
            connection.close()

    holder = _other_connection()
    thread = threading.Thread(target=request)
    try:
        holder.execute("SELECT id FROM cases_case WHERE id = %s FOR UPDATE", [case.pk])
        thread.start()
        victim = None
        for _ in range(100):  # the request's session, waiting for the row lock
            holder.execute("SELECT pg_stat_clear_snapshot()")  # fresh, inside the transaction
            row = holder.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            ).fetchone()
            if row:
                victim = row[0]
                break
            time.sleep(0.05)
        assert victim is not None, f"the request never waited for the lock: {answers}"
        killed_at = time.monotonic()
        holder.execute("SELECT pg_terminate_backend(%s)", [victim])
        thread.join(timeout=30)
        answered_after = time.monotonic() - killed_at
    finally:
        holder.rollback()
        holder.close()

    response = answers["response"]
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["type"].endswith("service-unavailable")
    assert answered_after < 5
    assert Case.objects.get(pk=case.pk).state == "idea"
    assert not CaseEvent.objects.filter(case=case, kind="transition").exists()
    retry = APIClient()
    retry.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    again = retry.post(f"/api/v1/cases/{case.pk}/transitions/start_advice/", {}, format="json")
    assert again.status_code == 200, again.content
    assert Case.objects.get(pk=case.pk).state == "advice"


def _requests_without_database(database_url: str, paths: list[str]) -> list[dict]:
    """Each path requested in a fresh process with production settings and this database."""
    script = (
        "import django, json, time; django.setup();"
        "from django.test import Client;"
        "out = []\n"
        f"for path in {paths!r}:\n"
        "    t = time.monotonic(); r = Client().get(path)\n"
        "    out.append({'path': path, 'status': r.status_code, 'retry': r.get('Retry-After'),"
        " 'type': r.get('Content-Type'), 'seconds': time.monotonic() - t,"
        " 'body': r.content.decode()[:400]})\n"
        "print(json.dumps(out))"
    )
    env = production_env(DATABASE_URL=database_url, DATABASE_CONNECT_TIMEOUT="2")
    result = run_python(script, env)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("kind", ["refused", "silent"])
def test_without_a_database_every_channel_answers_503_in_bounded_time(kind):
    server = _silent_server()
    port = server.getsockname()[1]
    if kind == "refused":
        server.close()  # nobody listens: connection refused
    try:
        answers = _requests_without_database(
            f"postgres://u@127.0.0.1:{port}/db",
            ["/ideen/neu/", "/api/v1/ideas/" + "x" * 43 + "/", "/healthz"],
        )
    finally:
        server.close()

    page, api, health = answers
    for answer in answers:
        assert answer["status"] == 503, answer
        assert answer["seconds"] < 6, answer  # the 2-second connect timeout, with room
    assert page["retry"] == api["retry"] == "30"
    assert "Vorübergehend nicht erreichbar" in page["body"]
    assert api["type"] == "application/problem+json"
    assert "service-unavailable" in api["body"]
    assert '"database": "down"' in health["body"]
