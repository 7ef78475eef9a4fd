"""A coordinator's day in a real Chromium: log in, find the new idea, advise, plan, request
changes, approve within budget; another district is turned away. axe-core checks every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from backend.cases.models import Case
from backend.offerings.models import Offering
from tests.browser.helpers import SCREENSHOT_DIR, assert_no_axe_violations, screenshot
from tests.factories import (
    ProgramFactory,
    booked_budget,
    budgets_for_period,
    coordinator_for,
    quarter,
    submit_idea,
)

pytestmark = pytest.mark.browser
PASSWORD = "demo"


def _coordinator(district_code: str):
    from backend.areas.models import Area

    district = Area.objects.get(city__slug="essen", kind="district", code=district_code)
    user = coordinator_for(district, f"bezirk-{district_code.lower()}")
    user.display_name = f"Koordination Bezirk {district_code}"
    user.email = f"bezirk-{district_code.lower()}@example.org"
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(essen):
    """What the demo has: coordinators of IV and III, a programme with budget, a new idea."""
    _coordinator("IV")
    _coordinator("III")
    program = ProgramFactory(name="Integrationsbudget Essen")
    budgets_for_period(program, "60000")
    Offering.objects.create(
        city=essen,
        title="Sprachcafé Borbeck",
        description="Deutsch sprechen bei Kaffee und Kuchen, für Eltern und Neuzugewanderte.",
        provider="Familienzentrum Borbeck",
        quarter=quarter("Borbeck-Mitte"),
        target_groups=["familien"],
        topics=["sprache", "begegnung"],
        external_id="sc-borbeck",
    )
    case = submit_idea("Borbeck-Mitte", idea={"title": "Sprachcafé für Eltern"})
    return {"program": program, "case": case}


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()


def open_action(page: Page, name: str):
    action = page.locator(f"#schritt-{name}")
    action.locator("summary").click()
    return action


def days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def test_coordinator_takes_an_idea_from_inbox_to_approval(
    page: Page, live_server: LiveServer, world
) -> None:
    case: Case = world["case"]
    page.goto("/koordination/")
    expect(page).to_have_url(f"{live_server.url}/koordination/anmelden/?next=/koordination/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    screenshot(page, "workspace-login")
    assert_no_axe_violations(page)

    log_in(page, "bezirk-iv")
    expect(page.get_by_role("heading", name="Eingang", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Sprachcafé für Eltern")
    expect(row).to_contain_text("Idee eingereicht")
    screenshot(page, "workspace-inbox")
    assert_no_axe_violations(page)

    row.get_by_role("link", name="Sprachcafé für Eltern").click()
    expect(page.get_by_role("heading", name="Sprachcafé für Eltern", level=1)).to_be_visible()
    screenshot(page, "workspace-case-idea")
    assert_no_axe_violations(page)

    # Start advice.
    open_action(page, "start_advice").get_by_role("button", name="Beratung beginnen").click()
    expect(page.locator(".messages")).to_contain_text("Neuer Status: In Beratung")

    # Judge the overlap with the existing Sprachcafé.
    match = page.locator(".ws-overlaps > li").filter(has_text="Sprachcafé Borbeck")
    match.locator("summary").click()
    match.get_by_label("Bewertung", exact=True).select_option(label="ergänzt das Bestehende")
    match.get_by_label("Notiz").fill("Anderer Wochentag, mit Kinderbetreuung")
    match.get_by_role("button", name="Bewertung speichern").click()
    expect(page.locator(".messages")).to_contain_text("Bewertung ist gespeichert")
    expect(page.locator("#ueberschneidungen")).to_contain_text("ergänzt das Bestehende")

    # Record an advice session.
    page.get_by_text("Beratungsgespräch erfassen").click()
    form = page.locator("#beratung-erfassen")
    form.get_by_label("Datum").fill(days(-1))
    form.get_by_label("Ort").fill("Stadtteilbüro Borbeck")
    form.get_by_label("Notizen").fill("Idee besprochen, Sprachcafé im Familienzentrum geplant.")
    form.get_by_label("Nächste Schritte").fill("Finanzierungsplan aufstellen")
    form.get_by_role("button", name="Gespräch speichern").click()
    expect(page.locator(".messages")).to_contain_text("Beratungsgespräch ist gespeichert")
    expect(page.locator("#beratung")).to_contain_text("Stadtteilbüro Borbeck")

    # The financing plan: two cost lines (the second added with the button), within budget.
    page.get_by_text("Finanzierungsplan anlegen").click()
    plan = page.locator("#plan-bearbeiten")
    plan.get_by_label("Förderprogramm").select_option(
        label="Integrationsbudget Essen (höchstens 5.000,00 €, Eigenanteil mindestens 10 %)"
    )
    plan.locator("#plan-lines-0-label").fill("Honorare Sprachmittlung")
    plan.locator("#plan-lines-0-amount").fill("2700")
    plan.get_by_role("button", name="Weitere Kostenposition").click()
    plan.locator("#plan-lines-1-label").fill("Material")
    plan.locator("#plan-lines-1-amount").fill("300")
    plan.get_by_label("Eigenanteil (€)").fill("300")
    plan.get_by_label("Beantragter Betrag (€)").fill("2700")
    plan.get_by_label("Projektbeginn").fill(days(30))
    plan.get_by_label("Projektende").fill(days(200))
    expect(plan.locator("[data-plan-sum]")).to_contain_text("✓")
    screenshot(page, "workspace-plan-editor")
    plan.get_by_role("button", name="Finanzierungsplan speichern").click()
    expect(page.locator(".messages")).to_contain_text("Finanzierungsplan ist gespeichert")
    expect(page.locator("#finanzierung")).to_contain_text("3.000,00")

    # Submit the application, then ask for changes, then submit again.
    open_action(page, "submit_application").get_by_role("button", name="Antrag einreichen").click()
    expect(page.locator(".messages")).to_contain_text("Neuer Status: Antrag gestellt")
    action = open_action(page, "request_changes")
    action.get_by_label("Was fehlt oder soll geändert werden?").fill("Bitte Satzung nachreichen.")
    action.get_by_label("Frist").fill(days(7))
    action.get_by_role("button", name="Änderungen anfordern").click()
    expect(page.locator(".messages")).to_contain_text("Neuer Status: In Beratung")
    expect(page.locator("#nachforderungen")).to_contain_text("Bitte Satzung nachreichen.")
    open_action(page, "submit_application").get_by_role("button", name="Antrag einreichen").click()
    expect(page.locator(".messages")).to_contain_text("Neuer Status: Antrag gestellt")

    # A wrong amount first: the error comes back inline, focused, with the input kept.
    action = open_action(page, "approve")
    action.get_by_label("Bewilligter Betrag (€)").fill("9000")
    action.get_by_label("Bewilligungszeitraum von").fill(days(30))
    action.get_by_label("Bewilligungszeitraum bis").fill(days(200))
    action.get_by_label("Entscheidende Stelle").fill("Kommunales Integrationszentrum")
    action.get_by_role("button", name="Bewilligen").click()
    summary = page.locator("#schritt-approve .error-summary")
    expect(summary).to_contain_text("nicht übersteigen")
    expect(summary).to_be_focused()
    expect(page.locator("#schritt-approve").get_by_label("Entscheidende Stelle")).to_have_value(
        "Kommunales Integrationszentrum"
    )
    screenshot(page, "workspace-case-approve-error")
    assert_no_axe_violations(page)

    page.locator("#schritt-approve").get_by_label("Bewilligter Betrag (€)").fill("2700")
    page.locator("#schritt-approve").get_by_role("button", name="Bewilligen").click()
    expect(page.locator(".messages")).to_contain_text("Neuer Status: Bewilligt, Projekt läuft")
    expect(page.locator("#entscheidung")).to_contain_text("2.700,00")
    screenshot(page, "workspace-case-approved")
    assert_no_axe_violations(page)

    case.refresh_from_db()
    assert case.state == "decision"
    assert booked_budget(world["program"]).committed == 2700


def test_coordinator_of_another_district_cannot_open_the_case(
    page: Page, live_server: LiveServer, world
) -> None:
    page.goto("/koordination/anmelden/")
    log_in(page, "bezirk-iii")
    expect(page.get_by_role("heading", name="Eingang", level=1)).to_be_visible()
    expect(page.get_by_text("Sprachcafé für Eltern")).to_have_count(0)

    response = page.goto(f"/koordination/faelle/{world['case'].reference}/")

    assert response is not None
    assert response.status == 404  # as for a case that does not exist: no existence oracle
    expect(page.get_by_role("heading", name="Diese Seite gibt es nicht")).to_be_visible()
    expect(page.get_by_role("link", name="Zurück zu Ihren Fällen")).to_be_visible()
    screenshot(page, "workspace-other-district")
    assert_no_axe_violations(page)


def test_two_coordinators_at_once_get_the_stale_message(
    page: Page, chromium: Browser, live_server: LiveServer, world
) -> None:
    case = world["case"]
    page.goto("/koordination/anmelden/")
    log_in(page, "bezirk-iv")
    page.goto(f"/koordination/faelle/{case.reference}/")
    other = chromium.new_context(base_url=live_server.url, locale="de-DE").new_page()
    other.goto("/koordination/anmelden/")
    log_in(other, "bezirk-iv")
    other.goto(f"/koordination/faelle/{case.reference}/")
    open_action(other, "start_advice").get_by_role("button", name="Beratung beginnen").click()
    expect(other.locator(".messages")).to_contain_text("In Beratung")
    other.context.close()

    action = open_action(page, "withdraw")
    action.get_by_label("Kommentar").fill("Verein zieht zurück")
    action.get_by_role("button", name="Zurückziehen").click()

    expect(page.locator(".error-summary")).to_contain_text("Der Fall wurde inzwischen geändert")
    expect(page.locator("#schritt-withdraw").get_by_label("Kommentar")).to_have_value(
        "Verein zieht zurück"
    )
    screenshot(page, "workspace-case-stale")
    assert Case.objects.get(pk=case.pk).state == "advice"


def test_the_inbox_fits_a_phone(page: Page, live_server: LiveServer, world) -> None:
    """At 375 px nothing is cut off: the page is no wider than the screen (the case table
    scrolls inside its own box)."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/koordination/")
    log_in(page, "bezirk-iv")
    expect(page.get_by_role("heading", name="Eingang", level=1)).to_be_visible()

    width = page.evaluate("() => document.documentElement.scrollWidth")

    screenshot(page, "phone-375-workspace-inbox")
    assert width <= 375
    assert_no_axe_violations(page)


def test_coordinator_checks_an_older_idea_again(page: Page, live_server: LiveServer, world) -> None:
    """A similar idea that came in later shows on the older case after "Jetzt neu prüfen";
    what the first check said stays readable under "Frühere Prüfungen"."""
    older = world["case"]
    later = submit_idea(association_name="Elternnetz Borbeck", idea={"title": "Elterncafé"})
    page.goto("/koordination/anmelden/")
    log_in(page, "bezirk-iv")
    page.goto(f"/koordination/faelle/{older.reference}/")
    panel = page.locator("#ueberschneidungen")
    expect(panel).to_contain_text("Keine ähnlichen Ideen im Stadtbezirk.")

    panel.get_by_role("button", name="Jetzt neu prüfen").click()

    expect(page.locator(".messages")).to_contain_text(
        "Die Überschneidungsprüfung ist aktualisiert."
    )
    expect(panel).to_contain_text(later.reference)
    expect(panel).to_contain_text("wiederholt von Koordination Bezirk IV")
    panel.get_by_text("Frühere Prüfung (1)").click()
    expect(panel.locator("#fruehere-pruefungen")).to_contain_text("bei der Einreichung")
    screenshot(page, "workspace-overlap-checked-again")
    panel.screenshot(path=str(SCREENSHOT_DIR / "workspace-overlap-panel.png"))
    assert_no_axe_violations(page)


def test_the_case_page_fits_a_phone(page: Page, live_server: LiveServer, world) -> None:
    """At 375 px the case page (overlap panel with its re-check, documents, forms) is no wider
    than the screen, and axe finds nothing."""
    submit_idea(association_name="Elternnetz Borbeck", idea={"title": "Elterncafé"})
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/koordination/anmelden/")
    log_in(page, "bezirk-iv")
    page.goto(f"/koordination/faelle/{world['case'].reference}/")
    page.locator("#ueberschneidungen").get_by_role("button", name="Jetzt neu prüfen").click()
    expect(page.locator(".messages")).to_contain_text("aktualisiert")
    page.wait_for_load_state("load")

    width = page.evaluate("() => document.documentElement.scrollWidth")

    screenshot(page, "phone-375-workspace-case")
    assert width <= 375
    assert_no_axe_violations(page)
