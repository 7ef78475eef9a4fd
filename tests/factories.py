"""factory_boy factories and helpers that build cases the way the product does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory

from backend.accounts.models import User
from backend.areas.models import Area, AreaKind, AssignmentRole, City, CoordinatorAssignment
from backend.cases.models import Case
from backend.cases.services import case_create, financing_plan_save
from backend.programs.models import ApplicationDeadline, FundingProgram, ProgramBudget
from tests import clock
from workflows.actors import Actor
from workflows.services import case_transition


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username.title())
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("secret-pass-123")
    # The tenant: test users work for Essen unless a test says otherwise.
    city = factory.LazyFunction(lambda: City.objects.filter(slug="essen").first())


def coordinator_for(district: Area, username: str | None = None) -> User:
    default = f"koord-{district.code.lower()}"
    if district.city.slug != "essen":
        default = f"koord-{district.city.slug}-{district.code.lower()}"
    user = UserFactory(username=username or default, city=district.city)
    CoordinatorAssignment.objects.update_or_create(
        district=district, role=AssignmentRole.COORDINATOR, defaults={"user": user}
    )
    return user


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingProgram

    city = factory.LazyFunction(lambda: City.objects.get(slug="essen"))
    name = factory.Sequence(lambda n: f"Integrationsbudget {n}")
    funder = "Stadt Essen, Kommunales Integrationszentrum"
    max_amount_per_case = Decimal("5000.00")
    min_own_share_percent = Decimal("10")
    report_period_months = 6


def budget_for(program: FundingProgram, amount: str, year: int | None = None) -> ProgramBudget:
    """One year's budget (by default the year the default project is booked to)."""
    return ProgramBudget.objects.create(
        program=program, year=year or clock.booking_year(), amount=Decimal(amount)
    )


def budgets_for_period(
    program: FundingProgram, amount: str, start: date | None = None
) -> list[ProgramBudget]:
    """A budget of ``amount`` for every year the default funding period touches."""
    return [
        ProgramBudget.objects.get_or_create(
            program=program, year=year, defaults={"amount": Decimal(amount)}
        )[0]
        for year in clock.years_of(*clock.funding_period(start))
    ]


def booked_budget(program: FundingProgram, start: date | None = None) -> ProgramBudget:
    """The budget an approval of the default project (starting at ``start``) is booked to."""
    return ProgramBudget.objects.get(program=program, year=clock.booking_year(start))


def quarter(name: str = "Borbeck-Mitte") -> Area:
    return Area.objects.get(kind=AreaKind.QUARTER, name=name)


def submit_idea(quarter_name: str = "Borbeck-Mitte", **overrides: Any) -> Case:
    idea = {
        "title": "Sprachcafé für Eltern",
        "challenge": "Eltern ohne Deutschkenntnisse finden schwer Anschluss an die Kita.",
        "affected": "Neu zugewanderte Eltern im Stadtteil",
        "intended_result": "Eltern sprechen sicherer Deutsch und kennen Angebote im Quartier.",
        "first_ideas": "Wöchentliches Treffen mit Kinderbetreuung",
        "quarter": quarter(quarter_name),
        "target_groups": ["familien", "neuzugewanderte"],
        "topics": ["sprache", "begegnung"],
        "estimated_cost": Decimal("3000"),
        **overrides.pop("idea", {}),
    }
    created = case_create(
        idea=idea,
        association={
            "name": overrides.pop("association_name", "Kulturbrücke Borbeck e.V."),
            "postal_code": "45355",
            "legal_form": "ev",
            "street": "Marktstraße 1",
        },
        contact={"name": "Ayşe Demir", "email": "ayse@example.org", "phone": "0201 123456"},
        **overrides,
    )
    return created.case


def complete_plan(case: Case, actor: Actor, program: FundingProgram, requested: str = "2700"):
    requested_amount = Decimal(requested)
    return financing_plan_save(
        case=case,
        actor=actor,
        program=program,
        financing_type="fehlbedarf",
        own_share=Decimal("300"),
        third_party=Decimal("0"),
        requested_amount=requested_amount,
        funding_start=clock.funding_period()[0],
        funding_end=clock.funding_period()[1],
        lines=[
            {"label": "Honorare Sprachmittlung", "amount": requested_amount},
            {"label": "Material", "amount": Decimal("300")},
        ],
    )


def approve_data(amount: str = "2700", start: date | None = None) -> dict[str, str]:
    start, end = clock.funding_period(start)
    return {
        "amount": amount,
        "funding_start": start.isoformat(),
        "funding_end": end.isoformat(),
        "deciding_body": "Kommunales Integrationszentrum",
        # Needed when less than requested is approved (§ 39 VwVfG); harmless otherwise.
        "reasons": "Gekürzt um nicht förderfähige Bewirtung.",
    }


def move(case: Case, name: str, actor: Actor, data: dict[str, Any] | None = None) -> Case:
    case.refresh_from_db()
    return case_transition(case=case, name=name, actor=actor, data=data or {})


def deadline(program: FundingProgram, days_from_today: int) -> ApplicationDeadline:
    return ApplicationDeadline.objects.create(
        program=program, due_on=clock.days_from_today(days_from_today)
    )


# --- after the decision -----------------------------------------------------------------


def repayment_account(city_slug: str = "essen"):
    """The city's account for repayments (admin → Rückzahlungsangaben)."""
    from backend.programs.models import RepaymentSettings

    return RepaymentSettings.objects.update_or_create(
        city=City.objects.get(slug=city_slug),
        defaults={
            "payee": "Stadt Essen, Stadtkasse",
            "iban": "DE02370502990000684712",
            "bic": "COLSDE33",
            "reference_prefix": "KZ 5100",
            "due_days": 30,
            "base_rate_percent": Decimal("1.27"),
        },
    )[0]


def waive_remedies(case: Case) -> None:
    """The association declares its Rechtsbehelfsverzicht: the decision is final today."""
    from backend.cases.services import remedy_waive

    case.refresh_from_db()
    remedy_waive(case=case, actor=Actor.applicant(case))


def pay_out(case: Case, coordinator_actor: Actor, amount: str) -> Any:
    """A payout request of the association, paid by the coordination (the decision is made
    final by a waiver first, if it is not yet)."""
    from backend.cases.models import Decision
    from backend.cases.services import payout_decide, payout_request

    if not Decision.objects.get(case=case).is_final():
        waive_remedies(case)
    case.refresh_from_db()
    payout = payout_request(
        case=case,
        actor=Actor.applicant(case),
        amount=Decimal(amount),
        needed_within_two_months=True,
    )
    case.refresh_from_db()
    return payout_decide(case=case, actor=coordinator_actor, payout_id=payout.pk, approve=True)


def to_period_end(time_machine: Any, case: Case) -> None:
    """Move the clock to the last day of the case's funding period (noon, ticking)."""
    from backend.cases.models import Decision

    end = Decision.objects.get(case=case).funding_end
    time_machine.move_to(clock.pinned_moment(end), tick=True)


def receipts_for(case: Case, amounts: list[str]) -> dict[str, str]:
    """One receipt per plan line with these amounts (dated the period's first day); returns
    the ``spent`` mapping of a report that matches them."""
    from backend.cases.models import Decision
    from backend.cases.services import receipt_add

    decision = Decision.objects.get(case=case)
    spent = {}
    for line, amount in zip(case.financing_plan.lines.all(), amounts, strict=True):
        case.refresh_from_db()
        receipt_add(
            case=case,
            actor=Actor.applicant(case),
            line_id=line.pk,
            paid_on=decision.funding_start,
            payee="Honorarkraft",
            reason=f"Beleg {line.label}",
            amount=Decimal(amount),
        )
        spent[str(line.pk)] = amount
    return spent


def report_data(case: Case, amounts: list[str], **extra: Any) -> dict[str, Any]:
    """Receipts for the amounts, and the report's payload that matches them."""
    return {
        "narrative": "Zwölf Treffen mit 15 Eltern.",
        "spent": receipts_for(case, amounts),
        **extra,
    }
