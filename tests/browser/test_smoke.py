"""End-to-end proof that the browser-test setup works, on the one page that exists: the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import (
    assert_no_axe_violations,
    format_axe_violations,
    measure_transfer,
    run_axe,
    screenshot,
)

pytestmark = pytest.mark.browser


def test_admin_login_lets_a_staff_user_in(page: Page, live_server: LiveServer) -> None:
    get_user_model().objects.create_user(
        username="koordination", password="ein-sicheres-passwort", is_staff=True, is_superuser=True
    )
    page.goto("/admin/login/")
    expect(page.locator("html")).to_have_attribute("lang", "de")

    page.get_by_label("Benutzername").fill("koordination")
    page.get_by_label("Passwort").fill("ein-sicheres-passwort")
    page.get_by_role("button", name="Anmelden").click()

    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Website-Verwaltung")).to_be_visible()
    assert screenshot(page, "admin-index").stat().st_size > 0


def test_admin_login_page_has_no_wcag_aa_violations(page: Page) -> None:
    page.goto("/admin/login/")
    screenshot(page, "admin-login")

    assert_no_axe_violations(page)


def test_axe_reports_violations_readably(page: Page) -> None:
    """The checker must actually find problems, or a green result means nothing."""
    page.set_content('<html><body><img src="data:,"><input type="text"></body></html>')

    violations = run_axe(page)

    ids = {violation["id"] for violation in violations}
    assert {"html-has-lang", "image-alt", "label"} <= ids
    report = format_axe_violations(violations)
    assert "image-alt" in report
    assert "img" in report  # the failing node's selector
    with pytest.raises(AssertionError, match="accessibility rule"):
        assert_no_axe_violations(page)


def test_measure_transfer_counts_the_admin_login_page_and_its_assets(
    page: Page, live_server: LiveServer
) -> None:
    weight = measure_transfer(page, f"{live_server.url}/admin/login/")

    urls = [transfer.url for transfer in weight.transfers]
    assert any(url.endswith("/admin/login/") for url in urls), weight.summary()
    assert any(url.endswith(".css") for url in urls), weight.summary()
    assert 5_000 < weight.total_bytes < 200_000, weight.summary()
