"""Mail to the people responsible for a case when something needs them: a new idea, an
answered change request, an application or a report that came in."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from backend.accounts.models import NotificationMode, User
from backend.areas.models import AssignmentRole, CoordinatorAssignment
from backend.cases.models import Case, CaseEvent
from workflows.states import ActorKind, EventKind

#: Transitions the association takes that the coordinator must act on.
INCOMING_TRANSITIONS = {"submit_application", "submit_report"}


def needs_coordinator(event: CaseEvent) -> bool:
    """Does this audit event call for a mail to the case's coordinators?"""
    if event.kind == EventKind.CREATED:
        return True
    if event.kind == EventKind.TRANSITION:
        return event.transition in INCOMING_TRANSITIONS and event.actor_kind == ActorKind.APPLICANT
    return (
        event.kind == EventKind.RECORD
        and event.actor_kind == ActorKind.APPLICANT
        and "change_request" in event.payload
    )


def case_recipients(case: Case) -> list[User]:
    """Who is told: the person the case is assigned to and the district's deputies, active and
    with an address; if none of them has one (a vacant district's case sits in the city's
    central queue, an account without a mailbox), the central office staff of its city."""
    deputies = CoordinatorAssignment.objects.filter(
        district_id=case.quarter.parent_id, role=AssignmentRole.DEPUTY
    ).values_list("user_id", flat=True)
    users = User.objects.filter(is_active=True).exclude(email="")
    found = list(users.filter(pk__in=[case.assigned_to_id, *deputies]).order_by("pk"))
    return found or list(users.filter(is_central_office=True, city_id=case.city_id).order_by("pk"))


def _what(event: CaseEvent) -> str:
    if event.kind == EventKind.CREATED:
        return _("Neue Idee")
    if event.transition == "submit_application":
        return _("Antrag eingegangen")
    if event.transition == "submit_report":
        return _("Verwendungsnachweis eingegangen")
    return _("Nachforderung beantwortet")


def coordinator_mail(*, event_id: int) -> EmailMessage | None:
    """The mail about one event to those of the case's coordinators who want each event at
    once (None if nobody does; the others read it in their digest)."""
    event = CaseEvent.objects.select_related("case__quarter", "case__association").get(pk=event_id)
    case = event.case
    recipients = [
        user
        for user in case_recipients(case)
        if user.notification_mode == NotificationMode.IMMEDIATE
    ]
    if not recipients:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        what = _what(event)
        link = settings.SITE_URL + reverse("workspace:case_detail", args=[case.reference])
        subject = _("[Förderlotse] %(reference)s: %(what)s – %(title)s") % {
            "reference": case.reference,
            "what": what,
            "title": case.title,
        }
        body = "\n\n".join(
            [
                _("%(what)s: „%(title)s“ von %(association)s (%(quarter)s).")
                % {
                    "what": what,
                    "title": case.title,
                    "association": case.association.name,
                    "quarter": case.quarter.name,
                },
                _("Zum Fall: %(link)s") % {"link": link},
                _(
                    "Sie erhalten diese Nachricht, weil Ihnen der Fall zugewiesen ist oder Sie "
                    "den Stadtbezirk vertreten."
                ),
            ]
        )
    return EmailMessage(subject, body, case.city.from_email, [user.email for user in recipients])


def digest_mails(*, since: datetime, until: datetime) -> list[EmailMessage]:
    """One mail per coordinator who chose the daily digest, listing what needed them in
    [since, until) — the window of one run of the periodic task, so runs neither repeat nor
    skip an event."""
    events = (
        CaseEvent.objects.filter(created_at__gte=since, created_at__lt=until)
        .select_related("case__quarter", "case__association")
        .order_by("created_at", "pk")
    )
    by_user: dict[User, list[CaseEvent]] = {}
    for event in events:
        if not needs_coordinator(event):
            continue
        for user in case_recipients(event.case):
            if user.notification_mode == NotificationMode.DIGEST:
                by_user.setdefault(user, []).append(event)
    return [_digest(user, found) for user, found in by_user.items()]


def _digest(user: User, events: list[CaseEvent]) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("%(what)s: %(reference)s „%(title)s“ – %(link)s")
            % {
                "what": _what(event),
                "reference": event.case.reference,
                "title": event.case.title,
                "link": settings.SITE_URL
                + reverse("workspace:case_detail", args=[event.case.reference]),
            }
            for event in events
        ]
        subject = _("[Förderlotse] Ihre Übersicht: %(count)s neue Ereignisse") % {
            "count": len(events)
        }
        body = "\n\n".join(
            [
                _("Guten Morgen,"),
                _("seit gestern ist Folgendes eingegangen:"),
                "\n".join(lines),
                _(
                    "Sie erhalten diese Übersicht einmal am Tag, weil Sie es so eingestellt "
                    "haben (Koordination → Benachrichtigungen)."
                ),
            ]
        )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
