"""Render a letter of a case to PDF/A (WeasyPrint) from its template and the city's settings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone, translation

from backend.cases.models import Case
from backend.common.fields import money_text
from backend.letters.models import LetterSettings
from backend.programs.iban import iban_display


@dataclass(frozen=True)
class LetterKind:
    template: str
    title: str  # German: subject line and file name
    file_stem: str


APPROVAL = LetterKind(
    "letters/approval.html", "Zuwendungsbescheid (Bewilligung)", "Bewilligungsbescheid"
)
REJECTION = LetterKind("letters/rejection.html", "Ablehnungsbescheid", "Ablehnungsbescheid")
AMENDMENT = LetterKind("letters/amendment.html", "Änderungsbescheid", "Aenderungsbescheid")
FINAL = LetterKind(
    "letters/final.html", "Schlussbescheid mit Rückforderung", "Schlussbescheid-Rueckforderung"
)


def euro(value: Decimal | None) -> str:
    return f"{money_text(value or Decimal('0'))}\u00a0€"


def letter_context(case: Case) -> dict[str, Any]:
    decision = getattr(case, "decision", None)
    plan = getattr(case, "financing_plan", None)
    report = getattr(case, "report", None)
    context: dict[str, Any] = {
        "case": case,
        "settings": LetterSettings.for_city(case.quarter.city),
        "association": case.association,
        "contact": case.contact,
        "decision": decision,
        "plan": plan,
        "report": report,
        "letter_date": timezone.localdate(),
    }
    if decision is not None:
        context["amount"] = euro(decision.amount)
        context["repayment"] = euro(decision.repayment_amount)
    if plan is not None:
        context["total_cost"] = euro(plan.total_cost)
        context["own_share"] = euro(plan.own_share)
        context["third_party"] = euro(plan.third_party)
        if decision is not None and decision.amount and plan.total_cost:
            rate = decision.funding_rate or decision.amount * 100 / plan.total_cost
            context["rate"] = f"{rate.quantize(Decimal('0.1'))}".replace(".", ",")
        if decision is not None and decision.eligible_costs:
            context["total_cost"] = euro(decision.eligible_costs)
    if report is not None:
        context["spent"] = euro(report.spent_total)
    repayment = getattr(case, "repayment", None)
    if repayment is not None:
        context["repayment_record"] = repayment
        context["interest"] = euro(repayment.interest)
        context["repayment_total"] = euro(repayment.total)
        context["iban"] = iban_display(repayment.iban)
    if decision is not None and decision.pk:
        context["amendment"] = decision.amendments.order_by("-pk").first()
    return context


def letter_pdf(case: Case, kind: LetterKind) -> bytes:
    """The letter as PDF/A-3b, in German whatever language the request came in."""
    with translation.override("de"):
        html = render_to_string(kind.template, {**letter_context(case), "kind": kind})
    document = weasyprint.HTML(string=html)
    return bytes(document.write_pdf(pdf_variant="pdf/a-3b"))
