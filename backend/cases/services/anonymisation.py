"""Service: anonymise a finished case when its retention ends, or on an erasure request
(issue #17, docs/data-protection.md).

Personal data are replaced by a placeholder: the idea's free texts, notes, messages, reasons,
payees and bank details, file names (the files themselves are deleted), and, once none of
their cases is left, the contact person and the association. What statistics count stays:
reference, district and quarter, target groups, topics, states, dates, programme and every
amount. The audit trail is changed only by the database function
``cases_caseevent_anonymise`` (migration ``cases.0011``), which re-chains the case's events;
the anonymisation itself is the case's last event, carrying the chain head from before.

Due: closed cases ``RETENTION_CLOSED_YEARS`` after they were closed (the report accepted or
the repayment settled: Belegaufbewahrung), rejected, withdrawn and referred ideas
``RETENTION_UNFUNDED_MONTHS`` after they ended.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.associations.models import Association, ContactPerson
from backend.cases.models import (
    AdviceSession,
    Case,
    CaseEvent,
    ChangeRequest,
    Decision,
    DecisionAmendment,
    InterimReport,
    OverlapAssessment,
    Payout,
    Receipt,
    Repayment,
    Report,
)
from backend.cases.services.links import add_months
from workflows.actors import Actor
from workflows.audit import case_event_record
from workflows.errors import GuardFailed
from workflows.locking import case_bump, case_lock
from workflows.states import CaseState, EventKind

PLACEHOLDER = "[anonymisiert]"
UNFUNDED_STATES = (CaseState.REJECTED, CaseState.WITHDRAWN, CaseState.REFERRED)
FINISHED_STATES = (CaseState.CLOSED, *UNFUNDED_STATES)

#: The idea's free texts that may name people (replaced by the placeholder; "" stays "").
CASE_TEXTS = (
    "challenge",
    "affected",
    "intended_result",
    "first_ideas",
    "next_steps",
    "responsible",
    "participants",
    "overlap_statement",
    "referral_reason",
    "withdrawal_reason",
    "deadline_exception",
)

#: The same for the case's records: (model, path to the case, fields).
RECORD_TEXTS: tuple[tuple[type, str, tuple[str, ...]], ...] = (
    (AdviceSession, "case", ("place", "notes", "next_steps")),
    (ChangeRequest, "case", ("message", "response")),
    (OverlapAssessment, "case", ("note",)),
    (Decision, "case", ("conditions", "reasons")),
    (DecisionAmendment, "decision__case", ("reasons",)),
    (Report, "case", ("narrative",)),
    (InterimReport, "case", ("narrative",)),
    (Receipt, "case", ("payee", "reason")),
    (Payout, "case", ("purpose", "refusal_reason")),
    (Repayment, "case", ("payee", "iban", "reference")),
)


def _finished_at_subquery() -> Subquery:
    return Subquery(
        CaseEvent.objects.filter(case=OuterRef("pk"), to_state=OuterRef("state"))
        .order_by("-id")
        .values("created_at")[:1]
    )


def cases_due_for_anonymisation(*, now: dt.datetime | None = None) -> list[int]:
    """Ids of the finished cases whose retention period has ended, oldest first."""
    now = now or timezone.now()
    closed_before = add_months(now, -12 * settings.RETENTION_CLOSED_YEARS)
    unfunded_before = add_months(now, -settings.RETENTION_UNFUNDED_MONTHS)
    finished = Case.objects.filter(anonymised_at__isnull=True).annotate(
        finished_at=_finished_at_subquery()
    )
    closed = finished.filter(state=CaseState.CLOSED, finished_at__lte=closed_before)
    unfunded = finished.filter(state__in=UNFUNDED_STATES, finished_at__lte=unfunded_before)
    return sorted(closed.values_list("pk", flat=True).union(unfunded.values_list("pk", flat=True)))


def _blank(model: type, case_path: str, fields: tuple[str, ...], case: Case) -> None:
    rows = model.objects.filter(**{case_path: case})  # type: ignore[attr-defined]
    for name in fields:
        rows.exclude(**{name: ""}).update(**{name: PLACEHOLDER})


@transaction.atomic
def case_anonymise(*, case: Case, actor: Actor, reason: str = "retention") -> Case:
    """Anonymise ``case`` (finished cases only; refused with a German reason otherwise)."""
    from backend.documents.models import CaseDocument

    locked = case_lock(case=case)
    if locked.anonymised_at is not None:
        raise GuardFailed(_("Dieser Fall ist bereits anonymisiert."), state=locked.state)
    if locked.state not in FINISHED_STATES:
        raise GuardFailed(
            _("Nur abgeschlossene Fälle können anonymisiert werden."), state=locked.state
        )
    for model, case_path, fields in RECORD_TEXTS:
        _blank(model, case_path, fields, locked)
    Repayment.objects.filter(case=locked).update(bic="")
    documents = list(CaseDocument.objects.filter(case=locked).exclude(file=""))
    for document in documents:
        name, storage = str(document.file.name), document.file.storage
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))  # type: ignore[misc]
    CaseDocument.objects.filter(case=locked).update(original_name=PLACEHOLDER, file="")
    for name in CASE_TEXTS:
        if getattr(locked, name):
            setattr(locked, name, PLACEHOLDER)
    locked.title = _("Anonymisierte Idee %(reference)s") % {"reference": locked.reference}
    locked.overlap_snapshot = {}
    locked.idempotency_key = None
    locked.tracking_token_hash = hashlib.sha256(secrets.token_bytes(32)).hexdigest()
    locked.anonymised_at = timezone.now()
    case_bump(
        locked,
        [
            *CASE_TEXTS,
            "title",
            "overlap_snapshot",
            "idempotency_key",
            "tracking_token_hash",
            "anonymised_at",
        ],
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT cases_caseevent_anonymise(%s)", [locked.pk])
        (head_before,) = cursor.fetchone()
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Personenbezogene Daten anonymisiert"),
        payload={"anonymisation": reason, "chain_head_before": head_before},
    )
    _anonymise_people_without_cases(locked)
    return locked


def _anonymise_people_without_cases(case: Case) -> None:
    """The case's contact and association, once every case of theirs is anonymised."""
    if not Case.objects.filter(contact_id=case.contact_id, anonymised_at__isnull=True).exists():
        contact_anonymise(ContactPerson.objects.get(pk=case.contact_id))
    association = Association.objects.get(pk=case.association_id)
    if not Case.objects.filter(association=association, anonymised_at__isnull=True).exists():
        for contact in ContactPerson.objects.filter(association=association):
            contact_anonymise(contact)
        association_anonymise(association)


def contact_anonymise(contact: ContactPerson) -> None:
    ContactPerson.objects.filter(pk=contact.pk).update(
        name=PLACEHOLDER, email=f"anonymisiert-{contact.pk}@invalid", phone=""
    )


def association_anonymise(association: Association) -> None:
    """Name, register number and street go; legal form, postcode and town stay (statistics)."""
    Association.objects.filter(pk=association.pk).update(
        name=_("Anonymisierter Verein %(id)s") % {"id": association.pk},
        name_key=f"anonymisiert-{association.pk}",
        register_number="",
        street="",
    )


def anonymise_due(*, now: dt.datetime | None = None) -> int:
    """Anonymise every case whose retention ended (the worker's daily task, the command);
    each case in its own transaction. Returns how many."""
    count = 0
    for case_id in cases_due_for_anonymisation(now=now):
        case_anonymise(case=Case.objects.get(pk=case_id), actor=Actor.system())
        count += 1
    return count
