"""Services: an association submits an idea (web form or ``POST /api/v1/ideas/``).

Both channels call ``idea_submit``: the case is created by ``case_create``, and a new case
gets the confirmation mail with the private status link, queued for the worker in the same
transaction (``messaging.confirmation_mail``). The link exists only at this moment and when a
new one is issued (the case stores the token's hash), so the mail's text lives here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from backend.cases.models import Case
from backend.cases.selectors import coordinator_contact
from backend.cases.services import CaseCreated, case_create
from workflows.notifications import ComposedMail


def status_url(*, token: str, language: str) -> str:
    """The absolute private status link (the public status page), in the contact's language.

    Named by URL, not imported: the page belongs to ``backend.intake``."""
    with translation.override(language):
        return settings.SITE_URL + reverse("intake:status", kwargs={"token": token})


def idea_submit(
    *,
    idea: dict[str, Any],
    association: dict[str, Any],
    contact: dict[str, Any],
    idempotency_key: str | None,
    overlap_statement: str = "",
    overlap_snapshot: dict[str, Any] | None = None,
) -> CaseCreated:
    """Submit an idea (any channel); a new case gets its confirmation mail after commit.

    A resubmission with the same ``idempotency_key`` returns the first case, sends nothing and
    carries no token.
    """
    created = case_create(
        idea=idea,
        association=association,
        contact=contact,
        idempotency_key=idempotency_key,
        overlap_statement=overlap_statement,
        overlap_snapshot=overlap_snapshot,
    )
    if created.created:
        status_link_queue(case_id=created.case.pk, token=created.token)
    return created


def status_link_queue(*, case_id: int, token: str) -> None:
    """Queue the mail with the status link for the worker, in the caller's transaction (by the
    task's name: the worker's app sits above this one)."""
    from procrastinate.contrib.django import app

    app.configure_task("messaging.confirmation_mail").defer(case_id=case_id, token=token)


def status_link_mail(*, case_id: int, token: str) -> ComposedMail:
    """The mail with the reference, who handles the idea, and the status link. If the mail
    server refuses, the worker tries again; the idea is saved and the confirmation page
    shows the link all the same."""
    case = Case.objects.select_related("contact", "quarter__parent", "assigned_to").get(pk=case_id)
    language = case.contact.preferred_language
    who = coordinator_contact(case)
    with translation.override(language):
        subject = _("Ihre Projektidee %(reference)s ist bei uns eingegangen") % {
            "reference": case.reference
        }
        lines = [
            _("Guten Tag %(name)s,") % {"name": case.contact.name},
            "",
            _("vielen Dank für Ihre Projektidee „%(title)s“.") % {"title": case.title},
            _("Ihre Vorgangsnummer: %(reference)s") % {"reference": case.reference},
            "",
            _("Ihre Idee bearbeitet: %(who)s") % {"who": who.name},
            *([who.address] if who.address else []),
            *([_("Telefon: %(phone)s") % {"phone": who.phone}] if who.phone else []),
            "",
            _("Den Stand Ihrer Idee sehen Sie jederzeit über Ihren persönlichen Link:"),
            status_url(token=token, language=language),
            "",
            _(
                "Bitte bewahren Sie diese E-Mail gut auf und geben Sie den Link nicht weiter: "
                "Wer den Link hat, kann den Stand sehen und Angaben machen."
            ),
            "",
            _("Mit freundlichen Grüßen"),
            _("Ihre Integrationskoordination"),
        ]
    message = EmailMessage(subject, "\n".join(lines), case.city.from_email, [case.contact.email])
    return ComposedMail(
        message=message,
        city_id=case.quarter.city_id,
        language=language,
        kind="confirmation",
        variables={
            "name": case.contact.name,
            "reference": case.reference,
            "title": case.title,
            "coordinator": who.name,
            "link": status_url(token=token, language=language),
        },
    )
