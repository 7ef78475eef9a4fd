"""What may be recorded on a case in each state: one answer for services, pages and docs.

Transitions say for themselves where they start (``workflows.mixin``). Records — things written
to a case without moving it — are listed here with the states that allow them and the sentence
a refusal gives. The services enforce it (``require_recordable``), the pages ask it
(``may_record``) to decide which forms to show, and docs/workflow.md prints the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from workflows.errors import TransitionNotAllowedInState
from workflows.states import OPEN_STATES, CaseState

if TYPE_CHECKING:
    from backend.cases.models import Case


class Record(StrEnum):
    ADVICE_SESSION = "advice_session"
    FINANCING_PLAN = "financing_plan"
    CHANGE_REQUEST_ANSWER = "change_request_answer"
    IDEA_CORRECTION = "idea_correction"
    OVERLAP_ASSESSMENT = "overlap_assessment"
    OVERLAP_CHECK = "overlap_check"
    DOCUMENT_UPLOAD = "document_upload"
    DOCUMENT_DELETE = "document_delete"
    REASSIGNMENT = "reassignment"
    REMEDY_WAIVER = "remedy_waiver"
    PAYOUT_REQUEST = "payout_request"
    PAYOUT_DECISION = "payout_decision"
    INTERIM_REPORT = "interim_report"
    RECEIPTS = "receipts"


#: Before the decision: idea, advice, application.
BEFORE_DECISION = (CaseState.IDEA, CaseState.ADVICE, CaseState.APPLICATION)
ALL_STATES = tuple(CaseState)


@dataclass(frozen=True)
class RecordRule:
    label: Any  # what it is (lazy German), for docs and pages
    states: tuple[CaseState, ...]
    refusal: Any = None  # lazy German sentence for a refusal in another state, if there is one


RULES: dict[Record, RecordRule] = {
    Record.ADVICE_SESSION: RecordRule(
        _("Beratungsgespräch"),
        BEFORE_DECISION,
        _("Beratungsgespräche können nur vor der Entscheidung erfasst werden."),
    ),
    Record.FINANCING_PLAN: RecordRule(
        _("Finanzierungsplan"),
        (CaseState.ADVICE,),
        _("Der Finanzierungsplan kann nur in der Beratungsphase geändert werden."),
    ),
    Record.CHANGE_REQUEST_ANSWER: RecordRule(
        _("Antwort auf eine Nachforderung"),
        OPEN_STATES,
        _("Diese Nachforderung ist bereits erledigt."),
    ),
    Record.IDEA_CORRECTION: RecordRule(
        _("Korrektur der Ideenbeschreibung"),
        BEFORE_DECISION,
        _("Die Idee kann nach der Entscheidung nicht mehr geändert werden."),
    ),
    Record.OVERLAP_ASSESSMENT: RecordRule(_("Bewertung einer Überschneidung"), ALL_STATES),
    Record.OVERLAP_CHECK: RecordRule(
        _("Wiederholte Überschneidungsprüfung"),
        BEFORE_DECISION,
        _("Die Überschneidungsprüfung kann nur vor der Entscheidung wiederholt werden."),
    ),
    Record.DOCUMENT_UPLOAD: RecordRule(
        _("Hochladen eines Dokuments"),
        OPEN_STATES,
        _("Zu einem abgeschlossenen Fall können keine Dokumente mehr hochgeladen werden."),
    ),
    Record.DOCUMENT_DELETE: RecordRule(
        _("Löschen eines hochgeladenen Dokuments"),
        OPEN_STATES,
        _("Die Unterlagen eines abgeschlossenen Falls können nicht mehr gelöscht werden."),
    ),
    Record.REASSIGNMENT: RecordRule(_("Neuzuweisung"), ALL_STATES),
    Record.REMEDY_WAIVER: RecordRule(
        _("Verzicht auf Rechtsbehelfe"),
        (CaseState.DECISION,),
        _(
            "Auf Rechtsbehelfe kann nur gegen einen laufenden Bewilligungsbescheid verzichtet "
            "werden."
        ),
    ),
    Record.PAYOUT_REQUEST: RecordRule(
        _("Mittelabruf"),
        (CaseState.DECISION,),
        _("Mittel können nur abgerufen werden, solange das Projekt läuft."),
    ),
    Record.PAYOUT_DECISION: RecordRule(
        _("Entscheidung über einen Mittelabruf"),
        (CaseState.DECISION,),
        _("Über Mittelabrufe wird nur entschieden, solange das Projekt läuft."),
    ),
    Record.INTERIM_REPORT: RecordRule(
        _("Zwischennachweis"),
        (CaseState.DECISION,),
        _("Ein Zwischennachweis ist nur möglich, solange das Projekt läuft."),
    ),
    Record.RECEIPTS: RecordRule(
        _("Belegliste"),
        (CaseState.DECISION,),
        _("Die Belegliste kann nur bis zum Einreichen des Verwendungsnachweises geändert werden."),
    ),
}


def may_record(record: Record, state: str) -> bool:
    """May ``record`` be written on a case in ``state``?"""
    return state in RULES[record].states


def require_recordable(record: Record, case: Case) -> None:
    """Refuse (409, with the record's own sentence) unless the case's state allows it."""
    if not may_record(record, case.state):
        raise TransitionNotAllowedInState(str(RULES[record].refusal), state=case.state)
