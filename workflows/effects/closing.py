"""Effects at the end of a project: the Verwendungsnachweis, its acceptance (with or without a
repayment) and the repayment's receipt. The figures are ``workflows.settlement``'s."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from backend.cases import models as case_models
from backend.programs.models import RepaymentSettings
from workflows.actors import Actor
from workflows.budget import decision_release, repayment_return
from workflows.errors import GuardFailed
from workflows.settlement import Settlement, case_settlement, interest_for

if TYPE_CHECKING:
    from backend.cases.models import Case

#: § 49a Abs. 3 VwVfG: interest of five percentage points above the base rate a year.
INTEREST_POINTS = Decimal("5")


def submit_report(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    simple = bool(case.program and case.program.simple_report)
    spent: dict[str, Decimal] = {} if simple else data["spent"]
    total = data["spent_total"] if simple else sum(spent.values(), Decimal("0"))
    plan = case.financing_plan
    own = data.get("own_share_actual")
    third = data.get("third_party_actual")
    case_models.Report.objects.update_or_create(
        case=case,
        defaults={
            "narrative": data["narrative"],
            "spent_by_line": {key: str(value) for key, value in spent.items()},
            "spent_total": total,
            "own_share_actual": plan.own_share if own is None else own,
            "third_party_actual": plan.third_party if third is None else third,
            "simple": simple,
            "submitted_at": timezone.now(),
            "accepted_at": None,
        },
    )
    case.change_requests.filter(for_report=True, resolved=False).update(resolved=True)
    return {"spent_total": str(total), "simple": simple}


def _settle(case: Case) -> Settlement:
    settlement = case_settlement(case)
    if settlement is None:  # the guards make this impossible; be explicit
        raise GuardFailed(_("Es liegt kein Verwendungsnachweis vor."), guard="report_present")
    program = case.program or case.financing_plan.program
    if settlement.never_paid > 0 and program is not None:
        decision_release(decision=case.decision, program=program, amount=settlement.never_paid)
    case.report.accepted_at = timezone.now()
    case.report.save(update_fields=["accepted_at", "updated_at"])
    case.decision.repayment_amount = settlement.repayment
    case.decision.save(update_fields=["repayment_amount", "updated_at"])
    return settlement


def _figures(settlement: Settlement) -> dict[str, Any]:
    return {
        "paid": str(settlement.paid),
        "earned": str(settlement.earned),
        "released": str(settlement.never_paid),
        "repayment_amount": str(settlement.repayment),
    }


def accept_report(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """Nothing to pay back: the grant is settled, money never paid out goes back."""
    return _figures(_settle(case))


@dataclass(frozen=True)
class RepaymentTerms:
    payee: str
    iban: str
    bic: str
    reference: str
    due_on: dt.date
    rate: Decimal


def repayment_terms(case: Case) -> RepaymentTerms:
    """Where and by when: the programme's payee and IBAN if it names them, else the city's
    (admin → Rückzahlungsangaben); refused if neither has an account."""
    program = case.program
    settings = RepaymentSettings.objects.filter(city_id=case.quarter.city_id).first()
    payee = (program.repayment_payee if program else "") or (settings.payee if settings else "")
    iban = (program.repayment_iban if program else "") or (settings.iban if settings else "")
    if not payee or not iban:
        raise GuardFailed(
            _(
                "Für Rückzahlungen ist noch kein Konto hinterlegt. Die Zentrale trägt Empfänger "
                "und IBAN in der Verwaltung unter „Rückzahlungsangaben“ (oder beim "
                "Förderprogramm) ein."
            ),
            guard="repayment_account",
        )
    prefix = settings.reference_prefix if settings else ""
    due_days = settings.due_days if settings else 30
    base = settings.base_rate_percent if settings else Decimal("0")
    return RepaymentTerms(
        payee=payee,
        iban=iban.replace(" ", "").upper(),
        bic=(settings.bic if settings and not (program and program.repayment_iban) else ""),
        reference=f"{prefix} {case.reference}".strip(),
        due_on=timezone.localdate() + dt.timedelta(days=due_days),
        rate=max(Decimal("0"), base + INTEREST_POINTS),
    )


def _last_payout_day(case: Case) -> dt.date | None:
    paid = case_models.Payout.objects.filter(case=case, status=case_models.PayoutStatus.PAID)
    return paid.order_by("-paid_on").values_list("paid_on", flat=True).first()


def demand_repayment(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """Partial revocation: what was paid beyond the earned grant is due, with interest where
    the coordinator charges it (§ 49a Abs. 3 VwVfG; waived by default: an association that
    spent less and repays in time is not to blame)."""
    terms = repayment_terms(case)
    settlement = _settle(case)
    interest, start, rate = Decimal("0"), None, None
    if data.get("charge_interest"):
        start = data.get("interest_from") or _last_payout_day(case) or timezone.localdate()
        rate = terms.rate
        interest = interest_for(settlement.repayment, rate, start, terms.due_on)
    repayment = case_models.Repayment.objects.create(
        case=case,
        principal=settlement.repayment,
        interest=interest,
        interest_from=start,
        interest_rate=rate,
        due_on=terms.due_on,
        payee=terms.payee,
        iban=terms.iban,
        bic=terms.bic,
        reference=terms.reference,
    )
    return {
        **_figures(settlement),
        "repayment": repayment.pk,
        "interest": str(interest),
        "due_on": terms.due_on.isoformat(),
    }


def confirm_repayment(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """The money came in: it goes back to the programme's budget of the year it came in."""
    repayment = case.repayment
    received_on: dt.date = data["received_on"]
    program = case.program or case.financing_plan.program
    if program is None:  # impossible after an approval; be explicit
        raise GuardFailed(_("Kein Förderprogramm gewählt."), guard="plan_has_program")
    budget = repayment_return(program=program, year=received_on.year, amount=repayment.principal)
    repayment.received_on = received_on
    repayment.received_amount = data["received_amount"]
    repayment.budget = budget
    repayment.save()
    return {
        "received_on": received_on.isoformat(),
        "received_amount": str(data["received_amount"]),
        "budget_year": budget.year,
    }
