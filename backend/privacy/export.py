"""Access requests (Art. 15 DSGVO; issue #17): everything stored about an association or one
of its contact people, as JSON plus the documents, in one zip.

Every stored field of every model that holds their data is exported (a test compares the
export with the models' fields), except the technical secrets in ``EXCLUDED``: the hash of
the status token and the submission's idempotency key say nothing about a person and would
only help an attacker. The association's own download from its status page
(``case_export_for_applicant``) leaves out what coordinators write for themselves (advice
notes, overlap assessments, the audit trail's comments), as the status page does.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.text import get_valid_filename

from backend.associations.models import Association, ContactPerson
from backend.cases.models import (
    AdviceSession,
    BudgetBooking,
    Case,
    CaseEvent,
    ChangeRequest,
    Decision,
    DecisionAmendment,
    FinancingPlan,
    FinancingPlanLine,
    InterimReport,
    OverlapAssessment,
    Payout,
    Receipt,
    Repayment,
    Report,
)
from backend.cases.selectors import cases_visible_to, contacts_visible_to
from backend.conferences.models import ConferenceTopic, Cooperation, TopicPerson
from backend.documents.models import CaseDocument
from backend.offerings.models import CatalogueConsent

#: (model, field) never exported: secrets, not personal data.
EXCLUDED = {
    (Case, "tracking_token_hash"),
    (Case, "idempotency_key"),
    # Derived from the texts for the indexes (search, overlap); the texts are in the export.
    (Case, "search_text"),
    (Case, "search_vector"),
}

#: Records coordinators keep for themselves: not in the association's own download.
INTERNAL = (AdviceSession, OverlapAssessment, CaseEvent, TopicPerson)  # people: not theirs

#: A case's records: (key in the export, model, path from the record to the case, many).
CASE_RECORDS: tuple[tuple[str, type[models.Model], str, bool], ...] = (
    ("advice_sessions", AdviceSession, "case", True),
    ("change_requests", ChangeRequest, "case", True),
    ("overlap_assessments", OverlapAssessment, "case", True),
    ("financing_plan", FinancingPlan, "case", False),
    ("financing_plan_lines", FinancingPlanLine, "plan__case", True),
    ("decision", Decision, "case", False),
    ("decision_amendments", DecisionAmendment, "decision__case", True),
    ("budget_bookings", BudgetBooking, "decision__case", True),
    ("report", Report, "case", False),
    ("interim_reports", InterimReport, "case", True),
    ("receipts", Receipt, "case", True),
    ("payouts", Payout, "case", True),
    ("repayment", Repayment, "case", False),
    ("documents", CaseDocument, "case", True),
    ("events", CaseEvent, "case", True),
    ("conference_topic", ConferenceTopic, "case", False),
    ("conference_topic_people", TopicPerson, "topic__case", True),
    ("cooperations_asked", Cooperation, "requester", True),
    ("cooperations_offered", Cooperation, "partner_case", True),
    ("catalogue_consent", CatalogueConsent, "case", False),
)


def record_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The stored fields of ``model`` that an export contains."""
    return [field for field in model._meta.concrete_fields if (model, field.name) not in EXCLUDED]


def _row(obj: models.Model) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in record_fields(type(obj)):
        value = field.value_from_object(obj)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        row[field.attname] = value
    return row


def _document_path(case: Case, document: CaseDocument) -> str:
    name = get_valid_filename(document.original_name) or "dokument"
    return f"dokumente/{case.reference}/{document.pk}-{name}"


def _case(case: Case, *, internal: bool) -> dict[str, Any]:
    data = _row(case)
    for key, model, path, many in CASE_RECORDS:
        if not internal and model in INTERNAL:
            continue
        rows = model.objects.filter(**{path: case}).order_by("pk")  # type: ignore[attr-defined]
        exported = [_row(obj) for obj in rows]
        if model is CaseDocument:
            for entry, document in zip(exported, rows, strict=True):
                entry["file_in_export"] = _document_path(case, document) if document.file else ""
        data[key] = exported if many else (exported[0] if exported else None)
    return data


def _zip(data: dict[str, Any], cases: Iterable[Case]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "daten.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        for case in cases:
            for document in CaseDocument.objects.filter(case=case).exclude(file="").order_by("pk"):
                with document.file.open("rb") as stream:
                    archive.writestr(_document_path(case, document), stream.read())
    return buffer.getvalue()


def association_export(association: Association, *, user: Any) -> bytes:
    """Everything about the association, its contacts and their cases that ``user`` may see
    (zip): a city answers for its own cases (issue #24); an association working in two cities
    asks each. The contacts are those ``contacts_visible_to`` ``user``."""
    cases = list(cases_visible_to(user=user).filter(association=association).order_by("pk"))
    contacts = contacts_visible_to(user=user).filter(association=association).order_by("pk")

    data = {
        "exported_at": timezone.now(),
        "association": _row(association),
        "contacts": [_row(c) for c in contacts],
        "cases": [_case(case, internal=True) for case in cases],
    }
    return _zip(data, cases)


def contact_export(contact: ContactPerson, *, user: Any) -> bytes:
    """Everything about one contact person: them, their association and their cases that
    ``user`` may see (zip; a city answers for its own cases)."""
    cases = list(cases_visible_to(user=user).filter(contact=contact).order_by("pk"))
    data = {
        "exported_at": timezone.now(),
        "association": _row(contact.association),
        "contacts": [_row(contact)],
        "cases": [_case(case, internal=True) for case in cases],
    }
    return _zip(data, cases)


def case_export_for_applicant(case: Case) -> bytes:
    """The association's own download from its status page: the case as they see it."""
    data = {
        "exported_at": timezone.now(),
        "association": _row(case.association),
        "contacts": [_row(case.contact)],
        "cases": [_case(case, internal=False)],
    }
    return _zip(data, [case])
