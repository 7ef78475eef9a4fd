"""The case page and the posts it makes: transitions, advice sessions, financing plan,
reassignment. Each post answers with a redirect on success (post/redirect/get) or re-renders
the case page with the failed form open, the input kept and the reasons shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backend.accounts.roles import is_central_office
from backend.cases.models import Case
from backend.cases.services import (
    advice_session_record,
    case_overlap_refresh,
    case_reassign,
    financing_plan_save,
    overlap_assessment_record,
    payout_decide,
    status_link_renew,
)
from backend.workspace import selectors
from backend.workspace.forms import AdviceSessionForm, AssessmentForm, ReassignForm, dress_form
from backend.workspace.views.access import case_or_404, coordinator_required, posted_version
from backend.workspace.views.case_page import Bound, Problem, plan_forms, render_case
from workflows import errors
from workflows.actors import Actor
from workflows.registry import transitions
from workflows.services import allowed_transitions, case_transition


def _stale_problem() -> Problem:
    return Problem(
        _(
            "Der Fall wurde inzwischen geändert. Ihre Eingaben sind erhalten: bitte prüfen "
            "Sie den aktuellen Stand und senden Sie das Formular erneut."
        )
    )


def _bad_version_problem() -> Problem:
    return Problem(_("Die Seite war unvollständig. Bitte laden Sie den Fall neu."))


def _reload(request: HttpRequest, case: Case) -> Case:
    return case_or_404(request, case.reference)


@require_GET
@coordinator_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return render_case(request, case_or_404(request, reference))


def _transition_data(request: HttpRequest, name: str, case: Case) -> tuple[dict[str, Any], dict]:
    data: dict[str, Any] = {key: request.POST.get(key) for key in request.POST}
    spent: dict[str, str] = {}
    if name == "submit_report":
        plan = getattr(case, "financing_plan", None)
        for line in plan.lines.all() if plan else []:
            spent[str(line.pk)] = request.POST.get(f"spent-{line.pk}", "").strip()
        data["spent"] = {key: value for key, value in spent.items() if value}
    return data, spent


@require_http_methods(["GET", "POST"])
@coordinator_required
def case_transition_view(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    """GET opens the transition's form on the case page; POST runs it."""
    case = case_or_404(request, reference)
    spec = transitions().get(name)
    if spec is None:
        raise Http404
    actor = Actor.for_user(request.user)
    if request.method == "GET":
        if spec not in allowed_transitions(case=case, actor=actor):
            return redirect("workspace:case_detail", reference=case.reference)
        return render_case(request, case, open_transition=name)
    data, spent = _transition_data(request, name, case)

    def failed(problem: Problem | None, status: int, *, validate: bool = False) -> HttpResponse:
        fresh = _reload(request, case)
        form = spec.form(data, case=fresh, actor=actor)
        if validate:
            form.is_valid()
        bound = Bound("transition", form, transition=name, spent=spent)
        return render_case(request, fresh, bound=bound, problem=problem, status=status)

    version = posted_version(request)
    if version is None:
        return failed(_bad_version_problem(), 400)
    try:
        moved = case_transition(
            case=case, name=name, actor=actor, data=data, expected_version=version
        )
    except errors.Forbidden:
        raise PermissionDenied from None
    except errors.InvalidPayload:
        return failed(None, 400, validate=True)
    except errors.WorkflowError as exc:
        return failed(_transition_problem(exc), 409)
    messages.success(
        request,
        _("„%(label)s“ ist erledigt. Neuer Status: %(state)s.")
        % {"label": spec.label, "state": moved.get_state_display()},
    )
    return redirect("workspace:case_detail", reference=case.reference)


def _transition_problem(exc: errors.WorkflowError) -> Problem:
    """What a refused transition shows above its form (stale page, guards, wrong state)."""
    if isinstance(exc, errors.StaleCase):
        return _stale_problem()
    if isinstance(exc, errors.GuardFailed):
        details = [g["message"] for g in exc.extra.get("guards", [])]
        return Problem(_("Das geht noch nicht:") if details else exc.message, details)
    return Problem(exc.message)  # not allowed in this state


def _add_service_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, field_errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, exc.messages)


def _record_failed(
    request: HttpRequest, case: Case, bound: Bound, problem: Problem | None, status: int
) -> HttpResponse:
    """The case page again, with the record's form open, its input kept and the problem shown."""
    fresh = _reload(request, case)
    return render_case(request, fresh, bound=bound, problem=problem, status=status)


def _record_save(
    request: HttpRequest,
    case: Case,
    *,
    bound: Bound,
    valid: bool,
    action: Callable[[int], object],
    success: Callable[[], str],
) -> HttpResponse:
    """The shared tail of the record views (advice session, plan, reassignment, assessment):
    check the posted version is well-formed, run the service with it (the service refuses a
    stale one under its lock), show refusals inline."""
    version = posted_version(request)
    if version is None:
        return _record_failed(request, case, bound, _bad_version_problem(), 400)
    if not valid:
        return _record_failed(request, case, bound, None, 400)
    try:
        action(version)
    except errors.Forbidden:
        raise PermissionDenied from None
    except errors.StaleCase:
        return _record_failed(request, case, bound, _stale_problem(), 409)
    except errors.WorkflowError as exc:
        return _record_failed(request, case, bound, Problem(exc.message), 409)
    except ValidationError as exc:
        _add_service_errors(bound.form, exc)
        return _record_failed(request, case, bound, None, 400)
    messages.success(request, success())
    return redirect("workspace:case_detail", reference=case.reference)


@require_POST
@coordinator_required
def advice_session_create(request: HttpRequest, reference: str) -> HttpResponse:
    """Record an advice session (Beratungsgespräch)."""
    case = case_or_404(request, reference)
    form = dress_form(AdviceSessionForm(request.POST), id_prefix="advice")
    return _record_save(
        request,
        case,
        bound=Bound("advice", form),
        valid=form.is_valid(),
        action=lambda version: advice_session_record(
            case=case,
            actor=Actor.for_user(request.user),
            expected_version=version,
            **form.cleaned_data,
        ),
        success=lambda: _("Das Beratungsgespräch ist gespeichert."),
    )


@require_POST
@coordinator_required
def financing_plan_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """Save the financing plan with its cost lines (added, changed or removed)."""
    case = case_or_404(request, reference)
    form, formset = plan_forms(case, request.POST)
    valid = form.is_valid() & formset.is_valid()  # both, so every error shows at once

    def save(version: int) -> object:
        lines = [
            {"label": line["label"], "amount": line["amount"]}
            for line in formset.cleaned_data
            if line and not line.get("DELETE")
        ]
        return financing_plan_save(
            case=case,
            actor=Actor.for_user(request.user),
            lines=lines,
            expected_version=version,
            **form.cleaned_data,
        )

    return _record_save(
        request,
        case,
        bound=Bound("plan", form, formset=formset),
        valid=valid,
        action=save,
        success=lambda: _("Der Finanzierungsplan ist gespeichert."),
    )


@require_POST
@coordinator_required
def case_reassign_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Central office hands the case to another coordinator."""
    if not is_central_office(request.user):
        raise PermissionDenied
    case = case_or_404(request, reference)
    form = ReassignForm(request.POST, candidates=selectors.reassign_candidates(case=case))
    return _record_save(
        request,
        case,
        bound=Bound("reassign", form),
        valid=form.is_valid(),
        action=lambda version: case_reassign(
            case=case,
            actor=Actor.for_user(request.user),
            to_user=form.cleaned_data["to_user"],
            comment=form.cleaned_data["comment"],
            expected_version=version,
        ),
        success=lambda: (
            _("Der Fall ist jetzt %(user)s zugewiesen.") % {"user": form.cleaned_data["to_user"]}
        ),
    )


@require_POST
@coordinator_required
def overlap_assessment_create(request: HttpRequest, reference: str) -> HttpResponse:
    """Judge one stored match (offering or open idea) of the case's overlap check."""
    case = case_or_404(request, reference)
    form = AssessmentForm(request.POST)
    row = selectors.case_overlap_panel(case=case).row(request.POST.get("target", ""))
    if row is None:  # only matches stored with the case can be judged here
        raise Http404
    bound = Bound("assessment", form, target=row.key)
    target = selectors.assessment_target(row=row)
    if None in target.values():
        return _record_failed(
            request, case, bound, Problem(_("Diesen Treffer gibt es nicht mehr.")), 409
        )
    return _record_save(
        request,
        case,
        bound=bound,
        valid=form.is_valid(),
        action=lambda version: overlap_assessment_record(
            case=case,
            actor=Actor.for_user(request.user),
            verdict=form.cleaned_data["verdict"],
            note=form.cleaned_data["note"],
            expected_version=version,
            **target,
        ),
        success=lambda: _("Die Bewertung ist gespeichert."),
    )


@require_POST
@coordinator_required
def overlap_refresh(request: HttpRequest, reference: str) -> HttpResponse:
    """Check the idea again against today's offerings and open ideas."""
    case = case_or_404(request, reference)
    version = posted_version(request)
    if version is None:
        return render_case(
            request, _reload(request, case), problem=_bad_version_problem(), status=400
        )
    try:
        case_overlap_refresh(
            case=case, actor=Actor.for_user(request.user), expected_version=version
        )
    except errors.Forbidden:
        raise PermissionDenied from None
    except errors.StaleCase:
        return render_case(request, _reload(request, case), problem=_stale_problem(), status=409)
    except errors.WorkflowError as exc:
        return render_case(
            request, _reload(request, case), problem=Problem(exc.message), status=409
        )
    messages.success(request, _("Die Überschneidungsprüfung ist aktualisiert."))
    return redirect(f"{reverse('workspace:case_detail', args=[case.reference])}#ueberschneidungen")


@require_POST
@coordinator_required
def case_link_resend(request: HttpRequest, reference: str) -> HttpResponse:
    """A new status link for the association, mailed to its contact (the old one stops)."""
    case = case_or_404(request, reference)
    try:
        status_link_renew(case=case, actor=Actor.for_user(request.user))
    except errors.Forbidden:
        raise PermissionDenied from None
    messages.success(
        request,
        _("Ein neuer Statuslink geht an %(email)s. Der bisherige Link gilt nicht mehr.")
        % {"email": case.contact.email},
    )
    return redirect(f"{reverse('workspace:case_detail', args=[case.reference])}#traeger")


@require_POST
@coordinator_required
def payout_decide_view(request: HttpRequest, reference: str, payout_id: int) -> HttpResponse:
    """Pay a requested payout out, or refuse it with a reason."""
    case = case_or_404(request, reference)
    version = posted_version(request)
    if version is None:
        return render_case(
            request, _reload(request, case), problem=_bad_version_problem(), status=400
        )
    pay = request.POST.get("decision") == "pay"
    try:
        payout_decide(
            case=case,
            actor=Actor.for_user(request.user),
            payout_id=payout_id,
            approve=pay,
            reason=request.POST.get("reason", "").strip()[:2000],
            expected_version=version,
        )
    except errors.Forbidden:
        raise PermissionDenied from None
    except errors.StaleCase:
        return render_case(request, _reload(request, case), problem=_stale_problem(), status=409)
    except errors.WorkflowError as exc:
        return render_case(
            request, _reload(request, case), problem=Problem(exc.message), status=409
        )
    except ValidationError as exc:
        return render_case(
            request, _reload(request, case), problem=Problem(" ".join(exc.messages)), status=400
        )
    messages.success(
        request,
        _("Der Mittelabruf ist ausgezahlt.") if pay else _("Der Mittelabruf ist abgelehnt."),
    )
    return redirect(f"{reverse('workspace:case_detail', args=[case.reference])}#geld")
