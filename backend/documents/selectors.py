"""Read side of documents: what a case has on file and what is still missing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from backend.cases.models import Case
from backend.common.vocabularies import UploadCategory
from backend.documents.models import CaseDocument
from workflows.states import CaseState


def case_documents(*, case: Case) -> QuerySet[CaseDocument]:
    """The case's documents, newest first (with who uploaded them)."""
    return CaseDocument.objects.filter(case=case).select_related("uploaded_by")


def case_document(*, case: Case, document_id: object) -> CaseDocument | None:
    """One document of the case, or None (also for an id that is no number)."""
    if not str(document_id).isdigit():
        return None
    return case_documents(case=case).filter(pk=int(str(document_id))).first()


@dataclass(frozen=True)
class MissingDocument:
    category: str
    label: str
    why: str  # "change_request" or "program"


def documents_missing(*, case: Case) -> list[MissingDocument]:
    """Categories the office asked for in an open change request and nothing was uploaded
    in since; before the application is sent, also what its programme requires."""
    labels = dict(UploadCategory.choices)
    uploads = list(case.documents.values_list("category", "uploaded_at"))
    missing: dict[str, MissingDocument] = {}
    for request in case.change_requests.filter(resolved=False):
        for slug in request.documents_needed:
            if not any(c == slug and at >= request.created_at for c, at in uploads):
                missing.setdefault(slug, MissingDocument(slug, str(labels[slug]), "change_request"))
    plan = getattr(case, "financing_plan", None)
    program = plan.program if plan is not None else None
    if case.state in (CaseState.IDEA, CaseState.ADVICE) and program is not None:
        present = {category for category, _at in uploads}
        for slug in program.required_documents:
            if slug not in present:
                missing.setdefault(slug, MissingDocument(slug, str(labels[slug]), "program"))
    return list(missing.values())
