"""The mails of this app, composed when the worker sends them (``tasks``): the link that
confirms a registration of interest, the request to get to know each other with its answer
link, and the answers. Contacts are in a mail only after both sides agreed."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.conferences.models import ConferenceTopic, Cooperation
from backend.conferences.selectors import offering_email
from backend.conferences.services.interest import INTEREST_LINK_VALID, interest_read

GREETING_END = (
    "",
    gettext_noop("Mit freundlichen Grüßen"),
    gettext_noop("Ihre Integrationskoordination"),
)


def _link(name: str, token: str, language: str) -> str:
    """An absolute link to a public page (named by URL: the pages belong to the intake)."""
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs={"token": token})


def _message(subject: str, lines: list[str], to: str) -> EmailMessage:
    closing = [_(line) if line else "" for line in GREETING_END]
    return EmailMessage(subject, "\n".join([*lines, *closing]), settings.DEFAULT_FROM_EMAIL, [to])


def interest_confirmation_mail(*, topic_id: int, token: str) -> EmailMessage:
    """The mail with the confirmation link of a registration of interest."""
    interest = interest_read(token=token, check_age=False)
    topic = ConferenceTopic.objects.select_related("conference").get(pk=topic_id)
    days = INTEREST_LINK_VALID.days
    with translation.override(interest.language):
        subject = _("Bitte bestätigen Sie Ihr Interesse am Thema „%(topic)s“") % {
            "topic": topic.title
        }
        lines = [
            _("Guten Tag %(name)s,") % {"name": interest.name},
            "",
            _("Sie haben Interesse am Thema „%(topic)s“ der Veranstaltung „%(event)s“ angemeldet.")
            % {"topic": topic.title, "event": topic.conference.title},
            _(
                "Erst wenn Sie über diesen Link bestätigen, speichern wir Ihre Angaben "
                "(der Link gilt %(days)s Tage):"
            )
            % {"days": days},
            _link("intake:interest_confirm", token, interest.language),
            "",
            _(
                "Wenn Sie sich nicht angemeldet haben, müssen Sie nichts tun: Ohne Bestätigung "
                "speichern wir nichts."
            ),
        ]
        return _message(subject, lines, interest.email)


@dataclass(frozen=True)
class Side:
    """One side of a cooperation as the other side may learn it (after both agreed)."""

    email: str
    language: str
    who: str  # person and organisation
    contact: str  # e-mail and phone, or the offering's contact
    what: str  # the idea's or offering's title


def requester_side(cooperation: Cooperation) -> Side:
    case = cooperation.requester
    contact = case.contact
    phone = f", {contact.phone}" if contact.phone else ""
    return Side(
        contact.email,
        contact.preferred_language,
        f"{contact.name} ({case.association.name})",
        f"{contact.email}{phone}",
        case.title,
    )


def partner_side(cooperation: Cooperation) -> Side:
    if cooperation.partner_case is not None:
        case = cooperation.partner_case
        contact = case.contact
        phone = f", {contact.phone}" if contact.phone else ""
        return Side(
            contact.email,
            contact.preferred_language,
            f"{contact.name} ({case.association.name})",
            f"{contact.email}{phone}",
            case.title,
        )
    offering = cooperation.partner_offering
    assert offering is not None
    return Side(
        offering_email(offering=offering) or "",
        settings.LANGUAGE_CODE,
        offering.provider or offering.title,
        offering.contact,
        offering.title,
    )


def _cooperation(cooperation_id: int) -> Cooperation:
    return Cooperation.objects.select_related(
        "requester__contact",
        "requester__association",
        "requester__quarter",
        "partner_case__contact",
        "partner_case__association",
        "partner_offering",
    ).get(pk=cooperation_id)


def cooperation_request_mail(*, cooperation_id: int, token: str) -> EmailMessage:
    """To the other side: someone with a similar idea would like to get to know you. Says
    what the idea is and where, not who: that comes only after the answer."""
    cooperation = _cooperation(cooperation_id)
    partner = partner_side(cooperation)
    asking = cooperation.requester
    with translation.override(partner.language):
        subject = _("Anfrage zum Kennenlernen: eine ähnliche Projektidee in %(quarter)s") % {
            "quarter": asking.quarter.name
        }
        lines = [
            _("Guten Tag,"),
            "",
            _(
                "ein Verein oder eine Initiative plant die Projektidee „%(title)s“ in "
                "%(quarter)s. Unsere Prüfung auf Überschneidungen hat dabei „%(yours)s“ "
                "gefunden. Die andere Seite möchte Sie gern kennenlernen."
            )
            % {"title": asking.title, "quarter": asking.quarter.name, "yours": partner.what},
            "",
            _(
                "Ob Sie einverstanden sind, entscheiden Sie über diesen Link. Erst wenn Sie "
                "zustimmen, erhalten beide Seiten Namen, E-Mail-Adresse und Telefonnummer der "
                "anderen Ansprechperson:"
            ),
            _link("intake:cooperation_answer", token, partner.language),
        ]
        return _message(subject, lines, partner.email)


def cooperation_answer_mails(*, cooperation_id: int) -> list[EmailMessage]:
    """After the acceptance: each side gets the other's contact."""
    cooperation = _cooperation(cooperation_id)
    sides = (requester_side(cooperation), partner_side(cooperation))
    messages = []
    for me, other in (sides, sides[::-1]):
        with translation.override(me.language):
            subject = _("Kennenlernen vereinbart: „%(title)s“") % {"title": other.what}
            lines = [
                _("Guten Tag,"),
                "",
                _(
                    "beide Seiten sind einverstanden, sich kennenzulernen. Ihre Ansprechperson "
                    "für „%(title)s“ ist:"
                )
                % {"title": other.what},
                other.who,
                other.contact,
                "",
                _("Ihre Kontaktdaten haben wir der anderen Seite ebenso geschickt."),
            ]
            messages.append(_message(subject, lines, me.email))
    return messages


def cooperation_declined_mail(*, cooperation_id: int) -> EmailMessage:
    """To the asking side: declined, and nothing about who declined."""
    cooperation = _cooperation(cooperation_id)
    me = requester_side(cooperation)
    with translation.override(me.language):
        subject = _("Ihre Anfrage zum Kennenlernen")
        lines = [
            _("Guten Tag,"),
            "",
            _(
                "die andere Seite möchte derzeit kein Kennenlernen. Kontaktdaten wurden nicht "
                "weitergegeben. Ihre Integrationskoordination berät Sie gern weiter."
            ),
        ]
        return _message(subject, lines, me.email)
