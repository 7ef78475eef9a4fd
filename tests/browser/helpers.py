"""Helpers for browser tests: accessibility checks (axe-core), screenshots, page weight.

Import them in a test module::

    from tests.browser.helpers import assert_no_axe_violations, measure_transfer, screenshot
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from playwright.sync_api import Page

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = Path(__file__).resolve().parent / "screenshots"

#: WCAG 2.0 and 2.1, levels A and AA: what BITV 2.0 / EN 301 549 require of public pages.
WCAG_AA_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


# --- Accessibility (axe-core) -----------------------------------------------------------------


def _axe_source() -> str:
    if not AXE_SCRIPT.exists():
        raise FileNotFoundError(f"{AXE_SCRIPT} is missing: run `make browser-deps` (npm ci) first")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def run_axe(
    page: Page,
    *,
    tags: tuple[str, ...] = WCAG_AA_TAGS,
    context: str | None = None,
    disable_rules: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return its violations (axe's own dicts).

    The script is evaluated through the DevTools protocol rather than added as a ``<script>``
    tag, so a strict Content-Security-Policy on our pages does not block it.
    ``context`` is an optional CSS selector to check only part of the page.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(f"() => {{ {_axe_source()}\n}}")
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": list(tags)}}
    if disable_rules:
        options["rules"] = {rule: {"enabled": False} for rule in disable_rules}
    violations: list[dict[str, Any]] = page.evaluate(
        """async ([context, options]) => {
            const results = await window.axe.run(context ?? document, options);
            return results.violations;
        }""",
        [context, options],
    )
    return violations


def format_axe_violations(violations: list[dict[str, Any]]) -> str:
    """One block per violated rule: id, impact, help text and URL, then each failing node."""
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"[{violation.get('impact') or 'n/a'}] {violation['id']}: {violation['help']}"
            f"\n    {violation.get('helpUrl', '')}"
        )
        for node in violation.get("nodes", []):
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    - {target}")
            summary = (node.get("failureSummary") or "").strip()
            if summary:
                lines.extend(f"        {line}" for line in summary.splitlines())
    return "\n".join(lines)


def assert_no_axe_violations(
    page: Page,
    *,
    tags: tuple[str, ...] = WCAG_AA_TAGS,
    context: str | None = None,
    disable_rules: tuple[str, ...] = (),
) -> None:
    """Fail with a readable list when axe finds WCAG 2.0/2.1 A or AA violations on the page."""
    violations = run_axe(page, tags=tags, context=context, disable_rules=disable_rules)
    assert not violations, (
        f"{len(violations)} accessibility rule(s) violated on {page.url}:\n"
        + format_axe_violations(violations)
    )


# --- Screenshots ------------------------------------------------------------------------------


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG as ``tests/browser/screenshots/<name>.png`` (git-ignored)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "screenshot"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- Page weight ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transfer:
    """One response as it crossed the network."""

    url: str
    resource_type: str
    status: int
    #: Bytes received for this response: headers plus body as sent (compressed if it was).
    encoded_bytes: int


@dataclass
class PageWeight:
    """What a page load transferred, like the "transferred" total in the browser's DevTools."""

    url: str
    transfers: list[Transfer] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(transfer.encoded_bytes for transfer in self.transfers)

    def summary(self) -> str:
        """The total, then every response largest first, for assertion messages."""
        rows = sorted(self.transfers, key=lambda transfer: -transfer.encoded_bytes)
        lines = [f"{self.total_bytes} bytes in {len(rows)} responses for {self.url}"]
        lines += [
            f"  {t.encoded_bytes:>8}  {t.status}  {t.resource_type:<10} {t.url}" for t in rows
        ]
        return "\n".join(lines)


def measure_transfer(
    page: Page,
    url: str,
    *,
    wait_until: Literal["load", "domcontentloaded", "networkidle"] = "networkidle",
) -> PageWeight:
    """Load ``url`` in ``page`` and add up the bytes of every response it fetched.

    Uses the Chromium DevTools protocol's ``encodedDataLength``: bytes on the wire including
    HTTP headers, which is stricter than body sizes alone. The browser cache is switched off
    for the page while measuring, so every resource counts as on a first visit. Waits for the
    network to be idle, so late requests (fonts, images, scripts, the favicon) are counted.
    """
    cdp = page.context.new_cdp_session(page)
    responses: dict[str, dict[str, Any]] = {}
    weight = PageWeight(url=url)

    def on_response(event: dict[str, Any]) -> None:
        responses[event["requestId"]] = {
            "url": event["response"]["url"],
            "status": event["response"]["status"],
            "type": event.get("type", "Other"),
        }

    def on_finished(event: dict[str, Any]) -> None:
        info = responses.get(event["requestId"], {"url": "?", "status": 0, "type": "Other"})
        weight.transfers.append(
            Transfer(
                url=info["url"],
                resource_type=info["type"],
                status=info["status"],
                encoded_bytes=int(event["encodedDataLength"]),
            )
        )

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        page.goto(url, wait_until=wait_until)
    finally:
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.detach()
    return weight
