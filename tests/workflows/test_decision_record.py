"""The decision record (issue #14): reasons for a partial approval, what the notice fixes,
Bestandskraft and the association's waiver, the Änderungsbescheid with the budget following."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from backend.cases.models import Decision, DecisionAmendment
from backend.cases.services import remedy_waive
from tests import clock
from tests.factories import approve_data, booked_budget, budget_for, move, pay_out
from tests.workflows.conftest import snapshot
from tests.workflows.test_transitions import refused
from workflows import errors
from workflows.actors import Actor
from workflows.effects import final_date

pytestmark = pytest.mark.django_db


def test_partial_approval_without_reasons_is_refused(application_case, actor):
    data = approve_data("2000")
    del data["reasons"]

    error = refused(application_case, "approve", actor, data, error=errors.InvalidPayload)

    assert "Teilbewilligung" in error.errors["reasons"][0]
    assert not Decision.objects.filter(case=application_case).exists()


def test_full_approval_needs_no_reasons(application_case, actor):
    data = approve_data("2700")
    del data["reasons"]
    case = move(application_case, "approve", actor, data)
    assert case.state == "decision"


def test_approval_records_what_the_notice_fixes(application_case, actor):
    data = approve_data("2000")
    data |= {
        "financing_type": "anteil",
        "eligible_costs": "2500",
        "conditions": "Teilnahmelisten führen.",
        "deciding_body": "ASAGI",
    }

    case = move(application_case, "approve", actor, data)

    decision = case.decision
    assert decision.financing_type == "anteil"
    assert decision.eligible_costs == Decimal("2500")
    assert decision.funding_rate == Decimal("80.00")
    assert decision.reasons == "Gekürzt um nicht förderfähige Bewirtung."
    assert decision.deciding_body == "ASAGI"
    assert decision.decided_on == clock.today()
    assert decision.notified_on == clock.today()
    assert decision.final_on == final_date(clock.today())
    assert not decision.is_final()


@pytest.mark.parametrize(
    ("notified", "final"),
    [
        ("2027-03-15", "2027-04-16"),  # the month ends Thursday 15 April: final the next day
        ("2027-03-10", "2027-04-13"),  # … ends Saturday 10 April, so runs to Monday the 12th
        ("2027-01-31", "2027-03-02"),  # no 31 February: the 28th, a Sunday, so Monday 1 March
    ],
)
def test_bestandskraft_is_the_day_after_the_month_for_remedies(notified, final):
    assert final_date(dt.date.fromisoformat(notified)) == dt.date.fromisoformat(final)


def test_applicant_waiver_makes_the_decision_final_today(decision_case):
    decision = remedy_waive(case=decision_case, actor=Actor.applicant(decision_case))

    assert decision.final_on == clock.today()
    assert decision.is_final()
    assert decision.remedy_waived_at is not None
    assert decision_case.events.filter(payload__has_key="remedy_waiver").count() == 1


def test_waiver_refused_for_a_coordinator_and_when_already_final(decision_case, actor):
    before = snapshot(decision_case)
    with pytest.raises(errors.Forbidden):
        remedy_waive(case=decision_case, actor=actor)
    assert snapshot(decision_case) == before

    remedy_waive(case=decision_case, actor=Actor.applicant(decision_case))
    before = snapshot(decision_case)
    with pytest.raises(errors.TransitionNotAllowedInState, match="bereits"):
        remedy_waive(case=decision_case, actor=Actor.applicant(decision_case))
    assert snapshot(decision_case) == before


def _amend(case, **changes):
    decision = Decision.objects.get(case=case)
    data = {
        "amount": str(decision.amount),
        "funding_start": decision.funding_start.isoformat(),
        "funding_end": decision.funding_end.isoformat(),
        "conditions": decision.conditions,
        "reasons": "Projekt verlängert, zwei Treffen mehr.",
    }
    return data | changes


def test_amendment_extends_the_period_and_rebooks_with_audit(decision_case, actor, program):
    decision = Decision.objects.get(case=decision_case)
    new_end = decision.funding_end.replace(year=decision.funding_end.year + 1)
    budget_for(program, "10000", year=new_end.year) if not program.budgets.filter(
        year=new_end.year
    ).exists() else None

    case = move(
        decision_case,
        "amend_decision",
        actor,
        _amend(decision_case, amount="2600", funding_end=new_end.isoformat()),
    )

    decision.refresh_from_db()
    assert case.state == "decision"
    assert decision.amount == Decimal("2600")
    assert decision.funding_end == new_end
    bookings = {b.budget.year: b.amount for b in decision.bookings.select_related("budget")}
    assert sum(bookings.values()) == Decimal("2600")
    assert new_end.year in bookings
    committed = sum(b.committed for b in program.budgets.all())
    assert committed == Decimal("2600")
    amendment = DecisionAmendment.objects.get(decision=decision)
    assert amendment.old_amount == Decimal("2700")
    assert amendment.new_amount == Decimal("2600")
    event = case.events.get(transition="amend_decision")
    assert event.payload["reasons"] == "Projekt verlängert, zwei Treffen mehr."
    assert event.payload["old_amount"] == "2700.00"


def test_amendment_refused_without_reasons_or_change(decision_case, actor):
    data = _amend(decision_case, amount="2500")
    del data["reasons"]
    error = refused(decision_case, "amend_decision", actor, data, error=errors.InvalidPayload)
    assert "reasons" in error.errors

    error = refused(
        decision_case, "amend_decision", actor, _amend(decision_case), error=errors.InvalidPayload
    )
    assert "ändert nichts" in error.errors["__all__"][0]


def test_amendment_refused_below_what_was_paid_out(decision_case, actor):
    pay_out(decision_case, actor, "2000")
    error = refused(
        decision_case,
        "amend_decision",
        actor,
        _amend(decision_case, amount="1500"),
        error=errors.InvalidPayload,
    )
    assert "2.000,00" in error.errors["amount"][0]


def test_amendment_refused_when_the_budget_cannot_follow(decision_case, actor, program):
    """An increase the year's budget cannot carry: refused under the lock, nothing moves."""
    budget = booked_budget(program)
    type(budget).objects.filter(pk=budget.pk).update(amount=budget.committed)
    decision = Decision.objects.get(case=decision_case)
    decision.eligible_costs = Decimal("3000")
    decision.save()

    error = refused(
        decision_case,
        "amend_decision",
        actor,
        _amend(decision_case, amount="2900"),
        error=errors.GuardFailed,
    )

    assert error.extra["guard"] == "budget_available"
    decision.refresh_from_db()
    assert decision.amount == Decimal("2700")
    assert not DecisionAmendment.objects.exists()
