"""One case after the decision in a real Chromium (issue #14): the coordinator approves a
project running past new year; the association waives its remedies and calls the money, which
the coordinator pays; an interim report in January; at the end of the period a Belegliste from
CSV and the Verwendungsnachweis; the coordinator demands the unspent money back and records its
receipt. The association's status page is checked (and axe-checked) at each step."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from backend.cases.models import Case
from backend.programs.models import ProgramBudget
from tests import clock
from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.browser.test_workspace import PASSWORD, log_in, open_action
from tests.factories import ProgramFactory, complete_plan, coordinator_for, move, repayment_account
from tests.intake.helpers import case_with_token
from workflows.actors import Actor

pytestmark = pytest.mark.browser


@pytest.fixture
def applied(essen):
    from backend.areas.models import Area

    user = coordinator_for(Area.objects.get(city=essen, kind="district", code="IV"), "bezirk-iv")
    user.set_password(PASSWORD)
    user.save()
    program = ProgramFactory(name="Integrationsbudget Essen")
    start = clock.today() + dt.timedelta(days=30)
    end = start + dt.timedelta(days=400)  # always past 15 January of the next year
    for year in range(start.year, end.year + 1):
        ProgramBudget.objects.create(program=program, year=year, amount=20000)
    repayment_account()
    case, token = case_with_token()
    actor = Actor.for_user(user)
    move(case, "start_advice", actor)
    complete_plan(case, actor, program)
    move(case, "submit_application", Actor.applicant(case))
    return case, token, start, end


def _status(page: Page, token: str, text: str, name: str) -> None:
    page.goto(f"/ideen/status/{token}/")
    expect(page.locator("main")).to_contain_text(text)
    screenshot(page, name)
    assert_no_axe_violations(page)


def test_a_case_from_approval_through_payout_reports_and_repayment_to_closed(
    page: Page, chromium: Browser, live_server: LiveServer, applied, time_machine, tmp_path
) -> None:
    case, token, start, end = applied
    coordinator = chromium.new_context(base_url=live_server.url, locale="de-DE")
    desk = coordinator.new_page()
    desk.goto("/koordination/anmelden/")
    log_in(desk, "bezirk-iv")
    desk.goto(f"/koordination/faelle/{case.reference}/")

    # Approval, over two budget years.
    action = open_action(desk, "approve")
    action.get_by_label("Bewilligungszeitraum von").fill(start.isoformat())
    action.get_by_label("Bewilligungszeitraum bis").fill(end.isoformat())
    action.get_by_label("Entscheidende Stelle").fill("Bezirksvertretung IV")
    action.get_by_role("button", name="Bewilligen").click()
    expect(desk.locator(".messages")).to_contain_text("Neuer Status: Bewilligt, Projekt läuft")
    expect(desk.locator("#geld")).to_contain_text(str(end.year))
    _status(page, token, "Ihr Projekt ist bewilligt.", "after-decision-approved")
    expect(page.locator("#auszahlung")).to_contain_text("sobald der Bescheid bestandskräftig ist")

    # The association waives its remedies and calls the money.
    page.get_by_label("Wir verzichten auf Rechtsbehelfe").check()
    page.get_by_role("button", name="Verzicht erklären").click()
    expect(page.locator(".messages")).to_contain_text("jetzt bestandskräftig")
    page.get_by_label("Betrag in Euro").fill("2.700")
    page.get_by_label("Wofür brauchen Sie das Geld?").fill("Honorare und Material")
    page.get_by_label("Wir brauchen das Geld innerhalb von zwei Monaten").check()
    page.get_by_role("button", name="Mittel abrufen").click()
    expect(page.locator(".messages")).to_contain_text("Ihr Mittelabruf ist eingegangen")

    # The coordinator pays it out.
    desk.goto(f"/koordination/faelle/{case.reference}/")  # a fresh load, not just a #fragment
    screenshot(desk, "after-decision-desk-payout")
    desk.locator("#geld").get_by_role("button", name="Auszahlen").click()
    expect(desk.locator(".messages")).to_contain_text("Der Mittelabruf ist ausgezahlt.")
    _status(page, token, "Ausgezahlt", "after-decision-paid")
    expect(page.locator("#auszahlung")).to_contain_text("ausgezahlt")

    # Half-way to January the association looks at its page again: a link nobody opens for
    # a year (and with nothing happening on its case) expires (issue #17).
    january = dt.date(start.year + 1, 1, 15)
    today = clock.today()
    time_machine.move_to(clock.pinned_moment(today + (january - today) / 2), tick=True)
    _status(page, token, "Ausgezahlt", "after-decision-midway")

    # January: the interim report for the first year.
    time_machine.move_to(clock.pinned_moment(january), tick=True)
    _status(page, token, "Zwischennachweis", "after-decision-interim-due")
    form = page.locator("#zwischennachweis")
    form.get_by_label("Kurzer Sachbericht").fill("Acht Treffen mit je zwölf Eltern.")
    form.get_by_label("Bis zum Jahresende ausgegeben").fill("900")
    form.get_by_role("button", name="Zwischennachweis einreichen").click()
    expect(page.locator(".messages")).to_contain_text("Ihr Zwischennachweis ist eingereicht")
    expect(page.locator("#zwischennachweis")).to_contain_text(f"{start.year}: eingereicht am")

    # End of the period: the Belegliste from CSV, then the Verwendungsnachweis.
    time_machine.move_to(clock.pinned_moment(end), tick=True)
    page.goto(f"/ideen/status/{token}/")
    csv_file = tmp_path / "belege.csv"
    csv_file.write_text(
        "Datum;Empfänger;Grund;Betrag;Kostenposition\n"
        f"{start:%d.%m.%Y};Frau Yilmaz;Honorar Sprachmittlung;2.000,00;1\n"
        f"{start:%d.%m.%Y};Bastelladen;Material;300,00;Material\n",
        encoding="utf-8",
    )
    page.get_by_label("Belegliste als CSV-Datei").set_input_files(str(csv_file))
    page.get_by_role("button", name="Belegliste hochladen").click()
    expect(page.locator(".messages")).to_contain_text("Die Belegliste ist eingelesen.")
    expect(page.locator("#belegliste")).to_contain_text("Frau Yilmaz")
    report = page.locator("#report")
    report.get_by_label("Sachbericht").fill("Zwanzig Treffen, 15 Eltern regelmäßig dabei.")
    report.get_by_role("button", name="Verwendungsnachweis einreichen").click()
    expect(page.locator(".messages")).to_contain_text("Ihr Verwendungsnachweis ist eingereicht")
    _status(page, token, "Ihr Verwendungsnachweis ist eingereicht.", "after-decision-reported")

    # The coordinator (logged in again: months have passed) sees planned against spent and
    # demands the 700 € back.
    desk.goto(f"/koordination/anmelden/?next=/koordination/faelle/{case.reference}/")
    log_in(desk, "bezirk-iv")
    expect(desk.locator("#soll-ist")).to_contain_text("Zurückzufordern")
    expect(desk.locator("#soll-ist")).to_contain_text("700,00")
    assert_no_axe_violations(desk)
    open_action(desk, "demand_repayment").get_by_role(
        "button", name="Nachweis annehmen, Rückzahlung fordern"
    ).click()
    expect(desk.locator(".messages")).to_contain_text("Neuer Status: Rückzahlung offen")
    _status(page, token, "Bitte überweisen Sie 700,00 €", "after-decision-repayment")
    expect(page.locator("#rueckzahlung")).to_contain_text("DE02370502990000684712")
    expect(page.locator("#rueckzahlung")).to_contain_text(f"KZ 5100 {case.reference}")

    # The money comes in: closed.
    action = open_action(desk, "confirm_repayment")
    action.get_by_label("Eingegangen am").fill(clock.today().isoformat())
    action.get_by_label("Eingegangener Betrag").fill("700.00")
    action.get_by_role("button", name="Rückzahlung eingegangen").click()
    expect(desk.locator(".messages")).to_contain_text("Neuer Status: Abgeschlossen")
    _status(page, token, "Ihre Rückzahlung von 700,00 € ist am", "after-decision-closed")
    closed = Case.objects.get(pk=case.pk)
    assert closed.state == "closed"
    assert ProgramBudget.objects.get(program=closed.program, year=end.year).returned == 700
    coordinator.close()
