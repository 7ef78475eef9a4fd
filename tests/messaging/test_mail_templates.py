"""Mail texts a city edits in the admin: used instead of the built-in wording for that kind
and language, with the system's facts in {{ details }}; checked on save; previewed."""

from __future__ import annotations

import pytest
from django.test import Client

from backend.messaging.models import MailTemplate
from tests.factories import approve_data, move

pytestmark = pytest.mark.django_db


def _to_contact(outbox):
    return [m for m in outbox if m.to == ["ayse@example.org"]]


def test_a_city_template_replaces_the_built_in_wording(
    application_case, actor, essen, mailoutbox, jobs
):
    MailTemplate.objects.create(
        city=essen,
        kind="state",
        language="de",
        subject="Neuigkeiten zu {{ reference }}: {{ what }}",
        body="Liebe*r {{ name }},\n\n{{ details }}\n\nIhr KI Essen",
    )
    jobs.run()
    mailoutbox.clear()

    move(application_case, "approve", actor, approve_data("2700"))
    jobs.run()

    [mail] = _to_contact(mailoutbox)
    assert mail.subject == f"Neuigkeiten zu {application_case.reference}: Bewilligt"
    assert mail.body.startswith("Liebe*r Ayşe Demir,")
    assert "Bewilligt sind bis zu 2.700,00 €" in mail.body  # the facts stay the system's
    assert mail.attachments  # and the letter stays attached
    assert mail.body.endswith("Ihr KI Essen")


def test_another_language_keeps_the_built_in_wording(
    application_case, actor, essen, mailoutbox, jobs
):
    MailTemplate.objects.create(
        city=essen, kind="state", language="de", subject="DE {{ reference }}", body="DE"
    )
    application_case.contact.preferred_language = "en"
    application_case.contact.save()
    jobs.run()
    mailoutbox.clear()

    move(application_case, "approve", actor, approve_data("2700"))
    jobs.run()

    [mail] = _to_contact(mailoutbox)
    assert mail.subject.startswith("Your project idea")


def test_admin_checks_the_template_and_shows_a_preview(admin_client: Client, essen):
    url = "/admin/messaging/mailtemplate/add/"
    broken = admin_client.post(
        url,
        {
            "city": essen.pk,
            "kind": "reminder",
            "language": "de",
            "subject": "Erinnerung {{ reference ",
            "body": "{% if %}",
        },
    )
    assert broken.status_code == 200
    assert "Die Vorlage ist fehlerhaft" in broken.content.decode()
    assert not MailTemplate.objects.exists()

    saved = admin_client.post(
        url,
        {
            "city": essen.pk,
            "kind": "reminder",
            "language": "de",
            "subject": "Erinnerung: {{ reference }}",
            "body": "Hallo {{ name }}, {{ details }}",
        },
    )
    assert saved.status_code == 302
    template = MailTemplate.objects.get()
    page = admin_client.get(f"/admin/messaging/mailtemplate/{template.pk}/change/").content.decode()
    assert "Erinnerung: IV-2026-0001" in page
    assert "Hallo Ayşe Demir, Ihr Verwendungsnachweis ist bis" in page
    assert "{{ link }}" in page


def test_the_confirmation_in_the_citys_words_keeps_the_status_link(
    client: Client, coordinator, essen, mailoutbox, jobs
):
    from tests.intake.helpers import idea_post

    MailTemplate.objects.create(
        city=essen,
        kind="confirmation",
        language="de",
        subject="Danke für {{ title }}",
        body="Ihr Link: {{ link }}\nBei Fragen: {{ coordinator }}",
    )

    client.post("/ideen/neu/", idea_post(step="send", overlap_answer="known"))
    jobs.run()

    [mail] = _to_contact(mailoutbox)
    assert mail.subject == "Danke für Sprachcafé für Eltern"
    assert "/ideen/status/" in mail.body
    assert f"Bei Fragen: {coordinator}" in mail.body
