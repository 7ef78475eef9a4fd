"""Sending a stored document to someone who may see it: always as a download, never rendered
in the browser (a PDF or image from outside cannot run in our origin)."""

from __future__ import annotations

from django.http import FileResponse

from backend.documents.models import CaseDocument


def document_response(document: CaseDocument) -> FileResponse:
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
