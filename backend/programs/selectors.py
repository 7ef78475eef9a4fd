"""Reading programme budgets: which year an approval is booked to, and what is left there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from backend.programs.models import ProgramBudget, booking_year

if TYPE_CHECKING:
    from backend.cases.models import FinancingPlan


@dataclass(frozen=True)
class Booking:
    """Where an approval of a plan would be booked, and whether that year has a budget."""

    year: int
    funding_start: date
    budget: ProgramBudget | None

    @property
    def missing(self) -> bool:
        return self.budget is None


def plan_booking(plan: FinancingPlan | None) -> Booking | None:
    """The booking an approval on the plan's own dates would make (None without programme or
    start date: the plan's guards say what is missing)."""
    if plan is None or plan.program_id is None or plan.funding_start is None:
        return None
    year = booking_year(plan.funding_start)
    budget = ProgramBudget.objects.filter(program_id=plan.program_id, year=year).first()
    return Booking(year=year, funding_start=plan.funding_start, budget=budget)
