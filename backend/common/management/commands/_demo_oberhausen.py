"""Oberhausen's demo (issue #24): a second city with one level of areas (six Sozialräume,
codes 1–6), its own coordinators, central office, programme and cases, strictly apart from
Essen's. The Sozialräume and the expert dialogues follow seed 004; people, associations and
amounts are made up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from backend.areas.models import Area, AreaKind, AssignmentRole, City, CoordinatorAssignment
from backend.common.management.commands import _demo_data
from backend.common.management.commands._demo_cases import DemoCase

BUDGET_OB = "Integrationsbudget Oberhausen (Demo)"
#: Sozialräume without a coordinator in the demo: their ideas go to the central queue.
VACANT = {"3", "6"}

PROGRAMS: list[dict[str, Any]] = [
    {
        "name": BUDGET_OB,
        "funder": "Stadt Oberhausen, Kommunales Integrationszentrum",
        "description": "Kleine Projekte aus den Expertendialogen im Sozialraum (Demo).",
        "max_amount_per_case": Decimal("3000"),
        "min_own_share_percent": Decimal("10"),
        "report_period_months": 6,
        "budget": Decimal("30000"),
        "deadlines": [(4, 30, "Frühjahrsrunde")],
    },
]


def _case(key: str, quarter: str, title: str, association: str, **more: Any) -> DemoCase:
    return DemoCase(
        key=key,
        quarter=quarter,
        title=title,
        association=association,
        postal_code=more.pop("postal_code", "46045"),
        contact=more.pop("contact", "Demo-Kontakt"),
        challenge=more.pop("challenge", "Im Sozialraum fehlt ein Ort, an dem man sich trifft."),
        affected=more.pop("affected", "Familien im Sozialraum"),
        intended_result=more.pop("intended_result", "Ein fester Treffpunkt, der bleibt."),
        target_groups=more.pop("target_groups", ["familien"]),
        topics=more.pop("topics", ["begegnung"]),
        program=BUDGET_OB,
        **more,
    )


CASES = [
    _case(
        "ob-elterncafe-styrum",
        "Oberhausen-Mitte/Styrum",
        "Elterncafé an der Grundschule",
        "Nachbarschaft Styrum e.V. (Demo)",
        ago=(3,),
    ),
    _case(
        "ob-sportfest-osterfeld",
        "Osterfeld",
        "Sportfest der Kulturen",
        "Sportfreunde Osterfeld (Demo)",
        postal_code="46117",
        topics=["sport", "begegnung"],
        ago=(20,),
    ),
    _case(
        "ob-lernhilfe-sterkrade",
        "Sterkrade-Nord",
        "Lernhilfe für neu zugewanderte Kinder",
        "Bildungsbrücke Sterkrade e.V. (Demo)",
        postal_code="46145",
        target_groups=["kinder", "neuzugewanderte"],
        topics=["bildung", "sprache"],
        cost=[("Honorare Lernbegleitung", "1800"), ("Material", "200")],
        steps=["start_advice", "session", "plan", "submit_application"],
        ago=(60, 55, 50, 45, 40),
    ),
]


def oberhausen_ensure(city: City, today: date) -> tuple[list[str], int]:
    """Coordinators, central office, programme, letters and cases of Oberhausen; returns
    the login lines and how many cases were created now."""
    lines = []
    for district in Area.objects.filter(city=city, kind=AreaKind.DISTRICT).order_by("code"):
        if district.code in VACANT:
            continue
        username = f"sozialraum-{district.code}"
        user = _demo_user(username, f"Koordination Sozialraum {district.name}", city=city)
        CoordinatorAssignment.objects.update_or_create(
            district=district, role=AssignmentRole.COORDINATOR, defaults={"user": user}
        )
        lines.append(f"  {username:<12} – Oberhausen, coordinator of Sozialraum {district.name}")
    central = _demo_data.CENTRAL_OFFICE["oberhausen"]
    _demo_user(
        central, "Zentrale Koordination Oberhausen (Demo)", city=city, is_central_office=True
    )
    lines.append(f"  {central:<12} – Oberhausen's central office, sees all Sozialräume")
    if not city.brand_colour:  # the public pages in the city's own colour (made up)
        city.brand_colour = "#7a1f3d"
        city.sender_email = "integration-oberhausen@demo.invalid"
        city.save(update_fields=["brand_colour", "sender_email"])
    _demo_data.letter_settings_ensure(city, postal_code="46045")
    programs = _demo_data.programs_ensure(city, today, PROGRAMS)
    created = _demo_data.cases_ensure(city, programs, today, CASES)
    return lines, created


def _demo_user(username: str, display_name: str, **flags: Any) -> Any:
    from backend.common.management.commands.demo import _demo_user as demo_user

    return demo_user(username, display_name, **flags)
