"""The English pages in a real Chromium: the idea form, an applicant's status page with the
application, and a coordinator's sign-in, inbox and case. axe-core checks each page; the
screenshots (tests/browser/screenshots/en-*.png) are for a person to read the English."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.factories import coordinator_for, move
from tests.intake.helpers import case_with_token
from workflows.actors import Actor

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def test_idea_form_in_english(page: Page, coordinator) -> None:
    page.goto("/en/ideen/neu/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your idea for the neighbourhood")
    expect(page.get_by_label("Title of your idea")).to_be_visible()
    expect(page.get_by_role("button", name="Next: check your details")).to_be_visible()
    screenshot(page, "en-idea-form")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Next: check your details").click()
    expect(page.locator("#error-summary")).to_contain_text("Please give your idea a short title.")
    assert_no_axe_violations(page)


def test_status_page_with_application_in_english(page: Page, coordinator, program) -> None:
    case, token = case_with_token()
    move(case, "start_advice", Actor.for_user(coordinator))

    page.goto(f"/en/ideen/status/{token}/")

    expect(page.get_by_role("heading", level=2, name="Status: Advice in progress")).to_be_visible()
    expect(page.get_by_role("heading", name="Your application")).to_be_visible()
    expect(page.get_by_label("Own contribution in euros")).to_be_visible()
    screenshot(page, "en-status-application")
    assert_no_axe_violations(page)


def test_coordinator_workspace_in_english(page: Page, district_iv) -> None:
    user = coordinator_for(district_iv, "bezirk-iv")
    user.set_password("demo")
    user.save()
    case, _token = case_with_token()
    move(case, "start_advice", Actor.for_user(user))

    page.goto("/en/koordination/anmelden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in for coordinators")
    assert_no_axe_violations(page)
    page.get_by_label("Username").fill("bezirk-iv")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    expect(page.get_by_role("columnheader", name="Received")).to_be_visible()
    screenshot(page, "en-workspace-inbox")
    assert_no_axe_violations(page)

    page.get_by_role("link", name=case.title).click()
    expect(page.get_by_role("heading", name="Financing plan")).to_be_visible()
    page.get_by_text("Create financing plan").click()
    # The live sum's labels come from the template (data-*), so they are English too.
    expect(page.locator("[data-plan-sum]")).to_contain_text("Total costs")
    screenshot(page, "en-workspace-case")
    assert_no_axe_violations(page)


def test_switching_language_on_the_idea_form_keeps_what_was_typed(page: Page, coordinator) -> None:
    from tests.browser.test_intake import fill_idea

    page.goto("/ideen/neu/")
    fill_idea(page)

    page.get_by_role("button", name="English").click()

    expect(page).to_have_url(re.compile(r".*/en/essen/ideen/neu/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Title of your idea")).to_have_value("Sprachcafé für Eltern")
    expect(page.locator("#error-summary")).to_have_count(0)  # not checked yet: no errors

    page.get_by_role("button", name="Next: check your details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Please check your idea")
    page.get_by_role("button", name="Deutsch").click()

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_label("Titel Ihrer Idee")).to_have_value("Sprachcafé für Eltern")
    assert_no_axe_violations(page)
