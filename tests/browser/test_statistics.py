"""The statistics page in a real Chromium: charts and tables, filters, a bad filter, the
exports; axe-core finds no WCAG 2.1 AA violation; nothing breaks the CSP; no request leaves
our own origin."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from backend.areas.models import Area
from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.statistics.generate import generate

pytestmark = pytest.mark.browser


def _login(page: Page, username: str) -> None:
    page.goto("/koordination/anmelden/?next=/koordination/auswertung/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("demo")
    page.get_by_role("button", name="Anmelden").click()


def test_statistics_page_filters_exports_and_is_accessible(
    page: Page, live_server: LiveServer, essen
) -> None:
    generated = generate(count=15)
    generated.central.set_password("demo")
    generated.central.save()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: foreign.append(r.url) if not r.url.startswith(live_server.url) else None,
    )

    _login(page, generated.central.username)
    expect(page).to_have_url(f"{live_server.url}/koordination/auswertung/")
    expect(page.get_by_role("heading", name="Auswertung", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="Fälle je Stadtbezirk")).to_be_visible()
    districts = page.locator("#table-districts")
    expect(districts.locator("caption")).to_contain_text("Stadtbezirk und Status")
    all_districts = Area.objects.filter(kind="district").count()
    expect(districts.locator("tbody tr")).to_have_count(all_districts)
    assert_no_axe_violations(page)
    screenshot(page, "statistics-page")

    # Filter by one district: one row left.
    page.get_by_label("Stadtbezirk", exact=True).select_option(label="IV Borbeck")
    page.get_by_role("button", name="Anzeigen").click()
    expect(districts.locator("tbody tr")).to_have_count(1)
    expect(districts.locator("tbody th")).to_have_text("IV Borbeck")

    # A bad year: a German message beside the field, no figures.
    page.get_by_role("spinbutton", name="Jahr").fill("1850")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_role("alert")).to_contain_text("Jahr")
    expect(page.locator("#table-districts")).to_have_count(0)
    assert_no_axe_violations(page)

    # The exports keep the filters and download as files.
    page.get_by_role("spinbutton", name="Jahr").fill("")
    page.get_by_role("button", name="Anzeigen").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    assert download.value.suggested_filename.startswith("faelle-")
    assert download.value.suggested_filename.endswith(".csv")
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").last.click()
    assert download.value.suggested_filename.endswith(".xlsx")

    assert problems == []
    assert foreign == []


def test_statistics_page_at_375_px_does_not_scroll_sideways(
    page: Page, live_server: LiveServer, essen
) -> None:
    generated = generate(count=5)
    generated.central.set_password("demo")
    generated.central.save()
    page.set_viewport_size({"width": 375, "height": 800})
    _login(page, generated.central.username)
    expect(page.get_by_role("heading", name="Auswertung", level=1)).to_be_visible()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_no_axe_violations(page)
