"""Mail to the association after a case changed (runs after commit, never inside it).

The private status link is sent once, at submission; later mails only say that something
changed, so a forwarded mail does not hand out access to the case.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from workflows.registry import transitions

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    """What the mail to the association says after a transition, besides its new state.

    Each transition declares one (``workflows.mixin``)."""

    #: Quote the open change request the transition made: what is asked, and by when.
    quotes_change_request: bool = False
    #: Attach the letter (Bescheid) the transition issued, if it issued one.
    attaches_letter: bool = False


#: The new state, and where to see the details.
STATE_MAIL = Mail()
#: … and what the coordination asks for, by when (the mail is the reminder people act on).
CHANGE_REQUEST_MAIL = Mail(quotes_change_request=True)
#: … with the letter (Bescheid) attached that the decision issued.
LETTER_MAIL = Mail(attaches_letter=True)


def _issued_letter(case: Any, transition: str) -> Any:
    """The letter this transition issued (named in its audit event), if the mail attaches one."""
    if not transitions()[transition].mail.attaches_letter:
        return None
    event = case.events.filter(transition=transition).order_by("-pk").first()
    letter_id = event.payload.get("letter") if event is not None else None
    return case.documents.filter(pk=letter_id).first() if letter_id else None


def notify_state_change(*, case_id: int, transition: str) -> None:
    """Tell the contact person of the case its new state, in their preferred language."""
    from backend.cases.models import Case

    case = Case.objects.select_related("contact").get(pk=case_id)
    with translation.override(case.contact.preferred_language):
        subject = _("Ihre Projektidee %(reference)s: %(state)s") % {
            "reference": case.reference,
            "state": case.get_state_display(),
        }
        parts = [
            _(
                "Guten Tag %(name)s,\n\n"
                "der Stand Ihrer Projektidee „%(title)s“ (%(reference)s) hat sich geändert:\n"
                "%(state)s."
            )
            % {
                "name": case.contact.name,
                "title": case.title,
                "reference": case.reference,
                "state": case.get_state_display(),
            }
        ]
        request = (
            case.change_requests.filter(resolved=False).order_by("-pk").first()
            if transitions()[transition].mail.quotes_change_request
            else None
        )
        if request is not None:
            # What is asked, and by when: the mail is the reminder people act on.
            parts.append(
                _("Die Koordination bittet bis zum %(due)s um Folgendes:\n\n%(message)s")
                % {"due": date_format(request.due_on, "DATE_FORMAT"), "message": request.message}
            )
        letter = _issued_letter(case, transition)
        if letter is not None:
            parts.append(
                _("Den Bescheid finden Sie im Anhang (%(name)s) und auf Ihrer Statusseite.")
                % {"name": letter.original_name}
            )
        parts.append(
            _(
                "Einzelheiten sehen Sie über Ihren persönlichen Statuslink aus unserer ersten "
                "E-Mail.\n\nMit freundlichen Grüßen\nIhre Integrationskoordination"
            )
        )
        body = "\n\n".join(parts)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [case.contact.email])
    if letter is not None:
        with letter.file.open("rb") as stored:
            message.attach(letter.original_name, stored.read(), letter.content_type)
    try:
        message.send()
    except OSError:
        # The state change is committed; a mail server outage must not turn it into an error.
        logger.exception("could not send the state mail for case %s (%s)", case_id, transition)
