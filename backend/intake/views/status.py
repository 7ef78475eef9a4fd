"""The association's private status page, opened by the long random link from the e-mail.

The token is the only credential: every view looks the case up by it (nothing else from the
request selects a case), acts as ``Actor.applicant(case)``, and answers 404 for a wrong token.
Wrong tokens are counted per address; too many and the address is paused (429).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from backend.cases.models import Case, FinancingPlanLine
from backend.cases.selectors import case_funding, case_get_by_token, coordinator_contact
from backend.cases.services import (
    change_request_answer,
    financing_plan_save,
    status_link_expired,
    status_link_touch,
)
from backend.common import ratelimit
from backend.documents.selectors import case_documents, documents_missing
from backend.intake.funding_forms import (
    InterimReportForm,
    PayoutRequestForm,
    ReceiptForm,
    ReceiptsImportForm,
    RemedyWaiverForm,
)
from backend.intake.selectors import (
    STATE_TEXTS,
    open_change_requests,
    resend_after_answer,
    status_timeline,
    submitted_idea,
)
from backend.intake.status_forms import (
    ApplicationForm,
    BasePlanLineFormSet,
    ChangeRequestAnswerForm,
    PlanLineFormSet,
    ReportForm,
    StatusDocumentForm,
    WithdrawForm,
    plan_line_initial,
)
from workflows.actors import Actor
from workflows.errors import GuardFailed, InvalidPayload, WorkflowError
from workflows.policy import Record, may_record
from workflows.services import allowed_transitions, case_transition, failing_guards, transition_spec
from workflows.settlement import receipts_by_line
from workflows.states import CaseState

View = Callable[..., HttpResponseBase]


def _private(response: HttpResponseBase) -> HttpResponseBase:
    # The token is in the URL: keep it out of search engines. Django's default
    # Referrer-Policy "same-origin" keeps it from other sites; "no-referrer" would make
    # Chromium send "Origin: null" with our own forms, which CSRF protection rightly refuses.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def by_token(view: View) -> View:
    """Resolve ``token`` to the case (404 if wrong, 429 after too many wrong ones)."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponseBase:
        if ratelimit.exceeded(ratelimit.TOKEN_MISS, request):
            return _private(render(request, "intake/too_many.html", status=429))
        case = case_get_by_token(token=token)
        if case is None:
            ratelimit.hit(ratelimit.TOKEN_MISS, request)
            return _private(render(request, "intake/status_not_found.html", status=404))
        if status_link_expired(case):
            context = {"token": token, "anonymised": case.anonymised_at is not None}
            return _private(render(request, "intake/status_expired.html", context, status=410))
        status_link_touch(case)
        return _private(view(request, case, token, **kwargs))

    return never_cache(wrapper)


def _lines(case: Case) -> list[Any]:
    plan = getattr(case, "financing_plan", None)
    return list(plan.lines.all()) if plan else []


def _application_forms(case: Case) -> tuple[ApplicationForm, Any]:
    plan = getattr(case, "financing_plan", None)
    initial = {}
    if plan is not None:
        initial = {
            "program": plan.program_id,
            "own_share": plan.own_share,
            "third_party": plan.third_party,
            "requested_amount": plan.requested_amount,
            "funding_start": plan.funding_start,
            "funding_end": plan.funding_end,
        }
    return (
        ApplicationForm(initial=initial, case=case),
        PlanLineFormSet(initial=plan_line_initial(case), prefix="line"),
    )


def status_page(request: HttpRequest, case: Case, token: str, **forms: Any) -> HttpResponse:
    """The status page; a failed post passes its bound form (and ``status``) to show."""
    case.refresh_from_db()
    actor = Actor.applicant(case)
    may = {spec.name for spec in allowed_transitions(case=case, actor=actor)}
    context: dict[str, Any] = {
        "case": case,
        "token": token,
        "state_text": STATE_TEXTS.get(case.state),
        "contact": coordinator_contact(case),
        "timeline": status_timeline(case=case),
        "change_requests": _answer_forms(request, case, forms.pop("answer_form", None)),
        "may_withdraw": "withdraw" in may,
        "resend": resend_after_answer(case=case),
        "submitted": submitted_idea(case=case),
        "status": forms.pop("status", 200),
        **forms,
    }
    if may_record(Record.FINANCING_PLAN, case.state):
        if "application_form" not in forms:
            context["application_form"], context["line_formset"] = _application_forms(case)
        context["missing"] = failing_guards(case, transition_spec("submit_application"))
    _funding_context(case, may, forms, context)
    if may_record(Record.DOCUMENT_UPLOAD, case.state) and "document_form" not in forms:
        context["document_form"] = StatusDocumentForm(auto_id="doc-%s")
    context["documents"] = list(case_documents(case=case))
    context["missing_documents"] = documents_missing(case=case)
    context["may_delete_documents"] = may_record(Record.DOCUMENT_DELETE, case.state)
    context["decision"] = getattr(case, "decision", None)
    context["plan"] = getattr(case, "financing_plan", None)
    context["report"] = getattr(case, "report", None)
    return render(request, "intake/status.html", context, status=context.pop("status"))


def _funding_context(
    case: Case, may: set[str], forms: dict[str, Any], context: dict[str, Any]
) -> None:
    """What the status page shows and offers after the approval: the decision's finality,
    payouts, interim reports, the Belegliste, the report (once the period has ended)."""
    funding = case_funding(case=case)
    context["funding"] = funding
    if funding.decision is None:
        return
    offers = {
        "waiver_form": may_record(Record.REMEDY_WAIVER, case.state) and not funding.final,
        "payout_form": may_record(Record.PAYOUT_REQUEST, case.state)
        and funding.final
        and funding.available > 0,
        "interim_form": may_record(Record.INTERIM_REPORT, case.state)
        and funding.started
        and bool(funding.interim_open_years),
        "receipt_form": may_record(Record.RECEIPTS, case.state) and funding.started,
        "import_form": may_record(Record.RECEIPTS, case.state) and funding.started,
        "report_form": "submit_report" in may and funding.ended,
    }
    makers = {
        "waiver_form": lambda: RemedyWaiverForm(auto_id="waiver-%s"),
        "payout_form": lambda: PayoutRequestForm(auto_id="payout-%s"),
        "interim_form": lambda: InterimReportForm(
            years=funding.interim_open_years, auto_id="interim-%s"
        ),
        "receipt_form": lambda: ReceiptForm(lines=plan_lines(case), auto_id="receipt-%s"),
        "import_form": lambda: ReceiptsImportForm(auto_id="receipts-%s"),
        "report_form": lambda: ReportForm(
            lines=_lines(case), simple=funding_simple(case), initial=_report_initial(case)
        ),
    }
    for key, offered in offers.items():
        if offered and key not in forms:
            context[key] = makers[key]()
    context["report_waits"] = "submit_report" in may and not funding.ended


def plan_lines(case: Case) -> QuerySet[FinancingPlanLine]:
    return FinancingPlanLine.objects.filter(plan__case=case)


def funding_simple(case: Case) -> bool:
    return bool(case.program and case.program.simple_report)


def _answer_forms(
    request: HttpRequest, case: Case, bound: ChangeRequestAnswerForm | None
) -> list[tuple[Any, ChangeRequestAnswerForm]]:
    """Each open change request with its answer form; a posted form with errors in its place."""
    result, shown = [], False
    for change_request in open_change_requests(case=case):
        form = ChangeRequestAnswerForm(
            initial={"change_request": change_request.pk, "response": change_request.response},
            auto_id=f"cr{change_request.pk}-%s",
        )
        if bound is not None and bound.data.get("change_request") == str(change_request.pk):
            form, shown = bound, True
        result.append((change_request, form))
    if bound is not None and not shown:  # not one of this case's open requests
        for message in bound.non_field_errors() or [_("Diese Nachforderung gibt es nicht.")]:
            messages.error(request, str(message))
    return result


#: After an answer, the association must send its application or report again: say so.
ANSWERED_RESEND_APPLICATION = gettext_noop(
    "Danke! Ihre Antwort ist gespeichert. Nächster Schritt: Prüfen Sie unten Ihren Antrag und "
    "senden Sie ihn erneut ab – erst dann sieht die Koordination ihn wieder."
)
ANSWERED_RESEND_REPORT = gettext_noop(
    "Danke! Ihre Antwort ist gespeichert. Nächster Schritt: Prüfen Sie unten Ihren "
    "Verwendungsnachweis und senden Sie ihn erneut ab – erst dann sieht die Koordination ihn "
    "wieder."
)


@by_token
@require_http_methods(["GET"])
def status(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    return status_page(request, case, token)


@by_token
@require_POST
def status_answer(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """Answer one open change request (Nachforderung) of this case."""
    posted_id = request.POST.get("change_request", "")
    auto_id = f"cr{posted_id}-%s" if posted_id.isdigit() else "cr-%s"
    form = ChangeRequestAnswerForm(request.POST, auto_id=auto_id)
    if form.is_valid():
        try:
            change_request_answer(
                case=case,
                actor=Actor.applicant(case),
                change_request_id=form.cleaned_data["change_request"],
                response=form.cleaned_data["response"],
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            resend = resend_after_answer(case=case)
            if resend == "application":
                messages.success(request, _(ANSWERED_RESEND_APPLICATION))
            elif resend == "report":
                messages.success(request, _(ANSWERED_RESEND_REPORT))
            else:
                messages.success(request, _("Danke! Ihre Antwort ist gespeichert."))
            return redirect("intake:status", token=token)
    return status_page(request, case, token, answer_form=form, status=400)


@by_token
@require_POST
def status_application(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """Save the application as a draft, or save and submit it."""
    if case.state == CaseState.APPLICATION and request.POST.get("action") == "submit":
        # Sent twice (a double click, the back button): the first one went through.
        messages.info(request, _("Ihr Antrag ist bereits eingereicht."))
        return redirect("intake:status", token=token)
    form = ApplicationForm(request.POST, case=case)
    lines = cast(BasePlanLineFormSet, PlanLineFormSet(request.POST, prefix="line"))
    forms: dict[str, Any] = {"application_form": form, "line_formset": lines, "status": 400}
    if not (form.is_valid() and lines.is_valid()):
        return status_page(request, case, token, **forms)
    data = form.cleaned_data
    try:
        financing_plan_save(
            case=case,
            actor=Actor.applicant(case),
            program=data["program"],
            financing_type=getattr(getattr(case, "financing_plan", None), "financing_type", "")
            or "fehlbedarf",
            own_share=data["own_share"],
            third_party=data["third_party"],
            requested_amount=data["requested_amount"],
            funding_start=data["funding_start"],
            funding_end=data["funding_end"],
            lines=lines.lines(),
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return status_page(request, case, token, **forms)
    except WorkflowError as error:
        form.add_error(None, error.message)
        return status_page(request, case, token, **forms)
    if request.POST.get("action") != "submit":
        messages.success(request, _("Ihr Entwurf ist gespeichert."))
        return redirect("intake:status", token=token)
    case.refresh_from_db()
    try:
        case_transition(case=case, name="submit_application", actor=Actor.applicant(case))
    except GuardFailed as error:
        forms["guard_errors"] = [g["message"] for g in error.extra.get("guards", [])]
        forms["application_form"], forms["line_formset"] = _application_forms(case)
        return status_page(request, case, token, **forms)
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect("intake:status", token=token)
    messages.success(request, _("Ihr Antrag ist eingereicht. Wir melden uns bei Ihnen."))
    return redirect("intake:status", token=token)


@by_token
@require_POST
def status_report(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """Submit the Verwendungsnachweis."""
    if case.state == CaseState.REPORT:
        # Sent twice (a double click, the back button): the first one went through.
        messages.info(request, _("Ihr Verwendungsnachweis ist bereits eingereicht."))
        return redirect("intake:status", token=token)
    form = ReportForm(request.POST, lines=_lines(case), simple=funding_simple(case))
    if form.is_valid():
        data = form.payload()
        try:
            case_transition(case=case, name="submit_report", actor=Actor.applicant(case), data=data)
        except InvalidPayload as error:
            for messages_ in error.errors.values():
                form.add_error(None, messages_)
        except WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Ihr Verwendungsnachweis ist eingereicht. Vielen Dank!"))
            return redirect("intake:status", token=token)
    return status_page(request, case, token, report_form=form, status=400)


@by_token
@require_http_methods(["GET", "POST"])
def status_withdraw(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """Ask "are you sure?", then withdraw the idea or application."""
    actor = Actor.applicant(case)
    if "withdraw" not in {spec.name for spec in allowed_transitions(case=case, actor=actor)}:
        messages.error(request, _("Diese Idee kann nicht mehr zurückgezogen werden."))
        return redirect("intake:status", token=token)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            case_transition(
                case=case,
                name="withdraw",
                actor=actor,
                data={"reason": form.cleaned_data["reason"]},
            )
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Ihre Idee ist zurückgezogen."))
        return redirect("intake:status", token=token)
    context = {"case": case, "token": token, "form": form}
    return render(request, "intake/withdraw.html", context, status=400 if form.errors else 200)


def _report_initial(case: Case) -> dict[str, Any]:
    """A report sent back for changes (request_report_changes): the form starts from what was
    sent, so the association corrects it instead of typing it all again. A first report
    starts from the Belegliste's sums per line and the planned income."""
    report = getattr(case, "report", None)
    if report is None:
        plan = getattr(case, "financing_plan", None)
        initial: dict[str, Any] = {}
        if plan is not None:
            initial = {"own_share_actual": plan.own_share, "third_party_actual": plan.third_party}
        for line_id, total in receipts_by_line(case).items():
            initial[f"spent_{line_id}"] = total
        return initial
    initial = {
        "narrative": report.narrative,
        "own_share_actual": report.own_share_actual,
        "third_party_actual": report.third_party_actual,
        "spent_total": report.spent_total,
    }
    for line_id, amount in (report.spent_by_line or {}).items():
        try:
            initial[f"spent_{int(line_id)}"] = Decimal(amount)
        except (ValueError, ArithmeticError):
            continue
    return initial
