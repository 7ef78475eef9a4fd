"""The confirmation mail end to end: through Django's SMTP backend to a real SMTP server."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from backend.cases.models import Case
from tests.intake.helpers import idea_post


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_sink() -> Iterator[tuple[Inbox, int]]:
    """An SMTP server on 127.0.0.1 for one test."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.mark.django_db
def test_confirmation_mail_reaches_an_smtp_server_with_a_working_status_link(
    client, coordinator, smtp_sink, jobs
):
    inbox, port = smtp_sink
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_USE_TLS": False,
        "EMAIL_TIMEOUT": 5,
    }
    with override_settings(**smtp):
        response = client.post(
            "/ideen/neu/", idea_post(step="send", preferred_language="en", overlap_answer="known")
        )
        jobs.run()

    assert response.status_code == 302
    [mail] = [m for m in inbox.messages if m["To"] == "ayse@example.org"]
    case = Case.objects.get()
    assert mail["To"] == "ayse@example.org"
    assert case.reference in mail["Subject"]
    body = mail.get_content()
    assert "Marktstraße 22" in body
    link = re.search(r"http://[^\s]+/en/ideen/status/[\w-]+/", body)
    assert link, body  # in the contact's language
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]

    status = client.get("/" + path)

    assert status.status_code == 200
    assert case.title in status.content.decode()


@pytest.mark.django_db
def test_mail_server_down_still_saves_the_idea_and_shows_the_link(client, coordinator, jobs):
    down = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": _free_port(),  # nobody listens
        "EMAIL_TIMEOUT": 2,
    }
    with override_settings(**down):
        response = client.post("/ideen/neu/", idea_post(step="send", overlap_answer="known"))
        with pytest.raises(
            ConnectionRefusedError
        ):  # the worker's attempt fails; procrastinate retries it
            jobs.run()

    assert response.status_code == 302
    assert Case.objects.count() == 1
    assert "/ideen/status/" in client.get(response["Location"]).content.decode()
