"""Write side of letters: render one and file it with the case (``documents.document_issue``)."""

from __future__ import annotations

from backend.cases.models import Case
from backend.documents.models import CaseDocument
from backend.documents.services import document_issue
from backend.letters.render import LetterKind, letter_pdf
from workflows.actors import Actor


def letter_issue(*, case: Case, kind: LetterKind, actor: Actor) -> CaseDocument:
    """Render ``kind`` for the case and file it as an immutable Bescheid document."""
    content = letter_pdf(case, kind)
    return document_issue(
        case=case,
        actor=actor,
        name=f"{kind.file_stem}-{case.reference}.pdf",
        content=content,
        content_type="application/pdf",
    )
