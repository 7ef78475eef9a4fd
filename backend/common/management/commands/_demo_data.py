"""Demo funding programmes and cases for ``manage.py demo``, created through the real services.

Programme figures follow the public description of Essen's Integrationsbudget (Kommunales
Integrationszentrum, deadlines 31 March and 31 August); amounts and budgets are demo values.
Every case is created with an idempotency key, so a second run finds it and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.areas.models import Area, AreaKind, City
from backend.cases.models import Case
from backend.cases.services import advice_session_record, case_create, financing_plan_save
from backend.programs.models import ApplicationDeadline, FundingProgram, ProgramBudget
from workflows.actors import Actor
from workflows.services import case_transition

INTEGRATIONSBUDGET = "Integrationsbudget Essen"
VERFUEGUNGSFONDS = "Verfügungsfonds Soziale Stadt (Demo)"


def programs_ensure(city: City, today: date) -> dict[str, FundingProgram]:
    """Two programmes with budgets for last, this and next year, and their deadlines."""
    specs: list[dict[str, Any]] = [
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


@dataclass
class DemoCase:
    key: str
    quarter: str
    title: str
    association: str
    postal_code: str
    contact: str
    challenge: str
    affected: str
    intended_result: str
    target_groups: list[str]
    topics: list[str]
    cost: list[tuple[str, str]] = field(default_factory=list)  # cost lines
    steps: list[str] = field(default_factory=list)  # what happens after submission
    program: str = INTEGRATIONSBUDGET


CASES = [
    DemoCase(
        "sprachcafe-borbeck",
        "Borbeck-Mitte",
        "Sprachcafé für Eltern",
        "Kulturbrücke Borbeck e.V.",
        "45355",
        "Ayşe Demir",
        "Eltern ohne Deutschkenntnisse finden schwer Anschluss an Kita und Schule.",
        "Neu zugewanderte Eltern in Borbeck",
        "Eltern sprechen sicherer Deutsch und kennen die Angebote im Quartier.",
        ["familien", "neuzugewanderte"],
        ["sprache", "begegnung"],
    ),
    DemoCase(
        "naehwerkstatt-dellwig",
        "Dellwig",
        "Nähwerkstatt für Frauen",
        "Frauenforum Dellwig e.V.",
        "45357",
        "Marija Kovač",
        "Frauen mit Fluchtgeschichte sind im Stadtteil kaum sichtbar und oft allein.",
        "Frauen mit Fluchtgeschichte",
        "Ein fester Treffpunkt mit Nähkursen und Austausch.",
        ["frauen", "gefluechtete"],
        ["begegnung", "arbeit"],
        steps=["start_advice", "session"],
    ),
    DemoCase(
        "hausaufgaben-frintrop",
        "Frintrop",
        "Hausaufgabenhilfe in vielen Sprachen",
        "Bildungsbrücke Frintrop e.V.",
        "45359",
        "Hassan Yilmaz",
        "Kinder aus zugewanderten Familien bekommen zu Hause wenig Hilfe bei Hausaufgaben.",
        "Grundschulkinder und ihre Eltern",
        "Bessere Noten und Eltern, die mitreden können.",
        ["kinder", "familien"],
        ["bildung", "sprache"],
        cost=[("Honorare Lernbegleitung", "3200"), ("Lernmaterial", "400")],
        steps=["start_advice", "session", "plan", "submit_application"],
    ),
    DemoCase(
        "strassenfussball-altendorf",
        "Altendorf",
        "Straßenfußball-Liga Altendorf",
        "SV Altendorf 1923 e.V.",
        "45143",
        "Jonas Becker",
        "Jugendliche treffen sich abends ohne Angebot auf dem Bolzplatz; es gibt Streit.",
        "Jugendliche zwischen 12 und 18",
        "Eine faire Liga mit eigenen Regeln und Trainer*innen aus dem Stadtteil.",
        ["jugendliche"],
        ["sport", "begegnung"],
        cost=[("Trainerhonorare", "2400"), ("Bälle und Trikots", "600")],
        steps=["start_advice", "plan", "submit_application", "request_changes"],
    ),
    DemoCase(
        "garten-altenessen",
        "Altenessen-Süd",
        "Interkultureller Nachbarschaftsgarten",
        "Grüne Mitte Altenessen e.V.",
        "45326",
        "Olena Shevchenko",
        "Nachbarinnen und Nachbarn verschiedener Herkunft begegnen sich kaum.",
        "Alle im Quartier",
        "Ein Gemeinschaftsgarten, den Nachbar*innen gemeinsam pflegen.",
        ["alle"],
        ["nachbarschaft", "begegnung"],
        cost=[("Hochbeete und Erde", "1800"), ("Werkzeug", "500"), ("Fest zur Eröffnung", "300")],
        steps=["start_advice", "session", "plan_past", "submit_application", "approve"],
    ),
    DemoCase(
        "theater-katernberg",
        "Katernberg",
        "Theaterprojekt „Unser Zollverein“",
        "Bühne Katernberg e.V.",
        "45327",
        "Samira El Amrani",
        "Jugendliche erzählen selten ihre eigene Geschichte des Stadtteils.",
        "Jugendliche aus Katernberg",
        "Ein Theaterstück mit drei Aufführungen im Stadtteil.",
        ["jugendliche"],
        ["kultur"],
        cost=[("Theaterpädagogik", "2500"), ("Raummiete", "700")],
        steps=[
            "start_advice",
            "plan_past",
            "submit_application",
            "approve",
            "submit_report",
            "accept_report",
        ],
    ),
    DemoCase(
        "sozialberatung-stadtkern",
        "Stadtkern",
        "Mehrsprachige Sozialberatung",
        "Netzwerk Migration Essen e.V.",
        "45127",
        "Dimitrios Papadopoulos",
        "Viele Menschen verstehen Bescheide von Ämtern nicht.",
        "Neuzugewanderte in der Innenstadt",
        "Beratung in fünf Sprachen an zwei Tagen pro Woche.",
        ["neuzugewanderte"],
        ["beratung"],
        steps=["refer"],
    ),
    DemoCase(
        "seniorentreff-steele",
        "Steele",
        "Seniorentreff international",
        "Begegnung Steele e.V.",
        "45276",
        "Fatma Aydın",
        "Ältere Migrant*innen sind einsam, seit die Kinder weggezogen sind.",
        "Senior*innen mit Migrationsgeschichte",
        "Ein wöchentlicher Treff mit Ausflügen.",
        ["senioren"],
        ["begegnung", "freizeit"],
        cost=[("Ausflüge", "2000"), ("Verpflegung", "600")],
        steps=["start_advice", "plan", "submit_application", "reject"],
    ),
    DemoCase(
        "chor-ruettenscheid",
        "Rüttenscheid",
        "Interkultureller Chor",
        "Chorgemeinschaft Rüttenscheid e.V.",
        "45130",
        "Lena Wagner",
        "Es fehlt ein Ort, an dem Menschen verschiedener Sprachen gemeinsam singen.",
        "Erwachsene aller Herkunft",
        "Ein Chor mit Liedern aus den Herkunftsländern.",
        ["alle"],
        ["kultur", "begegnung"],
    ),
]


def _lines(demo: DemoCase) -> list[dict[str, Any]]:
    return [{"label": label, "amount": Decimal(amount)} for label, amount in demo.cost]


def _run_step(step: str, case: Case, demo: DemoCase, ctx: dict[str, Any]) -> Case:
    actor: Actor = ctx["actor"]
    today: date = ctx["today"]
    if step == "session":
        advice_session_record(
            case=case,
            actor=actor,
            held_on=today - timedelta(days=10),
            place="Büro der Integrationskoordination",
            notes="Idee besprochen; bestehende Angebote im Stadtteil angesehen.",
            next_steps="Finanzierungsplan mit Eigenanteil aufstellen.",
        )
    elif step in ("plan", "plan_past"):
        lines = _lines(demo)
        total = sum((line["amount"] for line in lines), Decimal("0"))
        own_share = (total * Decimal("0.1")).quantize(Decimal("1"))
        start = today + timedelta(days=30) if step == "plan" else today - timedelta(days=200)
        financing_plan_save(
            case=case,
            actor=actor,
            program=ctx["programs"][demo.program],
            financing_type="fehlbedarf",
            own_share=own_share,
            third_party=Decimal("0"),
            requested_amount=total - own_share,
            funding_start=start,
            funding_end=start + timedelta(days=50),
            lines=lines,
        )
    else:
        case = case_transition(case=case, name=step, actor=actor, data=_data(step, case, today))
    case.refresh_from_db()
    return case


def _data(step: str, case: Case, today: date) -> dict[str, Any]:
    if step == "request_changes":
        return {
            "message": "Bitte reichen Sie die Satzung und einen Kostenvoranschlag für die "
            "Trikots nach.",
            "due_on": today + timedelta(days=5),
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


def cases_ensure(city: City, programs: dict[str, FundingProgram], today: date) -> int:
    """Create the demo cases that do not exist yet; returns how many were created."""
    created = 0
    for demo in CASES:
        with transaction.atomic():
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
                continue
            case = result.case
            ctx = {
                "actor": Actor.for_user(_coordinator(case)),
                "today": today,
                "programs": programs,
            }
            for step in demo.steps:
                case = _run_step(step, case, demo, ctx)
            created += 1
    return created


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
    """Who acts on a demo case: its assignee, or the demo central office for a vacant one."""
    if case.assigned_to.has_usable_password():
        return case.assigned_to
    return User.objects.get(username="zentrale")


def today() -> date:
    return timezone.localdate()
