"""GET /healthz: 200 with a database round trip, 503 with a reason when the database is down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_ok_when_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_rejects_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_healthz_returns_503_with_reason_when_database_is_down():
    # A real process whose database is a closed port: no mock of the database layer.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings.test",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing?connect_timeout=2",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 503
    assert outcome["body"]["status"] == "unavailable"
    assert outcome["body"]["database"] == "down"
    assert outcome["body"]["reason"] == "database connection failed"
    assert "127.0.0.1" not in json.dumps(outcome["body"])


def test_the_health_check_is_never_redirected_to_https(client, db, settings):
    """Behind a proxy with DJANGO_SECURE_SSL_REDIRECT the container's own check still asks
    gunicorn over plain HTTP: it must get its answer, not a redirect it cannot follow."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
