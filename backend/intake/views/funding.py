"""Posts of the status page after the decision: the association waives its remedies, asks for
a payout, sends an interim report, keeps its Belegliste. Each calls one service and answers
with a redirect, or the status page with the failed form open and the reason shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.cases.models import Case
from backend.cases.services import (
    interim_report_submit,
    payout_request,
    receipt_add,
    receipt_delete,
    receipts_import,
    remedy_waive,
)
from backend.intake.funding_forms import (
    InterimReportForm,
    PayoutRequestForm,
    ReceiptForm,
    ReceiptsImportForm,
    RemedyWaiverForm,
)
from backend.intake.views.status import by_token, plan_lines, status_page
from workflows.actors import Actor
from workflows.errors import WorkflowError


def _back(token: str, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('intake:status', kwargs={'token': token})}#{anchor}")


def _run(
    request: HttpRequest,
    case: Case,
    token: str,
    *,
    form: Any,
    key: str,
    action: Callable[[], object],
    success: str,
    anchor: str,
) -> HttpResponse:
    """Validate, run the service, say what happened; a refusal shows inline (400/409)."""
    status = 400
    if form.is_valid():
        try:
            action()
        except WorkflowError as error:
            form.add_error(None, error.message)
            status = 409
        except ValidationError as error:
            for field, field_errors in getattr(error, "message_dict", {"": error.messages}).items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(request, success)
            return _back(token, anchor)
    return status_page(request, case, token, **{key: form, "status": status})


@by_token
@require_POST
def status_waiver(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """Rechtsbehelfsverzicht: the decision becomes final at once."""
    form = RemedyWaiverForm(request.POST, auto_id="waiver-%s")
    return _run(
        request,
        case,
        token,
        form=form,
        key="waiver_form",
        anchor="auszahlung",
        action=lambda: remedy_waive(case=case, actor=Actor.applicant(case)),
        success=_("Ihr Verzicht ist gespeichert. Der Bescheid ist jetzt bestandskräftig."),
    )


@by_token
@require_POST
def status_payout(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """Mittelabruf."""
    form = PayoutRequestForm(request.POST, auto_id="payout-%s")
    return _run(
        request,
        case,
        token,
        form=form,
        key="payout_form",
        anchor="auszahlung",
        action=lambda: payout_request(case=case, actor=Actor.applicant(case), **form.cleaned_data),
        success=_("Ihr Mittelabruf ist eingegangen. Die Koordination prüft ihn."),
    )


def interim_years(case: Case) -> list[int]:
    from backend.cases.selectors import case_funding

    return case_funding(case=case).interim_open_years


@by_token
@require_POST
def status_interim(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """Zwischennachweis."""
    form = InterimReportForm(request.POST, years=interim_years(case), auto_id="interim-%s")
    return _run(
        request,
        case,
        token,
        form=form,
        key="interim_form",
        anchor="zwischennachweis",
        action=lambda: interim_report_submit(
            case=case, actor=Actor.applicant(case), **form.cleaned_data
        ),
        success=_("Ihr Zwischennachweis ist eingereicht. Vielen Dank!"),
    )


@by_token
@require_POST
def status_receipt(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """Add one receipt to the Belegliste."""
    form = ReceiptForm(request.POST, lines=plan_lines(case), auto_id="receipt-%s")

    def add() -> object:
        data = form.cleaned_data
        return receipt_add(
            case=case,
            actor=Actor.applicant(case),
            line_id=data["line"].pk,
            paid_on=data["paid_on"],
            payee=data["payee"],
            reason=data["reason"],
            amount=data["amount"],
        )

    return _run(
        request,
        case,
        token,
        form=form,
        key="receipt_form",
        anchor="belegliste",
        action=add,
        success=_("Der Beleg ist gespeichert."),
    )


@by_token
@require_POST
def status_receipts_import(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """Replace the Belegliste with a CSV file."""
    form = ReceiptsImportForm(request.POST, request.FILES, auto_id="receipts-%s")

    def load() -> object:
        return receipts_import(
            case=case, actor=Actor.applicant(case), content=form.cleaned_data["file"].read()
        )

    return _run(
        request,
        case,
        token,
        form=form,
        key="import_form",
        anchor="belegliste",
        action=load,
        success=_("Die Belegliste ist eingelesen."),
    )


@by_token
@require_POST
def status_receipt_delete(
    request: HttpRequest, case: Case, token: str, receipt_id: int
) -> HttpResponse:
    """Take one receipt off the Belegliste."""
    try:
        receipt_delete(case=case, actor=Actor.applicant(case), receipt_id=receipt_id)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Der Beleg ist gelöscht."))
    return _back(token, "belegliste")
