"""What each transition records besides the state change, inside the transition's database
transaction. Effects may still refuse (a budget exhausted under the row lock), which rolls
everything back. Mail and other side effects outside the database run after commit."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# The module, not its names: ``backend.cases.models`` imports the lifecycle (workflows.mixin),
# which names these effects, so the models are looked up when an effect runs.
from backend.cases import models as case_models
from backend.common.fields import money_text
from backend.programs.models import ProgramBudget, booking_year
from workflows.actors import Actor
from workflows.errors import GuardFailed

if TYPE_CHECKING:
    from backend.cases.models import Case

#: What a transition records: (the locked case, already in its new state; the actor; the
#: form's cleaned data) → the payload of the audit event.
Effect = Callable[["Case", Actor, dict[str, Any]], dict[str, Any]]


def nothing(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """The transition records nothing besides the state change (and its comment)."""
    return {}


def resolve_change_requests(case: Case) -> None:
    """A finished case asks nothing more of the association: its open change requests are
    resolved (run by ``case_transition`` for every transition into a finished state)."""
    case.change_requests.filter(resolved=False).update(resolved=True)


def refer(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    case.referral_kind = data["referral_kind"]
    case.referral_reason = data["reason"]
    case.referred_offering = data["offering"]
    offering_id = data["offering"].pk if data["offering"] else None
    return {"referral_kind": data["referral_kind"], "offering": offering_id}


def submit_application(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    case.change_requests.filter(for_report=False, resolved=False).update(resolved=True)
    plan = case.financing_plan
    case.program = plan.program
    case.submitted_at = timezone.now()
    if data.get("deadline_exception"):
        case.deadline_exception = data["deadline_exception"]
    return {
        "program": plan.program_id,
        "requested_amount": str(plan.requested_amount),
        "total_cost": str(plan.total_cost),
        "deadline_exception": data.get("deadline_exception", ""),
    }


def _change_request(case: Case, data: dict[str, Any], *, for_report: bool) -> dict[str, Any]:
    needed = list(data.get("documents_needed") or [])
    request = case_models.ChangeRequest.objects.create(
        case=case,
        message=data["message"],
        due_on=data["due_on"],
        for_report=for_report,
        documents_needed=needed,
    )
    return {
        "change_request": request.pk,
        "due_on": data["due_on"].isoformat(),
        "documents_needed": needed,
    }


def request_changes(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    return _change_request(case, data, for_report=False)


def request_report_changes(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    return _change_request(case, data, for_report=True)


def approve(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    amount: Decimal = data["amount"]
    year = booking_year(data["funding_start"])
    program = case.financing_plan.program
    if program is None:  # the submit_application guards make this impossible; be explicit
        raise GuardFailed(_("Kein Förderprogramm gewählt."), guard="plan_has_program")
    budget = ProgramBudget.objects.select_for_update().filter(program=program, year=year).first()
    if budget is None:
        raise GuardFailed(
            _(
                "Für %(program)s ist für %(year)s kein Budget hinterlegt. Eine Bewilligung wird "
                "auf das Jahr des Förderbeginns (%(start)s) gebucht; die Zentrale kann das "
                "Budget %(year)s in der Verwaltung anlegen."
            )
            % {
                "program": program,
                "year": year,
                "start": date_format(data["funding_start"], "SHORT_DATE_FORMAT"),
            },
            guard="budget_available",
            year=year,
        )
    if amount > budget.remaining:
        raise GuardFailed(
            _("Das Restbudget von %(program)s für %(year)s (%(remaining)s €) reicht nicht.")
            % {"program": program, "year": year, "remaining": money_text(budget.remaining)},
            guard="budget_available",
            year=year,
            remaining=str(budget.remaining),
        )
    budget.committed += amount
    budget.save(update_fields=["committed", "updated_at"])
    case_models.Decision.objects.create(
        case=case,
        outcome=case_models.DecisionOutcome.APPROVED,
        amount=amount,
        budget_year=year,
        funding_start=data["funding_start"],
        funding_end=data["funding_end"],
        conditions=data["conditions"],
        deciding_body=data["deciding_body"],
        decided_on=data["decided_on"],
    )
    case.report_due_on = data["funding_end"] + relativedelta(months=program.report_period_months)
    return {"amount": str(amount), "budget_year": year, "report_due_on": str(case.report_due_on)}


def reject(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    case_models.Decision.objects.create(
        case=case,
        outcome=case_models.DecisionOutcome.REJECTED,
        reasons=data["reasons"],
        deciding_body=data["deciding_body"],
        decided_on=data["decided_on"],
    )
    return {"reasons": data["reasons"]}


def submit_report(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    spent: dict[str, Decimal] = data["spent"]
    total = sum(spent.values(), Decimal("0"))
    case_models.Report.objects.update_or_create(
        case=case,
        defaults={
            "narrative": data["narrative"],
            "spent_by_line": {key: str(value) for key, value in spent.items()},
            "spent_total": total,
            "submitted_at": timezone.now(),
            "accepted_at": None,
        },
    )
    case.change_requests.filter(for_report=True, resolved=False).update(resolved=True)
    return {"spent_total": str(total)}


def repayment_due(
    *,
    financing_type: str,
    approved: Decimal,
    planned_total: Decimal,
    own_and_third: Decimal,
    spent: Decimal,
) -> Decimal:
    """What the association pays back when the report shows lower costs than planned
    (ANBest-P No. 2: the grant shrinks with the costs, by financing type):

    - Fehlbedarf (the grant covers the gap): the grant is what the spent costs leave after the
      own share and third-party money, so a saving reduces it in full;
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
    earned = min(approved, max(Decimal("0"), earned))
    return (approved - earned).quantize(Decimal("0.01"))


def accept_report(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    report, decision, plan = case.report, case.decision, case.financing_plan
    repayment = repayment_due(
        financing_type=plan.financing_type,
        approved=decision.amount or Decimal("0"),
        planned_total=plan.total_cost,
        own_and_third=plan.own_share + plan.third_party,
        spent=report.spent_total,
    )
    decision.repayment_amount = repayment
    decision.save(update_fields=["repayment_amount", "updated_at"])
    report.accepted_at = timezone.now()
    report.save(update_fields=["accepted_at", "updated_at"])
    return {"repayment_amount": str(repayment)}


def withdraw(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    case.withdrawal_reason = data.get("reason", "")
    return {}
