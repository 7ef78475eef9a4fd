"""The figures of the end of a project: what the report earns of the grant, what was paid,
what is paid back (ANBest-P Nr. 1.2, 2; VwVfG §§ 49, 49a). Pure reads: the guards of the
closing transitions and the pages use them, the effects record them.

- Each plan line may exceed its planned amount by up to 20 % (ANBest-P Nr. 1.2), offset by
  savings elsewhere; spending above that is not eligible. A simple report (einfacher
  Verwendungsnachweis) has only a total, which counts as it is.
- The grant shrinks with the eligible spending by financing type (``grant_earned``).
- The association pays back what it received beyond that (``paid − earned``); money approved
  but never paid out goes back to the budget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum

# The module, not its names: ``backend.cases.models`` imports the lifecycle.
from backend.cases import models as case_models

if TYPE_CHECKING:
    from backend.cases.models import Case, Decision

#: ANBest-P Nr. 1.2: a single plan line may be exceeded by up to 20 % if offset elsewhere.
LINE_TOLERANCE = Decimal("0.20")
ZERO = Decimal("0")


def grant_earned(
    *,
    financing_type: str,
    approved: Decimal,
    planned_total: Decimal,
    own_and_third: Decimal,
    spent: Decimal,
) -> Decimal:
    """The grant the spent (eligible) costs justify, by financing type (ANBest-P Nr. 2):

    - Fehlbedarf (the grant covers the gap): what the costs leave after own share and
      third-party money, so a saving reduces it in full;
    - Anteil (a share of the costs): the grant keeps its share of the spent costs;
    - Festbetrag (a fixed amount): the grant stays unless the costs fall below it;
    - Voll (all costs): the grant is the spent costs.

    Never more than approved, never negative; in cents.
    """
    if financing_type == case_models.FinancingType.FEHLBEDARF:
        earned = spent - own_and_third
    elif financing_type == case_models.FinancingType.ANTEIL and planned_total > 0:
        earned = spent * approved / planned_total
    else:  # Festbetrag, Voll (and a share of a plan without costs)
        earned = spent
    return min(approved, max(ZERO, earned)).quantize(Decimal("0.01"))


def repayment_due(
    *,
    financing_type: str,
    approved: Decimal,
    planned_total: Decimal,
    own_and_third: Decimal,
    spent: Decimal,
    paid: Decimal | None = None,
) -> Decimal:
    """What the association pays back: what it was paid (all of the approved amount unless
    ``paid`` says otherwise) beyond what the spent costs earn."""
    earned = grant_earned(
        financing_type=financing_type,
        approved=approved,
        planned_total=planned_total,
        own_and_third=own_and_third,
        spent=spent,
    )
    received = approved if paid is None else paid
    return max(ZERO, received - earned).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class LineFigures:
    """One plan line: planned, spent, the receipts behind it, and what of it is eligible."""

    line_id: int
    label: str
    planned: Decimal
    spent: Decimal
    receipts: Decimal
    eligible: Decimal

    @property
    def deviation_percent(self) -> Decimal | None:
        if self.planned <= 0:
            return None
        return ((self.spent - self.planned) * 100 / self.planned).quantize(Decimal("0.1"))

    @property
    def over_tolerance(self) -> bool:
        return self.spent > self.eligible


def line_eligible(planned: Decimal, spent: Decimal) -> Decimal:
    return min(spent, (planned * (1 + LINE_TOLERANCE)).quantize(Decimal("0.01")))


def paid_total(case: Case) -> Decimal:
    paid = case_models.Payout.objects.filter(case=case, status=case_models.PayoutStatus.PAID)
    return paid.aggregate(total=Sum("amount"))["total"] or ZERO


def pending_total(case: Case) -> Decimal:
    pending = case_models.Payout.objects.filter(
        case=case, status=case_models.PayoutStatus.REQUESTED
    )
    return pending.aggregate(total=Sum("amount"))["total"] or ZERO


def receipts_by_line(case: Case) -> dict[int, Decimal]:
    rows = (
        case_models.Receipt.objects.filter(case=case)
        .values("line_id")
        .annotate(total=Sum("amount"))
    )
    return {row["line_id"]: row["total"] for row in rows}


def line_figures(case: Case) -> list[LineFigures]:
    """Planned against spent for every plan line (spent from the report, else 0)."""
    plan = getattr(case, "financing_plan", None)
    if plan is None:
        return []
    report = getattr(case, "report", None)
    spent_by_line = (report.spent_by_line or {}) if report is not None else {}
    receipts = receipts_by_line(case)
    figures = []
    for line in plan.lines.all():
        spent = Decimal(spent_by_line.get(str(line.pk), "0"))
        figures.append(
            LineFigures(
                line_id=line.pk,
                label=line.label,
                planned=line.amount,
                spent=spent,
                receipts=receipts.get(line.pk, ZERO),
                eligible=line_eligible(line.amount, spent),
            )
        )
    return figures


@dataclass(frozen=True)
class Settlement:
    approved: Decimal
    paid: Decimal
    spent: Decimal
    eligible: Decimal
    earned: Decimal
    repayment: Decimal

    @property
    def never_paid(self) -> Decimal:
        """Approved money that will not be paid out any more (released at the end)."""
        return max(ZERO, self.approved - self.paid)


def case_settlement(case: Case) -> Settlement | None:
    """The end figures from the submitted report (None without decision, plan or report)."""
    decision = getattr(case, "decision", None)
    plan = getattr(case, "financing_plan", None)
    report = getattr(case, "report", None)
    if decision is None or plan is None or report is None or not decision.amount:
        return None
    if report.simple:
        eligible = report.spent_total
    else:
        eligible = sum((f.eligible for f in line_figures(case)), ZERO)
    own = max(plan.own_share, report.own_share_actual or ZERO)
    third = plan.third_party if report.third_party_actual is None else report.third_party_actual
    approved = decision.amount
    paid = paid_total(case)
    earned = grant_earned(
        financing_type=decision.financing_type or plan.financing_type,
        approved=approved,
        planned_total=decision.eligible_costs or plan.total_cost,
        own_and_third=own + third,
        spent=eligible,
    )
    return Settlement(
        approved=approved,
        paid=paid,
        spent=report.spent_total,
        eligible=eligible,
        earned=earned,
        repayment=max(ZERO, paid - earned),
    )


def interim_due_dates(decision: Decision | None) -> dict[int, dt.date]:
    """For a period running past 31 December: each year it runs past, with its interim
    report's due date, 30 April of the next year (ANBest-P Nr. 6.1)."""
    if decision is None or decision.funding_start is None or decision.funding_end is None:
        return {}
    return {
        year: dt.date(year + 1, 4, 30)
        for year in range(decision.funding_start.year, decision.funding_end.year)
    }


def interest_for(principal: Decimal, rate: Decimal, start: dt.date, end: dt.date) -> Decimal:
    """Simple interest at ``rate`` % a year for the days from ``start`` to ``end`` (§ 49a
    Abs. 3 VwVfG), in cents; nothing for an empty or reversed span."""
    days = (end - start).days
    if days <= 0 or rate <= 0:
        return ZERO
    return (principal * rate / 100 * days / 365).quantize(Decimal("0.01"))
