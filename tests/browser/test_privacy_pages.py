"""The legal pages and the expired status link's page are accessible (axe) (issue #17)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from backend.areas.models import City
from backend.privacy.models import LegalText
from tests import clock
from tests.browser.helpers import assert_no_axe_violations
from tests.intake.helpers import case_with_token

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/datenschutz/", "Datenschutzerklärung"),
        ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
        ("/impressum/", "Impressum"),
    ],
)
def test_legal_pages_are_accessible(page: Page, essen, path, heading) -> None:
    LegalText.objects.create(
        city=City.objects.get(slug="essen"),
        kind=path.strip("/"),
        body="Verantwortlich: Stadt Essen.\n\nKontakt: siehe unten.",
        feedback_email="barrierefrei@essen.example",
    )
    response = page.goto(path)

    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("navigation", name="Rechtliches")).to_be_visible()
    assert_no_axe_violations(page)


def test_expired_status_link_page_is_accessible(
    page: Page, coordinator, settings, time_machine
) -> None:
    settings.STATUS_LINK_IDLE_DAYS = 10
    _case, token = case_with_token()
    time_machine.move_to(clock.pinned_moment(clock.today() + dt.timedelta(days=20)), tick=True)

    response = page.goto(f"/ideen/status/{token}/")

    assert response is not None
    assert response.status == 410
    expect(page.get_by_role("button", name="Link erneut senden")).to_be_visible()
    assert_no_axe_violations(page)
