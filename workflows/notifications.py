"""Mail to the association after a case changed: what happened, in its words, with the letter.

Composed from the transition's audit event (not from the case as it is when the mail goes
out: the worker may send it later, and the case may have moved on). The private status link
is sent only at submission and on request (``backend.cases.submission``); state mails only say
what changed, so a forwarded mail hands out no access to the case. Sending is the worker's
job (``backend.messaging``); a failure raises, and the worker retries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backend.common.fields import money_text
from workflows.registry import transitions

if TYPE_CHECKING:
    from backend.cases.models import Case, CaseEvent


@dataclass(frozen=True)
class Mail:
    """What the mail to the association says after a transition, besides what happened.

    Each transition declares one (``workflows.mixin``)."""

    #: Quote the change request the transition made: what is asked, and by when.
    quotes_change_request: bool = False
    #: Attach the letter (Bescheid) the transition issued, if it issued one.
    attaches_letter: bool = False


@dataclass(frozen=True)
class ComposedMail:
    """A mail with what a city's own wording of it needs (``backend.messaging.models``)."""

    message: EmailMessage
    city_id: int
    language: str
    kind: str  # MailKind: "confirmation", "state", "reminder"
    variables: dict[str, str]


#: What happened, and where to see the details.
STATE_MAIL = Mail()
#: … and what the coordination asks for, by when (the mail is the reminder people act on).
CHANGE_REQUEST_MAIL = Mail(quotes_change_request=True)
#: … with the letter (Bescheid) attached that the decision issued.
LETTER_MAIL = Mail(attaches_letter=True)


def _euro(value: Decimal | None) -> str:
    return f"{money_text(value or Decimal('0'))} €"


def _date(value: Any) -> str:
    return date_format(value, "DATE_FORMAT") if value else "–"


def _approved(case: Case, event: CaseEvent) -> list[str]:
    decision = case.decision
    lines = [
        _("Bewilligt sind bis zu %(amount)s für die Zeit vom %(start)s bis %(end)s.")
        % {
            "amount": _euro(decision.amount),
            "start": _date(decision.funding_start),
            "end": _date(decision.funding_end),
        }
    ]
    due = event.payload.get("report_due_on")
    if due:
        from datetime import date

        lines.append(
            _("Der Verwendungsnachweis ist bis %(date)s fällig.")
            % {"date": _date(date.fromisoformat(due))}
        )
    return lines


def _rejected(case: Case, event: CaseEvent) -> list[str]:
    return [_("Begründung:") + "\n" + case.decision.reasons]


def _changes_requested(case: Case, event: CaseEvent) -> list[str]:
    request = case.change_requests.filter(pk=event.payload.get("change_request")).first()
    if request is None:
        return []
    lines = [
        _("Die Koordination bittet bis zum %(due)s um Folgendes:\n\n%(message)s")
        % {"due": _date(request.due_on), "message": request.message}
    ]
    if request.documents_needed:
        lines.append(
            _("Bitte laden Sie dazu auf Ihrer Statusseite hoch: %(documents)s.")
            % {"documents": ", ".join(request.documents_needed_labels)}
        )
    return lines


def _report_accepted(case: Case, event: CaseEvent) -> list[str]:
    repayment = Decimal(event.payload.get("repayment_amount") or "0")
    if repayment > 0:
        return [
            _(
                "Nicht verbrauchte Mittel von %(amount)s sind zurückzuzahlen; wie und bis wann, "
                "steht im Schlussbescheid."
            )
            % {"amount": _euro(repayment)}
        ]
    return [_("Es ist nichts zurückzuzahlen.")]


def _amended(case: Case, event: CaseEvent) -> list[str]:
    payload = event.payload
    return [
        _("Bewilligt sind jetzt bis zu %(amount)s für die Zeit vom %(start)s bis %(end)s.")
        % {
            "amount": _euro(Decimal(payload.get("amount") or "0")),
            "start": _date(_day(payload.get("funding_start"))),
            "end": _date(_day(payload.get("funding_end"))),
        },
        _("Begründung:") + "\n" + str(payload.get("reasons", "")),
    ]


def _repayment_demanded(case: Case, event: CaseEvent) -> list[str]:
    from backend.programs.iban import iban_display

    repayment = case.repayment
    lines = [
        _(
            "Nicht verbrauchte Mittel von %(amount)s sind zurückzuzahlen. Bitte überweisen Sie "
            "%(total)s bis zum %(due)s an:"
        )
        % {
            "amount": _euro(repayment.principal),
            "total": _euro(repayment.total),
            "due": _date(repayment.due_on),
        },
        "\n".join(
            [
                _("Empfänger: %(payee)s") % {"payee": repayment.payee},
                _("IBAN: %(iban)s") % {"iban": iban_display(repayment.iban)},
                *([_("BIC: %(bic)s") % {"bic": repayment.bic}] if repayment.bic else []),
                _("Verwendungszweck: %(reference)s") % {"reference": repayment.reference},
            ]
        ),
    ]
    if repayment.interest:
        lines.append(
            _("Darin sind Zinsen nach § 49a VwVfG von %(interest)s enthalten.")
            % {"interest": _euro(repayment.interest)}
        )
    return lines


def _day(value: Any) -> Any:
    from datetime import date

    return date.fromisoformat(value) if value else None


def _referred(case: Case, event: CaseEvent) -> list[str]:
    return [_("Begründung:") + "\n" + case.referral_reason] if case.referral_reason else []


#: What each transition's mail says besides the sentence of the timeline.
DETAILS: dict[str, Callable[[Any, Any], list[str]]] = {
    "approve": _approved,
    "reject": _rejected,
    "request_changes": _changes_requested,
    "request_report_changes": _changes_requested,
    "accept_report": _report_accepted,
    "amend_decision": _amended,
    "demand_repayment": _repayment_demanded,
    "refer": _referred,
}


def _issued_letter(case: Case, event: CaseEvent) -> Any:
    """The letter this transition issued (named in its audit event), if the mail attaches one."""
    if not transitions()[event.transition].mail.attaches_letter:
        return None
    letter_id = event.payload.get("letter")
    return case.documents.filter(pk=letter_id).first() if letter_id else None


def state_mail(*, event_id: int) -> ComposedMail | None:
    """The mail to the contact person about one transition, in their preferred language
    (None if the event is no transition with a mail)."""
    from backend.cases.models import CaseEvent

    event = CaseEvent.objects.select_related("case__contact", "case__quarter").get(pk=event_id)
    spec = transitions().get(event.transition)
    if spec is None or spec.mail is None:
        return None
    case = event.case
    letter = _issued_letter(case, event)
    with translation.override(case.contact.preferred_language):
        happened = str(spec.timeline).rstrip(".")
        subject = _("Ihre Projektidee %(reference)s: %(what)s") % {
            "reference": case.reference,
            "what": happened,
        }
        details = DETAILS.get(event.transition, lambda c, e: [])(case, event)
        parts = [
            _("Guten Tag %(name)s,") % {"name": case.contact.name},
            _("zu Ihrer Projektidee „%(title)s“ (%(reference)s): %(what)s.")
            % {"title": case.title, "reference": case.reference, "what": happened},
            *details,
        ]
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
    message = EmailMessage(subject, "\n\n".join(parts), case.city.from_email, [case.contact.email])
    if letter is not None:
        with letter.file.open("rb") as stored:
            message.attach(letter.original_name, stored.read(), letter.content_type)
    return ComposedMail(
        message=message,
        city_id=case.quarter.city_id,
        language=case.contact.preferred_language,
        kind="state",
        variables={
            "name": case.contact.name,
            "reference": case.reference,
            "title": case.title,
            "what": happened,
            "details": "\n\n".join(details),
        },
    )
