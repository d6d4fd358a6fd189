"""A review recorded in Chromium, each page checked with axe-core: the reviews and the scaling
chart, the review form with its mistakes, and the review's own page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from earlyhelp.casework.tests.test_reviews_actions import planned_episode
from earlyhelp.core.tests.browser import fill_date

pytestmark = pytest.mark.browser


def test_a_lead_professional_records_a_review_and_sees_the_score_rise(tabs, cast):
    planned = planned_episode(cast, score=3)
    pat = tabs.open("practitioner")
    page = pat.sign_in(cast.practitioner, f"/casework/episodes/{planned.episode.pk}/reviews/")
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    chart = page.get_by_role("img", name="Scaling score over time")
    expect(chart).to_be_visible()

    page.get_by_role("link", name="Record a review").click()
    expect(page.get_by_role("heading", name="Record a review")).to_be_visible()
    pat.check()
    page.get_by_label("Who attended?").fill("")
    page.get_by_role("button", name="Record the review").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter who attended the review, one person on each line")
    expect(summary).to_contain_text("Choose the progress on Parenting support")
    pat.check()

    fill_date(page.get_by_role("group", name="When was the review held?"), "30", "10", "2026")
    page.get_by_label("Who attended?").fill("Kelly Brown (mother)\nPat Tester (lead)")
    page.get_by_role("group", name="Progress on Poor school attendance (Chloe Brown)") \
        .get_by_label("Better").check()
    page.get_by_role("group", name="Progress on Parenting support") \
        .get_by_label("No change").check()
    page.get_by_label("Status of: Visit to talk about sleep routines").select_option(label="Done")
    page.get_by_label("New scaling score").fill("7")
    fill_date(page.get_by_role("group", name="Date of the next review"), "11", "12", "2026")
    page.get_by_role("button", name="Record the review").click()

    expect(page.get_by_role("heading", name="Review on 30 October 2026")).to_be_visible()
    expect(page.get_by_text("The review held on 30 October 2026 is recorded.")).to_be_visible()
    pat.check()

    page.get_by_role("link", name="Back to the reviews").click()
    expect(page.get_by_role("img", name="Scaling score over time")).to_have_attribute(
        "aria-labelledby", re.compile("scaling-chart-desc"))
    expect(page.locator("#scaling-chart-desc")).to_have_text(
        "The family's scaling score went from 3 at assessment to 7 at the review on "
        "30 October 2026, over 1 review.")
    expect(page.get_by_text("Overdue", exact=True)).to_have_count(0)
    pat.check()
