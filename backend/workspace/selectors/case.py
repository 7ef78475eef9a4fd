"""Read side of the workspace's case page: the case (if the user may see it), the page object
with everything it shows, the overlap panel, and the choices of its forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import User
from backend.associations.models import LegalForm
from backend.cases.models import (
    AdviceSession,
    Case,
    CaseEvent,
    Decision,
    EventKind,
    FinancingPlan,
    OverlapAssessment,
    Report,
)
from backend.cases.selectors import cases_visible_to
from backend.common.vocabularies import TargetGroup, Topic
from backend.offerings.models import Offering
from backend.programs.models import FundingProgram, ProgramBudget
from backend.programs.selectors import Booking, plan_booking
from backend.workspace.selectors.overlap import OverlapPanel, OverlapRow, case_overlap_panel
from workflows.registry import transitions
from workflows.states import CaseState


def case_for_page(*, user: Any, reference: str) -> Case | None:
    """The case with everything its page shows, or None if the user may not see it."""
    return (
        cases_visible_to(user=user)
        .select_related(
            "quarter__city", "financing_plan__program", "decision", "report", "referred_offering"
        )
        .prefetch_related(
            "financing_plan__lines",
            "change_requests",
            Prefetch(
                "advice_sessions", queryset=AdviceSession.objects.select_related("recorded_by")
            ),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
            Prefetch(
                "assessments",
                queryset=OverlapAssessment.objects.select_related(
                    "assessed_by", "offering__quarter", "other_case__quarter"
                ),
            ),
        )
        .filter(reference=reference)
        .first()
    )


def referral_offering_choices(*, case: Case) -> QuerySet[Offering]:
    """Offerings a case can be referred to: current ones of its district or the whole city."""
    return (
        Offering.objects.filter(city_id=case.quarter.city_id, active=True)
        .filter(Q(citywide=True) | Q(quarter__parent_id=case.quarter.parent_id))
        .order_by("title")
    )


def reassign_candidates(*, case: Case) -> QuerySet[User]:
    """Active people who can take a case: coordinators and deputies of its district (the
    only ones besides the central office who can open it), the central office of its city."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(assignments__district_id=case.quarter.parent_id)
            | Q(is_central_office=True, city_id=case.city_id)
            | Q(is_superuser=True)
        )
        .distinct()
        .order_by("display_name", "username")
    )


# --- the case page ------------------------------------------------------------------------


#: States in which the case page says where an approval would be booked.
BOOKABLE_STATES = (CaseState.ADVICE, CaseState.APPLICATION)


@dataclass(frozen=True)
class CasePage:
    """What the case page shows besides its forms, read once per request."""

    plan: FinancingPlan | None
    budgets: list[ProgramBudget]  # of the plan's programme, by year
    booking: Booking | None  # where an approval on the plan's dates is booked
    decision: Decision | None
    report: Report | None
    events: list[tuple[CaseEvent, Any]]  # the history, with each transition's label
    association_differs: list[tuple[Any, str, str]]
    target_groups: list[Any]
    topics: list[Any]
    overlap: OverlapPanel


def case_page(*, case: Case) -> CasePage:
    """The case page's facts; ``case`` comes from ``case_for_page`` (visible to the user)."""
    plan: FinancingPlan | None = getattr(case, "financing_plan", None)
    budgets = (
        list(ProgramBudget.objects.filter(program_id=plan.program_id).order_by("year"))
        if plan is not None and plan.program_id
        else []
    )
    labels = {name: spec.label for name, spec in transitions().items()}
    events = list(case.events.all())  # the history, and the submission's differences
    return CasePage(
        plan=plan,
        budgets=budgets,
        # Before the decision only: afterwards the decision names its budget year.
        booking=plan_booking(plan) if case.state in BOOKABLE_STATES else None,
        decision=getattr(case, "decision", None),
        report=getattr(case, "report", None),
        events=[(event, labels.get(event.transition, "")) for event in events],
        association_differs=_association_differences(events),
        target_groups=[TargetGroup(value).label for value in case.target_groups],
        topics=[Topic(value).label for value in case.topics],
        overlap=case_overlap_panel(case=case, events=events),
    )


def plan_program_choices(*, case: Case) -> QuerySet[FundingProgram]:
    """The programmes a plan of this case may name: the active ones of its city."""
    return FundingProgram.objects.filter(city_id=case.quarter.city_id, active=True)


def assessment_target(*, row: OverlapRow) -> dict[str, Any]:
    """The offering or open idea a stored match names (None if it is gone since)."""
    if row.kind == "offering":
        return {"offering": Offering.objects.filter(pk=row.target_id).first()}
    return {"other_case": Case.objects.filter(pk=row.target_id).first()}


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
