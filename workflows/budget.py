"""The money of a decision in the programme's yearly budgets, always under the budgets' row
locks: booking an approval over the years of its funding period (Kassenwirksamkeit),
re-booking it after an amendment, releasing what will never be paid, and taking a repayment
back into the budget of the year it came in.

Budget rows are locked in year order, so two transactions that need the same years cannot
deadlock. Refusals raise ``GuardFailed`` (code ``budget_available``) and the surrounding
transaction rolls everything back.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from backend.common.fields import money_text
from backend.programs.models import FundingProgram, ProgramBudget
from workflows.errors import GuardFailed

if TYPE_CHECKING:
    from backend.cases.models import Decision

CENT = Decimal("0.01")


def split_by_year(amount: Decimal, start: dt.date, end: dt.date) -> dict[int, Decimal]:
    """``amount`` spread over the calendar years of the period, by its days in each year;
    cents left over by rounding go to the last year. One year: all of it."""
    total_days = (end - start).days + 1
    shares: dict[int, Decimal] = {}
    for year in range(start.year, end.year + 1):
        first = max(start, dt.date(year, 1, 1))
        last = min(end, dt.date(year, 12, 31))
        days = (last - first).days + 1
        shares[year] = (amount * days / total_days).quantize(CENT, rounding=ROUND_DOWN)
    shares[end.year] += amount - sum(shares.values(), Decimal("0"))
    return shares


def budgets_lock(program: FundingProgram, years: list[int]) -> dict[int, ProgramBudget]:
    """The programme's budget rows of ``years``, locked in year order (missing years absent)."""
    rows = ProgramBudget.objects.select_for_update().filter(program=program, year__in=years)
    return {budget.year: budget for budget in rows.order_by("year")}


def _missing_year(program: FundingProgram, year: int) -> GuardFailed:
    return GuardFailed(
        _(
            "Für %(program)s ist für %(year)s kein Budget hinterlegt. Eine Bewilligung wird auf "
            "die Jahre ihres Bewilligungszeitraums gebucht; die Zentrale kann das Budget "
            "%(year)s in der Verwaltung anlegen."
        )
        % {"program": program, "year": year},
        guard="budget_available",
        year=year,
    )


def _exhausted(program: FundingProgram, budget: ProgramBudget) -> GuardFailed:
    return GuardFailed(
        _("Das Restbudget von %(program)s für %(year)s (%(remaining)s €) reicht nicht.")
        % {"program": program, "year": budget.year, "remaining": money_text(budget.remaining)},
        guard="budget_available",
        year=budget.year,
        remaining=str(budget.remaining),
    )


def _release_bookings(decision: Decision, budgets: dict[int, ProgramBudget]) -> None:
    for booking in decision.bookings.all():
        budget = budgets[booking.budget.year]
        budget.committed -= booking.amount
    decision.bookings.all().delete()


def decision_book(
    *, decision: Decision, program: FundingProgram, amount: Decimal, start: dt.date, end: dt.date
) -> dict[int, Decimal]:
    """Book ``amount`` over the years of ``start``–``end``, replacing the decision's earlier
    bookings (an amendment): every year involved is locked and checked. Returns the split."""
    from backend.cases.models import BudgetBooking

    shares = split_by_year(amount, start, end)
    old_years = (
        list(decision.bookings.values_list("budget__year", flat=True)) if decision.pk else []
    )
    budgets = budgets_lock(program, sorted(set(shares) | set(old_years)))
    for year in shares:
        if year not in budgets:
            raise _missing_year(program, year)
    if decision.pk:
        _release_bookings(decision, budgets)
    for year, share in shares.items():
        budget = budgets[year]
        if share > budget.remaining:
            raise _exhausted(program, budget)
        budget.committed += share
    for budget in budgets.values():
        budget.save(update_fields=["committed", "updated_at"])
    BudgetBooking.objects.bulk_create(
        BudgetBooking(decision=decision, budget=budgets[year], amount=share)
        for year, share in shares.items()
    )
    return shares


def decision_release(*, decision: Decision, program: FundingProgram, amount: Decimal) -> None:
    """Give ``amount`` of the decision's bookings back to the budgets, the latest year first
    (money approved that will never be paid out)."""
    bookings = list(decision.bookings.select_related("budget").order_by("-budget__year"))
    budgets = budgets_lock(program, [b.budget.year for b in bookings])
    left = amount
    for booking in bookings:
        if left <= 0:
            break
        part = min(left, booking.amount)
        booking.amount -= part
        booking.save(update_fields=["amount", "updated_at"])
        budget = budgets[booking.budget.year]
        budget.committed -= part
        budget.save(update_fields=["committed", "updated_at"])
        left -= part


def repayment_return(*, program: FundingProgram, year: int, amount: Decimal) -> ProgramBudget:
    """A repayment received in ``year`` goes back to that year's budget (as a return flow,
    ``returned``); a year without a budget row gets one of 0 € holding it."""
    ProgramBudget.objects.get_or_create(program=program, year=year, defaults={"amount": 0})
    budget = budgets_lock(program, [year])[year]
    budget.returned += amount
    budget.save(update_fields=["returned", "updated_at"])
    return budget
