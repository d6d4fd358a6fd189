"""The dashboard in Chromium, each page checked with axe-core: an analyst's figures and
charts, on screen and printed, and a manager following a number to the records behind it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from earlyhelp.core.testing import Cast, allocated_episode, submitted, totp_device
from earlyhelp.performance.periods import last_twelve_months

pytestmark = pytest.mark.browser


def world(cast: Cast) -> None:
    """Requests from a school and a GP in the default period, and a family allocated now."""
    period = last_twelve_months(timezone.localdate())
    received = dt.datetime.combine(period.last - dt.timedelta(days=10), dt.time(10),
                                   tzinfo=timezone.get_current_timezone())
    submitted(cast, received_at=received)
    submitted(cast, by=cast.other_referrer, received_at=received, referrer_agency="GP")
    allocated_episode(cast)


def test_an_analyst_reads_the_dashboard_on_screen_and_printed(tabs, cast):
    world(cast)
    ana = tabs.open("analyst")
    page = ana.sign_in(cast.analyst, "/performance/")
    expect(page.get_by_role("heading", name="Performance dashboard")).to_be_visible()
    activity = page.locator("#activity-table")
    expect(activity.get_by_role("row", name="Referrals for early help")).to_contain_text("2")
    expect(page.get_by_role("img", name="Requests by the agency that made them")).to_be_visible()
    expect(page.get_by_role("img", name="Activity by month")).to_be_visible()
    # Numbers, not names: nothing on the analyst's page leads to a family.
    expect(page.locator('a[href*="/performance/records/"]')).to_have_count(0)
    ana.check()

    page.emulate_media(media="print")
    for chart in ("Requests by the agency that made them", "Requests by presenting need",
                  "Activity by month"):
        expect(page.get_by_role("img", name=chart)).to_be_visible()
        expect(page.get_by_role("table", name=chart)).to_be_visible()
    expect(activity).to_be_visible()
    expect(page.locator("#timeliness-table")).to_be_visible()
    page.emulate_media(media="screen")

    # A period with a mistake is shown again with its reason.
    page.get_by_text("Choose the period").click()
    page.get_by_label("Choose the dates").check()
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the first day of the period")
    ana.check()


def test_a_manager_follows_a_number_to_the_records_behind_it(tabs, cast):
    world(cast)
    totp_device(cast.duty_manager)
    dev = tabs.open("duty manager")
    page = dev.sign_in(cast.duty_manager, "/performance/")
    dev.check()
    page.locator("#activity-table").get_by_role(
        "link", name="records behind Referrals for early help").last.click()
    expect(page.get_by_role("heading", name="Requests for early help received")).to_be_visible()
    expect(page.locator("#records-table tbody tr")).to_have_count(2)
    dev.check()
