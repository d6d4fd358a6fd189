"""The committee report in Chromium, checked with axe-core: an analyst chooses a period, reads
the report, prints it without the page's furniture and downloads the PDF."""

import re

import pytest
from playwright.sync_api import expect

from earlyhelp.core.tests.browser import fill_date

pytestmark = pytest.mark.browser


def test_the_report_for_a_chosen_period_on_screen_on_paper_and_as_a_pdf(tabs, cast):
    desk = tabs.open("analyst")
    page = desk.sign_in(cast.analyst, "/performance/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Early Help performance report")

    page.get_by_label("Choose the dates").check()
    fill_date(page.get_by_role("group", name="First day"), "1", "4", "2026")
    fill_date(page.get_by_role("group", name="Last day"), "31", "3", "2025")
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The last day must be the same as or after the first day")
    desk.check()

    fill_date(page.get_by_role("group", name="Last day"), "30", "9", "2026")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_text("Apr 2026 to Sep 2026").first).to_be_visible()
    expect(page.get_by_role("heading", name="8. Strategy action plan progress")).to_be_visible()
    desk.check()

    page.emulate_media(media="print")
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.get_by_role("navigation")).to_be_hidden()
    expect(page.locator(".govuk-footer")).to_be_hidden()
    expect(page.get_by_role("button", name="Show the report")).to_be_hidden()
    expect(page.get_by_role("table", name="Activity", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Timeliness", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Activity by month"))).to_be_visible()
    expect(page.get_by_role("table", name="BRAG rating of the key actions")).to_be_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == (
        "early-help-report-2026-04-01-to-2026-09-30.pdf")
