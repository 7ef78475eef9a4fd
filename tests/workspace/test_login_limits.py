"""Brute force on the logins and the password reset (issue #18): django-axes counts failed
logins per account and address in the database (shared by every process), on the workspace's
and on the admin's login; the password reset is limited per address and per mailbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "secret-pass-123"


@pytest.fixture
def admin_user(essen):
    return UserFactory(username="chef", is_staff=True, is_superuser=True)


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("url_name", "username"), [("admin:login", "chef"), ("workspace:login", "chef")]
)
def test_ten_wrong_passwords_lock_the_account_from_that_address(
    client, admin_user, url_name, username
):
    url = reverse(url_name)
    for _ in range(10):
        client.post(url, {"username": username, "password": "falsch"})
    refused = client.post(url, {"username": username, "password": RIGHT})
    assert refused.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in refused.content.decode()
    assert not _logged_in(client)
    # Counted in the database, so every web process sees the same count.
    attempt = AccessAttempt.objects.get(username=username)
    assert attempt.failures_since_start >= 10
    assert attempt.ip_address == "127.0.0.1"


def test_the_account_still_opens_from_another_address(client, admin_user):
    url = reverse("admin:login")
    for _ in range(10):
        client.post(url, {"username": "chef", "password": "falsch"})
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    response = elsewhere.post(url, {"username": "chef", "password": RIGHT, "next": "/admin/"})
    assert response.status_code == 302
    assert _logged_in(elsewhere)


def test_after_the_cool_off_the_right_password_works_again(client, admin_user, time_machine):
    url = reverse("workspace:login")
    for _ in range(10):
        client.post(url, {"username": "chef", "password": "falsch"})
    assert client.post(url, {"username": "chef", "password": RIGHT}).status_code == 429
    time_machine.move_to(timezone.now() + timedelta(minutes=16), tick=True)
    assert client.post(url, {"username": "chef", "password": RIGHT}).status_code == 302
    assert _logged_in(client)


def test_a_successful_login_resets_the_count(client, admin_user):
    url = reverse("workspace:login")
    for _ in range(9):
        client.post(url, {"username": "chef", "password": "falsch"})
    assert client.post(url, {"username": "chef", "password": RIGHT}).status_code == 302
    client.logout()
    for _ in range(9):
        client.post(url, {"username": "chef", "password": "falsch"})
    assert client.post(url, {"username": "chef", "password": RIGHT}).status_code == 302


def test_nine_wrong_passwords_still_let_the_right_one_in(client, admin_user):
    url = reverse("admin:login")
    for _ in range(9):
        assert client.post(url, {"username": "chef", "password": "falsch"}).status_code == 200
    response = client.post(url, {"username": "chef", "password": RIGHT, "next": "/admin/"})
    assert response.status_code == 302
    assert _logged_in(client)


# --- password reset ---------------------------------------------------------------------------


def test_reset_mails_to_one_mailbox_stop_after_three_an_hour(client, admin_user):
    url = reverse("workspace:password_reset")
    for _ in range(6):
        response = client.post(url, {"email": "CHEF@example.org"})
        # Always the same answer: no sign whether the address exists or was limited.
        assert response.status_code == 302
        assert response["Location"] == reverse("workspace:password_reset_done")
    assert len(mail.outbox) == 3
    assert {message.to[0] for message in mail.outbox} == {"chef@example.org"}


def test_reset_requests_from_one_address_stop_after_ten_an_hour(client, admin_user):
    url = reverse("workspace:password_reset")
    for number in range(10):
        assert client.post(url, {"email": f"jemand{number}@example.org"}).status_code == 302
    refused = client.post(url, {"email": "chef@example.org"})
    assert refused.status_code == 429
    assert "zu viele neue Passwörter angefordert" in refused.content.decode()
    assert mail.outbox == []
