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


def coordinator_for(district: Area, username: str | None = None) -> User:
    user = UserFactory(username=username or f"koord-{district.code.lower()}")
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
    }


def move(case: Case, name: str, actor: Actor, data: dict[str, Any] | None = None) -> Case:
    case.refresh_from_db()
    return case_transition(case=case, name=name, actor=actor, data=data or {})


def deadline(program: FundingProgram, days_from_today: int) -> ApplicationDeadline:
    return ApplicationDeadline.objects.create(
        program=program, due_on=clock.days_from_today(days_from_today)
    )
