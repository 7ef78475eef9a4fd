"""Documents on the association's status page: upload, download and delete its own.

Like every status view, the case comes from the token only (``by_token``); a document id
from the URL is looked up among that case's documents, so another case's file is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backend.cases.models import Case
from backend.documents.responses import document_response
from backend.documents.selectors import case_document
from backend.documents.services import document_delete, document_upload
from backend.intake.status_forms import StatusDocumentForm
from backend.intake.views.status import by_token, status_page
from workflows.actors import Actor
from workflows.errors import WorkflowError


@by_token
@require_POST
def status_document_upload(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    form = StatusDocumentForm(request.POST, request.FILES, auto_id="doc-%s")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = document_upload(
                case=case,
                actor=Actor.applicant(case),
                category=form.cleaned_data["category"],
                name=upload.name,
                stream=upload,
                size=upload.size,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        except WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("„%(name)s“ ist hochgeladen. Die Koordination sieht es in Ihrer Akte.")
                % {"name": document.original_name},
            )
            return redirect(f"{_status_url(token)}#unterlagen")
    return status_page(request, case, token, document_form=form, status=400)


@by_token
@require_GET
def status_document(
    request: HttpRequest, case: Case, token: str, document_id: str
) -> HttpResponseBase:
    document = case_document(case=case, document_id=document_id)
    if document is None:
        raise Http404
    return document_response(document)


@by_token
@require_POST
def status_document_delete(
    request: HttpRequest, case: Case, token: str, document_id: str
) -> HttpResponse:
    document = case_document(case=case, document_id=document_id)
    if document is None:
        raise Http404
    try:
        document_delete(document=document, actor=Actor.applicant(case))
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("„%(name)s“ ist gelöscht.") % {"name": document.original_name})
    return redirect(f"{_status_url(token)}#unterlagen")


def _status_url(token: str) -> str:
    return reverse("intake:status", kwargs={"token": token})


@by_token
@require_GET
def status_data(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """The association downloads its own data of this case (Art. 15 DSGVO): JSON + documents."""
    from backend.privacy.export import case_export_for_applicant

    response = HttpResponse(case_export_for_applicant(case), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="daten-{case.reference}.zip"'
    return response
