"""Read side of the public pages: who handles an idea, its timeline as the association sees
it, and what each state means for them in plain words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from backend.areas.models import Area, AreaKind, City, district_order
from backend.areas.selectors import districts_responsible_users, offices_of_districts
from backend.cases.forms import IDEA_FIELDS, IdeaSubmissionForm
from backend.cases.models import Case, CaseEvent, ChangeRequest
from backend.cases.selectors import Contact, contact_of
from backend.common.vocabularies import TargetGroup, Topic
from backend.intake.fields import euro
from backend.programs.models import FundingProgram
from workflows.registry import transitions
from workflows.states import CaseState, EventKind


def public_cities() -> list[City]:
    """The cities whose public pages this installation serves, by name."""
    return list(City.objects.order_by("name"))


def city_by_slug(*, slug: str) -> City | None:
    """The city of a public page's address (``/essen/ideen/neu/``), None if unknown."""
    return City.objects.filter(slug=slug).first()


def district_contacts(*, city_id: int | None = None) -> list[tuple[Area, Contact]]:
    """Every district with who would receive a new idea from it (for the form's intro)."""
    districts = Area.objects.filter(kind="district", parent__isnull=True).select_related(
        "city__central_queue"
    )
    if city_id is not None:
        districts = districts.filter(city_id=city_id)
    ordered = list(districts.order_by("city__name", district_order(), "code"))
    users = districts_responsible_users(districts=ordered)
    offices = offices_of_districts(districts=ordered)
    return [
        (district, contact_of(str(users[district.pk]), offices.get(district.pk)))
        for district in ordered
    ]


#: For each state: what it means, and what happens next, addressed to the association.
STATE_TEXTS: dict[str, tuple[Any, Any]] = {
    CaseState.IDEA: (
        _("Ihre Idee ist bei uns angekommen."),
        _(
            "Die Integrationskoordination Ihres Stadtbezirks liest Ihre Idee und meldet sich "
            "bei Ihnen, um einen Termin für ein Beratungsgespräch zu vereinbaren."
        ),
    ),
    CaseState.ADVICE: (
        _("Wir beraten Sie zu Ihrer Idee."),
        _(
            "Gemeinsam mit der Koordination machen Sie aus der Idee einen Antrag. Füllen Sie "
            "unten den Antrag mit dem Finanzierungsplan aus. Sie können ihn als Entwurf "
            "speichern und später weiter bearbeiten. Wenn alles stimmt, senden Sie ihn ab."
        ),
    ),
    CaseState.APPLICATION: (
        _("Ihr Antrag ist eingereicht."),
        _(
            "Die Stadt prüft Ihren Antrag und entscheidet. Wenn etwas fehlt, sehen Sie das "
            "hier als Nachforderung und bekommen eine E-Mail."
        ),
    ),
    CaseState.DECISION: (
        _("Ihr Projekt ist bewilligt."),
        _(
            "Sie können Ihr Projekt umsetzen. Geld rufen Sie hier ab, sobald der Bescheid "
            "bestandskräftig ist. Tragen Sie Ihre Zahlungen in die Belegliste ein. Nach dem "
            "Ende reichen Sie hier den Verwendungsnachweis ein: einen kurzen Bericht und die "
            "Ausgaben je Kostenposition."
        ),
    ),
    CaseState.REPORT: (
        _("Ihr Verwendungsnachweis ist eingereicht."),
        _("Die Stadt prüft Ihren Nachweis. Wenn etwas fehlt, melden wir uns."),
    ),
    CaseState.REPAYMENT: (
        _("Ihr Verwendungsnachweis ist geprüft: ein Teil des Geldes geht zurück."),
        _(
            "Bitte überweisen Sie den Betrag unten mit dem angegebenen Verwendungszweck bis "
            "zum genannten Tag. Wenn das Geld eingegangen ist, schließen wir das Projekt ab."
        ),
    ),
    CaseState.CLOSED: (
        _("Ihr Projekt ist abgeschlossen."),
        _("Vielen Dank für Ihr Engagement. Es ist nichts mehr zu tun."),
    ),
    CaseState.REFERRED: (
        _("Ihre Idee wird nicht über dieses Programm weiterverfolgt."),
        _("Die Begründung und mögliche andere Wege finden Sie unten."),
    ),
    CaseState.REJECTED: (
        _("Ihr Antrag wurde abgelehnt."),
        _("Die Begründung finden Sie unten. Bei Fragen wenden Sie sich an die Koordination."),
    ),
    CaseState.WITHDRAWN: (
        _("Sie haben Ihre Idee zurückgezogen."),
        _("Es ist nichts mehr zu tun. Sie können jederzeit eine neue Idee einreichen."),
    ),
}

_RECORD_TEXTS: dict[str, Any] = {
    "advice_session": _("Beratungsgespräch geführt."),
    "remedy_waiver": _("Sie haben auf Rechtsbehelfe verzichtet."),
    "payout_status": _("Über einen Mittelabruf wurde entschieden."),
    "payout": _("Mittelabruf gestellt."),
    "interim_report": _("Zwischennachweis eingereicht."),
    "change_request": _("Nachforderung beantwortet."),
    "lines": _("Finanzierungsplan gespeichert."),
}


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    text: Any


def status_timeline(*, case: Case) -> list[TimelineEntry]:
    """What happened to the case, as the association may see it: no names, no internal notes,
    no assessments or reassignments."""
    entries: list[TimelineEntry] = []
    for event in CaseEvent.objects.filter(case=case).order_by("created_at", "pk"):
        text = None
        if event.kind == EventKind.CREATED:
            text = _("Idee eingereicht.")
        elif event.kind == EventKind.TRANSITION:
            spec = transitions().get(event.transition)
            text = spec.timeline if spec else None
        elif event.kind == EventKind.RECORD:
            text = next((t for key, t in _RECORD_TEXTS.items() if key in event.payload), None)
        repeated = (
            entries
            and entries[-1].text == text
            and (entries[-1].at.date() == event.created_at.date())
        )
        if text is not None and not repeated:  # five draft saves in a day are one entry
            entries.append(TimelineEntry(event.created_at, text))
    return entries


def submitted_idea(*, case: Case) -> list[tuple[Any, str]]:
    """(label, value) of the idea as it is stored now, in the words of the form the association
    filled in (the coordination may have corrected a typo since)."""
    fields = IdeaSubmissionForm.base_fields
    rows: list[tuple[Any, str]] = []
    for name in IDEA_FIELDS:
        value = getattr(case, name)
        if value in (None, "", []):
            continue
        if name == "quarter":
            text = f"{value.name} ({value.parent.name})"
        elif name == "target_groups":
            text = ", ".join(str(TargetGroup(v).label) for v in value)
        elif name == "topics":
            text = ", ".join(str(Topic(v).label) for v in value)
        elif name == "estimated_cost":
            text = f"{euro(value)}\u00a0€"
        else:
            text = str(value)
        rows.append((fields[name].label, text))
    rows.append((fields["association_name"].label, case.association.name))
    return rows


def quarter_by_id(*, quarter_id: int) -> Area | None:
    """A quarter (Stadtteil) with its district, or None for any other id."""
    return (
        Area.objects.filter(pk=quarter_id, kind=AreaKind.QUARTER).select_related("parent").first()
    )


def case_for_confirmation(*, case_id: Any) -> Case | None:
    """The case just submitted from this browser session (the session holds its id)."""
    if not isinstance(case_id, int):
        return None
    related = ("quarter__parent", "assigned_to", "contact", "city")
    return Case.objects.filter(pk=case_id).select_related(*related).first()


def resend_after_answer(*, case: Case) -> str:
    """What the association must send again after answering change requests: "application"
    (the case is back in advice), "report" (back in decision), or "" (nothing waits on it)."""
    answered = ChangeRequest.objects.filter(case=case, resolved=False, responded_at__isnull=False)
    if case.state == CaseState.ADVICE and answered.filter(for_report=False).exists():
        return "application"
    if case.state == CaseState.DECISION and answered.filter(for_report=True).exists():
        return "report"
    return ""


def open_change_requests(*, case: Case) -> QuerySet[ChangeRequest]:
    """Change requests the association still has to look at (answered ones stay until
    resolved, so they can add to their answer)."""
    return ChangeRequest.objects.filter(case=case, resolved=False).order_by("due_on", "pk")


def programs_for(*, case: Case) -> QuerySet[FundingProgram]:
    """Active funding programmes of the case's city."""
    return FundingProgram.objects.filter(city_id=case.quarter.city_id, active=True)
