"""Property-based: random sequences of transitions by random actors keep the invariants."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.cases.models import Case, CaseEvent, Decision
from backend.programs.models import ProgramBudget
from tests.factories import approve_data, complete_plan, submit_idea
from workflows import errors
from workflows.actors import Actor
from workflows.registry import transitions
from workflows.services import case_transition
from workflows.states import CaseState

pytestmark = pytest.mark.django_db

ACTORS = ["coordinator", "other_coordinator", "own_applicant", "foreign_applicant"]
STEPS = [*transitions(), "save_plan"]
EDGES = {
    (s.value, spec.target.value, name) for name, spec in transitions().items() for s in spec.sources
}


def payload(name: str, case: Case, amount: str) -> dict:
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    if name == "refer":
        return {"referral_kind": "not_eligible", "reason": "passt nicht"}
    if name in {"request_changes", "request_report_changes"}:
        return {"message": "Bitte ergänzen", "due_on": due}
    if name == "approve":
        return approve_data(amount)
    if name == "reject":
        return {"reasons": "Nicht förderfähig", "deciding_body": "KI"}
    if name == "submit_report":
        plan = getattr(case, "financing_plan", None)
        ids = plan.lines.values_list("pk", flat=True) if plan else []
        return {"narrative": "Bericht", "spent": {str(pk): "100" for pk in ids}}
    return {}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, 1),
            st.sampled_from(STEPS),
            st.sampled_from(ACTORS),
            st.sampled_from(["1000", "2700", "2700.01"]),
        ),
        min_size=1,
        max_size=14,
    )
)
def test_random_transition_sequences_keep_invariants(
    coordinator, other_coordinator, program, steps
):
    with transaction.atomic():
        ProgramBudget.objects.filter(program=program).update(amount=Decimal("5000"))
        cases = [
            submit_idea(association_name=f"Verein {n}", idea={"title": f"Idee {n}"}) for n in (0, 1)
        ]
        actors = {
            "coordinator": lambda c: Actor.for_user(coordinator),
            "other_coordinator": lambda c: Actor.for_user(other_coordinator),
            "own_applicant": lambda c: Actor.applicant(c),
            "foreign_applicant": lambda c: Actor.applicant(
                cases[1] if c.pk == cases[0].pk else cases[0]
            ),
        }
        succeeded = 0
        for index, name, who, amount in steps:
            case = Case.objects.get(pk=cases[index].pk)
            actor = actors[who](case)
            if name == "save_plan":
                with contextlib.suppress(errors.WorkflowError):
                    complete_plan(case, actor, program)
                continue
            try:
                case_transition(case=case, name=name, actor=actor, data=payload(name, case, amount))
                succeeded += 1
            except errors.WorkflowError:
                pass
        _assert_invariants(cases, succeeded)
        transaction.set_rollback(True)


def _assert_invariants(cases: list[Case], succeeded: int) -> None:
    states = set(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("state", flat=True))
    assert states <= set(CaseState.values)
    events = CaseEvent.objects.filter(case__in=cases, kind="transition")
    assert events.count() == succeeded
    taken = set(events.values_list("from_state", "to_state", "transition"))
    assert taken <= EDGES, taken - EDGES
    approved = Decision.objects.filter(outcome="approved").aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal(0)
    committed = ProgramBudget.objects.aggregate(s=Sum("committed"))["s"] or Decimal(0)
    assert committed == approved
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
        last = case.events.order_by("-pk").first()
        assert last.to_state in ("", case.state) or last.kind != "transition"
