"""Effects of the decision: approval (booked over the budget years of its period),
amendment (Änderungsbescheid: the budget follows under the same locks) and rejection."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from backend.cases import models as case_models
from workflows.actors import Actor
from workflows.budget import decision_book
from workflows.errors import GuardFailed

if TYPE_CHECKING:
    from backend.cases.models import Case, Decision
    from backend.programs.models import FundingProgram


def final_date(notified_on: dt.date) -> dt.date:
    """Bestandskraft: the day after the month for an objection or action has run out
    (§ 74 VwGO; § 57 VwGO with § 222 ZPO, § 188 BGB: a period ending on a Saturday or Sunday
    runs to the Monday). Public holidays are not known here: a coordinator who needs the
    exact day waits one more day, or the association waives its remedies."""
    last = notified_on + relativedelta(months=1)
    while last.weekday() >= 5:
        last += dt.timedelta(days=1)
    return last + dt.timedelta(days=1)


def funding_rate(amount: Decimal, eligible: Decimal) -> Decimal | None:
    """The approved amount as a percentage of the eligible costs (Fördersatz)."""
    if eligible <= 0:
        return None
    return min(Decimal("100"), (amount * 100 / eligible).quantize(Decimal("0.01")))


def _program(case: Case) -> FundingProgram:
    program = case.financing_plan.program
    if program is None:  # the submit_application guards make this impossible; be explicit
        raise GuardFailed(_("Kein Förderprogramm gewählt."), guard="plan_has_program")
    return program


def _report_due(end: dt.date, program: FundingProgram) -> dt.date:
    return end + relativedelta(months=program.report_period_months)


def approve(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    amount: Decimal = data["amount"]
    start, end = data["funding_start"], data["funding_end"]
    program = _program(case)
    plan = case.financing_plan
    eligible: Decimal = data.get("eligible_costs") or plan.total_cost
    notified_on: dt.date = data.get("notified_on") or data["decided_on"]
    decision = case_models.Decision(
        case=case,
        outcome=case_models.DecisionOutcome.APPROVED,
        amount=amount,
        budget_year=start.year,
        funding_start=start,
        funding_end=end,
        financing_type=data.get("financing_type") or plan.financing_type,
        eligible_costs=eligible,
        funding_rate=funding_rate(amount, eligible),
        conditions=data["conditions"],
        reasons=data.get("reasons", ""),
        deciding_body=data["deciding_body"],
        decided_on=data["decided_on"],
        notified_on=notified_on,
        final_on=final_date(notified_on),
    )
    decision.save()
    shares = decision_book(decision=decision, program=program, amount=amount, start=start, end=end)
    case.report_due_on = _report_due(end, program)
    return {
        "amount": str(amount),
        "budget_year": start.year,
        "bookings": {str(year): str(share) for year, share in shares.items()},
        "report_due_on": str(case.report_due_on),
        "final_on": decision.final_on.isoformat() if decision.final_on else None,
        "partial": amount < plan.requested_amount,
    }


def _amendment_snapshot(decision: Decision) -> dict[str, Any]:
    return {
        "amount": decision.amount,
        "funding_start": decision.funding_start,
        "funding_end": decision.funding_end,
        "conditions": decision.conditions,
    }


def amend_decision(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """Änderungsbescheid: new amount, period or conditions; the bookings follow."""
    decision: Decision = case.decision
    program = _program(case)
    before = _amendment_snapshot(decision)
    amount: Decimal = data["amount"]
    start, end = data["funding_start"], data["funding_end"]
    shares = decision_book(decision=decision, program=program, amount=amount, start=start, end=end)
    decision.amount = amount
    decision.funding_start, decision.funding_end = start, end
    decision.budget_year = start.year
    decision.conditions = data["conditions"]
    if decision.eligible_costs:
        decision.funding_rate = funding_rate(amount, decision.eligible_costs)
    decision.save()
    amendment = case_models.DecisionAmendment.objects.create(
        decision=decision,
        reasons=data["reasons"],
        decided_on=data["decided_on"],
        old_amount=before["amount"],
        new_amount=amount,
        old_funding_start=before["funding_start"],
        old_funding_end=before["funding_end"],
        new_funding_start=start,
        new_funding_end=end,
        conditions_changed=before["conditions"] != data["conditions"],
        decided_by=actor.user,
    )
    case.report_due_on = _report_due(end, program)
    return {
        "amendment": amendment.pk,
        "old_amount": str(before["amount"]),
        "amount": str(amount),
        "old_funding_end": before["funding_end"].isoformat(),
        "funding_start": start.isoformat(),
        "funding_end": end.isoformat(),
        "bookings": {str(year): str(share) for year, share in shares.items()},
        "report_due_on": str(case.report_due_on),
        "reasons": data["reasons"],
    }


def reject(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    case_models.Decision.objects.create(
        case=case,
        outcome=case_models.DecisionOutcome.REJECTED,
        reasons=data["reasons"],
        deciding_body=data["deciding_body"],
        decided_on=data["decided_on"],
    )
    return {"reasons": data["reasons"]}
