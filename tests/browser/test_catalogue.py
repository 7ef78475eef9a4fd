"""The public offering catalogue in a real Chromium, without login: search, filters, an
offering's page, the gap view; axe-core finds no WCAG 2.1 AA violation; no third-party host."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from backend.offerings.models import Offering
from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.factories import quarter

pytestmark = pytest.mark.browser


@pytest.fixture
def offerings(essen):
    def make(title, quarter_name, **fields):
        values = {
            "description": "",
            "provider": "Familienzentrum",
            "target_groups": ["familien"],
            "topics": ["sprache"],
            "external_id": title,
            **fields,
        }
        return Offering.objects.create(
            city=essen, title=title, quarter=quarter(quarter_name), **values
        )

    return [
        make(
            "Sprachcafé Borbeck",
            "Borbeck-Mitte",
            description="Deutsch sprechen bei Kaffee und Kuchen.",
            schedule="dienstags 10–12 Uhr",
            contact="0201 123456",
            address="Marktstraße 1",
            languages=["de", "ar"],
        ),
        make("Mädchenfußball", "Frohnhausen", topics=["sport"], target_groups=["jugendliche"]),
        make("Hausaufgabenhilfe", "Borbeck-Mitte", topics=["bildung"], target_groups=["kinder"]),
    ]


def test_search_filter_and_offering_page(page: Page, live_server: LiveServer, offerings) -> None:
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: foreign.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto("/angebote/")
    expect(page.get_by_role("heading", name="3 Angebote gefunden")).to_be_visible()
    assert_no_axe_violations(page)

    # Search: accents do not matter.
    page.get_by_role("textbox", name="Suche").fill("sprachcafe")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("heading", name="1 Angebot gefunden")).to_be_visible()
    expect(page.get_by_role("link", name="Sprachcafé Borbeck")).to_be_visible()

    # Filters: topic and district.
    page.get_by_role("textbox", name="Suche").fill("")
    page.get_by_label("Thema").select_option(label="Bildung")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("link", name="Hausaufgabenhilfe")).to_be_visible()
    expect(page.get_by_role("link", name="Sprachcafé Borbeck")).to_have_count(0)
    page.get_by_label("Thema").select_option(label="alle")
    page.get_by_label("Sprache", exact=True).select_option(label="Arabisch")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("heading", name="1 Angebot gefunden")).to_be_visible()
    assert_no_axe_violations(page)

    # The offering's page: provider, place, times, contact.
    page.get_by_role("link", name="Sprachcafé Borbeck").click()
    expect(page.get_by_role("heading", name="Sprachcafé Borbeck", level=1)).to_be_visible()
    for text in ("Familienzentrum", "Borbeck-Mitte", "dienstags 10–12 Uhr", "0201 123456"):
        expect(page.locator("dl")).to_contain_text(text)
    assert_no_axe_violations(page)
    assert foreign == []


def test_bad_filter_is_a_german_message(page: Page, live_server: LiveServer, offerings) -> None:
    page.goto("/angebote/?topic=kochen")
    expect(page.get_by_role("alert")).to_contain_text("Diese Auswahl gibt es nicht.")
    assert_no_axe_violations(page)


def test_gap_view_shows_where_offerings_are_missing(
    page: Page, live_server: LiveServer, offerings
) -> None:
    page.goto("/angebote/luecken/")
    page.get_by_label("Stadtbezirk", exact=True).select_option(label="IV Borbeck")
    page.get_by_role("button", name="Anzeigen").click()
    table = page.get_by_role("table")
    expect(table.locator("caption")).to_contain_text("IV Borbeck")
    row = table.locator("tbody tr", has=page.get_by_role("rowheader", name="Borbeck-Mitte"))
    expect(row).to_contain_text("keine")
    assert_no_axe_violations(page)
    screenshot(page, "catalogue-gaps")
