"""Browser tests' shared fixtures: a headless Chromium, and tabs that check each page they show."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from earlyhelp.access.models import User
from earlyhelp.core.testing import PASSWORD, current_token, totp_device

CHROMIUM = os.environ.get("EARLYHELP_CHROMIUM", "/usr/bin/chromium")
# Run as root in a container, without a GPU, and without Chromium calling home: the test
# machine refuses outgoing connections and each refused one would slow the page down.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe" / "axe.min.js"
# Violations at these levels fail the test; "moderate" and "minor" are left to review.
BLOCKING_IMPACTS = {"serious", "critical"}
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
# Only violations are asked for: collecting every passing node would double the time taken.
AXE_RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations;
}"""
CODE_LABEL = "Enter the code from your authenticator app"
# Pages can be slow to answer on a busy test machine; a real failure still fails, later.
expect.set_options(timeout=10_000)
# Set to a directory to keep a full-page screenshot of every page checked.
SCREENSHOTS = os.environ.get("EARLYHELP_BROWSER_SCREENSHOTS", "")


@pytest.fixture
def chromium() -> Iterator[Browser]:
    """A headless Chromium for one test. Playwright's synchronous API keeps an event loop
    running in this thread for as long as it is started, which Django takes as a sign that
    its database is being used from async code; allowing that must not outlive the test (it
    would reach every later test in the process, and the commands they start), so the driver
    and the browser are started afresh for each browser test: a second or so each."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run scripts/system-packages.sh")
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run scripts/build-assets.sh")
    before = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield browser
            finally:
                # While Playwright runs, this thread sees its own copy of Django's per-context
                # state, so the test's queries open a second database connection. Nothing
                # else would close it, and the test database could not be dropped at the end.
                connections.close_all()
                browser.close()
    finally:
        if before is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = before


class CheckedPage:
    """A browser tab that remembers each page it lands on, so a test can prove it ran the
    accessibility checks on every one of them."""

    def __init__(self, page: Page, base_url: str, name: str):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.name = re.sub(r"[^A-Za-z0-9_.-]+", "-", name)
        self.unchecked: list[str] = []
        self.checked: list[str] = []
        page.on("framenavigated", self._landed)

    def _landed(self, frame: object) -> None:
        if frame is self.page.main_frame:
            self.unchecked.append(self.page.url)

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def goto(self, path: str) -> Page:
        self.page.goto(self.url(path))
        return self.page

    def check(self) -> Page:
        """Run axe-core on the page as it stands; fail on any serious or critical violation."""
        self.page.wait_for_load_state("load")
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            shot = Path(SCREENSHOTS) / f"{self.name}-{len(self.checked) + 1:02d}.png"
            self.page.screenshot(path=str(shot), full_page=True)
        self.page.add_script_tag(path=str(AXE))
        violations = self.page.evaluate(AXE_RUN)
        blocking = [v for v in known_exceptions_removed(violations)
                    if v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            pytest.fail(describe_violations(self.page.url, blocking), pytrace=False)
        self.checked.append(self.page.url)
        self.unchecked.clear()
        return self.page

    def sign_in(self, user: User, start: str = "/", device: TOTPDevice | None = None) -> Page:
        """Open `start` signed out, sign in on the page that asks, and the code page when the
        role needs one; every page on the way, and the one it lands on, is checked."""
        page = self.goto(start)
        expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
        self.check()
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        if user.needs_second_factor:
            device = device or TOTPDevice.objects.filter(user=user).first() or totp_device(user)
            code = page.get_by_label(CODE_LABEL)
            expect(code).to_be_visible()
            self.check()
            code.fill(current_token(device))
            page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        self.check()
        return page


# Filling in GOV.UK forms by what a person sees: fieldset legends and labels.
def person(page: Page, number: int) -> Locator:
    """The fieldset of the numbered person on the request form."""
    return page.get_by_role("group", name=f"Person {number}", exact=True)


def fill_date(group: Locator, day: str, month: str, year: str) -> None:
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def _is_govuk_conditional_reveal(violation: dict, node: dict) -> bool:
    """GOV.UK Frontend puts aria-expanded on a radio or checkbox that reveals a question. The
    ARIA specification does not allow it there, but the Design System keeps it on purpose,
    because screen readers announce it (alphagov/govuk-frontend#979): only that is let pass."""
    summary = " ".join(node.get("failureSummary", "").split())
    return (
        violation["id"] == "aria-allowed-attr"
        and re.search(r'class="govuk-(radios|checkboxes)__input"', node["html"]) is not None
        and re.fullmatch(r'Fix all of the following: ARIA attribute is not allowed: '
                         r'aria-expanded="(true|false)"', summary) is not None
    )


def known_exceptions_removed(violations: list[dict]) -> list[dict]:
    kept = []
    for violation in violations:
        nodes = [n for n in violation["nodes"] if not _is_govuk_conditional_reveal(violation, n)]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} serious or critical problem(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = " ".join(node.get("failureSummary", "").split())
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


class Tabs:
    """Browser tabs for a test, each in its own context: one person at their own desk."""

    def __init__(self, browser: Browser, base_url: str, test_name: str):
        self.browser = browser
        self.base_url = base_url
        self.test_name = test_name
        self.opened: list[tuple[BrowserContext, CheckedPage]] = []

    def open(self, who: str = "tab") -> CheckedPage:
        context = self.browser.new_context(locale="en-GB", timezone_id="Europe/London")
        context.set_default_timeout(10_000)
        tab = CheckedPage(context.new_page(), self.base_url, f"{self.test_name}-{who}")
        self.opened.append((context, tab))
        return tab

    def beside(self, tab: CheckedPage, who: str) -> CheckedPage:
        """Another tab in the same browser as `tab`: the same person, signed in once, with two
        pages of the service open at the same time."""
        context = tab.page.context
        another = CheckedPage(context.new_page(), self.base_url, f"{self.test_name}-{who}")
        self.opened.append((context, another))
        return another

    def unchecked(self) -> list[str]:
        return [url for _, tab in self.opened for url in tab.unchecked]

    def close(self) -> None:
        # A context holding two tabs is listed twice; it is closed once.
        for context in dict.fromkeys(context for context, _ in self.opened):
            context.close()


@pytest.fixture
def tabs(
    chromium: Browser, live_server: object, request: pytest.FixtureRequest
) -> Iterator[Tabs]:
    """Tabs on the live server; when the test passes, every page they showed must have been
    checked for accessibility."""
    failed_before = request.session.testsfailed
    opened = Tabs(chromium, str(live_server), request.node.name)
    yield opened
    unchecked = opened.unchecked()
    opened.close()
    if unchecked and request.session.testsfailed == failed_before:
        pytest.fail(
            "These pages were shown without an accessibility check: " + ", ".join(unchecked),
            pytrace=False,
        )
