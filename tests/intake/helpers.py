"""Data for the public-page tests: a valid idea as the form posts it, cases with their token."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from backend.areas.models import Area
from backend.cases.models import Case
from backend.cases.services import case_create
from backend.offerings.models import Offering
from tests.factories import quarter


def idea_post(**overrides: Any) -> dict[str, Any]:
    """Everything the idea form needs, as a browser would post it."""
    data: dict[str, Any] = {
        "title": "Sprachcafé für Eltern",
        "challenge": "Eltern ohne Deutschkenntnisse finden schwer Anschluss an die Kita.",
        "affected": "Neu zugewanderte Eltern in Borbeck",
        "intended_result": "Eltern sprechen sicherer Deutsch und kennen die Angebote.",
        "first_ideas": "Wöchentliches Treffen mit Kinderbetreuung",
        "next_steps": "",
        "responsible": "Vorstand",
        "participants": "",
        "quarter": str(quarter("Borbeck-Mitte").pk),
        "target_groups": ["familien", "neuzugewanderte"],
        "topics": ["sprache", "begegnung"],
        "estimated_cost": "3.000",
        "association_name": "Kulturbrücke Borbeck e.V.",
        "legal_form": "ev",
        "street": "Marktstraße 1",
        "postal_code": "45355",
        "town": "Essen",
        "contact_name": "Ayşe Demir",
        "email": "ayse@example.org",
        "phone": "0201 123456",
        "preferred_language": "de",
        "consent": "on",
        "website": "",
        "idempotency_key": "0123456789abcdef0123456789abcdef",
    }
    data.update(overrides)
    return data


def similar_offering(district_quarter: str = "Borbeck-Mitte", **overrides: Any) -> Offering:
    area: Area = quarter(district_quarter)
    values: dict[str, Any] = {
        "city_id": area.city_id,
        "title": "Elterncafé mit Sprachförderung",
        "description": "Deutsch lernen beim Kaffee, für Eltern aus der Kita.",
        "provider": "Familienzentrum Borbeck",
        "quarter": area,
        "target_groups": ["familien"],
        "topics": ["sprache"],
        "external_id": "test-elterncafe",
        **overrides,
    }
    return Offering.objects.create(**values)


def case_with_token(
    title: str = "Sprachcafé für Eltern",
    email: str = "ayse@example.org",
    quarter_name: str = "Borbeck-Mitte",
) -> tuple[Case, str]:
    created = case_create(
        idea={
            "title": title,
            "challenge": "Eltern finden schwer Anschluss.",
            "affected": "Eltern",
            "intended_result": "Eltern sprechen sicherer Deutsch.",
            "quarter": quarter(quarter_name),
            "target_groups": ["familien"],
            "topics": ["sprache"],
            "estimated_cost": Decimal("3000"),
        },
        association={
            "name": f"Verein {title}",
            "postal_code": "45355",
            "legal_form": "ev",
            "street": "Marktstraße 1",
        },
        contact={"name": "Ayşe Demir", "email": email, "phone": "0201 123456"},
    )
    return created.case, created.token
