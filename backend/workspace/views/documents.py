"""Documents on the case page: upload, download, delete (coordinators of the case's district
and the central office; another district's coordinator gets 403 as for the case itself)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backend.cases.models import Case
from backend.documents import selectors as document_selectors
from backend.documents.forms import DocumentUploadForm
from backend.documents.models import CaseDocument
from backend.documents.responses import document_response
from backend.documents.services import document_delete, document_upload
from backend.workspace.forms import dress_form
from backend.workspace.views.access import case_or_404, coordinator_required, posted_version
from backend.workspace.views.case_page import Bound, Problem, render_case
from workflows import errors
from workflows.actors import Actor


def _documents_url(case: Case) -> str:
    return f"{reverse('workspace:case_detail', args=[case.reference])}#unterlagen"


@require_POST
@coordinator_required
def case_document_upload(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    form = dress_form(DocumentUploadForm(request.POST, request.FILES), id_prefix="doc")
    bound = Bound("document", form)
    version = posted_version(request)
    if version is None:
        problem = Problem(_("Die Seite war unvollständig. Bitte laden Sie den Fall neu."))
        return render_case(request, case, bound=bound, problem=problem, status=400)
    if not form.is_valid():
        return render_case(request, case, bound=bound, status=400)
    upload = form.cleaned_data["file"]
    try:
        document = document_upload(
            case=case,
            actor=Actor.for_user(request.user),
            category=form.cleaned_data["category"],
            name=upload.name,
            stream=upload,
            size=upload.size,
            expected_version=version,
        )
    except errors.Forbidden:
        raise PermissionDenied from None
    except errors.WorkflowError as error:
        fresh = case_or_404(request, reference)
        return render_case(request, fresh, bound=bound, problem=Problem(error.message), status=409)
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return render_case(request, case, bound=bound, status=400)
    messages.success(request, _("„%(name)s“ ist hochgeladen.") % {"name": document.original_name})
    return redirect(_documents_url(case))


@require_GET
@coordinator_required
def case_document(request: HttpRequest, reference: str, document_id: str) -> HttpResponseBase:
    case = case_or_404(request, reference)
    document = case_document_of(case, document_id)
    return document_response(document)


@require_POST
@coordinator_required
def case_document_delete(request: HttpRequest, reference: str, document_id: str) -> HttpResponse:
    case = case_or_404(request, reference)
    document = case_document_of(case, document_id)
    try:
        document_delete(
            document=document,
            actor=Actor.for_user(request.user),
            expected_version=posted_version(request),
        )
    except errors.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("„%(name)s“ ist gelöscht.") % {"name": document.original_name})
    return redirect(_documents_url(case))


def case_document_of(case: Case, document_id: str) -> CaseDocument:
    document = document_selectors.case_document(case=case, document_id=document_id)
    if document is None:
        raise Http404
    return document
