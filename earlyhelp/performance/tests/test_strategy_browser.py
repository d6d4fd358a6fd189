"""The strategy action plan in Chromium, each page checked with axe-core: the plan with its
summary, an action with its history, and the status form with its mistakes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from earlyhelp.performance.tests.test_strategy_builders import action, move, theme
from earlyhelp.performance.workflow import Brag

pytestmark = pytest.mark.browser


def test_the_strategic_lead_reports_an_action_complete(tabs, cast):
    first = theme(cast, "Help me get the services I need")
    action(cast, first, "1.1", title="Open family hubs in each locality")
    late = action(cast, first, "1.2", title="Publish the early help offer",
                  status=Brag.AMBER)
    move(cast, late, Brag.RED, "Website contract delayed")
    lead = tabs.open("strategic_lead")
    page = lead.sign_in(cast.strategic_lead, "/performance/strategy/")

    expect(page.get_by_role("heading", name="Strategy action plan")).to_be_visible()
    summary = page.get_by_role("table", name="Progress of the 2 key actions")
    expect(summary.get_by_role("row", name="Red Off track 1")).to_be_visible()
    expect(summary.get_by_role("row", name="Green On track 1")).to_be_visible()
    lead.check()

    page.get_by_label("Status").select_option(label="Green")
    page.get_by_role("button", name="Show actions").click()
    expect(page.get_by_role("link", name="Publish the early help offer")).to_have_count(0)
    page.get_by_role("link", name="Open family hubs in each locality").click()
    expect(page.get_by_role("heading", name="Action 1.1")).to_be_visible()
    lead.check()

    page.get_by_role("link", name="Change the status").click()
    page.get_by_role("button", name="Save the status").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Choose the action's new status")
    expect(errors).to_contain_text("Say why the status is changing")
    lead.check()

    page.get_by_label("Blue").check()
    page.get_by_label("Why is the status changing?").fill("All four hubs opened in October")
    page.get_by_role("button", name="Save the status").click()
    expect(page.get_by_text("Action 1.1 is now Blue (action complete)")).to_be_visible()
    history = page.get_by_role("table", name="History of the action's status")
    expect(history.get_by_role("row", name="Green to Blue")).to_contain_text(
        "All four hubs opened in October")
    lead.check()
