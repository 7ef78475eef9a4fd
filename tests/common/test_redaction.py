"""No status token in any log (issue #17): access lines of runserver and gunicorn, Django's
warnings for 4xx and errors for 5xx, whatever the handler."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from backend.common.redaction import redact
from tests.intake.helpers import case_with_token

TOKEN = "Abc123_-" * 5


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"GET /ideen/status/{TOKEN}/ HTTP/1.1", "GET /ideen/status/[token]/ HTTP/1.1"),
        (f"/en/ideen/status/{TOKEN}/antwort/", "/en/ideen/status/[token]/antwort/"),
        (f"https://x.example/api/v1/ideas/{TOKEN}/", "https://x.example/api/v1/ideas/[token]/"),
        ("GET /ideen/neu/ HTTP/1.1", "GET /ideen/neu/ HTTP/1.1"),
        (f"GET /kennenlernen/{TOKEN}/ HTTP/1.1", "GET /kennenlernen/[token]/ HTTP/1.1"),
        (
            f"/veranstaltungen/interesse/bestaetigen/{TOKEN}:1tX:abc/",
            "/veranstaltungen/interesse/bestaetigen/[token]/",
        ),
    ],
)
def test_redact_replaces_the_token_and_keeps_the_rest(line, expected):
    assert redact(line) == expected


@pytest.mark.parametrize("logger", ["django.server", "gunicorn.access", "anything.else"])
def test_every_logger_writes_the_path_without_the_token(caplog, logger):
    with caplog.at_level(logging.INFO, logger=logger):
        # runserver's access line (positional args) and gunicorn's (one dict of atoms)
        logging.getLogger(logger).info('"%s" %s %s', f"GET /ideen/status/{TOKEN}/ HTTP/1.1", 200, 5)
        logging.getLogger(logger).info(
            '%(h)s "%(r)s" %(s)s',
            {
                "h": "127.0.0.1",
                "r": f"POST /ideen/status/{TOKEN}/zurueckziehen/ HTTP/1.1",
                "s": 302,
            },
        )
    assert TOKEN not in caplog.text
    assert '"GET /ideen/status/[token]/ HTTP/1.1" 200 5' in caplog.text
    assert '"POST /ideen/status/[token]/zurueckziehen/ HTTP/1.1" 302' in caplog.text


@pytest.mark.django_db
def test_a_request_with_a_real_token_leaves_no_trace_in_the_log(client, caplog):
    _, token = case_with_token()
    with caplog.at_level(logging.DEBUG):
        assert client.get(reverse("intake:status", args=[token])).status_code == 200
        # Django logs the path of a 4xx: a wrong token (and the API's 404 for it).
        client.get(reverse("intake:status", args=[token[:-4] + "xxxx"]))
        client.get(f"/api/v1/ideas/{token[:-4]}yyyy/")
    assert "Not Found: /ideen/status/[token]/" in caplog.text
    assert token not in caplog.text
    assert token[:-4] not in caplog.text
