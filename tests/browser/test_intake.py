"""Associations use the public pages in a real Chromium: submit an idea (with a mistake and its
repair), open the status link, apply after advice started, answer a change request, withdraw.

Every page is checked with axe-core (WCAG 2.1 AA) and photographed into
tests/browser/screenshots/ (git-ignored), also on a 390 px phone screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from backend.cases.forms import program_with_limits
from backend.cases.models import Case
from tests.browser.helpers import assert_no_axe_violations, measure_transfer, screenshot
from tests.factories import complete_plan, move
from tests.intake.helpers import case_with_token, similar_offering
from workflows.actors import Actor

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def fill_idea(page: Page, *, email: str = "ayse@example.org") -> None:
    page.get_by_label("Titel Ihrer Idee").fill("Sprachcafé für Eltern")
    page.get_by_label("Was ist die Herausforderung oder das Problem?").fill(
        "Eltern ohne Deutschkenntnisse finden schwer Anschluss an die Kita."
    )
    page.get_by_label("Wen betrifft das?").fill("Neu zugewanderte Eltern in Borbeck")
    page.get_by_label("Was soll am Ende besser sein?").fill(
        "Eltern sprechen sicherer Deutsch und kennen die Angebote im Stadtteil."
    )
    page.get_by_label("Stadtteil", exact=True).select_option(label="Borbeck-Mitte")
    page.get_by_label("Familien", exact=True).check()
    page.get_by_label("Sprache", exact=True).check()
    page.get_by_label("Grobe Kostenschätzung in Euro").fill("2.500")
    page.get_by_label("Name des Vereins oder der Initiative").fill("Kulturbrücke Borbeck e.V.")
    page.get_by_label("Rechtsform").select_option("ev")
    page.get_by_label("Straße und Hausnummer").fill("Marktstraße 1")
    page.get_by_label("Postleitzahl").fill("45355")
    page.get_by_label("Ihr Name").fill("Ayşe Demir")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Ich bin einverstanden").check()


def test_association_submits_an_idea_repairs_a_mistake_and_opens_its_status_link(
    page: Page, live_server: LiveServer, coordinator, jobs
) -> None:
    similar_offering()
    page.goto("/ideen/neu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Idee für den Stadtteil")
    screenshot(page, "idea-form")
    assert_no_axe_violations(page)

    fill_idea(page, email="ayse-at-example.org")
    # While typing, the live panel already names the similar offering and why.
    live = page.locator("#similar-live-results")
    expect(live).to_contain_text("Elterncafé mit Sprachförderung")
    expect(live).to_contain_text("Gleiches Thema: Sprache.")
    page.get_by_role("button", name="Weiter: Angaben prüfen").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("E-Mail-Adresse: Bitte geben Sie eine E-Mail-Adresse wie")
    email = page.get_by_label("E-Mail-Adresse")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Titel Ihrer Idee")).to_have_value("Sprachcafé für Eltern")
    expect(page.get_by_label("Sprache", exact=True)).to_be_checked()
    screenshot(page, "idea-form-error")
    assert_no_axe_violations(page)

    summary.get_by_role("link").click()
    expect(email).to_be_focused()
    email.fill("ayse@example.org")
    page.get_by_role("button", name="Weiter: Angaben prüfen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte prüfen Sie Ihre Idee")
    expect(page.get_by_text("Elterncafé mit Sprachförderung")).to_be_visible()
    screenshot(page, "idea-review")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Idee absenden").click()  # forgot to answer
    expect(page.locator("#error-summary")).to_contain_text("Bitte wählen Sie eine Antwort")
    assert_no_axe_violations(page)
    page.get_by_label("Wir möchten mit einem dieser Angebote zusammenarbeiten.").check()
    page.get_by_label("Ihre Erklärung").fill("Wir kennen das Familienzentrum gut.")
    page.get_by_role("button", name="Idee absenden").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Ihre Idee ist bei uns eingegangen"
    )
    link = page.locator(".token-link a")
    status_path = link.get_attribute("href")
    assert status_path
    assert status_path.startswith("/ideen/status/")
    jobs.run()  # what the worker does after the commit
    [confirmation] = [m for m in mail.outbox if m.to == ["ayse@example.org"]]
    assert status_path in confirmation.body
    screenshot(page, "idea-confirmation")
    assert_no_axe_violations(page)

    link.click()
    expect(page.get_by_role("heading", level=2, name="Stand: Idee eingereicht")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Idee eingereicht.")
    screenshot(page, "status-idea")
    assert_no_axe_violations(page)


def test_without_javascript_the_review_step_shows_similar_offerings(
    chromium: Browser, live_server: LiveServer, coordinator
) -> None:
    similar_offering()
    context = chromium.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/ideen/neu/")
        expect(page.locator("#similar-live")).to_be_hidden()
        fill_idea(page)
        page.get_by_role("button", name="Weiter: Angaben prüfen").click()
        expect(page.get_by_text("Elterncafé mit Sprachförderung")).to_be_visible()
        page.get_by_label("Wir kennen diese Angebote. Unsere Idee ergänzt sie.").check()
        page.get_by_role("button", name="Idee absenden").click()
        expect(page.locator(".reference")).to_contain_text("IV-")
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 320])
def test_pages_fit_a_phone_screen(chromium: Browser, live_server: LiveServer, coordinator, width):
    """390 px is a common phone; 320 px is WCAG's reflow width (1280 px at 400 % zoom)."""
    similar_offering()
    context = chromium.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": width, "height": 844}
    )
    page = context.new_page()
    fits = "() => document.documentElement.scrollWidth <= window.innerWidth"

    def measured(what: str) -> None:
        # Measure once the stylesheets are in: on a pinned day in the past the browser
        # revalidates its cached CSS (the server's Date lies months back), and a layout read
        # before it arrives saw the unstyled page.
        page.wait_for_load_state("load")
        assert page.evaluate(fits), f"the {what} scrolls sideways"

    try:
        page.goto("/ideen/neu/")
        fill_idea(page)
        measured("form")
        screenshot(page, f"phone-{width}-idea-form")
        page.get_by_role("button", name="Weiter: Angaben prüfen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Bitte prüfen Sie Ihre Idee")
        measured("review")
        screenshot(page, f"phone-{width}-idea-review")
        page.get_by_label("Wir kennen diese Angebote. Unsere Idee ergänzt sie.").check()
        page.get_by_role("button", name="Idee absenden").click()
        expect(page.locator(".reference")).to_be_visible()
        measured("confirmation")
        screenshot(page, f"phone-{width}-idea-confirmation")
        page.locator(".token-link a").click()
        expect(page.locator(".timeline")).to_be_visible()
        measured("status page")
        screenshot(page, f"phone-{width}-status")
    finally:
        context.close()


def test_applicant_fills_and_submits_the_application_after_advice_started(
    page: Page, coordinator, program
) -> None:
    case, token = case_with_token()
    move(case, "start_advice", Actor.for_user(coordinator))
    page.goto(f"/ideen/status/{token}/")
    expect(page.get_by_role("heading", name="Ihr Antrag")).to_be_visible()

    page.get_by_label("Förderprogramm").select_option(label=program_with_limits(program))
    page.locator("#id_line-0-label").fill("Honorare Sprachmittlung")
    page.locator("#id_line-0-amount").fill("2.700")
    page.locator("#id_line-1-label").fill("Material")
    page.locator("#id_line-1-amount").fill("300")
    page.get_by_label("Beantragter Betrag in Euro").fill("2700")
    start = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Projektbeginn").fill(start.isoformat())
    page.get_by_label("Projektende").fill((start + timedelta(days=150)).isoformat())
    # The running total reads German figures as typed ("2.700") and says what is missing.
    total = page.locator("[data-plan-sum]")
    expect(total).to_have_text(
        re.compile(r"Gesamtkosten: 3\.000,00\s€\. .*: 2\.700,00\s€\. Es fehlen noch: 300,00\s€\.")
    )
    page.get_by_role("button", name="Antrag absenden").click()

    # The own share is missing: the draft is kept and the rule is said in plain German.
    problems = page.locator("#error-summary")
    expect(problems).to_be_focused()
    expect(problems).to_contain_text("müssen zusammen die Gesamtkosten ergeben")
    expect(page.locator("#id_line-0-label")).to_have_value("Honorare Sprachmittlung")
    screenshot(page, "status-application-guards")
    assert_no_axe_violations(page)

    page.get_by_label("Eigenanteil in Euro").fill("300")
    expect(total).to_contain_text("Kosten und Finanzierung sind gleich hoch.")
    page.get_by_role("button", name="Als Entwurf speichern").click()
    expect(page.get_by_text("Ihr Entwurf ist gespeichert.")).to_be_visible()
    screenshot(page, "status-application")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Antrag absenden").click()

    expect(
        page.get_by_text("Ihr Antrag ist eingereicht. Wir melden uns bei Ihnen.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Stand: Antrag gestellt")).to_be_visible()
    case.refresh_from_db()
    assert case.state == "application"
    assert_no_axe_violations(page)


def test_applicant_answers_a_change_request(page: Page, coordinator, program) -> None:
    case, token = case_with_token()
    move(case, "start_advice", Actor.for_user(coordinator))
    complete_plan(case, Actor.applicant(case), program)
    move(case, "submit_application", Actor.applicant(case))
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    move(
        case,
        "request_changes",
        Actor.for_user(coordinator),
        {
            "message": "Bitte reichen Sie einen Kostenvoranschlag für das Material nach.",
            "due_on": due,
        },
    )

    page.goto(f"/ideen/status/{token}/")
    expect(page.get_by_text("Bitte reichen Sie einen Kostenvoranschlag")).to_be_visible()
    screenshot(page, "status-change-request")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Bitte schreiben Sie eine Antwort.").first).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Ihre Antwort").fill("Der Kostenvoranschlag kommt per Post.")
    page.get_by_role("button", name="Antwort senden").click()

    expect(page.get_by_text("Danke! Ihre Antwort ist gespeichert.")).to_be_visible()
    change_request = case.change_requests.get()
    assert change_request.response == "Der Kostenvoranschlag kommt per Post."


def test_association_withdraws_another_idea(page: Page, coordinator) -> None:
    case_with_token()  # the first idea stays
    other, token = case_with_token(title="Nähcafé", email="naehcafe@example.org")

    page.goto(f"/ideen/status/{token}/")
    page.get_by_role("link", name="Idee zurückziehen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Möchten Sie Ihre Idee wirklich zurückziehen?"
    )
    screenshot(page, "status-withdraw-confirm")
    assert_no_axe_violations(page)
    page.get_by_label("Warum ziehen Sie die Idee zurück?").fill(
        "Wir machen es mit dem Nachbarverein."
    )
    page.get_by_role("button", name="Ja, Idee zurückziehen").click()

    expect(page.get_by_text("Sie haben Ihre Idee zurückgezogen.")).to_be_visible()
    expect(page.get_by_role("link", name="Idee zurückziehen")).to_have_count(0)
    screenshot(page, "status-withdrawn")
    assert_no_axe_violations(page)
    other.refresh_from_db()
    assert other.state == "withdrawn"
    assert other.__class__.objects.exclude(pk=other.pk).get().state == "idea"


def test_wrong_status_link_page_is_accessible(page: Page, essen) -> None:
    response = page.goto("/ideen/status/this-is-not-a-token/")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Diesen Statuslink kennen wir nicht")
    assert_no_axe_violations(page)


def test_idea_form_weighs_at_most_60_kb(page: Page, live_server: LiveServer, essen) -> None:
    weight = measure_transfer(page, f"{live_server.url}/ideen/neu/")

    third_party = [t.url for t in weight.transfers if not t.url.startswith(live_server.url)]
    assert not third_party, third_party
    assert weight.total_bytes <= 60 * 1024, weight.summary()
    print(weight.summary())


def test_enter_in_a_field_means_weiter_never_english(page: Page, coordinator) -> None:
    """The language buttons sit before the form in the page; Enter in a field or on a box must
    still check the idea (form page) and send it (review page), in German."""
    similar_offering()
    page.goto("/ideen/neu/")
    page.get_by_label("Titel Ihrer Idee").fill("Sprachcafé für Eltern")

    page.get_by_label("Titel Ihrer Idee").press("Enter")  # the rest is still missing

    expect(page).to_have_url(re.compile(r"/ideen/neu/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_label("Titel Ihrer Idee")).to_have_value("Sprachcafé für Eltern")

    fill_idea(page)
    page.get_by_label("Sprache", exact=True).press("Enter")  # on a checkbox

    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte prüfen Sie Ihre Idee")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.get_by_role("radio").first.check()
    page.get_by_role("radio").first.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Danke! Ihre Idee ist bei uns eingegangen."
    )
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert Case.objects.filter(title="Sprachcafé für Eltern").count() == 1


def _contrast(rgb_a: str, rgb_b: str) -> float:
    def luminance(css: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", css)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_keyboard_focus_ring_stands_out_from_the_page(page: Page, coordinator) -> None:
    """WCAG 1.4.11: the focus indicator has at least 3:1 against the white page."""
    page.goto("/ideen/neu/")
    page.keyboard.press("Tab")  # the skip link, focused by keyboard: :focus-visible applies
    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " const page = getComputedStyle(document.body).backgroundColor;"
        " return [s.outlineStyle, s.outlineColor, page]; }"
    )
    style, outline, background = focused

    assert style == "solid"
    assert _contrast(outline, background) >= 3


def test_a_long_text_is_counted_not_cut_off(page: Page, coordinator) -> None:
    page.goto("/ideen/neu/")
    challenge = page.get_by_label("Was ist die Herausforderung oder das Problem?")

    challenge.fill("x" * 4100)

    assert len(challenge.input_value()) == 4100
    expect(page.locator("#id_challenge-count")).to_have_text(
        "4100 von 4000 Zeichen – zu lang, bitte kürzen"
    )
    challenge.fill("kurz")
    expect(page.locator("#id_challenge-count")).to_have_text("4 von 4000 Zeichen")
    assert_no_axe_violations(page)
