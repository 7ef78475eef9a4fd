"""Content-Security-Policy (issue #18): every page works under the policy — the browser
reports no violation on the public pages, the workspace, the admin and the API docs."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from backend.accounts.models import User
from tests.browser.test_workspace import _coordinator, log_in
from tests.factories import submit_idea
from tests.intake.helpers import case_with_token

pytestmark = pytest.mark.browser


def test_no_page_breaks_the_content_security_policy(
    page: Page, live_server: LiveServer, essen
) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    _coordinator("IV")
    case, token = case_with_token()
    submit_idea(association_name="Zweiter Verein e.V.")
    User.objects.create_superuser("admin-csp", "admin-csp@example.org", "demo")

    response = page.goto("/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    for path in ("/ideen/neu/", f"/ideen/status/{token}/", "/ideen/link/"):
        page.goto(path)
        page.wait_for_load_state("load")
    page.goto("/koordination/anmelden/")
    log_in(page, "bezirk-iv")
    page.goto(f"/koordination/faelle/{case.reference}/")
    page.locator("#schritt-start_advice summary").click()  # the page's own script runs
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Benutzername").fill("admin-csp")
    page.get_by_label("Passwort").fill("demo")
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"/admin/cases/case/{case.pk}/change/")
    page.wait_for_load_state("load")
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    page.goto("/api/redoc/")
    # Redoc renders a 270 kB schema in the browser: on a loaded 2-core machine that took 10 s.
    expect(page.locator("redoc h1").first).to_be_visible(timeout=30_000)

    # Redoc (sidecar) may try to show Redocly's logo from cdn.redoc.ly: the policy blocks that
    # request to a third-party host, as it should. Anything else is a page the policy breaks.
    third_party_logo = "Loading the image 'https://cdn.redoc.ly/"
    assert [v for v in violations if third_party_logo not in v] == []
