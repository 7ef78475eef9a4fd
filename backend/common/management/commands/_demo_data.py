"""Demo funding programmes and cases for ``manage.py demo``, created through the real services.

Programme figures follow the public description of Essen's Integrationsbudget (Kommunales
Integrationszentrum, deadlines 31 March and 31 August); amounts and budgets are demo values.
Every case is created with an idempotency key, so a second run finds it and changes nothing.

Each case has a history spread over the past year (``DemoCase.ago``): its submission and each
step run on their own day, with the clock set back by time-machine (a development dependency,
as the demo is: it refuses to run without DEBUG). The audit trail stays append-only and true
to the services; only the clock the services read is earlier. So the inbox shows recent
arrivals, change requests and reports coming due, and old closed cases.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.areas.models import Area, AreaKind, City
from backend.cases.models import Case
from backend.cases.services import (
    advice_session_record,
    case_create,
    financing_plan_save,
    payout_decide,
    payout_request,
    receipt_add,
    remedy_waive,
)
from backend.common.management.commands._demo_cases import (
    CASES,
    INTEGRATIONSBUDGET,
    VERFUEGUNGSFONDS,
    DemoCase,
)
from backend.letters.models import LetterSettings
from backend.programs.models import (
    ApplicationDeadline,
    FundingProgram,
    ProgramBudget,
    RepaymentSettings,
)
from workflows.actors import Actor
from workflows.services import case_transition

__all__ = ["CASES", "cases_ensure", "letter_settings_ensure", "programs_ensure", "today"]


#: The demo central office of each city (acts on the cases of vacant districts).
CENTRAL_OFFICE = {"essen": "zentrale", "oberhausen": "zentrale-ob"}


def letter_settings_ensure(city: City, postal_code: str = "45127") -> None:
    """Letterhead and signature of the city's demo letters (made-up contact data)."""
    LetterSettings.objects.get_or_create(
        city=city,
        defaults={
            "authority": f"Stadt {city.name} – Der Oberbürgermeister",
            "office": "Kommunales Integrationszentrum (Demo)",
            "address": f"Musterstraße 1\n{postal_code} {city.name}",
            "contact": f"Telefon 0000 000000 · integration-{city.slug}@demo.invalid",
            "place": city.name,
            "signature": "Im Auftrag\n\nIntegrationskoordination (Demo)",
            "payment_details": f"Stadt {city.name} (Demo), IBAN DE00 0000 0000 0000 0000 00",
        },
    )
    RepaymentSettings.objects.get_or_create(
        city=city,
        defaults={
            "payee": f"Stadt {city.name} (Demo), Stadtkasse",
            "iban": "DE02370502990000684712",  # a well-known test IBAN, not a real account
            "reference_prefix": "DEMO",
            "base_rate_percent": Decimal("1.27"),
        },
    )


ESSEN_PROGRAMS: list[dict[str, Any]] = [
    {
        "name": INTEGRATIONSBUDGET,
        "funder": "Stadt Essen, Kommunales Integrationszentrum",
        "description": (
            "Förderung kleiner Integrationsprojekte von Vereinen und Initiativen. "
            "Nachrangig: andere Budgets und Drittmittel gehen vor. Fristen: 31. März für das "
            "laufende Jahr und Kleinmaßnahmen, 31. August für das Folgejahr."
        ),
        "max_amount_per_case": Decimal("5000"),
        "min_own_share_percent": Decimal("10"),
        "report_period_months": 6,
        "budget": Decimal("60000"),
        "deadlines": [(3, 31, "Laufendes Jahr und Kleinmaßnahmen"), (8, 31, "Folgejahr")],
    },
    {
        "name": VERFUEGUNGSFONDS,
        "funder": "Stadt Essen, Stadterneuerung",
        "description": "Kleine Maßnahmen in den Programmgebieten der Sozialen Stadt.",
        "max_amount_per_case": Decimal("1500"),
        "min_own_share_percent": Decimal("0"),
        "report_period_months": 3,
        "budget": Decimal("15000"),
        "deadlines": [],
    },
]


def programs_ensure(
    city: City, today: date, specs: list[dict[str, Any]] | None = None
) -> dict[str, FundingProgram]:
    """Programmes (Essen's two unless ``specs``) with budgets for last, this and next year,
    and their deadlines."""
    specs = specs if specs is not None else ESSEN_PROGRAMS
    programs = {}
    for spec in specs:
        program, _created = FundingProgram.objects.get_or_create(
            city=city,
            name=spec["name"],
            defaults={
                key: spec[key]
                for key in (
                    "funder",
                    "description",
                    "max_amount_per_case",
                    "min_own_share_percent",
                    "report_period_months",
                )
            },
        )
        for year in (today.year - 1, today.year, today.year + 1):
            ProgramBudget.objects.get_or_create(
                program=program, year=year, defaults={"amount": spec["budget"]}
            )
            for month, day, label in spec["deadlines"]:
                ApplicationDeadline.objects.get_or_create(
                    program=program, due_on=date(year, month, day), defaults={"label": label}
                )
        programs[spec["name"]] = program
    return programs


def _lines(demo: DemoCase) -> list[dict[str, Any]]:
    return [{"label": label, "amount": Decimal(amount)} for label, amount in demo.cost]


def _run_step(step: str, case: Case, demo: DemoCase, ctx: dict[str, Any]) -> Case:
    actor: Actor = ctx["actor"]
    today: date = ctx["today"]
    if step == "session":
        advice_session_record(
            case=case,
            actor=actor,
            held_on=today - timedelta(days=2),
            place="Büro der Integrationskoordination",
            notes="Idee besprochen; bestehende Angebote im Stadtteil angesehen.",
            next_steps="Finanzierungsplan mit Eigenanteil aufstellen.",
        )
    elif step == "plan":
        lines = _lines(demo)
        total = sum((line["amount"] for line in lines), Decimal("0"))
        own_share = (total * Decimal("0.1")).quantize(Decimal("1"))
        start = today + timedelta(days=30)
        financing_plan_save(
            case=case,
            actor=actor,
            program=ctx["programs"][demo.program],
            financing_type="fehlbedarf",
            own_share=own_share,
            third_party=Decimal("0"),
            requested_amount=total - own_share,
            funding_start=start,
            funding_end=start + timedelta(days=70),
            lines=lines,
        )
    elif step in AFTER_DECISION:
        AFTER_DECISION[step](case, actor)
    else:
        case = case_transition(case=case, name=step, actor=actor, data=_data(step, case, today))
    case.refresh_from_db()
    return case


def _waive(case: Case, actor: Actor) -> None:
    remedy_waive(case=case, actor=Actor.applicant(case))


def _payout(case: Case, actor: Actor) -> None:
    """The association calls the whole amount; the coordination pays it."""
    amount = case.decision.amount or Decimal("0")
    payout = payout_request(
        case=case, actor=Actor.applicant(case), amount=amount, needed_within_two_months=True
    )
    case.refresh_from_db()
    payout_decide(case=case, actor=actor, payout_id=payout.pk, approve=True)


def _receipts(case: Case, actor: Actor) -> None:
    """One receipt per plan line, as planned."""
    for line in case.financing_plan.lines.all():
        case.refresh_from_db()
        receipt_add(
            case=case,
            actor=Actor.applicant(case),
            line_id=line.pk,
            paid_on=case.decision.funding_start or timezone.localdate(),
            payee="Demo-Empfänger",
            reason=line.label,
            amount=line.amount,
        )


AFTER_DECISION = {"waive": _waive, "payout": _payout, "receipts": _receipts}


def _data(step: str, case: Case, today: date) -> dict[str, Any]:
    if step == "request_changes":
        return {
            "message": "Bitte reichen Sie die Satzung und einen Kostenvoranschlag für die "
            "Trikots nach.",
            "due_on": today + timedelta(days=14),
        }
    if step == "approve":
        plan = case.financing_plan
        return {
            "amount": plan.requested_amount,
            "funding_start": plan.funding_start,
            "funding_end": plan.funding_end,
            "deciding_body": "Kommunales Integrationszentrum",
        }
    if step == "reject":
        return {
            "reasons": "Das Budget des Jahres ist für Freizeitangebote ausgeschöpft; bitte "
            "wenden Sie sich an den Seniorenbeirat.",
            "deciding_body": "Kommunales Integrationszentrum",
        }
    if step == "submit_report":
        lines = case.financing_plan.lines.all()
        return {
            "narrative": "Drei Aufführungen mit insgesamt 240 Gästen.",
            "spent": {str(line.pk): str(line.amount) for line in lines},
        }
    if step == "refer":
        return {
            "referral_kind": "other_funder",
            "reason": "Dauerhafte Beratung fördert das "
            "Land über das Programm KOMM-AN NRW; Kontakt zum Integrationsrat vermittelt.",
        }
    return {}


def cases_ensure(
    city: City,
    programs: dict[str, FundingProgram],
    today: date,
    cases: list[DemoCase] | None = None,
) -> int:
    """Create the demo cases (Essen's unless ``cases``) that do not exist yet; returns how
    many were created."""
    created = 0
    for demo in CASES if cases is None else cases:
        if len(demo.ago) != len(demo.steps) + 1:
            raise ValueError(f"demo case {demo.key}: one day for the submission and each step")
        with transaction.atomic():
            if _case_create(city, demo, programs, today):
                created += 1
    return created


def _on_day(today: date, days_ago: int, order: int) -> time_machine.travel:
    """The clock on the morning ``days_ago`` days before today, a minute per step.

    Before ten o'clock on the day itself that morning has not come yet: the steps of today
    then lie between midnight and now, still in their order, so nothing happens in the future.
    """
    day = today - timedelta(days=days_ago)
    moment = timezone.make_aware(datetime.combine(day, time(9, order)))
    now = timezone.now()
    if now < timezone.make_aware(datetime.combine(day, time(10, 0))):
        midnight = timezone.make_aware(datetime.combine(day, time.min))
        moment = midnight + (now - midnight) * (order + 1) / (order + 2)
    return time_machine.travel(moment, tick=False)


def _case_create(
    city: City, demo: DemoCase, programs: dict[str, FundingProgram], today: date
) -> bool:
    """Create one demo case and walk it through its steps, each on its day."""
    with _on_day(today, demo.ago[0], 0):
        result = case_create(
            idea=_idea(city, demo),
            association={
                "name": demo.association,
                "postal_code": demo.postal_code,
                "legal_form": "ev",
                "street": "Musterstraße 1",
            },
            contact={
                "name": demo.contact,
                "email": f"{demo.key}@demo.invalid",
                "phone": "0201 000000",
            },
            idempotency_key=f"demo-{demo.key}",
        )
    if not result.created:
        return False
    case = result.case
    ctx: dict[str, Any] = {"actor": Actor.for_user(_coordinator(case)), "programs": programs}
    for order, (step, days_ago) in enumerate(zip(demo.steps, demo.ago[1:], strict=True), 1):
        with _on_day(today, days_ago, order):
            ctx["today"] = timezone.localdate()
            case = _run_step(step, case, demo, ctx)
    return True


def _idea(city: City, demo: DemoCase) -> dict[str, Any]:
    quarter = Area.objects.get(city=city, kind=AreaKind.QUARTER, name=demo.quarter)
    total = sum((Decimal(amount) for _label, amount in demo.cost), Decimal("0"))
    return {
        "title": demo.title,
        "challenge": demo.challenge,
        "affected": demo.affected,
        "intended_result": demo.intended_result,
        "quarter": quarter,
        "target_groups": demo.target_groups,
        "topics": demo.topics,
        "estimated_cost": total or None,
    }


def _coordinator(case: Case) -> User:
    """Who acts on a demo case: its assignee, or the city's demo central office for a case
    of a vacant district."""
    if case.assigned_to.has_usable_password():
        return case.assigned_to
    return User.objects.get(username=CENTRAL_OFFICE[case.city.slug])


def today() -> date:
    return timezone.localdate()
