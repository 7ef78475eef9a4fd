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
from backend.associations.models import LegalForm
from backend.cases.forms import FinancingPlanForm
from backend.cases.models import Case, CaseEvent, EventKind
from backend.common.vocabularies import TargetGroup, Topic
from backend.programs.models import FundingProgram, ProgramBudget
from backend.programs.selectors import plan_booking
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

    kind: str  # "transition", "advice", "plan" or "reassign"
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


def programs_for(case: Case) -> Any:
    return FundingProgram.objects.filter(city_id=case.quarter.city_id, active=True)


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
    form = FinancingPlanForm(data, initial=initial, programs=programs_for(case))
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


def _assessment_rows(panel: selectors.OverlapPanel, bound: Bound | None) -> dict[str, list]:
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

    return {
        "offerings": [entry(row) for row in panel.offerings],
        "ideas": [entry(row) for row in panel.ideas],
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
    labels = {name: spec.label for name, spec in transitions().items()}
    events = list(case.events.all())  # the history, and the submission's differences
    plan = getattr(case, "financing_plan", None)
    context = {
        "case": case,
        "plan": plan,
        "budgets": list(ProgramBudget.objects.filter(program_id=plan.program_id).order_by("year"))
        if plan is not None and plan.program_id
        else [],
        "booking": plan_booking(plan),
        "association_differs": _association_differences(events),
        "target_groups": [TargetGroup(value).label for value in case.target_groups],
        "topics": [Topic(value).label for value in case.topics],
        "decision": getattr(case, "decision", None),
        "report": getattr(case, "report", None),
        "events": [(event, labels.get(event.transition, "")) for event in events],
        "states": dict(CaseState.choices),
        "overlap": _assessment_rows(selectors.case_overlap_panel(case=case), bound),
        "actions": actions,
        "open": kind,
        "problem": problem,
        "can_record_advice": shown["advice"],
        "advice_form": dress_form(advice_form, id_prefix="advice"),
        "can_edit_plan": shown["plan"],
        "plan_form": plan_form,
        "line_formset": line_formset,
        "reassign_form": reassign_form,
        "central_office": central,
    }
    return render(request, "workspace/case.html", context, status=status)


_ASSOCIATION_LABELS = {
    "legal_form": _("Rechtsform"),
    "register_number": _("Registernummer"),
    "street": _("Straße"),
    "town": _("Ort"),
}


def _association_differences(events: list[CaseEvent]) -> list[tuple[Any, str, str]]:
    """(label, submitted, stored) for each association detail the submission gave otherwise
    than stored (``association_differences``, kept in the case's "created" event)."""
    created = next((e for e in events if e.kind == EventKind.CREATED), None)
    differences = (created.payload if created else {}).get("association_differs") or {}

    def shown(name: str, value: str) -> str:
        if name == "legal_form" and value in LegalForm.values:
            return str(LegalForm(value).label)
        return value or "–"

    return [
        (
            label,
            shown(name, differences[name]["submitted"]),
            shown(name, differences[name]["stored"]),
        )
        for name, label in _ASSOCIATION_LABELS.items()
        if name in differences
    ]
