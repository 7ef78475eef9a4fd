"""The states of a case. Keys are stable API values; labels are German."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    IDEA = "idea", _("Idee eingereicht")
    ADVICE = "advice", _("In Beratung")
    APPLICATION = "application", _("Antrag gestellt")
    DECISION = "decision", _("Bewilligt, Projekt läuft")
    REPORT = "report", _("Verwendungsnachweis eingereicht")
    REPAYMENT = "repayment", _("Rückzahlung offen")
    CLOSED = "closed", _("Abgeschlossen")
    REFERRED = "referred", _("Weitervermittelt / nicht weiterverfolgt")
    REJECTED = "rejected", _("Abgelehnt")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


#: States in which a case is still "open" (not finished one way or another).
OPEN_STATES = (
    CaseState.IDEA,
    CaseState.ADVICE,
    CaseState.APPLICATION,
    CaseState.DECISION,
    CaseState.REPORT,
    CaseState.REPAYMENT,
)


# Who wrote an audit event, and what kind of event it is (``workflows.audit``).


class ActorKind(models.TextChoices):
    USER = "user", _("Mitarbeiter*in")
    APPLICANT = "applicant", _("Antragsteller*in über den Statuslink")
    SYSTEM = "system", _("System")


class EventKind(models.TextChoices):
    CREATED = "created", _("eingereicht")
    TRANSITION = "transition", _("Statuswechsel")
    RECORD = "record", _("Eintrag")
    ASSESSMENT = "assessment", _("Bewertung einer Überschneidung")
    REASSIGNED = "reassigned", _("neu zugewiesen")
    OVERLAP_CHECK = "overlap_check", _("Überschneidungsprüfung wiederholt")
    DOCUMENT = "document", _("Dokument")
    REMINDER = "reminder", _("Erinnerung")
