"""Issue #19 in a real Chromium: a coordinator records a conference with three topics and turns
one into an idea (the initiator gets the status link); two associations with similar ideas are
introduced after both consented, and not before; the public event pages are axe-clean."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from backend.cases.models import Case
from backend.cases.services import case_create, status_link_renew
from backend.conferences.models import Conference, ConferenceTopic, Cooperation
from tests import clock
from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.browser.test_workspace import _coordinator, log_in
from tests.conferences.helpers import conference, topic
from tests.factories import quarter
from workflows.actors import Actor

pytestmark = pytest.mark.browser

TOPICS = ("Bürgerzentrum Erle", "Runder Tisch", "Begegnungsstätte in der Resser Mark")


def test_coordinator_records_a_conference_and_turns_a_topic_into_an_idea(
    page: Page, live_server: LiveServer, essen, jobs
) -> None:
    _coordinator("IV")
    page.goto("/koordination/veranstaltungen/")
    log_in(page, "bezirk-iv")
    expect(page.get_by_role("heading", name="Veranstaltungen", level=1)).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Veranstaltung erfassen").click()
    page.get_by_label("Art").select_option(label="Integrationskonferenz")
    page.get_by_label("Titel oder Motto").fill("Teilhabe gestalten und Gemeinschaft stärken")
    page.get_by_label("Datum").fill(clock.days_from_today(-1).isoformat())
    page.get_by_label("Beginn (Uhrzeit)").fill("17:00")
    page.get_by_label("Ende (Uhrzeit)").fill("20:30")
    page.get_by_label("Ort").fill("Bürgerhaus Borbeck")
    page.get_by_label("Veranstaltende").fill("Jugendamt, ISSAB")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Veranstaltung speichern").click()
    expect(page.locator(".messages")).to_contain_text("Die Veranstaltung ist gespeichert.")

    for title in TOPICS:
        page.get_by_role("link", name="Thema hinzufügen").click()
        page.get_by_label("Thema", exact=True).fill(title)
        if title == "Begegnungsstätte in der Resser Mark":
            page.get_by_label("Kurz: Was ist die Herausforderung").fill(
                "Vereine und Gruppen haben keinen festen Ort für Begegnung."
            )
            page.get_by_label("Rundum-Blick").fill("Jugendliche, Senioren, Kulturen")
            page.get_by_label("Von der Zukunft her gedacht").fill(
                "Ein Ort, an dem sich die Gruppen begegnen können."
            )
            page.get_by_label("Stadtteil").select_option(label="Borbeck-Mitte")
            page.get_by_label("Jugendliche").check()
            page.get_by_label("Begegnung").check()
            assert_no_axe_violations(page)
        page.get_by_role("button", name="Thema speichern").click()
        expect(page.locator(".messages")).to_contain_text("Das Thema ist gespeichert.")
    expect(page.locator("article h3")).to_have_text([f"{n}. {t}" for n, t in enumerate(TOPICS, 1)])
    screenshot(page, "conference-topics")
    assert_no_axe_violations(page)

    page.get_by_role(
        "link", name="Person zu „Begegnungsstätte in der Resser Mark“ eintragen"
    ).click()
    page.get_by_label("Name").fill("Angelina Bartlett")
    page.get_by_label("Organisation").fill("Förderverein Resser Mark")
    page.get_by_label("E-Mail-Adresse").fill("bartlett@example.org")
    page.get_by_role("button", name="Person speichern").click()
    expect(page.locator(".error-summary")).to_be_visible()  # contact without consent
    expect(page.locator("body")).to_contain_text("nur mit Einwilligung")
    assert_no_axe_violations(page)
    page.get_by_label("Die Person hat eingewilligt").check()
    page.get_by_role("button", name="Person speichern").click()
    expect(page.locator(".messages")).to_contain_text("Die Person ist eingetragen.")

    page.get_by_role(
        "link", name="Aus „Begegnungsstätte in der Resser Mark“ eine Idee machen"
    ).click()
    expect(page.get_by_label("Titel Ihrer Idee")).to_have_value(
        "Begegnungsstätte in der Resser Mark"
    )
    expect(page.get_by_label("Name des Vereins oder der Initiative")).to_have_value(
        "Förderverein Resser Mark"
    )
    page.get_by_label("Straße und Hausnummer").fill("Marktstraße 5")
    page.get_by_label("Postleitzahl").fill("45355")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Idee anlegen").click()

    case = Case.objects.get()
    expect(page.get_by_role("heading", name=case.title, level=1)).to_be_visible()
    expect(page.locator(".ws-conference-links")).to_contain_text(
        "Teilhabe gestalten und Gemeinschaft stärken"
    )
    assert ConferenceTopic.objects.get(case=case).title == TOPICS[2]
    jobs.run()  # the worker sends the usual confirmation with the status link
    [message] = [m for m in mail.outbox if m.to == ["bartlett@example.org"]]
    status_path = urlparse(
        next(line for line in message.body.splitlines() if "/ideen/status/" in line)
    ).path
    page.goto(status_path)
    expect(page.get_by_role("heading", name=case.title, level=1)).to_be_visible()

    event = Conference.objects.get()
    page.goto(f"/koordination/veranstaltungen/{event.pk}/bericht/")
    expect(page.locator(".conf-report-table tbody tr")).to_have_count(3)
    expect(page.locator(".conf-report-table")).to_contain_text(case.reference)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    screenshot(page, "conference-report-print")


def _idea(association: str, email: str, name: str) -> tuple[Case, str]:
    case = case_create(
        idea={
            "title": "Sprachcafé für Eltern",
            "challenge": "Eltern ohne Deutschkenntnisse finden schwer Anschluss an die Kita.",
            "affected": "Neu zugewanderte Eltern im Stadtteil",
            "intended_result": "Eltern sprechen sicherer Deutsch und kennen Angebote.",
            "quarter": quarter("Borbeck-Mitte"),
            "target_groups": ["familien"],
            "topics": ["sprache", "begegnung"],
            "estimated_cost": Decimal("3000"),
        },
        association={"name": association, "postal_code": "45355", "legal_form": "ev"},
        contact={"name": name, "email": email, "phone": "0201 555"},
    ).case
    return case, ""


def _status_path(jobs, email: str) -> str:
    jobs.run()
    message = [m for m in mail.outbox if m.to == [email] and "/ideen/status/" in m.body][-1]
    return urlparse(
        next(line for line in message.body.splitlines() if "/ideen/status/" in line)
    ).path


def test_two_associations_are_introduced_after_both_consented_and_not_before(
    page: Page, live_server: LiveServer, essen, jobs
) -> None:
    _coordinator("IV")
    asked, _ = _idea("Kulturbrücke Borbeck e.V.", "ayse@example.org", "Ayşe Demir")
    asking, _ = _idea("Elternnetz Borbeck", "jan@example.org", "Jan Krüger")
    for case in (asked, asking):
        status_link_renew(case=case, actor=Actor.system())
    asking_path, asked_path = (
        _status_path(jobs, "jan@example.org"),
        _status_path(jobs, "ayse@example.org"),
    )

    page.goto(asking_path)
    panel = page.locator("#kennenlernen")
    expect(panel).to_contain_text("Sprachcafé für Eltern")
    expect(panel).not_to_contain_text("Kulturbrücke")
    assert_no_axe_violations(page)
    panel.get_by_role("button", name="Kennenlernen mit „Sprachcafé für Eltern“ anfragen").click()
    expect(page.locator(".messages")).to_contain_text("Bitte stimmen Sie zu")
    page.locator("#kennenlernen").get_by_label("Wir möchten den Träger").check()
    page.locator("#kennenlernen").get_by_role("button", name="Kennenlernen mit").click()
    expect(page.locator(".messages")).to_contain_text("Ihre Anfrage ist verschickt.")
    # Not before: the asking side sees no contact, the asked side none either.
    expect(page.locator("#kennenlernen")).to_contain_text("angefragt")
    expect(page.locator("body")).not_to_contain_text("ayse@example.org")
    assert_no_axe_violations(page)
    jobs.run()
    request = next(
        m for m in mail.outbox if m.to == ["ayse@example.org"] and "/kennenlernen/" in m.body
    )
    assert "jan@example.org" not in request.body

    page.goto(asked_path)
    received = page.locator("#kennenlernen")
    expect(received).to_contain_text("möchte Sie kennenlernen")
    expect(page.locator("body")).not_to_contain_text("jan@example.org")
    screenshot(page, "cooperation-request-received")
    assert_no_axe_violations(page)
    received.get_by_role("button", name="Einverstanden – Kontakte austauschen").click()
    expect(page.locator(".messages")).to_contain_text(
        "Beide Seiten bekommen jetzt die Kontaktdaten"
    )
    expect(page.locator(".shared-contact")).to_contain_text("jan@example.org")

    page.goto(asking_path)
    expect(page.locator(".shared-contact")).to_contain_text("ayse@example.org")
    expect(page.locator(".shared-contact")).to_contain_text("Ayşe Demir")
    jobs.run()
    assert any(m.to == ["jan@example.org"] and "ayse@example.org" in m.body for m in mail.outbox)
    assert Cooperation.objects.get().state == "agreed"

    # The coordinator sees the agreed cooperation and joins the two ideas.
    page.goto("/koordination/kooperationen/")
    log_in(page, "bezirk-iv")
    assert_no_axe_violations(page)
    page.get_by_role(
        "button", name=f"{asking.reference} und {asked.reference} zu einem Projekt verbinden"
    ).click()
    expect(page.locator(".messages")).to_contain_text("zu einem Projekt verbunden")


def test_public_event_pages_are_axe_clean(page: Page, live_server: LiveServer, essen, jobs) -> None:
    user = _coordinator("IV")
    conference(
        user,
        kind="beratungswoche",
        title="Borbecker Beratungswoche",
        held_on=clock.days_from_today(12),
        place="Sozialpsychiatrisches Zentrum, Germaniaplatz 3, 45355 Essen",
        organisers="Jugendamt, Universität Duisburg-Essen",
    )
    event = conference(user, title="Wir in IV", held_on=clock.days_from_today(-20))
    topic(user, event)

    page.goto("/")
    page.get_by_role("link", name="Termine ansehen").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Stadtbezirk IV – Borbeck").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Termine im Stadtbezirk IV")
    expect(page.locator("body")).to_contain_text("Borbecker Beratungswoche")
    screenshot(page, "public-district-events")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Wir in IV").click()
    expect(page.get_by_role("heading", name="Wir in IV", level=1)).to_be_visible()
    screenshot(page, "public-event")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Interesse an „Begegnungsstätte in Borbeck“ anmelden").click()
    page.get_by_role("button", name="Interesse anmelden").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Ihr Name").fill("Christel Hein")
    page.get_by_label("E-Mail-Adresse", exact=True).fill("hein@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Interesse anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte prüfen Sie Ihre E-Mails")
    assert_no_axe_violations(page)

    jobs.run()
    [message] = mail.outbox
    link = urlparse(next(line for line in message.body.splitlines() if "/bestaetigen/" in line))
    page.goto(link.path)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ja, Interesse bestätigen").click()
    expect(page.locator(".messages")).to_contain_text("Ihr Interesse ist bestätigt")
    assert ConferenceTopic.objects.get().people.get().email == "hein@example.org"
