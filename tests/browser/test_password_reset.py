"""Password reset end to end: the mail really goes over SMTP (an aiosmtpd sink on 127.0.0.1),
the coordinator follows the link in Chromium, sets a new password and logs in with it."""

from __future__ import annotations

import email
import re
import socket
from collections.abc import Iterator
from email.message import Message
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.factories import coordinator_for

pytestmark = pytest.mark.browser
NEW_PASSWORD = "Sprachcafe-Borbeck-2027"


class SmtpSink:
    """Keeps every message the SMTP server receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_sink() -> Iterator[tuple[SmtpSink, int]]:
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()


def test_password_reset_by_mail_then_login(
    page: Page, live_server: LiveServer, smtp_sink, district_iv
) -> None:
    sink, port = smtp_sink
    user = coordinator_for(district_iv, "bezirk-iv")
    user.email = "bezirk-iv@example.org"
    user.save()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        SITE_URL=live_server.url,
    ):
        page.goto("/koordination/anmelden/")
        page.get_by_role("link", name="Passwort vergessen?").click()
        screenshot(page, "workspace-password-reset")
        assert_no_axe_violations(page)
        page.get_by_label("E-Mail").fill("Bezirk-IV@example.org")
        page.get_by_role("button", name="Link anfordern").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Bitte sehen Sie in Ihr Postfach")

        assert len(sink.messages) == 1
        mail = sink.messages[0]
        assert mail["To"] == "bezirk-iv@example.org"
        assert "neues Passwort" in mail["Subject"]
        body = mail.get_body(preferencelist=("plain",)).get_content()
        assert "Benutzername: bezirk-iv" in body
        link = re.search(rf"{re.escape(live_server.url)}/koordination/passwort-neu/\S+/", body)
        assert link, body

        page.goto(link.group(0))
        expect(page.get_by_role("heading", level=1)).to_have_text("Neues Passwort festlegen")
        page.get_by_label("Neues Passwort", exact=True).fill("kurz")
        page.get_by_label("Neues Passwort bestätigen").fill("anders")
        page.get_by_role("button", name="Passwort speichern").click()
        expect(page.locator(".error-summary")).to_be_visible()
        screenshot(page, "workspace-password-new-error")
        assert_no_axe_violations(page)
        page.get_by_label("Neues Passwort", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Neues Passwort bestätigen").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Passwort speichern").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Ihr neues Passwort ist gespeichert"
        )

        page.get_by_role("link", name="Jetzt anmelden").click()
        page.get_by_label("Benutzername").fill("bezirk-iv")
        page.get_by_label("Passwort").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        expect(page.get_by_role("heading", name="Eingang", level=1)).to_be_visible()

        page.goto(link.group(0))  # the link works once only
        expect(page.get_by_text("Dieser Link gilt nicht mehr")).to_be_visible()
