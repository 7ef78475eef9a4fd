"""Everything the case page shows, and the forms on it (fresh, or bound after a failed post).

The views in ``case.py`` call ``render_case`` both for a plain GET and to answer a post that
failed, so a refused form comes back open, with the person's input and the reasons inline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from backend.accounts.roles import is_central_office
from backend.cases.forms import FinancingPlanForm
from backend.cases.models import Case
from backend.cases.selectors import case_funding
from backend.documents.forms import DocumentUploadForm
from backend.documents.selectors import case_documents, documents_missing
from backend.workspace import selectors
from backend.workspace.forms import (
    AdviceSessionForm,
    AssessmentForm,
    PlanLineFormSet,
    ReassignForm,
    dress_form,
)
from workflows.actors import Actor
from workflows.policy import Record, may_record
from workflows.registry import TransitionSpec, transitions
from workflows.services import allowed_transitions, failing_guards
from workflows.states import CaseState


@dataclass
class Bound:
    """A form that was posted and failed: which one, and with what."""

    kind: str  # "transition", "advice", "plan", "reassign", "assessment" or "document"
    form: forms.BaseForm
    formset: forms.BaseFormSet | None = None
    transition: str = ""
    target: str = ""  # for an assessment: the row key ("offering-12")
    spent: dict[str, str] = field(default_factory=dict)


@dataclass
class Problem:
    """A refusal to show at the top of the open form (stale case, guard, wrong state)."""

    message: str
    details: list[str] = field(default_factory=list)


def plan_forms(case: Case, data: Any = None) -> tuple[FinancingPlanForm, forms.BaseFormSet]:
    plan = getattr(case, "financing_plan", None)
    initial: dict[str, Any] = {}
    lines: list[dict[str, Any]] = []
    if plan is not None:
        initial = {
            name: getattr(plan, name)
            for name in (
                "financing_type",
                "own_share",
                "third_party",
                "requested_amount",
                "funding_start",
                "funding_end",
            )
        }
        initial["program"] = plan.program_id
        lines = [{"label": line.label, "amount": line.amount} for line in plan.lines.all()]
    form = FinancingPlanForm(
        data, initial=initial, programs=selectors.plan_program_choices(case=case)
    )
    formset = PlanLineFormSet(data, initial=lines, prefix="lines")
    dress_form(form, id_prefix="plan")
    for line_form in formset.forms:
        dress_form(line_form, id_prefix="plan")  # ids like plan-lines-0-label
    return form, formset


def _action(case: Case, spec: TransitionSpec, actor: Actor, bound: Bound | None) -> dict[str, Any]:
    is_open = bound is not None and bound.kind == "transition" and bound.transition == spec.name
    form = bound.form if is_open and bound else spec.form(None, case=case, actor=actor)
    dress_form(form, id_prefix=f"t-{spec.name}")
    form.order_fields([name for name in form.fields if name != "comment"] + ["comment"])
    if "offering" in form.fields:
        choices = [("", "—")] + [
            (o.pk, o.title) for o in selectors.referral_offering_choices(case=case)
        ]
        form.fields["offering"].widget = forms.Select(choices=choices)
        form.fields["offering"].label = _("Angebot")
    return {
        "spec": spec,
        "form": form,
        "open": is_open,
        "danger": spec.dangerous,
        "guards": [g["message"] for g in failing_guards(case, spec)] if spec.guards else [],
        "spent": bound.spent if is_open and bound else {},
    }


def _assessment_rows(panel: selectors.OverlapPanel, bound: Bound | None) -> dict[str, Any]:
    def entry(row: selectors.OverlapRow) -> dict[str, Any]:
        is_open = bound is not None and bound.kind == "assessment" and bound.target == row.key
        if is_open and bound is not None:
            form = bound.form
        else:
            initial = {"target": row.key}
            if row.assessment is not None:
                initial |= {"verdict": row.assessment.verdict, "note": row.assessment.note}
            form = AssessmentForm(initial=initial)
        dress_form(form, id_prefix=f"assess-{row.key}")
        return {"row": row, "form": form, "open": is_open}

    def grouped(rows: list[selectors.OverlapRow]) -> dict[str, list[dict[str, Any]]]:
        return {
            "here": [entry(row) for row in rows if not row.elsewhere],
            "elsewhere": [entry(row) for row in rows if row.elsewhere],
        }

    return {
        "offerings": grouped(panel.offerings),
        "ideas": grouped(panel.ideas),
        "checks": panel.checks,
    }


def render_case(
    request: HttpRequest,
    case: Case,
    *,
    bound: Bound | None = None,
    problem: Problem | None = None,
    status: int = 200,
    open_transition: str = "",
) -> HttpResponse:
    actor = Actor.for_user(request.user)
    if open_transition and bound is None:
        spec = transitions()[open_transition]
        bound = Bound("transition", spec.form(None, case=case, actor=actor), transition=spec.name)
    actions = [
        _action(case, spec, actor, bound) for spec in allowed_transitions(case=case, actor=actor)
    ]
    actions.sort(key=lambda action: action["danger"])  # the way forward first, exits last
    kind = bound.kind if bound else ""
    shown = {
        "transition": any(action["open"] for action in actions),
        "advice": may_record(Record.ADVICE_SESSION, case.state),
        "plan": may_record(Record.FINANCING_PLAN, case.state),
        "reassign": is_central_office(request.user),
        "assessment": True,
        "document": may_record(Record.DOCUMENT_UPLOAD, case.state),
    }
    if kind and not shown[kind]:
        kind = ""  # that form is gone (the state moved on): the problem shows above the buttons
    advice_form = bound.form if kind == "advice" and bound else AdviceSessionForm()
    if kind == "plan" and bound and bound.formset is not None:
        plan_form, line_formset = bound.form, bound.formset
    else:
        plan_form, line_formset = plan_forms(case)
    central = is_central_office(request.user)
    reassign_form = None
    if central:
        reassign_form = (
            bound.form
            if kind == "reassign" and bound
            else ReassignForm(candidates=selectors.reassign_candidates(case=case))
        )
        dress_form(reassign_form, id_prefix="reassign")
    document_form = bound.form if kind == "document" and bound else DocumentUploadForm()
    page = selectors.case_page(case=case)
    context = {
        "case": case,
        "plan": page.plan,
        "budgets": page.budgets,
        "booking": page.booking,
        "association_differs": page.association_differs,
        "target_groups": page.target_groups,
        "topics": page.topics,
        "decision": page.decision,
        "report": page.report,
        "events": page.events,
        "states": dict(CaseState.choices),
        "overlap": _assessment_rows(page.overlap, bound),
        "actions": actions,
        "open": kind,
        "problem": problem,
        "can_refresh_overlap": may_record(Record.OVERLAP_CHECK, case.state),
        "can_record_advice": shown["advice"],
        "advice_form": dress_form(advice_form, id_prefix="advice"),
        "can_edit_plan": shown["plan"],
        "plan_form": plan_form,
        "line_formset": line_formset,
        "reassign_form": reassign_form,
        "central_office": central,
        "documents": case_documents(case=case),
        "missing_documents": documents_missing(case=case),
        "can_upload_documents": shown["document"],
        "can_delete_documents": may_record(Record.DOCUMENT_DELETE, case.state),
        "document_form": dress_form(document_form, id_prefix="doc"),
        "funding": case_funding(case=case),
        "can_decide_payouts": may_record(Record.PAYOUT_DECISION, case.state),
    }
    return render(request, "workspace/case.html", context, status=status)
