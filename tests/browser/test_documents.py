"""Documents in a real Chromium (issue #13): an association uploads a receipt on its status
page; the district's coordinator sees it on the case page and downloads it; another district's
coordinator gets no file; the case page prints without navigation and forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from backend.documents.models import CaseDocument
from tests.browser.helpers import SCREENSHOT_DIR, assert_no_axe_violations, screenshot
from tests.browser.test_workspace import _coordinator, log_in
from tests.documents import files
from tests.intake.helpers import case_with_token

pytestmark = pytest.mark.browser


def test_receipt_goes_from_the_association_to_the_coordinator(
    page: Page, chromium: Browser, live_server: LiveServer, essen
) -> None:
    _coordinator("IV")
    _coordinator("III")
    case, token = case_with_token()
    page.goto(f"/ideen/status/{token}/")
    section = page.locator("#unterlagen")
    expect(section).to_contain_text("Noch keine Unterlagen.")

    # A wrong file first: refused in German, nothing stored, the choice of kind kept.
    section.get_by_label("Art des Dokuments").select_option(label="Beleg")
    section.get_by_label("Datei").set_input_files(
        files=[{"name": "Quittung.pdf", "mimeType": "application/pdf", "buffer": files.EXE}]
    )
    section.get_by_role("button", name="Hochladen").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("keine Datei der erlaubten Arten")
    assert not CaseDocument.objects.exists()
    assert_no_axe_violations(page)

    section.get_by_label("Datei").set_input_files(
        files=[{"name": "Quittung.pdf", "mimeType": "application/pdf", "buffer": files.PDF}]
    )
    section.get_by_role("button", name="Hochladen").click()
    expect(page.locator(".messages")).to_contain_text("„Quittung.pdf“ ist hochgeladen.")
    expect(section.get_by_role("link", name="Quittung.pdf")).to_be_visible()
    screenshot(page, "status-documents")
    assert_no_axe_violations(page)

    # The coordinator of district IV sees it and downloads it.
    coordinator = chromium.new_context(base_url=live_server.url, locale="de-DE").new_page()
    coordinator.goto("/koordination/anmelden/")
    log_in(coordinator, "bezirk-iv")
    coordinator.goto(f"/koordination/faelle/{case.reference}/#unterlagen")
    documents = coordinator.locator("#unterlagen")
    expect(documents).to_contain_text("Beleg")
    with coordinator.expect_download() as download_info:
        documents.get_by_role("link", name="Quittung.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "Quittung.pdf"
    assert Path(download.path()).read_bytes() == files.PDF
    screenshot(coordinator, "workspace-case-documents")
    assert_no_axe_violations(coordinator)

    # Printed, the case page keeps the facts and drops navigation, buttons and forms.
    coordinator.emulate_media(media="print")
    assert not coordinator.locator(".site-header").is_visible()
    assert not coordinator.locator("#unterlagen-hochladen").is_visible()
    expect(coordinator.locator("#unterlagen")).to_contain_text("Quittung.pdf")
    coordinator.pdf(path=str(SCREENSHOT_DIR / "workspace-case-print.pdf"))
    coordinator.context.close()

    # District III's coordinator gets no file.
    other = chromium.new_context(base_url=live_server.url, locale="de-DE").new_page()
    other.goto("/koordination/anmelden/")
    log_in(other, "bezirk-iii")
    document = CaseDocument.objects.get()
    response = other.request.get(f"/koordination/faelle/{case.reference}/unterlagen/{document.pk}/")
    assert response.status in (403, 404)
    assert response.body() != files.PDF
    other.context.close()
