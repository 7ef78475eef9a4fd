"""Registration of interest on the public page: double opt-in by mail, nothing stored before
the confirmation, a signed and expiring link, rate limits like the other public forms."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from backend.conferences.models import ConsentChannel, TopicPerson
from tests.conferences.helpers import conference, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_topic(coordinator):
    return topic(coordinator, conference(coordinator))


def _register(client, on, **overrides):
    data = {
        "name": "Christel Hein",
        "organisation": "Nachbarschaftshilfe",
        "email": "Hein@Example.org",
        "consent": "on",
        "website": "",
        **overrides,
    }
    return client.post(reverse("intake:interest_new", kwargs={"pk": on.pk}), data)


def _link(message) -> str:
    """The path of the confirmation link in the mail."""
    return urlparse(
        next(line for line in message.body.splitlines() if "/bestaetigen/" in line)
    ).path


def test_registration_mails_a_link_and_stores_nothing(client, public_topic, jobs):
    response = _register(client, public_topic)

    assert response.status_code == 302
    assert response["Location"] == reverse("intake:interest_sent")
    assert TopicPerson.objects.count() == 0
    jobs.run()
    [message] = mail.outbox
    assert message.to == ["hein@example.org"]
    assert "Begegnungsstätte in Borbeck" in message.subject
    assert TopicPerson.objects.count() == 0


def test_the_link_shows_first_and_stores_on_the_click(client, public_topic, jobs):
    _register(client, public_topic)
    jobs.run()
    path = _link(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert "Christel Hein" in page.content.decode()
    assert TopicPerson.objects.count() == 0  # opening the link (a mail scanner) stores nothing

    confirmed = client.post(path)
    assert confirmed.status_code == 302
    person = TopicPerson.objects.get()
    assert (person.name, person.email, person.role) == (
        "Christel Hein",
        "hein@example.org",
        "interested",
    )
    assert person.consent_channel == ConsentChannel.DOUBLE_OPT_IN
    assert person.consent_text.startswith("Ich bin einverstanden")
    assert person.consent_on == timezone.localdate()
    assert person.confirmed_at is not None
    # A second click changes nothing.
    client.post(path)
    assert TopicPerson.objects.count() == 1


def test_an_altered_link_is_refused_and_stores_nothing(client, public_topic, jobs):
    _register(client, public_topic)
    jobs.run()
    path = _link(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = path.replace(token, token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"))

    response = client.post(forged)

    assert response.status_code == 404
    assert "ungültig" in response.content.decode()
    assert TopicPerson.objects.count() == 0


def test_an_expired_link_is_refused(client, public_topic, jobs):
    _register(client, public_topic)
    jobs.run()
    path = _link(mail.outbox[0])

    with time_machine.travel(timezone.now() + timedelta(days=4), tick=False):
        response = client.post(path)

    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()
    assert TopicPerson.objects.count() == 0


def test_without_consent_the_form_says_so_in_german(client, public_topic, jobs):
    response = _register(client, public_topic, consent="")

    assert response.status_code == 400
    assert "Bitte stimmen Sie zu" in response.content.decode()
    assert jobs.queued() == []


def test_a_bad_address_is_refused(client, public_topic, jobs):
    response = _register(client, public_topic, email="hein-at-example")

    assert response.status_code == 400
    assert "name@beispiel.de" in response.content.decode()
    assert jobs.queued() == []


def test_a_bot_filling_the_honeypot_gets_the_same_answer_and_no_mail(client, public_topic, jobs):
    response = _register(client, public_topic, website="http://spam.example")

    assert response.status_code == 302
    assert jobs.queued() == []


def test_registrations_are_rate_limited(client, public_topic, jobs, settings):
    settings.RATE_LIMITS = {"interest": (2, 3600)}
    for n in range(2):
        assert _register(client, public_topic, email=f"p{n}@example.org").status_code == 302

    response = _register(client, public_topic, email="p3@example.org")

    assert response.status_code == 429
    assert len(jobs.queued()) == 2


def test_mails_to_one_address_are_limited(client, public_topic, jobs):
    for _ in range(5):
        _register(client, public_topic)

    assert len(jobs.queued("conferences.interest_confirmation_mail")) == 3


def test_topics_of_a_non_public_event_take_no_registrations(client, coordinator):
    hidden = topic(coordinator, conference(coordinator, public=False))

    assert _register(client, hidden).status_code == 404
