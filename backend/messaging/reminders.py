"""Reminders to associations: a change request coming due (7 days and 1 day before) or
overdue, a report coming due (30 and 7 days before) or overdue.

Each reminder is an event of the case's audit trail (``kind=reminder``, by the system) with a
key naming what it reminds of and which stage; it is written under the case's lock after
checking that key, so a second run of the scheduler — the same day, or two at once — sends
nothing twice. A stage is skipped when it had already begun when the request or the decision
was made (the mail about it is then the reminder); a run missed on the day catches up the
next morning.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.cases.models import Case, CaseEvent, ChangeRequest
from workflows.actors import Actor
from workflows.audit import case_event_record
from workflows.locking import case_lock
from workflows.notifications import ComposedMail
from workflows.states import OPEN_STATES, CaseState, EventKind

#: Days before the due date at which a reminder goes out, per subject.
CHANGE_REQUEST_STAGES = (7, 1)
REPORT_STAGES = (30, 7)
OVERDUE = "overdue"


def reminder_stage(*, due_on: date, today: date, origin: date, stages: tuple[int, ...]) -> str:
    """Which reminder is due today ("7", "1", "overdue") or "" for none.

    ``origin`` is the day the due date was set: a stage that had begun by then is skipped."""
    days_left = (due_on - today).days
    if days_left < 0:
        return OVERDUE
    for days in sorted(stages):
        if days_left <= days:
            return "" if origin >= due_on - timedelta(days=days) else str(days)
    return ""


def _remind(case: Case, *, key: str, about: str, due_on: date, stage: str) -> bool:
    """Record and queue one reminder unless it was sent already; True if it is new."""
    from backend.messaging.tasks import send_reminder_mail

    with transaction.atomic():
        locked = case_lock(case=case)
        if CaseEvent.objects.filter(
            case=locked, kind=EventKind.REMINDER, payload__key=key
        ).exists():
            return False
        event = case_event_record(
            case=locked,
            actor=Actor.system(),
            kind=EventKind.REMINDER,
            comment=gettext_noop("Erinnerung an die Frist am %(date)s verschickt")
            % {"date": due_on.strftime("%d.%m.%Y")},
            payload={"key": key, "about": about, "due_on": due_on.isoformat(), "stage": stage},
        )
        send_reminder_mail.defer(event_id=event.pk)
    return True


def reminders_due_send(today: date | None = None) -> int:
    """Send every reminder due today that was not sent before; returns how many."""
    today = today or timezone.localdate()
    sent = 0
    requests = ChangeRequest.objects.filter(
        resolved=False, responded_at__isnull=True, case__state__in=OPEN_STATES
    ).select_related("case")
    for request in requests:
        origin = timezone.localtime(request.created_at).date()
        stage = reminder_stage(
            due_on=request.due_on, today=today, origin=origin, stages=CHANGE_REQUEST_STAGES
        )
        if stage:
            key = f"change_request:{request.pk}:{stage}"
            sent += _remind(
                request.case, key=key, about="change_request", due_on=request.due_on, stage=stage
            )
    reports_due = Case.objects.filter(
        state=CaseState.DECISION, report_due_on__isnull=False
    ).select_related("decision")
    for case in reports_due:
        assert case.report_due_on is not None
        stage = reminder_stage(
            due_on=case.report_due_on,
            today=today,
            origin=case.decision.decided_on,
            stages=REPORT_STAGES,
        )
        if stage:
            key = f"report:{case.report_due_on.isoformat()}:{stage}"
            sent += _remind(case, key=key, about="report", due_on=case.report_due_on, stage=stage)
    return sent


def reminder_mail(*, event_id: int) -> ComposedMail:
    """The reminder an event records, to the case's contact person in their language."""
    event = CaseEvent.objects.select_related("case__contact", "case__quarter").get(pk=event_id)
    case, payload = event.case, event.payload
    with translation.override(case.contact.preferred_language):
        due = date_format(date.fromisoformat(payload["due_on"]), "DATE_FORMAT")
        if payload["about"] == "report":
            what = _("Ihr Verwendungsnachweis")
        else:
            what = _("Ihre Antwort auf die Nachforderung der Koordination")
        if payload["stage"] == OVERDUE:
            subject = _("Frist abgelaufen: %(reference)s") % {"reference": case.reference}
            line = _("%(what)s war bis %(date)s fällig und ist noch nicht eingegangen.") % {
                "what": what,
                "date": due,
            }
        else:
            subject = _("Erinnerung: %(reference)s, Frist am %(date)s") % {
                "reference": case.reference,
                "date": due,
            }
            line = _("%(what)s ist bis %(date)s fällig.") % {"what": what, "date": due}
        body = "\n\n".join(
            [
                _("Guten Tag %(name)s,") % {"name": case.contact.name},
                _("eine Erinnerung zu Ihrer Projektidee „%(title)s“ (%(reference)s):")
                % {"title": case.title, "reference": case.reference},
                line,
                _(
                    "Bitte nutzen Sie Ihren persönlichen Statuslink. Wenn Sie ihn nicht mehr "
                    "finden, fordern Sie hier einen neuen an: %(url)s\nWenn Sie mehr Zeit "
                    "brauchen, melden Sie sich bitte bei Ihrer Koordination."
                )
                % {"url": settings.SITE_URL + reverse("intake:link_request")},
                _("Mit freundlichen Grüßen\nIhre Integrationskoordination"),
            ]
        )
    message = EmailMessage(subject, body, case.city.from_email, [case.contact.email])
    return ComposedMail(
        message=message,
        city_id=case.quarter.city_id,
        language=case.contact.preferred_language,
        kind="reminder",
        variables={
            "name": case.contact.name,
            "reference": case.reference,
            "title": case.title,
            "details": line,
            "link": settings.SITE_URL + reverse("intake:link_request"),
        },
    )
