"""Fixtures for browser tests: one headless Chromium per session, a fresh German page per test.

Chromium is Debian's (``make browser-deps`` installs it); Playwright's own browser download is
never used. Every test that takes ``page`` gets pytest-django's ``live_server`` (and with it a
transactional database) and a page whose relative URLs resolve against that server.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import screenshot

BROWSER_TESTS_DIR = Path(__file__).resolve().parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Run as root in a closed network: no sandbox (needs user namespaces), no GPU, and no calls
# home (without these Chromium keeps trying hosts it cannot reach). Playwright adds --headless.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 10_000


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser/ carries the ``browser`` marker, even if a module forgets.

    ``tryfirst`` so the marker is there before ``-m`` deselects.
    """
    for item in items:
        if BROWSER_TESTS_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on browser test items, so ``page`` can see a failed test."""
    report = yield
    if BROWSER_TESTS_DIR in item.path.parents:
        setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync API, alive for the whole session.

    While it runs, an asyncio loop counts as running in this thread, and Django would refuse
    every ORM call from a test (SynchronousOnlyOperation). The calls are plain synchronous
    code, outside that loop, so we switch the check off for as long as Playwright lives.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as driver:
            yield driver
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    """Headless Debian Chromium from ``$CHROMIUM_PATH`` (default /usr/bin/chromium)."""
    executable = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    if not os.access(executable, os.X_OK):
        pytest.fail(
            f"No Chromium at {executable}: run `make browser-deps` (installs Debian's chromium "
            "as root) or set CHROMIUM_PATH to a Chromium binary.",
            pytrace=False,
        )
    browser = playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(
    chromium: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies, no cache), German, on the live server.

    ``page.goto("/admin/login/")`` resolves against ``live_server.url``. A failing test leaves
    a full-page screenshot ``FAILED-<test name>.png`` in tests/browser/screenshots/.
    """
    context = chromium.new_context(
        base_url=live_server.url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    new_page = context.new_page()
    yield new_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and not new_page.is_closed():
        screenshot(new_page, f"FAILED-{request.node.name}")
    context.close()
