"""Systematic refusals: every transition from every state it does not start from, and by every
actor it does not allow. Each refusal leaves state, version, events and budgets unchanged."""

from __future__ import annotations

import pytest

from tests.factories import move
from tests.workflows.conftest import snapshot
from workflows import errors
from workflows.actors import Actor
from workflows.registry import transitions
from workflows.services import case_transition

pytestmark = pytest.mark.django_db

STATE_FIXTURES = {
    "idea": "idea_case",
    "advice": "advice_case",
    "application": "application_case",
    "decision": "decision_case",
    "report": "report_case",
    "repayment": "repayment_case",
    "closed": "closed_case",
    "withdrawn": "withdrawn_case",
}


@pytest.fixture
def repayment_case(report_case, actor):
    from tests.factories import repayment_account

    repayment_account()
    return move(report_case, "demand_repayment", actor)


@pytest.fixture
def closed_case(repayment_case, actor):
    from tests import clock

    return move(
        repayment_case,
        "confirm_repayment",
        actor,
        {"received_on": clock.today().isoformat(), "received_amount": "700.00"},
    )


@pytest.fixture
def withdrawn_case(idea_case, actor):
    return move(idea_case, "withdraw", actor)


WRONG_STATE = [
    (name, state)
    for name, spec in transitions().items()
    for state in STATE_FIXTURES
    if state not in {s.value for s in spec.sources}
]


@pytest.mark.parametrize(("name", "state"), WRONG_STATE)
def test_transition_refused_from_a_state_it_does_not_start_from(request, actor, name, state):
    case = request.getfixturevalue(STATE_FIXTURES[state])
    case.refresh_from_db()
    before = snapshot(case)
    with pytest.raises(errors.TransitionNotAllowedInState) as info:
        case_transition(case=case, name=name, actor=actor, data={})
    assert info.value.extra["state"] == state
    assert snapshot(case) == before


WRONG_ACTOR = [
    (name, spec.sources[0].value, who)
    for name, spec in transitions().items()
    for who in ("other_coordinator", "foreign_applicant", "own_applicant", "system")
    if not (who == "own_applicant" and "applicant" in spec.roles)
    and spec.sources[0].value in STATE_FIXTURES
]


@pytest.mark.parametrize(("name", "state", "who"), WRONG_ACTOR)
def test_transition_refused_for_an_actor_it_does_not_allow(
    request, other_coordinator, name, state, who
):
    case = request.getfixturevalue(STATE_FIXTURES[state])
    case.refresh_from_db()
    foreign = request.getfixturevalue("foreign_case")
    actor = {
        "other_coordinator": Actor.for_user(other_coordinator),
        "foreign_applicant": Actor.applicant(foreign),
        "own_applicant": Actor.applicant(case),
        "system": Actor.system(),
    }[who]
    before = snapshot(case)
    with pytest.raises(errors.Forbidden):
        case_transition(case=case, name=name, actor=actor, data={})
    assert snapshot(case) == before


@pytest.fixture
def foreign_case(coordinator):
    from tests.factories import submit_idea

    return submit_idea(idea={"title": "Ein anderer Fall"}, association_name="Anderer Verein")


def test_inactive_coordinator_cannot_act(idea_case, coordinator):
    coordinator.is_active = False
    coordinator.save()
    with pytest.raises(errors.Forbidden):
        case_transition(case=idea_case, name="start_advice", actor=Actor.for_user(coordinator))
